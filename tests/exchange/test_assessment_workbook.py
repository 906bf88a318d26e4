"""The assessment worksheet as an Excel workbook: opened with openpyxl as Excel would show it,
its gap formulas evaluated, and filled workbooks imported as needs."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from support.needs_repos import CYCLE, make_repo

from generator.exchange.assessment import COLUMNS, PERSONS, import_assessment, worksheet_csv
from generator.exchange.assessment_workbook import HEADERS, SHEET, worksheet_xlsx
from generator.exchange.needs_import import Outcome, write
from generator.model.competency_map import CompetencyMap
from generator.problems import CmapError
from generator.rules.repository import load_repository

TODAY = date(2026, 11, 20)
DEPARTMENT = "beijing-branch"  # staffs 64 sales-rep and 1 branch-head
GAP = len(HEADERS)  # the gap column, from 1
FIRST_PERSON = GAP + 1


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


@pytest.fixture
def model(root: Path) -> CompetencyMap:
    return load_repository(root).model


def opened(data: bytes) -> Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [SHEET]
    ws = book[SHEET]
    assert isinstance(ws, Worksheet)
    return ws


def row_of(ws: Worksheet, competency: str) -> int:
    return next(cell.row for cell in ws["B"] if cell.value == competency)


def filled(model: CompetencyMap, role: str, ratings: dict[str, list[Any]],
           path: Path, change: Callable[[Worksheet], None] = lambda ws: None) -> Path:
    """The role's workbook with initials as person headers and some rows rated, saved."""
    ws = opened(worksheet_xlsx(model, role))
    for index, initials in enumerate(("WL", "ZM", "CJ", "LN")):
        ws.cell(row=1, column=FIRST_PERSON + index, value=initials)
    for competency, values in ratings.items():
        for index, value in enumerate(values):
            ws.cell(row=row_of(ws, competency), column=FIRST_PERSON + index, value=value)
    change(ws)
    assert ws.parent is not None
    ws.parent.save(path)
    return path


def run(root: Path, path: Path, department: str = DEPARTMENT) -> Outcome:
    return import_assessment(root, path, path.name, CYCLE, department, TODAY)


# -- the workbook ----------------------------------------------------------------------


def test_the_workbook_holds_the_roles_profile_like_the_csv(model: CompetencyMap) -> None:
    ws = opened(worksheet_xlsx(model, "sales-rep"))
    role = model.roles["sales-rep"]
    header = [cell.value for cell in ws[1]]
    assert header == [*COLUMNS, "gap", *(f"person {n}" for n in range(1, PERSONS + 1))]
    rows = list(ws.iter_rows(min_row=2, max_row=len(role.requirements) + 1, values_only=True))
    assert [row[1] for row in rows] == [req.competency for req in role.requirements]
    req = next(r for r in role.requirements if r.competency == "consultative-selling")
    row = rows[[r.competency for r in role.requirements].index("consultative-selling")]
    assert row[:6] == ("sales-rep", req.competency, model.competencies[req.competency].name,
                       req.level, "yes" if req.critical else "no", "\n".join(req.expectations))
    assert ws.freeze_panes == "D2"
    notes = [cell.comment is not None for cell in ws[1]]
    assert notes == [True] * (len(HEADERS) + 1) + [False] * (PERSONS - 1)  # one for the people


def test_every_person_cell_offers_the_levels_of_its_rows_scale(model: CompetencyMap) -> None:
    ws = opened(worksheet_xlsx(model, "sales-rep"))
    checks = ws.data_validations.dataValidation
    assert checks and all(c.type == "list" and c.showErrorMessage for c in checks)
    for req in model.roles["sales-rep"].requirements:
        scale = model.scales[model.competencies[req.competency].scale]
        row = row_of(ws, req.competency)
        for column in (FIRST_PERSON, FIRST_PERSON + PERSONS - 1):
            cell = ws.cell(row=row, column=column).coordinate
            [check] = [c for c in checks if cell in c.sqref]
            assert check.formula1 == '"' + ",".join(map(str, scale.numbers)) + '"'
            assert scale.levels[0].name in (check.prompt or "")
        assert not [c for c in checks if ws.cell(row=row, column=GAP).coordinate in c.sqref]


def test_the_page_is_set_up_for_print(model: CompetencyMap) -> None:
    role = model.roles["sales-rep"]
    model.roles["sales-rep"] = dataclasses.replace(role, title="Sales & service rep")
    ws = opened(worksheet_xlsx(model, "sales-rep"))
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr is not None
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    # `&` starts a header code (`&P` is the page number): the role's own is doubled.
    assert ws.oddHeader.center.text == "Assessment worksheet: Sales && service rep"
    assert "&P" in (ws.oddFooter.right.text or "")


