"""What the training team sees of a cycle (generator/cycle_analysis.py): who submitted,
where the gaps are, what the plan covers and costs, what it changed; and the shipped
example's two cycles.

The figures are computed by hand from `cycle_builder`'s cycle:

    need                                            current→target  people  weighted gap  priority
    guangzhou-branch/sales-rep/consultative-selling  2→3             8       8             high
    guangzhou-branch/sales-manager/team-leadership   2→3             2       2             medium
    shenzhen-branch/sales-rep/consultative-selling   1→3             4       8             high
"""

from __future__ import annotations

from datetime import date

import pytest
from support import ROOT
from support.cycle_builder import (
    COMMUNICATION_ENTRY,
    CYCLE,
    LEADING,
    NEEDS,
    PLAN,
    SELLING,
    SHENZHEN,
    SHENZHEN_NEEDS,
    SHENZHEN_SELLING,
    add_cycle,
    add_shenzhen,
)
from support.repo_builder import Repo

from generator.analysis import cycle_figures as ca
from generator.model.competency_map import CompetencyMap, Source
from generator.model.cycles import Cycle
from generator.rules.repository import LoadResult, load_repository

SELLING_STATUS = "    cost: 30000\n    owner: zhang-min\n    status: planned\n"
LEADING_STATUS = "    cost: 10000\n    owner: zhang-min\n    status: planned\n"


def model_of(repo: Repo) -> CompetencyMap:
    result = repo.load()
    assert result.ok, result.problems
    return result.model


def cycle_of(repo: Repo) -> Cycle:
    return model_of(repo).cycles[CYCLE]


@pytest.fixture
def two(repo: Repo) -> Repo:
    """The cycle with Guangzhou's and Shenzhen's needs, both answered by selling-by-advice."""
    return add_shenzhen(add_cycle(repo))


# --- submission status ----------------------------------------------------------------


def states(repo: Repo, today: date) -> dict[str, tuple[str, str, int]]:
    model = model_of(repo)
    return {s.department.id: (s.state, s.submitted_on, s.entries)
            for s in ca.submission_status(model, model.cycles[CYCLE], today)}


def test_only_departments_with_staff_are_asked_for_needs(repo: Repo) -> None:
    add_shenzhen(add_cycle(repo), needs=False)
    assert [d.id for d in ca.expected_departments(model_of(repo))] == ["guangzhou-branch", SHENZHEN]


@pytest.mark.parametrize(("today", "shenzhen"), [
    (date(2026, 12, 1), "pending"),
    (date(2026, 12, 15), "pending"),          # the due date itself
    (date(2026, 12, 16), "missing"),
    (date(2027, 3, 1), "missing"),
])
def test_a_department_without_a_file_is_pending_until_the_due_date_then_missing(
        repo: Repo, today: date, shenzhen: str) -> None:
    add_shenzhen(add_cycle(repo), needs=False)
    assert states(repo, today) == {"guangzhou-branch": ("on-time", "2026-12-10", 2),
                                   SHENZHEN: (shenzhen, "", 0)}


@pytest.mark.parametrize(("submitted", "state"), [
    ("2026-12-14", "on-time"), ("2026-12-15", "on-time"), ("2026-12-16", "late"), ("2027-01-05", "late")])
def test_a_file_submitted_after_the_due_date_is_late(two: Repo, submitted: str, state: str) -> None:
    two.replace(SHENZHEN_NEEDS, '"2026-12-14"', f'"{submitted}"')
    assert states(two, date(2027, 1, 6))[SHENZHEN] == (state, submitted, 1)


# --- totals ---------------------------------------------------------------------------


def test_totals_by_competency_are_sorted_by_weighted_gap(two: Repo) -> None:
    rows = ca.totals(cycle_of(two).needs, lambda n: n.competency)
    assert rows == [ca.Total("consultative-selling", people=12, weighted_gap=16, entries=2, high=2),
                    ca.Total("team-leadership", people=2, weighted_gap=2, entries=1, high=0)]


def test_totals_by_department_put_the_larger_weighted_gap_first_not_the_larger_headcount(
        two: Repo) -> None:
    two.replace(NEEDS, "    headcount: 8\n", "    headcount: 5\n")   # Guangzhou: 7 people, gap 7
    rows = ca.totals(cycle_of(two).needs, lambda n: n.department)
    assert [(t.key, t.people, t.weighted_gap) for t in rows] == [(SHENZHEN, 4, 8), ("guangzhou-branch", 7, 7)]


