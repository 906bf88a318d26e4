"""Needs rules N401–N411 (N409 compares with a base revision: see test_change_rules.py).

One failing case per rule (code, file, line, key words of the message) and a passing
near-miss, on the minimal repository with the cycle of `cycle_builder` and one line changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from support.cycle_builder import (
    COMMUNICATION_ENTRY,
    CYCLE,
    GUANGZHOU_NEEDS,
    NEEDS,
    PLAN,
    SHENZHEN,
    add_cycle,
    add_shenzhen,
    assert_at,
    errors,
    needs_path,
    set_status,
    with_code,
    write_needs,
)
from support.repo_builder import Repo, codes, only

from generator.problems import Severity
from generator.rules import needs_rules

SELLING_ENTRY = """\
  - role: sales-rep
    competency: consultative-selling
    current: 2
    target: 3
    headcount: 8
"""

#: sales-rep × team-leadership: a competency outside the sales representative's profile.
OUTSIDE_PROFILE = COMMUNICATION_ENTRY.replace("communication", "team-leadership")

FOLLOW_UP = """\
    needed_by: "2027-04-30"
    follow_up:
      level_reached: 3
      headcount_reached: 8
      date: "2027-06-20"
"""


@pytest.fixture
def cycle(repo: Repo) -> Repo:
    """The minimal repository with the cycle 2027-h1 (collecting) and Guangzhou's needs."""
    return add_cycle(repo)


def change(repo: Repo, old: str, new: str) -> None:
    repo.replace(NEEDS, old, new)


def follow_up(repo: Repo, **fields: str) -> None:
    """Give the first entry a follow-up, with some of its lines changed."""
    text = FOLLOW_UP
    for key, value in fields.items():
        line = next(x for x in text.splitlines() if x.strip().startswith(f"{key}:"))
        text = text.replace(line, line.split(":")[0] + f": {value}")
    change(repo, '    needed_by: "2027-04-30"\n', text)


def test_the_cycle_of_the_builder_is_valid_with_no_warnings(cycle: Repo) -> None:
    result = cycle.load()
    assert result.problems == []
    assert len(result.model.cycles[CYCLE].needs) == 2


# --- N401 the cycle exists and takes needs --------------------------------------------


def test_n401_needs_for_an_undeclared_cycle_are_reported_at_the_top_of_the_file(cycle: Repo) -> None:
    write_needs(cycle, cycle="2028-h1")
    rel = needs_path(cycle="2028-h1")
    problem = only(cycle.load(), "N401")
    assert_at(cycle, problem, rel, "submitted_by:", column=1)
    assert problem.message == "There is no training cycle `2028-h1`."
    assert "plans/2028-h1.yml" in problem.hint and "cmap new cycle 2028-h1" in problem.hint


def test_n401_passes_when_the_cycle_file_exists_but_is_broken(cycle: Repo) -> None:
    cycle.write("/plans/2028-h1.yml", "id: 2028-h1\ntitle: [unclosed\n")
    write_needs(cycle, cycle="2028-h1")
    problems = cycle.load().problems
    assert {p.path for p in problems} == {"plans/2028-h1.yml"}, problems


@pytest.mark.parametrize("status", ["in-review", "approved", "in-progress", "closed"])
def test_n401_needs_submitted_after_the_cycle_stopped_taking_them_are_reported_at_the_date(
        cycle: Repo, status: str) -> None:
    set_status(cycle, status)
    change(cycle, 'submitted_on: "2026-12-10"', 'submitted_on: "2027-01-09"')
    problem = only(cycle.load(), "N401")
    assert_at(cycle, problem, NEEDS, "submitted_on:", column=1)
    assert problem.message == (f"The cycle `{CYCLE}` stopped taking needs on 2027-01-08 "
                               f"(its status is {status}).")
    assert "next cycle" in problem.hint


@pytest.mark.parametrize(("status", "day"), [
    ("in-review", "2027-01-08"),       # on the review day itself
    ("closed", "2026-12-10"),          # submitted in time, long ago
    ("collecting", "2027-01-20"),      # late, but the cycle still takes needs
    ("consolidating", "2027-01-20"),
])
def test_n401_passes_for_needs_in_time_or_while_the_cycle_takes_needs(
        cycle: Repo, status: str, day: str) -> None:
    set_status(cycle, status)
    change(cycle, 'submitted_on: "2026-12-10"', f'submitted_on: "{day}"')
    assert "N401" not in codes(cycle.load())


