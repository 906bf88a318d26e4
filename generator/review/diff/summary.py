"""What a change means, not which lines it touches: `cmap diff BASE [HEAD]`.

Both sides are loaded with the same loader (a git revision through `revisions.checkout`,
the working tree as it is), then compared object by object, by id and key, never by line:
comments, formatting and the order of entries mean nothing, so they show no change.
`map_changes.py` and `organisation_changes.py` compare the competency map,
`needs_changes.py` and `plan_changes.py` the cycles, in the vocabulary of `changes.py`;
each change names the site pages it affects. `markdown.py` writes the Markdown.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.files.revisions import checkout
from generator.model.competency_map import CompetencyMap, Governance
from generator.paths import GOVERNANCE, SINGLE_FILES
from generator.review.diff.changes import Section, Summary
from generator.review.diff.map_changes import compare_map
from generator.review.diff.needs_changes import compare_needs
from generator.review.diff.plan_changes import compare_plans
from generator.rules.repository import LoadResult, load_repository

WORKING_TREE = ""


def compare(base: CompetencyMap, head: CompetencyMap, base_name: str, head_name: str) -> Summary:
    summary = Summary(base_name, head_name)
    for title, groups in (("Training needs", compare_needs(base, head)),
                          ("Training plans", compare_plans(base, head)),
                          ("Competency map", compare_map(base, head))):
        groups = [g for g in groups if g.changes]
        if groups:
            summary.sections.append(Section(title, groups))
    return summary


def diff(root: Path, base_rev: str, head_rev: str = WORKING_TREE) -> Summary:
    """Load both sides and compare them; a side with errors is compared as far as it loads."""
    with checkout(root, base_rev) as folder:
        base = load_repository(folder)
    if head_rev == WORKING_TREE:
        head, head_name = load_repository(root), "the working tree"
    else:
        with checkout(root, head_rev) as folder:
            head = load_repository(folder)
        head_name = _named(root, head_rev)
    _leave_out(base.model, head.model, {p.path for p in [*base.errors, *head.errors]})
    summary = compare(base.model, head.model, _named(root, base_rev), head_name)
    summary.notes += _broken(base, "base") + _broken(head, "head")
    return summary


def _leave_out(base: CompetencyMap, head: CompetencyMap, broken: set[str]) -> None:
    """Forget, on both sides, what a file with errors holds: missing is not removed."""
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


def _named(root: Path, revision: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", f"{revision}^{{commit}}"],
                          capture_output=True, text=True, check=False)
    short = done.stdout.strip()
    return f"{revision} ({short})" if short and not short.startswith(revision) else revision


def _broken(result: LoadResult, side: str) -> list[str]:
    files = sorted({p.path for p in result.errors})
    if not files:
        return []
    listed = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
    return [f"The {side} has errors in {listed}; what did not load is left out of this summary "
            "(see the validation check)."]
