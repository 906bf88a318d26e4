"""The site folder: where a build may write, how a new site replaces the old one, and what
builds killed halfway leave behind.

A build replaces the whole site folder, so `site_dir: .` used to replace the repository
(`.git` included) with the site and `--site-dir competency-map` deleted the data; a build
killed with SIGKILL left `.site.new-*` folders forever, and a crash between the two renames
of the swap left no `site/` at all.
"""

from __future__ import annotations

import ctypes
import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap
from support.factories import small_model
from support.repo_builder import Repo
from support.site_repos import make_repo

from generator.problems import CmapError
from generator.site import mkdocs_build as sitebuild
from generator.site import site_folder
from generator.site import zensical as zensical_config
from generator.site.site_folder import (
    MARKER,
    MARKER_TEXT,
    build_lock,
    remove_leftovers,
    site_target,
    staging,
    swap_in,
)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (.git included) and its bytes."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def a_site(folder: Path, text: str = "old", *, marked: bool = True) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text)
    if marked:
        (folder / MARKER).write_text(MARKER_TEXT)
    return folder


@pytest.mark.parametrize(("setting", "option", "words"), [
    (".", None, "site_dir `.` of mkdocs.yml is the repository itself"),
    ("competency-map", None, "site_dir `competency-map` of mkdocs.yml lies inside `competency-map/`"),
    (None, "competency-map", "--site-dir competency-map lies inside `competency-map/`"),
    (None, "notes", "--site-dir notes already holds files that cmap did not build"),
    ("notes", None, "site_dir `notes` of mkdocs.yml already holds files that cmap did not build"),
    (None, "notes/../notes", "--site-dir notes/../notes (notes) already holds files"),
])
def test_a_site_dir_that_would_delete_what_is_not_a_site_is_refused_and_every_file_stays(
        repo: Repo, setting: str | None, option: str | None, words: str) -> None:
    root = make_repo(repo.root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "notes").mkdir()
    (root / "notes" / "untracked.txt").write_text("mine")
    if setting is not None:
        with (root / "mkdocs.yml").open("a") as config:
            config.write(f"site_dir: {setting}\n")
    before = snapshot(root)
    done = cmap(root, "build", *(["--site-dir", option] if option else []))
    assert done.returncode == 1
    assert words in done.stderr and "Nothing was built or deleted" in done.stderr
    assert snapshot(root) == before


@pytest.mark.parametrize(("given", "words"), [
    ("..", "contains the repository"),
    ("docs", "lies inside `docs/`, which holds the guides"),
    ("plans/site", "lies inside `plans/`"),
    ("needs", "lies inside `needs/`"),
    ("generator", "lies inside `generator/`"),
    (".git/site", "lies inside `.git/`"),
    (".cmap/site", "lies inside `.cmap/`"),
])
def test_site_folders_in_or_around_the_repository_are_refused(tmp_path: Path, given: str,
                                                              words: str) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    with pytest.raises(CmapError, match=words):
        site_target(root, "site", root / given, root / "docs")


def test_the_guides_folder_of_mkdocs_yml_and_a_linked_site_folder_are_refused(
        tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "public").mkdir(parents=True)
    with pytest.raises(CmapError, match="lies inside `handbook/`"):
        site_target(root, "handbook/site", None, root / "handbook")
    (root / "site").symlink_to(root / "public", target_is_directory=True)
    with pytest.raises(CmapError, match="is a symbolic link"):
        site_target(root, "site", None, root / "docs")


def test_new_empty_and_cmaps_own_site_folders_are_accepted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    assert site_target(root, "site", None, root / "docs") == root / "site"
    (root / "empty").mkdir()
    assert site_target(root, "empty", None, root / "docs") == root / "empty"
    a_site(root / "ours")
    assert site_target(root, "site", root / "ours", root / "docs") == root / "ours"
    legacy = a_site(root / "legacy", marked=False)  # built before the marker existed
    (legacy / "assets" / "cmap").mkdir(parents=True)
    (legacy / "assets" / "cmap" / "cmap.css").write_text("/* cmap */")
    assert site_target(root, "site", legacy, root / "docs") == legacy


