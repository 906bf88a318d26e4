"""The Markdown of a generated page, converted as MkDocs would without a Markdown run per page.

What reaches MkDocs of a generated page (see `page_blocks`) is front matter, headings
(`## Text {#anchor}`, their text written by `md_text` so that no Markdown syntax is left in
it) and placeholder comments. MkDocs would build a new Python-Markdown for each page and
run every page through it: on a site of thousands of pages that costs seconds, to produce
headings that are the same on many pages.

`HeadingRenderer` converts each distinct heading line once, with a Markdown built from the
site's own `markdown_extensions` (so `toc`'s permalinks, `attr_list` and whatever else the
company configured shape it as on any page), and assembles each page from them: the
content joined as Python-Markdown joins blocks, the table of contents nested by `toc`'s own
`nest_toc_tokens`, the anchors. A page with anything else in its Markdown (a line it does
not know, a first-level heading that might give the title, a heading whose conversion is
not a single heading element) is left to MkDocs' own `Page.render`, as is every page when
another plugin changed the Markdown. `tests/site/test_mkdocs_headings.py` checks the result
against `Page.render` for every page of the example, and the site against MkDocs' own build.
"""

from __future__ import annotations

import re
from typing import Any

from generator.site.page_blocks import PLACEHOLDER_PATTERN

_HEADING_LINE = re.compile(r"(#{2,6}) [^\n]*\{#[^}\s]+\}")
_BLANK_LINES = re.compile(r"\n\n+")
_ELEMENT = re.compile(r"<h([1-6])\b[^>]*>.*</h\1>", re.DOTALL)


class HeadingRenderer:
    def __init__(self, config: Any) -> None:
        """`config`: MkDocs' loaded configuration."""
        import markdown  # type: ignore[import-untyped]

        self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})
        self.known: dict[str, tuple[str, dict[str, Any]] | None] = {}

    def render(self, page: Any) -> bool:
        """Set the page's content, table of contents, title and anchors as `Page.render`
        would from its Markdown (front matter read); False, touching nothing, when the page
        is not one this renderer handles."""
        from markdown.extensions.toc import nest_toc_tokens  # type: ignore[import-untyped]
        from mkdocs.structure.toc import get_toc

        out: list[str] = []
        tokens: list[dict[str, Any]] = []
        for chunk in _BLANK_LINES.split(page.markdown.strip("\n")):
            lines = chunk.split("\n")
            if all(PLACEHOLDER_PATTERN.fullmatch(line) for line in lines):
                out.append(chunk + "\n\n")  # a raw HTML block, as Python-Markdown ends it
                continue
            found = (self._heading(chunk) if len(lines) == 1 and _HEADING_LINE.fullmatch(chunk)
                     else None)
            if found is None:
                return False
            html, token = found
            out.append(html + "\n")
            tokens.append(dict(token))  # nesting adds children to it
        page.content = "".join(out).strip()
        page.present_anchor_ids = {token["id"] for token in tokens}
        page.toc = get_toc(nest_toc_tokens(tokens))  # (which empties `tokens`)
        page._title_from_render = None
        page.links_to_anchors = {}
        return True

    def _heading(self, line: str) -> tuple[str, dict[str, Any]] | None:
        if line not in self.known:
            self.md.reset()
            html = self.md.convert(line)
            found = getattr(self.md, "toc_tokens", [])
            single = (len(found) == 1 and not found[0].get("children")
                      and _ELEMENT.fullmatch(html) is not None and "\n" not in html)
            token = {k: v for k, v in found[0].items() if k != "children"} if single else {}
            self.known[line] = (html, token) if single else None
        return self.known[line]

