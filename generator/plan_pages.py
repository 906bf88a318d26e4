"""The plan and effect pages of a cycle: what was planned for which needs at what cost, who
approved it, what was delivered, and what it changed (the four Kirkpatrick levels, the gap
before and after, the trend across cycles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import cycle_analysis as ca
from .cycle_views import Views, amount_bars, cycle_path, need_anchor, needs_path, program_anchor
from .cycles import Cycle, Need, Program

if TYPE_CHECKING:
    from .pages import Page, PageBuilder

# Up to this many programs the coverage is a needs × programs matrix; beyond, a list of the
# programs per need keeps the page readable.
MATRIX_MAX_PROGRAMS = 20
# Competencies followed across cycles on the effect page.
TREND_COMPETENCIES = 15


class PlanPages:
    def __init__(self, builder: PageBuilder, views: Views, cycles: list[Cycle]) -> None:
        self.b = builder
        self.views = views
        self.chronological = list(reversed(cycles))

    def program_view(self, cycle: Cycle, program: Program, needs: dict[str, Need]
                     ) -> dict[str, Any]:
        v = self.views
        held = [s for s in program.sessions if s.status == "held"]
        return {
            "program": program,
            "anchor": program_anchor(program),
            "targets": [(c, v.competency_name(c), v.level(c, level)) for c, level in program.targets],
            "roles": [(r, v.role_title(r)) for r in program.audience_roles],
            "departments": [(d, v.department_name(d)) for d in program.audience_departments],
            "answers": [(key, v.need(needs[key]) if key in needs else None)
                        for key in program.answers],
            "people": sum(needs[k].headcount for k in program.answers if k in needs),
            "held": len(held),
            "attended": sum(s.attended or 0 for s in held),
        }

    def plan(self, cycle: Cycle) -> Page:
        v = self.views
        needs = {n.key: n for n in cycle.needs}
        active = [p for p in cycle.programs if p.status != "cancelled"]
        covered = ca.coverage(cycle)
        reasons = cycle.unanswered_reasons
        rows = sorted(cycle.needs, key=lambda n: (v.department_name(n.department), -n.weighted_gap,
                                                  n.key))
        by_dept = ca.budget_by(cycle, ca.cost_by_department(cycle))
        held, sessions = ca.progress(cycle)
        return self.b._render(
            "pages/cycle_plan.md.j2", cycle_path(cycle.id, "plan"), cycle.source, "cycle-plan",
            title=self.b.t("plan_title", cycle=cycle.title), cycle=cycle,
            programs=[self.program_view(cycle, p, needs) for p in cycle.programs],
            matrix=len(active) <= MATRIX_MAX_PROGRAMS, active=active,
            coverage=[(v.need(n), {p.id for p in covered[n.key]}) for n in rows],
            covered_count=sum(1 for n in rows if covered[n.key]),
            groups={g.id: g.name for g in self.b.model.governance.groups},
            unanswered=[(v.need(n), reasons.get(n.key, "")) for n in ca.unanswered(cycle)],
            planned=sum(p.cost for p in active),
            budget_rows=self.budget_rows(cycle, by_dept),
            by_mode=amount_bars([(self.b.t("mode_" + k), "", amount) for k, amount in
                                 ca.budget_by(cycle, ca.cost_by_mode).items()]),
            by_competency=amount_bars([
                (v.competency_name(k), f"competencies/{k}.md", amount)
                for k, amount in ca.budget_by(cycle, ca.cost_by_competency).items()]),
            held=held, sessions=sessions,
            approvals=[(a, self.b.settings.pull_request_url(a.pull_request))
                       for a in cycle.approvals],
            amendments=[(a, self.b.settings.pull_request_url(a.pull_request))
                        for a in cycle.amendments],
            cycle_path=cycle_path, needs_path=needs_path, need_anchor=need_anchor,
        )

    def budget_rows(self, cycle: Cycle, spent: dict[str, float]) -> list[dict[str, Any]]:
        """Budget per department as recorded, against the cost of the programs it gets."""
        keys = list(dict.fromkeys([*cycle.budget_by_department, *spent]))
        bars = amount_bars([("", "", spent.get(k, 0.0)) for k in keys])
        return [{"id": k, "name": self.views.department_name(k) if k else self.b.t("not_split"),
                 "known": k in self.b.model.departments,
                 "budget": cycle.budget_by_department.get(k), "cost": spent.get(k, 0.0),
                 "width": bar["width"]}
                for k, bar in zip(keys, bars, strict=True)]

    def effect(self, cycle: Cycle) -> Page:
        v = self.views
        effects = ca.effects(cycle)
        evaluated = [p for p in cycle.programs if p.evaluation is not None]
        by_competency = ca.gap_change(effects, lambda n: n.competency)
        return self.b._render(
            "pages/cycle_effect.md.j2", cycle_path(cycle.id, "effect"), cycle.source,
            "cycle-effect", title=self.b.t("effect_title", cycle=cycle.title), cycle=cycle,
            evaluated=[(p, program_anchor(p)) for p in evaluated],
            effects=[(v.need(e.need), e) for e in effects],
            followed=sum(1 for e in effects if e.after is not None),
            by_competency=[(v.competency_name(c.key), c) for c in by_competency],
            total=ca.gap_change(effects, lambda _: cycle.id),
            summaries=[ca.summary(self.b.model, c) for c in self.chronological],
            competency_trend=self.competency_trend(cycle),
            cycle_path=cycle_path,
        )

    def competency_trend(self, cycle: Cycle) -> dict[str, Any]:
        """The weighted gap of this cycle's largest needs, competency by competency, in
        every cycle: does the same gap come back?"""
        top = [t.key for t in ca.totals(cycle.needs, lambda n: n.competency)[:TREND_COMPETENCIES]]
        columns = self.chronological
        sums: dict[tuple[str, str], int] = {}
        for other in columns:
            for total in ca.totals(other.needs, lambda n: n.competency):
                sums[other.id, total.key] = total.weighted_gap
        return {"columns": columns, "rows": [
            (c, self.views.competency_name(c), [sums.get((o.id, c)) for o in columns])
            for c in top]}

