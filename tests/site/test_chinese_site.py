"""The Chinese site: `theme.language: zh`, Chinese data, Chinese labels, Chinese search.

The repository is `tests/fixtures/zh/`: a small map written in Chinese (four competencies,
three roles, a company → region → branch tree) with a mkdocs.yml that says `language: zh`
and lists the search plugin without options, as most companies would. It is built once per
module with `sitebuild.build_site` in strict mode.

Search: Material's search splits the index into terms with the plugin's `separator` and
matches query terms as prefixes; see `generator/search_config.py` for why a Chinese site
needs a separator of its own, and how jieba changes that when it is installed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from support import FIXTURES

from generator.rules.repository import load_repository
from generator.site import mkdocs_build as sitebuild
from generator.site import search_config
from generator.site.labels import catalogue
from generator.site.generate import generate_pages
from generator.site.mkdocs_config import collect_guides, read_site_config
from generator.site.mkdocs_config import DERIVED, SiteConfig, derived_config

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FIXTURE = FIXTURES / "zh"
CHROMIUM = Path("/usr/bin/chromium")
# (query, the page it must find): words from the middle of Chinese runs, where a
# separator of spaces and punctuation alone finds nothing.
QUERIES = (
    ("沟通", "competencies/customer-communication/"),  # in 客户沟通能力
    ("电费", "competencies/energy-efficiency-advice/"),  # in 计算两个型号的年度电费
    ("辅导", "competencies/customer-communication/"),  # in …并辅导同事提高沟通技巧
    ("销售代表", "roles/sales-rep/"),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese example built with the derived configuration (strict: no warnings)."""
    root = tmp_path_factory.mktemp("zh") / "repo"
    shutil.copytree(FIXTURE, root)
    result = load_repository(root)
    assert result.ok, [str(p) for p in result.problems]
    return sitebuild.build_site(root, result.model, strict=True).folder


def page_text(page: Path | str) -> str:
    """What a reader sees of a built page: scripts dropped, tags removed, entities read."""
    body = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def generated_markdown(site: Path) -> dict[str, str]:
    """Every generated page of the site's repository, whole (Markdown and HTML blocks)."""
    root = site.parent
    config = read_site_config(root)
    _, guides = collect_guides(root, config)
    pages = generate_pages(load_repository(root).model, config.settings(guides))
    assert len(pages) > 20
    return {page.path: page.content for page in pages}


# -- the data set --------------------------------------------------------------------


def test_the_chinese_example_is_valid_without_warnings() -> None:
    result = load_repository(FIXTURE)
    assert result.ok
    assert not result.problems, [str(p) for p in result.problems]


def test_pages_say_they_are_chinese(site: Path) -> None:
    for page in ("index.html", "roles/sales-rep/index.html", "404.html"):
        assert '<html lang="zh"' in (site / page).read_text(encoding="utf-8"), page


def test_chinese_data_renders(site: Path) -> None:
    role = page_text(site / "roles" / "sales-rep" / "index.html")
    for text in ("销售代表", "负责一个区域内零售商的销售，完成每月销售指标。",
                 "完成所负责区域的月度销售指标。", "与零售商店长建立长期的合作关系。",
                 "客户沟通能力", "顾问式销售", "销售经理"):
        assert text in role, text
    competency = page_text(site / "competencies" / "customer-communication" / "index.html")
    for text in ("客户沟通能力", "核心能力", "认真倾听顾客讲话，不随意打断。", "冷静处理投诉和困难的谈话"):
        assert text in competency, text
    department = page_text(site / "departments" / "guangzhou-branch" / "index.html")
    for text in ("广州分公司", "华南大区", "李伟", "销售代表"):
        assert text in department, text
    home = page_text(site / "index.html")
    assert "嘉禾能力地图" in home and "使用指南" in home


def test_navigation_and_generated_labels_are_chinese(site: Path) -> None:
    config = (site.parent / DERIVED).read_text(encoding="utf-8")
    zh = catalogue("zh")
    for key in ("nav_home", "competencies_title", "roles_title", "departments_title"):
        assert f"- {zh[key]}: " in config, key
    role = page_text(site / "roles" / "sales-rep" / "index.html")
    assert str(zh["responsibilities_heading"]) in role


