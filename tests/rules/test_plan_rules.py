"""Plan rules P501–P506 and P509–P511 (P507, P508 compare with a base revision: see
test_change_rules.py).

One failing case per rule (code, file, line, key words of the message) and a passing
near-miss, on the minimal repository with the cycle of `cycle_builder` and one line changed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support.cycle_builder import (
    LEADING,
    LEADING_PROGRAM,
    NEEDS_SCHEMA,
    PLAN,
    SELLING,
    SELLING_PROGRAM,
    add_cycle,
    add_shenzhen,
    assert_at,
    errors,
    needs_path,
    set_status,
    with_code,
)
from support.repo_builder import Repo, codes, only

from generator.problems import Problem, Severity
from generator.rules import plan_rules

SESSION = '      - date: "2027-03-09"\n'
SELLING_ANSWERS = "    answers:\n      - guangzhou-branch/sales-rep/consultative-selling\n"
LEADING_ANSWERS = "    answers:\n      - guangzhou-branch/sales-manager/team-leadership\n"
SELLING_STATUS = "    cost: 30000\n    owner: zhang-min\n    status: planned\n"
LEADING_STATUS = "    cost: 10000\n    owner: zhang-min\n    status: planned\n"
HELD = """\
      - date: "2027-03-09"
        location: Guangzhou
        capacity: 12
        status: held
        attended: 12
"""
EVALUATION = """\
    evaluation:
      reaction: 4.4
      learning:
        pre: 55
        post: 82
      behaviour: Supervisors saw needs questions in five sales of six.
      results: Premium share of sales rose from 18% to 24%.
"""


@pytest.fixture
def cycle(repo: Repo) -> Repo:
    """The minimal repository with the cycle 2027-h1 (collecting) and Guangzhou's needs."""
    return add_cycle(repo)


def change(repo: Repo, old: str, new: str) -> None:
    repo.replace(PLAN, old, new)


def approved(repo: Repo, status: str = "approved") -> Repo:
    """The cycle at `status` with both approvals recorded."""
    return add_cycle(repo, status)


# --- P501 dates are real days, in order -----------------------------------------------


@pytest.mark.parametrize(("old", "needle"), [
    ('start: "2027-01-01"', "start:"),
    ('end: "2027-06-30"', "end:"),
    ('needs_due: "2026-12-15"', "needs_due:"),
    ('review_on: "2027-01-08"', "review_on:"),
    ('date: "2027-01-11"', 'date: "2027-02-30"'),
    ('- date: "2027-03-09"', '- date: "2027-02-30"'),
], ids=["start", "end", "needs_due", "review_on", "approval", "session"])
def test_p501_an_impossible_date_is_reported_at_its_line(repo: Repo, old: str, needle: str) -> None:
    approved(repo)
    change(repo, old, old.split('"')[0] + '"2027-02-30"')
    problem = only(repo.load(), "P501")
    assert_at(repo, problem, PLAN, needle)
    assert problem.message == "2027-02-30 is not a day in the calendar."
    assert "YYYY-MM-DD" in problem.hint


def test_p501_a_reversed_period_is_reported_at_its_end(cycle: Repo) -> None:
    change(cycle, 'end: "2027-06-30"', 'end: "2026-12-31"')
    problems = [p for p in with_code(cycle.load(), "P501") if "ends" in p.message]
    assert len(problems) == 1
    assert_at(cycle, problems[0], PLAN, "end:", column=3)
    assert problems[0].message == "The period ends (2026-12-31) before it starts (2027-01-01)."


def test_p501_passes_for_a_one_day_period(cycle: Repo) -> None:
    change(cycle, 'start: "2027-01-01"', 'start: "2027-03-09"')
    change(cycle, 'end: "2027-06-30"', 'end: "2027-03-09"')
    assert cycle.load().problems == []


def test_p501_a_reversed_period_is_reported_even_when_a_session_date_is_impossible(cycle: Repo) -> None:
    change(cycle, 'end: "2027-06-30"', 'end: "2026-12-31"')
    change(cycle, SESSION, SESSION.replace("2027-03-09", "2027-02-30"))
    messages = [p.message for p in with_code(cycle.load(), "P501")]
    assert "2027-02-30 is not a day in the calendar." in messages
    assert "The period ends (2026-12-31) before it starts (2027-01-01)." in messages


