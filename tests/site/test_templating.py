"""The template filters: how data is made safe for Markdown text and front matter."""

from __future__ import annotations

import html
import posixpath

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.paths import page_url
from generator.site.templating import (
    Links,
    excerpt,
    flatten_space,
    md_text,
    relative_url,
    render,
    safe_url,
    yaml_title,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "*em* _u_ `code` ~~s~~ ^^c^^ ==m== :smile: {++a++} {#id} # ## |t|",
    "<!-- c --> &amp; &#60; \\* [^1] ![i](x.png) <http://x> --- ***",
]

MD = markdown.Markdown(extensions=["attr_list", "tables", "toc", "admonition", "def_list"])


def _heading_html(text: str) -> str:
    MD.reset()
    return MD.convert(f"## {md_text(text)} {{#h}}")


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_shows_markup_as_typed_in_a_heading(text: str) -> None:
    out = _heading_html(text)
    assert out.startswith('<h2 id="h">') and out.endswith("</h2>")
    inner = out[len('<h2 id="h">'):-len("</h2>")]
    assert html.unescape(inner) == flatten_space(text)
    assert "<" not in inner.replace("&lt;", "")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_md_text_round_trips_any_text_through_markdown(text: str) -> None:
    MD.reset()
    out = MD.convert(f"## {md_text('x' + text)} {{#h}}")
    inner = out[len('<h2 id="h">'):-len("</h2>")]
    assert html.unescape(inner) == flatten_space("x" + text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_yaml_title_parses_back_to_the_escaped_one_line_title(text: str) -> None:
    loaded = yaml.safe_load(f"title: {yaml_title(text)}\n")
    assert loaded == {"title": html.escape(flatten_space(text), quote=True)}


def test_yaml_title_escapes_markup_and_line_breaks() -> None:
    assert yaml_title('<b>"A"</b>\n\u2028x') == '"&lt;b&gt;&quot;A&quot;&lt;/b&gt; x"'


def test_excerpt_takes_the_first_sentence_and_cuts_long_ones() -> None:
    assert excerpt("First one. Second one.") == "First one."
    assert excerpt("售后服务。第二句。") == "售后服务。"
    long = "word " * 60
    cut = excerpt(long, 40)
    assert len(cut) <= 40 and cut.endswith("…")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://git.example.com/a/b", "https://git.example.com/a/b"),
        ("javascript:alert(1)", ""),
        ("//evil.example.com", ""),
        ("ftp://x/y", ""),
        ("", ""),
    ],
)
def test_safe_url_accepts_only_absolute_http_addresses(url: str, expected: str) -> None:
    assert safe_url(url) == expected


def test_page_urls_follow_mkdocs_layout() -> None:
    assert page_url("index.md") == ""
    assert page_url("roles/index.md") == "roles/"
    assert page_url("roles/sales-rep.md") == "roles/sales-rep/"
    assert page_url("roles/sales-rep.md", False) == "roles/sales-rep.html"
    assert page_url("index.md", False) == "index.html"


def test_links_are_relative_to_the_page() -> None:
    role = Links("roles/sales-rep.md")
    assert role.competency("negotiation") == "../../competencies/negotiation/"
    assert role("index.md") == "../../"
    assert role("roles/index.md", "family-sales") == "../#family-sales"
    assert role.role("sales-manager") == "../sales-manager/"
    home = Links("index.md")
    assert home("roles/index.md") == "roles/"
    assert home("index.md") == "./"
    flat = Links("roles/sales-rep.md", directory_urls=False)
    assert flat.department("hq") == "../departments/hq.html"
    assert flat.role("other") == "other.html"
    assert Links("competencies/index.md").competency("x") == "x/"
    assert Links("index.md", directory_urls=False)("map/index.md") == "map/index.html"


_SEGMENT = st.sampled_from(["roles", "x", "cycles", "2026-h1", "needs", "index.html", "a.csv"])


@given(st.lists(_SEGMENT, max_size=4), st.booleans(), st.lists(_SEGMENT, max_size=3))
@settings(max_examples=500)
def test_relative_url_is_the_one_posixpath_computes(to: list[str], folder: bool,
                                                    here: list[str]) -> None:
    target = "/".join(to) + ("/" if folder and to else "")
    base = "/".join(here) + ("/" if here else "")
    expected = posixpath.relpath(target.rstrip("/") or ".", base.rstrip("/") or ".")
    expected = "./" if expected == "." else expected + ("/" if folder or not to else "")
    assert relative_url(target, base) == expected


def test_templates_autoescape_and_reject_undefined_names() -> None:
    from jinja2 import UndefinedError

    from generator.site.templating import environment

    template = environment().from_string("{{ x }}|{{ x|md }}")
    assert template.render(x="<b>*") == "&lt;b&gt;*|&lt;b&gt;&#42;"
    with pytest.raises(UndefinedError):
        environment().from_string("{{ missing.attr }}").render()
    assert "cmap-lv" in render("partials/legend.j2", legend=[
        {"level": 1, "name": "A", "bucket": 1}], t=lambda key, **kw: key)


def test_prose_filters_give_markup_and_escape_the_rest() -> None:
    from generator.site.templating import environment

    template = environment().from_string(
        '{% import "partials/macros.j2" as m %}{{ m.paras(x, "cmap-lead") }}|{{ x|prose_item }}|'
        "{{ x|prose_inline }}|{{ x|prose_text }}|{{ m.paras(y, 'cmap-muted') }}")
    assert template.render(x="*a* <b>", y="One <b>\n\nTwo") == (
        '<p class="cmap-lead"><em>a</em> &lt;b&gt;</p>|<em>a</em> &lt;b&gt;|'
        '<em>a</em> &lt;b&gt;|a &lt;b&gt;|'
        '<p class="cmap-muted">One &lt;b&gt;</p><p class="cmap-muted">Two</p>')
