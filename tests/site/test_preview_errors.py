"""What `cmap serve` shows while the files have errors: each at its place with its hint,
escaped, in the site's language, at the top of the page (`cmap serve` itself is run in
`test_incremental.py`)."""

from __future__ import annotations

from generator.problems import LISTED, Problem
from generator.site.preview_errors import Failure, banner, error_page, with_banner

BAD = Problem("competency-map/roles/sales-rep.yml", 4, 9, "R303",
              "There is no competency `<script>alert(1)</script>`.",
              "Did you mean `communication`? Competencies are the files in …")


def test_the_banner_lists_each_error_at_its_place_with_its_hint_escaped() -> None:
    html = banner(Failure((BAD,)), "en")
    assert "1 error in the files" in html
    assert "competency-map/roles/sales-rep.yml:4:9</code>: R303 There is no competency" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "Hint: Did you mean `communication`?" in html
    assert "shows the site as it was before" in html


def test_the_banner_lists_the_first_errors_and_counts_the_rest() -> None:
    many = tuple(Problem(f"needs/2027-h1/d{i:04}.yml", 1, 1, "N402", "x") for i in range(LISTED + 5))
    html = banner(Failure(many), "en")
    assert html.count("<li>") == LISTED
    assert f"{LISTED + 5} errors in the files" in html and "… and 5 more" in html


def test_a_failure_that_is_no_file_s_problem_shows_its_message() -> None:
    html = banner(Failure(message="mkdocs.yml: <mapping> expected"), "zh", site=False)
    assert "mkdocs.yml: &lt;mapping&gt; expected" in html
    assert "文件中有 1 个错误" in html and "暂时没有可显示的网站" in html and 'lang="zh"' in html


def test_the_banner_goes_first_in_the_body() -> None:
    page = b'<html><head><title>x</title></head><body dir="ltr"><header>h</header></body></html>'
    assert with_banner(page, "<p>E</p>") == (
        b'<html><head><title>x</title></head><body dir="ltr"><p>E</p><header>h</header>'
        b"</body></html>")
    assert with_banner(b"<p>no body</p>", "<p>E</p>") == b"<p>E</p><p>no body</p>"


def test_the_page_without_a_site_is_a_whole_page_named_after_the_site() -> None:
    page = error_page(Failure((BAD,)), "en", "Acme <competency> map")
    assert page.startswith("<!doctype html>")
    assert "<title>1 error in the files · Acme &lt;competency&gt; map</title>" in page
    assert "<body>" in page
