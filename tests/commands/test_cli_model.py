"""`cmap export xlsx` and `cmap import model` end to end, as a user runs them in a real git
repository: the workbook is never written over by accident, a dry run lists every change
and writes nothing, an import writes exactly what it listed, and a bad workbook is every
problem at its cell, exit 1, and nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from support.cli import cmap
from support.git_repos import commit, git, init_repo
from support.model_repos import example_copy


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = example_copy(tmp_path / "repo")
    init_repo(root)
    commit(root, "the example")
    return root


def test_export_edit_dry_run_import_validate(root: Path, tmp_path: Path) -> None:
    book = tmp_path / "map.xlsx"
    done = cmap(root, "export", "xlsx", "--out", str(book))
    assert done.returncode == 0 and done.stdout == f"Wrote {book}.\n"
    again = cmap(root, "export", "xlsx", "--out", str(book))
    assert again.returncode == 1 and "already exists; pass --force" in again.stderr
    assert cmap(root, "export", "xlsx", "--out", str(book), "--force").returncode == 0

    workbook = openpyxl.load_workbook(book)
    roles = workbook["Roles"]
    row = next(r[0].row for r in roles.iter_rows(min_row=2) if r[0].value == "sales-rep")
    roles.cell(row, 2).value = "Sales representative (territory)"
    workbook.save(book)

    dry = cmap(root, "import", "model", str(book), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout == ("Would change competency-map/roles/sales-rep.yml: title: `Sales "
                          "representative` → `Sales representative (territory)`.\n")
    assert git(root, "status", "--porcelain") == ""

    done = cmap(root, "import", "model", str(book))
    assert done.returncode == 0 and done.stdout.startswith("Changed competency-map/roles/sales-rep.yml")
    assert git(root, "diff", "--numstat") == "1\t1\tcompetency-map/roles/sales-rep.yml"
    assert cmap(root, "validate").returncode == 0
    same = cmap(root, "import", "model", str(book))
    assert same.stdout == "Nothing to change: the repository already says what the tables say.\n"


def test_a_bad_workbook_is_every_problem_at_its_cell_and_nothing_is_written(root: Path,
                                                                          tmp_path: Path) -> None:
    book = tmp_path / "map.xlsx"
    assert cmap(root, "export", "xlsx", "--out", str(book)).returncode == 0
    workbook = openpyxl.load_workbook(book)
    workbook["Roles"]["B2"] = "A new title"
    workbook["Profiles"]["C3"] = "three"
    workbook["Competencies"]["E2"] = "corre"
    workbook.save(book)
    done = cmap(root, "import", "model", str(book))
    assert done.returncode == 1 and done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if not line.startswith("    hint:")]
    assert [line.split(" ", 2)[:2] for line in lines[:-1]] == [
        [f"{book}:Competencies!E2:", "error"], [f"{book}:Competencies!E2:", "error"],
        [f"{book}:Profiles!C3:", "error"]]
    assert "I641 There is no category `corre`." in lines[0]
    assert "I644 The rows of `communication` disagree on its `category`" in lines[1]
    assert lines[-1] == "cmap: 3 errors; nothing was written."
    assert git(root, "status", "--porcelain") == ""


def test_a_folder_of_csv_tables_imports_as_the_workbook_does(root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    assert cmap(root, "export", "csv", "--out", str(folder)).returncode == 0
    done = cmap(root, "import", "model", str(folder), "--dry-run")
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "Nothing to change: the repository already says what the tables say.\n", "")


@pytest.mark.parametrize(("args", "code", "words"), [
    (("export", "xlsx"), 2, "the following arguments are required: --out"),
    (("export", "xlsx", "--out", "-"), 1, "a workbook cannot go to the screen"),
    (("import", "model"), 2, "the following arguments are required"),
    (("import", "model", "missing.xlsx"), 1, "missing.xlsx:1:1: error I630 The file cannot be read"),
])
def test_usage_and_unusable_files(root: Path, args: tuple[str, ...], code: int, words: str) -> None:
    done = cmap(root, *args)
    assert done.returncode == code and words in done.stderr
