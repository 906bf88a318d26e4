"""The approval gate: do a pull request's reviews back the plan's approvals?

CODEOWNERS lets any one owner approve; a plan needs one approval from every group in
`plan_approvers`. This module reads the reviews the hosting site returns for a pull request
(`reviews.py`), and checks a cycle's plan against them:

* when the plan is approved (or later) and this pull request approves it or amends it, every
  required group has an approving review by one of its members, each by a different
  person: one person approves for one group only, even when they belong to two;
* every approval recorded in the plan for this pull request was given as an approving
  review by that handle, once per person.

Only the latest review of each person that approves, requests changes or was dismissed
counts; a later comment does not withdraw an approval (as on the hosting site itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cycles import STATUSES, Approval, Cycle
from .layout import PLANS_DIR, SUFFIXES
from .model import CompetencyMap, Group
from .problems import CmapError, clip
from .reviews import Review, effective


@dataclass(frozen=True)
class GroupCheck:
    """One line of the checklist."""

    group: Group
    approver: str = ""  #: who counts for the group, or "" while it waits
    recorded: bool = False  #: the approval is also recorded in the plan
    candidates: tuple[str, ...] = ()  #: members who may still approve
    note: str = ""


@dataclass
class Gate:
    cycle: Cycle
    pull_request: int | None
    required: bool  #: this pull request must carry every group's approval
    reason: str  #: why it must, or why not
    groups: list[GroupCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(model: CompetencyMap, cycle_id: str, reviews: list[Review],
          pull_request: int | None = None, base: CompetencyMap | None = None) -> Gate:
    cycle = model.cycles.get(cycle_id)
    if cycle is None:
        known = ", ".join(model.cycles) or "none"
        raise CmapError(f"there is no valid plan `{clip(cycle_id)}` (plans/{clip(cycle_id)}.yml); run "
                        f"`cmap validate` if the file exists. Known cycles: {known}.")
    groups = {g.id: g for g in model.governance.groups}
    required_ids = [g for g in model.governance.plan_approvers if g in groups]
    states = effective(reviews)
    approved = {login for login, review in states.items() if review.state == "APPROVED"}
    before = base.cycles.get(cycle_id) if base is not None else None
    required, reason = _required(cycle, before, base is not None)
    gate = Gate(cycle, pull_request, required, reason)
    relevant = _relevant(cycle, before, base is not None, pull_request)
    pinned = _check_recorded(gate, relevant, groups, states, pull_request)
    matched = _match(required_ids, groups, approved, pinned)
    recorded = {(a.group, a.handle.casefold()) for a in relevant}
    for gid in required_ids:
        group = groups[gid]
        members = {m.casefold(): m for m in group.members}
        who = matched.get(gid, "")
        if who:
            gate.groups.append(GroupCheck(group, members.get(who, who), (gid, who) in recorded))
            continue
        elsewhere = sorted(members[m] for m in approved & members.keys())
        note = ""
        if elsewhere:
            note = (", ".join(f"@{h}" for h in elsewhere) + " approved, but already count"
                    + ("s" if len(elsewhere) == 1 else "") + " for another group, and one person "
                    "approves for one group only")
        waiting = tuple(sorted(h for m, h in members.items() if m not in approved))
        gate.groups.append(GroupCheck(group, candidates=waiting, note=note))
        if required:
            gate.problems.append(
                f"No member of `{gid}` ({group.name}) has approved this pull request"
                + (f" ({note})" if note else "") + ". "
                + (f"Ask one of {', '.join('@' + h for h in waiting)} to approve it."
                   if waiting else "The group has no other member: change the group in "
                   "competency-map/governance.yml."))
    return gate


def changed_plans(root: Path, base_root: Path) -> list[str]:
    """The cycles whose plan file differs from the base revision's (added or changed)."""
    changed = []
    for path in sorted((root / PLANS_DIR).glob("*.y*ml")):
        if path.suffix not in SUFFIXES:
            continue
        before = base_root / PLANS_DIR / path.name
        if not before.is_file() or before.read_bytes() != path.read_bytes():
            changed.append(path.stem)
    return changed


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
                    states: dict[str, Review], pull_request: int | None) -> dict[str, str]:
    """Problems of the recorded approvals; the group → person of those that hold."""
    pinned: dict[str, str] = {}
    counted: dict[tuple[int, str], str] = {}
    for a in relevant:
        handle, where = a.handle.casefold(), f"pull request #{a.pull_request}"
        said = f"The plan records an approval by @{a.handle} for `{a.group}` in {where}"
        if pull_request is not None and a.pull_request != pull_request:
            gate.problems.append(f"{said}, but this is pull request #{pull_request}. Record the "
                                 "number of the pull request in which the approval was given.")
            continue
        group = groups.get(a.group)
        if group is None or handle not in {m.casefold() for m in group.members}:
            gate.problems.append(f"{said}, but @{a.handle} is not a member of `{a.group}` in "
                                 "competency-map/governance.yml.")
            continue
        review = states.get(handle)
        if review is None or review.state != "APPROVED":
            state = _said(review)
            gate.problems.append(f"{said}, but in the reviews @{a.handle} {state}. Record an "
                                 "approval only after the person approved the pull request.")
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
