"""A second `cmap build` starts from the first (generator/site/build_cache.py): it makes and
renders again only what a change reaches, updates the site in place, and ends with the site
a full build makes; whatever it cannot trust sends it back to a full build."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser import copy_example
from support.git_repos import commit, git, init_repo

from generator.files.parse_cache import PARSED, ParseCache
from generator.problems import CmapError
from generator.rules.repository import load_repository, parse_cache
from generator.site import build_cache
from generator.site import mkdocs_build as sitebuild

NEEDS = "needs/2026-h1/guangzhou-branch.yml"
_EXPORTED = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a site; the times the exports were made left out."""
    return {p.relative_to(site).as_posix(): _EXPORTED.sub(b"T", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def build(root: Path, site: Path, *, use_cache: bool = True) -> sitebuild.Built:
    return sitebuild.build(root, load_repository(root), site_dir=site, use_cache=use_cache)


def raise_headcount(root: Path) -> None:
    path = root / NEEDS
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"headcount: (\d+)", lambda m: f"headcount: {int(m[1]) + 1}", text,
                           count=1), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """The example, a git repository, built once (nothing to start from); and the files of
    that site."""
    root = copy_example(tmp_path_factory.mktemp("cache") / "repo")
    init_repo(root)
    commit(root, "the example")
    site = root.parent / "site"
    assert build(root, site).made is None
    return root, site, site_files(site)


@pytest.fixture
def repo(built: tuple[Path, Path, dict[str, bytes]], tmp_path: Path
         ) -> Iterator[tuple[Path, Path]]:
    """The built example again, in a folder of its own (a copy elsewhere would not reuse the
    record: the derived configuration names the repository's folder)."""
    root, site, _ = built
    saved = tmp_path / "saved"
    shutil.copytree(root, saved / "repo", symlinks=True)
    shutil.copytree(site, saved / "site", symlinks=True)
    yield root, site
    shutil.rmtree(root)
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(saved / "repo", root, symlinks=True)
    shutil.copytree(saved / "site", site, symlinks=True)


def test_a_build_with_nothing_changed_makes_no_page_and_leaves_the_site_as_it_was(
        repo: tuple[Path, Path], built: tuple[Path, Path, dict[str, bytes]]) -> None:
    root, site = repo
    before = (site / "roles" / "sales-rep" / "index.html").stat()
    record = json.loads((root / build_cache.MANIFEST).read_text())
    navigation = [page for page in record["navigation"] if page in record["pages"]]
    assert build(root, site).made == len(navigation) > 0  # these are made on every build
    assert site_files(site) == built[2]
    assert (site / "roles" / "sales-rep" / "index.html").stat().st_ino == before.st_ino


def test_a_build_after_one_change_makes_a_few_pages_and_the_site_a_full_build_makes(
        repo: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = repo
    raise_headcount(root)
    again = build(root, site)
    assert again.made is not None and 0 < again.made < again.pages / 4
    full = build(root, tmp_path / "full", use_cache=False)
    assert full.made is None
    assert site_files(site) == site_files(tmp_path / "full")


def test_a_merged_pull_request_remakes_what_changed_and_the_pages_it_reaches(
        repo: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = repo
    git(root, "checkout", "-q", "-b", "reword")
    role = root / "competency-map" / "roles" / "sales-rep.yml"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "Sells Jiahe appliances", "Sells Jiahe's appliances", 1), encoding="utf-8")
    git(root, "commit", "-q", "--no-gpg-sign", "-am", "Reword")  # not the build's .cmap/
    build(root, site)
    git(root, "checkout", "-q", "main")
    # The same files, but HEAD moved: the merge is what the pages now name.
    git(root, "merge", "-q", "--no-ff", "--no-gpg-sign", "-m", "Merge pull request #112", "reword")
    assert build(root, site).made is not None  # from the last build, as far as it reaches
    for page in ("changes/index.html", "roles/sales-rep/index.html"):
        assert "#112" in (site / page).read_text(encoding="utf-8"), page
    assert site_files(site) == site_files(build(root, tmp_path / "full", use_cache=False).folder)


def test_a_changed_setting_builds_everything(repo: tuple[Path, Path]) -> None:
    root, site = repo
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Jiahe competency map", "site_name: Jiahe academy"), encoding="utf-8")
    assert build(root, site).made is None
    assert "Jiahe academy" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["not json", "other format", "no record"])
