"""The map and the cycles as CSV tables for spreadsheet programs, HR systems and LMSs.

Every table is text that starts with a byte-order mark (so Excel reads UTF-8), ends its
lines with CRLF, and has no cell a spreadsheet would run as a formula: text passes through
the assessment worksheet's `formula_safe` (one line, a leading `= + - @` quoted away with `'`);
numbers are written as plain numbers. Write the text unchanged (`newline=""`).

Tables: `competencies` (one row per competency and described level, with indicators),
`role_profiles` (role × competency × level × critical, with the role's note and
expectations, statements joined by ` / ` as indicators are), `company_map` (roles ×
competencies, the required level in each cell), and per cycle `needs` and `programs`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from generator.exchange.assessment import formula_safe
from generator.model.competency_map import Competency, CompetencyMap
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


def competencies(model: CompetencyMap) -> str:
    def rows() -> Iterable[list[Cell]]:
        for comp in _competencies_in_order(model):
            scale = model.scales.get(comp.scale)
            category = model.categories.get(comp.category)
            for number in sorted(comp.indicators):
                level = scale.level(number) if scale else None
                yield [comp.category, category.name if category else "", comp.id, comp.name,
                       comp.description, comp.scale, number, level.name if level else "",
                       " / ".join(comp.indicators[number]), comp.owner]

    return table(["category", "category name", "competency", "competency name", "description",
                  "scale", "level", "level name", "indicators", "owner"], rows())


def role_profiles(model: CompetencyMap) -> str:
    def rows() -> Iterable[list[Cell]]:
        for role in model.roles.values():
            family = model.families.get(role.family)
            for req in role.requirements:
                comp = model.competencies.get(req.competency)
                scale = model.scales.get(comp.scale) if comp else None
                level = scale.level(req.level) if scale else None
                yield [role.id, role.title, role.family, family.name if family else "", role.grade,
                       req.competency, comp.name if comp else "", comp.category if comp else "",
                       req.level, level.name if level else "", req.critical, req.note,
                       " / ".join(req.expectations)]

    return table(["role", "role title", "family", "family name", "grade", "competency",
                  "competency name", "category", "required level", "level name", "critical",
                  "note", "expectations"], rows())


def company_map(model: CompetencyMap) -> str:
    """Roles × competencies: the required level, empty where the role does not need it."""
    columns = _competencies_in_order(model)
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
        "competencies.csv": ("map", partial(competencies, model)),
        "role-profiles.csv": ("map", partial(role_profiles, model)),
        "company-map.csv": ("map", partial(company_map, model))}
    for cycle_id, cycle in model.cycles.items():
        found[f"needs-{cycle_id}.csv"] = (cycle_id, partial(needs, model, cycle))
        found[f"programs-{cycle_id}.csv"] = (cycle_id, partial(programs, cycle))
    return found


def _competencies_in_order(model: CompetencyMap) -> list[Competency]:
    """By category in the catalogue's order, then as the files are ordered."""
    rank = {category: n for n, category in enumerate(model.categories)}
    return sorted(model.competencies.values(), key=lambda c: rank.get(c.category, len(rank)))
