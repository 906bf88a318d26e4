"""The plan, program and effect pages of a cycle: what was planned for which needs at what
cost, who approved it, what was delivered, and what it changed (the four Kirkpatrick
levels, the gap before and after, the trend across cycles).

Each program has its own page; the plan page lists them. Tables whose rows grow with the
company (needs, competencies) switch to a summary per department or show their largest
rows with a count of the rest, so that every page stays small at 10,000 employees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, partial

from generator import paths
from generator.analysis import cycle_figures as ca
from generator.analysis import plan_decision
from generator.model.cycles import Cycle, Need, Program
from generator.model.plan_costs import over_budget
from generator.site.cycle_views import amount_bars, bar_widths, top
from generator.site.page_reads import ANY, PageReads
from generator.site.renderer import Page, PlannedPage, Renderer

# The needs × programs matrix is drawn up to this many programs and needs; beyond, the plan
# page sums the coverage per department (each need shows its programs on its own page).
MATRIX_MAX_PROGRAMS = 20
MATRIX_MAX_NEEDS = 150
# Up to this many needs the effect page lists each; beyond, it sums them per department.
NEED_ROWS = 150
# Ranked lists (unanswered needs, cost by competency, gap by competency) show this many rows.
LIST_ROWS = 50
# The Kirkpatrick table quotes the behaviour and results findings up to this many programs;
# beyond, it shows the scores and each program's page holds the findings.
QUOTED_EVALUATIONS = 25
# Competencies followed across cycles on the effect page.
TREND_COMPETENCIES = 15


@dataclass(frozen=True)
class ProgramRow:
    program: Program
    page: str
    targets: tuple[tuple[str, str], ...]  #: (competency id, name)
    people: int
    held: int
    sessions: int


@dataclass(frozen=True)
class CoverageRow:
    """Needs and people of one department answered by a program."""

    id: str
    name: str
    needs: int
    answered: int
    people: int
    people_answered: int
    page: str


@dataclass(frozen=True)
class BudgetRow:
    """A department's budget share as recorded, against the cost of the programs it gets."""

    id: str
    name: str
    known: bool
    budget: float | None
    cost: float
    width: float
    over: float = 0.0  #: how much the cost exceeds the budget share (P511), 0 when not


@dataclass(frozen=True)
class Trend:
    """The weighted gap of the cycle's largest needs, competency by competency, per cycle."""

    columns: tuple[Cycle, ...]
    rows: tuple[tuple[str, str, tuple[int | None, ...]], ...]


