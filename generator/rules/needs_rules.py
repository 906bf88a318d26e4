"""Rules of a department's training needs file, `needs/<cycle>/<department>.yml`."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from generator.model.cycles import Need, Submission, calendar_date
from generator.paths import NEEDS_DIR, entity_folder, plan_file
from generator.problems import Severity, clip
from generator.rules.context import Context, Finding, Rule


def _entries(ctx: Context) -> Iterator[tuple[Submission, int, Need]]:
    for sub in ctx.model.submissions.values():
        for index, need in enumerate(sub.needs):
            yield sub, index, need


def cycle_takes_needs(ctx: Context) -> Iterator[Finding]:
    for sub in ctx.model.submissions.values():
        cycle = ctx.model.cycles.get(sub.cycle)
        if cycle is None:
            if not ctx.exists("plan", sub.cycle):
                cycle_id = clip(sub.cycle)  # a folder's name: any length
                yield Finding(sub.source.path, (), "N401", f"There is no training cycle `{cycle_id}`.",
                              f"Declare it in `{plan_file(cycle_id)}` (`cmap new cycle "
                              f"{cycle_id}`), or move this file to an existing cycle's folder.")
            continue
        closed_on = cycle.review_on or cycle.needs_due
        if not cycle.takes_needs and sub.submitted_on > closed_on:
            yield Finding(sub.source.path, ("submitted_on",), "N401",
                          f"The cycle `{cycle.id}` stopped taking needs on {closed_on} "
                          f"(its status is {cycle.status}).",
                          f"Submit these needs in the next cycle's folder under `{NEEDS_DIR}/`.")


def file_names_a_department(ctx: Context) -> Iterator[Finding]:
    known = list(ctx.model.departments)
    for sub in ctx.model.submissions.values():
        if ctx.exists("department", sub.department):
            continue
        close = difflib.get_close_matches(sub.department, known, n=1)
        guess = f"Did you mean `{close[0]}.yml`? " if close else ""
        yield Finding(sub.source.path, (), "N402",
                      f"This file is named after no department: there is no `{clip(sub.department)}`.",
                      guess + "Name the file after your department's id, from "
                      f"`{entity_folder('department')}/`.")


def role_staffed(ctx: Context) -> Iterator[Finding]:
    model = ctx.model
    for sub, index, need in _entries(ctx):
        dept = model.departments.get(sub.department)
        if need.role not in model.roles:
            yield from ctx.unknown(sub.source.path, ("entries", index, "role"), "role", need.role)
            continue
        if dept is None:
            continue
        staffed = dept.staffing.get(need.role, 0)
        if staffed == 0:
            yield Finding(sub.source.path, ("entries", index, "role"), "N403",
                          f"`{dept.name}` has no `{need.role}` in its staffing.",
                          f"Use a role staffed in `{dept.source.path}`, or add the role to its "
                          "`staffing` first.")
        elif need.headcount > staffed:
            yield Finding(sub.source.path, ("entries", index, "headcount"), "N403",
                          f"{need.headcount} people is more than the {staffed} `{need.role}` "
                          f"staffed in `{dept.name}`.",
                          "Count only the people in this department; correct the staffing if it "
                          "is out of date.")


def levels_make_a_gap(ctx: Context) -> Iterator[Finding]:
    model = ctx.model
    for sub, index, need in _entries(ctx):
        comp = model.competencies.get(need.competency)
        if comp is None:
            yield from ctx.unknown(sub.source.path, ("entries", index, "competency"),
                                   "competency", need.competency)
            continue
        numbers = _scale_numbers(ctx, need)
        for key in ("current", "target"):
            value = getattr(need, key)
            if numbers is not None and value not in numbers:
                yield Finding(sub.source.path, ("entries", index, key), "N404",
                              f"Level {value} is not on the scale of `{comp.id}`.",
                              f"Use one of its levels: {', '.join(map(str, numbers))}.")
        if need.current >= need.target:
            yield Finding(sub.source.path, ("entries", index, "target"), "N404",
                          f"The target level {need.target} is not above the current level "
                          f"{need.current}: there is no gap.",
                          "Remove the entry, or correct the levels.")


def _scale_numbers(ctx: Context, need: Need) -> tuple[int, ...] | None:
    """The levels of the need's competency's scale; None when they cannot be known."""
    comp = ctx.model.competencies.get(need.competency)
    scale = ctx.model.scales.get(comp.scale) if comp is not None else None
    return scale.numbers if scale is not None else None


def _levels_wrong(ctx: Context, need: Need) -> bool:
    """What N404 reports: once the levels are fixed, the target may no longer need a reason."""
    numbers = _scale_numbers(ctx, need)
    off_scale = numbers is not None and not {need.current, need.target} <= set(numbers)
    return off_scale or need.current >= need.target


def beyond_profile_is_justified(ctx: Context) -> Iterator[Finding]:
    for sub, index, need in _entries(ctx):
        role = ctx.model.roles.get(need.role)
        if (role is None or need.competency not in ctx.model.competencies or need.justification
                or _levels_wrong(ctx, need)):
            continue
        required = role.required_level(need.competency)
        if required is None:
            yield Finding(sub.source.path, ("entries", index, "competency"), "N405",
                          f"`{need.competency}` is not in the profile of `{role.title}`.",
                          "Add `justification:` saying why these people need it.")
        elif need.target > required:
            yield Finding(sub.source.path, ("entries", index, "target"), "N405",
                          f"The target {need.target} is above the level {required} that "
                          f"`{role.title}` requires.",
                          f"Use target {required}, or add `justification:` saying why.")


def no_duplicate_entries(ctx: Context) -> Iterator[Finding]:
    for sub in ctx.model.submissions.values():
        first: dict[tuple[str, str], int] = {}
        for index, need in enumerate(sub.needs):
            pair = (need.role, need.competency)
            if pair in first:
                number = ctx.entry_number(sub.source.path, first[pair])
                yield Finding(sub.source.path, ("entries", index), "N406",
                              f"`{need.role}` × `{need.competency}` is already entry "
                              f"{number}.", "Merge the two entries into one.")
            first.setdefault(pair, index)


def dates_exist(ctx: Context) -> Iterator[Finding]:
    for sub in ctx.model.submissions.values():
        if calendar_date(sub.submitted_on) is None:
            yield _no_such_day(sub.source.path, ("submitted_on",), sub.submitted_on)
        for index, need in enumerate(sub.needs):
            if need.needed_by and calendar_date(need.needed_by) is None:
                yield _no_such_day(sub.source.path, ("entries", index, "needed_by"), need.needed_by)
            if need.follow_up and calendar_date(need.follow_up.date) is None:
                yield _no_such_day(sub.source.path, ("entries", index, "follow_up", "date"),
                                   need.follow_up.date)


def submitted_by_head(ctx: Context) -> Iterator[Finding]:
    training = {m for g in ctx.model.governance.groups if g.id == "training" for m in g.members}
    for sub in ctx.model.submissions.values():
        dept = ctx.model.departments.get(sub.department)
        if dept and sub.submitted_by != dept.head.handle and sub.submitted_by not in training:
            yield Finding(sub.source.path, ("submitted_by",), "N408",
                          f"`{sub.submitted_by}` is not the head of `{dept.name}` "
                          f"(`{dept.head.handle}`).",
                          "The department head states the needs; if the head changed, update "
                          f"`{dept.source.path}`.", Severity.WARNING)


def dated_by_today(ctx: Context) -> Iterator[Finding]:
    today = ctx.today.isoformat()
    for sub in ctx.model.submissions.values():
        if calendar_date(sub.submitted_on) is not None and sub.submitted_on > today:
            yield Finding(sub.source.path, ("submitted_on",), "N411",
                          f"The needs are dated {sub.submitted_on}, after today ({today}).",
                          "Write the day the needs are sent: a day to come makes them look "
                          "on time when they may not be.", Severity.WARNING)


def _no_such_day(path: str, keypath: tuple[str | int, ...], text: str) -> Finding:
    return Finding(path, keypath, "N407", f"{text} is not a day in the calendar.",
                   "Write the date as YYYY-MM-DD, e.g. 2027-03-31.")


def follow_up_is_plausible(ctx: Context) -> Iterator[Finding]:
    for sub, index, need in _entries(ctx):
        follow = need.follow_up
        comp = ctx.model.competencies.get(need.competency)
        scale = ctx.model.scales.get(comp.scale) if comp else None
        if follow is None:
            continue
        key = ("entries", index, "follow_up")
        if scale is not None and follow.level_reached not in scale.numbers:
            yield Finding(sub.source.path, (*key, "level_reached"), "N410",
                          f"Level {follow.level_reached} is not on the scale of `{need.competency}`.",
                          f"Use one of its levels: {', '.join(map(str, scale.numbers))}.")
        if follow.headcount_reached is not None and follow.headcount_reached > need.headcount:
            yield Finding(sub.source.path, (*key, "headcount_reached"), "N410",
                          f"{follow.headcount_reached} people reached the target, but the need "
                          f"concerns {need.headcount}.", "Count only the people of this need.")
        if calendar_date(follow.date) and follow.date < sub.submitted_on:
            yield Finding(sub.source.path, (*key, "date"), "N410",
                          f"The follow-up ({follow.date}) is dated before the needs were "
                          f"submitted ({sub.submitted_on}).", "Check the date.")


#: This module's rules, in the order they run (`rule_table.py` lists the modules).
RULES = (
    Rule("N401", "a needs file belongs to a declared cycle that takes needs", cycle_takes_needs),
    Rule("N402", "a needs file is named after a real department", file_names_a_department),
    Rule("N403", "the role is staffed in the department, for at least the headcount", role_staffed),
    Rule("N404", "levels are on the competency's scale and the target is above the current level",
         levels_make_a_gap),
    Rule("N405", "needs beyond the role's profile say why", beyond_profile_is_justified),
    Rule("N406", "each role and competency appears once per file", no_duplicate_entries),
    Rule("N407", "dates are real days", dates_exist),
    Rule("N408", "the needs are submitted by the department's head", submitted_by_head),
    Rule("N410", "a follow-up records a level on the scale, for at most the people concerned",
         follow_up_is_plausible),
    Rule("N411", "needs are not dated after the build day", dated_by_today),
)
