"""The pages of the training cycles: the list of cycles, each cycle's overview (timeline,
who has answered, the needs consolidated and as a departments × competencies heatmap) and
a needs page per department. The plan, program and effect pages are in `plans.py`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, partial

from generator import paths
from generator.analysis import cycle_figures as ca
from generator.analysis import plan_decision
from generator.model.cycles import STATUSES, Cycle
from generator.site.cycle_views import bar_widths, intensity, top
from generator.site.empty_states import sample
from generator.site.page_reads import ANY, PageReads
from generator.site.pages.plans import PlanPages
from generator.site.renderer import Page, PlannedPage, Renderer

# The heatmap shows the competencies with the largest gaps, and the ranked tables their
# largest rows (with a count of the rest): pages stay small at 10,000 employees, and the
# complete figures are in the CSV and JSON exports.
HEAT_MAX_COLUMNS = 30
LIST_ROWS = 50


@dataclass(frozen=True)
class Stage:
    """A step of the cycle's timeline: done, the current one, or still to do."""

    status: str
    state: str


@dataclass(frozen=True)
class HeatRow:
    id: str
    name: str
    total: int
    cells: tuple[tuple[int, int], ...]  #: (weighted gap, heat class) per competency column


@dataclass(frozen=True)
class Heatmap:
    columns: tuple[tuple[str, str], ...]  #: (competency id, name)
    rows: tuple[HeatRow, ...]
    hidden: int  #: competencies with needs that are not shown


class CyclePages:
    """The pages of every cycle. Figures several pages share (every cycle's summary, a
    cycle's submission states, the plan pages' trend) are computed once, when first needed,
    so that making a few of the pages again costs only those pages."""

    def __init__(self, r: Renderer) -> None:
        self.r = r
        self.ordered = sorted(r.model.cycles.values(), key=lambda c: (c.start, c.id),
                              reverse=True)

    @cached_property
    def summaries(self) -> dict[str, ca.CycleSummary]:
        return {c.id: ca.summary(self.r.model, c) for c in self.ordered}

    @cached_property
    def plans(self) -> PlanPages:
        return PlanPages(self.r, self.ordered, lambda: self.summaries)

    @cache  # noqa: B019 (one CyclePages per site; the cache lives as long as it does)
    def statuses(self, cycle_id: str) -> list[ca.SubmissionStatus]:
        return ca.submission_status(self.r.model, self.r.model.cycles[cycle_id], self.r.today)

    def plan(self, reads: PageReads) -> Iterator[PlannedPage]:
        """Every cycle page, with what it reads and how to make it."""
        yield PlannedPage(paths.CYCLE_INDEX, ANY, self.index)
        for cycle in self.ordered:
            yield PlannedPage(paths.cycle_page(cycle.id), reads.cycle(cycle),
                              partial(self.overview, cycle))
            for dept_id in cycle.submissions:
                yield PlannedPage(paths.needs_page(cycle.id, dept_id),
                                  reads.needs_page(cycle, dept_id),
                                  partial(self.department_needs, cycle, dept_id))
            yield from self.plans.plan(cycle, reads)

    def pages(self) -> Iterator[Page]:
        for planned in self.plan(PageReads(self.r.model, self.r.index, self.r.cycles)):
            yield planned.make()

    def index(self) -> Page:
        return self.r.page(
            "pages/cycle_index.md.j2", paths.CYCLE_INDEX, None, "cycle-index",
            title=self.r.t("cycles_title"), current=self.r.cycles.current,
            summaries=[self.summaries[cycle.id] for cycle in self.ordered],
            sample=sample(self.r.model, self.r.today),
        )

    def overview(self, cycle: Cycle) -> Page:
        r, needs = self.r, cycle.needs
        statuses = self.statuses(cycle.id)
        states = {s: sum(1 for row in statuses if row.state == s)
                  for s in ("on-time", "late", "missing", "pending")}
        families = {role.id: role.family for role in r.model.roles.values()}
        # With priorities, competencies rank by their gap weighted by priority.
        weights = cycle.weights
        by_competency, more_competencies = top(sorted(
            ca.totals(needs, lambda n: n.competency),
            key=lambda t: -t.weighted_gap * weights.get(t.key, 1.0)), LIST_ROWS)
        by_role, more_roles = top(ca.totals(needs, lambda n: n.role), LIST_ROWS)
        by_department = ca.totals(needs, lambda n: n.department)
        by_family = ca.totals(needs, lambda n: families.get(n.role, ""))
        return r.page(
            "pages/cycle.md.j2", paths.cycle_page(cycle.id), cycle.source, "cycle",
            title=cycle.title, cycle=cycle, timeline=timeline(cycle),
            statuses=statuses, states=states, today=r.today.isoformat(),
            summary=self.summaries[cycle.id],
            by_competency=list(zip(by_competency, bar_widths(
                [t.weighted_gap * weights.get(t.key, 1.0) for t in by_competency]), strict=True)),
            weights=weights, priority_gap=plan_decision.priority_gap(needs, weights),
            priorities=[(f, r.views.competency_name(f.priority.competency))
                        for f in plan_decision.priority_figures(cycle)],
            by_department=by_department,
            by_family=[(r.index.family(t.key) if t.key else None, t) for t in by_family],
            by_role=by_role, more_roles=more_roles, more_competencies=more_competencies,
            by_priority=ca.by_priority(needs),
            heat=self.heatmap(cycle, by_department,
                              ca.totals(needs, lambda n: n.competency)[:HEAT_MAX_COLUMNS]),
            names=r.views,
        )

    def heatmap(self, cycle: Cycle, rows: list[ca.Total], columns: list[ca.Total]) -> Heatmap:
        cells = ca.gap_matrix(cycle.needs)
        largest = max(cells.values(), default=0)
        views = self.r.views
        return Heatmap(
            columns=tuple((t.key, views.competency_name(t.key)) for t in columns),
            rows=tuple(HeatRow(row.key, views.department_name(row.key), row.weighted_gap, tuple(
                (cells.get((row.key, col.key), 0), intensity(cells.get((row.key, col.key), 0),
                                                             largest)) for col in columns))
                for row in rows),
            hidden=len({n.competency for n in cycle.needs}) - len(columns))

    def department_needs(self, cycle: Cycle, dept_id: str) -> Page:
        r = self.r
        submission = cycle.submissions[dept_id]
        state = next((s.state for s in self.statuses(cycle.id) if s.department.id == dept_id), "")
        dept = r.model.departments.get(submission.department)
        name = dept.name if dept else submission.department
        needs = sorted(submission.needs, key=lambda n: (-n.weighted_gap, n.key))
        return r.page(
            "pages/cycle_needs.md.j2", paths.needs_page(cycle.id, submission.department),
            submission.source, "cycle-needs",
            title=r.t("needs_of_department", name=name, cycle=cycle.title),
            cycle=cycle, submission=submission, dept=dept, state=state,
            needs=[r.views.need(n) for n in needs],
            people=sum(n.headcount for n in needs),
            weighted_gap=sum(n.weighted_gap for n in needs),
        )


def timeline(cycle: Cycle) -> list[Stage]:
    reached = STATUSES.index(cycle.status) if cycle.status in STATUSES else -1
    return [Stage(status, "done" if i < reached else "current" if i == reached else "todo")
            for i, status in enumerate(STATUSES)]
