"""The MkDocs edge: real mkdocs builds into temporary folders.

Each build takes a second or two, so the built sites are shared per module.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from support import ROOT
from support.factories import hostile_model, small_model
from support.html_checks import assert_inert
from support.site_repos import make_repo

from generator.problems import CmapError
from generator.site import mkdocs_build as sitebuild
from generator.site.mkdocs_config import SiteConfig
from generator.site.mkdocs_plugin import edit_url
from generator.site.site_folder import MARKER, MARKER_TEXT
from generator.site.work_folder import sync_tree


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small model built with the project's mkdocs.yml (strict: no warning allowed)."""
    root = make_repo(tmp_path_factory.mktemp("site") / "repo")
    sitebuild.build_site(root, small_model(), strict=True)
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("hostile") / "repo")
    sitebuild.build_site(root, hostile_model(), strict=True)
    return root


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_build_writes_every_page_at_a_readable_url(built: Path) -> None:
    site = built / "site"
    for url in ("", "competencies/", "competencies/communication/", "roles/",
                "roles/sales-manager/", "departments/", "departments/guangzhou-branch/",
                "map/", "map/sales/", "map/departments/south-region/", "guides/reading/"):
        assert (site / url / "index.html").is_file(), url
    assert (site / "assets" / "cmap" / "cmap.css").is_file()
    assert (site / "search" / "search_index.json").is_file()
    assert not list(built.glob(".site.*")), "temporary folders are cleaned up"


def test_built_pages_use_no_internet_resources(built: Path) -> None:
    """Nothing loads from elsewhere (a link of a description's prose may point anywhere)."""
    for page in html_files(built / "site"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:\ssrc="|<link\b[^>]*\shref=")(https?:)?//([^"/]+)', text):
            raise AssertionError(f"{page}: loads from {match.group(2)}")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_internal_links_of_the_built_site_resolve(built: Path) -> None:
    site = built / "site"
    for page in html_files(site):
        if page.name == "404.html":  # mkdocs writes it with root-absolute links
            continue
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith(("http:", "https:", "#", "mailto:", "data:")):
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)}: broken link {href}"


def test_navigation_has_sections_not_pages(built: Path) -> None:
    derived = yaml.safe_load((built / ".cmap" / "mkdocs.yml").read_text())
    assert derived["INHERIT"] == "../mkdocs.yml"
    assert [next(iter(entry)) for entry in derived["nav"]] == [
        "Home", "Competency catalogue", "Roles", "Departments", "Company competency map",
        "Training cycles", "What changed", "Downloads",
        "Guides"]
    assert derived["nav"][-1]["Guides"] == ["guides/reading.md"]
    role = (built / "site" / "roles" / "sales-manager" / "index.html").read_text()
    assert role.count('class="md-nav__link') < 30
    assert "navigation.prune" in role  # the features reach the theme through INHERIT


def test_material_shows_the_escaped_title_once(built: Path) -> None:
    page = (built / "site" / "roles" / "sales-manager" / "index.html").read_text()
    assert page.count("<h1") == 1 and "<h1>Sales manager</h1>" in page
    assert "<title>Sales manager - Jiahe competency map</title>" in page
    home = (built / "site" / "index.html").read_text()
    assert home.count("<h1") == 1 and "<title>Jiahe competency map</title>" in home
    # theme override: the search dialog has an accessible name (axe-core aria-dialog-name)
    assert 'role="dialog" aria-label="Search"' in home


def test_role_page_has_chart_profile_and_source_link(built: Path) -> None:
    page = (built / "site" / "roles" / "sales-manager" / "index.html").read_text()
    assert '<svg class="cmap-bars"' in page and 'role="img"' in page
    assert "competency-map/roles/sales-manager.yml" in page
    assert 'href="../branch-head/"' in page


def test_page_sizes_of_built_pages(built: Path) -> None:
    for page in html_files(built / "site"):
        size = page.stat().st_size
        assert size < 300_000, page
        if page.parent.parent.name in ("roles", "competencies"):
            assert size < 60_000, page


def test_markup_from_yaml_is_inert_in_the_built_html(hostile: Path) -> None:
    site = hostile / "site"
    pages = html_files(site)
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text and "onerror=alert" not in text.replace(
            "onerror=alert(1)&gt;", ""), page
        main = text[text.index('<article'):text.index("</article>")] if "<article" in text \
            else ""
        assert_inert(main, str(page.relative_to(site)))
    index = (site / "search" / "search_index.json").read_text()
    assert "<script>alert" not in index and "<img src" not in index
    role = (site / "roles" / "sales-rep" / "index.html").read_text()
    assert "<title>Sales representative &lt;script&gt;alert(1)&lt;/script&gt;" in role
    assert "{{ 7*7 }}" in role


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    site = root / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT)
    (site / "index.html").write_text("previous site")
    (root / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: no-such-theme\n")
    with pytest.raises(CmapError, match="previous site is unchanged"):
        sitebuild.build_site(root, small_model())
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert (site / "index.html").read_text() == "previous site"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_failed_mkdocs_run_after_generation_keeps_the_site(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path / "repo")
    site = root / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT)
    (site / "keep.txt").write_text("old")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("generator.site.mkdocs_session.MkDocsSession.build", boom)
    with pytest.raises(CmapError, match="disk full"):
        sitebuild.build_site(root, small_model())
    assert (site / "keep.txt").read_text() == "old"
    assert not [p for p in root.iterdir() if p.name.startswith(".site")]