def test_totals_with_the_same_weighted_gap_put_more_people_first_then_the_key(two: Repo) -> None:
    rows = ca.totals(cycle_of(two).needs, lambda n: n.key)
    assert [t.key for t in rows] == [SELLING, SHENZHEN_SELLING, LEADING]   # 8 (8 people), 8 (4), 2
    two.replace(NEEDS, "    headcount: 2\n", "    headcount: 1\n")
    rows = ca.totals([n for n in cycle_of(two).needs if n.competency == "team-leadership"]
                     + [n for n in cycle_of(two).needs if n.department == SHENZHEN], lambda n: n.role)
    assert [t.key for t in rows] == ["sales-rep", "sales-manager"]


def test_totals_of_no_needs_are_empty() -> None:
    assert ca.totals([], lambda n: n.key) == []


def test_totals_by_priority_follow_the_priority_order_not_the_size(two: Repo) -> None:
    two.write(NEEDS, two.text(NEEDS) + COMMUNICATION_ENTRY)        # low: 3 people, gap 1
    rows = ca.by_priority(cycle_of(two).needs)
    assert [(t.key, t.people, t.weighted_gap, t.entries) for t in rows] == [
        ("high", 12, 16, 2), ("medium", 2, 2, 1), ("low", 3, 3, 1)]
    assert [t.key for t in ca.by_priority([n for n in cycle_of(two).needs if n.priority != "medium"])] \
        == ["high", "low"]


def test_the_gap_matrix_sums_the_weighted_gap_per_department_and_competency(two: Repo) -> None:
    two.write(NEEDS, two.text(NEEDS) + COMMUNICATION_ENTRY.replace("sales-rep", "sales-manager")
              .replace("communication", "consultative-selling").replace("current: 1", "current: 2")
              .replace("target: 2", "target: 4").replace("headcount: 3", "headcount: 2"))
    assert ca.gap_matrix(cycle_of(two).needs) == {
        ("guangzhou-branch", "consultative-selling"): 8 + 2 * 2,
        ("guangzhou-branch", "team-leadership"): 2,
        (SHENZHEN, "consultative-selling"): 8,
    }


# --- coverage -------------------------------------------------------------------------


def test_coverage_lists_the_programs_answering_each_need(two: Repo) -> None:
    covered = ca.coverage(cycle_of(two))
    assert {key: [p.id for p in programs] for key, programs in covered.items()} == {
        SELLING: ["selling-by-advice"], SHENZHEN_SELLING: ["selling-by-advice"],
        LEADING: ["leading-a-team"]}
    assert ca.unanswered(cycle_of(two)) == []


def test_a_cancelled_program_answers_nothing(repo: Repo) -> None:
    add_cycle(repo, "in-review")
    repo.replace(PLAN, LEADING_STATUS, LEADING_STATUS.replace("planned", "cancelled"))
    cycle = cycle_of(repo)
    assert ca.coverage(cycle)[LEADING] == []
    assert [n.key for n in ca.unanswered(cycle)] == [LEADING]


def test_a_need_answered_by_two_programs_lists_both(repo: Repo) -> None:
    add_cycle(repo)
    repo.replace(PLAN, "    answers:\n      - guangzhou-branch/sales-manager/team-leadership\n",
                 "    answers:\n      - guangzhou-branch/sales-manager/team-leadership\n"
                 f"      - {SELLING}\n")
    repo.replace(PLAN, "      - competency: team-leadership\n        target: 3\n",
                 "      - competency: team-leadership\n        target: 3\n"
                 "      - competency: consultative-selling\n        target: 3\n")
    repo.replace(PLAN, "    capacity: 2\n", "    capacity: 10\n")
    assert [p.id for p in ca.coverage(cycle_of(repo))[SELLING]] == ["selling-by-advice", "leading-a-team"]


def test_a_need_no_program_answers_is_unanswered_even_with_a_recorded_reason(repo: Repo) -> None:
    add_cycle(repo, "approved", tail=f"unanswered:\n  - need: {LEADING}\n    reason: Next year.\n")
    repo.replace(PLAN, "    answers:\n      - guangzhou-branch/sales-manager/team-leadership\n",
                 "    answers: []\n")
    cycle = cycle_of(repo)
    assert [n.key for n in ca.unanswered(cycle)] == [LEADING]
    assert cycle.unanswered_reasons == {LEADING: "Next year."}


# --- budget ---------------------------------------------------------------------------


