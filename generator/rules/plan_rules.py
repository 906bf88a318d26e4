"""Rules of a cycle's plan, `plans/<cycle>.yml`: dates, programs, coverage, budget, approvals."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.cycles import STATUSES, Cycle, calendar_date
from generator.model.plan_costs import over_budget
from generator.paths import GOVERNANCE, needs_folder
from generator.problems import Severity, clip
from generator.rules.context import Context, Finding, Rule


def _at_least(cycle: Cycle, status: str) -> bool:
    return STATUSES.index(cycle.status) >= STATUSES.index(status)


def dates_in_order(ctx: Context) -> Iterator[Finding]:
    for cycle in ctx.model.cycles.values():
        path = cycle.source.path
        named: list[tuple[tuple[str | int, ...], str]] = [
            (("period", "start"), cycle.start), (("period", "end"), cycle.end),
            (("needs_due",), cycle.needs_due), (("review_on",), cycle.review_on)]
        named += [(("approvals", i, "date"), a.date) for i, a in enumerate(cycle.approvals)]
        named += [(("programs", p, "sessions", s, "date"), session.date)
                  for p, program in enumerate(cycle.programs)
                  for s, session in enumerate(program.sessions)]
        bad = {text for _key, text in named if text and calendar_date(text) is None}
        for key, text in named:
            if text in bad:
                yield Finding(path, key, "P501", f"{text} is not a day in the calendar.",
                              "Write the date as YYYY-MM-DD, e.g. 2027-03-31.")
        # Orderings are checked between real days only, so one typo hides nothing else.
        start, end = (None if d in bad else d for d in (cycle.start, cycle.end))
        if start and end and end < start:
            yield Finding(path, ("period", "end"), "P501",
                          f"The period ends ({cycle.end}) before it starts ({cycle.start}).",
                          "Swap the dates or correct one of them.")
        if cycle.review_on and not {cycle.review_on, cycle.needs_due} & bad \
                and cycle.review_on < cycle.needs_due:
            yield Finding(path, ("review_on",), "P501",
                          f"The review ({cycle.review_on}) is before needs are due "
                          f"({cycle.needs_due}).", "Review the plan after the needs are in.")
        for p, program in enumerate(cycle.programs):
            for s, session in enumerate(program.sessions):
                if start and end and session.date not in bad \
                        and not start <= session.date <= end:
                    yield Finding(path, ("programs", p, "sessions", s, "date"), "P501",
                                  f"The session on {session.date} is outside the cycle's period "
                                  f"({cycle.start} to {cycle.end}).",
                                  "Move the session into the period, or extend the period.")


def programs_resolve(ctx: Context) -> Iterator[Finding]:
    model = ctx.model
    for cycle in model.cycles.values():
        path = cycle.source.path
        keys = {need.key for need in cycle.needs}
        seen: set[str] = set()
        for p, program in enumerate(cycle.programs):
            if program.id in seen:
                yield Finding(path, ("programs", p, "id"), "P502",
                              f"Two programs have the id `{program.id}`.", "Give each its own id.")
            seen.add(program.id)
            for c, (comp_id, target) in enumerate(program.targets):
                comp = model.competencies.get(comp_id)
                if comp is None:
                    yield from ctx.unknown(path, ("programs", p, "competencies", c, "competency"),
                                           "competency", comp_id)
                    continue
                scale = model.scales.get(comp.scale)
                if scale is not None and target not in scale.numbers:
                    yield Finding(path, ("programs", p, "competencies", c, "target"), "P502",
                                  f"Level {target} is not on the scale of `{comp_id}`.",
                                  f"Use one of {', '.join(map(str, scale.numbers))}.")
            trained = {comp_id for comp_id, _ in program.targets}
            for a, key in enumerate(program.answers):
                if key not in keys and not _in_broken_file(ctx, cycle.id, key):
                    yield Finding(path, ("programs", p, "answers", a), "P502",
                                  f"No department submitted the need `{clip(key)}` in this cycle.",
                                  f"Needs are written department/role/competency, from the files "
                                  f"in `{needs_folder(cycle.id)}/`.")
                elif key in keys and key.rsplit("/", 1)[-1] not in trained:
                    yield Finding(path, ("programs", p, "answers", a), "P502",
                                  f"`{program.id}` answers `{key}` but does not train "
                                  f"`{key.rsplit('/', 1)[-1]}`.",
                                  "Add the competency to the program's `competencies`, or answer "
                                  "the need with another program.")
            for r, role_id in enumerate(program.audience_roles):
                yield from ctx.unknown(path, ("programs", p, "audience", "roles", r), "role", role_id)
            for d, dept_id in enumerate(program.audience_departments):
                yield from ctx.unknown(path, ("programs", p, "audience", "departments", d),
                                       "department", dept_id)
        listed: set[str] = set()
        for u, (key, _reason) in enumerate(cycle.unanswered):
            if key in listed:
                yield Finding(path, ("unanswered", u, "need"), "P502",
                              f"`{clip(key)}` is listed twice under `unanswered`.",
                              "Keep one entry with the reason.")
            listed.add(key)
            if key not in keys and not _in_broken_file(ctx, cycle.id, key):
                yield Finding(path, ("unanswered", u, "need"), "P502",
                              f"No department submitted the need `{clip(key)}` in this cycle.",
                              "Remove it from `unanswered`, or correct the reference.")


def _in_broken_file(ctx: Context, cycle_id: str, key: str) -> bool:
    return f"{cycle_id}/{key.split('/')[0]}" in ctx.broken.get("submission", set())


def needs_are_covered(ctx: Context) -> Iterator[Finding]:
    for cycle in ctx.model.cycles.values():
        if not _at_least(cycle, "in-review"):
            continue
        answered = {key for program in cycle.programs if program.status != "cancelled"
                    for key in program.answers}
        for need in cycle.needs:
            if need.key in answered or need.key in cycle.unanswered_reasons:
                continue
            strict = _at_least(cycle, "approved") and need.priority == "high"
            yield Finding(cycle.source.path, ("programs",), "P503",
                          f"No program answers the {need.priority}-priority need `{need.key}`.",
                          "Add it to a program's `answers`, or list it under `unanswered:` with "
                          "the reason.", Severity.ERROR if strict else Severity.WARNING)


def budget_sums(ctx: Context) -> Iterator[Finding]:
    for cycle in ctx.model.cycles.values():
        path, total = cycle.source.path, cycle.budget_total
        shares = sum(cycle.budget_by_department.values())
        if total is not None and shares > total:
            yield Finding(path, ("budget", "departments"), "P504",
                          f"The department shares add up to {shares:,.0f}, more than the total "
                          f"budget of {total:,.0f}.", "Lower the shares or raise the total.")
        costs = sum(program.cost for program in cycle.programs if program.status != "cancelled")
        if total is not None and costs > total:
            yield Finding(path, ("budget", "total"), "P504",
                          f"The programs cost {costs:,.0f}, more than the budget of {total:,.0f}.",
                          "Cut or cancel a program, or record a larger budget.")
        for p, program in enumerate(cycle.programs):
            split = sum(program.cost_by_department.values())
            if program.cost_by_department and abs(split - program.cost) > 0.5:
                yield Finding(path, ("programs", p, "cost_by_department"), "P504",
                              f"The split adds up to {split:,.0f}, but the program costs "
                              f"{program.cost:,.0f}.", "Make the shares add up to `cost`.")
            for dept_id in program.cost_by_department:
                yield from ctx.unknown(path, ("programs", p, "cost_by_department", dept_id),
                                       "department", dept_id)
        for dept_id in cycle.budget_by_department:
            yield from ctx.unknown(path, ("budget", "departments", dept_id), "department", dept_id)


def departments_within_share(ctx: Context) -> Iterator[Finding]:
    """A warning, not an error: approvers may accept a department going over, but they
    should see it, with the same figures as the plan page's budget table."""
    for cycle in ctx.model.cycles.values():
        for row in over_budget(cycle):
            yield Finding(cycle.source.path, ("budget", "departments", row.department), "P511",
                          f"The programs planned for `{row.department}` cost {row.cost:,.0f}, "
                          f"{row.over:,.0f} over its budget share of {row.share:,.0f}.",
                          "Raise the share, lower or re-split the costs (`cost_by_department` "
                          "of a program), or let the approvers accept it in the review.",
                          Severity.WARNING)