def test_n401_falls_back_to_the_due_date_when_there_is_no_review_date(cycle: Repo) -> None:
    set_status(cycle, "in-review")
    cycle.replace(PLAN, 'review_on: "2027-01-08"\n', "")
    change(cycle, 'submitted_on: "2026-12-10"', 'submitted_on: "2026-12-16"')
    assert "stopped taking needs on 2026-12-15" in only(cycle.load(), "N401").message


# --- N402 the file is named after a department ------------------------------------------


def test_n402_a_file_named_after_no_department_is_reported_with_a_suggestion(cycle: Repo) -> None:
    write_needs(cycle, "guangzhou")
    rel = needs_path("guangzhou")
    problem = only(cycle.load(), "N402")
    assert_at(cycle, problem, rel, "submitted_by:")
    assert "there is no `guangzhou`" in problem.message
    assert problem.hint.startswith("Did you mean `guangzhou-branch.yml`?")
    assert "competency-map/departments/" in problem.hint


def test_n402_passes_for_a_department_without_staff_that_has_no_needs(cycle: Repo) -> None:
    write_needs(cycle, "jiahe", 'submitted_by: wang-lei\nsubmitted_on: "2026-12-01"\nentries: []\n')
    assert cycle.load().problems == []


# --- N403 the role is staffed, for at least the headcount ------------------------------


def test_n403_a_role_not_staffed_in_the_department_is_reported_at_the_role(cycle: Repo) -> None:
    add_shenzhen(cycle, needs=False)              # Shenzhen staffs sales reps only
    body = GUANGZHOU_NEEDS.replace("li-wei", "sun-li")
    write_needs(cycle, SHENZHEN, body)
    rel = needs_path(SHENZHEN)
    problem = only(cycle.load(), "N403")
    assert_at(cycle, problem, rel, "- role: sales-manager", column=5)
    assert problem.message == "`Shenzhen branch` has no `sales-manager` in its staffing."
    assert "competency-map/departments/shenzhen-branch.yml" in problem.hint


def test_n403_a_headcount_above_the_staffing_is_reported_at_the_headcount(cycle: Repo) -> None:
    change(cycle, "headcount: 8", "headcount: 13")
    problem = only(cycle.load(), "N403")
    assert_at(cycle, problem, NEEDS, "headcount: 13", column=5)
    assert problem.message == ("13 people is more than the 12 `sales-rep` staffed in "
                               "`Guangzhou branch`.")


def test_n403_passes_for_every_person_of_the_role(cycle: Repo) -> None:
    change(cycle, "headcount: 8", "headcount: 12")
    assert cycle.load().problems == []


def test_n403_an_unknown_role_is_reported_with_a_suggestion(cycle: Repo) -> None:
    change(cycle, "  - role: sales-rep", "  - role: sales-reps")
    problem = only(cycle.load(), "R303")
    assert_at(cycle, problem, NEEDS, "- role: sales-reps", column=5)
    assert problem.message == "There is no role `sales-reps`."
    assert problem.hint.startswith("Did you mean `sales-rep`?")


# --- N404 levels on the scale, target above current -----------------------------------


def test_n404_levels_off_the_scale_are_reported_each_at_its_line(cycle: Repo) -> None:
    change(cycle, SELLING_ENTRY, SELLING_ENTRY.replace("current: 2", "current: 7")
           .replace("target: 3", "target: 8"))
    problems = with_code(cycle.load(), "N404")
    assert [p.line for p in problems] == [cycle.line_of(NEEDS, "current: 7"),
                                          cycle.line_of(NEEDS, "target: 8")]
    assert problems[0].message == "Level 7 is not on the scale of `consultative-selling`."
    assert problems[0].hint == "Use one of its levels: 1, 2, 3, 4."


@pytest.mark.parametrize(("current", "target"), [(3, 3), (3, 2)])
def test_n404_a_target_not_above_the_current_level_is_reported_at_the_target(
        cycle: Repo, current: int, target: int) -> None:
    change(cycle, SELLING_ENTRY, SELLING_ENTRY.replace("current: 2", f"current: {current}")
           .replace("target: 3", f"target: {target}"))
    problem = only(cycle.load(), "N404")
    assert_at(cycle, problem, NEEDS, f"target: {target}", column=5)
    assert problem.message == (f"The target level {target} is not above the current level "
                               f"{current}: there is no gap.")


