"""Changes in meaning of the training plans: status, dates, budget, programs, approvals,
amendments and needs left unanswered, one group per cycle."""

from __future__ import annotations

from collections.abc import Iterator

from generator.analysis.diff.changes import (
    Change,
    Detail,
    Group,
    amount,
    detail,
    details,
    listed,
    money,
    reworded,
)
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import Cycle, Program, Session
from generator.paths import address, competency_page, cycle_page, plan_file


def compare_plans(base: CompetencyMap, head: CompetencyMap) -> list[Group]:
    groups = []
    for cid in dict.fromkeys([*base.cycles, *head.cycles]):
        a, b = base.cycles.get(cid), head.cycles.get(cid)
        cycle = b or a
        assert cycle is not None
        group = Group(f"{cycle.title} ({cid})", plan_file(cid))
        pages = (address(cycle_page(cid)),)
        if b is None:
            # A removed plan is one fact, however many programs it held: what was committed.
            groups.append(group)
            group.changes.append(Change("removed", "the plan", details(
                Detail("period", cycle.start, cycle.end),
                Detail("status", after=cycle.status, code=True),
                Detail("programs", after=str(len(cycle.programs))),
                Detail("planned cost", after=money(_planned(cycle), cycle.currency)),
                Detail("approvals recorded", after=str(len(cycle.approvals)))
                if cycle.approvals else None), pages))
            continue
        if a is None:
            group.changes.append(Change("added", "the cycle", details(
                Detail("period", cycle.start, cycle.end), Detail("needs due", after=cycle.needs_due),
                Detail("status", after=cycle.status, code=True)), pages))
        else:
            group.changes += _cycle(a, b, pages)
        group.changes += _programs(a, b, head if b else base, pages)
        group.changes += _records(a, b, head if b else base, pages)
        groups.append(group)
    return groups


def _cycle(a: Cycle, b: Cycle, pages: tuple[str, ...]) -> Iterator[Change]:
    if a.status != b.status:
        yield Change("moved", "the status", (Detail("", a.status, b.status, True),), pages)
    found = details(detail("title", a.title, b.title), detail("period starts", a.start, b.start),
                    detail("period ends", a.end, b.end), detail("needs due", a.needs_due, b.needs_due),
                    detail("review on", a.review_on, b.review_on), detail("owner", a.owner, b.owner, True),
                    reworded("description", a.description, b.description))
    if found:
        yield Change("changed", "the cycle", found, pages)
    cur = b.currency or a.currency
    shares = [amount(f"share of {d}", a.budget_by_department.get(d), b.budget_by_department.get(d))
              for d in dict.fromkeys([*a.budget_by_department, *b.budget_by_department])]
    found = details(amount("total", a.budget_total, b.budget_total, cur),
                    amount("planned programs' cost", _planned(a), _planned(b), cur), *shares)
    if found:
        yield Change("changed", "the budget", found, pages)


def _planned(cycle: Cycle) -> float:
    return sum(p.cost for p in cycle.programs if p.status != "cancelled")


def _programs(a: Cycle | None, b: Cycle | None, model: CompetencyMap,
              pages: tuple[str, ...]) -> Iterator[Change]:
    old = {p.id: p for p in (a.programs if a else ())}
    new = {p.id: p for p in (b.programs if b else ())}
    either = b or a
    cur = either.currency if either is not None else ""
    pairs = [(old.get(pid), new.get(pid)) for pid in dict.fromkeys([*new, *old])]
    gone = {p.title: p for p in old.values() if p.id not in new}
    for was, now in list(pairs):  # the same program under another id: a rename
        if was is None and now is not None and now.title in gone:
            pairs.remove((was, now))
            pairs.remove((gone[now.title], None))
            pairs.append((gone.pop(now.title), now))
    for was, now in pairs:
        program = now or was
        assert program is not None
        subject = f"program “{program.title}”"
        trains = tuple(address(competency_page(c)) for c, _ in program.targets)
        if was is None or now is None:
            yield Change("added" if was is None else "removed", subject, details(
                Detail("trains", after=_targets(model, program)),
                Detail("delivery", after=program.mode, code=True),
                Detail("answers", after=f"{len(program.answers)} needs"),
                Detail("seats", after=str(program.seats)) if program.seats else None,
                Detail("cost", after=money(program.cost, cur))), pages + trains)
            continue
        found = details(detail("id", was.id, now.id, True), *_program_changes(was, now, model, cur))
        if found:
            before_trains = tuple(address(competency_page(c)) for c, _ in was.targets)
            extra = tuple(dict.fromkeys(trains + before_trains)) if was.targets != now.targets else ()
            verb = "renamed" if was.id != now.id else "changed"
            yield Change(verb, subject, found, pages + extra)


