"""How program costs fall on departments and who goes over their budget share
(generator/model/plan_costs.py), on `cycle_builder`'s cycle with Shenzhen:

    selling-by-advice  30,000  answers Guangzhou's 8 reps and Shenzhen's 4 → 20,000 + 10,000
    leading-a-team     10,000  answers Guangzhou's 2 managers               → 10,000
"""

from __future__ import annotations

import pytest
from support.cycle_builder import CYCLE, PLAN, SHENZHEN, add_cycle, add_shenzhen
from support.repo_builder import Repo

from generator.model.cycles import Cycle
from generator.model.plan_costs import Overspend, department_costs, over_budget

GUANGZHOU_SHARE = "    guangzhou-branch: 80000\n"


@pytest.fixture
def two(repo: Repo) -> Repo:
    return add_shenzhen(add_cycle(repo))


def cycle_of(repo: Repo) -> Cycle:
    result = repo.load()
    return result.model.cycles[CYCLE]


def test_costs_are_split_by_the_people_of_the_needs_each_program_answers(two: Repo) -> None:
    assert department_costs(cycle_of(two)) == {"guangzhou-branch": 30000.0, SHENZHEN: 10000.0}


def test_a_recorded_split_wins_over_the_people(two: Repo) -> None:
    two.replace(PLAN, "    cost: 30000\n", "    cost: 30000\n    cost_by_department:\n"
                "      guangzhou-branch: 29000\n      shenzhen-branch: 1000\n")
    assert department_costs(cycle_of(two)) == {"guangzhou-branch": 39000.0, SHENZHEN: 1000.0}


def test_a_program_answering_no_need_is_not_split_and_a_cancelled_one_costs_nothing(
        two: Repo) -> None:
    two.replace(PLAN, "    answers:\n      - guangzhou-branch/sales-manager/team-leadership\n",
                "    answers: []\n")
    two.replace(PLAN, "    cost: 30000\n    owner: zhang-min\n    status: planned\n",
                "    cost: 30000\n    owner: zhang-min\n    status: cancelled\n")
    assert department_costs(cycle_of(two)) == {"": 10000.0}


def test_only_departments_with_a_share_below_their_cost_are_over(two: Repo) -> None:
    two.replace(PLAN, GUANGZHOU_SHARE, "    guangzhou-branch: 29000\n    shenzhen-branch: 10000\n")
    assert over_budget(cycle_of(two)) == [Overspend("guangzhou-branch", 29000.0, 30000.0)]
    assert over_budget(cycle_of(two))[0].over == 1000.0


def test_a_cost_within_half_a_unit_of_the_share_is_not_over(two: Repo) -> None:
    # 30,000 × 4 / 12 is 10,000 only up to rounding: the split must not look over.
    two.replace(PLAN, GUANGZHOU_SHARE, GUANGZHOU_SHARE + "    shenzhen-branch: 9999.7\n")
    assert over_budget(cycle_of(two)) == []