def priorities_are_trained(ctx: Context) -> Iterator[Finding]:
    """Checked once the needs are being consolidated: while they are collected, no program
    is expected yet."""
    for cycle in ctx.model.cycles.values():
        path = cycle.source.path
        seen: set[str] = set()
        # Needs left open on purpose, with a reason under `unanswered`, do not count.
        needed = {need.competency for need in cycle.needs
                  if need.key not in cycle.unanswered_reasons}
        trained = {competency for program in cycle.programs if program.status != "cancelled"
                   for competency, _ in program.targets}
        for i, priority in enumerate(cycle.priorities):
            key = ("priorities", i, "competency")
            if priority.competency in seen:
                yield Finding(path, key, "P510",
                              f"`{priority.competency}` is listed twice under `priorities`.",
                              "Keep one entry, with its weight and reason.")
                continue
            seen.add(priority.competency)
            if not ctx.exists("competency", priority.competency):
                yield from ctx.unknown(path, key, "competency", priority.competency)
            elif _at_least(cycle, "consolidating") and priority.competency in needed \
                    and priority.competency not in trained:
                yield Finding(path, key, "P510",
                              f"The priority `{priority.competency}` has needs in this cycle "
                              "but no program trains it.",
                              "Add a program that trains it, or list its needs under "
                              "`unanswered:` with the reason they wait.", Severity.WARNING)


