"""What the training team needs to see of a cycle: who answered, where the gaps are, what
the plan covers and costs, and what the training changed.

Pure functions of the model (and of "today", for what counts as overdue), so pages and
tests get the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from generator.model.competency_map import CompetencyMap, Department
from generator.model.cycles import PRIORITIES, Cycle, Need, Program
from generator.model.plan_costs import split_cost


@dataclass(frozen=True)
class SubmissionStatus:
    department: Department
    state: str  # "on-time", "late", "missing" (past the due date) or "pending" (not yet due)
    submitted_on: str = ""
    entries: int = 0


@dataclass(frozen=True)
class Total:
    """Needs summed under one key: people, weighted gap (levels × people), entries."""

    key: str
    people: int
    weighted_gap: int
    entries: int
    high: int


def expected_departments(model: CompetencyMap) -> list[Department]:
    """Departments that hold staff with a role profile are asked for needs."""
    return [d for d in model.departments.values() if any(d.staffing.values())]


def submission_status(model: CompetencyMap, cycle: Cycle, today: date) -> list[SubmissionStatus]:
    statuses = []
    overdue = today.isoformat() > cycle.needs_due
    for dept in expected_departments(model):
        sub = cycle.submissions.get(dept.id)
        if sub is None:
            statuses.append(SubmissionStatus(dept, "missing" if overdue else "pending"))
        else:
            state = "late" if sub.submitted_on > cycle.needs_due else "on-time"
            statuses.append(SubmissionStatus(dept, state, sub.submitted_on, len(sub.needs)))
    return statuses


def totals(needs: Iterable[Need], key: Callable[[Need], str]) -> list[Total]:
    """Needs grouped by `key`, largest weighted gap first."""
    groups: dict[str, list[Need]] = defaultdict(list)
    for need in needs:
        groups[key(need)].append(need)
    rows = [Total(k, sum(n.headcount for n in g), sum(n.weighted_gap for n in g), len(g),
                  sum(n.priority == "high" for n in g)) for k, g in groups.items()]
    return sorted(rows, key=lambda t: (-t.weighted_gap, -t.people, t.key))


def by_priority(needs: Iterable[Need]) -> list[Total]:
    rows = {t.key: t for t in totals(needs, lambda n: n.priority)}
    return [rows[p] for p in PRIORITIES if p in rows]


def gap_matrix(needs: Iterable[Need]) -> dict[tuple[str, str], int]:
    """Weighted gap per (department, competency): the cells of the cycle's heatmap."""
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for need in needs:
        cells[need.department, need.competency] += need.weighted_gap
    return dict(cells)


def coverage(cycle: Cycle) -> dict[str, list[Program]]:
    """For each need of the cycle, the programs (not cancelled) that answer it."""
    answered: dict[str, list[Program]] = {need.key: [] for need in cycle.needs}
    for program in cycle.programs:
        if program.status == "cancelled":
            continue
        for key in program.answers:
            if key in answered:
                answered[key].append(program)
    return answered


def unanswered(cycle: Cycle) -> list[Need]:
    covered = coverage(cycle)
    return [need for need in cycle.needs if not covered[need.key]]


def budget_by(cycle: Cycle, key: Callable[[Program], Iterable[tuple[str, float]]]) -> dict[str, float]:
    sums: dict[str, float] = defaultdict(float)
    for program in cycle.programs:
        if program.status != "cancelled":
            for name, amount in key(program):
                sums[name] += amount
    return dict(sorted(sums.items(), key=lambda item: -item[1]))


def cost_by_mode(program: Program) -> list[tuple[str, float]]:
    return [(program.mode, program.cost)]


def cost_by_competency(program: Program) -> list[tuple[str, float]]:
    share = program.cost / len(program.targets) if program.targets else 0.0
    return [(competency, share) for competency, _ in program.targets]


def cost_by_department(cycle: Cycle) -> Callable[[Program], list[tuple[str, float]]]:
    """A program's cost split as recorded, else by the headcount of the needs it answers
    (`plan_costs.split_cost`, which P511 checks against the budget shares)."""
    needs = {need.key: need for need in cycle.needs}
    return lambda program: split_cost(program, needs)


