"""The approval gate (`cmap approvals`) on reviews recorded from the hosting site's API.

The fixtures in tests/fixtures/github/ are what `GET /repos/{o}/{r}/pulls/{n}/reviews`
returns; the plans are the example company's, copied into tmp_path and changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap

from generator.problems import CmapError
from generator.review.approvals import Gate, check
from generator.review.reviews import effective, parse_reviews, read_reviews
from generator.rules.repository import load_repository

FIXTURES = ROOT / "tests" / "fixtures" / "github"
PR41 = FIXTURES / "reviews-pr41-plan-2026-h1.json"
ALL_GROUPS = FIXTURES / "reviews-pr87-all-groups.json"
TWO_GROUPS = FIXTURES / "reviews-pr87-one-person-two-groups.json"
DISMISSED = FIXTURES / "reviews-pr87-dismissed.json"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def approve(approvals: list[tuple[str, str, int]], status: str = "approved") -> str:
    """The 2027-h1 plan's text with this status and these (group, handle, PR) approvals."""
    text = (ROOT / "plans" / "2027-h1.yml").read_text(encoding="utf-8")
    text = text.replace("status: collecting", f"status: {status}")
    if approvals:
        text += "approvals:\n" + "".join(
            f'  - group: {g}\n    handle: {h}\n    date: "2027-01-13"\n    pull_request: {n}\n'
            for g, h, n in approvals)
    return text


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for folder in ("competency-map", "needs", "plans"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def write_plan(root: Path, text: str) -> None:
    (root / "plans" / "2027-h1.yml").write_text(text, encoding="utf-8")


def gate(root: Path, reviews: Path, pull_request: int | None = None, cycle: str = "2027-h1") -> Gate:
    return check(load_repository(root).model, cycle, read_reviews(reviews), pull_request)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV}, timeout=60)


# --- reading reviews ----------------------------------------------------------------------

def test_reviews_are_read_as_one_array_as_pages_and_as_slurped_pages() -> None:
    items = json.loads(PR41.read_text(encoding="utf-8"))
    one = parse_reviews(json.dumps(items), "r.json")
    pages = parse_reviews(json.dumps(items[:2]) + "\n" + json.dumps(items[2:]), "r.json")
    slurped = parse_reviews(json.dumps([items[:4], items[4:]]), "r.json")
    assert [r.login for r in one] == [r.login for r in pages] == [r.login for r in slurped]
    assert len(one) == 6 and parse_reviews("", "r.json") == []


@pytest.mark.parametrize(("text", "words"), [
    ("{not json", "is not JSON"),
    ('"reviews"', "holds str where a list of reviews belongs"),
    ('[{"user": {"login": "a"}, "state": "LGTM"}]', "has the state 'LGTM'"),
    ("[3]", "is not an object"),
])
def test_a_file_that_is_not_reviews_is_a_clear_error(text: str, words: str) -> None:
    with pytest.raises(CmapError, match=words):
        parse_reviews(text, "reviews.json")


def test_the_latest_deciding_review_of_each_person_counts() -> None:
    latest = effective(read_reviews(PR41))
    # changes requested, then approved: approved
    assert latest["liang-zhiqiang"].state == "APPROVED"
    # approved, then a comment: still approved, as on the hosting site
    assert latest["chen-guoqiang"].state == "APPROVED"
    # only a comment: no stance
    assert "zhang-hui" not in latest
    dismissed = effective(read_reviews(DISMISSED))
    assert dismissed["yang-fang"].state == "DISMISSED"
    assert "gao-yan" not in dismissed  # a pending review is not submitted
    everyone = effective(read_reviews(ALL_GROUPS))
    assert "liang-zhiqiang" in everyone  # logins compare without case
    assert "former-employee" not in everyone  # a deleted account ("ghost") has no login


def test_approved_then_changes_requested_is_not_an_approval() -> None:
    base = json.loads(PR41.read_text(encoding="utf-8"))
    later = {**base[1], "state": "CHANGES_REQUESTED", "submitted_at": "2026-03-01T00:00:00Z"}
    assert effective(parse_reviews(json.dumps([*base, later]), "r"))["yang-fang"].state \
        == "CHANGES_REQUESTED"


# --- the gate -----------------------------------------------------------------------------

