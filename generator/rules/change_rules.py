"""Rules that compare with a base revision (`cmap validate --base REV`).

An approved plan is a commitment: its programs and budget change only through a recorded
amendment, a cycle's status moves forward one step at a time, and needs are not rewritten
after the cycle stopped taking them (only their follow-up is filled in).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from generator.model.cycles import STATUSES, Cycle, Program, Submission
from generator.rules.context import Context, Finding, Rule

#: What may change on an approved plan without amendment: delivery progress. Cancelling a
#: program is not progress, so a cancelled status stays visible to the comparison.
_PROGRESS_FIELDS = {"sessions": (), "evaluation": None}


def status_moves_one_step(ctx: Context) -> Iterator[Finding]:
    if ctx.base is None:
        return
    for cycle in ctx.model.cycles.values():
        before = ctx.base.cycles.get(cycle.id)
        if before is None or before.status == cycle.status:
            continue
        step = STATUSES.index(cycle.status) - STATUSES.index(before.status)
        if step != 1:
            following = STATUSES[STATUSES.index(before.status) + 1:][:1]
            hint = (f"The next status after `{before.status}` is `{following[0]}`."
                    if following else "A closed cycle stays closed.")
            yield Finding(cycle.source.path, ("status",), "P507",
                          f"The status moves from `{before.status}` to `{cycle.status}`.", hint)


def approved_plan_is_frozen(ctx: Context) -> Iterator[Finding]:
    if ctx.base is None:
        return
    for cycle in ctx.model.cycles.values():
        before = ctx.base.cycles.get(cycle.id)
        if before is None or STATUSES.index(before.status) < STATUSES.index("approved"):
            continue
        changed = _commitments(before) != _commitments(cycle)
        if changed and len(cycle.amendments) <= len(before.amendments):
            yield Finding(cycle.source.path, ("programs",), "P508",
                          f"The plan of `{cycle.id}` was approved, and this change alters its "
                          "programs or budget without an amendment.",
                          "Add an entry under `amendments:` (date, pull_request, reason), and "
                          "have the approvers review the pull request.")


def needs_frozen_after_collection(ctx: Context) -> Iterator[Finding]:
    if ctx.base is None:
        return
    for key, sub in ctx.model.submissions.items():
        cycle = ctx.model.cycles.get(sub.cycle)
        if cycle is None or cycle.takes_needs or sub.cycle not in ctx.base.cycles:
            continue
        before = ctx.base.submissions.get(key)
        if before is None or _needs(before) != _needs(sub):
            yield Finding(sub.source.path, ("entries",), "N409",
                          f"The cycle `{cycle.id}` is `{cycle.status}`: its needs can no longer "
                          "be added or changed (only `follow_up` may be filled in).",
                          "Submit new needs in the next cycle.")


def _commitments(cycle: Cycle) -> tuple[object, ...]:
    """The parts of a plan that approvers signed: programs without their progress, budget."""
    programs = tuple(sorted((_plan_part(p) for p in cycle.programs), key=lambda p: p.id))
    return programs, cycle.budget_total, sorted(cycle.budget_by_department.items())


def _plan_part(program: Program) -> Program:
    status = "cancelled" if program.status == "cancelled" else "planned"
    return replace(program, status=status, **_PROGRESS_FIELDS)  # type: ignore[arg-type]


def _needs(sub: Submission) -> list[object]:
    return [replace(need, follow_up=None) for need in sub.needs]


#: This module's rules, in the order they run (`rule_table.py` lists the modules).
RULES = (
    Rule("P507", "a cycle's status moves forward one step at a time", status_moves_one_step),
    Rule("P508", "an approved plan changes only through a recorded amendment", approved_plan_is_frozen),
    Rule("N409", "needs are not rewritten after the cycle stopped taking them",
         needs_frozen_after_collection),
)