def test_sync_tree_writes_only_changes_and_deletes_stale_files(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    assert sync_tree(tmp_path, "docs", {"a.md": b"A", "x/b.md": b"B"}) == (2, 0)
    stamp = (target / "a.md").stat().st_mtime_ns
    os.utime(target / "a.md", ns=(stamp - 10_000_000_000, stamp - 10_000_000_000))
    before = (target / "a.md").stat().st_mtime_ns
    assert sync_tree(tmp_path, "docs", {"a.md": b"A", "y/c.md": b"C"}) == (1, 1)
    assert (target / "a.md").stat().st_mtime_ns == before, "unchanged file not rewritten"
    assert not (target / "x").exists(), "emptied folders are removed"
    assert (target / "y" / "c.md").read_bytes() == b"C"


def test_site_dir_option_and_repeated_builds(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    out = tmp_path / "public"
    sitebuild.build_site(root, small_model(), site_dir=out)
    first = (out / "roles" / "sales-rep" / "index.html").read_text()
    model = small_model()
    del model.roles["service-supervisor"]
    model.roles["service-agent"] = type(model.roles["service-agent"])(
        **{**model.roles["service-agent"].__dict__, "next_roles": ("sales-rep",),
           "reports_to": ""})
    sitebuild.build_site(root, model, site_dir=out)
    assert not (out / "roles" / "service-supervisor").exists()
    assert not (root / ".cmap" / "docs" / "roles" / "service-supervisor.md").exists()
    assert (out / "roles" / "sales-rep" / "index.html").read_text() == first
    assert not (root / "site").exists()


def test_chinese_configuration_gives_chinese_labels(tmp_path: Path) -> None:
    text = (ROOT / "mkdocs.yml").read_text().replace("language: en", "language: zh")
    root = make_repo(tmp_path / "repo", mkdocs_yml=text)
    sitebuild.build_site(root, small_model(), strict=True)
    page = (root / "site" / "roles" / "sales-manager" / "index.html").read_text()
    assert '<html lang="zh"' in page
    assert "岗位职责" in page and "能力要求" in page and "职业发展路径" in page
    derived = yaml.safe_load((root / ".cmap" / "mkdocs.yml").read_text())
    assert next(iter(derived["nav"][0])) == "首页"


def test_users_nav_extra_css_and_repo_settings_are_kept(tmp_path: Path) -> None:
    text = (ROOT / "mkdocs.yml").read_text() + (
        "repo_url: https://git.example.com/jiahe/map\nedit_uri: edit/trunk/docs/\n"
        "extra_css:\n  - extra.css\n"
        "nav:\n  - Start: index.md\n  - Roles: roles/index.md\n  - guides/reading.md\n")
    root = make_repo(tmp_path / "repo", mkdocs_yml=text)
    sitebuild.build_site(root, small_model())
    derived = yaml.safe_load((root / ".cmap" / "mkdocs.yml").read_text())
    assert "nav" not in derived
    assert derived["extra_css"] == ["guides/extra.css", "assets/cmap/cmap.css"]
    page = (root / "site" / "roles" / "sales-rep" / "index.html").read_text()
    assert ("https://git.example.com/jiahe/map/blob/trunk/competency-map/roles/sales-rep.yml"
            in page)
    assert 'href="https://git.example.com/jiahe/map/edit/trunk/competency-map/roles/' \
           'sales-rep.yml"' in page
    guide = (root / "site" / "guides" / "reading" / "index.html").read_text()
    assert 'href="https://git.example.com/jiahe/map/edit/trunk/docs/reading.md"' in guide


def test_source_base_and_edit_url() -> None:
    def base(repo_url: str, **user: object) -> str:
        return SiteConfig.of({"repo_url": repo_url, **user}).source_base()

    assert base("https://gl.example.com/a/b", edit_uri="-/edit/dev/docs/") == \
        "https://gl.example.com/a/b/-/blob/dev/"
    assert base("https://x/a") == "https://x/a/blob/main/"
    assert base("https://x/a", extra={"cmap": {"source_branch": "v2"}},
                edit_uri="edit/main/docs/") == "https://x/a/blob/v2/"
    assert base("", edit_uri="-/edit/dev/docs/") == ""
    assert edit_url("https://x/a", "edit/main/docs/", "docs", "competency-map/r.yml") \
        == "https://x/a/edit/main/competency-map/r.yml"
    assert edit_url("https://x/a", "edit/main/guides/", "docs", "c.yml") is None
    assert edit_url("", "edit/main/docs/", "docs", "c.yml") is None


def test_missing_or_broken_mkdocs_yml_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CmapError, match=r"mkdocs\.yml is missing"):
        sitebuild.build_site(tmp_path, small_model())
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n")
    with pytest.raises(CmapError, match=r"mkdocs\.yml"):
        sitebuild.build_site(tmp_path, small_model())


def test_build_from_a_repository_on_disk(tmp_path: Path) -> None:
    from support.repo_builder import Repo

    repo = Repo.minimal(tmp_path / "repo")
    make_repo(repo.root)
    result = repo.load()
    assert result.ok, result.problems
    sitebuild.build(repo.root, result)
    site = repo.root / "site"
    for role_id in result.model.roles:
        assert (site / "roles" / role_id / "index.html").is_file()
    from generator.problems import Problem

    result.problems.append(Problem("competency-map/roles/x.yml", 1, 1, "E000", "broken"))
    (site / "index.html").write_text("last good")
    with pytest.raises(CmapError, match="not built"):
        sitebuild.build(repo.root, result)
    assert (site / "index.html").read_text() == "last good"
