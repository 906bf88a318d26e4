"""`cmap import model`: the example's workbook read back into an empty repository and into
the example itself, changes made only where the meaning changes, what the workbook leaves
out kept with a warning, and every bad cell reported at its cell with nothing written.

Real workbooks throughout: the example exported once (`workbook`), changed with openpyxl
the way a person changes it in Excel.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from support import FIXTURES, ROOT
from support.model_repos import example_copy, new_company

from generator.exchange import csv_export
from generator.exchange.sheets.importer import Outcome, plan_import, write
from generator.exchange.sheets.tables import SHEETS
from generator.exchange.sheets.workbook import workbook_bytes
from generator.model.competency_map import CompetencyMap
from generator.rules.repository import load_repository

Cells = dict[str, list[list[object]]]


@pytest.fixture(scope="module")
def example() -> CompetencyMap:
    result = load_repository(ROOT)
    assert result.ok, result.errors
    return result.model


@pytest.fixture(scope="module")
def workbook(example: CompetencyMap, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "map.xlsx"
    path.write_bytes(workbook_bytes(example, "Jiahe competency map"))
    return path


def cells(data: bytes | Path) -> Cells:
    """Every value of every sheet, as openpyxl reads them."""
    book = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    return {ws.title: [[cell.value for cell in row] for row in ws.iter_rows()] for ws in book}


def changed(workbook: Path, tmp_path: Path, change: Callable[[Workbook], None]) -> Path:
    book = openpyxl.load_workbook(workbook)
    change(book)
    path = tmp_path / "changed.xlsx"
    book.save(path)
    return path


def row_of(book: Workbook, sheet: str, *key: object) -> int:
    """The row whose first cells are `key`."""
    return next(row[0].row for row in book[sheet].iter_rows(min_row=2)
                if tuple(cell.value for cell in row[: len(key)]) == key)


def places(outcome: Outcome) -> list[tuple[str, str]]:
    """(code, place without the file) of every problem."""
    return [(p.code, p.place.split(":", 1)[1]) for p in outcome.problems]


def into_new_company(source: Path, name: str, root: Path) -> tuple[CompetencyMap, int]:
    """Import `source` into the new company's repository at `root`: the map it then holds,
    checked to be valid, and how many of the starter's entries stayed (each with a warning,
    the only problems: the starter's vocabulary entries and levels the source lacks)."""
    outcome = plan_import(root, source, name)
    assert outcome.ok, outcome.problems
    assert all(p.code == "I647" and not p.is_error for p in outcome.problems)
    write(root, outcome)
    result = load_repository(root)
    assert result.problems == []
    return result.model, len(outcome.problems)


def added_rows(again: Cells, original: Cells) -> int:
    """How many rows `again` has besides every row of `original`, which it has unchanged and
    in the same order."""
    assert again.keys() == original.keys()
    for sheet, rows in original.items():
        assert [row for row in again[sheet] if row in rows] == rows, sheet
    return sum(len(again[sheet]) - len(rows) for sheet, rows in original.items())


def test_the_example_round_trips_through_a_new_company_repository(workbook: Path, tmp_path: Path) -> None:
    root = new_company(tmp_path / "new")
    assert load_repository(root).problems == []
    model, kept = into_new_company(workbook, "map.xlsx", root)
    again, original = cells(workbook_bytes(model, "Jiahe competency map")), cells(workbook)
    assert added_rows(again, original) == kept == 2
    added = {sheet: [row[0] for row in rows if row not in original[sheet]] for sheet, rows in again.items()}
    assert {sheet: ids for sheet, ids in added.items() if ids} == {"Areas": ["clients"],
                                                                   "Families": ["general"]}


def test_the_chinese_example_round_trips_once_the_starters_company_is_gone(tmp_path: Path) -> None:
    zh = load_repository(FIXTURES / "zh").model
    exported = tmp_path / "zh.xlsx"
    exported.write_bytes(workbook_bytes(zh))
    assert plan_import(FIXTURES / "zh", exported, "zh.xlsx").changes == []
    root = new_company(tmp_path / "new", "zh")
    refused = plan_import(root, exported, "zh.xlsx")
    assert places(refused) == [("I646", "Departments!A3")]  # `jiahe` beside the starter's `company`
    assert "delete competency-map/departments/company.yml" in refused.problems[0].hint
    (root / "competency-map/departments/company.yml").unlink()
    model, kept = into_new_company(exported, "zh.xlsx", root)
    assert added_rows(cells(workbook_bytes(model)), cells(exported)) == kept == 3


def test_importing_the_example_into_itself_changes_nothing(workbook: Path) -> None:
    outcome = plan_import(ROOT, workbook, "map.xlsx")
    assert (outcome.changes, outcome.problems) == ([], [])