def test_n404_passes_from_the_bottom_to_the_top_of_the_scale(cycle: Repo) -> None:
    change(cycle, SELLING_ENTRY, SELLING_ENTRY.replace("current: 2", "current: 1")
           .replace("target: 3", "target: 4\n    justification: They coach the new reps."))
    assert cycle.load().problems == []


# --- N405 beyond the role's profile only with a justification ---------------------------


def test_n405_a_target_above_the_required_level_is_reported_at_the_target(cycle: Repo) -> None:
    change(cycle, SELLING_ENTRY, SELLING_ENTRY.replace("target: 3", "target: 4"))
    problem = only(cycle.load(), "N405")
    assert_at(cycle, problem, NEEDS, "target: 4", column=5)
    assert problem.message == ("The target 4 is above the level 3 that `Sales representative` "
                               "requires.")
    assert "Use target 3" in problem.hint and "justification:" in problem.hint


def test_n405_a_competency_outside_the_profile_is_reported_at_the_competency(cycle: Repo) -> None:
    cycle.write(NEEDS, cycle.text(NEEDS) + OUTSIDE_PROFILE)
    problem = only(cycle.load(), "N405")
    assert_at(cycle, problem, NEEDS, "competency: team-leadership", occurrence=2, column=5)
    assert problem.message == "`team-leadership` is not in the profile of `Sales representative`."
    assert "justification:" in problem.hint


@pytest.mark.parametrize(("current", "target"), [(2, 5), (4, 4)], ids=["off-scale", "no-gap"])
def test_n405_waits_while_n404_reports_the_levels_of_the_same_entry(
        cycle: Repo, current: int, target: int) -> None:
    change(cycle, SELLING_ENTRY, SELLING_ENTRY.replace("current: 2", f"current: {current}")
           .replace("target: 3", f"target: {target}"))
    assert "N404" in codes(cycle.load())
    assert "N405" not in codes(cycle.load())


JUSTIFICATION = "    justification: They stand in for the manager on the weekend shifts.\n"


def test_n405_passes_for_a_target_above_the_required_level_with_a_justification(cycle: Repo) -> None:
    change(cycle, SELLING_ENTRY, SELLING_ENTRY.replace("target: 3", "target: 4") + JUSTIFICATION)
    assert cycle.load().problems == []


def test_n405_passes_for_a_competency_outside_the_profile_with_a_justification(cycle: Repo) -> None:
    cycle.write(NEEDS, cycle.text(NEEDS) + OUTSIDE_PROFILE + JUSTIFICATION)
    assert cycle.load().problems == []


# --- N406 one entry per role and competency -------------------------------------------


def test_n406_a_repeated_role_and_competency_is_reported_at_the_repeat(cycle: Repo) -> None:
    cycle.write(NEEDS, cycle.text(NEEDS) + COMMUNICATION_ENTRY.replace("communication",
                                                                       "consultative-selling"))
    problem = only(cycle.load(), "N406")
    assert_at(cycle, problem, NEEDS, "- role: sales-rep", occurrence=2, column=5)
    assert problem.message == "`sales-rep` × `consultative-selling` is already entry 1."
    assert "Merge" in problem.hint


def test_n406_passes_for_the_same_role_with_another_competency(cycle: Repo) -> None:
    cycle.write(NEEDS, cycle.text(NEEDS) + COMMUNICATION_ENTRY)
    assert cycle.load().problems == []


def test_n406_passes_for_the_same_competency_in_another_role(cycle: Repo) -> None:
    cycle.write(NEEDS, cycle.text(NEEDS) + COMMUNICATION_ENTRY.replace("sales-rep", "sales-manager")
                .replace("communication", "consultative-selling").replace("target: 2", "target: 4")
                .replace("current: 1", "current: 3").replace("headcount: 3", "headcount: 1"))
    assert cycle.load().problems == []


# --- N407 dates are real days ---------------------------------------------------------


