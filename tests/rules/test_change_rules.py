"""Rules that compare with a base revision (P507, P508, N409), on real git repositories.

Each test commits the base of its cycle in a fresh repository in tmp_path, makes its change
(committed, or left in the working tree as in CI), then validates against the base exactly
as `cmap validate --base REV` does: the base's data folders extracted by `git archive`.
The end-to-end tests run the command itself in a child process.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from support.cli import cmap
from support.cycle_builder import (
    COMMUNICATION_ENTRY,
    CYCLE,
    NEEDS,
    PLAN,
    SHENZHEN_NEEDS,
    STATUSES,
    add_cycle,
    add_shenzhen,
    assert_at,
    errors,
    set_status,
    write_plan,
)
from support.git_repos import commit, git, init_repo
from support.repo_builder import Repo, codes, only

from generator import cli
from generator.files.revisions import checkout
from generator.rules import change_rules
from generator.rules.repository import LoadResult, load_repository

SELLING_STATUS = "    cost: 30000\n    owner: zhang-min\n    status: planned\n"
PLANNED_SESSION = """\
      - date: "2027-03-09"
        location: Guangzhou
        capacity: 12
        status: planned
"""
HELD_SESSIONS = """\
      - date: "2027-03-09"
        location: Guangzhou
        capacity: 12
        status: held
        attended: 11
      - date: "2027-03-16"
        location: Guangzhou
        capacity: 4
        status: cancelled
"""
EVALUATION = """\
    evaluation:
      reaction: 4.2
      learning:
        pre: 50
        post: 80
"""
AMENDMENT = """\
amendments:
  - date: "2027-03-01"
    pull_request: 31
    reason: The lecturer's travel costs were left out of the approved figure.
"""
SECOND_AMENDMENT = """\
  - date: "2027-04-01"
    pull_request: 44
    reason: A second session for the reps who missed the first.
"""
FOLLOW_UP = """\
    follow_up:
      level_reached: 3
      headcount_reached: 6
      date: "2027-06-20"