def test_the_csv_tables_read_back_as_the_workbook_does(example: CompetencyMap, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, text in csv_export.all_tables(example).items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    model, kept = into_new_company(folder, "csv", new_company(tmp_path / "new"))
    tables = {sheet.name: [[line] for line in csv_export.map_table(sheet, model).splitlines()]
              for sheet in SHEETS}
    original = {sheet.name: [[line] for line in csv_export.map_table(sheet, example).splitlines()]
                for sheet in SHEETS}
    assert added_rows(tables, original) == kept == 2


def test_a_change_touches_only_the_lines_whose_meaning_changed(workbook: Path, tmp_path: Path) -> None:
    root = example_copy(tmp_path / "repo")
    before = {p: p.read_text(encoding="utf-8") for p in (root / "competency-map").rglob("*.yml")}

    def edit(book: Workbook) -> None:
        competencies = book["Competencies"]
        for row in range(2, competencies.max_row + 1):
            if competencies.cell(row, 1).value == "negotiation":
                competencies.cell(row, 2).value = "Negotiating"
        third = row_of(book, "Competencies", "negotiation", "Negotiating", 3)
        competencies.cell(third, 4).value += "\nWalks away from a deal that costs more than it brings."
        profile = row_of(book, "Profiles", "sales-rep", "negotiation")
        book["Profiles"].cell(profile, 3).value = 3
        book["Profiles"].cell(profile, 5).value = "Rebates are agreed by the sales manager."
        book["Profiles"].cell(row_of(book, "Profiles", "sales-rep", "consultative-selling"), 4).value = "no"
        book["Departments"].cell(row_of(book, "Departments", "beijing-branch"), 7).value = None
        book["Categories"].append(["digital", "Digital skills", "Working with data and digital tools."])

    outcome = plan_import(root, changed(workbook, tmp_path, edit), "map.xlsx")
    assert outcome.ok and outcome.problems == []
    assert [(c.rel, c.what) for c in outcome.changes] == [
        ("competency-map/categories.yml", "categories (adds digital)"),
        ("competency-map/competencies/negotiation.yml",
         "name: `Negotiation` → `Negotiating`; levels (changes 3)"),
        ("competency-map/departments/beijing-branch.yml", "removes location"),
        ("competency-map/roles/sales-rep.yml",
         "competencies (changes consultative-selling, negotiation)")]
    write(root, outcome)
    diffs = {path.relative_to(root).as_posix(): [
        line for line in difflib.ndiff(text.splitlines(), path.read_text(encoding="utf-8").splitlines())
        if line[:2] in ("- ", "+ ")] for path, text in before.items()}
    assert {rel: lines for rel, lines in diffs.items() if lines} == {
        "competency-map/categories.yml": ["+   - id: digital", "+     name: Digital skills",
                                          "+     description: Working with data and digital tools."],
        "competency-map/competencies/negotiation.yml": [
            "- name: Negotiation", "+ name: Negotiating",
            "+       - Walks away from a deal that costs more than it brings."],
        "competency-map/departments/beijing-branch.yml": ["- location: Beijing"],
        "competency-map/roles/sales-rep.yml": [
            "-     critical: true", "-     level: 2", "+     level: 3",
            "+     note: Rebates are agreed by the sales manager."]}
    assert load_repository(root).ok


def test_what_the_workbook_no_longer_lists_is_kept_with_a_warning(workbook: Path, tmp_path: Path) -> None:
    root = example_copy(tmp_path / "repo")

    def remove(book: Workbook) -> None:
        book["Profiles"].delete_rows(row_of(book, "Profiles", "sales-rep", "negotiation"))
        teamwork = [r for r in range(2, book["Competencies"].max_row + 1)
                    if book["Competencies"].cell(r, 1).value == "teamwork"]
        book["Competencies"].delete_rows(teamwork[0], len(teamwork))
        book["Categories"].delete_rows(row_of(book, "Categories", "functional"))
        book["Staffing"].delete_rows(row_of(book, "Staffing", "beijing-branch", "sales-rep"))

    outcome = plan_import(root, changed(workbook, tmp_path, remove), "map.xlsx")
    assert outcome.ok and outcome.changes == []
    assert all(not p.is_error and p.code == "I647" for p in outcome.problems)
    def line_of(rel: str, text: str) -> int:
        lines = (root / rel).read_text(encoding="utf-8").splitlines()
        return next(number for number, line in enumerate(lines, start=1) if text in line)

    assert [(p.path, p.line, p.message) for p in outcome.problems] == [
        ("competency-map/categories.yml", line_of("competency-map/categories.yml", "id: functional"),
         "The Categories sheet has no row for the entry `functional`: it stays in the file."),
        ("competency-map/competencies/teamwork.yml", 1, "The Competencies sheet does not list "
         "the competency `teamwork`: its file stays as it is."),
        ("competency-map/departments/beijing-branch.yml",
         line_of("competency-map/departments/beijing-branch.yml", "  sales-rep: "),
         "The Staffing sheet has no row for `sales-rep` in `beijing-branch`: it stays in the file."),
        ("competency-map/roles/sales-rep.yml",
         line_of("competency-map/roles/sales-rep.yml", "competency: negotiation"),
         "The Profiles sheet has no row for `negotiation` in the profile of `sales-rep`: it "
         "stays in the file.")]


def test_a_sheet_left_out_leaves_its_part_of_the_map_alone(workbook: Path, tmp_path: Path) -> None:
    def leave_out(book: Workbook) -> None:
        for name in ("Staffing", "Profiles", "Competencies"):
            del book[name]
        book["Roles"].delete_cols(6)  # "next roles": an optional column

    outcome = plan_import(ROOT, changed(workbook, tmp_path, leave_out), "map.xlsx")
    assert (outcome.changes, outcome.problems) == ([], [])


def test_a_workbook_saved_by_another_program_reads_the_same(workbook: Path, tmp_path: Path) -> None:
    def resave(book: Workbook) -> None:
        book["Roles"].title = "renamed"  # openpyxl takes "roles" for a copy of "Roles"
        book["renamed"].title = "roles"
        book["Departments"]["E1"] = "Head  Name"
        profile = book["Profiles"]
        for row in range(2, profile.max_row + 1):
            profile.cell(row, 3).value = f"{profile.cell(row, 3).value}.0"
            profile.cell(row, 4).value = profile.cell(row, 4).value == "yes"
        indicators = book["Competencies"]["D2"]
        indicators.value = "  " + indicators.value.replace("\n", "\r\n\r\n  ") + "\n"

    outcome = plan_import(ROOT, changed(workbook, tmp_path, resave), "map.xlsx")
    assert (outcome.changes, outcome.problems) == ([], [])


def rows_of(book: Workbook, sheet: str, ident: str) -> list[int]:
    return [row[0].row for row in book[sheet].iter_rows(min_row=2) if row[0].value == ident]


def test_every_bad_cell_is_reported_at_its_cell_all_at_once(workbook: Path, tmp_path: Path) -> None:
    at: dict[str, int] = {}

    def spoil(book: Workbook) -> None:
        competencies = book["Competencies"]
        at["bad-id"], at["empty"] = rows_of(book, "Competencies", "communication")[:2]
        competencies[f"A{at['bad-id']}"] = "Bad Id"
        competencies[f"A{at['empty']}"] = None
        at["nine"], at["half"], at["formula"] = rows_of(book, "Competencies", "negotiation")[:3]
        competencies[f"C{at['nine']}"] = 9
        competencies[f"C{at['half']}"] = 2.5
        competencies[f"C{at['formula']}"] = "=1+2"
        at["long"] = rows_of(book, "Competencies", "teamwork")[0]
        competencies[f"D{at['long']}"] = "x" * 501
        at["category"] = rows_of(book, "Competencies", "problem-solving")[0]
        competencies[f"E{at['category']}"] = "nocategory"
        at["name"] = rows_of(book, "Competencies", "data-analysis")[1]
        competencies[f"B{at['name']}"] = "Other name"
        competencies.append([c.value for c in competencies[rows_of(book, "Competencies", "teamwork")[1]]])
        at["again"] = competencies.max_row
        book["Profiles"]["B2"], book["Profiles"]["D3"] = "negociation", "maybe"
        book["Departments"]["C2"], book["Departments"]["F3"] = "division", "not a handle!"
        book["Staffing"]["C2"], book["Scales"]["D4"] = -5, None
        book["Roles"].append(["brand-new", "Brand new", "sales", None, None, None, "Does things."])
        at["new"] = book["Roles"].max_row

    outcome = plan_import(ROOT, changed(workbook, tmp_path, spoil), "map.xlsx")
    assert outcome.changes == []
    assert sorted(places(outcome)) == sorted([
        ("I638", f"Competencies!A{at['bad-id']}"), ("I637", f"Competencies!A{at['empty']}"),
        ("I640", f"Competencies!C{at['nine']}"), ("I639", f"Competencies!C{at['half']}"),
        ("I635", f"Competencies!C{at['formula']}"), ("I643", f"Competencies!D{at['long']}"),
        ("I641", f"Competencies!E{at['category']}"), ("I644", f"Competencies!E{at['category']}"),
        ("I644", f"Competencies!B{at['name']}"), ("I642", f"Competencies!C{at['again']}"),
        ("I645", "Departments!C2"), ("I638", "Departments!F3"),
        ("I641", "Profiles!B2"), ("I645", "Profiles!D3"), ("I646", f"Roles!A{at['new']}"),
        ("I637", "Scales!D4"), ("I639", "Staffing!C2")])
    negotiation = next(p for p in outcome.problems if p.sheet == "Profiles")
    assert negotiation.hint.startswith("Did you mean `negotiation`?")


def test_sheets_and_columns_that_are_not_the_maps_are_reported(workbook: Path, tmp_path: Path) -> None:
    def spoil(book: Workbook) -> None:
        book["Roles"]["Z1"] = "extra"
        book["Families"]["A1"] = "familly"
        book["Departments"]["G1"] = None  # "location", whose cells still hold values
        book.create_sheet("Notes")

    outcome = plan_import(ROOT, changed(workbook, tmp_path, spoil), "map.xlsx")
    assert places(outcome) == [("I634", "Departments!G1"), ("I634", "Families!A1"),
                               ("I634", "Families!D1"), ("I633", "Notes!A1"), ("I634", "Roles!Z1")]
    assert outcome.problems[1].hint.startswith("Did you mean `family`?")


def test_a_change_that_breaks_a_rule_across_files_is_an_error(workbook: Path, tmp_path: Path) -> None:
    def loop(book: Workbook) -> None:
        book["Roles"].cell(row_of(book, "Roles", "sales-manager"), 5).value = "sales-rep"

    outcome = plan_import(ROOT, changed(workbook, tmp_path, loop), "map.xlsx")
    assert not outcome.ok
    assert {(p.code, p.path) for p in outcome.problems if p.is_error} >= {
        ("R307", "competency-map/roles/sales-manager.yml")}


def test_a_file_that_cannot_be_read_is_an_error(workbook: Path, tmp_path: Path) -> None:
    root = example_copy(tmp_path / "repo")
    (root / "competency-map/roles/sales-rep.yml").write_text("id: [unclosed\n", encoding="utf-8")

    def retitle(book: Workbook) -> None:
        book["Roles"].cell(row_of(book, "Roles", "sales-rep"), 2).value = "Sales representative II"

    outcome = plan_import(root, changed(workbook, tmp_path, retitle), "map.xlsx")
    assert [(p.code, p.path) for p in outcome.problems if p.is_error] == [
        ("I648", "competency-map/roles/sales-rep.yml")]


def test_a_role_the_workbook_adds_is_a_new_file_with_the_schema_line(workbook: Path,
                                                                     tmp_path: Path) -> None:
    root = example_copy(tmp_path / "repo")

    def add(book: Workbook) -> None:
        book["Roles"].append(["trainee", "Sales trainee", "sales", 0, "sales-rep", "sales-rep",
                              "Learns to sell: yes, really."])
        book["Profiles"].append(["trainee", "product-knowledge", 1, "no", None,
                                 "Names every model in the store.\nOn: the price list."])
        book["Responsibilities"].append(["trainee", "task", "Shadows a sales representative."])

    outcome = plan_import(root, changed(workbook, tmp_path, add), "map.xlsx")
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert [(c.rel, c.created) for c in outcome.changes] == [("competency-map/roles/trainee.yml", True)]
    assert outcome.changes[0].text.splitlines()[:4] == [
        "# yaml-language-server: $schema=../../schemas/role.schema.json",  # no generator/ here
        "id: trainee", "title: Sales trainee", "family: sales"]
    write(root, outcome)
    trainee = load_repository(root).model.roles["trainee"]
    assert (trainee.grade, trainee.summary, trainee.requirements[0].expectations) == (
        "0", "Learns to sell: yes, really.", ("Names every model in the store.", "On: the price list."))


def test_a_field_the_workbook_has_no_column_for_stays_as_it_is(workbook: Path, tmp_path: Path) -> None:
    root = example_copy(tmp_path / "repo")
    rel = "competency-map/competencies/negotiation.yml"
    origin = ("origin:\n  framework: urn:example:framework  # from cmap import case\n"
              "  identifier: 0d1c2b3a\n  code: NEG.1\n")
    (root / rel).write_text((root / rel).read_text(encoding="utf-8") + origin, encoding="utf-8")

    def rename(book: Workbook) -> None:
        for row in rows_of(book, "Competencies", "negotiation"):
            book["Competencies"].cell(row, 2).value = "Negotiating"

    outcome = plan_import(root, changed(workbook, tmp_path, rename), "map.xlsx")
    assert outcome.ok and [c.what for c in outcome.changes] == ["name: `Negotiation` → `Negotiating`"]
    assert outcome.changes[0].text.endswith(origin)
