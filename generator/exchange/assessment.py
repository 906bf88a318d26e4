"""The assessment worksheet (the seeds' "binoculars"), and needs from a filled one.

The training team hands a worksheet per role to line managers: one row per competency of
the role's profile, with the required level and what that level looks like in this role
(the role's expectations where it states them, else the level's indicators), and empty
person columns in which a supervisor rates each of their people privately. The filled
sheet stays with the supervisor; `cmap import assessment` keeps only totals per role and
competency (how many people are below the required level, and the median of their
ratings). Person column headers (names, initials) and single ratings are never written.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections.abc import Callable
from datetime import date
from pathlib import Path

from generator.exchange.needs_import import Entry, Outcome, merge, require_cycle, scale_of
from generator.files.csv_input import (
    FORMULA_STARTS,
    Cells,
    Table,
    normalise,
    read_checked,
    whole_number,
    with_columns,
)
from generator.files.xlsx_input import read_workbook
from generator.model.competency_map import Competency, CompetencyMap, Requirement, Role
from generator.paths import entity_folder
from generator.problems import CmapError, Problem, Severity, clip, did_you_mean
from generator.progress import NO_PROGRESS, Progress

COLUMNS = ("role", "competency", "competency name", "required level", "critical",
           "what the required level looks like")
#: Columns a workbook computes (see assessment_workbook.py): neither data nor a person.
COMPUTED = ("gap",)
PERSONS = 8


def worksheet_csv(model: CompetencyMap, role_id: str) -> str:
    """The worksheet of a role as CSV text, for `cmap worksheet` and the site's downloads.

    One row per competency of the role's profile with the columns of `COLUMNS`, then the
    empty columns `person 1` … `person 8`; what the required level looks like is the role's
    expectations where it states them, else the level's indicators, joined by ` / `. The
    text starts with a byte-order mark (U+FEFF) so that Excel reads it as UTF-8, and ends
    its lines with CRLF: write it unchanged, e.g. `path.write_text(text, encoding="utf-8",
    newline="")`. No cell starts with a character that makes a spreadsheet run a formula.
    Raises `CmapError` for an unknown role.
    """
    role = role_of(model, role_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(f"person {n}" for n in range(1, PERSONS + 1))])
    for req in role.requirements:
        comp = model.competencies.get(req.competency)
        looks = " / ".join(rated_against(req, comp))
        writer.writerow([role.id, req.competency, formula_safe(comp.name if comp else req.competency),
                         req.level, "yes" if req.critical else "no", formula_safe(looks),
                         *([""] * PERSONS)])
    return "\ufeff" + out.getvalue()


def role_of(model: CompetencyMap, role_id: str) -> Role:
    """The role of a worksheet; `CmapError` for an unknown one, with a "did you mean"."""
    role = model.roles.get(role_id)
    if role is None:
        raise CmapError(f"there is no role `{clip(role_id)}` in {entity_folder('role')}/."
                        f"{did_you_mean(role_id, model.roles)}")
    return role


def rated_against(req: Requirement, comp: Competency | None) -> tuple[str, ...]:
    """What a supervisor rates a person against: the role's own expectations where it
    states them (a junior is not rated against the statements a senior role shares the
    level with), else the indicators of the required level."""
    if req.expectations:
        return req.expectations
    return comp.indicators.get(req.level, ()) if comp else ()


def formula_safe(text: str) -> str:
    """One line of text that a spreadsheet shows as text, never runs as a formula."""
    flat = " ".join(text.split())
    return "'" + flat if flat.startswith(FORMULA_STARTS) else flat


def import_assessment(root: Path, path: Path, name: str, cycle_id: str, department_id: str,
                      today: date, progress: Progress = NO_PROGRESS) -> Outcome:
    """Needs of `department_id` from a filled worksheet, CSV or XLSX (see
    assessment_workbook.py), merged into its needs file; the phases reported to `progress`
    are those of `import_needs` (see needs_import.py)."""
    from generator.rules.repository import load_repository

    model = load_repository(root, progress=progress).model
    require_cycle(model, cycle_id, today)
    if department_id not in model.departments:
        raise CmapError(f"there is no department `{clip(department_id)}` in {entity_folder('department')}/."
                        f"{did_you_mean(department_id, model.departments)}")
    with progress.phase("rows") as checking:
        table, problems = read_worksheet(path, name)
        if table is None:
            return Outcome(problems=problems)
        checking.total = len(table.rows)
        entries = entries_from_worksheet(table, model, department_id, problems, checking.advance)
    if any(p.is_error for p in problems) or not entries:
        return Outcome(problems=sorted(problems))
    outcome = merge(root, model, cycle_id, {department_id: entries}, today,
                    "cmap import assessment", name, progress)
    outcome.problems[:0] = sorted(problems)
    return outcome


def read_worksheet(path: Path, name: str) -> tuple[Table | None, list[Problem]]:
    """A filled worksheet: a CSV file, or the first sheet of a workbook whatever it is
    called (an .xlsx, or any ZIP file, which is what an .xlsx is), where problems are placed
    as `FILE.xlsx:Sheet!C12` and the `gap` column's formulas read as empty (cmap counts the
    gaps itself; a formula anywhere else is reported, see `files/xlsx_input.py`)."""
    optional = (*COLUMNS[2:], *COMPUTED)
    if not _is_workbook(path):
        return read_checked(path, name, COLUMNS[:2], optional, others_allowed=True)
    asked: list[str] = []

    def first(sheet: str) -> bool:
        asked.append(sheet)
        return len(asked) == 1

    book, problems = read_workbook(path, name, first, computed=COMPUTED)
    table = book.tables.get(asked[0]) if book is not None and asked else None
    if table is None:
        return None, problems
    return with_columns(table, problems, COLUMNS[:2], optional, others_allowed=True)


def _is_workbook(path: Path) -> bool:
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(2) == b"PK"
    except OSError:
        return False  # the CSV reader says why the file cannot be read


def entries_from_worksheet(table: Table, model: CompetencyMap, department_id: str,
                           problems: list[Problem],
                           advance: Callable[[], None] = lambda: None) -> list[Entry]:
    """The entries of the rated rows; `advance` is called for each row."""
    persons = [i for i, header in enumerate(table.header)
               if normalise(header) not in (*COLUMNS, *COMPUTED)]
    if not persons:
        problems.append(table.problem(1, len(table.header), "I605", "The worksheet has no person "
                                      "columns.", "Add a column per person to the right of the "
                                      "worksheet's columns and rate each person in it."))
        return []
    entries: list[Entry] = []
    seen: dict[tuple[str, str], int] = {}
    rated = 0
    for row in table.rows:
        advance()
        if not any(row.cells[i] for i in persons):
            continue  # a row nobody was rated on says nothing, right or wrong
        rated += 1
        cells = Cells(table, row, problems)
        before = _errors(problems)
        found = _requirement(cells, model, department_id)
        scale = scale_of(model, cells.text("competency"))
        ratings = [cells.level(i, scale, cells.text("competency")) for i in persons if row.cells[i]]
        if found is None or _errors(problems) > before:
            continue
        pair = (cells.text("role"), cells.text("competency"))
        if pair in seen:
            cells.error("competency", "I617", f"`{pair[0]}` × `{pair[1]}` is already in row "
                        f"{seen[pair]}.", "Keep one row per role and competency: put all the "
                        "people's ratings on that row.")
            continue
        seen[pair] = row.number
        entry = _entry(cells, model, department_id, found, [r for r in ratings if r is not None])
        if entry is not None:
            entries.append(entry)
    if rated == 0 and not _errors(problems):
        problems.append(table.problem(2, persons[0], "I604", "No person is rated in the worksheet.",
                                      "Rate each person in a person column with a level of the "
                                      "scale; leave a cell empty only if you did not rate it."))
    return entries


def _errors(problems: list[Problem]) -> int:
    return sum(p.is_error for p in problems)


def _requirement(cells: Cells, model: CompetencyMap, department_id: str) -> tuple[int, bool] | None:
    """The role's required level and whether it is critical, if the row names a staffed pair."""
    role_id = cells.known("role", model.roles, f"{entity_folder('role')}/")
    competency = cells.known("competency", model.competencies, f"{entity_folder('competency')}/")
    if role_id is None or competency is None:
        return None
    department, role = model.departments[department_id], model.roles[role_id]
    if not department.staffing.get(role_id):
        cells.error("role", "I618", f"`{department.name}` has no `{role_id}` in its staffing.",
                    "Import the worksheet for the department these people work in.")
    requirement = next((r for r in role.requirements if r.competency == competency), None)
    if requirement is None:
        cells.error("competency", "I618", f"`{competency}` is not in the profile of "
                    f"`{role.title}`.", "The worksheet rates the role's profile: use a fresh "
                    f"worksheet (`cmap worksheet --role {role_id}`).")
        return None
    written = whole_number(cells.text("required level"))
    if written is not None and written != requirement.level:
        cells.problems.append(cells.table.problem(
            cells.row.number, "required level", "I622", f"The worksheet says level {written}; "
            f"`{role.title}` now requires level {requirement.level}, which is what counts.",
            "Use a fresh worksheet next time.", Severity.WARNING))
    return requirement.level, requirement.critical


def _entry(cells: Cells, model: CompetencyMap, department_id: str, requirement: tuple[int, bool],
           ratings: list[int]) -> Entry | None:
    required, critical = requirement
    role_id = cells.text("role")
    staffed = model.departments[department_id].staffing.get(role_id, 0)
    if len(ratings) > staffed:
        cells.error("role", "I613", f"{len(ratings)} people are rated, but "
                    f"`{model.departments[department_id].name}` has {staffed} `{role_id}`.",
                    "Check that the worksheet belongs to this department.")
        return None
    below = [r for r in ratings if r < required]
    if not below:
        return None
    people = "person" if len(ratings) == 1 else "people"
    return Entry(cells.row.number, role_id, cells.text("competency"),
                 current=math.floor(statistics.median(below)), target=required,
                 headcount=len(below), priority="high" if critical else "medium",
                 evidence=f"Assessment worksheet: {len(below)} of {len(ratings)} rated {people} "
                 f"below level {required}.")
