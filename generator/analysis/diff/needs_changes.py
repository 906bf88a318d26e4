"""Changes in meaning of the departments' needs, one group per needs file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.analysis.diff.changes import Change, Detail, Group, detail, details, reworded
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import Need, Submission
from generator.paths import address, cycle_page, department_page, needs_file


def compare_needs(base: CompetencyMap, head: CompetencyMap) -> list[Group]:
    groups = []
    for key in sorted(set(base.submissions) | set(head.submissions)):
        cycle_id, dept_id = key
        a, b = base.submissions.get(key), head.submissions.get(key)
        dept = head.departments.get(dept_id) or base.departments.get(dept_id)
        name = dept.name if dept else dept_id
        group = Group(f"{name} · {cycle_id}", needs_file(cycle_id, dept_id))
        pages = (address(cycle_page(cycle_id)), address(department_page(dept_id)))
        if a is None or b is None:
            sub = b or a
            assert sub is not None
            verb = "submitted" if a is None else "withdrawn"
            group.changes.append(Change(verb, f"needs of {name}", (
                Detail("by", after=sub.submitted_by, code=True),
                Detail("on", after=sub.submitted_on)), pages))
        else:
            group.changes += _submission(a, b, pages)
        model = head if b is not None else base
        group.changes += _entries(a, b, model, pages)
        group.summary = details(_total("entries", a, b, lambda s: len(s.needs)),
                                _total("people × levels of gap", a, b,
                                       lambda s: sum(n.weighted_gap for n in s.needs)))
        groups.append(group)
    return groups


def _total(label: str, a: Submission | None, b: Submission | None,
           measure: Callable[[Submission], int]) -> Detail | None:
    before, after = (measure(s) if s else 0 for s in (a, b))
    return detail(label, before, after)


def _submission(a: Submission, b: Submission, pages: tuple[str, ...]) -> list[Change]:
    found = details(detail("submitted by", a.submitted_by, b.submitted_by, True),
                    detail("submitted on", a.submitted_on, b.submitted_on),
                    reworded("notes", a.notes, b.notes))
    return [Change("changed", "the submission", found, pages)] if found else []


def _entries(a: Submission | None, b: Submission | None, model: CompetencyMap,
             pages: tuple[str, ...]) -> Iterator[Change]:
    old = {(n.role, n.competency): n for n in (a.needs if a else ())}
    new = {(n.role, n.competency): n for n in (b.needs if b else ())}
    for key in dict.fromkeys([*new, *old]):
        was, now = old.get(key), new.get(key)
        subject = _need_name(model, *key)
        if was is None and now is not None:
            yield Change("added", subject, _described(now), pages)
        elif now is None and was is not None:
            yield Change("removed", subject, _described(was), pages)
        elif was is not None and now is not None:
            found = _need_changes(was, now)
            if found:
                yield Change("changed", subject, found, pages)


def _need_name(model: CompetencyMap, role_id: str, comp_id: str) -> str:
    role, comp = model.roles.get(role_id), model.competencies.get(comp_id)
    return f"{role.title if role else role_id} × {comp.name if comp else comp_id}"


def _described(need: Need) -> tuple[Detail, ...]:
    return details(Detail("level", str(need.current), str(need.target)),
                   Detail("people", after=str(need.headcount)),
                   Detail("priority", after=need.priority),
                   Detail("delivery", after=need.delivery, code=True) if need.delivery else None,
                   Detail("needed by", after=need.needed_by) if need.needed_by else None,
                   Detail("justified") if need.justification else None)


def _need_changes(a: Need, b: Need) -> tuple[Detail, ...]:
    fa, fb = a.follow_up, b.follow_up
    return details(
        detail("current level", a.current, b.current), detail("target level", a.target, b.target),
        detail("people", a.headcount, b.headcount), detail("priority", a.priority, b.priority),
        detail("delivery", a.delivery, b.delivery, True), detail("needed by", a.needed_by, b.needed_by),
        reworded("evidence", a.evidence, b.evidence),
        reworded("justification", a.justification, b.justification),
        detail("follow-up: level reached", fa.level_reached if fa else None,
               fb.level_reached if fb else None),
        detail("follow-up: people who reached it", fa.headcount_reached if fa else None,
               fb.headcount_reached if fb else None),
        detail("follow-up: assessed on", fa.date if fa else None, fb.date if fb else None))
