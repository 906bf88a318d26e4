"""Checks on generated markup: nothing written in the data comes out as live HTML."""

from __future__ import annotations

from html.parser import HTMLParser


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
    """No markup from data: no script or img element, no event handler, no script URL."""
    parser = _Tags()
    parser.feed(html_text)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object"), f"{where}: <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: {name}= on <{tag}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert "javascript:" not in (value or "").lower(), f"{where}: {name}={value}"
        if tag == "em":
            raise AssertionError(f"{where}: *em* became <em>")
    assert "<script>alert" not in html_text
