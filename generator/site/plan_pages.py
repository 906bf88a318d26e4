"""The plan, program and effect pages of a cycle: what was planned for which needs at what
cost, who approved it, what was delivered, and what it changed (the four Kirkpatrick
levels, the gap before and after, the trend across cycles).

Each program has its own page; the plan page lists them. Tables whose rows grow with the
company (needs, competencies) switch to a summary per department or show their largest
rows with a count of the rest, so that every page stays small at 10,000 employees.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from generator.analysis import cycle_figures as ca
from generator.site.cycle_views import Views, amount_bars, bar_widths, cycle_path, needs_path, program_path, top
from generator.model.cycles import Cycle, Need, Program

if TYPE_CHECKING:
    from generator.site.pages import Page, PageBuilder

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


class PlanPages:
    def __init__(self, builder: PageBuilder, views: Views, cycles: list[Cycle],
                 summaries: dict[str, ca.CycleSummary]) -> None:
        self.b = builder
        self.views = views
        self.chronological = list(reversed(cycles))
        self.summaries = [summaries[c.id] for c in self.chronological]
        # Weighted gap per (cycle, competency), for the trend on every effect page.
        self.gaps = {(c.id, t.key): t.weighted_gap for c in self.chronological
                     for t in ca.totals(c.needs, lambda n: n.competency)}

    def pages(self, cycle: Cycle) -> list[Page]:
        needs = {n.key: n for n in cycle.needs}
        effects = {e.need.key: e for e in ca.effects(cycle)}
        return [self.plan(cycle),
                *(self.program(cycle, p, needs, effects) for p in cycle.programs),
                self.effect(cycle)]

    # -- programs -------------------------------------------------------------------

    def program(self, cycle: Cycle, program: Program, needs: dict[str, Need],
                effects: dict[str, ca.Effect]) -> Page:
        v = self.views
        held = [s for s in program.sessions if s.status == "held"]
        answered = [(key, v.need(needs[key]) if key in needs else None) for key in program.answers]
        return self.b._render(
            "pages/cycle_program.md.j2", program_path(cycle.id, program.id), cycle.source,
            "cycle-program", title=program.title, cycle=cycle, p=program,
            targets=[(c, v.competency_name(c), v.level(c, level)) for c, level in program.targets],
            roles=[(r, v.role_title(r)) for r in program.audience_roles],
            departments=[(d, v.department_name(d)) for d in program.audience_departments],
            answers=answered,
            people=sum(needs[k].headcount for k in program.answers if k in needs),
            held=len(held), attended=sum(s.attended or 0 for s in held),
            effects=[(view, effects[key]) for key, view in answered if view],
            cycle_path=cycle_path,
        )

    def program_row(self, cycle: Cycle, program: Program, needs: dict[str, Need]
                    ) -> dict[str, Any]:
        return {
            "program": program, "page": program_path(cycle.id, program.id),
            "targets": [(c, self.views.competency_name(c)) for c, _ in program.targets],
            "people": sum(needs[k].headcount for k in program.answers if k in needs),
            "held": sum(1 for s in program.sessions if s.status == "held"),
            "sessions": sum(1 for s in program.sessions if s.status != "cancelled"),
        }

    # -- plan -----------------------------------------------------------------------

    def plan(self, cycle: Cycle) -> Page:
        v = self.views
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
        return self.b._render(
            "pages/cycle_plan.md.j2", cycle_path(cycle.id, "plan"), cycle.source, "cycle-plan",
            title=self.b.t("plan_title", cycle=cycle.title), cycle=cycle,
            programs=[self.program_row(cycle, p, needs) for p in cycle.programs],
            matrix=matrix, active=active,
            coverage=[(v.need(n), {p.id for p in covered[n.key]}) for n in rows] if matrix else [],
            by_department_coverage=[] if matrix else self.coverage_by_department(cycle, covered),
            covered_count=sum(1 for n in cycle.needs if covered[n.key]),
            need_count=len(needs),
            unanswered=[(v.need(n), reasons.get(n.key, "")) for n in unanswered],
            more_unanswered=more_unanswered,
            planned=sum(p.cost for p in active),
            budget_rows=self.budget_rows(cycle, by_dept),
            by_mode=amount_bars([(self.b.t("mode_" + k), "", amount) for k, amount in
                                 ca.budget_by(cycle, ca.cost_by_mode).items()]),
            by_competency=amount_bars([(v.competency_name(k), f"competencies/{k}.md", amount)
                                       for k, amount in by_competency]),
            more_competencies=more_competencies,
            held=held, sessions=sessions,
            groups={g.id: g.name for g in self.b.model.governance.groups},
            approvals=[(a, self.b.settings.pull_request_url(a.pull_request))
                       for a in cycle.approvals],
            amendments=[(a, self.b.settings.pull_request_url(a.pull_request))
                        for a in cycle.amendments],
            cycle_path=cycle_path, needs_path=needs_path,
        )

    def coverage_by_department(self, cycle: Cycle, covered: dict[str, list[Program]]
                               ) -> list[dict[str, Any]]:
        groups: dict[str, list[Need]] = defaultdict(list)
        for need in cycle.needs:
            groups[need.department].append(need)
        rows = [{"id": d, "name": self.views.department_name(d), "needs": len(group),
                 "answered": sum(1 for n in group if covered[n.key]),
                 "people": sum(n.headcount for n in group),
                 "people_answered": sum(n.headcount for n in group if covered[n.key]),
                 "page": needs_path(cycle.id, d)} for d, group in groups.items()]
        return sorted(rows, key=lambda r: (r["answered"] - r["needs"], r["name"]))

    def budget_rows(self, cycle: Cycle, spent: dict[str, float]) -> list[dict[str, Any]]:
        """Budget per department as recorded, against the cost of the programs it gets."""
        keys = list(dict.fromkeys([*cycle.budget_by_department, *spent]))
        widths = bar_widths([spent.get(k, 0.0) for k in keys])
        return [{"id": k, "name": self.views.department_name(k) if k else self.b.t("not_split"),
                 "known": k in self.b.model.departments,
                 "budget": cycle.budget_by_department.get(k), "cost": spent.get(k, 0.0),
                 "width": width}
                for k, width in zip(keys, widths, strict=True)]

    # -- effect ---------------------------------------------------------------------

    def effect(self, cycle: Cycle) -> Page:
        v = self.views
        effects = ca.effects(cycle)
        evaluated = [p for p in cycle.programs if p.evaluation is not None]
        by_competency, more_competencies = top(
            ca.gap_change(effects, lambda n: n.competency), LIST_ROWS)
        per_need = len(effects) <= NEED_ROWS
        return self.b._render(
            "pages/cycle_effect.md.j2", cycle_path(cycle.id, "effect"), cycle.source,
            "cycle-effect", title=self.b.t("effect_title", cycle=cycle.title), cycle=cycle,
            evaluated=[(p, program_path(cycle.id, p.id)) for p in evaluated],
            quoted=len(evaluated) <= QUOTED_EVALUATIONS,
            effects=[(v.need(e.need), e) for e in effects] if per_need else [],
            by_department=[] if per_need else [
                (v.department_name(c.key), needs_path(cycle.id, c.key), c)
                for c in ca.gap_change(effects, lambda n: n.department)],
            followed=sum(1 for e in effects if e.after is not None), need_count=len(effects),
            by_competency=[(v.competency_name(c.key), c) for c in by_competency],
            more_competencies=more_competencies,
            total=ca.gap_change(effects, lambda _: cycle.id),
            summaries=self.summaries,
            competency_trend=self.competency_trend(cycle),
            cycle_path=cycle_path,
        )

    def competency_trend(self, cycle: Cycle) -> dict[str, Any]:
        """The weighted gap of this cycle's largest needs, competency by competency, in
        every cycle: does the same gap come back?"""
        largest = [t.key for t in ca.totals(cycle.needs, lambda n: n.competency)]
        columns = self.chronological
        return {"columns": columns, "rows": [
            (c, self.views.competency_name(c), [self.gaps.get((o.id, c)) for o in columns])
            for c in largest[:TREND_COMPETENCIES]]}