def test_a_record_that_cannot_be_trusted_means_a_full_build(
        repo: tuple[Path, Path], damage: str) -> None:
    root, site = repo
    manifest = root / build_cache.MANIFEST
    if damage == "not json":
        manifest.write_text("{", encoding="utf-8")
    elif damage == "other format":
        record = json.loads(manifest.read_text(encoding="utf-8"))
        record["keys"]["format"] = "0"
        manifest.write_text(json.dumps(record), encoding="utf-8")
    else:
        manifest.unlink()
    assert build(root, site).made is None


def test_a_page_missing_from_the_site_is_made_again(repo: tuple[Path, Path],
                                                     built: tuple[Path, Path, dict[str, bytes]]
                                                     ) -> None:
    root, site = repo
    (site / "competencies" / "communication" / "index.html").unlink()
    again = build(root, site)
    assert again.made is not None and again.made >= 1
    assert site_files(site) == built[2]


def test_a_link_in_the_site_means_nothing_is_taken_from_it(repo: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    root, site = repo
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    (site / "competencies" / "communication" / "index.html").unlink()
    (site / "competencies" / "communication" / "index.html").symlink_to(secret)
    again = build(root, site)
    assert again.made is not None and again.made > again.pages / 2  # every page, made again
    page = site / "competencies" / "communication" / "index.html"
    assert not page.is_symlink() and "private" not in page.read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_site_and_its_record_as_they_were(
        repo: tuple[Path, Path], built: tuple[Path, Path, dict[str, bytes]]) -> None:
    root, site = repo
    raise_headcount(root)
    broken = root / "docs" / "broken.md"
    broken.write_text("[a link](nowhere.md)\n", encoding="utf-8")
    result = load_repository(root)
    with pytest.raises(CmapError):  # strict: MkDocs' warning about the link is an error
        sitebuild.build_site(root, result.model, site_dir=site, strict=True,
                             data=result.digests)
    assert site_files(site) == built[2]
    assert (root / build_cache.MANIFEST).is_file()  # it still describes the site
    broken.unlink()
    build(root, site)  # the docs folder is not what the record says: a full build
    assert site_files(site) == site_files(build(root, site.parent / "full",
                                                use_cache=False).folder)


# -- the parsed files ----------------------------------------------------------------------


def test_parsed_files_are_read_back_and_only_exact_data_is_kept(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path, "key")
    cache.put("d1", "role", {"id": "x", "levels": [1, 2.5, True, None]})
    cache.put("d2", "role", {"id": "y", 1: "an int key"})
    cache.put("d3", "role", {"id": "z", "nan": float("nan")})
    cache.save()
    again = ParseCache(tmp_path, "key")
    assert again.get("d1", "role") == {"id": "x", "levels": [1, 2.5, True, None]}
    assert again.get("d2", "role") is None and again.get("d3", "role") is None
    assert again.get("d1", "competency") is None  # another kind
    assert ParseCache(tmp_path, "another parser").get("d1", "role") is None


def test_a_build_with_parsed_files_loads_the_same_model(built: tuple[Path, Path, dict[str, bytes]]
                                                        ) -> None:
    root = built[0]
    fresh = load_repository(root)
    parsed = parse_cache(root)
    first = load_repository(root, parsed=parsed)
    parsed.save()
    assert (root / PARSED).is_file()
    second = load_repository(root, parsed=parse_cache(root))
    assert second.model == first.model == fresh.model
    assert second.digests == fresh.digests and second.problems == fresh.problems
