"""`cmap worksheet` and `cmap import` end to end, as a user runs them: exit codes and words.

Exit codes: 0 done (notes allowed), 1 bad data or nothing usable, 2 a usage error.
No output ever holds a traceback.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from support.cli import cmap
from support.needs_repos import CYCLE, HEADER, ROW, make_repo


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def fill(sheet: Path, people: list[str], ratings: dict[str, list[str]]) -> None:
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    rows[0][6:] = people
    for row in rows[1:]:
        row[6:] = ratings.get(row[1], [""] * len(people))
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_worksheet_is_written_once_and_never_overwritten_by_accident(root: Path) -> None:
    done = cmap(root, "worksheet", "--role", "sales-rep")
    assert done.returncode == 0 and "sales-rep-worksheet.csv" in done.stdout
    sheet = root / "sales-rep-worksheet.csv"
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbfrole,competency,competency name,")
    again = cmap(root, "worksheet", "--role", "sales-rep")
    assert again.returncode == 1 and "--force" in again.stderr
    assert cmap(root, "worksheet", "--role", "sales-rep", "--force").returncode == 0


def test_a_worksheet_can_go_to_the_screen(root: Path) -> None:
    done = cmap(root, "worksheet", "--role", "branch-head", "--out", "-")
    assert done.returncode == 0 and "branch-head,business-planning" in done.stdout


def test_an_unknown_role_is_exit_1_with_a_suggestion(root: Path) -> None:
    done = cmap(root, "worksheet", "--role", "salesrep")
    assert done.returncode == 1 and "Did you mean `sales-rep`?" in done.stderr


def test_a_filled_worksheet_becomes_needs_without_names(root: Path) -> None:
    assert cmap(root, "worksheet", "--role", "sales-rep").returncode == 0
    sheet = root / "sales-rep-worksheet.csv"
    fill(sheet, ["Wang Lei", "Zhang Min", "Chen Jing"],
         {"negotiation": ["1", "1", "3"], "communication": ["2", "", "4"]})
    done = cmap(root, "import", "assessment", str(sheet), "--cycle", CYCLE,
                "--department", "beijing-branch")
    assert done.returncode == 0, done.stderr
    assert f"Added 2 entries to needs/{CYCLE}/beijing-branch.yml (new file)." in done.stdout
    text = (root / "needs" / CYCLE / "beijing-branch.yml").read_text(encoding="utf-8")
    assert "2 of 3 rated people below level 2" in text and "1 of 2 rated people below level 3" in text
    assert not any(name in text for name in ("Wang", "Zhang", "Chen", "Min", "Jing", "person"))
    assert cmap(root, "validate").returncode == 0
    again = cmap(root, "import", "assessment", str(sheet), "--cycle", CYCLE,
                 "--department", "beijing-branch")
    assert again.returncode == 0 and "kept the existing entry" in again.stderr
    assert "Nothing to add" in again.stdout


def test_the_worksheet_as_a_workbook_opens_with_dropdowns_and_imports(root: Path) -> None:
    done = cmap(root, "worksheet", "--role", "sales-rep", "--format", "xlsx")
    assert done.returncode == 0 and "sales-rep-worksheet.xlsx" in done.stdout
    sheet = root / "sales-rep-worksheet.xlsx"
    book = openpyxl.load_workbook(sheet)
    ws = book.worksheets[0]
    assert ws.data_validations.dataValidation and ws.freeze_panes == "D2"
    negotiation = next(cell.row for cell in ws["B"] if cell.value == "negotiation")
    for column, rating in (("H", 1), ("I", 1), ("J", 3)):
        ws[f"{column}{negotiation}"] = rating
    book.save(sheet)
    done = cmap(root, "import", "assessment", str(sheet), "--cycle", CYCLE,
                "--department", "beijing-branch")
    assert done.returncode == 0, done.stderr
    text = (root / "needs" / CYCLE / "beijing-branch.yml").read_text(encoding="utf-8")
    assert "2 of 3 rated people below level 2" in text


def test_a_workbook_cannot_go_to_the_screen(root: Path) -> None:
    done = cmap(root, "worksheet", "--role", "sales-rep", "--format", "xlsx", "--out", "-")
    assert done.returncode == 1 and "--out FILE.xlsx" in done.stderr and not done.stdout


def test_import_needs_writes_each_departments_file(root: Path) -> None:
    (root / "needs.csv").write_text(HEADER + ROW + ROW.replace("beijing", "shanghai"),
                                    encoding="utf-8")
    done = cmap(root, "import", "needs", "needs.csv", "--cycle", CYCLE)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (root / "needs" / CYCLE).iterdir()) == [
        "beijing-branch.yml", "shanghai-branch.yml"]
    assert cmap(root, "validate").returncode == 0


def test_a_dry_run_writes_nothing(root: Path) -> None:
    (root / "needs.csv").write_text(HEADER + ROW, encoding="utf-8")
    done = cmap(root, "import", "needs", "needs.csv", "--cycle", CYCLE, "--dry-run")
    assert done.returncode == 0 and "Would add 1 entry" in done.stdout
    assert not (root / "needs").exists()


def test_bad_rows_are_all_reported_as_file_row_column_and_nothing_is_written(root: Path) -> None:
    (root / "needs.csv").write_text(
        HEADER + ROW + "beijing-branch,sales-rep,negotiation,2,2,5,high,x\n"
        'beijing-branch,sales-rep,communication,1,2,5,high,"=HYPERLINK(""http://x"",""y"")"\n'
        "beijing-branch,sales-rep,communication,1,2,5,high,+cmd\n"
        "beijing-branch,sales-rep,communication,1,2,5,high,@SUM(1)\n", encoding="utf-8")
    done = cmap(root, "import", "needs", "needs.csv", "--cycle", CYCLE)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if not line.startswith("    hint:")]
    assert [line.split(" ")[0] for line in lines[:-1]] == [
        "needs.csv:3:5:", "needs.csv:4:8:", "needs.csv:5:8:", "needs.csv:6:8:"]
    assert lines[-1] == "cmap: 4 errors; nothing was written."
    assert not (root / "needs").exists()


@pytest.mark.parametrize(("content", "words"), [
    ((HEADER + ROW).encode("utf-16"), "UTF-16"),
    ((HEADER + ROW.replace("Gives", "销售")).encode("gbk"), "GB18030/GBK"),
    (b"", "The file is empty."),
    (b"PK\x03\x04\x14\x00", "workbook"),
    (b"department,role\n", "The column `competency` is missing."),
])
def test_unusable_files_are_exit_1_with_a_reason(root: Path, content: bytes, words: str) -> None:
    (root / "needs.csv").write_bytes(content)
    done = cmap(root, "import", "needs", "needs.csv", "--cycle", CYCLE)
    assert done.returncode == 1 and words in done.stderr and done.stderr.startswith("needs.csv:")


def test_an_unknown_cycle_is_exit_1(root: Path) -> None:
    (root / "needs.csv").write_text(HEADER + ROW, encoding="utf-8")
    done = cmap(root, "import", "needs", "needs.csv", "--cycle", "2099-h1")
    assert done.returncode == 1 and "no training cycle `2099-h1`" in done.stderr


@pytest.mark.parametrize("args", [
    ("import", "needs", "needs.csv"),
    ("import", "assessment", "sheet.csv", "--cycle", CYCLE),
    ("import", "people", "x.csv", "--cycle", CYCLE),
    ("worksheet",),
])
def test_a_usage_error_is_exit_2(root: Path, args: tuple[str, ...]) -> None:
    done = cmap(root, *args)
    assert done.returncode == 2 and "usage:" in done.stderr


def test_an_import_lists_200_problems_then_counts_the_rest(root: Path) -> None:
    no_gap = ROW.replace(",1,2,5,", ",2,2,5,")  # I612 in every row
    (root / "needs.csv").write_text(HEADER + no_gap * 250, encoding="utf-8")
    done = cmap(root, "import", "needs", "needs.csv", "--cycle", CYCLE)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if not line.startswith("    hint:")]
    assert lines[:200] == [f"needs.csv:{row}:5: error I612 The target level 2 is not above the "
                           "current level 2: there is no gap." for row in range(2, 202)]
    assert lines[200:] == ["… and 50 more problems", "cmap: 250 errors; nothing was written."]