class _Cells:
    """A row or column of cell values as Excel computes with them: an empty cell is ""
    when compared with text and 0 in arithmetic; TRUE and FALSE multiply as 1 and 0."""

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def _zip(self, other: Any) -> list[tuple[Any, Any]]:
        others = other.values if isinstance(other, _Cells) else [other] * len(self.values)
        return list(zip(self.values, others, strict=True))

    def __ne__(self, other: object) -> _Cells:  # type: ignore[override]
        return _Cells([(a if a is not None else "") != b for a, b in self._zip(other)])

    def __lt__(self, other: Any) -> _Cells:
        return _Cells([(a or 0) < (b or 0) for a, b in self._zip(other)])

    def __mul__(self, other: Any) -> _Cells:
        return _Cells([int(a) * int(b) for a, b in self._zip(other)])

    def __rsub__(self, other: Any) -> _Cells:
        return _Cells([(other or 0) - (a or 0) for a in self.values])


def evaluate(ws: Worksheet, formula: str) -> int:
    """The value of a worksheet's formula (only what the gap formulas use)."""
    def cells(found: re.Match[str]) -> str:
        first, last = found.group(1).replace("$", ""), (found.group(2) or "").replace("$", "")
        if not last:
            return f"value({ws[first].value!r})"
        values = [evaluate(ws, c.value) if c.data_type == "f" else c.value
                  for row in ws[f"{first}:{last}"] for c in row]
        return f"_Cells({values!r})"

    python = re.sub(r"(\$?[A-Z]+\$?[0-9]+)(?::(\$?[A-Z]+\$?[0-9]+))?", cells, formula[1:])
    python = python.replace("<>", "!=").replace("SUMPRODUCT", "total").replace("SUM", "total")
    return int(eval(python, {"_Cells": _Cells, "value": lambda v: v,
                             "total": lambda c: sum(c.values) if isinstance(c, _Cells) else c}))


def test_the_sheet_computes_the_gap_per_row_and_in_total(model: CompetencyMap, tmp_path: Path
                                                         ) -> None:
    ratings = {"negotiation": [1, 1, 3], "consultative-selling": [1, 2, None, 3],
               "communication": [3, 4, None, 1]}
    ws = opened(filled(model, "sales-rep", ratings, tmp_path / "f.xlsx").read_bytes())
    role = model.roles["sales-rep"]
    expected = {req.competency: sum(max(0, req.level - r) for r in ratings.get(req.competency, [])
                                    if r is not None) for req in role.requirements}
    assert expected["negotiation"] == 2 and expected["communication"] == 2
    for competency, gap in expected.items():
        formula = ws.cell(row=row_of(ws, competency), column=GAP).value
        assert isinstance(formula, str) and formula.startswith("=SUMPRODUCT(")
        assert evaluate(ws, formula) == gap, competency
    total = len(role.requirements) + 2
    assert ws.cell(row=total, column=3).value == "total gap"
    formula = ws.cell(row=total, column=GAP).value
    assert isinstance(formula, str) and evaluate(ws, formula) == sum(expected.values())


def test_no_text_from_the_map_becomes_a_formula_or_a_code(model: CompetencyMap) -> None:
    comp = model.competencies["negotiation"]
    model.competencies["negotiation"] = dataclasses.replace(
        comp, name="=HYPERLINK(\"http://x\",\"y\")", indicators={2: ("-minus first", "@at")})
    data = worksheet_xlsx(model, "sales-rep")
    ws = opened(data)
    row = row_of(ws, "negotiation")
    name, looks = ws.cell(row=row, column=3), ws.cell(row=row, column=6)
    assert (name.value, name.data_type) == ("=HYPERLINK(\"http://x\",\"y\")", "s")
    assert name.quotePrefix and (looks.value, looks.data_type) == ("-minus first\n@at", "s")
    formulas = [c.value for r in ws.iter_rows() for c in r if c.data_type == "f"]
    assert len(formulas) == len(model.roles["sales-rep"].requirements) + 1
    assert all(re.fullmatch(r"=(SUMPRODUCT|SUM)\([A-Z0-9$:<>\"*()+-]+\)", str(f)) for f in formulas)


def test_the_same_worksheet_made_twice_is_the_same_file(model: CompetencyMap) -> None:
    made = datetime(2026, 1, 2, 3, 4, 6, tzinfo=timezone.utc)  # a ZIP counts in 2 s
    data = worksheet_xlsx(model, "sales-rep", made)
    time.sleep(1)  # openpyxl dates a workbook when it saves it: to the second
    assert data == worksheet_xlsx(model, "sales-rep", made)
    assert openpyxl.load_workbook(io.BytesIO(data)).properties.modified == made.replace(tzinfo=None)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {part.date_time for part in archive.infolist()} == {(2026, 1, 2, 3, 4, 6)}