def test_the_example_plan_approved_in_41_matches_its_reviews() -> None:
    for number in (None, 41):
        result = gate(ROOT, PR41, number, cycle="2026-h1")
        assert result.ok and result.required, result.problems
        assert [(g.group.id, g.approver, g.recorded) for g in result.groups] == [
            ("department-heads", "liang-zhiqiang", True), ("hr", "yang-fang", True),
            ("top-management", "chen-guoqiang", True)]


def test_a_plan_in_review_shows_who_approved_and_who_may_still(example: Path) -> None:
    write_plan(example, approve([], status="collecting"))
    result = gate(example, DISMISSED, 87)
    assert result.ok and not result.required
    by_group = {g.group.id: g for g in result.groups}
    assert by_group["department-heads"].approver == "liang-zhiqiang"
    assert not by_group["department-heads"].recorded
    assert by_group["hr"].approver == "" and by_group["hr"].candidates == ("gao-yan", "li-wei",
                                                                           "yang-fang")


def test_a_plan_approved_by_too_few_groups_fails(example: Path) -> None:
    write_plan(example, approve([("department-heads", "liang-zhiqiang", 87),
                                 ("top-management", "chen-guoqiang", 87)]))
    result = gate(example, DISMISSED, 87)
    assert not result.ok
    assert result.problems == [
        "No member of `hr` (Human resources) has approved this pull request. Ask one of "
        "@gao-yan, @li-wei, @yang-fang to approve it."]


def test_a_recorded_approval_without_a_real_review_fails(example: Path) -> None:
    write_plan(example, approve([("department-heads", "liang-zhiqiang", 87), ("hr", "yang-fang", 87),
                                 ("top-management", "xie-hong", 87)]))
    result = gate(example, DISMISSED, 87)
    assert "The plan records an approval by @yang-fang for `hr` in pull request #87, but in the " \
           "reviews @yang-fang had the approval dismissed." in result.problems[0]
    assert "The plan records an approval by @xie-hong for `top-management` in pull request #87, " \
           "but in the reviews @xie-hong has not approved." in result.problems[1]
    # chen-guoqiang approved for top management, so only hr is still missing
    assert result.problems[2].startswith("No member of `hr`") and len(result.problems) == 3


def test_one_person_may_not_count_for_two_groups(example: Path) -> None:
    # wang-jianguo heads sales (a department head) and sits in top management
    write_plan(example, approve([("hr", "yang-fang", 87), ("department-heads", "wang-jianguo", 87),
                                 ("top-management", "wang-jianguo", 87)]))
    result = gate(example, TWO_GROUPS, 87)
    assert not result.ok
    assert any("and also for `department-heads`: one person approves for one group only" in p
               for p in result.problems)
    missing = [g for g in result.groups if not g.approver]
    assert [g.group.id for g in missing] == ["top-management"]
    assert "@wang-jianguo approved, but already counts for another group" in missing[0].note


def test_without_records_the_person_still_counts_once(example: Path) -> None:
    write_plan(example, approve([], status="approved"))
    result = gate(example, TWO_GROUPS, 87)
    approvers = [g.approver for g in result.groups if g.approver]
    assert sorted(approvers) == ["wang-jianguo", "yang-fang"]
    assert len(result.problems) == 1 and "one person approves for one group only" in result.problems[0]


def test_matching_finds_a_distinct_approver_for_every_group(example: Path) -> None:
    # wang-jianguo could count for either group; liang-zhiqiang only for department heads
    write_plan(example, approve([("hr", "yang-fang", 87)]))
    result = gate(example, ALL_GROUPS, 87)
    assert result.ok, result.problems
    assert {g.group.id: g.approver for g in result.groups}["department-heads"] in (
        "liang-zhiqiang", "wang-jianguo")
    assert len({g.approver for g in result.groups}) == 3


def test_approvals_of_an_earlier_pull_request_are_not_checked_with_its_number(example: Path) -> None:
    result = gate(ROOT, ALL_GROUPS, 87, cycle="2026-h1")
    assert result.ok, result.problems  # PR 41's approvals are not PR 87's business
    assert all(not g.recorded for g in result.groups)


# --- against a base revision, and the command ---------------------------------------------

@pytest.fixture
def history(example: Path) -> Path:
    write_plan(example, approve([], status="in-review"))
    git(example, "init", "-q", "--template=")
    git(example, "add", "-A")
    git(example, "commit", "-q", "--no-gpg-sign", "-m", "plan in review")
    return example