class PlanPages:
    def __init__(self, r: Renderer, cycles: list[Cycle],
                 summaries: Callable[[], dict[str, ca.CycleSummary]]) -> None:
        self.r = r
        self.views = r.views
        self.chronological = list(reversed(cycles))
        self._summaries = summaries

    @cached_property
    def summaries(self) -> list[ca.CycleSummary]:
        every = self._summaries()
        return [every[c.id] for c in self.chronological]

    @cached_property
    def gaps(self) -> dict[tuple[str, str], int]:
        """Weighted gap per (cycle, competency), for the trend on every effect page."""
        return {(c.id, t.key): t.weighted_gap for c in self.chronological
                for t in ca.totals(c.needs, lambda n: n.competency)}

    @cache  # noqa: B019 (one PlanPages per site; the cache lives as long as it does)
    def cycle_facts(self, cycle_id: str) -> tuple[dict[str, Need], dict[str, ca.Effect]]:
        cycle = self.r.model.cycles[cycle_id]
        return {n.key: n for n in cycle.needs}, {e.need.key: e for e in ca.effects(cycle)}

    def plan(self, cycle: Cycle, reads: PageReads) -> Iterator[PlannedPage]:
        yield PlannedPage(paths.cycle_page(cycle.id, "plan"), reads.cycle(cycle),
                          partial(self.plan_page, cycle))
        for program in cycle.programs:
            yield PlannedPage(paths.program_page(cycle.id, program.id),
                              reads.program(cycle, program), partial(self.program, cycle, program))
        yield PlannedPage(paths.cycle_page(cycle.id, "effect"), reads.effect(cycle),
                          partial(self.effect, cycle))

    def pages(self, cycle: Cycle) -> list[Page]:
        return [planned.make() for planned in self.plan(
            cycle, PageReads(self.r.model, self.r.index, self.r.cycles))]

    # -- programs -------------------------------------------------------------------

    def program(self, cycle: Cycle, program: Program) -> Page:
        v = self.views
        needs, effects = self.cycle_facts(cycle.id)
        held = [s for s in program.sessions if s.status == "held"]
        answered = [(key, v.need(needs[key]) if key in needs else None) for key in program.answers]
        return self.r.page(
            "pages/cycle_program.md.j2", paths.program_page(cycle.id, program.id), cycle.source,
            "cycle-program", title=program.title, cycle=cycle, p=program,
            targets=[(c, v.competency_name(c), v.level(c, level)) for c, level in program.targets],
            roles=[(role, v.role_title(role)) for role in program.audience_roles],
            departments=[(d, v.department_name(d)) for d in program.audience_departments],
            answers=answered,
            people=sum(needs[k].headcount for k in program.answers if k in needs),
            held=len(held), attended=sum(s.attended or 0 for s in held),
            effects=[(view, effects[key]) for key, view in answered if view],
        )

    def program_row(self, cycle: Cycle, program: Program, needs: dict[str, Need]) -> ProgramRow:
        return ProgramRow(
            program, paths.program_page(cycle.id, program.id),
            tuple((c, self.views.competency_name(c)) for c, _ in program.targets),
            sum(needs[k].headcount for k in program.answers if k in needs),
            sum(1 for s in program.sessions if s.status == "held"),
            sum(1 for s in program.sessions if s.status != "cancelled"))

    # -- plan -----------------------------------------------------------------------

    def plan_page(self, cycle: Cycle) -> Page:
        r, v = self.r, self.views
        needs = {n.key: n for n in cycle.needs}
        active = [p for p in cycle.programs if p.status != "cancelled"]
        covered = ca.coverage(cycle)
        reasons = cycle.unanswered_reasons
        matrix = len(active) <= MATRIX_MAX_PROGRAMS and len(needs) <= MATRIX_MAX_NEEDS
        rows = sorted(cycle.needs, key=lambda n: (v.department_name(n.department),
                                                  -n.weighted_gap, n.key))
        open_needs = sorted(ca.unanswered(cycle), key=lambda n: (
            n.priority != "high", n.key in reasons, -n.weighted_gap, n.key))
        unanswered, more_unanswered = top(open_needs, LIST_ROWS)
        by_dept = ca.budget_by(cycle, ca.cost_by_department(cycle))
        by_competency, more_competencies = top(list(
            ca.budget_by(cycle, ca.cost_by_competency).items()), LIST_ROWS)
        held, sessions = ca.progress(cycle)
        budget_rows = self.budget_rows(cycle, by_dept)
        return r.page(
            "pages/cycle_plan.md.j2", paths.cycle_page(cycle.id, "plan"), cycle.source,
            "cycle-plan", title=r.t("plan_title", cycle=cycle.title), cycle=cycle,
            programs=[self.program_row(cycle, p, needs) for p in cycle.programs],
            matrix=matrix, active=active,
            coverage=[(v.need(n), {p.id for p in covered[n.key]}) for n in rows] if matrix else [],
            by_department_coverage=[] if matrix else self.coverage_by_department(cycle, covered),
            covered_count=sum(1 for n in cycle.needs if covered[n.key]),
            need_count=len(needs),
            unanswered=[(v.need(n), reasons.get(n.key, "")) for n in unanswered],
            more_unanswered=more_unanswered,
            planned=sum(p.cost for p in active),
            budget_rows=budget_rows, over_budget=[row for row in budget_rows if row.over],
            priorities=[(f, v.competency_name(f.priority.competency),
                         [(p, paths.program_page(cycle.id, p.id)) for p in f.programs])
                        for f in plan_decision.priority_figures(cycle)],
            by_mode=amount_bars([(r.t("mode_" + k), "", amount) for k, amount in
                                 ca.budget_by(cycle, ca.cost_by_mode).items()]),
            by_competency=amount_bars([(v.competency_name(k), paths.competency_page(k), amount)
                                       for k, amount in by_competency]),
            more_competencies=more_competencies,
            held=held, sessions=sessions,
            groups={g.id: g.name for g in r.model.governance.groups},
            approver_groups=plan_decision.approver_groups(r.model, cycle)
            if plan_decision.awaits_approval(cycle) else [],
            approvals=cycle.approvals, amendments=cycle.amendments,
        )

    def coverage_by_department(self, cycle: Cycle, covered: dict[str, list[Program]]
                               ) -> list[CoverageRow]:
        groups: dict[str, list[Need]] = defaultdict(list)
        for need in cycle.needs:
            groups[need.department].append(need)
        rows = [CoverageRow(d, self.views.department_name(d), len(group),
                            sum(1 for n in group if covered[n.key]),
                            sum(n.headcount for n in group),
                            sum(n.headcount for n in group if covered[n.key]),
                            paths.needs_page(cycle.id, d)) for d, group in groups.items()]
        return sorted(rows, key=lambda row: (row.answered - row.needs, row.name))

    def budget_rows(self, cycle: Cycle, spent: dict[str, float]) -> list[BudgetRow]:
        keys = list(dict.fromkeys([*cycle.budget_by_department, *spent]))
        widths = bar_widths([spent.get(k, 0.0) for k in keys])
        over = {row.department: row.over for row in over_budget(cycle)}
        return [BudgetRow(k, self.views.department_name(k) if k else self.r.t("not_split"),
                          k in self.r.model.departments, cycle.budget_by_department.get(k),
                          spent.get(k, 0.0), width, over.get(k, 0.0))
                for k, width in zip(keys, widths, strict=True)]

    # -- effect ---------------------------------------------------------------------

    def effect(self, cycle: Cycle) -> Page:
        v = self.views
        effects = ca.effects(cycle)
        evaluated = [p for p in cycle.programs if p.evaluation is not None]
        by_competency, more_competencies = top(
            ca.gap_change(effects, lambda n: n.competency), LIST_ROWS)
        per_need = len(effects) <= NEED_ROWS
        return self.r.page(
            "pages/cycle_effect.md.j2", paths.cycle_page(cycle.id, "effect"), cycle.source,
            "cycle-effect", title=self.r.t("effect_title", cycle=cycle.title), cycle=cycle,
            evaluated=[(p, paths.program_page(cycle.id, p.id)) for p in evaluated],
            quoted=len(evaluated) <= QUOTED_EVALUATIONS,
            effects=[(v.need(e.need), e) for e in effects] if per_need else [],
            by_department=[] if per_need else [
                (v.department_name(c.key), paths.needs_page(cycle.id, c.key), c)
                for c in ca.gap_change(effects, lambda n: n.department)],
            followed=sum(1 for e in effects if e.after is not None), need_count=len(effects),
            by_competency=[(v.competency_name(c.key), c) for c in by_competency],
            more_competencies=more_competencies,
            total=ca.gap_change(effects, lambda _: cycle.id),
            summaries=self.summaries,
            competency_trend=self.competency_trend(cycle),
        )

    def competency_trend(self, cycle: Cycle) -> Trend:
        """The weighted gap of this cycle's largest needs, competency by competency, in
        every cycle: does the same gap come back?"""
        largest = [t.key for t in ca.totals(cycle.needs, lambda n: n.competency)]
        columns = tuple(self.chronological)
        return Trend(columns, tuple(
            (c, self.views.competency_name(c), tuple(self.gaps.get((o.id, c)) for o in columns))
            for c in largest[:TREND_COMPETENCIES]))
