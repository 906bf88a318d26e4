"""`safe_write`: files written into the repository atomically, never through a link or outside."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.files.safe_write import check_path, open_file, remove_file, write_file, write_files
from generator.problems import CmapError


def test_a_file_and_its_folders_are_written_with_the_umasks_mode(tmp_path: Path) -> None:
    path = write_file(tmp_path, "needs/2027-h1/a.yml", b"entries: []\n")
    assert path == tmp_path / "needs" / "2027-h1" / "a.yml"
    assert path.read_bytes() == b"entries: []\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in path.parent.iterdir()] == ["a.yml"], "no temporary file is left"


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "plans" / "x.yml"
    path.parent.mkdir()
    path.write_text("old")
    path.chmod(0o640)
    write_file(tmp_path, "plans/x.yml", b"new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_an_exclusive_write_never_replaces_a_file(tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text("mine")
    with pytest.raises(FileExistsError):
        write_file(tmp_path, "x.yml", b"theirs", exclusive=True)
    assert (tmp_path / "x.yml").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yml"]


@pytest.mark.parametrize("rel", ["../x.yml", "needs/../../x.yml", "/tmp/x.yml"])
def test_a_path_leaving_the_root_is_refused(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    with pytest.raises(CmapError, match="outside the repository"):
        write_file(root, rel, b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["repo"]


@pytest.mark.parametrize(("link", "rel", "named"), [
    ("needs", "needs/2027-h1/a.yml", "`needs` is"),
    ("needs/2027-h1", "needs/2027-h1/a.yml", "`needs/2027-h1` is"),
    ("needs/2027-h1/a.yml", "needs/2027-h1/a.yml", "it is"),
])
def test_a_link_anywhere_on_the_way_is_refused_and_nothing_is_written(
        tmp_path: Path, link: str, rel: str, named: str) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    outside.mkdir()
    (root / link).parent.mkdir(parents=True)
    (root / link).symlink_to(outside / "a.yml" if link.endswith(".yml") else outside)
    with pytest.raises(CmapError) as caught:
        write_file(root, rel, b"x")
    message = str(caught.value)
    assert f"cannot write `{rel}`: {named} a symbolic link (to `{outside}" in message
    assert "Replace the link with the folder or file itself" in message
    assert list(outside.iterdir()) == []
    with pytest.raises(CmapError, match="symbolic link"):
        check_path(root, rel)
    with pytest.raises(CmapError, match="symbolic link"):
        open_file(root, rel)


def test_several_files_are_written_all_or_none(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("old a")
    (tmp_path / "b").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(CmapError, match="`b` is a symbolic link"):
        write_files(tmp_path, {"a.yml": b"new a", "b/c.yml": b"c"})
    assert (tmp_path / "a.yml").read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yml", "b"]


def test_check_path_accepts_what_does_not_exist_yet(tmp_path: Path) -> None:
    assert check_path(tmp_path, "needs/2027-h1/a.yml") == tmp_path / "needs/2027-h1/a.yml"
    assert not (tmp_path / "needs").exists()


def test_remove_file_deletes_the_file_and_the_folders_it_leaves_empty(tmp_path: Path) -> None:
    write_file(tmp_path, "needs/2027-h1/a.yml", b"a")
    write_file(tmp_path, "needs/2026-h1/b.yml", b"b")
    remove_file(tmp_path, "needs/2027-h1/a.yml")
    assert not (tmp_path / "needs" / "2027-h1").exists()
    assert (tmp_path / "needs" / "2026-h1" / "b.yml").is_file()
    remove_file(tmp_path, "needs/2027-h1/a.yml")  # gone already: nothing to do


def test_remove_file_never_goes_through_a_linked_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.yml").write_text("keep", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "needs").symlink_to(outside)
    with pytest.raises(CmapError, match="symbolic link"):
        remove_file(root, "needs/a.yml")
    assert (outside / "a.yml").read_text(encoding="utf-8") == "keep"