"""


def compare(repo: Repo, revision: str = "HEAD~1") -> LoadResult:
    """The working tree validated against `revision`, as `cmap validate --base` does."""
    with checkout(repo.root, revision) as folder:
        base = load_repository(folder).model
    return load_repository(repo.root, base)


def based(repo: Repo, status: str, *, tail: str = "") -> Repo:
    """A git repository whose first commit holds the cycle at `status`."""
    init_repo(repo.root)
    add_cycle(repo, status, tail=tail)
    commit(repo.root, f"2027-h1 {status}")
    return repo


# --- the base revision is read from git -----------------------------------------------


def test_the_base_is_the_committed_revision_not_the_working_tree(repo: Repo) -> None:
    based(repo, "collecting")
    set_status(repo, "consolidating")
    with checkout(repo.root, "HEAD") as folder:
        assert load_repository(folder).model.cycles[CYCLE].status == "collecting"
        assert not (folder / ".git").exists()
    assert compare(repo, "HEAD").problems == []


def test_without_a_base_no_change_rule_runs(repo: Repo) -> None:
    based(repo, "collecting")
    write_plan(repo, "approved")
    commit(repo.root)
    assert repo.load().problems == []


# --- P507 status moves forward one step at a time --------------------------------------


def test_p507_a_jump_from_collecting_to_approved_is_reported_at_the_status(repo: Repo) -> None:
    based(repo, "collecting")
    write_plan(repo, "approved")
    commit(repo.root, "approve at once")
    result = compare(repo)
    problem = only(result, "P507")
    assert_at(repo, problem, PLAN, "status: approved", column=1)
    assert problem.message == "The status moves from `collecting` to `approved`."
    assert problem.hint == "The next status after `collecting` is `consolidating`."
    assert errors(result) == [f"P507 plans/{CYCLE}.yml:{problem.line}"]


@pytest.mark.parametrize(("before", "after"), list(pairwise(STATUSES)))
def test_p507_passes_for_one_step_forward(repo: Repo, before: str, after: str) -> None:
    based(repo, before)
    write_plan(repo, after)
    commit(repo.root, f"{before} → {after}")
    assert compare(repo).problems == []


@pytest.mark.parametrize(("before", "after", "hint"), [
    ("approved", "in-review", "The next status after `approved` is `in-progress`."),
    ("closed", "in-progress", "A closed cycle stays closed."),
])
def test_p507_a_step_back_is_reported(repo: Repo, before: str, after: str, hint: str) -> None:
    based(repo, before)
    write_plan(repo, after)
    commit(repo.root)
    problem = only(compare(repo), "P507")
    assert problem.message == f"The status moves from `{before}` to `{after}`."
    assert problem.hint == hint


def test_p507_passes_for_a_cycle_that_is_new_in_the_change(repo: Repo) -> None:
    init_repo(repo.root)
    commit(repo.root, "the map only")
    add_cycle(repo, "collecting")
    assert compare(repo, "HEAD").problems == []


# --- P508 an approved plan is frozen --------------------------------------------------

#: What a pull request could change in an approved plan: (text, replacement).
COMMITMENTS = {
    "cost": ("    cost: 30000\n", "    cost: 36000\n"),
    "answers": ("    answers:\n      - guangzhou-branch/sales-manager/team-leadership\n",
                "    answers: []\n"),
    "target": ("      - competency: team-leadership\n        target: 3\n",
               "      - competency: team-leadership\n        target: 4\n"),
    "delivery": ("      mode: coaching\n", "      mode: e-learning\n"),
    "budget-total": ("  total: 100000\n", "  total: 90000\n"),
    "budget-share": ("    guangzhou-branch: 80000\n", "    guangzhou-branch: 70000\n"),
}


@pytest.mark.parametrize("what", sorted(COMMITMENTS))
def test_p508_a_change_to_an_approved_plan_without_an_amendment_is_reported(repo: Repo, what: str) -> None:
    based(repo, "approved")
    repo.replace(PLAN, *COMMITMENTS[what])
    commit(repo.root, f"change the {what}")
    result = compare(repo)
    problem = only(result, "P508")
    assert_at(repo, problem, PLAN, "programs:", column=1)
    assert problem.message == (f"The plan of `{CYCLE}` was approved, and this change alters its "
                               "programs or budget without an amendment.")
    assert "amendments:" in problem.hint
    assert errors(result) == [f"P508 plans/{CYCLE}.yml:{problem.line}"]


@pytest.mark.parametrize("what", sorted(COMMITMENTS))
def test_p508_passes_for_the_same_change_with_a_new_amendment(repo: Repo, what: str) -> None:
    based(repo, "approved")
    repo.replace(PLAN, *COMMITMENTS[what])
    repo.write(PLAN, repo.text(PLAN) + AMENDMENT)
    commit(repo.root, f"amend the {what}")
    result = compare(repo)
    assert errors(result) == [] and "P508" not in codes(result)


def test_p508_an_earlier_amendment_does_not_cover_a_new_change(repo: Repo) -> None:
    based(repo, "in-progress", tail=AMENDMENT)
    repo.replace(PLAN, "    cost: 30000\n", "    cost: 36000\n")
    commit(repo.root, "silent change")
    assert only(compare(repo), "P508").is_error


def test_p508_passes_for_a_second_amendment(repo: Repo) -> None:
    based(repo, "in-progress", tail=AMENDMENT)
    repo.replace(PLAN, "    cost: 30000\n", "    cost: 36000\n")
    repo.write(PLAN, repo.text(PLAN) + SECOND_AMENDMENT)
    commit(repo.root, "amended change")
    assert compare(repo).problems == []


@pytest.mark.parametrize("status", ["approved", "in-progress"])
def test_p508_recording_progress_needs_no_amendment(repo: Repo, status: str) -> None:
    based(repo, "approved")
    set_status(repo, status)
    repo.replace(PLAN, PLANNED_SESSION, HELD_SESSIONS)
    repo.replace(PLAN, SELLING_STATUS, SELLING_STATUS.replace("planned", "delivered") + EVALUATION)
    repo.replace(PLAN, "    cost: 10000\n    owner: zhang-min\n    status: planned\n",
                 "    cost: 10000\n    owner: zhang-min\n    status: running\n")
    commit(repo.root, "sessions held")
    assert compare(repo).problems == []


def test_p508_passes_for_changes_made_in_the_pull_request_that_approves(repo: Repo) -> None:
    based(repo, "in-review")
    write_plan(repo, "approved")
    repo.replace(PLAN, "    cost: 30000\n", "    cost: 36000\n")
    commit(repo.root, "approve with the agreed changes")
    assert compare(repo).problems == []


def test_p508_an_uncommitted_change_is_compared_with_head(repo: Repo) -> None:
    based(repo, "approved")
    repo.replace(PLAN, "  total: 100000\n", "  total: 120000\n")
    assert codes(compare(repo, "HEAD")) == ["P508"]


def test_p508_cancelling_a_program_of_an_approved_plan_needs_an_amendment(repo: Repo) -> None:
    based(repo, "in-progress")
    repo.replace(PLAN, "    cost: 10000\n    owner: zhang-min\n    status: planned\n",
                 "    cost: 10000\n    owner: zhang-min\n    status: cancelled\n")
    repo.write(PLAN, repo.text(PLAN) + "unanswered:\n  - need: guangzhou-branch/sales-manager/"
               "team-leadership\n    reason: The coach left the company.\n")
    commit(repo.root, "cancel a program")
    assert "P508" in codes(compare(repo))


# --- N409 needs are frozen once the cycle stops taking them ---------------------------

#: Edits of Guangzhou's needs: (text, replacement).
NEEDS_EDITS = {
    "headcount": ("    headcount: 8\n", "    headcount: 7\n"),
    "priority": ("    priority: medium\n", "    priority: high\n"),
    "evidence": ("    evidence: Team meetings have no clear goals.\n",
                 "    evidence: Team meetings have no agenda.\n"),
}


@pytest.mark.parametrize(("status", "what"), [("in-review", "headcount"), ("approved", "priority"),
                                               ("closed", "evidence")])
def test_n409_editing_needs_after_consolidation_is_reported_at_the_entries(
        repo: Repo, status: str, what: str) -> None:
    based(repo, status)
    repo.replace(NEEDS, *NEEDS_EDITS[what])
    commit(repo.root, f"edit the {what}")
    result = compare(repo)
    problem = only(result, "N409")
    assert_at(repo, problem, NEEDS, "entries:", column=1)
    assert problem.message == (f"The cycle `{CYCLE}` is `{status}`: its needs can no longer be "
                               "added or changed (only `follow_up` may be filled in).")
    assert "next cycle" in problem.hint
    assert errors(result) == [f"N409 {NEEDS[1:]}:{problem.line}"]


def test_n409_an_entry_added_after_consolidation_is_reported(repo: Repo) -> None:
    based(repo, "in-review")
    repo.write(NEEDS, repo.text(NEEDS) + COMMUNICATION_ENTRY)
    commit(repo.root, "one more need")
    assert only(compare(repo), "N409").path == NEEDS[1:]


def test_n409_a_needs_file_added_after_consolidation_is_reported_even_if_dated_in_time(
        repo: Repo) -> None:
    init_repo(repo.root)
    add_cycle(repo, "in-review")
    add_shenzhen(repo, needs=False)
    commit(repo.root)
    add_shenzhen(repo)                       # dated 2026-12-14, before the due date
    commit(repo.root, "Shenzhen's needs, late")
    result = compare(repo)
    problem = only(result, "N409")
    assert_at(repo, problem, SHENZHEN_NEEDS, "entries:")
    assert "N401" not in codes(result)


@pytest.mark.parametrize("status", ["in-review", "approved", "in-progress", "closed"])
def test_n409_passes_when_only_follow_ups_are_filled_in(repo: Repo, status: str) -> None:
    based(repo, status)
    repo.replace(NEEDS, '    needed_by: "2027-04-30"\n', '    needed_by: "2027-04-30"\n' + FOLLOW_UP)
    repo.write(NEEDS, repo.text(NEEDS) + FOLLOW_UP.replace("headcount_reached: 6", "headcount_reached: 2"))
    commit(repo.root, "follow-ups")
    result = compare(repo)
    assert result.problems == []
    assert all(n.follow_up for n in result.model.cycles[CYCLE].needs)


@pytest.mark.parametrize("status", ["collecting", "consolidating"])
def test_n409_passes_while_the_cycle_takes_needs(repo: Repo, status: str) -> None:
    based(repo, status)
    repo.replace(NEEDS, "    headcount: 8\n", "    headcount: 7\n")
    repo.write(NEEDS, repo.text(NEEDS) + COMMUNICATION_ENTRY)
    commit(repo.root)
    assert compare(repo).problems == []


def test_n409_passes_when_the_pull_request_moves_the_cycle_on(repo: Repo) -> None:
    """Needs edited while consolidating, committed with the move to in-review: the base took needs."""
    based(repo, "consolidating")
    set_status(repo, "in-review")
    commit(repo.root, "to review")
    assert compare(repo).problems == []


# --- every change rule has a case here ------------------------------------------------


def test_every_change_rule_is_covered_here() -> None:
    assert {rule.code for rule in change_rules.RULES} == {"P507", "P508", "N409"}


# --- cmap validate --base, end to end -------------------------------------------------


def test_cmap_validate_base_reports_a_silent_edit_of_an_approved_plan_at_its_line(repo: Repo) -> None:
    based(repo, "approved")
    repo.replace(PLAN, "    cost: 30000\n", "    cost: 36000\n")
    commit(repo.root, "silent edit")
    run = cmap(repo.root, "validate", "--base", "HEAD~1")
    assert run.returncode == 1, run.stdout + run.stderr
    line = repo.line_of(PLAN, "programs:")
    assert (f"plans/{CYCLE}.yml:{line}:1: error P508 The plan of `{CYCLE}` was approved, and this "
            "change alters its programs or budget without an amendment.") in run.stdout
    assert "hint: Add an entry under `amendments:`" in run.stdout
    assert run.stderr == ""


def test_cmap_validate_base_exits_0_on_a_clean_change(repo: Repo) -> None:
    based(repo, "approved")
    set_status(repo, "in-progress")
    repo.replace(PLAN, PLANNED_SESSION, HELD_SESSIONS)
    commit(repo.root, "deliver")
    run = cmap(repo.root, "validate", "--base", "HEAD~1")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("All ") and run.stdout.endswith(" files are valid.\n")


def test_cmap_validate_base_reports_in_github_format(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    based(repo, "approved")
    repo.replace(PLAN, "  total: 100000\n", "  total: 90000\n")
    assert cli.main(["--root", str(repo.root), "validate", "--format", "github", "--base", "HEAD"]) == 1
    line = repo.line_of(PLAN, "programs:")
    assert f"::error file=plans/{CYCLE}.yml,line={line}" in capsys.readouterr().out


def test_cmap_validate_base_with_an_unknown_revision_says_so(repo: Repo) -> None:
    based(repo, "collecting")
    run = cmap(repo.root, "validate", "--base", "HEAD~5")
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith("cmap: git cannot find the revision `HEAD~5`"), run.stderr
    assert "fetch-depth: 0" in run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.parametrize("revision", ["no-such-branch", "0" * 40, "HEAD:plans", "--all"])
def test_an_unknown_revision_is_a_clear_error_in_process(
        repo: Repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        revision: str) -> None:
    monkeypatch.delenv("CMAP_DEBUG", raising=False)
    based(repo, "collecting")
    assert cli.main(["--root", str(repo.root), "validate", f"--base={revision}"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"cmap: git cannot find the revision `{revision}`"), captured.err


def test_validate_base_outside_a_git_repository_says_so(
        repo: Repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CMAP_DEBUG", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo.root.parent))
    add_cycle(repo)
    assert cli.main(["--root", str(repo.root), "validate", "--base", "HEAD"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cmap: git cannot find the revision `HEAD`"), err
    assert "internal error" not in err


def test_a_base_revision_from_before_the_data_existed_is_an_empty_base(repo: Repo) -> None:
    init_repo(repo.root)
    repo.write("/README.md", "# Competency map\n")
    git(repo.root, "add", "README.md")
    git(repo.root, "commit", "-q", "-m", "readme only")
    add_cycle(repo, "approved")
    commit(repo.root, "everything")
    result = compare(repo)
    assert result.problems == []
    assert result.model.cycles[CYCLE].status == "approved"


def test_cmap_validate_base_with_a_symlink_in_the_base_gives_a_clear_answer(repo: Repo) -> None:
    init_repo(repo.root)
    add_cycle(repo)
    (repo.root / "needs" / "notes.yml").symlink_to("/etc/hostname")
    commit(repo.root, "a link")
    here = cmap(repo.root, "validate")
    assert here.returncode == 1 and "needs/notes.yml:1:1: error L114" in here.stdout
    run = cmap(repo.root, "validate", "--base", "HEAD")
    assert run.returncode in (0, 1) and "internal error" not in run.stderr, run.stderr