def test_p501_a_review_before_the_needs_are_due_is_reported_at_the_review(cycle: Repo) -> None:
    change(cycle, 'review_on: "2027-01-08"', 'review_on: "2026-12-14"')
    problem = only(cycle.load(), "P501")
    assert_at(cycle, problem, PLAN, "review_on:", column=1)
    assert problem.message == "The review (2026-12-14) is before needs are due (2026-12-15)."


def test_p501_passes_for_a_review_on_the_due_date(cycle: Repo) -> None:
    change(cycle, 'review_on: "2027-01-08"', 'review_on: "2026-12-15"')
    assert cycle.load().problems == []


@pytest.mark.parametrize("day", ["2026-12-31", "2027-07-01"])
def test_p501_a_session_outside_the_period_is_reported_at_its_date(cycle: Repo, day: str) -> None:
    change(cycle, SESSION, SESSION.replace("2027-03-09", day))
    problem = only(cycle.load(), "P501")
    assert_at(cycle, problem, PLAN, f'- date: "{day}"', column=9)
    assert problem.message == (f"The session on {day} is outside the cycle's period "
                               "(2027-01-01 to 2027-06-30).")


def test_p501_passes_for_sessions_on_the_first_and_last_day(cycle: Repo) -> None:
    change(cycle, SESSION, SESSION.replace("2027-03-09", "2027-01-01")
           + '        capacity: 6\n      - date: "2027-06-30"\n')
    assert cycle.load().problems == []


# --- P502 programs train real competencies and answer real needs ----------------------


def test_p502_a_program_answering_a_need_nobody_submitted_is_reported_at_the_answer(cycle: Repo) -> None:
    change(cycle, SELLING_ANSWERS, SELLING_ANSWERS + "      - guangzhou-branch/sales-manager/"
           "consultative-selling\n")
    problem = only(cycle.load(), "P502")
    assert_at(cycle, problem, PLAN, "- guangzhou-branch/sales-manager/consultative-selling", column=9)
    assert problem.message == ("No department submitted the need "
                               "`guangzhou-branch/sales-manager/consultative-selling` in this cycle.")
    assert "department/role/competency" in problem.hint and "needs/2027-h1/" in problem.hint


def test_p502_passes_for_a_need_in_a_needs_file_that_is_itself_broken(cycle: Repo) -> None:
    add_shenzhen(cycle)
    cycle.write(needs_path("shenzhen-branch"), NEEDS_SCHEMA + "submitted_by: sun-li\nentries: [\n")
    problems = cycle.load().problems
    assert {p.path for p in problems} == {"needs/2027-h1/shenzhen-branch.yml"}, problems


def test_p502_a_program_answering_a_need_it_does_not_train_is_reported(cycle: Repo) -> None:
    change(cycle, LEADING_ANSWERS, LEADING_ANSWERS + f"      - {SELLING}\n")
    change(cycle, "    capacity: 2\n", "    capacity: 10\n")
    problem = only(cycle.load(), "P502")
    assert_at(cycle, problem, PLAN, f"- {SELLING}", occurrence=2, column=9)
    assert problem.message == (f"`leading-a-team` answers `{SELLING}` but does not train "
                               "`consultative-selling`.")
    assert "competencies" in problem.hint


def test_p502_passes_when_the_program_trains_every_competency_it_answers(cycle: Repo) -> None:
    change(cycle, LEADING_ANSWERS, LEADING_ANSWERS + f"      - {SELLING}\n")
    change(cycle, "    capacity: 2\n", "    capacity: 10\n")
    change(cycle, "      - competency: team-leadership\n        target: 3\n",
           "      - competency: team-leadership\n        target: 3\n"
           "      - competency: consultative-selling\n        target: 3\n")
    assert cycle.load().problems == []


def test_p502_an_unknown_competency_in_a_program_is_reported_with_a_suggestion(cycle: Repo) -> None:
    change(cycle, "      - competency: team-leadership\n", "      - competency: team-leadershp\n")
    change(cycle, LEADING_ANSWERS, "    answers: []\n")
    problem = only(cycle.load(), "R303")
    assert_at(cycle, problem, PLAN, "competency: team-leadershp", column=9)
    assert problem.message == "There is no competency `team-leadershp`."
    assert problem.hint.startswith("Did you mean `team-leadership`?")


