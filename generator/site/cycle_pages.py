"""The pages of the training cycles: the list of cycles, each cycle's overview (timeline,
who has answered, the needs consolidated and as a departments × competencies heatmap) and
a needs page per department. The plan and effect pages are in `plan_pages.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from generator.analysis import cycle_figures as ca
from generator.site.cycle_views import CycleIndex, Views, bar_widths, cycle_path, intensity, needs_path, top
from generator.model.cycles import STATUSES, Cycle, Submission
from generator.site.plan_pages import PlanPages

if TYPE_CHECKING:
    from generator.site.pages import Page, PageBuilder

# The heatmap shows the competencies with the largest gaps, and the ranked tables their
# largest rows (with a count of the rest): pages stay small at 10,000 employees, and the
# complete figures are in the CSV and JSON exports.
HEAT_MAX_COLUMNS = 30
LIST_ROWS = 50


class CyclePages:
    def __init__(self, builder: PageBuilder, cycles: CycleIndex, today: date) -> None:
        self.b = builder
        self.views = Views(builder, cycles)
        self.today = today
        self.ordered = sorted(builder.model.cycles.values(), key=lambda c: (c.start, c.id),
                              reverse=True)
        # Figures every cycle's pages share, computed once per site.
        self.summaries = {c.id: ca.summary(builder.model, c) for c in self.ordered}

    def pages(self) -> Iterator[Page]:
        yield self.index()
        plans = PlanPages(self.b, self.views, self.ordered, self.summaries)
        for cycle in self.ordered:
            statuses = ca.submission_status(self.b.model, cycle, self.today)
            yield self.overview(cycle, statuses)
            states = {s.department.id: s.state for s in statuses}
            for submission in cycle.submissions.values():
                yield self.department_needs(cycle, submission, states.get(submission.department, ""))
            yield from plans.pages(cycle)

    def index(self) -> Page:
        summaries = [self.summaries[cycle.id] for cycle in self.ordered]
        return self.b._render(
            "pages/cycle_index.md.j2", "cycles/index.md", None, "cycle-index",
            title=self.b.t("cycles_title"), summaries=summaries, current=self.views.cycles.current,
            cycle_path=cycle_path,
        )

    def timeline(self, cycle: Cycle) -> list[dict[str, Any]]:
        reached = STATUSES.index(cycle.status) if cycle.status in STATUSES else -1
        return [{"status": status, "state": "done" if i < reached else
                 "current" if i == reached else "todo"} for i, status in enumerate(STATUSES)]

    def overview(self, cycle: Cycle, statuses: list[ca.SubmissionStatus]) -> Page:
        model = self.b.model
        v = self.views
        needs = cycle.needs
        states = {s: sum(1 for row in statuses if row.state == s)
                  for s in ("on-time", "late", "missing", "pending")}
        families = {r.id: r.family for r in model.roles.values()}
        by_competency, more_competencies = top(ca.totals(needs, lambda n: n.competency),
                                               LIST_ROWS)
        by_role, more_roles = top(ca.totals(needs, lambda n: n.role), LIST_ROWS)
        by_department = ca.totals(needs, lambda n: n.department)
        by_family = ca.totals(needs, lambda n: families.get(n.role, ""))
        return self.b._render(
            "pages/cycle.md.j2", cycle_path(cycle.id), cycle.source, "cycle",
            title=cycle.title, cycle=cycle, timeline=self.timeline(cycle),
            statuses=statuses, states=states, today=self.today.isoformat(),
            summary=self.summaries[cycle.id],
            by_competency=list(zip(by_competency, bar_widths(
                [t.weighted_gap for t in by_competency]), strict=True)),
            by_department=by_department,
            by_family=[(self.b.index.family(t.key) if t.key else None, t) for t in by_family],
            by_role=by_role, more_roles=more_roles, more_competencies=more_competencies,
            by_priority=ca.by_priority(needs),
            heat=self.heatmap(cycle, by_department,
                              ca.totals(needs, lambda n: n.competency)[:HEAT_MAX_COLUMNS]),
            names=v, cycle_path=cycle_path, needs_path=needs_path,
        )

    def heatmap(self, cycle: Cycle, rows: list[ca.Total], columns: list[ca.Total]
                ) -> dict[str, Any]:
        cells = ca.gap_matrix(cycle.needs)
        shown = columns
        largest = max(cells.values(), default=0)
        return {
            "columns": [(t.key, self.views.competency_name(t.key)) for t in shown],
            "rows": [
                {"id": row.key, "name": self.views.department_name(row.key),
                 "total": row.weighted_gap,
                 "cells": [(cells.get((row.key, col.key), 0),
                            intensity(cells.get((row.key, col.key), 0), largest))
                           for col in shown]}
                for row in rows
            ],
            "hidden": len({n.competency for n in cycle.needs}) - len(shown),
        }

    def department_needs(self, cycle: Cycle, submission: Submission, state: str) -> Page:
        dept = self.b.model.departments.get(submission.department)
        name = dept.name if dept else submission.department
        needs = sorted(submission.needs, key=lambda n: (-n.weighted_gap, n.key))
        return self.b._render(
            "pages/cycle_needs.md.j2", needs_path(cycle.id, submission.department),
            submission.source, "cycle-needs",
            title=self.b.t("needs_of_department", name=name, cycle=cycle.title),
            cycle=cycle, submission=submission, dept=dept, state=state,
            needs=[self.views.need(n) for n in needs],
            people=sum(n.headcount for n in needs),
            weighted_gap=sum(n.weighted_gap for n in needs),
            cycle_path=cycle_path,
        )
