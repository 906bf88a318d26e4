"""Prose fields: the Markdown subset renders, everything else stays text, nothing unsafe
comes out of any text (hypothesis), and plain text takes the fast path to the same result."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.prose import (
    BLOCK_TAGS,
    INLINE_TAGS,
    SCHEMES,
    Prose,
    _render,
    allowed_url,
    flatten_space,
    paragraphs,
    prose,
    prose_inline,
    prose_item,
    prose_text,
)

LINK = '<a href="{}" rel="noopener noreferrer">{}</a>'


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


def block(text: str, css_class: str = "") -> str:
    """What the `paras` macro writes for `text`."""
    made = prose(text, css_class)
    attr = f' class="{css_class}"' if css_class else ""
    return "".join(f"<p{attr}>{html.escape(p)}</p>" for p in made.paragraphs) + str(made.html)


# --- what renders -----------------------------------------------------------------------

def test_every_construct_of_the_subset_renders() -> None:
    text = ("Intro with *em*, **strong**, `code`, [a site](https://example.com/a?b=1&c=2),\n"
            "[plain http](http://example.com) and [mail](mailto:hr@example.com).\n\n"
            "- one\n- two\n    1. nested\n\n1. first\n2. second\n\nBreak  \nhere")
    assert block(text) == (
        "<p>Intro with <em>em</em>, <strong>strong</strong>, <code>code</code>, "
        + LINK.format("https://example.com/a?b=1&amp;c=2", "a site") + ", "
        + LINK.format("http://example.com", "plain http") + " and "
        + LINK.format("mailto:hr@example.com", "mail") + ".</p>"
        "<ul><li>one</li><li>two<ol><li>nested</li></ol></li></ul>"
        "<ol><li>first</li><li>second</li></ol>"
        "<p>Break<br>here</p>")


def test_a_list_may_follow_a_line_of_text_directly() -> None:
    assert block("Two steps:\n- listen\n- solve") == (
        "<p>Two steps:</p><ul><li>listen</li><li>solve</li></ul>")
    assert block("Costs:\n1. low\n2. high") == "<p>Costs:</p><ol><li>low</li><li>high</li></ol>"


def test_the_class_of_a_block_goes_on_its_paragraphs_and_lists() -> None:
    assert block("Lead *text*.\n\n- a", "cmap-lead") == (
        '<p class="cmap-lead">Lead <em>text</em>.</p><ul class="cmap-lead"><li>a</li></ul>')
    assert block("Plain lead.\n\nSecond.", "cmap-lead") == (
        '<p class="cmap-lead">Plain lead.</p><p class="cmap-lead">Second.</p>')


def test_an_item_of_one_paragraph_is_inline_and_keeps_its_blocks_otherwise() -> None:
    assert prose_item("Explains *why*.") == "Explains <em>why</em>."
    assert prose_item("Two:\n- a\n- b") == "<p>Two:</p><ul><li>a</li><li>b</li></ul>"
    assert prose_item("Plain & <simple>") == "Plain &amp; &lt;simple&gt;"


def test_a_line_runs_paragraphs_and_list_markers_on_as_text() -> None:
    assert prose_inline("See **this**.\n\n- a\n- b") == "See <strong>this</strong>. - a - b"
    tags = {tag for tag, _ in elements(prose_inline("x\n\n1. *a*\n\n> q")).tags}
    assert tags <= INLINE_TAGS


def test_plain_text_keeps_the_words_and_drops_the_markup() -> None:
    assert prose_text("Use **the** [guide](https://example.com) & `cmap`.") == (
        "Use the guide & cmap.")
    assert prose_text("One\n\ntwo") == "One two"


# --- what stays text --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
    "[x](../roles/sales-rep/)",
    "[x](//evil.example.com)",
    "[x](#top)",
    "[x](<javascript:alert(1)>)",
    "[x](ftp://example.com/file)",
    "[x](https://)",
    "[x](mailto:)",
])
def test_a_link_to_anything_but_an_http_https_or_mailto_address_stays_text(text: str) -> None:
    out = prose_item(text)
    assert "<a" not in out
    assert flatten_space(html.unescape(out)) == flatten_space(text)


@pytest.mark.parametrize(("text", "shown"), [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ('<a href="javascript:alert(1)">x</a>', '<a href="javascript:alert(1)">x</a>'),
    ("<p onclick=alert(1)>x</p>", "<p onclick=alert(1)>x</p>"),
    ("<!-- hidden -->", "<!-- hidden -->"),
    ("&lt;script&gt; &amp; &#60; &copy;", "&lt;script&gt; &amp; &#60; &copy;"),
    ("<https://example.com> <hr@example.com>", "<https://example.com> <hr@example.com>"),
    ("# Heading", "# Heading"),
    ("> quoted", "> quoted"),
    ("---", "---"),
    ("![alt](https://example.com/i.png)", "![alt](https://example.com/i.png)"),
    ("[ref][1]\n\n[1]: https://example.com", "[ref][1][1]: https://example.com"),
    ("{: onclick=alert(1) }", "{: onclick=alert(1) }"),
    ("`<script>` and `&amp;`", "<script> and &amp;"),
    ("[**x**](javascript:alert(1))", "[x](javascript:alert(1))"),
    ("[<img src=x onerror=alert(1)>](https://example.com)", "<img src=x onerror=alert(1)>"),
    ("*<script>*", "<script>"),
])
def test_html_entities_and_syntax_outside_the_subset_show_as_typed(text: str, shown: str) -> None:
    for after in ("", "\n\n*s*"):  # the second takes the Markdown path for a plain text too
        out = block(text + after)
        parsed = elements(out)
        assert {tag for tag, _ in parsed.tags} <= BLOCK_TAGS, out
        assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs), out
        assert flatten_space("".join(parsed.text)) == shown + after[-2:-1]


def test_an_image_stays_as_typed_and_a_link_beside_it_still_works() -> None:
    assert block("![alt](https://example.com/i.png) [x](https://example.com)") == (
        "<p>![alt](https://example.com/i.png) " + LINK.format("https://example.com", "x")
        + "</p>")


def test_the_address_check_accepts_only_absolute_http_https_and_mailto() -> None:
    assert allowed_url("https://example.com/x") and allowed_url("HTTP://example.com")
    assert allowed_url("mailto:hr@example.com")
    assert not allowed_url("https:///x") and not allowed_url("mailto:")
    assert not allowed_url("/relative") and not allowed_url("javascript:x")
    assert not allowed_url("http://[::1")  # (urlsplit raises on it)


# --- properties -------------------------------------------------------------------------

FRAGMENTS = (
    "*", "**", "_", "`", "[", "]", "(", ")", "](", "<", ">", "&", "&amp;", "&#106;", "\\",
    "\n", "\n\n", "  \n", "- ", "1. ", "    ", "\t", "!", "#", "javascript:", "data:", "http://x",
    "https://", "mailto:", "<script>", "<a href=", "onerror=", '"', "'", "=", ":", "x", "é",
    "沟通", "\x00", "\u2028", "<!--", "-->", "{:", "}",
)
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=24).map("".join)


def _assert_safe(markup: str, tags: frozenset[str], css_class: str = "") -> None:
    assert "\n" not in markup  # one line: a raw HTML block of a page never gets a blank line
    for tag, attrs in elements(markup).tags:
        assert tag in tags, markup
        allowed = {"href", "rel"} if tag == "a" else {"class"} if css_class else set()
        assert set(attrs) <= allowed, markup
        if "class" in attrs:
            assert attrs["class"] == css_class, markup
        if tag == "a" and "href" in attrs:
            assert urlsplit(attrs["href"] or "").scheme in SCHEMES, markup
            assert attrs["rel"] == "noopener noreferrer", markup


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_any_text_gives_only_allowed_tags_attributes_and_addresses(text: str) -> None:
    _assert_safe(block(text, "cmap-lead"), BLOCK_TAGS, "cmap-lead")
    _assert_safe(prose_item(text), BLOCK_TAGS)
    _assert_safe(prose_inline(text), INLINE_TAGS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="*_`[\\"),
               max_size=80))
def test_plain_text_takes_the_fast_path_to_what_markdown_gives(text: str) -> None:
    """Whenever a text takes the fast path (escaping), it shows what Markdown would."""
    fast = prose(text)
    if fast.html:
        return  # a list or a line break: Markdown made it
    slow = elements(_render(text, blocks=True))
    assert [tag for tag, _ in slow.tags] == ["p"] * len(fast.paragraphs)
    assert [flatten_space(part) for part in slow.text] == list(fast.paragraphs)
    line = _render(text, blocks=False)
    assert "<" not in line and html.unescape(prose_inline(text)) == flatten_space(html.unescape(line))


def test_a_plain_sentence_takes_the_fast_path() -> None:
    assert prose("Plain words & <b>, 2 - 1 = 1.\n\nAgain.") == Prose(
        paragraphs=("Plain words & <b>, 2 - 1 = 1.", "Again."))
    assert prose_item("Plain & <b>") == "Plain &amp; &lt;b&gt;"


def test_renderings_are_memoised() -> None:
    text = "A repeated *indicator*."
    assert prose_item(text) is prose_item(text)
    assert prose(text, "cmap-lead") is prose(text, "cmap-lead")
    assert prose_inline(text) is prose_inline(text)
    assert prose_text(text) is prose_text(text)


def test_paragraphs_split_at_blank_lines_and_join_lines() -> None:
    assert paragraphs("one\ntwo\n\n  \nthree\r\n\r\nfour  ") == ["one two", "three", "four"]
    assert paragraphs("") == []