@pytest.mark.parametrize(("key", "old", "day"), [
    ("submitted_on", "2026-12-10", "2027-02-30"),
    ("needed_by", "2027-04-30", "2027-02-30"),
    ("needed_by", "2027-04-30", "2026-13-01"),
], ids=["submitted_on", "needed_by", "month-13"])
def test_n407_an_impossible_date_is_reported_at_its_line(cycle: Repo, key: str, old: str, day: str) -> None:
    change(cycle, f'{key}: "{old}"', f'{key}: "{day}"')
    problem = only(cycle.load(), "N407")
    assert_at(cycle, problem, NEEDS, f"{key}:")
    assert problem.message == f"{day} is not a day in the calendar."
    assert "YYYY-MM-DD" in problem.hint


def test_n407_an_impossible_follow_up_date_is_reported_at_the_follow_up(cycle: Repo) -> None:
    follow_up(cycle, date='"2027-02-30"')
    problem = only(cycle.load(), "N407")
    assert_at(cycle, problem, NEEDS, 'date: "2027-02-30"', column=7)
    assert not with_code(cycle.load(), "N410")


def test_n407_passes_for_a_leap_day(cycle: Repo) -> None:
    change(cycle, 'needed_by: "2027-04-30"', 'needed_by: "2028-02-29"')
    assert cycle.load().problems == []


# --- N408 submitted by the head (warning) ---------------------------------------------


def test_n408_needs_submitted_by_someone_else_are_a_warning_only(cycle: Repo) -> None:
    change(cycle, "submitted_by: li-wei", "submitted_by: zhao-ping")
    result = cycle.load()
    problem = only(result, "N408")
    assert problem.severity is Severity.WARNING
    assert_at(cycle, problem, NEEDS, "submitted_by:", column=1)
    assert problem.message == "`zhao-ping` is not the head of `Guangzhou branch` (`li-wei`)."
    assert "competency-map/departments/guangzhou-branch.yml" in problem.hint
    assert result.ok


def test_n408_passes_for_a_member_of_the_training_team(cycle: Repo) -> None:
    change(cycle, "submitted_by: li-wei", "submitted_by: zhang-min")
    assert cycle.load().problems == []


# --- N410 follow-ups ------------------------------------------------------------------


def test_n410_a_level_reached_off_the_scale_is_reported(cycle: Repo) -> None:
    follow_up(cycle, level_reached="5")
    problem = only(cycle.load(), "N410")
    assert_at(cycle, problem, NEEDS, "level_reached: 5", column=7)
    assert problem.message == "Level 5 is not on the scale of `consultative-selling`."
    assert "1, 2, 3, 4" in problem.hint


def test_n410_more_people_reaching_the_target_than_the_need_concerns_is_reported(cycle: Repo) -> None:
    follow_up(cycle, headcount_reached="9")
    problem = only(cycle.load(), "N410")
    assert_at(cycle, problem, NEEDS, "headcount_reached: 9", column=7)
    assert problem.message == "9 people reached the target, but the need concerns 8."


def test_n410_a_follow_up_dated_before_the_submission_is_reported(cycle: Repo) -> None:
    follow_up(cycle, date='"2026-12-09"')
    problem = only(cycle.load(), "N410")
    assert_at(cycle, problem, NEEDS, 'date: "2026-12-09"', column=7)
    assert problem.message == ("The follow-up (2026-12-09) is dated before the needs were "
                               "submitted (2026-12-10).")


def test_n410_passes_for_every_person_on_the_submission_day_at_any_level(cycle: Repo) -> None:
    follow_up(cycle, date='"2026-12-10"', level_reached="1")
    assert cycle.load().problems == []


# --- N411 not dated after the day of the check ----------------------------------------


def test_n411_needs_dated_after_the_check_are_a_warning_at_the_date(cycle: Repo) -> None:
    problem = only(cycle.load(today=date(2026, 12, 9)), "N411")
    assert_at(cycle, problem, NEEDS, "submitted_on:", column=1)
    assert problem.severity is Severity.WARNING
    assert problem.message == "The needs are dated 2026-12-10, after today (2026-12-09)."


def test_n411_passes_for_needs_dated_on_the_day_of_the_check(cycle: Repo) -> None:
    assert cycle.load(today=date(2026, 12, 10)).problems == []


# --- aggregated per role: no room for names --------------------------------------------


@pytest.mark.parametrize("field", ["employee: Zhang San", "names: [Zhang San, Li Si]",
                                   "ratings: {zhang-san: 2}"])
