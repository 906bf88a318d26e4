"""The approval gate: do a pull request's reviews carry the approvals its change needs?

CODEOWNERS lets any one owner approve. Some changes need more, one approving member of
every group that `governance.yml` names, each a different person (one person approves for
one group only, even when they belong to two):

* a plan that this pull request moves to `approved`, or an approved plan it amends: every
  `plan_approvers` group; and every approval recorded in the plan by this pull request must
  be backed by that person's approving review;
* an approved (or later) plan that it deletes or renames: every `plan_approvers` group;
* a change to `governance.yml` itself: every `model_owners` group.

What is trusted: the groups and their members always come from the base revision's
governance (`governance`), never from the pull request, which could add a friend to a
group. A review counts only when its author belongs to the repository (`Review.trusted`)
and, when the caller can tell (`fresh`), when it was given on the head commit or on one
whose files of this change are identical to the head's. Only the latest review of each
person that approves, requests changes or was dismissed counts; a later comment does not
withdraw an approval (as on the hosting site itself).

This module decides from values only; `approval_scope.py` finds what a pull request
changes and reads the revisions with git.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.model.competency_map import CompetencyMap, Governance, Group
from generator.model.cycles import STATUSES, Approval, Cycle
from generator.paths import GOVERNANCE, plan_file
from generator.review.reviews import Review, effective

#: Why a review does not speak for the head commit, or "" when it does.
Freshness = Callable[[Review], str]


@dataclass(frozen=True)
class GroupCheck:
    """One line of the checklist."""

    group: Group
    approver: str = ""  #: who counts for the group, or "" while it waits
    recorded: bool = False  #: the approval is also recorded in the plan
    candidates: tuple[str, ...] = ()  #: members who may still approve
    note: str = ""


@dataclass(frozen=True)
class Ignored:
    """A review that does not count here, and why."""

    login: str
    state: str
    reason: str


@dataclass
class Gate:
    """The verdict on one thing a pull request changes: a plan, a removed plan, governance."""

    kind: str  #: "plan", "removed plan" or "governance"
    subject: str  #: the cycle id, or the governance file
    status: str  #: the plan's status ("" for governance; the status it had, when removed)
    pull_request: int | None
    required: bool  #: this pull request must carry every group's approval
    reason: str  #: why it must, or why not
    cycle: Cycle | None = None
    groups: list[GroupCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(model: CompetencyMap, cycle_id: str, reviews: list[Review],
          pull_request: int | None = None, base: CompetencyMap | None = None, *,
          governance: Governance | None = None, fresh: Freshness | None = None) -> Gate:
    """The gate of the plan `cycle_id` as `model` holds it.

    `base` is the revision the change is measured from; `governance` the trusted one
    (default: the base's, else the model's own when there is no base).
    """
    cycle = model.cycles.get(cycle_id)
    trusted = governance or (base.governance if base is not None else model.governance)
    path = plan_file(cycle_id)
    if cycle is None:
        return broken(cycle_id, path, pull_request)
    before = base.cycles.get(cycle_id) if base is not None else None
    required, reason = _required(cycle, before, base is not None)
    gate = Gate("plan", cycle_id, cycle.status, pull_request, required, reason, cycle)
    relevant = _relevant(cycle, before, base is not None, pull_request)
    _decide(gate, trusted, trusted.plan_approvers, "plan_approvers", reviews, fresh, relevant)
    return gate


def check_removed(before: Cycle, reviews: list[Review], pull_request: int | None, *,
                  governance: Governance, fresh: Freshness | None = None) -> Gate:
    """The gate of a plan the pull request deletes (or renames: its old id disappears)."""
    approved = STATUSES.index(before.status) >= STATUSES.index("approved")
    reason = (f"This pull request removes the plan, which is `{before.status}`: every required "
              "group must approve it." if approved else
              f"The plan was `{before.status}`, not approved yet: removing it needs no approval.")
    gate = Gate("removed plan", before.id, before.status, pull_request, approved, reason, before)
    _decide(gate, governance, governance.plan_approvers, "plan_approvers", reviews, fresh, [])
    return gate


def check_governance(reviews: list[Review], pull_request: int | None, *,
                     governance: Governance, fresh: Freshness | None = None) -> Gate:
    """The gate of a change to `governance.yml`: who approves is itself approved."""
    gate = Gate("governance", GOVERNANCE, "", pull_request, True,
                "This pull request changes who approves what: every `model_owners` group, as "
                "the base revision defines it, must approve it.")
    _decide(gate, governance, governance.model_owners, "model_owners", reviews, fresh, [])
    return gate


def broken(cycle_id: str, path: str, pull_request: int | None) -> Gate:
    """A plan the gate cannot read: it fails rather than guess."""
    return Gate("plan", cycle_id, "", pull_request, True,
                "The plan cannot be read at the head of this pull request.", problems=[
                    f"`{path}` has errors, so the gate cannot tell what it needs. Fix them "
                    "(`cmap validate` lists them), then push again."])


def _decide(gate: Gate, governance: Governance, required_ids: tuple[str, ...], key: str,
            reviews: list[Review], fresh: Freshness | None, relevant: list[Approval]) -> None:
    """Fill in the checklist, the ignored reviews and the problems of `gate`."""
    groups = {g.id: g for g in governance.groups}
    for gid in required_ids:
        if gid not in groups:
            gate.problems.append(f"`{key}` names the group `{gid}`, which `{GOVERNANCE}` of "
                                 "the base revision does not define. Fix the governance first.")
    if not required_ids and gate.required:
        gate.problems.append(f"`{GOVERNANCE}` of the base revision lists no `{key}`, so "
                             "nobody can approve this. Add the groups there first.")
    states, stale = _counted(gate, reviews, fresh)
    approved = {login for login, review in states.items() if review.state == "APPROVED"}
    required = [gid for gid in required_ids if gid in groups]
    eligible = {m.casefold() for gid in required for m in groups[gid].members}
    for login in sorted(approved - eligible):
        gate.ignored.append(Ignored(states[login].login, "APPROVED",
                                    "not a member of any group this change needs"))
    pinned = _check_recorded(gate, relevant, groups, states, stale)
    matched = _match(required, groups, approved, pinned)
    recorded = {(a.group, a.handle.casefold()) for a in relevant}
    for gid in required:
        _checklist_line(gate, groups[gid], matched.get(gid, ""), approved, recorded)


def _counted(gate: Gate, reviews: list[Review], fresh: Freshness | None
             ) -> tuple[dict[str, Review], dict[str, str]]:
    """Each trusted person's latest deciding review, and why the others' approvals do not count."""
    trusted: list[Review] = []
    excluded: dict[str, str] = {}
    for review in reviews:
        if review.trusted:
            trusted.append(review)
            continue
        who = review.association.lower().replace("_", " ") or "not stated"
        why = (f"the author does not belong to the repository (association: {who}); only its "
               "owner, the organisation's members and invited collaborators approve")
        gate.ignored.append(Ignored(review.login, review.state, why))
        if review.state == "APPROVED":
            excluded[review.login.casefold()] = why
    states = effective(trusted)
    for login, review in list(states.items()):
        why = fresh(review) if fresh is not None and review.state == "APPROVED" else ""
        if why:
            excluded[login] = why
            gate.ignored.append(Ignored(review.login, review.state, why))
            del states[login]
    return states, excluded


def _checklist_line(gate: Gate, group: Group, who: str, approved: set[str],
                    recorded: set[tuple[str, str]]) -> None:
    members = {m.casefold(): m for m in group.members}
    if who:
        gate.groups.append(GroupCheck(group, members.get(who, who), (group.id, who) in recorded))
        return
    elsewhere = sorted(members[m] for m in approved & members.keys())
    note = ""
    if elsewhere:
        note = (", ".join(f"@{h}" for h in elsewhere) + " approved, but already count"
                + ("s" if len(elsewhere) == 1 else "") + " for another group, and one person "
                "approves for one group only")
    waiting = tuple(sorted(h for m, h in members.items() if m not in approved))
    gate.groups.append(GroupCheck(group, candidates=waiting, note=note))
    if gate.required:
        gate.problems.append(
            f"No member of `{group.id}` ({group.name}) has approved this pull request"
            + (f" ({note})" if note else "") + ". "
            + (f"Ask one of {', '.join('@' + h for h in waiting)} to approve it."
               if waiting else f"The group has no other member: change the group in "
               f"{GOVERNANCE}."))


def _required(cycle: Cycle, before: Cycle | None, compared: bool) -> tuple[bool, str]:
    every = "every required group must approve it"
    if STATUSES.index(cycle.status) < STATUSES.index("approved"):
        return False, "Approvals are being collected; none is required until the plan is approved."
    if not compared:
        return True, f"The plan is `{cycle.status}`: {every}."
    if before is None or STATUSES.index(before.status) < STATUSES.index("approved"):
        return True, f"This pull request moves the plan to `{cycle.status}`: {every}."
    if len(cycle.amendments) > len(before.amendments):
        return True, f"This pull request amends the approved plan: {every}."
    return False, ("The plan was approved before, and this pull request neither approves nor "
                   "amends it: no new approval is required.")


def _relevant(cycle: Cycle, before: Cycle | None, compared: bool,
              pull_request: int | None) -> list[Approval]:
    """The recorded approvals these reviews must back."""
    if compared:
        earlier = set(before.approvals) if before is not None else set()
        return [a for a in cycle.approvals if a not in earlier]
    if pull_request is not None:
        return [a for a in cycle.approvals if a.pull_request == pull_request]
    return list(cycle.approvals)


def _check_recorded(gate: Gate, relevant: list[Approval], groups: dict[str, Group],
                    states: dict[str, Review], stale: dict[str, str]) -> dict[str, str]:
    """Problems of the recorded approvals; the group → person of those that hold."""
    pinned: dict[str, str] = {}
    counted: dict[tuple[int, str], str] = {}
    for a in relevant:
        handle, where = a.handle.casefold(), f"pull request #{a.pull_request}"
        said = f"The plan records an approval by @{a.handle} for `{a.group}` in {where}"
        if gate.pull_request is not None and a.pull_request != gate.pull_request:
            gate.problems.append(f"{said}, but this is pull request #{gate.pull_request}. Record "
                                 "the number of the pull request in which the approval was given.")
            continue
        group = groups.get(a.group)
        if group is None or handle not in {m.casefold() for m in group.members}:
            gate.problems.append(f"{said}, but @{a.handle} is not a member of `{a.group}` in "
                                 f"{GOVERNANCE} of the base revision.")
            continue
        review = states.get(handle)
        if review is None or review.state != "APPROVED":
            state = f"approved, but {stale[handle]}" if handle in stale else _said(review)
            gate.problems.append(f"{said}, but in the reviews @{a.handle} {state}. Record an "
                                 "approval only after the person approved the pull request as "
                                 "it is now.")
            continue
        other = counted.get((a.pull_request, handle))
        if other is not None and other != a.group:
            gate.problems.append(f"{said}, and also for `{other}`: one person approves for one "
                                 "group only. Another member must approve for one of them.")
            continue
        counted[(a.pull_request, handle)] = a.group
        pinned.setdefault(a.group, handle)
    return pinned


def _said(review: Review | None) -> str:
    if review is None:
        return "has not approved"
    return {"CHANGES_REQUESTED": "requested changes", "DISMISSED": "had the approval dismissed"
            }.get(review.state, "has not approved")


def _match(required: list[str], groups: dict[str, Group], approved: set[str],
           pinned: dict[str, str]) -> dict[str, str]:
    """Groups → distinct approving members, keeping the recorded ones (augmenting paths)."""
    match = {g: h for g, h in pinned.items() if g in required}
    owner = {h: g for g, h in match.items()}
    free = [g for g in required if g not in match]

    def members(gid: str) -> list[str]:
        return sorted(m.casefold() for m in groups[gid].members if m.casefold() in approved)

    def place(gid: str, seen: set[str]) -> bool:
        for person in members(gid):
            if person in seen:
                continue
            seen.add(person)
            holder = owner.get(person)
            if holder is None or (holder in free and place(holder, seen)):
                match[gid], owner[person] = person, gid
                return True
        return False

    for gid in free:
        place(gid, set())
    return match