def test_p502_a_program_level_off_the_scale_is_reported_at_the_target(cycle: Repo) -> None:
    change(cycle, "      - competency: team-leadership\n        target: 3\n",
           "      - competency: team-leadership\n        target: 5\n")
    problem = only(cycle.load(), "P502")
    assert_at(cycle, problem, PLAN, "target: 5", column=9)
    assert problem.message == "Level 5 is not on the scale of `team-leadership`."
    assert problem.hint == "Use one of 1, 2, 3, 4."


def test_p502_passes_for_the_top_level_of_the_scale(cycle: Repo) -> None:
    change(cycle, "      - competency: team-leadership\n        target: 3\n",
           "      - competency: team-leadership\n        target: 4\n")
    assert cycle.load().problems == []


def test_p502_duplicate_program_ids_are_reported_at_the_second(cycle: Repo) -> None:
    change(cycle, "  - id: leading-a-team\n", "  - id: selling-by-advice\n")
    problem = only(cycle.load(), "P502")
    assert_at(cycle, problem, PLAN, "- id: selling-by-advice", occurrence=2, column=5)
    assert problem.message == "Two programs have the id `selling-by-advice`."


def test_p502_an_unknown_need_under_unanswered_is_reported_at_it(cycle: Repo) -> None:
    cycle.write(PLAN, cycle.text(PLAN) + "unanswered:\n  - need: guangzhou-branch/sales-rep/"
                "communication\n    reason: Not yet.\n")
    problem = only(cycle.load(), "P502")
    assert_at(cycle, problem, PLAN, "- need: guangzhou-branch/sales-rep/communication", column=5)
    assert "`guangzhou-branch/sales-rep/communication`" in problem.message
    assert "unanswered" in problem.hint


def test_p502_an_unknown_need_under_unanswered_is_reported_at_its_own_line_after_a_repeat(
        repo: Repo) -> None:
    approved(repo)
    repo.write(PLAN, repo.text(PLAN) + "unanswered:\n"
               f"  - need: {LEADING}\n    reason: One.\n"
               f"  - need: {LEADING}\n    reason: Twice.\n"
               "  - need: guangzhou-branch/sales-rep/communication\n    reason: Unknown.\n")
    repeat, unknown = sorted((p for p in repo.load().problems if p.code == "P502"),
                             key=lambda p: p.line)
    assert "listed twice" in repeat.message
    assert repeat.line == repo.text(PLAN).splitlines().index(f"  - need: {LEADING}", 0) + 1 + 2
    assert_at(repo, unknown, PLAN, "- need: guangzhou-branch/sales-rep/communication")


def test_p502_an_unknown_audience_role_is_reported(cycle: Repo) -> None:
    change(cycle, "roles: [sales-rep]", "roles: [sales-reps]")
    problem = only(cycle.load(), "R303")
    assert_at(cycle, problem, PLAN, "roles: [sales-reps]")
    assert problem.message == "There is no role `sales-reps`."


# --- P503 coverage --------------------------------------------------------------------


def test_p503_an_unanswered_need_is_a_warning_while_in_review(cycle: Repo) -> None:
    set_status(cycle, "in-review")
    change(cycle, SELLING_ANSWERS, "    answers: []\n")
    result = cycle.load()
    problem = only(result, "P503")
    assert problem.severity is Severity.WARNING and result.ok
    assert_at(cycle, problem, PLAN, "programs:", column=1)
    assert problem.message == f"No program answers the high-priority need `{SELLING}`."
    assert "unanswered:" in problem.hint


@pytest.mark.parametrize("status", ["collecting", "consolidating"])
def test_p503_is_not_checked_before_the_review(cycle: Repo, status: str) -> None:
    set_status(cycle, status)
    change(cycle, SELLING_ANSWERS, "    answers: []\n")
    assert cycle.load().problems == []


@pytest.mark.parametrize("status", ["approved", "in-progress", "closed"])
def test_p503_an_unanswered_high_priority_need_is_an_error_once_approved(repo: Repo, status: str) -> None:
    approved(repo, status)
    change(repo, SELLING_ANSWERS, "    answers: []\n")
    result = repo.load()
    problem = only(result, "P503")
    assert problem.severity is Severity.ERROR and not result.ok
    assert f"high-priority need `{SELLING}`" in problem.message


