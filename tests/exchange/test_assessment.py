"""The assessment worksheet, and needs from a filled one: totals only, never a name or a rating."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path

import pytest
from support.needs_repos import CYCLE, make_repo
from support.progress import Recorder

from generator.exchange.assessment import COLUMNS, PERSONS, import_assessment, worksheet_csv
from generator.exchange.needs_import import Outcome, write
from generator.files.csv_input import FORMULA_STARTS
from generator.model.competency_map import CompetencyMap
from generator.problems import CmapError
from generator.rules.repository import load_repository

TODAY = date(2026, 11, 20)
DEPARTMENT = "beijing-branch"  # staffs 64 sales-rep and 1 branch-head
PEOPLE = ["Wang Lei", "Zhang Min", "Chen Jing", "Li Na"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


@pytest.fixture
def model(root: Path) -> CompetencyMap:
    return load_repository(root).model


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def filled(model: CompetencyMap, role: str, ratings: dict[str, list[str]],
           people: list[str] = PEOPLE) -> str:
    """The role's worksheet with the person headers replaced and some rows rated."""
    rows = rows_of(worksheet_csv(model, role))
    rows[0] = rows[0][: len(COLUMNS)] + people
    for row in rows[1:]:
        row[len(COLUMNS):] = ratings.get(row[1], [""] * len(people))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def run(root: Path, content: str, department: str = DEPARTMENT) -> Outcome:
    (root.parent / "sheet.csv").write_text(content, encoding="utf-8-sig")
    return import_assessment(root, root.parent / "sheet.csv", "sheet.csv", CYCLE, department, TODAY)


def needs_text(root: Path) -> str:
    return (root / "needs" / CYCLE / f"{DEPARTMENT}.yml").read_text(encoding="utf-8")


def test_the_worksheet_lists_the_roles_profile_with_person_columns(model: CompetencyMap) -> None:
    text = worksheet_csv(model, "sales-rep")
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = rows_of(text)
    assert rows[0] == [*COLUMNS, *(f"person {n}" for n in range(1, PERSONS + 1))]
    role = model.roles["sales-rep"]
    assert [r[1] for r in rows[1:]] == [req.competency for req in role.requirements]
    first, req = rows[1], role.requirements[0]
    comp = model.competencies[req.competency]
    assert first[:5] == ["sales-rep", req.competency, comp.name, str(req.level),
                         "yes" if req.critical else "no"]
    assert first[6:] == [""] * PERSONS


def test_worksheet_rows_rate_against_the_roles_expectations_else_the_levels_indicators(
        model: CompetencyMap) -> None:
    # Sales representatives and shopping guides both need consultative selling at level 3,
    # each with their own expectations; product knowledge states none.
    looks = COLUMNS.index("what the required level looks like")
    for role_id in ("sales-rep", "shopping-guide"):
        rows = {row[1]: row for row in rows_of(worksheet_csv(model, role_id))[1:]}
        req = next(r for r in model.roles[role_id].requirements
                   if r.competency == "consultative-selling")
        assert req.level == 3 and req.expectations
        assert rows["consultative-selling"][looks] == " / ".join(req.expectations)
        indicators = model.competencies["product-knowledge"].indicators[3]
        assert rows["product-knowledge"][looks] == " / ".join(indicators)


