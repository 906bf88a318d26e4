"""A generated page for MkDocs: its HTML set aside, its search entries worked out here.

cmap's pages are Markdown headings (so that MkDocs' table of contents, anchors and
`attr_list` ids work as for any page) between blocks of HTML that cmap rendered itself.
Python-Markdown would parse every one of those blocks again (its raw-HTML preprocessor,
and MkDocs' own, looking for anchors), only to pass them through unchanged. So each block
goes to MkDocs as a one-line placeholder (an HTML comment, which Markdown also passes
through) and `mkdocs_plugin` puts the block back in `on_page_content`.

For the same reason the search entries of these pages do not come from Material's search
plugin parsing the finished HTML: `sections()` cuts the page where Material would (at every
heading with an id), and the text of each section comes from cmap's own, well-formed HTML
with a few regular expressions that keep what Material keeps (paragraphs, lists, code)
and drop the rest, including everything marked `data-search-exclude`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.site.search_text import search_text

#: The placeholder of block `n`; the plugin replaces it (Markdown leaves comments alone).
PLACEHOLDER = "<!--cmap-block-{}-->"
PLACEHOLDER_PATTERN = re.compile(r"<!--cmap-block-(\d+)-->")

# A Markdown heading as `partials/macros.j2` writes it: `## Text {#anchor}`.
_HEADING = re.compile(r"(?P<level>#{1,6}) (?P<text>.*) \{#(?P<anchor>[^}\s]+)\}")
# The block-level tags Python-Markdown starts a raw HTML block with (the ones cmap uses).
_BLOCK_START = re.compile(r"<(div|dl|figure|nav|ol|p|section|table|ul|h[1-6])\b")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_EXCLUDED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-search-exclude\b[^>]*>")
_SKIPPED = re.compile(r"<(script|style|object)\b.*?</\1>", re.DOTALL)
_ID_HEADING = re.compile(r"<h([1-6])\b[^>]*\sid=\"([^\"]+)\"[^>]*>(.*?)</h[1-6]>", re.DOTALL)
_ANCHOR = re.compile(r"\sid=\"([^\"]+)\"")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Section:
    """One entry of the search index: where on the page, its title, its text."""

    anchor: str  #: "" for the part before the first heading
    title: str  #: "" for the part before the first heading: the page's title is used
    text: str


@dataclass(frozen=True)
class SplitPage:
    markdown: str  #: what MkDocs reads: front matter, headings, placeholders
    blocks: tuple[str, ...]  #: the HTML the placeholders stand for, in order
    sections: tuple[Section, ...]
    anchors: frozenset[str]  #: the ids in the blocks, for MkDocs' anchor checks


def split_page(content: str) -> SplitPage | None:
    """Set the HTML blocks of a generated page aside and work out its search sections; None
    for a page with Markdown of its own beyond `## Heading {#id}` lines (it stays whole)."""
    front = _FRONT_MATTER.match(content)
    head = front.group(0) if front else ""
    parts: list[str] = []
    blocks: list[str] = []
    builder = _Sections()
    for chunk in _chunks(content[len(head):]):
        heading = _HEADING.fullmatch(chunk)
        if heading:
            builder.heading(len(heading.group("level")), heading.group("anchor"),
                            html.unescape(heading.group("text")))
            parts.append(chunk)
        elif _BLOCK_START.match(chunk):
            parts.append(PLACEHOLDER.format(len(blocks)))
            blocks.append(chunk)
            builder.block(chunk)
        else:
            return None
    markdown = head + "\n" + "\n\n".join(parts) + "\n"
    anchors = frozenset(a for block in blocks for a in _ANCHOR.findall(block))
    return SplitPage(markdown, tuple(blocks), builder.done(), anchors)


def restore(content: str, blocks: tuple[str, ...]) -> str:
    """The HTML MkDocs made of a placeholder page, with the blocks put back."""
    return PLACEHOLDER_PATTERN.sub(lambda m: blocks[int(m.group(1))], content)


def _chunks(body: str) -> list[str]:
    """The body's paragraphs (split at blank lines), an HTML block kept whole until its
    top element closes, as Python-Markdown reads it even across a blank line."""
    chunks: list[str] = []
    pending: list[str] = []
    tag = ""
    for piece in body.split("\n\n"):
        piece = piece.strip("\n")
        if not piece:
            continue
        if pending:
            pending.append(piece)
            if _balanced("\n\n".join(pending), tag):
                chunks.append("\n\n".join(pending))
                pending = []
            continue
        start = _BLOCK_START.match(piece)
        if start and not _balanced(piece, start.group(1)):
            pending, tag = [piece], start.group(1)
            continue
        chunks.append(piece)
    if pending:
        chunks.append("\n\n".join(pending))
    return chunks


def _balanced(text: str, tag: str) -> bool:
    opened = len(re.findall(rf"<{tag}\b", text))
    return opened <= len(re.findall(rf"</{tag}>", text))


class _Sections:
    """Collects the sections as Material's parser cuts a page: at every heading with an id;
    a first `h1` is the first section itself (no anchor), anything else before the first
    heading a section of its own under the page's title. A heading inside a block of HTML
    starts a section that ends with that block: what follows belongs to the section the
    block was in (Material leaves a nested heading's section when its parent closes)."""

    def __init__(self) -> None:
        self.sections: list[tuple[str, str, list[str]]] = []
        self.current = -1

    def heading(self, level: int, anchor: str, text: str) -> None:
        if not self.sections and level != 1:
            self._open("", "")
        self._open(anchor if self.sections else "", html.escape(_flat(text), quote=False))

    def block(self, markup: str) -> None:
        if not self.sections:
            self._open("", "")
        markup = _SKIPPED.sub(" ", _without_excluded(markup))
        outer, position = self.current, 0
        for found in _ID_HEADING.finditer(markup):  # a heading with an id in the HTML
            self.sections[self.current][2].append(markup[position:found.start()])
            text = html.unescape(_TAG.sub("", found.group(3)))
            self.heading(int(found.group(1)), found.group(2), text)
            position = found.end()
        self.sections[self.current][2].append(markup[position:])
        self.current = outer

    def _open(self, anchor: str, title: str) -> None:
        self.sections.append((anchor, title, []))
        self.current = len(self.sections) - 1

    def done(self) -> tuple[Section, ...]:
        return tuple(Section(anchor, title, search_text("\n".join(parts)))
                     for anchor, title, parts in self.sections)


def _without_excluded(markup: str) -> str:
    """`markup` without the elements marked `data-search-exclude` (and their content)."""
    while True:
        found = _EXCLUDED.search(markup)
        if found is None:
            return markup
        tag, depth, end = found.group(1), 0, len(markup)
        for match in re.finditer(rf"<(/?){tag}\b[^>]*>", markup[found.start():]):
            depth += -1 if match.group(1) else 1
            if depth == 0:
                end = found.start() + match.end()
                break
        markup = markup[:found.start()] + " " + markup[end:]


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
