"""The map and the cycles as CSV tables for spreadsheet programs, HR systems and LMSs.

Every table is text that starts with a byte-order mark (so Excel reads UTF-8), ends its
rows with CRLF, and has no cell a spreadsheet would run as a formula: a leading `= + - @` is
quoted away with `'`; numbers are written as plain numbers. Write the text unchanged
(`newline=""`).

The map's tables are those of the workbook (`sheets/tables.py`: competencies with levels
and indicators, roles, role profiles, responsibilities, departments, staffing, scales,
areas, categories, families), a file per sheet with the same columns and cells, so that a
folder of them reads back with `cmap import model`; a list is one cell with an item per
line. `company_map` (roles × competencies, the required level in each cell) is for
reading. Per cycle, `needs` and `programs`, with each text on one line (the worksheet's
`formula_safe`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from generator.exchange.assessment import formula_safe
from generator.exchange.sheets.tables import SHEETS, Sheet, competencies_in_order
from generator.files.csv_input import quote_formula
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import Cycle

Cell = str | int | float | None


def table(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A CSV table as text: BOM, CRLF, every text cell made inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([formula_safe(h) for h in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return "\ufeff" + out.getvalue()


def cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    return formula_safe(value)


def map_table(sheet: Sheet, model: CompetencyMap) -> str:
    """A table of the workbook as CSV: its cells as they are, line breaks included."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    writer.writerows([_kept(value) for value in row] for row in sheet.rows(model))
    return "\ufeff" + out.getvalue()


def _kept(value: str | int | None) -> str:
    return "" if value is None else str(value) if isinstance(value, int) else quote_formula(value)


def company_map(model: CompetencyMap) -> str:
    """Roles × competencies: the required level, empty where the role does not need it."""
    columns = competencies_in_order(model)
    rows = ([role.id, role.title, role.family,
             *(role.required_level(c.id) for c in columns)] for role in model.roles.values())
    return table(["role", "role title", "family", *(c.id for c in columns)], rows)


def needs(model: CompetencyMap, cycle: Cycle) -> str:
    def rows() -> Iterable[list[Cell]]:
        for need in cycle.needs:
            department = model.departments.get(need.department)
            role = model.roles.get(need.role)
            comp = model.competencies.get(need.competency)
            follow = need.follow_up
            yield [cycle.id, need.key, need.department, department.name if department else "",
                   need.role, role.title if role else "", need.competency,
                   comp.name if comp else "", need.current, need.target, need.gap, need.headcount,
                   need.weighted_gap, need.priority, need.delivery, need.needed_by,
                   need.evidence, need.justification,
                   follow.level_reached if follow else None,
                   follow.headcount_reached if follow else None, follow.date if follow else None]

    return table(["cycle", "need", "department", "department name", "role", "role title",
                  "competency", "competency name", "current level", "target level", "gap",
                  "headcount", "weighted gap", "priority", "delivery", "needed by", "evidence",
                  "justification", "level reached", "headcount reached", "follow-up date"], rows())


def programs(cycle: Cycle) -> str:
    def rows() -> Iterable[list[Cell]]:
        for p in cycle.programs:
            ev = p.evaluation
            yield [cycle.id, p.id, p.title, p.status, p.mode, p.lecturer, p.vendor,
                   "; ".join(f"{c}:{t}" for c, t in p.targets), "; ".join(p.answers),
                   "; ".join(p.audience_roles), "; ".join(p.audience_departments),
                   len(p.sessions), p.seats, p.cost, cycle.currency, p.owner,
                   ev.reaction if ev else None, ev.learning_pre if ev else None,
                   ev.learning_post if ev else None, ev.behaviour if ev else None,
                   ev.results if ev else None]

    return table(["cycle", "program", "title", "status", "delivery", "lecturer", "vendor",
                  "competencies (id:target level)", "answers needs", "audience roles",
                  "audience departments", "sessions", "seats", "cost", "currency", "owner",
                  "reaction", "learning before", "learning after", "behaviour", "results"], rows())


def all_tables(model: CompetencyMap) -> dict[str, str]:
    """Every table by file name, in a stable order."""
    return {name: make() for name, (_, make) in tables(model).items()}


def tables(model: CompetencyMap) -> dict[str, tuple[str, Callable[[], str]]]:
    """Every table by file name, in a stable order, not made yet, with what it holds: "map"
    for the competency map, a cycle's id for that cycle (with the map's names)."""
    found: dict[str, tuple[str, Callable[[], str]]] = {
        sheet.file: ("map", partial(map_table, sheet, model)) for sheet in SHEETS}
    found["company-map.csv"] = ("map", partial(company_map, model))
    for cycle_id, cycle in model.cycles.items():
        found[f"needs-{cycle_id}.csv"] = (cycle_id, partial(needs, model, cycle))
        found[f"programs-{cycle_id}.csv"] = (cycle_id, partial(programs, cycle))
    return found