def test_p503_an_unanswered_medium_priority_need_stays_a_warning_once_approved(repo: Repo) -> None:
    approved(repo)
    change(repo, LEADING_ANSWERS, "    answers: []\n")
    result = repo.load()
    assert only(result, "P503").severity is Severity.WARNING and result.ok


def test_p503_passes_for_a_need_listed_under_unanswered_with_a_reason(repo: Repo) -> None:
    approved(repo)
    change(repo, SELLING_ANSWERS, "    answers: []\n")
    repo.write(PLAN, repo.text(PLAN) + f"unanswered:\n  - need: {SELLING}\n"
               "    reason: The reps join the Sales department's own programme.\n")
    assert repo.load().problems == []


def test_p503_a_cancelled_program_does_not_answer_its_needs(repo: Repo) -> None:
    approved(repo)
    change(repo, SELLING_STATUS, SELLING_STATUS.replace("planned", "cancelled"))
    problem = only(repo.load(), "P503")
    assert problem.is_error and f"`{SELLING}`" in problem.message


# --- P504 budget ----------------------------------------------------------------------


def test_p504_department_shares_above_the_total_are_reported_at_the_shares(cycle: Repo) -> None:
    change(cycle, "    guangzhou-branch: 80000\n", "    guangzhou-branch: 120000\n")
    problem = only(cycle.load(), "P504")
    assert_at(cycle, problem, PLAN, "  departments:", column=3)
    assert problem.message == ("The department shares add up to 120,000, more than the total "
                               "budget of 100,000.")


def test_p504_passes_for_shares_equal_to_the_total(cycle: Repo) -> None:
    change(cycle, "    guangzhou-branch: 80000\n", "    guangzhou-branch: 100000\n")
    assert cycle.load().problems == []


def test_p504_program_costs_above_the_total_are_reported_at_the_total(cycle: Repo) -> None:
    change(cycle, "    cost: 30000\n", "    cost: 95000\n")
    problem = only(cycle.load(), "P504")
    assert_at(cycle, problem, PLAN, "  total:", column=3)
    assert problem.message == "The programs cost 105,000, more than the budget of 100,000."


def test_p504_passes_when_the_costly_program_is_cancelled(cycle: Repo) -> None:
    change(cycle, SELLING_STATUS, SELLING_STATUS.replace("30000", "95000").replace("planned", "cancelled"))
    assert cycle.load().problems == []


def test_p504_a_cost_split_that_does_not_add_up_is_reported_at_the_split(cycle: Repo) -> None:
    change(cycle, "    cost: 30000\n", "    cost: 30000\n    cost_by_department:\n"
           "      guangzhou-branch: 20000\n")
    problem = only(cycle.load(), "P504")
    assert_at(cycle, problem, PLAN, "cost_by_department:", column=5)
    assert problem.message == "The split adds up to 20,000, but the program costs 30,000."


def test_p504_passes_for_a_split_that_adds_up_between_two_departments(cycle: Repo) -> None:
    add_shenzhen(cycle)
    change(cycle, "    cost: 30000\n", "    cost: 30000\n    cost_by_department:\n"
           "      guangzhou-branch: 20000\n      shenzhen-branch: 10000\n")
    assert cycle.load().problems == []


def test_p504_an_unknown_department_in_the_budget_is_reported(cycle: Repo) -> None:
    change(cycle, "    guangzhou-branch: 80000\n", "    guangzhou-branch: 70000\n    guangzhou: 10000\n")
    problem = only(cycle.load(), "R303")
    assert_at(cycle, problem, PLAN, "    guangzhou: 10000")
    assert problem.message == "There is no department `guangzhou`."


# --- P505 seats -----------------------------------------------------------------------


def test_p505_fewer_seats_than_people_is_reported_at_the_program(cycle: Repo) -> None:
    change(cycle, "        capacity: 12\n", "        capacity: 7\n")
    problem = only(cycle.load(), "P505")
    assert_at(cycle, problem, PLAN, "- id: selling-by-advice", column=5)
    assert problem.message == ("`selling-by-advice` has 7 seats for the 8 people whose needs it "
                               "answers.")
    assert "sessions" in problem.hint


def test_p505_counts_the_program_capacity_when_sessions_have_none(cycle: Repo) -> None:
    change(cycle, "    capacity: 2\n", "    capacity: 1\n")
    problem = only(cycle.load(), "P505")
    assert problem.message.startswith("`leading-a-team` has 1 seat")
    assert "for the 2 people" in problem.message


