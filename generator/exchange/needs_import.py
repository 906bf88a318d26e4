"""CSV imports into needs files: rows become entries, entries are merged into the files.

`cmap import needs` reads one entry per row (`entries_from_rows`); `cmap import
assessment` (see `assessment.py`) computes entries from ratings. Both end in `merge`: new
(role, competency) pairs are added as text to `needs/<cycle>/<department>.yml`
(`yaml_append.py`), an existing pair is kept as the user wrote it, and the result must
pass the full validation of a copy of the repository before `write` replaces any file.
Rows are checked here against the needs rules first, so a mistake is reported at its CSV
row and column, not at a line of a file the user never saw.

Both imports report their phases to `progress`: the repository's "load" and "validate",
"rows" (the CSV rows checked), then "result load" and "result validate" (the copy with
the new entries).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.exchange import trial
from generator.exchange.scaffold import environment
from generator.files.csv_input import Cells, Table, read_checked
from generator.files.safe_write import check_path, write_files
from generator.files.yaml_append import append_items
from generator.files.yaml_loader import load_file
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import DELIVERY_MODES, PRIORITIES, Cycle
from generator.paths import entity_folder, needs_file, plan_file, schema_reference
from generator.problems import CmapError, Problem, Severity, clip, did_you_mean
from generator.progress import NO_PROGRESS, Progress

REQUIRED = ("department", "role", "competency", "current", "target", "headcount", "priority",
            "evidence")
OPTIONAL = ("delivery", "needed_by", "justification")
MAX_TEXT = 2000  # as in needs.schema.json


@dataclass(frozen=True)
class Entry:
    """A needs entry to add, with the CSV row it came from (never written)."""

    row: int
    role: str
    competency: str
    current: int
    target: int
    headcount: int
    priority: str
    evidence: str
    delivery: str = ""
    needed_by: str = ""
    justification: str = ""

    def fields(self) -> dict[str, str | int]:
        """The entry as written in the file, in the schema's order, without empty options."""
        written: dict[str, str | int] = {
            "role": self.role, "competency": self.competency, "current": self.current,
            "target": self.target, "headcount": self.headcount, "priority": self.priority,
            "evidence": self.evidence, "delivery": self.delivery, "needed_by": self.needed_by,
            "justification": self.justification}
        return {key: value for key, value in written.items() if value != ""}


@dataclass(frozen=True)
class Change:
    rel: str  #: the needs file, relative to the repository root
    text: str
    bom: bool  #: the existing file started with a UTF-8 byte-order mark: keep it
    added: int
    created: bool

    @property
    def data(self) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + self.text.encode("utf-8")


#: What a needs import would add; errors mean nothing may be written.
Outcome = trial.Outcome[Change]


def require_cycle(model: CompetencyMap, cycle_id: str, today: date) -> Cycle:
    """The cycle, if it exists and still takes needs today (as rule N401 says)."""
    cycle = model.cycles.get(cycle_id)
    if cycle is None:
        raise CmapError(f"there is no training cycle `{clip(cycle_id)}` ({plan_file(clip(cycle_id))})."
                        f"{did_you_mean(cycle_id, model.cycles)} "
                        "Known cycles: " + (", ".join(model.cycles) or "none") + ".")
    closed_on = cycle.review_on or cycle.needs_due
    if not cycle.takes_needs and today.isoformat() > closed_on:
        raise CmapError(f"the cycle `{cycle_id}` stopped taking needs on {closed_on} (its status "
                        f"is {cycle.status}); import into the next cycle instead.")
    return cycle


def import_needs(root: Path, csv_path: Path, name: str, cycle_id: str, today: date,
                 progress: Progress = NO_PROGRESS) -> Outcome:
    """Check every row of the CSV, then merge the entries into each department's file."""
    from generator.rules.repository import load_repository

    model = load_repository(root, progress=progress).model
    require_cycle(model, cycle_id, today)
    with progress.phase("rows") as checking:
        table, problems = read_checked(csv_path, name, REQUIRED, OPTIONAL)
        if table is None:
            return Outcome(problems=problems)
        checking.total = len(table.rows)
        by_department = entries_from_rows(table, model, problems, checking.advance)
    if any(p.is_error for p in problems):
        return Outcome(problems=sorted(problems))
    outcome = merge(root, model, cycle_id, by_department, today, "cmap import needs", name,
                    progress)
    outcome.problems[:0] = sorted(problems)
    return outcome


def entries_from_rows(table: Table, model: CompetencyMap, problems: list[Problem],
                      advance: Callable[[], None] = lambda: None) -> dict[str, list[Entry]]:
    """The entries of the rows by department; `advance` is called for each row."""
    by_department: dict[str, list[Entry]] = {}
    first: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        advance()
        cells = Cells(table, row, problems)
        found = _entry(cells, model)
        if found is None:
            continue
        department, entry = found
        key = (department, entry.role, entry.competency)
        if key in first:
            cells.error("competency", "I617", f"`{entry.role}` × `{entry.competency}` of "
                        f"`{department}` is already in row {first[key]}.",
                        "Keep one row per department, role and competency.")
            continue
        first[key] = row.number
        by_department.setdefault(department, []).append(entry)
    return by_department