def test_zensical_builds_check_the_site_folder_first(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    with pytest.raises(CmapError, match="is the repository itself"):
        zensical_config.build_site(root, small_model(), site_dir=root)
    assert not (root / ".cmap").exists()


def test_leftovers_of_a_build_killed_with_sigkill_are_removed_by_the_next_build(
        repo: Repo, tmp_path: Path) -> None:
    root = make_repo(repo.root)
    a_site(root / "site")
    env = {k: v for k, v in os.environ.items() if k != "CMAP_DEBUG"}
    env["PYTHONPATH"] = str(ROOT)
    build = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=root, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, killed = time.monotonic() + 60, []
    while not killed and build.poll() is None and time.monotonic() < deadline:
        # mkdocs runs once it has written into the new folder more than cmap's marker
        killed = [p for p in root.glob(".site.new-*") if len(list(p.glob("*"))) > 1]
        time.sleep(0.002)
    build.kill()
    build.wait()
    assert killed and killed[0].is_dir(), "the build was killed while mkdocs ran"
    old = a_site(root / ".site.old-0123abcd")  # killed between the swap and the deletion
    not_ours = a_site(root / ".site.new-notours", marked=False)
    other_name = a_site(root / ".site.backup")
    outside = a_site(tmp_path / "outside")
    (root / ".site.old-linked").symlink_to(outside, target_is_directory=True)

    sitebuild.build(root, repo.load())
    assert not killed[0].exists() and not old.exists()
    assert (not_ours / "index.html").is_file() and (other_name / "index.html").is_file()
    assert (outside / "index.html").is_file() and (root / ".site.old-linked").is_symlink()
    assert (root / "site" / MARKER).read_text() == MARKER_TEXT
    assert (root / "site" / "roles" / "sales-rep" / "index.html").is_file()


def exchange_works(tmp_path: Path) -> bool:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    try:
        return site_folder.exchange(tmp_path / "a", tmp_path / "b")
    finally:
        (tmp_path / "a").rmdir()
        (tmp_path / "b").rmdir()


POLLER = """
import os, sys
path, stop = sys.argv[1], sys.argv[2]
print("ready", flush=True)
polls = missing = 0
while not os.path.exists(stop):
    for _ in range(500):
        polls += 1
        missing += not os.path.exists(path)
print(polls, missing)
"""


def test_the_site_is_there_at_every_instant_of_a_swap(tmp_path: Path) -> None:
    if not exchange_works(tmp_path):
        pytest.skip("this OS or filesystem has no atomic exchange (the fallback is tested below)")
    site = a_site(tmp_path / "site")
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(site / "index.html"),
                               str(tmp_path / "stop")], stdout=subprocess.PIPE, text=True)
    assert poller.stdout is not None and poller.stdout.readline() == "ready\n"
    for number in range(300):
        with staging(site) as temp:
            (temp / "index.html").write_text(str(number))
            swap_in(temp, site)
    (tmp_path / "stop").touch()
    polls, missing = map(int, poller.communicate(timeout=30)[0].split())
    assert (site / "index.html").read_text() == "299"
    assert missing == 0 and polls > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "stop"]


@pytest.mark.parametrize("failure", [errno.EINVAL, errno.ENOSYS, None])
def test_without_an_exchange_the_swap_falls_back_to_two_renames(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: int | None) -> None:
    def refused(first: bytes, second: bytes) -> int:
        ctypes.set_errno(failure or 0)
        return -1

    monkeypatch.setattr(site_folder, "_exchange_call", lambda: refused if failure else None)
    renames: list[str] = []
    rename = os.rename
    monkeypatch.setattr(os, "rename", lambda a, b: renames.append(Path(b).name) or rename(a, b))
    site = a_site(tmp_path / "site")
    with staging(site) as temp:
        (temp / "index.html").write_text("new")
        swap_in(temp, site)
    assert renames[0].startswith(".site.old-") and renames[1] == "site"
    assert (site / "index.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_failed_second_rename_puts_the_previous_site_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_folder, "_exchange_call", lambda: None)
    rename = os.rename

    def second_fails(a: str, b: str) -> None:
        if Path(b).name == "site" and Path(a).name.startswith(".site.new-"):
            raise OSError(errno.EIO, "I/O error")
        rename(a, b)

    monkeypatch.setattr(os, "rename", second_fails)
    site = a_site(tmp_path / "site")
    with pytest.raises(CmapError, match="previous site is unchanged"), staging(site) as temp:
        swap_in(temp, site)
    assert (site / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_build_waits_for_the_lock_before_removing_leftovers(tmp_path: Path) -> None:
    site = tmp_path / "site"
    removed: list[Path] = []

    def second_build() -> None:
        with build_lock(tmp_path):
            removed.extend(remove_leftovers(site))

    with build_lock(tmp_path):
        in_progress = a_site(tmp_path / ".site.new-busy")  # the first build's new site
        second = threading.Thread(target=second_build)
        second.start()
        second.join(0.3)
        assert second.is_alive() and in_progress.is_dir()
    second.join(10)
    assert removed == [in_progress] and not in_progress.exists()
    assert (tmp_path / ".cmap" / "build.lock").is_file()