def test_cost_by_department_splits_by_headcount_when_no_split_is_recorded(two: Repo) -> None:
    cycle = cycle_of(two)
    split = ca.cost_by_department(cycle)
    assert split(cycle.programs[0]) == [("guangzhou-branch", 20000.0), (SHENZHEN, 10000.0)]
    assert ca.budget_by(cycle, split) == {"guangzhou-branch": 30000.0, SHENZHEN: 10000.0}


def test_cost_by_department_uses_the_recorded_split(two: Repo) -> None:
    two.replace(PLAN, "    cost: 30000\n", "    cost: 30000\n    cost_by_department:\n"
                "      guangzhou-branch: 12000\n      shenzhen-branch: 18000\n")
    cycle = cycle_of(two)
    assert ca.budget_by(cycle, ca.cost_by_department(cycle)) == {
        "guangzhou-branch": 22000.0, SHENZHEN: 18000.0}


def test_a_program_answering_no_need_is_charged_to_no_department(repo: Repo) -> None:
    add_cycle(repo)
    repo.replace(PLAN, "    answers:\n      - guangzhou-branch/sales-manager/team-leadership\n",
                 "    answers: []\n")
    cycle = cycle_of(repo)
    assert ca.budget_by(cycle, ca.cost_by_department(cycle)) == {"guangzhou-branch": 30000.0, "": 10000.0}


def test_budget_by_mode_and_competency_leave_out_cancelled_programs(two: Repo) -> None:
    two.replace(PLAN, "      - competency: team-leadership\n        target: 3\n",
                "      - competency: team-leadership\n        target: 3\n"
                "      - competency: communication\n        target: 3\n")
    cycle = cycle_of(two)
    assert ca.budget_by(cycle, ca.cost_by_mode) == {"internal-course": 30000.0, "coaching": 10000.0}
    assert ca.budget_by(cycle, ca.cost_by_competency) == {
        "consultative-selling": 30000.0, "team-leadership": 5000.0, "communication": 5000.0}
    two.replace(PLAN, SELLING_STATUS, SELLING_STATUS.replace("planned", "cancelled"))
    cycle = cycle_of(two)
    assert ca.budget_by(cycle, ca.cost_by_mode) == {"coaching": 10000.0}
    assert ca.budget_by(cycle, ca.cost_by_department(cycle)) == {"guangzhou-branch": 10000.0}


# --- effect and progress --------------------------------------------------------------


def test_effects_give_the_gap_before_and_after_with_followed_up_needs_first(two: Repo) -> None:
    two.replace(NEEDS, '    needed_by: "2027-04-30"\n', '    needed_by: "2027-04-30"\n    follow_up:\n'
                '      level_reached: 3\n      date: "2027-06-20"\n')
    two.write(SHENZHEN_NEEDS, two.text(SHENZHEN_NEEDS) + '    follow_up:\n      level_reached: 2\n'
              '      date: "2027-06-20"\n')
    rows = ca.effects(cycle_of(two))
    assert [(e.need.key, e.before, e.after, e.closed) for e in rows] == [
        (SELLING, 2, 3, True), (SHENZHEN_SELLING, 1, 2, False), (LEADING, 2, None, False)]


def test_gap_after_keeps_the_whole_gap_of_people_who_did_not_reach_the_level(two: Repo) -> None:
    """Guangzhou: 8 people 2→3, 6 of them reached 3 → 2 people × 1 level left.
    Shenzhen: 4 people 1→3, all reached 2 → 4 people × 1 level left."""
    two.replace(NEEDS, '    needed_by: "2027-04-30"\n', '    needed_by: "2027-04-30"\n    follow_up:\n'
                '      level_reached: 3\n      headcount_reached: 6\n      date: "2027-06-20"\n')
    two.write(SHENZHEN_NEEDS, two.text(SHENZHEN_NEEDS) + '    follow_up:\n      level_reached: 2\n'
              '      date: "2027-06-20"\n')
    rows = {e.need.key: e for e in ca.effects(cycle_of(two))}
    assert (rows[SELLING].reached, rows[SELLING].weighted_gap_after, rows[SELLING].closed) == (
        6, 2, False)
    assert (rows[SHENZHEN_SELLING].reached, rows[SHENZHEN_SELLING].weighted_gap_after) == (4, 4)
    assert rows[LEADING].weighted_gap_after is None
    by_competency = ca.gap_change(rows.values(), lambda n: n.competency)
    selling = next(c for c in by_competency if c.key == "consultative-selling")
    assert (selling.before, selling.after, selling.followed, selling.entries) == (16, 6, 2, 2)
    assert selling.closed_share == pytest.approx(1 - 6 / 16)
    leading = next(c for c in by_competency if c.key != "consultative-selling")
    assert (leading.followed, leading.closed_share) == (0, None)