def _fragments(entry: str | dict[str, str]) -> set[str]:
    """The literal pieces of a label between its {placeholders}, both counted forms."""
    texts = entry.values() if isinstance(entry, dict) else [entry]
    pieces: set[str] = set()
    for text in texts:
        for piece in re.split(r"\{\w+\}", text):
            piece = piece.strip(" :·,.;()")
            if len(re.findall(r"[A-Za-z]", piece)) >= 3:
                pieces.add(piece)
    return pieces


def english_label_leaks(site: Path) -> dict[str, set[str]]:
    """Page → the English label texts it shows, of every label Chinese translates
    differently: in the generated Markdown (outside code, link targets, anchors and HTML
    attributes) and in what the built pages show."""
    en, zh = catalogue("en"), catalogue("zh")
    english = set().union(*(_fragments(text) for key, text in en.items() if text != zh[key]))
    assert len(english) > 100
    # Words, not parts of file names (competency-map/roles/…).
    pattern = re.compile("|".join(rf"(?<![\w/.-]){re.escape(e)}(?![\w/-])"
                                  for e in sorted(english, key=len, reverse=True)))
    leaks: dict[str, set[str]] = {}
    for path, markdown in generated_markdown(site).items():
        visible = re.sub(r"<code>.*?</code>|`[^`]*`", " ", markdown)
        visible = re.sub(r"\]\([^)]*\)|\{[#.][^}]*\}|<[^>]+>", " ", visible)
        visible = re.sub(r"^---\n.*?\n---\n", "", visible, flags=re.S)
        found = set(pattern.findall(visible))
        if found:
            leaks[path] = found
    for page in site.rglob("*.html"):
        shown = page.read_text(encoding="utf-8")
        found = set(pattern.findall(page_text(re.sub(r"<code>.*?</code>", " ", shown))))
        if found:
            leaks[page.relative_to(site).as_posix()] = found
    return leaks


DOWNLOADS_PAGES = {"downloads/index.md", "downloads/index.html"}


def test_no_english_label_leaks_onto_the_pages(site: Path) -> None:
    leaks = english_label_leaks(site)
    assert not {page: words for page, words in leaks.items() if page not in DOWNLOADS_PAGES}


def test_the_downloads_page_is_chinese_too(site: Path) -> None:
    leaks = english_label_leaks(site)
    assert not {page: words for page, words in leaks.items() if page in DOWNLOADS_PAGES}


# -- search ---------------------------------------------------------------------------


def search_index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return data


def terms(text: str, separator: str) -> list[str]:
    """Material's tokenizer: markup dropped, split at the separator (look-arounds too)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return [t.lower() for t in re.split(separator, text) if t]


def segment(query: str, index: set[str]) -> list[str]:
    """Material's query segmentation of a Chinese run along the terms of the index
    (`search/query/segment` of mkdocs-material 9), line by line."""
    cuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query)):
            if query[i:j] in index:
                cuts[i] = j - i
    segments: list[str] = []
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, cuts[p]):
            if cuts[p + q] > cuts[p] - q:
                segments.append(query[p:p + q])
                stack.append(p + q)
        q = p + cuts[p]
        if q < len(query) - 1 and cuts[q]:
            stack.append(q)
        segments.append(query[p:q])
    return [query] if "" in segments else segments


def found_pages(index: dict[str, Any], query: str, separator: str) -> set[str]:
    """The pages whose sections hold a term starting with one of the query's segments."""
    docs = {doc["location"]: terms(doc["title"] + " " + doc["text"], separator)
            for doc in index["docs"]}
    vocabulary = {term for words in docs.values() for term in words}
    parts = segment(query, vocabulary)
    return {location.split("#")[0] for location, words in docs.items()
            if any(word.startswith(part) for part in parts for word in words)}


def test_search_index_uses_the_chinese_separator(site: Path) -> None:
    config = search_index(site)["config"]
    assert config["separator"] == search_config.chinese_separator()
    assert config["pipeline"] == ["stemmer"]  # Material's zh setting: no English trimmer


@pytest.mark.parametrize(("query", "page"), QUERIES)
def test_search_index_finds_chinese_words(site: Path, query: str, page: str) -> None:
    index = search_index(site)
    assert page in found_pages(index, query, index["config"]["separator"])


