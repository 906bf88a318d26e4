"""What approvers decide on (generator/analysis/plan_decision.py): the priorities with the
gap weighted by priority and the programs that train them, and the approver groups of a
plan not approved yet. On `cycle_builder`'s cycle with Shenzhen (weighted gaps: consultative
selling 8 + 8 = 16, team leadership 2) and the minimal repository's governance (groups
`training` and `hr`, both plan approvers)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from support.cycle_builder import CYCLE, PLAN, add_cycle, add_shenzhen
from support.repo_builder import Repo

from generator.analysis import plan_decision as pd
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import Approval

PRIORITIES = """\
priorities:
  - competency: team-leadership
    weight: 3
    reason: Every branch opens a second team.
  - competency: communication
    weight: 2
    reason: Customers complain of being interrupted.
"""


@pytest.fixture
def two(repo: Repo) -> Repo:
    add_shenzhen(add_cycle(repo))
    repo.replace(PLAN, "currency: CNY\n", "currency: CNY\n" + PRIORITIES)
    return repo


def model_of(repo: Repo) -> CompetencyMap:
    result = repo.load()
    assert result.ok, result.problems
    return result.model


def test_each_priority_has_its_needs_and_the_programs_that_train_it(two: Repo) -> None:
    rows = pd.priority_figures(model_of(two).cycles[CYCLE])
    assert [(r.priority.competency, r.people, r.weighted_gap, [p.id for p in r.programs])
            for r in rows] == [("team-leadership", 2, 2, ["leading-a-team"]),
                               ("communication", 0, 0, [])]
    assert rows[0].priority_gap == 6


def test_a_cancelled_program_does_not_train_a_priority(two: Repo) -> None:
    two.replace(PLAN, "    cost: 10000\n    owner: zhang-min\n    status: planned\n",
                "    cost: 10000\n    owner: zhang-min\n    status: cancelled\n")
    assert pd.priority_figures(model_of(two).cycles[CYCLE])[0].programs == ()


def test_the_gap_weighted_by_priority_counts_other_competencies_once(two: Repo) -> None:
    cycle = model_of(two).cycles[CYCLE]
    assert pd.priority_gap(cycle.needs, cycle.weights) == 16 + 2 * 3
    assert pd.priority_gap(cycle.needs, {}) == 18


def test_every_required_group_is_pending_on_a_draft_with_its_members(repo: Repo) -> None:
    model = model_of(add_cycle(repo, "in-review"))
    cycle = model.cycles[CYCLE]
    assert pd.awaits_approval(cycle)
    groups = pd.approver_groups(model, cycle)
    assert [(g.group.id, g.approved) for g in groups] == [
        (group, False) for group in model.governance.plan_approvers]
    members = {m.handle: m.name for g in groups for m in g.members}
    heads = {d.head.handle: d.head.name for d in model.departments.values()}
    assert members and all(members[h] == heads.get(h, "") for h in members)


def test_a_group_counts_as_approved_only_by_a_member(repo: Repo) -> None:
    model = model_of(add_cycle(repo, "approved"))
    cycle = model.cycles[CYCLE]
    assert not pd.awaits_approval(cycle)
    assert all(g.approved for g in pd.approver_groups(model, cycle))
    outsider = replace(cycle, approvals=(Approval("hr", "not-a-member", "2027-01-11", 12),))
    assert not any(g.approved for g in pd.approver_groups(model, outsider))
