"""Prose on the pages: the text fields people write in sentences, in a small Markdown subset,
rendered safely.

Descriptions, summaries, indicators, responsibilities, notes, expectations, the evidence and
notes of needs and the descriptions of plans may hold paragraphs (a blank line between
them), bulleted and numbered lists (a list may follow a line of text directly), *emphasis*,
**strong**, `code` and [links](https://example.com) to http, https and mailto addresses.
Everything else shows as typed: HTML, entities (`&amp;` stays those five characters),
headings, quotes, rules, code blocks, images, autolinks (`<https://…>`), reference links,
and a link to any other address (`[x](javascript:…)`, `[x](../page)`) keeps its brackets.

Two layers make that safe, each enough on its own against markup from the data:

1. Python-Markdown, built for the subset (`_converter`): without its raw-HTML preprocessor
   and inline pattern `<` is text, `&` is always text, and the link pattern refuses every
   address but the three schemes;
2. nh3 (ammonia) cleans what Python-Markdown made against an allow-list (`_cleaner`): the
   tags of `BLOCK_TAGS`, `href` only, on `a`, with an absolute address of the three schemes,
   and `rel="noopener noreferrer"`.

Where a field lands decides how it is shown:

* `prose` — a block of a page (a lead, a section): paragraphs and lists, as `Prose` for the
  `paras` macro, which writes the paragraphs of a plain text itself;
* `prose_item` — a list item, a definition: the same, a lone paragraph without its `<p>`;
* `prose_inline` — a line (a note under a name, a table cell): emphasis, code and links;
  paragraphs and list markers run on as text;
* `prose_text` — no markup at all (an excerpt in a table): the words only.

Most fields are plain sentences. A text without anything Markdown could read as syntax of
the subset takes a fast path that only escapes it, as the pages did before prose (the same
HTML), and every result is memoised: indicators and notes repeat on many pages. A
Python-Markdown instance is not thread-safe: pages are made by one thread per process
(`generator/workers.py` forks).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

import markdown  # type: ignore[import-untyped]
import nh3
from markdown.inlinepatterns import (  # type: ignore[import-untyped]
    LINK_RE,
    InlineProcessor,
    LinkInlineProcessor,
)
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]
from markupsafe import Markup, escape

#: The tags prose makes in a block, and in a line.
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "em", "strong", "code", "a", "br"})
INLINE_TAGS = frozenset({"em", "strong", "code", "a", "br"})
#: The schemes a link may have; an address without one (relative) is refused too.
SCHEMES = frozenset({"http", "https", "mailto"})
#: How many distinct texts each shape keeps rendered (a site's indicators, notes …).
MEMO = 8192

_SPACE = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# What the subset reads as syntax: a character of emphasis, code, links or escapes, a list
# marker starting a line, a hard line break (two spaces, or a tab, at a line's end; `\r`
# ends a line too). Nothing else changes a text in `_converter` (it sees `<`, `>`, `&` as
# text), so without any of these the fast path gives what Markdown would.
_SYNTAX = re.compile(r"[*_`\[\\]|(?:^|[\r\n])[ \t]*(?:[-+]|\d+\.)[ \t]|(?:  |\t)[ \t]*[\r\n]")
# A line that starts a list item, as Python-Markdown's list processors read it.
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+\.)[ ]+\S")
# A block tag or a `<br>` with the line breaks Python-Markdown writes around it; the tag
# itself (with the class `set_tag_attribute_values` gave it) is kept.
_BLOCK_TAG = re.compile(r"\n*(</?(?:p|ul|ol|li|br)\b[^>]*>)\n*")
# A tag of nh3's output: attribute values are quoted and may hold `>`, text never holds `<`.
_TAG = re.compile(r"<(?:[^>\"]|\"[^\"]*\")*>")
# Python-Markdown's block processors and inline patterns outside the subset.
_UNUSED_BLOCKS = ("code", "hashheader", "setextheader", "hr", "quote", "reference")
_LIST_BLOCKS = ("indent", "olist", "ulist")
_UNUSED_INLINE = ("reference", "link", "image_link", "image_reference", "short_reference",
                  "short_image_ref", "autolink", "automail", "html", "entity")


def flatten_space(text: object) -> str:
    """Collapse all whitespace (newlines included) to single spaces; drop control codes."""
    return _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()


def paragraphs(text: object) -> list[str]:
    """Plain text split into paragraphs at blank lines; lines inside a paragraph joined."""
    value = _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return [flat for flat in map(flatten_space, _BLANK_LINE.split(value)) if flat]


@dataclass(frozen=True)
class Prose:
    """A text field as a block of a page: the paragraphs of a plain text, for the template to
    write, or else the sanitised HTML of its Markdown."""

    paragraphs: tuple[str, ...] = ()
    html: Markup = Markup("")


@lru_cache(maxsize=MEMO)
def prose(text: str, css_class: str = "") -> Prose:
    """A block: its paragraphs if it is plain text, else its Markdown as HTML, `css_class`
    (a template's constant) on its paragraphs and lists."""
    if _plain(text):
        return Prose(paragraphs=tuple(paragraphs(text)))
    return Prose(html=Markup(_render(text, blocks=True, css_class=css_class)))


@lru_cache(maxsize=MEMO)
def prose_item(text: str) -> Markup:
    """A list item or a definition: inline when it is one paragraph, else its blocks."""
    if _plain(text):
        return escape(flatten_space(text))
    out = _render(text, blocks=True)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[len("<p>"):-len("</p>")]
    return Markup(out)


@lru_cache(maxsize=MEMO)
def prose_inline(text: str) -> Markup:
    """A line: emphasis, code and links; paragraphs and list markers run on as text."""
    if _plain(text):
        return escape(flatten_space(text))
    return Markup(_render(text, blocks=False))


@lru_cache(maxsize=MEMO)
def prose_text(text: str) -> str:
    """The words of a text without its Markdown: the items of a list without their marks,
    a link's text without its address."""
    if _plain(text):
        return flatten_space(text)
    words = _TAG.sub("", _BLOCK_TAG.sub(" ", _render(text, blocks=True)))
    return flatten_space(html.unescape(words))


def _plain(text: str) -> bool:
    """Whether `text` holds no syntax of the subset, once its control codes are gone (both
    paths drop them: they are invisible)."""
    return _SYNTAX.search(_CONTROL.sub("", text)) is None


def allowed_url(url: str) -> bool:
    """An absolute http(s) address with a host, or a mailto address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme not in SCHEMES:
        return False
    return bool(parts.netloc) if parts.scheme != "mailto" else bool(parts.path)


def _render(text: str, *, blocks: bool, css_class: str = "") -> str:
    """Markdown → HTML → nh3, on one line: the line breaks around block tags dropped, those
    inside a paragraph made spaces (a raw HTML block of a page never holds a blank line)."""
    converter = _converter(blocks)
    converter.reset()
    made = _cleaner(BLOCK_TAGS if blocks else INLINE_TAGS, css_class).clean(
        converter.convert(_CONTROL.sub("", text)))  # (invisible, as on the fast path)
    return _BLOCK_TAG.sub(r"\1", made).replace("\n", " ").strip()


@cache
def _converter(blocks: bool) -> Any:
    """A Python-Markdown for the subset: with lists (`blocks`) or for a line. Its "sane
    lists" keep a numbered list after a bulleted one a list of its own."""
    md = markdown.Markdown(extensions=["sane_lists"])
    md.preprocessors.deregister("html_block")
    for name in _UNUSED_INLINE:
        md.inlinePatterns.deregister(name)
    md.inlinePatterns.register(_CheckedLink(LINK_RE, md), "link", 160)
    md.inlinePatterns.register(_TextAmpersand("&", md), "entity", 80)
    for name in _UNUSED_BLOCKS if blocks else _UNUSED_BLOCKS + _LIST_BLOCKS:
        md.parser.blockprocessors.deregister(name)
    if blocks:
        md.preprocessors.register(_ListAfterText(md), "list_after_text", 25)
    return md


@cache
def _cleaner(tags: frozenset[str], css_class: str) -> nh3.Cleaner:
    marked = {tag: {"class": css_class} for tag in ("p", "ul", "ol")} if css_class else None
    return nh3.Cleaner(tags=tags, attributes={"a": {"href"}}, url_schemes=SCHEMES,
                       url_relative="deny", link_rel="noopener noreferrer",
                       set_tag_attribute_values=marked)


# Python-Markdown has no type information: its classes are `Any` to mypy.
class _CheckedLink(LinkInlineProcessor):  # type: ignore[misc]
    """`[text](address)` for an allowed address; any other stays text, as typed."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int | None, int | None]:
        element, start, end = super().handleMatch(m, data)
        if element is None or not allowed_url(element.get("href", "")):
            return None, None, None
        element.attrib.pop("title", None)  # (`[x](url "title")`: nh3 would drop it)
        return element, start, end


class _TextAmpersand(InlineProcessor):  # type: ignore[misc]
    """`&` as typed, also where it starts an entity: the pages show what the file says."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        return self.md.htmlStash.store("&amp;"), m.start(0), m.end(0)


class _ListAfterText(Preprocessor):  # type: ignore[misc]
    """A blank line before a list that follows a line of text: Python-Markdown wants one,
    people writing `Two steps:` and the steps below do not leave it (CommonMark agrees)."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        in_list = False
        for line in lines:
            if not line.strip():
                in_list = False
            elif _LIST_ITEM.match(line):
                if out and out[-1].strip() and not in_list:
                    out.append("")
                in_list = True
            out.append(line)
        return out