def test_p505_cancelled_sessions_offer_no_seats(cycle: Repo) -> None:
    change(cycle, SESSION, '      - date: "2027-02-09"\n        capacity: 20\n        status: cancelled\n'
           + SESSION)
    change(cycle, "        capacity: 12\n", "        capacity: 7\n")
    assert "has 7 seats for the 8 people" in only(cycle.load(), "P505").message


def test_p505_passes_for_exactly_as_many_seats_as_people_of_two_departments(cycle: Repo) -> None:
    add_shenzhen(cycle)   # 8 + 4 people, 12 seats
    result = cycle.load()
    assert result.problems == []
    program = result.model.cycles["2027-h1"].programs[0]
    assert program.seats == 12


# --- P506 approvals -------------------------------------------------------------------


def test_p506_an_approval_by_someone_outside_the_group_is_reported_at_the_handle(repo: Repo) -> None:
    approved(repo)
    change(repo, "    handle: liu-yang\n", "    handle: zhang-min\n")
    problem = only(repo.load(), "P506")
    assert_at(repo, problem, PLAN, "handle: zhang-min", occurrence=2, column=5)
    assert problem.message == "`zhang-min` is not a member of the group `hr`."
    assert "competency-map/governance.yml" in problem.hint


def test_p506_an_approval_for_an_unknown_group_is_reported_at_the_group(repo: Repo) -> None:
    approved(repo)
    repo.write(PLAN, repo.text(PLAN) + '  - group: board\n    handle: wang-lei\n    date: "2027-01-12"\n'
               "    pull_request: 12\n")
    problem = only(repo.load(), "R303")
    assert_at(repo, problem, PLAN, "- group: board", column=5)
    assert problem.message == "There is no approver group `board`."


def test_p506_an_approved_plan_without_every_required_group_is_reported_at_the_status(
        repo: Repo) -> None:
    approved(repo, "in-progress")
    change(repo, '  - group: hr\n    handle: liu-yang\n    date: "2027-01-11"\n    pull_request: 12\n', "")
    problem = only(repo.load(), "P506")
    assert_at(repo, problem, PLAN, "status: in-progress", column=1)
    assert problem.message == "The plan is `in-progress` but has no recorded approval from `hr`."
    assert "plan_approvers" in problem.hint


def test_p506_passes_for_a_plan_in_review_without_approvals(cycle: Repo) -> None:
    set_status(cycle, "in-review")
    assert cycle.load().problems == []


def test_p506_passes_for_a_second_member_of_the_group(repo: Repo) -> None:
    approved(repo)
    change(repo, "    handle: liu-yang\n", "    handle: chen-jing\n")
    assert repo.load().problems == []


# --- P509 delivery --------------------------------------------------------------------


def test_p509_attendance_above_the_capacity_is_reported_at_the_attendance(repo: Repo) -> None:
    approved(repo, "in-progress")
    change(repo, SESSION + "        location: Guangzhou\n        capacity: 12\n        status: planned\n",
           HELD.replace("attended: 12", "attended: 13"))
    problem = only(repo.load(), "P509")
    assert_at(repo, problem, PLAN, "attended: 13", column=9)
    assert problem.message == "13 attended a session with 12 seats."


def test_p509_attendance_of_a_session_not_held_is_reported(repo: Repo) -> None:
    approved(repo, "in-progress")
    change(repo, "        status: planned\n", "        status: planned\n        attended: 10\n")
    problem = only(repo.load(), "P509")
    assert_at(repo, problem, PLAN, "attended: 10", column=9)
    assert "not held" in problem.message and "status: held" in problem.hint


def test_p509_an_evaluation_of_a_planned_program_is_reported_at_the_evaluation(repo: Repo) -> None:
    approved(repo, "in-progress")
    change(repo, SELLING_STATUS, SELLING_STATUS + EVALUATION)
    problem = only(repo.load(), "P509")
    assert_at(repo, problem, PLAN, "evaluation:", column=5)
    assert problem.message == "`selling-by-advice` has an evaluation but its status is `planned`."


@pytest.mark.parametrize("status", ["running", "delivered"])
def test_p509_passes_for_a_full_held_session_and_an_evaluated_program(repo: Repo, status: str) -> None:
    approved(repo, "in-progress")
    change(repo, SESSION + "        location: Guangzhou\n        capacity: 12\n        status: planned\n",
           HELD)
    change(repo, SELLING_STATUS, SELLING_STATUS.replace("planned", status) + EVALUATION)
    assert repo.load().problems == []


