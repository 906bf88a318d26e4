"""What the people who decide on a plan look at: the cycle's priority capabilities (the
gap weighted by priority, and which programs train each priority) and, while the plan is
not approved yet, which approver groups have approved and which are still pending.

Pure functions of the model, like `cycle_figures.py`; the budget shares are checked in
`generator.model.plan_costs`, which the rules share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.competency_map import CompetencyMap, Group
from generator.model.cycles import STATUSES, Approval, Cycle, Need, Priority, Program


@dataclass(frozen=True)
class PriorityFigure:
    """One priority of a cycle, with its needs and the programs that train it."""

    priority: Priority
    people: int
    weighted_gap: int
    programs: tuple[Program, ...]

    @property
    def priority_gap(self) -> float:
        """The weighted gap (levels × people) times the priority's weight."""
        return self.weighted_gap * self.priority.weight


def priority_figures(cycle: Cycle) -> list[PriorityFigure]:
    """The cycle's priorities in file order (a competency listed twice counts once), each
    with the needs of its competency and the programs not cancelled that train it."""
    rows: list[PriorityFigure] = []
    seen: set[str] = set()
    for priority in cycle.priorities:
        if priority.competency in seen:
            continue
        seen.add(priority.competency)
        needs = [n for n in cycle.needs if n.competency == priority.competency]
        programs = tuple(p for p in cycle.programs if p.status != "cancelled"
                         and any(c == priority.competency for c, _ in p.targets))
        rows.append(PriorityFigure(priority, sum(n.headcount for n in needs),
                                   sum(n.weighted_gap for n in needs), programs))
    return rows


def priority_gap(needs: Iterable[Need], weights: dict[str, float]) -> float:
    """The weighted gap of `needs` with each competency's gap times its priority weight
    (1 without priority)."""
    return sum(n.weighted_gap * weights.get(n.competency, 1.0) for n in needs)


@dataclass(frozen=True)
class Member:
    handle: str
    name: str  #: "" when the map does not know the person's name


@dataclass(frozen=True)
class ApproverGroup:
    """A group whose approval the plan needs, its members, and what it has approved."""

    group: Group
    members: tuple[Member, ...]
    #: Approvals recorded in the plan for this group, by its members.
    approvals: tuple[Approval, ...]

    @property
    def approved(self) -> bool:
        return bool(self.approvals)


def awaits_approval(cycle: Cycle) -> bool:
    """A draft or in-review plan: the approvals it needs are still being gathered."""
    return STATUSES.index(cycle.status) < STATUSES.index("approved")


def approver_groups(model: CompetencyMap, cycle: Cycle) -> list[ApproverGroup]:
    """Every group of `plan_approvers`, in its order, with its members' names (known for
    department heads, by their handle) and the approvals the plan records from them."""
    groups = {group.id: group for group in model.governance.groups}
    names = {d.head.handle: d.head.name for d in model.departments.values()}
    rows = []
    for group_id in dict.fromkeys(model.governance.plan_approvers):
        # A group missing from governance.yml is an R303 error; it still shows as pending.
        group = groups.get(group_id, Group(group_id, group_id, ()))
        rows.append(ApproverGroup(
            group, tuple(Member(handle, names.get(handle, "")) for handle in group.members),
            tuple(a for a in cycle.approvals
                  if a.group == group_id and a.handle in group.members)))
    return rows