def test_without_the_derived_separator_words_inside_a_run_are_not_found(site: Path) -> None:
    """Why the derived configuration sets a separator: with Material's own `zh` separator
    (spaces and punctuation) 沟通 inside 客户沟通能力 is found only when jieba has cut it."""
    index = search_index(site)
    pages = found_pages(index, "沟通", search_config.WORD_SEPARATOR)
    if search_config.segmenter_available():
        assert "competencies/customer-communication/" in pages
    else:
        assert "competencies/customer-communication/" not in pages
        assert "competencies/customer-communication/" in found_pages(index, "客户",
                                                                    search_config.WORD_SEPARATOR)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_search_in_the_browser_finds_chinese_words(site: Path, browser: Browser) -> None:
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, list[str]] = {}
    try:
        page = browser.new_page()
        try:
            for query, _ in QUERIES:
                page.goto(base)
                page.click("input.md-search__input")
                # the worker is ready when the dialog asks for a query (键入以开始搜索)
                page.wait_for_function("() => document.querySelector("
                                       "'.md-search-result__meta')?.textContent.includes('键入')")
                page.fill("input.md-search__input", query)
                page.press("input.md-search__input", "End")  # Material searches on keyup
                page.wait_for_function("() => !document.querySelector("
                                       "'.md-search-result__meta').textContent.includes('键入')")
                page.wait_for_timeout(200)
                links = page.eval_on_selector_all(
                    "a.md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
                found[query] = [re.sub(r"^https?://[^/]+/|[?#].*$", "", link) for link in links]
        finally:
            page.close()
    finally:
        server.shutdown()
        server.server_close()
    for query, expected in QUERIES:
        assert expected in found[query], (query, found[query])
    assert found["沟通"][0] == "competencies/customer-communication/"


# -- the derived search settings ------------------------------------------------------


ZH = {"name": "material", "language": "zh"}


def plugins_of(user: dict[str, Any], theme: dict[str, Any] = ZH,
               segmented: bool = False) -> Any:
    return search_config.search_plugins({**user, "theme": theme}, theme, segmented=segmented)


def test_the_search_plugin_gets_a_separator_only_for_chinese_material_sites() -> None:
    separator = search_config.CHARACTER_SEPARATOR
    assert plugins_of({}) == [{"search": {"separator": separator}}]  # mkdocs' default plugins
    assert plugins_of({"plugins": ["search", "tags"]}) == [{"search": {"separator": separator}},
                                                           "tags"]
    assert plugins_of({"plugins": ["tags", {"material/search": {"lang": ["zh"]}}]}) == [
        "tags", {"material/search": {"lang": ["zh"], "separator": separator}}]
    assert plugins_of({"plugins": {"search": None, "tags": {}}}) == {
        "search": {"separator": separator}, "tags": {}}
    for language in ("zh-CN", "zh_Hans", "zh-TW", "zh-Hant"):
        assert plugins_of({}, {"name": "material", "language": language}) is not None, language
    assert plugins_of({}, segmented=True) == [{"search": {"separator": search_config.WORD_SEPARATOR}}]


def test_a_search_plugin_configured_by_the_company_is_left_alone() -> None:
    assert plugins_of({"plugins": [{"search": {"separator": "[\\s]+"}}]}) is None
    assert plugins_of({"plugins": [{"search": {"enabled": False}}]}) is None
    assert plugins_of({"plugins": ["tags"]}) is None  # search switched off
    assert plugins_of({"plugins": []}) is None
    assert plugins_of({}, {"name": "material", "language": "en"}) is None
    assert plugins_of({}, {"name": "material"}) is None
    assert plugins_of({}, {"name": "mkdocs", "language": "zh"}) is None  # lunr's tokenizer


def test_derived_config_writes_the_whole_plugin_list() -> None:
    user = {"theme": ZH, "plugins": ["search", {"tags": {"tags_file": "tags.md"}}]}
    config = derived_config(Path("/repo"), SiteConfig.of(user), set(), [])
    assert config["plugins"] == [{"search": {"separator": search_config.chinese_separator()}},
                                 {"tags": {"tags_file": "tags.md"}}]
    english = derived_config(Path("/repo"), SiteConfig.of({**user, "theme": {"language": "en"}}),
                             set(), [])
    assert "plugins" not in english


def test_the_separators_split_as_intended() -> None:
    words = re.split(search_config.WORD_SEPARATOR, "客户沟通能力，团队 领导")
    assert words == ["客户沟通能力", "团队", "领导"]
    pieces = [t for t in re.split(search_config.CHARACTER_SEPARATOR, "客户 A-B cmap沟通") if t]
    assert pieces == ["客", "户", "A", "B", "cmap", "沟", "通"]