def test_the_pull_request_that_approves_must_carry_every_group(history: Path) -> None:
    write_plan(history, approve([("hr", "yang-fang", 86), ("department-heads", "liang-zhiqiang", 87),
                                 ("top-management", "chen-guoqiang", 87)]))
    done = cmap(history, "approvals", "--plan", "2027-h1", "--reviews", str(ALL_GROUPS),
                "--pull-request", "87", "--base", "HEAD")
    assert done.returncode == 1
    assert "This pull request moves the plan to `approved`" in done.stdout
    assert ("The plan records an approval by @yang-fang for `hr` in pull request #86, but this is "
            "pull request #87.") in done.stdout
    write_plan(history, approve([("hr", "yang-fang", 87), ("department-heads", "liang-zhiqiang", 87),
                                 ("top-management", "chen-guoqiang", 87)]))
    done = cmap(history, "approvals", "--plan", "2027-h1", "--reviews", str(ALL_GROUPS),
                "--pull-request", "87", "--base", "HEAD", "--format", "markdown")
    assert done.returncode == 0, done.stdout
    assert "- [x] **Human resources** (`hr`): approved by @yang-fang, recorded in the plan" \
        in done.stdout
    assert "Every required group has approved, each by a different person." in done.stdout


def test_without_a_plan_every_plan_changed_since_the_base_is_checked(history: Path) -> None:
    unchanged = cmap(history, "approvals", "--base", "HEAD", "--reviews", str(ALL_GROUPS))
    assert unchanged.returncode == 0 and "No plan changed since HEAD" in unchanged.stdout
    write_plan(history, approve([]))
    done = cmap(history, "approvals", "--base", "HEAD", "--reviews", str(DISMISSED),
                "--pull-request", "87")
    assert done.returncode == 1 and done.stdout.startswith("Approval of the plan 2027-h1")
    assert "2026-h1" not in done.stdout
    neither = cmap(history, "approvals", "--reviews", str(ALL_GROUPS))
    assert neither.returncode == 1 and "--plan CYCLE, or --base REV" in neither.stderr


def test_progress_on_an_approved_plan_needs_no_new_approval(history: Path) -> None:
    write_plan(history, approve([("hr", "yang-fang", 87), ("department-heads", "liang-zhiqiang", 87),
                                 ("top-management", "chen-guoqiang", 87)]))
    git(history, "commit", "-q", "-a", "--no-gpg-sign", "-m", "approved")
    text = (history / "plans" / "2027-h1.yml").read_text(encoding="utf-8")
    write_plan(history, text.replace("status: approved", "status: in-progress"))
    done = cmap(history, "approvals", "--plan", "2027-h1", "--reviews", str(DISMISSED),
                "--pull-request", "95", "--base", "HEAD")
    assert done.returncode == 0, done.stdout
    assert "neither approves nor amends it" in done.stdout
    amended = text.replace("status: approved", "status: in-progress") + (
        'amendments:\n  - date: "2027-04-02"\n    pull_request: 95\n    reason: A vendor withdrew.\n')
    write_plan(history, amended)
    done = cmap(history, "approvals", "--plan", "2027-h1", "--reviews", str(DISMISSED),
                "--pull-request", "95", "--base", "HEAD")
    assert done.returncode == 1 and "amends the approved plan" in done.stdout
    assert "No member of `hr` (Human resources) has approved this pull request" in done.stdout


def test_the_command_explains_its_failures_without_a_traceback(example: Path) -> None:
    missing = cmap(example, "approvals", "--plan", "2027-h1", "--reviews", "nowhere.json")
    assert missing.returncode == 1 and "nowhere.json does not exist" in missing.stderr
    assert "gh api --paginate" in missing.stderr
    unknown = cmap(example, "approvals", "--plan", "2027-hl", "--reviews", str(PR41))
    assert unknown.returncode == 1
    assert "there is no plan `2027-hl` (plans/2027-hl.yml). Did you mean `2027-h1`?" in unknown.stderr
    usage = cmap(example, "approvals", "--plan", "2027-h1")
    assert usage.returncode == 2 and "--reviews" in usage.stderr
    bad = example / "bad.json"
    bad.write_text("<html>rate limited</html>", encoding="utf-8")
    done = cmap(example, "approvals", "--plan", "2027-h1", "--reviews", str(bad))
    assert done.returncode == 1 and "is not JSON" in done.stderr
