"""Cycle data resolved for the templates: names, level names and colours, page paths.

The cycle pages (`cycle_pages.py`, `plan_pages.py`) and the competency, role and department
pages show needs and programs the same way; this module holds those shared views and the
cross-references (the needs of a competency, a role or a department in the current cycle,
the programs that train a competency) computed once per site.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.site import charts
from generator.analysis.cycle_figures import current_cycle
from generator.model.cycles import Cycle, Need, Program

if TYPE_CHECKING:
    from generator.site.pages import PageBuilder


def cycle_path(cycle_id: str, page: str = "index") -> str:
    """The docs path of a cycle page: `cycles/<id>/index.md`, `…/plan.md`, `…/effect.md`."""
    return f"cycles/{cycle_id}/{page}.md"


def needs_path(cycle_id: str, department_id: str) -> str:
    return f"cycles/{cycle_id}/needs/{department_id}.md"


def program_path(cycle_id: str, program_id: str) -> str:
    return f"cycles/{cycle_id}/programs/{program_id}.md"


def need_anchor(need: Need) -> str:
    return f"need-{need.role}--{need.competency}"


@dataclass(frozen=True)
class ProgramRef:
    """A program of some cycle, for links from competency pages."""

    cycle: Cycle
    program: Program
    target: int


@dataclass
class CycleIndex:
    """Needs and programs of all cycles, by the pages that link to them."""

    current: Cycle | None = None
    needs_by_competency: dict[str, list[Need]] = field(default_factory=lambda: defaultdict(list))
    needs_by_role: dict[str, list[Need]] = field(default_factory=lambda: defaultdict(list))
    programs_by_competency: dict[str, list[ProgramRef]] = field(
        default_factory=lambda: defaultdict(list))
    answered_by: dict[tuple[str, str], list[Program]] = field(
        default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, cycles: dict[str, Cycle]) -> CycleIndex:
        index = cls(current=current_cycle(cycles.values()))
        if index.current is not None:
            for need in index.current.needs:
                index.needs_by_competency[need.competency].append(need)
                index.needs_by_role[need.role].append(need)
        for cycle in sorted(cycles.values(), key=lambda c: (c.start, c.id), reverse=True):
            for program in cycle.programs:
                for competency, target in program.targets:
                    index.programs_by_competency[competency].append(
                        ProgramRef(cycle, program, target))
                if program.status == "cancelled":
                    continue
                for key in program.answers:
                    index.answered_by[cycle.id, key].append(program)
        for needs in (*index.needs_by_competency.values(), *index.needs_by_role.values()):
            needs.sort(key=lambda n: (-n.weighted_gap, n.key))
        return index


class Views:
    """Turns needs and programs into the dictionaries the templates show."""

    def __init__(self, builder: PageBuilder, cycles: CycleIndex) -> None:
        self.b = builder
        self.cycles = cycles

    def level(self, competency_id: str, level: int) -> dict[str, Any]:
        comp = self.b.model.competencies.get(competency_id)
        scale_id = comp.scale if comp else ""
        return {"level": level, "name": self.b.level_name(scale_id, level),
                "bucket": charts.level_bucket(level, self.b.scale_max.get(scale_id, 5))}

    def competency_name(self, competency_id: str) -> str:
        comp = self.b.model.competencies.get(competency_id)
        return comp.name if comp else competency_id

    def role_title(self, role_id: str) -> str:
        role = self.b.model.roles.get(role_id)
        return role.title if role else role_id

    def department_name(self, department_id: str) -> str:
        dept = self.b.model.departments.get(department_id)
        return dept.name if dept else department_id

    def need(self, need: Need) -> dict[str, Any]:
        follow = need.follow_up
        programs = self.cycles.answered_by.get((need.cycle, need.key), [])
        return {
            "need": need,
            "department": self.department_name(need.department),
            "role": self.role_title(need.role),
            "competency": self.competency_name(need.competency),
            "current": self.level(need.competency, need.current),
            "target": self.level(need.competency, need.target),
            "reached": self.level(need.competency, follow.level_reached) if follow else None,
            "page": needs_path(need.cycle, need.department),
            "anchor": need_anchor(need),
            "programs": [(p, program_path(need.cycle, p.id)) for p in programs],
        }

    def program_ref(self, ref: ProgramRef) -> dict[str, Any]:
        return {"cycle": ref.cycle, "program": ref.program,
                "target": self.level(ref.program.targets[0][0], ref.target)
                if ref.program.targets else None,
                "page": program_path(ref.cycle.id, ref.program.id)}


def amount_bars(rows: list[tuple[str, str, float]]) -> list[dict[str, Any]]:
    """(label, docs path of the page to link or "", amount) rows, each amount's width as a
    share of the largest."""
    widths = bar_widths([amount for _, _, amount in rows])
    return [{"label": label, "target": target, "amount": amount, "width": width}
            for (label, target, amount), width in zip(rows, widths, strict=True)]


def bar_widths(amounts: list[float]) -> list[float]:
    """Each amount as a percentage of the largest, for bars drawn by the style sheet."""
    largest = max(amounts, default=0.0)
    return [round(100 * a / largest, 1) if largest > 0 else 0.0 for a in amounts]


def intensity(value: int, top: int) -> int:
    """A heat class 0–4 for `value` out of `top` (0 only for nothing)."""
    if value <= 0 or top <= 0:
        return 0
    return min(4, max(1, -(-4 * value // top)))


def top(rows: list[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows of a ranked list and how many more there are: long lists
    show their head and a count, so that no page grows with the company."""
    return rows[:limit], max(len(rows) - limit, 0)
