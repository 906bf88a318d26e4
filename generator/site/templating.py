"""The Jinja2 environment and the filters the page templates use.

One `Environment` per process, autoescaping every template (the `.md.j2` page templates too:
`select_autoescape` would not recognise them) and failing on undefined names. Python code
never builds markup: it hands data to templates, and these filters make data safe for the
two places it can land in a page:

* inside a raw HTML block (most of every page): autoescaping is enough, Python-Markdown
  leaves raw HTML blocks alone; the text fields written in sentences go through the
  `prose…` filters instead (`site/prose.py`: a small Markdown subset, sanitised);
* in Markdown text (section headings that should appear in the table of contents):
  `md` turns every character Markdown or one of its extensions could read as syntax into a
  character reference, so `*em*`, `[x](javascript:…)` or `:emoji:` stay plain text.

Page titles go into the front matter with `yaml_title`: HTML-escaped (mkdocs-material writes
`page.title` into `<title>`, the header and the navigation without escaping) and quoted.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from generator import paths
from generator.paths import page_url
from generator.site.prose import flatten_space, prose, prose_inline, prose_item, prose_text

# Characters of the YAML "printable" set that may stand as they are in a double-quoted
# scalar; everything else is written as an escape. Line and paragraph separators and NEL
# are printable but break lines, so they are escaped too.
_YAML_UNSAFE = re.compile(
    "[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\"\\\\]"
)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s|(?<=[。！？])")


def _yaml_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in '"\\':
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def yaml_title(text: object) -> Markup:
    """A front-matter value: one line, HTML-escaped, as a YAML double-quoted scalar."""
    escaped = html.escape(flatten_space(text), quote=True)
    return Markup('"' + _YAML_UNSAFE.sub(_yaml_escape, escaped) + '"')


def md_text(text: object) -> Markup:
    """Text that Markdown must show as typed: one line, no syntax left.

    `<`, `>`, `&` and quotes become entities and every other ASCII punctuation character a
    numeric character reference, which Python-Markdown and its extensions pass through.
    """
    out: list[str] = []
    for char in flatten_space(text):
        if char.isalnum() or char == " " or ord(char) > 0x7F:
            out.append(char)
        elif char in "&<>\"'":
            out.append(html.escape(char, quote=True))
        else:
            out.append(f"&#{ord(char)};")
    return Markup("".join(out))


def excerpt(text: object, limit: int = 140) -> str:
    """The first sentence of a text, cut to `limit` characters."""
    flat = flatten_space(text)
    parts = _SENTENCE_END.split(flat, maxsplit=1)
    first = parts[0].strip() if parts else flat
    if len(first) <= limit:
        return first
    cut = first[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def number(value: int) -> str:
    return f"{value:,}"


def amount(value: float) -> str:
    """Money without cents, digits grouped: 168,000."""
    return f"{value:,.0f}"


def percent(share: float) -> str:
    """A share (0.71) as a whole percentage: 71%."""
    return f"{share * 100:.0f}%"


def score(value: float) -> str:
    """An average or a score with at most one decimal: 4.3, 26."""
    return f"{value:.1f}".removesuffix(".0")


def safe_url(url: str) -> str:
    """`url` if it is an absolute http(s) address, else an empty string."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme in ("http", "https") and parts.netloc:
        return url.strip()
    return ""


class Links:
    """Relative links from one generated page to others, as mkdocs will publish them.

    Links inside raw HTML blocks are not rewritten by mkdocs, so they are computed here the
    way mkdocs lays out the site: `roles/x.md` is served at `roles/x/` (directory URLs) or
    `roles/x.html`.
    """

    def __init__(self, page_path: str, *, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls
        url = page_url(page_path, directory_urls)
        self.base = url[: url.rindex("/") + 1] if "/" in url else ""

    def __call__(self, target: str, anchor: str = "") -> str:
        url = relative_url(page_url(target, self.directory_urls), self.base)
        return url + ("#" + anchor if anchor else "")

    def file(self, path: str) -> str:
        """A file that is not a page (a download), at `path` under the site's root."""
        return relative_url(path, self.base)

    def role(self, role_id: str) -> str:
        return self(paths.role_page(role_id))

    def competency(self, competency_id: str) -> str:
        return self(paths.competency_page(competency_id))

    def department(self, department_id: str) -> str:
        return self(paths.department_page(department_id))


@cache
def relative_url(target: str, base: str) -> str:
    """The shortest link from a page in folder `base` (`roles/x/`) to the URL `target`
    (both relative to the site's root, as `paths` spells them: no `.` or `..` in them).
    The same as `posixpath.relpath`, without its trips through the current folder."""
    folder = target.endswith("/") or not target
    to = [part for part in target.split("/") if part]
    here = [part for part in base.split("/") if part]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + to[common:])
    if not rel:
        return "./"
    return rel + "/" if folder else rel


@cache
def environment() -> jinja2.Environment:
    """The one template environment: compiled templates are cached for the process."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.filters.update(
        md=md_text,
        yaml_title=yaml_title,
        prose=prose,
        prose_item=prose_item,
        prose_inline=prose_inline,
        prose_text=prose_text,
        excerpt=excerpt,
        number=number,
        amount=amount,
        percent=percent,
        score=score,
        safe_url=safe_url,
    )
    env.globals["paths"] = paths  # templates link to pages by name, never by spelling them
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of `generator/templates/` with `context`."""
    return environment().get_template(template).render(**context)