# --- P510 priorities ------------------------------------------------------------------

PRIORITY = """\
priorities:
  - competency: team-leadership
    weight: 3
    reason: Every branch opens a second team this year.
"""


def with_priority(repo: Repo, text: str = PRIORITY) -> None:
    change(repo, "currency: CNY\n", "currency: CNY\n" + text)


def warned_at(repo: Repo, code: str, needle: str) -> Problem:
    """The one problem `code`, a warning at the value on the line of `needle`."""
    problem = only(repo.load(), code)
    assert_at(repo, problem, PLAN, needle, column=len(needle) - len(needle.lstrip(" -")) + 1)
    assert problem.severity is Severity.WARNING
    return problem


def test_p510_a_priority_with_needs_but_no_program_is_a_warning_at_its_competency(cycle: Repo) -> None:
    set_status(cycle, "consolidating")
    with_priority(cycle)
    change(cycle, LEADING_PROGRAM, "")
    problem = warned_at(cycle, "P510", "  - competency: team-leadership")
    assert problem.message == ("The priority `team-leadership` has needs in this cycle but no "
                               "program trains it.")
    assert "unanswered" in problem.hint


def test_p510_passes_while_needs_are_still_collected(cycle: Repo) -> None:
    with_priority(cycle)
    change(cycle, LEADING_PROGRAM, "")
    assert cycle.load().problems == []


def test_p510_passes_when_a_program_trains_the_priority(cycle: Repo) -> None:
    set_status(cycle, "consolidating")
    with_priority(cycle)
    assert cycle.load().problems == []


def test_p510_a_cancelled_program_does_not_train_the_priority(cycle: Repo) -> None:
    set_status(cycle, "consolidating")
    with_priority(cycle)
    change(cycle, LEADING_STATUS, LEADING_STATUS.replace("planned", "cancelled"))
    assert "P510" in codes(cycle.load())


def test_p510_passes_when_the_priority_needs_are_left_open_with_a_reason(cycle: Repo) -> None:
    set_status(cycle, "consolidating")
    with_priority(cycle)
    change(cycle, LEADING_PROGRAM, "")
    cycle.write(PLAN, cycle.text(PLAN)
                + f"unanswered:\n  - need: {LEADING}\n    reason: Coached by the region.\n")
    assert cycle.load().problems == []


def test_p510_a_priority_listed_twice_is_an_error_at_the_second(cycle: Repo) -> None:
    with_priority(cycle, PRIORITY + PRIORITY.removeprefix("priorities:\n"))
    problem = only(cycle.load(), "P510")
    assert_at(cycle, problem, PLAN, "  - competency: team-leadership", occurrence=2, column=5)
    assert problem.is_error and "twice" in problem.message


def test_p510_an_unknown_priority_competency_is_reported_with_a_suggestion(cycle: Repo) -> None:
    with_priority(cycle, PRIORITY.replace("team-leadership", "team-leadershp"))
    problem = only(cycle.load(), "R303")
    assert_at(cycle, problem, PLAN, "  - competency: team-leadershp", column=5)
    assert problem.hint.startswith("Did you mean `team-leadership`?")


# --- P511 department over its budget share ----------------------------------------------


def test_p511_a_department_over_its_share_is_a_warning_at_its_share(cycle: Repo) -> None:
    change(cycle, "    cost: 30000\n", "    cost: 85000\n")
    problem = warned_at(cycle, "P511", "    guangzhou-branch: 80000")
    assert problem.message == ("The programs planned for `guangzhou-branch` cost 95,000, "
                               "15,000 over its budget share of 80,000.")
    assert "cost_by_department" in problem.hint


def test_p511_counts_a_recorded_split_and_not_the_needs(cycle: Repo) -> None:
    add_shenzhen(cycle)
    change(cycle, "    guangzhou-branch: 80000\n", "    guangzhou-branch: 40000\n"
           "    shenzhen-branch: 5000\n")
    # By headcount Shenzhen's 4 of 12 people would carry 10,000 of the 30,000.
    change(cycle, "    cost: 30000\n", "    cost: 30000\n    cost_by_department:\n"
           "      guangzhou-branch: 25000\n      shenzhen-branch: 5000\n")
    assert cycle.load().problems == []
    change(cycle, "      guangzhou-branch: 25000\n      shenzhen-branch: 5000\n",
           "      guangzhou-branch: 24000\n      shenzhen-branch: 6000\n")
    problem = only(cycle.load(), "P511")
    assert "`shenzhen-branch` cost 6,000, 1,000 over" in problem.message


