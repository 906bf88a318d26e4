"""Cycle data resolved for the templates: names, level names and colours, page paths.

The cycle pages and the competency, role and department pages show needs and programs the
same way; this module holds those shared views and the cross-references (the needs of a
competency or a role in the current cycle, the programs that train a competency, the
programs that answer a need) computed once per site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from generator import paths
from generator.analysis.cycle_figures import current_cycle
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import Cycle, Need, Program
from generator.site.views import Levels, LevelView, competency_name

Row = TypeVar("Row")


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


@dataclass(frozen=True)
class NeedView:
    """One need of a department, with names, levels and the programs that answer it."""

    need: Need
    department: str
    role: str
    competency: str
    current: LevelView
    target: LevelView
    reached: LevelView | None
    page: str
    anchor: str
    programs: tuple[tuple[Program, str], ...]


@dataclass(frozen=True)
class ProgramRefView:
    cycle: Cycle
    program: Program
    target: LevelView | None
    page: str


@dataclass(frozen=True)
class AmountBar:
    """A labelled amount with its bar's width (a share of the largest), and a page to link."""

    label: str
    target: str
    amount: float
    width: float


def need_anchor(need: Need) -> str:
    return f"need-{need.role}--{need.competency}"


class CycleViews:
    """Turns needs and programs into the views the templates show."""

    def __init__(self, model: CompetencyMap, levels: Levels, cycles: CycleIndex) -> None:
        self.model = model
        self.levels = levels
        self.cycles = cycles

    def level(self, competency_id: str, level: int) -> LevelView:
        return self.levels.of(competency_id, level)

    def competency_name(self, competency_id: str) -> str:
        return competency_name(self.model, competency_id)

    def role_title(self, role_id: str) -> str:
        role = self.model.roles.get(role_id)
        return role.title if role else role_id

    def department_name(self, department_id: str) -> str:
        dept = self.model.departments.get(department_id)
        return dept.name if dept else department_id

    def need(self, need: Need) -> NeedView:
        follow = need.follow_up
        programs = self.cycles.answered_by.get((need.cycle, need.key), [])
        return NeedView(
            need=need, department=self.department_name(need.department),
            role=self.role_title(need.role), competency=self.competency_name(need.competency),
            current=self.level(need.competency, need.current),
            target=self.level(need.competency, need.target),
            reached=self.level(need.competency, follow.level_reached) if follow else None,
            page=paths.needs_page(need.cycle, need.department), anchor=need_anchor(need),
            programs=tuple((p, paths.program_page(need.cycle, p.id)) for p in programs))

    def program_ref(self, ref: ProgramRef) -> ProgramRefView:
        return ProgramRefView(
            ref.cycle, ref.program,
            self.level(ref.program.targets[0][0], ref.target) if ref.program.targets else None,
            paths.program_page(ref.cycle.id, ref.program.id))


def amount_bars(rows: Sequence[tuple[str, str, float]]) -> list[AmountBar]:
    """(label, page path to link or "", amount) rows, each amount's width as a share of the
    largest."""
    widths = bar_widths([amount for _, _, amount in rows])
    return [AmountBar(label, target, amount, width)
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


def top(rows: list[Row], limit: int) -> tuple[list[Row], int]:
    """The first `limit` rows of a ranked list and how many more there are: long lists
    show their head and a count, so that no page grows with the company."""
    return rows[:limit], max(len(rows) - limit, 0)
