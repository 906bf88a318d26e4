"""The approval gate as the workflow runs it: base and head are real git commits.

Each test builds a repository in a temporary folder (the example company's data), commits
the base on `main`, makes the pull request's commits on a branch, writes the reviews the
hosting site's API would return (with the commit each was given on and the author's
association), and runs `cmap approvals --base main --head SHA` as a subprocess from a
checkout of the base, the way the trusted workflow does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap
from support.git_repos import commit, git

PLAN = "plans/2027-h1.yml"
GROUPS = {"department-heads": "liang-zhiqiang", "hr": "yang-fang", "top-management": "chen-guoqiang"}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def approved_plan(root: Path, pull_request: int = 87, approvers: dict[str, str] = GROUPS) -> None:
    """Move 2027-h1 to approved and record an approval per group, as the training manager does."""
    edit(root, PLAN, "status: collecting", "status: approved")
    text = (root / PLAN).read_text(encoding="utf-8")
    text += "approvals:\n" + "".join(
        f'  - group: {g}\n    handle: {h}\n    date: "2027-01-13"\n    pull_request: {pull_request}\n'
        for g, h in approvers.items())
    (root / PLAN).write_text(text, encoding="utf-8")


def reviews(path: Path, *given: tuple[str, str, str] | tuple[str, str, str, str]) -> Path:
    """The reviews API's answer: (login, state, commit[, author_association]) per review."""
    items = []
    for number, review in enumerate(given):
        login, state, sha = review[:3]
        association = review[3] if len(review) == 4 else "MEMBER"
        items.append({"id": 1000 + number, "user": {"login": login, "type": "User"},
                      "state": state, "commit_id": sha, "author_association": association,
                      "submitted_at": f"2027-01-12T0{number % 10}:00:00Z", "body": ""})
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example's data on `main`, and a branch `pr` checked out for the pull request."""
    root = tmp_path / "repo"
    root.mkdir()
    for folder in ("competency-map", "needs", "plans", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    git(root, "init", "-q", "-b", "main", "--template=")
    commit(root, "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def gate(root: Path, head: str, review_file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`cmap approvals` as the trusted workflow runs it: from the base, on the head's data."""
    git(root, "checkout", "-q", "main")
    try:
        return cmap(root, "approvals", "--base", "main", "--head", head, "--pull-request", "87",
                    "--reviews", str(review_file), *extra)
    finally:
        git(root, "checkout", "-q", "pr")


# --- finding 2: approvals given on an earlier commit ----------------------------------------

def test_approvals_given_before_the_budget_was_raised_no_longer_count(repo: Path, tmp_path: Path) -> None:
    approved_plan(repo)
    reviewed = commit(repo, "approve the plan")
    given = reviews(tmp_path / "r.json", *((h, "APPROVED", reviewed) for h in GROUPS.values()))
    assert gate(repo, reviewed, given).returncode == 0
    edit(repo, PLAN, "total: 650000", "total: 9650000")
    raised = commit(repo, "raise the budget")
    done = gate(repo, raised, given)
    assert done.returncode == 1, done.stdout
    assert f"it was given on commit {reviewed[:10]}, and `{PLAN}` changed since" in done.stdout
    assert "No member of `hr` (Human resources) has approved this pull request" in done.stdout


def test_a_commit_that_only_touches_a_guide_keeps_the_approvals(repo: Path, tmp_path: Path) -> None:
    approved_plan(repo)
    reviewed = commit(repo, "approve the plan")
    (repo / "docs" / "running-a-training-cycle.md").write_text("# Shorter guide\n", encoding="utf-8")
    later = commit(repo, "reword a guide")
    given = reviews(tmp_path / "r.json", *((h, "APPROVED", reviewed) for h in GROUPS.values()))
    done = gate(repo, later, given)
    assert done.returncode == 0, done.stdout
    assert "Every required group has approved, each by a different person." in done.stdout


def test_a_new_need_in_the_cycle_makes_earlier_approvals_stale(repo: Path, tmp_path: Path) -> None:
    approved_plan(repo)
    reviewed = commit(repo, "approve the plan")
    needs = repo / "needs" / "2027-h1"
    first = sorted(needs.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# a note\n", encoding="utf-8")
    later = commit(repo, "touch a needs file")
    given = reviews(tmp_path / "r.json", *((h, "APPROVED", reviewed) for h in GROUPS.values()))
    done = gate(repo, later, given)
    assert done.returncode == 1 and "`needs/2027-h1` changed since" in done.stdout


def test_an_approval_on_a_commit_the_repository_lacks_does_not_count(repo: Path, tmp_path: Path) -> None:
    approved_plan(repo)
    head = commit(repo, "approve the plan")
    gone = "0123456789abcdef0123456789abcdef01234567"
    given = reviews(tmp_path / "r.json", ("yang-fang", "APPROVED", gone),
                    *((h, "APPROVED", head) for g, h in GROUPS.items() if g != "hr"))
    done = gate(repo, head, given)
    assert done.returncode == 1
    assert "which this repository does not hold" in done.stdout


# --- finding 3: the pull request's own governance is not believed ---------------------------

def test_dropping_a_group_from_plan_approvers_does_not_lower_the_bar(repo: Path, tmp_path: Path) -> None:
    edit(repo, "competency-map/governance.yml", "  - top-management\n", "")
    approved_plan(repo, approvers={g: h for g, h in GROUPS.items() if g != "top-management"})
    head = commit(repo, "approve without top management")
    given = reviews(tmp_path / "r.json", ("liang-zhiqiang", "APPROVED", head),
                    ("yang-fang", "APPROVED", head))
    done = gate(repo, head, given)
    assert done.returncode == 1
    assert "No member of `top-management` (Top management) has approved" in done.stdout
    # and the change of governance itself needs every model owner group of the base
    assert "Change of competency-map/governance.yml in pull request #87" in done.stdout
    assert "No member of `training` (Training department) has approved" in done.stdout


def test_a_friend_added_to_a_group_by_the_pull_request_does_not_count(repo: Path, tmp_path: Path) -> None:
    edit(repo, "competency-map/governance.yml", "      - chen-guoqiang\n",
         "      - chen-guoqiang\n      - friend-of-author\n")
    approved_plan(repo, approvers={**GROUPS, "top-management": "friend-of-author"})
    head = commit(repo, "approve with a friend")
    given = reviews(tmp_path / "r.json", ("liang-zhiqiang", "APPROVED", head),
                    ("yang-fang", "APPROVED", head), ("friend-of-author", "APPROVED", head))
    done = gate(repo, head, given)
    assert done.returncode == 1
    assert ("@friend-of-author is not a member of `top-management` in "
            "competency-map/governance.yml of the base revision") in done.stdout
    assert "@friend-of-author (approved): not a member of any group this change needs" in done.stdout


def test_a_governance_change_approved_by_every_model_owner_group_passes(repo: Path, tmp_path: Path) -> None:
    edit(repo, "competency-map/governance.yml", "      - chen-guoqiang\n",
         "      - chen-guoqiang\n      - new-director\n")
    head = commit(repo, "a new director")
    given = reviews(tmp_path / "r.json", ("zhang-hui", "APPROVED", head), ("gao-yan", "APPROVED", head))
    done = gate(repo, head, given)
    assert done.returncode == 0, done.stdout
    assert "[x] Training department (training): approved by @zhang-hui" in done.stdout
    assert "[x] Human resources (hr): approved by @gao-yan" in done.stdout


def test_validate_against_the_base_requires_the_base_approver_groups(repo: Path) -> None:
    edit(repo, "competency-map/governance.yml", "  - top-management\n", "")
    approved_plan(repo, approvers={g: h for g, h in GROUPS.items() if g != "top-management"})
    commit(repo, "approve without top management")
    done = cmap(repo, "validate", "--base", "main")
    assert done.returncode == 1
    assert "error P506 The plan is `approved` but has no recorded approval from `top-management`" \
        in done.stdout


# --- finding 4: reviews from outside the repository ----------------------------------------

def test_reviews_by_people_outside_the_repository_do_not_count(repo: Path, tmp_path: Path) -> None:
    approved_plan(repo)
    head = commit(repo, "approve the plan")
    given = reviews(tmp_path / "r.json", ("liang-zhiqiang", "APPROVED", head),
                    ("yang-fang", "APPROVED", head, "NONE"),
                    ("chen-guoqiang", "APPROVED", head, "FIRST_TIME_CONTRIBUTOR"))
    done = gate(repo, head, given)
    assert done.returncode == 1
    assert ("@yang-fang (approved): the author does not belong to the repository (association: "
            "none); only its owner, the organisation's members and invited collaborators "
            "approve") in done.stdout
    assert "association: first time contributor" in done.stdout
    assert "No member of `hr` (Human resources) has approved" in done.stdout


# --- finding 7: deleting or renaming an approved plan ----------------------------------------

def test_deleting_an_approved_plan_needs_every_approver_group(repo: Path, tmp_path: Path) -> None:
    git(repo, "rm", "-q", "plans/2026-h1.yml")
    head = commit(repo, "remove the closed plan")
    nobody = reviews(tmp_path / "r.json")
    done = gate(repo, head, nobody)
    assert done.returncode == 1, done.stdout
    assert "Removal of the plan 2026-h1 in pull request #87, which was closed." in done.stdout
    approve_all = reviews(tmp_path / "all.json", *((h, "APPROVED", head) for h in GROUPS.values()))
    assert gate(repo, head, approve_all).returncode == 0


def test_renaming_an_approved_plan_is_a_removal(repo: Path, tmp_path: Path) -> None:
    git(repo, "mv", "plans/2026-h1.yml", "plans/2026-h1-archive.yml")
    edit(repo, "plans/2026-h1-archive.yml", "id: 2026-h1", "id: 2026-h1-archive")
    head = commit(repo, "rename the plan")
    done = gate(repo, head, reviews(tmp_path / "r.json"))
    assert done.returncode == 1
    assert "Removal of the plan 2026-h1" in done.stdout


def test_removing_a_draft_plan_needs_no_approval(repo: Path, tmp_path: Path) -> None:
    git(repo, "rm", "-q", "-r", "plans/2027-h1.yml", "needs/2027-h1")
    head = commit(repo, "drop the draft cycle")
    done = gate(repo, head, reviews(tmp_path / "r.json"))
    assert done.returncode == 0, done.stdout
    assert "not approved yet: removing it needs no approval" in done.stdout


def test_the_semantic_diff_says_the_plan_was_removed(repo: Path) -> None:
    git(repo, "rm", "-q", "plans/2026-h1.yml")
    commit(repo, "remove the closed plan")
    done = cmap(repo, "diff", "main", "HEAD")
    assert done.returncode == 0
    assert "**Removed** the plan" in done.stdout


# --- the head's data comes from git, never from the working tree ---------------------------

def test_the_gate_reads_the_head_from_git_not_from_the_checkout(repo: Path, tmp_path: Path) -> None:
    approved_plan(repo)
    head = commit(repo, "approve the plan")
    given = reviews(tmp_path / "r.json")
    git(repo, "checkout", "-q", "main")
    # The base checkout's working tree says nothing changed; the head commit does.
    done = cmap(repo, "approvals", "--base", "main", "--head", head, "--reviews", str(given))
    assert done.returncode == 1 and "This pull request moves the plan to `approved`" in done.stdout


def test_an_unknown_head_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    done = cmap(repo, "approvals", "--base", "main", "--head", "f" * 40, "--reviews",
                str(reviews(tmp_path / "r.json")))
    assert done.returncode == 1 and "git cannot find the revision" in done.stderr


def test_a_head_whose_plan_does_not_load_fails_the_gate(repo: Path, tmp_path: Path) -> None:
    edit(repo, PLAN, "status: collecting", "status: [approved")
    head = commit(repo, "break the plan")
    done = gate(repo, head, reviews(tmp_path / "r.json"))
    assert done.returncode == 1
    assert "`plans/2027-h1.yml` has errors, so the gate cannot tell what it needs" in done.stdout


def test_deleting_plan_approvers_and_approving_without_reviews_fails_twice(
        repo: Path, tmp_path: Path) -> None:
    edit(repo, "competency-map/governance.yml",
         "plan_approvers:\n  - department-heads\n  - hr\n  - top-management\n", "")
    edit(repo, PLAN, "status: collecting", "status: approved")
    head = commit(repo, "no approvers, approved")
    validated = cmap(repo, "validate", "--base", "main")
    assert validated.returncode == 1
    assert "error S201 `plan_approvers` is missing." in validated.stdout
    done = gate(repo, head, reviews(tmp_path / "r.json"))
    assert done.returncode == 1
    for group in ("department-heads", "hr", "top-management", "training"):
        assert f"No member of `{group}`" in done.stdout, group


def test_a_base_without_model_owners_cannot_approve_a_governance_change() -> None:
    from generator.model.competency_map import Governance, Group
    from generator.review.approvals import check_governance

    governance = Governance((Group("hr", "HR", ("li-wei",)),), model_owners=(), plan_approvers=("hr",))
    result = check_governance([], 5, governance=governance)
    assert not result.ok
    assert "lists no `model_owners`, so nobody can approve this" in result.problems[0]