def test_p511_splits_by_the_people_of_the_needs_answered(cycle: Repo) -> None:
    add_shenzhen(cycle)
    change(cycle, "    guangzhou-branch: 80000\n", "    guangzhou-branch: 80000\n"
           "    shenzhen-branch: 9000\n")
    problem = only(cycle.load(), "P511")
    assert problem.message == ("The programs planned for `shenzhen-branch` cost 10,000, "
                               "1,000 over its budget share of 9,000.")


def test_p511_passes_for_a_cost_equal_to_the_share_and_for_cancelled_programs(cycle: Repo) -> None:
    change(cycle, "    cost: 30000\n", "    cost: 70000\n")
    assert cycle.load().problems == []
    change(cycle, "    cost: 70000\n", "    cost: 95000\n")
    change(cycle, SELLING_STATUS.replace("30000", "95000"),
           SELLING_STATUS.replace("30000", "95000").replace("planned", "cancelled"))
    assert cycle.load().problems == []


# --- across rules ---------------------------------------------------------------------

#: Rule → (how to break the cycle, starting from an approved one; the code reported).
FAILING_CASES: dict[str, tuple[Callable[[Repo], object], str]] = {
    "P501": (lambda r: change(r, 'review_on: "2027-01-08"', 'review_on: "2026-01-08"'), "P501"),
    "P502": (lambda r: change(r, "  - id: leading-a-team\n", "  - id: selling-by-advice\n"), "P502"),
    "P503": (lambda r: change(r, SELLING_ANSWERS, "    answers: []\n"), "P503"),
    "P504": (lambda r: change(r, "  total: 100000\n", "  total: 1000\n"), "P504"),
    "P505": (lambda r: change(r, "    capacity: 2\n", "    capacity: 1\n"), "P505"),
    "P506": (lambda r: change(r, "    handle: liu-yang\n", "    handle: wang-lei\n"), "P506"),
    "P509": (lambda r: change(r, LEADING_STATUS, LEADING_STATUS + EVALUATION), "P509"),
    "P510": (lambda r: with_priority(r, PRIORITY + PRIORITY.removeprefix("priorities:\n")), "P510"),
    "P511": (lambda r: change(r, "    guangzhou-branch: 80000\n", "    guangzhou-branch: 1000\n"),
             "P511"),
}
#: Rules that only warn: a department over its share is the approvers' call.
WARNINGS_ONLY = {"P511"}


def test_every_plan_rule_has_a_failing_case_here() -> None:
    assert {rule.code for rule in plan_rules.RULES} == set(FAILING_CASES)


@pytest.mark.parametrize("code", sorted(FAILING_CASES))
def test_each_plan_rule_reports_its_problem_with_a_hint_at_a_line_of_the_plan(repo: Repo, code: str) -> None:
    approved(repo)
    breaks, reported = FAILING_CASES[code]
    breaks(repo)
    problems = with_code(repo.load(), reported)
    assert problems, repo.load().problems
    for problem in problems:
        assert problem.path == "plans/2027-h1.yml"
        assert problem.is_error is (code not in WARNINGS_ONLY)
        assert problem.hint and problem.message.endswith(".")
        assert problem.line > 1 and problem.column >= 1


def test_problems_of_several_plan_rules_are_reported_together(repo: Repo) -> None:
    approved(repo)
    for code in ("P501", "P502", "P505", "P506"):
        FAILING_CASES[code][0](repo)
    result = repo.load()
    assert set(codes(result)) >= {"P501", "P502", "P505", "P506"}
    assert len(errors(result)) >= 4


def test_the_plan_builders_programs_are_those_the_rules_see(cycle: Repo) -> None:
    cycle_model = cycle.load().model.cycles["2027-h1"]
    assert [p.id for p in cycle_model.programs] == ["selling-by-advice", "leading-a-team"]
    assert SELLING_PROGRAM in cycle.text(PLAN) and LEADING_PROGRAM in cycle.text(PLAN)
