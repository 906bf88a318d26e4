"""Two models compared as a whole: every part's groups of changes under their sections,
and what a file with errors held left out of both sides (missing is not removed)."""

from __future__ import annotations

from collections.abc import Iterable

from generator.analysis.diff.changes import Section, Summary
from generator.analysis.diff.map_changes import compare_map
from generator.analysis.diff.needs_changes import compare_needs
from generator.analysis.diff.plan_changes import compare_plans
from generator.model.competency_map import CompetencyMap, Governance
from generator.paths import GOVERNANCE, SINGLE_FILES


def compare(base: CompetencyMap, head: CompetencyMap, base_name: str, head_name: str) -> Summary:
    summary = Summary(base_name, head_name)
    for title, groups in (("Training needs", compare_needs(base, head)),
                          ("Training plans", compare_plans(base, head)),
                          ("Competency map", compare_map(base, head))):
        groups = [g for g in groups if g.changes]
        if groups:
            summary.sections.append(Section(title, groups))
    return summary


def leave_out(base: CompetencyMap, head: CompetencyMap, broken: Iterable[str]) -> None:
    """Forget, on both sides, what the files `broken` (with errors) hold: missing is not
    removed."""
    broken = set(broken)
    for model in (base, head):
        for entities in (model.scales, model.competencies, model.departments, model.roles,
                         model.cycles, model.submissions):
            for key in [k for k, v in entities.items() if v.source.path in broken]:
                del entities[key]  # type: ignore[arg-type]
        for cycle in model.cycles.values():
            for dept in [d for d, s in cycle.submissions.items() if s.source.path in broken]:
                del cycle.submissions[dept]
        for rel, kind in SINGLE_FILES.items():  # each held in the model under its kind's name
            if rel in broken:
                setattr(model, kind, Governance() if rel == GOVERNANCE else {})
