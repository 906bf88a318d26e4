"""Checks on generated markup: nothing written in the data comes out as live HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(html_text: str, where: str) -> None:
    """No markup from data beyond the prose subset (generator/site/prose.py: emphasis, code,
    lists and http(s)/mailto links are allowed): no script or img element, no event handler,
    no script URL, and a link from prose only to an allowed address. (Names and titles stay
    plain text: tests/site/test_pages.py checks that `*em*` in them stays as typed.)"""
    parser = _Tags()
    parser.feed(html_text)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object"), f"{where}: <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: {name}= on <{tag}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert "javascript:" not in (value or "").lower(), f"{where}: {name}={value}"
        if tag == "a" and attrs.get("rel") == "noopener noreferrer":  # a link from prose
            assert urlsplit(attrs.get("href") or "").scheme in ("http", "https", "mailto"), (
                f"{where}: {attrs}")
    assert "<script>alert" not in html_text


class _InlineCode(HTMLParser):
    """The inline `<code>` spans of a page, and which of them fill a paragraph alone."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = {"pre": 0, "code": 0}
        self.inline: list[str] = []
        self.alone: set[int] = set()
        self._paragraph: list[str | int] | None = None  # its text and code spans, in order

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._paragraph = []
        if tag in self.depth:
            self.depth[tag] += 1
            if tag == "code" and not self.depth["pre"]:
                self.inline.append("")
                if self._paragraph is not None:
                    self._paragraph.append(len(self.inline) - 1)

    def handle_endtag(self, tag: str) -> None:
        if self.depth.get(tag):
            self.depth[tag] -= 1
        if tag == "p" and self._paragraph is not None:
            if len(self._paragraph) == 1 and isinstance(self._paragraph[0], int):
                self.alone.add(self._paragraph[0])
            self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self.depth["code"] and not self.depth["pre"] and self.inline:
            self.inline[-1] += data
        elif self._paragraph is not None and data.strip():
            self._paragraph.append(data.strip())


def fences_rendered_inline(html_text: str) -> list[str]:
    """The inline `<code>` spans that are fenced blocks Markdown did not take for blocks
    (`fenced_code` inside a list item): a span filling a paragraph alone, or one whose
    first line is only the fence's language (`yaml`, `sh`) with more lines after it."""
    parser = _InlineCode()
    parser.feed(html_text)
    return [text for index, text in enumerate(parser.inline)
            if index in parser.alone or ("\n" in text and " " not in text.split("\n")[0].strip())]