def _entry(cells: Cells, model: CompetencyMap) -> tuple[str, Entry] | None:
    before = len(cells.problems)
    department = cells.known("department", model.departments, f"{entity_folder('department')}/")
    role = cells.known("role", model.roles, f"{entity_folder('role')}/")
    competency = cells.known("competency", model.competencies, f"{entity_folder('competency')}/")
    scale = scale_of(model, competency)
    current = cells.level("current", scale, competency or "") if cells.filled("current") else None
    target = cells.level("target", scale, competency or "") if cells.filled("target") else None
    headcount = cells.whole("headcount") if cells.filled("headcount") else None
    entry = Entry(cells.row.number, role or "", competency or "", current or 0, target or 0,
                  headcount or 0, cells.choice("priority", PRIORITIES),
                  cells.prose("evidence", MAX_TEXT),
                  cells.choice("delivery", DELIVERY_MODES, required=False),
                  cells.day("needed_by"), cells.prose("justification", MAX_TEXT, required=False))
    if department is None or any(v is None for v in (role, competency, current, target, headcount)):
        return None
    check_entry(cells, model, department, entry)  # also when another cell is wrong: all at once
    return (department, entry) if len(cells.problems) == before else None


def scale_of(model: CompetencyMap, competency: str | None) -> tuple[int, ...]:
    comp = model.competencies.get(competency or "")
    scale = model.scales.get(comp.scale) if comp else None
    return scale.numbers if scale else ()


def check_entry(cells: Cells, model: CompetencyMap, department_id: str, entry: Entry) -> None:
    """The needs rules that look across files: staffing, the gap, the role's profile."""
    department, role = model.departments[department_id], model.roles[entry.role]
    staffed = department.staffing.get(entry.role, 0)
    if not staffed:
        cells.error("role", "I618", f"`{department.name}` has no `{entry.role}` in its staffing.",
                    f"Use a role staffed in `{department.source.path}`.")
    elif not 0 < entry.headcount <= staffed:
        cells.error("headcount", "I613", f"The headcount {entry.headcount} is not between 1 and "
                    f"the {staffed} `{entry.role}` staffed in `{department.name}`.",
                    "Count the people of this role in this department who have the gap.")
    if entry.current >= entry.target:
        cells.error("target", "I612", f"The target level {entry.target} is not above the "
                    f"current level {entry.current}: there is no gap.",
                    "Correct the levels, or remove the row.")
    required = role.required_level(entry.competency)
    if entry.justification:
        return
    if required is None:
        cells.error("competency", "I618", f"`{entry.competency}` is not in the profile of "
                    f"`{role.title}`.", "Fill in `justification` saying why these people need it.")
    elif entry.target > required:
        cells.error("target", "I618", f"The target {entry.target} is above the level {required} "
                    f"that `{role.title}` requires.",
                    f"Use target {required}, or fill in `justification` saying why.")


def merge(root: Path, model: CompetencyMap, cycle_id: str, by_department: dict[str, list[Entry]],
          today: date, command: str, source: str = "", progress: Progress = NO_PROGRESS) -> Outcome:
    """The changes that add the entries to each department's file, validated, not written."""
    outcome = Outcome()
    for department_id, entries in by_department.items():
        change = _change(root, model, cycle_id, department_id, entries, today, command,
                         source, outcome.problems)
        if change is not None:
            outcome.changes.append(change)
    if outcome.ok and outcome.changes:
        outcome.problems += validate(root, outcome.changes, progress)
    return outcome


def _change(root: Path, model: CompetencyMap, cycle_id: str, department_id: str,
            entries: list[Entry], today: date, command: str, source: str,
            problems: list[Problem]) -> Change | None:
    rel = needs_file(cycle_id, department_id)
    path = check_path(root, rel)  # nothing is read or written through a link
    bom, created = False, not path.exists()
    existing: set[tuple[object, object]] = set()
    if created:
        text = _new_file(model, cycle_id, department_id, today, command,
                         schema_reference(root, "needs", rel))
    else:
        doc, load_problems = load_file(path, rel)
        if doc is None or load_problems:
            problems += load_problems
            return None
        text, bom = doc.text, path.read_bytes().startswith(codecs.BOM_UTF8)
        listed = doc.data.get("entries")
        existing = {(e.get("role"), e.get("competency"))
                    for e in (listed if isinstance(listed, list) else []) if isinstance(e, dict)}
    new = []
    for entry in entries:
        if (entry.role, entry.competency) in existing:
            problems.append(Problem(source or rel, entry.row if source else 1, 1, "I620",
                                    f"`{entry.role}` × `{entry.competency}` is already in {rel}: "
                                    "kept the existing entry.",
                                    "Change that entry by hand if it should say something else.",
                                    Severity.WARNING))
        else:
            new.append(entry)
    if not new:
        return None
    appended = append_items(text, "entries", [entry.fields() for entry in new])
    if appended.text is None:
        problems.append(Problem(rel, 1, 1, "I621", f"The entries cannot be added: {appended.reason}.",
                                "Nothing was written."))
        return None
    return Change(rel, appended.text, bom, len(new), created)


def _new_file(model: CompetencyMap, cycle_id: str, department_id: str, today: date,
              command: str, schema: str) -> str:
    return environment().get_template("imported_need.yml.j2").render(
        department=model.departments[department_id], cycle=model.cycles[cycle_id],
        today=today.isoformat(), command=command, schema=schema)


def validate(root: Path, changes: list[Change], progress: Progress = NO_PROGRESS) -> list[Problem]:
    """Errors the changed files would have, found by validating a copy of the repository."""
    return trial.errors_after(root, {change.rel: change.data for change in changes}, progress)


def write(root: Path, changes: list[Change]) -> None:
    """Replace the files atomically: every new text is on disk before any file changes.

    Never through a symbolic link, never outside the repository (see safe_write.py).
    """
    write_files(root, {change.rel: change.data for change in changes})
