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