def test_no_worksheet_cell_starts_a_formula(model: CompetencyMap) -> None:
    comp = model.competencies["negotiation"]
    model.competencies["negotiation"] = dataclasses.replace(
        comp, name="=HYPERLINK(\"http://x\",\"y\")", indicators={2: ("-minus first", "@at")})
    role = model.roles["sales-rep"]
    model.roles["sales-rep"] = dataclasses.replace(role, requirements=tuple(
        dataclasses.replace(r, expectations=("+1 rebate point", "=2")) if r.competency == "communication"
        else r for r in role.requirements))
    cells = [cell for role in model.roles for row in rows_of(worksheet_csv(model, role))
             for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'-minus first / @at" in cells
    assert "'+1 rebate point / =2" in cells


def test_an_unknown_role_gets_a_suggestion(model: CompetencyMap) -> None:
    with pytest.raises(CmapError, match="Did you mean `sales-rep`"):
        worksheet_csv(model, "sales-reps")


def test_people_below_the_required_level_become_one_entry(root: Path, model: CompetencyMap) -> None:
    # negotiation: level 2 required, not critical; consultative-selling: level 3, critical.
    sheet = filled(model, "sales-rep", {"negotiation": ["1", "1", "3", ""],
                                        "consultative-selling": ["1", "2", "2", "3"],
                                        "communication": ["3", "4", "", "3"]})
    outcome = run(root, sheet)
    assert outcome.ok, outcome.problems
    write(root, outcome.changes)
    entries = load_repository(root).model.submissions[CYCLE, DEPARTMENT].needs
    found = {n.competency: (n.current, n.target, n.headcount, n.priority, n.evidence)
             for n in entries}
    assert found == {
        "negotiation": (1, 2, 2, "medium",
                        "Assessment worksheet: 2 of 3 rated people below level 2."),
        "consultative-selling": (2, 3, 3, "high",
                                 "Assessment worksheet: 3 of 4 rated people below level 3."),
    }


def test_a_worksheet_without_person_columns_is_an_error(root: Path, model: CompetencyMap) -> None:
    outcome = run(root, filled(model, "branch-head", {}, people=[]))
    assert [(p.line, p.column, p.code) for p in outcome.problems] == [(1, 7, "I605")]


def test_the_current_level_is_the_median_rounded_down(root: Path, model: CompetencyMap) -> None:
    people = [f"p{n}" for n in range(5)]
    role = model.roles["sales-rep"]
    assert role.required_level("communication") == 3
    sheet = filled(model, "sales-rep", {"communication": ["1", "2", "2", "2", "5"]}, people)
    outcome = run(root, sheet)
    assert [c.rel for c in outcome.changes] and "current: 2\n" in outcome.changes[0].text
    sheet = filled(model, "sales-rep", {"communication": ["1", "2", "", "", ""]}, people)
    assert "current: 1\n" in run(root, sheet).changes[0].text


def test_no_name_header_or_single_rating_reaches_the_file(root: Path, model: CompetencyMap) -> None:
    sheet = filled(model, "sales-rep", {"negotiation": ["1", "1", "3", ""]},
                   people=["Wang Lei", "ZM", "Chen Jing", "Li Na"])
    outcome = run(root, sheet)
    write(root, outcome.changes)
    text = needs_text(root)
    for secret in ("Wang", "Lei", "ZM", "Chen", "Jing", "Li Na", "person", "sheet.csv"):
        assert secret not in text
    assert "rated people" in text and load_repository(root).ok


def test_blank_cells_are_not_rated_and_nothing_without_a_gap_is_written(root: Path,
                                                                        model: CompetencyMap) -> None:
    sheet = filled(model, "sales-rep", {"negotiation": ["2", "", "3", "5"]})
    outcome = run(root, sheet)
    assert outcome.ok and outcome.changes == []
    assert not (root / "needs").exists()


@pytest.mark.parametrize(("rating", "code", "words"), [
    ("6", "I611", "Use one of its levels: 1, 2, 3, 4, 5"),
    ("0", "I611", "not on the scale"),
    ("2.5", "I611", "whole number"),
    ("two", "I611", "whole number"),
    ("=1+1", "I607", "formula"),
])
def test_a_bad_rating_is_reported_at_its_cell(root: Path, model: CompetencyMap, rating: str,
                                              code: str, words: str) -> None:
    sheet = filled(model, "sales-rep", {"communication": ["1", "2", rating, ""]})
    row = 1 + [req.competency for req in model.roles["sales-rep"].requirements].index(
        "communication") + 1
    outcome = run(root, sheet)
    [problem] = [p for p in outcome.problems if p.is_error]
    assert (problem.path, problem.line, problem.column, problem.code) == (
        "sheet.csv", row, len(COLUMNS) + 3, code)
    assert words in problem.message + problem.hint
    assert not outcome.changes and not (root / "needs").exists()


def test_a_role_not_staffed_in_the_department_is_refused(root: Path, model: CompetencyMap) -> None:
    outcome = run(root, filled(model, "sales-rep", {"negotiation": ["1", "", "", ""]}),
                  department="hr-training")
    assert [(p.line, p.column, p.code) for p in outcome.problems] == [(6, 1, "I618")]


def test_more_people_rated_than_staffed_is_refused(root: Path, model: CompetencyMap) -> None:
    outcome = run(root, filled(model, "branch-head", {"business-planning": ["1", "2", "", ""]}))
    [problem] = outcome.problems
    assert (problem.line, problem.code) == (2, "I613") and "has 1 `branch-head`" in problem.message


def test_a_competency_outside_the_profile_is_refused(root: Path, model: CompetencyMap) -> None:
    sheet = filled(model, "sales-rep", {"negotiation": ["1", "", "", ""]}).replace(
        "sales-rep,negotiation", "sales-rep,team-leadership")
    [problem] = run(root, sheet).problems
    assert (problem.column, problem.code) == (2, "I618") and "profile" in problem.message


def test_a_changed_required_level_counts_and_is_noted(root: Path, model: CompetencyMap) -> None:
    sheet = filled(model, "sales-rep", {"negotiation": ["1", "", "", ""]}).replace(
        "sales-rep,negotiation,Negotiation,2", "sales-rep,negotiation,Negotiation,4")
    outcome = run(root, sheet)
    assert outcome.ok and [(p.code, p.column) for p in outcome.problems] == [("I622", 4)]
    assert "target: 2\n" in outcome.changes[0].text


def test_an_empty_worksheet_is_an_error(root: Path, model: CompetencyMap) -> None:
    outcome = run(root, filled(model, "sales-rep", {}))
    assert [(p.line, p.column, p.code) for p in outcome.problems] == [(2, 7, "I604")]


def test_repeated_rows_and_person_headers(root: Path, model: CompetencyMap) -> None:
    sheet = filled(model, "sales-rep", {"negotiation": ["1", "", "", ""]}, ["WL", "WL", "x", "y"])
    assert run(root, sheet).ok
    lines = sheet.splitlines()
    outcome = run(root, "\n".join([*lines, *lines[1:]]) + "\n")
    assert {p.code for p in outcome.problems} == {"I617"}


def test_re_importing_the_worksheet_keeps_the_file(root: Path, model: CompetencyMap) -> None:
    sheet = filled(model, "sales-rep", {"negotiation": ["1", "1", "", ""]})
    write(root, run(root, sheet).changes)
    before = needs_text(root)
    outcome = run(root, sheet.replace(",1,1,,", ",1,1,1,"))
    assert outcome.changes == [] and [p.code for p in outcome.problems] == ["I620"]
    assert needs_text(root) == before


def test_an_unknown_department_gets_a_suggestion(root: Path) -> None:
    with pytest.raises(CmapError, match="Did you mean `beijing-branch`"):
        run(root, "role,competency\n", department="beijing")


def test_an_assessment_import_reports_its_phases(root: Path, model: CompetencyMap) -> None:
    sheet = filled(model, "sales-rep", {"negotiation": ["1", "1", "3", ""]})
    (root.parent / "sheet.csv").write_text(sheet, encoding="utf-8-sig")
    recorder = Recorder()
    outcome = import_assessment(root, root.parent / "sheet.csv", "sheet.csv", CYCLE, DEPARTMENT,
                                TODAY, recorder)
    assert outcome.ok, outcome.problems
    assert recorder.names == ["load", "validate", "rows", "result load", "result validate"]
    rows = recorder.phases[2]
    assert rows.total == rows.done == len(model.roles["sales-rep"].requirements)