@dataclass(frozen=True)
class Effect:
    need: Need
    before: int
    after: int | None

    @property
    def closed(self) -> bool:
        """Everyone in the need reached the target."""
        return self.weighted_gap_after == 0

    @property
    def reached(self) -> int:
        """People who reached `after`: as recorded, else everyone in the need."""
        follow_up = self.need.follow_up
        if follow_up is None:
            return 0
        if follow_up.headcount_reached is None:
            return self.need.headcount
        return min(follow_up.headcount_reached, self.need.headcount)

    @property
    def weighted_gap_after(self) -> int | None:
        """Levels still missing × people after training; those not reached keep their gap."""
        if self.after is None:
            return None
        need = self.need
        remaining = max(need.target - self.after, 0) * self.reached
        return remaining + need.gap * (need.headcount - self.reached)


def effects(cycle: Cycle) -> list[Effect]:
    """The gap before and after training, per need with a follow-up first."""
    rows = [Effect(n, n.current, n.follow_up.level_reached if n.follow_up else None)
            for n in cycle.needs]
    return sorted(rows, key=lambda e: (e.after is None, e.need.key))


def progress(cycle: Cycle) -> tuple[int, int]:
    """Sessions held out of sessions not cancelled."""
    sessions = [s for p in cycle.programs if p.status != "cancelled" for s in p.sessions
                if s.status != "cancelled"]
    return sum(s.status == "held" for s in sessions), len(sessions)


@dataclass(frozen=True)
class GapChange:
    """Weighted gap before and after training, over the needs that have a follow-up."""

    key: str
    before: int
    after: int
    followed: int
    entries: int

    @property
    def closed_share(self) -> float | None:
        """The share of the followed-up gap that training closed (None without follow-ups)."""
        return 1 - self.after / self.before if self.before else None


def gap_change(rows: Iterable[Effect], key: Callable[[Need], str]) -> list[GapChange]:
    """Effects grouped by `key`, largest gap before training first."""
    groups: dict[str, list[Effect]] = defaultdict(list)
    for row in rows:
        groups[key(row.need)].append(row)
    changes = []
    for name, group in groups.items():
        followed = [e for e in group if e.weighted_gap_after is not None]
        changes.append(GapChange(
            name, sum(e.need.weighted_gap for e in followed),
            sum(e.weighted_gap_after or 0 for e in followed), len(followed), len(group)))
    return sorted(changes, key=lambda c: (-c.before, -c.entries, c.key))


def current_cycle(cycles: Iterable[Cycle]) -> Cycle | None:
    """The cycle staff see on role and competency pages: the latest one not closed yet,
    else the latest closed one."""
    ordered = sorted(cycles, key=lambda c: (c.start, c.id))
    open_ = [c for c in ordered if c.status != "closed"]
    if open_:
        return open_[-1]
    return ordered[-1] if ordered else None


@dataclass(frozen=True)
class CycleSummary:
    """One cycle in the trend across cycles."""

    cycle: Cycle
    answered: int
    expected: int
    people: int
    weighted_gap: int
    covered: int
    planned_cost: float
    held: int
    sessions: int
    reaction: float | None
    learning_gain: float | None
    gap: GapChange


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summary(model: CompetencyMap, cycle: Cycle) -> CycleSummary:
    needs = cycle.needs
    answered_keys = coverage(cycle)
    held, sessions = progress(cycle)
    evaluations = [p.evaluation for p in cycle.programs if p.evaluation is not None]
    gains = [e.learning_post - e.learning_pre for e in evaluations
             if e.learning_post is not None and e.learning_pre is not None]
    total = gap_change(effects(cycle), lambda _: cycle.id)
    return CycleSummary(
        cycle=cycle,
        answered=sum(1 for d in expected_departments(model) if d.id in cycle.submissions),
        expected=len(expected_departments(model)),
        people=sum(n.headcount for n in needs),
        weighted_gap=sum(n.weighted_gap for n in needs),
        covered=sum(1 for programs in answered_keys.values() if programs),
        planned_cost=sum(p.cost for p in cycle.programs if p.status != "cancelled"),
        held=held,
        sessions=sessions,
        reaction=_mean([e.reaction for e in evaluations if e.reaction is not None]),
        learning_gain=_mean(gains),
        gap=total[0] if total else GapChange(cycle.id, 0, 0, 0, 0),
    )
