"""How a plan's program costs fall on departments, and which departments that puts over
their budget share.

The one place that splits costs: the plan page states the rule and shows the figures, and
the rule P511 warns with the same figures, so the page and `cmap validate` never disagree.
The rule, as the plan page explains it to approvers:

* a cancelled program costs nothing;
* a program with `cost_by_department` is split as written there;
* otherwise its cost is split over the departments whose needs it answers, in proportion
  to the people of those needs (a need of 8 people carries twice the share of one of 4);
* a program that answers no need of the cycle stays "not split" (department "").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.model.cycles import Cycle, Need, Program

#: Amounts are compared to the unit, as the budget is written: rounding the shares of a
#: split must not make a department look over.
TOLERANCE = 0.5


def split_cost(program: Program, needs: dict[str, Need]) -> list[tuple[str, float]]:
    """(department id, amount) of one program, by the rule above; cancelled or not."""
    if program.cost_by_department:
        return list(program.cost_by_department.items())
    answered = [needs[key] for key in program.answers if key in needs]
    people = sum(need.headcount for need in answered)
    if not people:
        return [("", program.cost)]
    return [(need.department, program.cost * need.headcount / people) for need in answered]


def department_costs(cycle: Cycle) -> dict[str, float]:
    """The planned cost per department id ("" for the part not split), programs not
    cancelled, largest first."""
    needs = {need.key: need for need in cycle.needs}
    sums: dict[str, float] = defaultdict(float)
    for program in cycle.programs:
        if program.status != "cancelled":
            for department, amount in split_cost(program, needs):
                sums[department] += amount
    return dict(sorted(sums.items(), key=lambda item: -item[1]))


@dataclass(frozen=True)
class Overspend:
    """A department whose planned cost exceeds its budget share."""

    department: str
    share: float
    cost: float

    @property
    def over(self) -> float:
        return self.cost - self.share


def over_budget(cycle: Cycle) -> list[Overspend]:
    """Every department with a budget share that its planned cost exceeds, in the order of
    `budget.departments`."""
    costs = department_costs(cycle)
    return [Overspend(department, share, costs[department])
            for department, share in cycle.budget_by_department.items()
            if costs.get(department, 0.0) > share + TOLERANCE]
