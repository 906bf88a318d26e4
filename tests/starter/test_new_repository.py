"""`write_starter`: a new repository only in an empty folder, valid as written, with
CODEOWNERS made from its governance, callable from Python as `cmap init` is."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.git_repos import commit, git, init_repo

from generator.problems import CmapError
from generator.review import codeowners
from generator.rules.repository import load_repository
from generator.starter.new_repository import refuse_unless_empty, write_starter


def test_write_starter_makes_a_valid_repository_with_current_codeowners(tmp_path: Path) -> None:
    root = tmp_path / "new" / "map"
    written = write_starter(root, "Northwind Trading", "zh")
    assert ".github/CODEOWNERS" in written and all((root / rel).is_file() for rel in written)
    result = load_repository(root)
    assert result.problems == []
    assert codeowners.compare(root, codeowners.render(result.model)).current
    assert (root / ".github" / "scripts" / "approval-gate.sh").stat().st_mode & 0o111
    assert not (root / "README.md").stat().st_mode & 0o111


def test_the_git_folder_of_a_new_repository_is_accepted(tmp_path: Path) -> None:
    init_repo(tmp_path)
    refuse_unless_empty(tmp_path)
    git(tmp_path, "pack-refs", "--all")
    refuse_unless_empty(tmp_path)


def test_a_repository_with_a_commit_is_refused_even_with_packed_refs(tmp_path: Path) -> None:
    init_repo(tmp_path)
    commit(tmp_path, "first")
    git(tmp_path, "pack-refs", "--all")
    assert not (tmp_path / ".git" / "refs" / "heads" / "main").exists()
    with pytest.raises(CmapError, match=r"it holds \.git/\."):
        refuse_unless_empty(tmp_path)


def test_nothing_is_written_over_a_file_that_appears(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(CmapError, match="is not empty"):
        write_starter(tmp_path, "X")
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "mine\n"