def test_the_current_cycle_is_the_latest_not_closed_else_the_latest() -> None:
    def cycle(cid: str, start: str, status: str) -> Cycle:
        return Cycle(cid, cid, start, start, start, status, Source(f"plans/{cid}.yml"))

    old, mid, new = (cycle("a", "2025-01-01", "closed"), cycle("b", "2026-01-01", "in-progress"),
                     cycle("c", "2027-01-01", "closed"))
    assert ca.current_cycle([new, old, mid]) is mid
    assert ca.current_cycle([old, new]) is new
    assert ca.current_cycle([]) is None


def test_progress_counts_held_sessions_of_sessions_not_cancelled(repo: Repo) -> None:
    add_cycle(repo, "in-progress")
    repo.replace(PLAN, "        status: planned\n", "        status: held\n        attended: 10\n"
                 '      - date: "2027-04-09"\n        status: planned\n'
                 '      - date: "2027-05-09"\n        status: cancelled\n')
    repo.replace(PLAN, LEADING_STATUS, LEADING_STATUS.replace("planned", "cancelled")
                 + '    sessions:\n      - date: "2027-02-01"\n        status: held\n')
    assert ca.progress(cycle_of(repo)) == (1, 2)


def test_progress_of_a_plan_without_sessions_is_nothing_of_nothing(repo: Repo) -> None:
    add_cycle(repo, "approved")
    repo.replace(PLAN, '    sessions:\n      - date: "2027-03-09"\n        location: Guangzhou\n'
                 "        capacity: 12\n        status: planned\n", "    capacity: 12\n")
    assert ca.progress(cycle_of(repo)) == (0, 0)


# --- the shipped example --------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> LoadResult:
    return load_repository(ROOT)


def test_the_example_cycles_validate_clean_but_for_the_departments_over_their_share(
        example: LoadResult) -> None:
    # The closed cycle's four departments over their share are kept on purpose (P511).
    assert [f"{p.path}:{p.line} {p.code} {p.message}" for p in example.problems
            if p.code != "P511"] == []
    assert len(example.model.cycles) >= 2


def test_the_example_has_a_closed_cycle_with_an_approved_delivered_and_measured_plan(
        example: LoadResult) -> None:
    closed = [c for c in example.model.cycles.values() if c.status == "closed"]
    assert closed
    cycle = closed[0]
    assert set(example.model.governance.plan_approvers) <= {a.group for a in cycle.approvals}
    assert all(a.pull_request for a in cycle.approvals)
    evaluated = [p for p in cycle.programs if p.evaluation is not None]
    assert evaluated and all(p.status == "delivered" for p in evaluated)
    full = [p.evaluation for p in evaluated if p.evaluation and p.evaluation.reaction
            and p.evaluation.learning_post is not None and p.evaluation.behaviour and p.evaluation.results]
    assert full, "no program evaluated on all four Kirkpatrick levels"
    effects = ca.effects(cycle)
    assert any(e.after is not None for e in effects) and any(e.closed for e in effects)
    held, planned = ca.progress(cycle)
    assert planned and held == planned
    assert len(cycle.submissions) >= 3
    assert not ca.unanswered(cycle) or all(n.key in cycle.unanswered_reasons for n in ca.unanswered(cycle))


def test_the_example_collecting_cycle_has_submitted_and_missing_departments(example: LoadResult) -> None:
    collecting = [c for c in example.model.cycles.values() if c.status == "collecting"]
    assert collecting
    cycle = collecting[0]
    statuses = ca.submission_status(example.model, cycle, date(2026, 12, 20))
    by_state: dict[str, list[str]] = {}
    for status in statuses:
        by_state.setdefault(status.state, []).append(status.department.id)
    assert len(cycle.submissions) >= 3
    assert by_state.get("missing"), by_state
    assert len(by_state.get("on-time", [])) + len(by_state.get("late", [])) == len(cycle.submissions)
    assert "pending" not in by_state           # 2026-12-20 is after the due date
    assert ca.totals(cycle.needs, lambda n: n.competency)[0].weighted_gap > 0