def _targets(model: CompetencyMap, program: Program) -> str:
    names = {c: (model.competencies[c].name if c in model.competencies else c) for c, _ in program.targets}
    return ", ".join(f"{names[c]} to level {level}" for c, level in program.targets)


def _program_changes(a: Program, b: Program, model: CompetencyMap, cur: str) -> tuple[Detail, ...]:
    held = [sum(s.status == "held" for s in p.sessions) for p in (a, b)]
    return details(
        detail("title", a.title, b.title), detail("status", a.status, b.status, True),
        detail("trains", _targets(model, a), _targets(model, b)),
        *listed("answers", a.answers, b.answers),
        detail("delivery", a.mode, b.mode, True), detail("lecturer", a.lecturer, b.lecturer),
        detail("vendor", a.vendor, b.vendor),
        *listed("audience roles", a.audience_roles, b.audience_roles),
        *listed("audience departments", a.audience_departments, b.audience_departments),
        *listed("sessions", [_session(s) for s in a.sessions], [_session(s) for s in b.sessions],
                code=False),
        detail("sessions held", held[0], held[1]), detail("seats", a.seats, b.seats),
        amount("cost", a.cost, b.cost, cur),
        detail("cost split", _split(a), _split(b)), detail("owner", a.owner, b.owner, True),
        detail("evaluation", "recorded" if a.evaluation else None,
               "recorded" if b.evaluation else None) if bool(a.evaluation) != bool(b.evaluation)
        else (Detail("evaluation changed") if a.evaluation != b.evaluation else None))


def _session(session: Session) -> str:
    return f"{session.date} {session.location}".strip()


def _split(program: Program) -> str:
    return ", ".join(f"{d} {v:,.0f}" for d, v in sorted(program.cost_by_department.items()))


def _records(a: Cycle | None, b: Cycle | None, model: CompetencyMap,
             pages: tuple[str, ...]) -> Iterator[Change]:
    groups = {g.id: g.name for g in model.governance.groups}
    old_appr, new_appr = (a.approvals if a else ()), (b.approvals if b else ())
    for approval in new_appr:
        if approval not in old_appr:
            yield Change("recorded", f"approval for {groups.get(approval.group, approval.group)}",
                         (Detail("by", after=approval.handle, code=True), Detail("on", after=approval.date),
                          Detail("in pull request", after=f"#{approval.pull_request}")), pages)
    for approval in old_appr:
        if approval not in new_appr:
            yield Change("removed", f"approval for {groups.get(approval.group, approval.group)}",
                         (Detail("by", after=approval.handle, code=True),), pages)
    old_am, new_am = (a.amendments if a else ()), (b.amendments if b else ())
    for amendment in new_am:
        if amendment not in old_am:
            yield Change("recorded", "amendment", (
                Detail("on", after=amendment.date),
                Detail("in pull request", after=f"#{amendment.pull_request}"),
                Detail("reason", after=" ".join(amendment.reason.split()))), pages)
    old_un = dict(a.unanswered if a else ())
    new_un = dict(b.unanswered if b else ())
    for key in dict.fromkeys([*new_un, *old_un]):
        if key not in old_un:
            yield Change("left unanswered", key, (Detail("reason", after=new_un[key]),), pages)
        elif key not in new_un:
            yield Change("no longer left unanswered", key, (), pages)
        elif old_un[key] != new_un[key]:
            yield Change("changed", f"reason to leave {key} unanswered",
                         (Detail("reason", old_un[key], new_un[key]),), pages)