def test_an_entry_cannot_hold_names_or_individual_ratings(cycle: Repo, field: str) -> None:
    change(cycle, "    priority: high\n", f"    priority: high\n    {field}\n")
    result = cycle.load()
    assert errors(result) == [f"S201 {NEEDS[1:]}:{cycle.line_of(NEEDS, field)}"]


# --- across rules ---------------------------------------------------------------------

#: Rule → (how to break the cycle, the code the problem is reported under).
FAILING_CASES: dict[str, tuple[Callable[[Repo], object], str]] = {
    "N401": (lambda r: write_needs(r, cycle="2031"), "N401"),
    "N402": (lambda r: write_needs(r, "nowhere"), "N402"),
    "N403": (lambda r: change(r, "headcount: 8", "headcount: 99"), "N403"),
    "N404": (lambda r: change(r, SELLING_ENTRY, SELLING_ENTRY.replace("current: 2", "current: 3")), "N404"),
    "N405": (lambda r: change(r, "target: 3\n    headcount: 8", "target: 4\n    headcount: 8"), "N405"),
    "N406": (lambda r: r.write(NEEDS, r.text(NEEDS) + COMMUNICATION_ENTRY.replace(
        "communication", "consultative-selling")), "N406"),
    "N407": (lambda r: change(r, '"2027-04-30"', '"2027-04-31"'), "N407"),
    "N408": (lambda r: change(r, "submitted_by: li-wei", "submitted_by: chen-jing"), "N408"),
    "N410": (lambda r: follow_up(r, headcount_reached="80"), "N410"),
    "N411": (lambda r: change(r, 'submitted_on: "2026-12-10"', 'submitted_on: "2028-01-05"'), "N411"),
}


def test_every_needs_rule_has_a_failing_case_here() -> None:
    assert {rule.code for rule in needs_rules.RULES} == set(FAILING_CASES)


@pytest.mark.parametrize("code", sorted(FAILING_CASES))
def test_each_needs_rule_reports_a_problem_with_a_hint_at_a_line(cycle: Repo, code: str) -> None:
    breaks, reported = FAILING_CASES[code]
    breaks(cycle)
    problems = with_code(cycle.load(), reported)
    assert len(problems) == 1, cycle.load().problems
    problem = problems[0]
    assert problem.path.startswith("needs/")
    assert problem.hint and problem.message.endswith(".")
    assert problem.line >= 2 and problem.column >= 1


def test_problems_of_several_needs_rules_are_reported_together(cycle: Repo) -> None:
    for code in ("N404", "N403", "N407", "N408"):
        FAILING_CASES[code][0](cycle)
    result = cycle.load()
    assert set(codes(result)) >= {"N403", "N404", "N407", "N408"}
    assert result.problems == sorted(result.problems)


#: Guangzhou's needs, its first entry broken for the schema (a headcount in words).
BROKEN_FIRST_ENTRY = ("headcount: 8", "headcount: eight")


def test_a_schema_error_in_one_entry_leaves_the_rules_of_the_others_in_the_same_run(
        cycle: Repo) -> None:
    change(cycle, *BROKEN_FIRST_ENTRY)
    change(cycle, "competency: team-leadership", "competency: team-leadrship")
    result = cycle.load()
    assert errors(result) == [f"S201 {NEEDS[1:]}:{cycle.line_of(NEEDS, 'headcount: eight')}",
                              f"R303 {NEEDS[1:]}:{cycle.line_of(NEEDS, 'team-leadrship')}"]
    assert "Did you mean `team-leadership`?" in only(result, "R303").hint


def test_entries_after_a_broken_one_are_numbered_as_in_the_file(cycle: Repo) -> None:
    change(cycle, *BROKEN_FIRST_ENTRY)
    cycle.write(NEEDS, cycle.text(NEEDS) + COMMUNICATION_ENTRY.replace(
        "role: sales-rep", "role: sales-manager").replace("communication", "team-leadership"))
    problem = only(cycle.load(), "N406")
    assert_at(cycle, problem, NEEDS, "- role: sales-manager", occurrence=2, column=5)
    assert problem.message == "`sales-manager` × `team-leadership` is already entry 2."


def test_a_schema_error_outside_the_entries_stops_the_rules_of_the_file(cycle: Repo) -> None:
    change(cycle, "submitted_by: li-wei", "submitted_by: Li Wei")
    change(cycle, "competency: team-leadership", "competency: team-leadrship")
    assert codes(cycle.load()) == ["S201"]