def capacity_covers_headcount(ctx: Context) -> Iterator[Finding]:
    for cycle in ctx.model.cycles.values():
        people = {need.key: need.headcount for need in cycle.needs}
        for p, program in enumerate(cycle.programs):
            wanted = sum(people.get(key, 0) for key in program.answers)
            if program.status != "cancelled" and program.seats and program.seats < wanted:
                yield Finding(cycle.source.path, ("programs", p), "P505",
                              f"`{program.id}` has {_count(program.seats, 'seat')} for the "
                              f"{_count(wanted, 'person', 'people')} "
                              "whose needs it answers.",
                              "Add sessions or capacity, or answer fewer needs with it.")


def approvals_recorded(ctx: Context) -> Iterator[Finding]:
    """With `--base`, the base's governance also binds: a change cannot drop a required
    group or add the member who then approves (the approval gate applies the same rule)."""
    gov = ctx.model.governance
    members = {group.id: set(group.members) for group in gov.groups}
    # A base from before the map existed has no governance: nothing of it binds yet.
    base = ctx.base.governance if ctx.base is not None and ctx.base.governance.groups else None
    base_members = {group.id: set(group.members) for group in base.groups} if base else {}
    required = list(dict.fromkeys([*gov.plan_approvers, *(base.plan_approvers if base else ())]))
    for cycle in ctx.model.cycles.values():
        path = cycle.source.path
        before = ctx.base.cycles.get(cycle.id) if ctx.base is not None else None
        earlier = set(before.approvals) if before is not None else set()
        for a, approval in enumerate(cycle.approvals):
            if approval.group not in members:
                yield from ctx.unknown(path, ("approvals", a, "group"), "group", approval.group)
            elif approval.handle not in members[approval.group]:
                yield Finding(path, ("approvals", a, "handle"), "P506",
                              f"`{approval.handle}` is not a member of the group "
                              f"`{approval.group}`.",
                              f"Only the group's members in `{GOVERNANCE}` approve for it.")
            elif base is not None and approval not in earlier \
                    and approval.handle not in base_members.get(approval.group, set()):
                yield Finding(path, ("approvals", a, "handle"), "P506",
                              f"`{approval.handle}` is not a member of the group "
                              f"`{approval.group}` in the base revision.",
                              "A change cannot approve through a member it adds itself: change "
                              f"`{GOVERNANCE}` in its own pull request first.")
        if _at_least(cycle, "approved"):
            recorded = {approval.group for approval in cycle.approvals}
            missing = [g for g in required if g not in recorded]
            if missing:
                yield Finding(path, ("status",), "P506",
                              f"The plan is `{cycle.status}` but has no recorded approval from "
                              + ", ".join(f"`{g}`" for g in missing) + ".",
                              "Every group in `plan_approvers` (of the base revision too, with "
                              "`--base`) must approve in the pull request; record each approval "
                              "under `approvals:`.")


def delivery_is_consistent(ctx: Context) -> Iterator[Finding]:
    for cycle in ctx.model.cycles.values():
        path = cycle.source.path
        for p, program in enumerate(cycle.programs):
            for s, session in enumerate(program.sessions):
                if session.attended is not None and session.capacity is not None \
                        and session.attended > session.capacity:
                    yield Finding(path, ("programs", p, "sessions", s, "attended"), "P509",
                                  f"{session.attended} attended a session with {session.capacity} "
                                  "seats.", "Correct the attendance or the capacity.")
                if session.attended is not None and session.status != "held":
                    yield Finding(path, ("programs", p, "sessions", s, "attended"), "P509",
                                  "Attendance is recorded for a session that was not held.",
                                  "Set the session's `status: held`, or remove `attended`.")
            if program.evaluation is not None and program.status not in ("running", "delivered"):
                yield Finding(path, ("programs", p, "evaluation"), "P509",
                              f"`{program.id}` has an evaluation but its status is "
                              f"`{program.status}`.",
                              "Evaluate a program once it runs or has been delivered.")


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


#: This module's rules, in the order they run (`rule_table.py` lists the modules).
RULES = (
    Rule("P501", "a cycle's dates are real days, in order", dates_in_order),
    Rule("P502", "programs train real competencies and answer real needs of the cycle", programs_resolve),
    Rule("P503", "every need is answered by a program or has a recorded reason", needs_are_covered),
    Rule("P504", "budget shares and costs add up", budget_sums),
    Rule("P505", "a program has seats for the people whose needs it answers", capacity_covers_headcount),
    Rule("P506", "an approved plan records an approval of every required group, by its members",
         approvals_recorded),
    Rule("P509", "sessions, attendance and evaluations match the program's status", delivery_is_consistent),
    Rule("P510", "a priority names a competency once; one with needs is trained by a program",
         priorities_are_trained),
    Rule("P511", "each department's planned cost stays within its budget share",
         departments_within_share),
)