def test_a_role_without_a_profile_gets_headers_only(model: CompetencyMap) -> None:
    role = model.roles["sales-rep"]
    model.roles["sales-rep"] = dataclasses.replace(role, requirements=())
    ws = opened(worksheet_xlsx(model, "sales-rep"))
    assert ws.max_row == 1 and not ws.data_validations.dataValidation


def test_an_unknown_role_gets_a_suggestion(model: CompetencyMap) -> None:
    with pytest.raises(CmapError, match="Did you mean `sales-rep`"):
        worksheet_xlsx(model, "sales-reps")


# -- the filled workbook ---------------------------------------------------------------


def test_a_filled_workbook_imports_as_the_csv_does(root: Path, model: CompetencyMap,
                                                   tmp_path: Path) -> None:
    ratings: dict[str, list[Any]] = {"negotiation": [1, 1, 3], "communication": [3, 4, None, 3],
                                     "consultative-selling": [1, 2, "2", 3]}
    outcome = run(root, filled(model, "sales-rep", ratings, tmp_path / "f.xlsx"))
    rows = list(csv.reader(io.StringIO(worksheet_csv(model, "sales-rep").removeprefix("\ufeff"))))
    for row in rows[1:]:
        rated = ["" if r is None else str(r) for r in ratings.get(row[1], [])]
        row[len(COLUMNS):] = rated + [""] * (PERSONS - len(rated))
    with (tmp_path / "f.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert outcome.ok and outcome.changes == run(root, tmp_path / "f.csv").changes
    assert [change.added for change in outcome.changes] == [2]  # two rows with a gap
    assert "3 of 4 rated people below level 3" in outcome.changes[0].text
    write(root, outcome.changes)
    text = (root / "needs" / CYCLE / f"{DEPARTMENT}.yml").read_text(encoding="utf-8")
    assert not any(secret in text for secret in ("WL", "ZM", "f.xlsx", "person"))


def test_bad_cells_are_reported_at_their_sheet_and_cell(root: Path, model: CompetencyMap,
                                                        tmp_path: Path) -> None:
    def typed_over(ws: Worksheet) -> None:
        ws.cell(row=row_of(ws, "negotiation"), column=FIRST_PERSON + 1, value="=1+1")
        ws.cell(row=row_of(ws, "communication"), column=FIRST_PERSON, value=datetime(2027, 1, 2))

    sheet = filled(model, "sales-rep", {"negotiation": [1], "consultative-selling": [1, 6]},
                   tmp_path / "f.xlsx", typed_over)
    outcome = run(root, sheet)
    ws = opened(sheet.read_bytes())
    at = {c: f"f.xlsx:{SHEET}!{{}}{row_of(ws, c)}" for c in
          ("negotiation", "communication", "consultative-selling")}
    person = openpyxl.utils.get_column_letter
    assert sorted((p.place, p.code) for p in outcome.problems if p.is_error) == sorted([
        (at["negotiation"].format(person(FIRST_PERSON + 1)), "I635"),  # a formula
        (at["communication"].format(person(FIRST_PERSON)), "I635"),  # a date
        (at["consultative-selling"].format(person(FIRST_PERSON + 1)), "I611"),  # not a level
    ])
    assert not outcome.changes and not (root / "needs").exists()


def test_the_first_sheet_is_read_whatever_it_is_called(root: Path, model: CompetencyMap,
                                                       tmp_path: Path) -> None:
    def renamed(ws: Worksheet) -> None:
        ws.title = "Beijing team"
        assert ws.parent is not None
        ws.parent.create_sheet("Notes")["A1"] = "=NOW()"

    sheet = filled(model, "sales-rep", {"negotiation": [1]}, tmp_path / "f.xlsx", renamed)
    outcome = run(root, sheet)
    assert outcome.ok and outcome.problems == [] and outcome.changes


def test_a_workbook_whose_first_sheet_is_not_a_worksheet_says_so(root: Path, tmp_path: Path
                                                                 ) -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["department", "budget"])
    book.save(tmp_path / "budget.xlsx")
    [problem] = run(root, tmp_path / "budget.xlsx").problems
    assert (problem.place, problem.code, problem.message) == (
        "budget.xlsx:Sheet!A1", "I603",
        "Row 1 names none of the columns of this import: this is not the expected sheet.")
