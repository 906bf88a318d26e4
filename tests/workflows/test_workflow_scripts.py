"""The workflows' scripts (.github/scripts/), run as the workflows run them.

The approval gate's scripts run against an attack.

The hosting site is played by a bare git repository (`origin`, with the pull request's head
under `refs/pull/N/head`, as GitHub keeps it) and by a stand-in for the `gh` command that
answers the reviews API and records the commit statuses posted. The workflow's checkout is
a clone of the base branch; `cmap` is the base branch's code (the workflow installs it from
that checkout). The pull request rewrites the gate's Python code and its script to always
pass: the verdict must come from the base's code all the same.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT
from support.git_repos import GIT_ENV, git

PLAN = "plans/2027-h1.yml"
APPROVERS = {"department-heads": "liang-zhiqiang", "hr": "yang-fang", "top-management": "chen-guoqiang"}
PR = 87

FAKE_GH = '''\
#!{python}
"""Answers what the gate's scripts ask the hosting site's API."""
import json, os, sys
args = sys.argv[1:]
here = os.environ["FAKE_SITE"]
if "--method" in args and "POST" in args:
    fields = dict(a.split("=", 1) for a in args if "=" in a and not a.startswith("-"))
    with open(os.path.join(here, "statuses.jsonl"), "a") as log:
        url = next(a for a in args if a.startswith("repos/"))
        log.write(json.dumps({{"url": url, **fields}}) + "\\n")
elif any("/reviews" in a for a in args):
    sys.stdout.write(open(os.path.join(here, "reviews.json")).read())
elif any(a.endswith("/pulls") for a in args):
    print(open(os.path.join(here, "open-pulls.txt")).read().strip())
elif args[:2] == ["pr", "list"]:
    known = os.path.join(here, "pull-request.txt")
    print(open(known).read().strip() if os.path.exists(known) else "")
elif args[:2] in (["pr", "create"], ["pr", "edit"]):
    with open(os.path.join(here, "pr-calls.jsonl"), "a") as log:
        log.write(json.dumps(args) + "\\n")
    if args[1] == "create":
        print("https://github.com/jiahe/competency-map/pull/90")
else:
    sys.exit(f"fake gh: unexpected {{args}}")
'''


def executable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def site(tmp_path: Path) -> dict[str, Path]:
    """origin (bare), a developer clone on the pull request's branch, and the fake site."""
    origin, dev, fake = tmp_path / "origin.git", tmp_path / "dev", tmp_path / "site"
    fake.mkdir()
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    dev.mkdir()
    for folder in ("generator", "competency-map", "needs", "plans", "docs", ".github"):
        shutil.copytree(ROOT / folder, dev / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(dev, "init", "-q", "-b", "main", "--template=")
    git(dev, "add", "-A")
    git(dev, "commit", "-q", "--no-gpg-sign", "-m", "base")
    git(dev, "remote", "add", "origin", str(origin))
    git(dev, "push", "-q", "origin", "main")
    git(dev, "checkout", "-q", "-b", "attack")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    executable(bin_dir / "gh", FAKE_GH.format(python=sys.executable))
    return {"origin": origin, "dev": dev, "fake": fake, "bin": bin_dir, "tmp": tmp_path}


def push_pull_request(site: dict[str, Path]) -> str:
    dev = site["dev"]
    git(dev, "add", "-A")
    git(dev, "commit", "-q", "--no-gpg-sign", "-m", "the pull request")
    git(dev, "push", "-q", "--force", "origin", f"HEAD:refs/pull/{PR}/head")
    return git(dev, "rev-parse", "HEAD")


Posted = list[dict[str, str]]


def run_gate(site: dict[str, Path], head: str, reviews: list[dict[str, object]],
             event: str = "pull_request_target") -> tuple[subprocess.CompletedProcess[str], Posted]:
    """The gate job's steps after the checkout: find the pull request, then judge it."""
    workspace = site["tmp"] / "workspace"
    if workspace.exists():
        shutil.rmtree(workspace)
    git(site["tmp"], "clone", "-q", str(site["origin"]), str(workspace))  # actions/checkout
    executable(site["bin"] / "cmap", f"#!/bin/sh\nPYTHONPATH={workspace} exec {sys.executable} "
                                     "-m generator.cli \"$@\"\n")  # installed from the checkout
    (site["fake"] / "reviews.json").write_text(json.dumps(reviews), encoding="utf-8")
    (site["fake"] / "open-pulls.txt").write_text(f"{PR} {head} main\n", encoding="utf-8")
    statuses = site["fake"] / "statuses.jsonl"
    statuses.unlink(missing_ok=True)
    output, summary = site["tmp"] / "output.txt", site["tmp"] / "summary.md"
    output.write_text("", encoding="utf-8")
    env = {**os.environ, **GIT_ENV, "PATH": f"{site['bin']}{os.pathsep}{os.environ['PATH']}",
           "FAKE_SITE": str(site["fake"]), "GITHUB_REPOSITORY": "jiahe/competency-map",
           "GITHUB_SERVER_URL": "https://github.com", "GITHUB_OUTPUT": str(output),
           "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(site["tmp"]),
           "EVENT": event, "PR_NUMBER": str(PR) if event == "pull_request_target" else "",
           "PR_HEAD_SHA": head if event == "pull_request_target" else "",
           "PR_BASE_REF": "main" if event == "pull_request_target" else "",
           "RUN_HEAD_SHA": head, "RUN_HEAD_BRANCH": "attack", "RUN_HEAD_OWNER": "outsider",
           "CONTEXT": "cmap / approval gate", "RUN_URL": "https://example.invalid/run/1"}
    env.pop("GH_TOKEN", None)
    env.pop("PYTHONPATH", None)
    find = subprocess.run([str(workspace / ".github/scripts/find-pull-request.sh")], cwd=workspace,
                          env=env, capture_output=True, text=True, timeout=60)
    assert find.returncode == 0, find.stdout + find.stderr
    found = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    assert found == {"number": str(PR), "head": head, "base": "main"}
    env.update(PR=found["number"], HEAD_SHA=found["head"], BASE_REF=found["base"])
    done = subprocess.run([str(workspace / ".github/scripts/approval-gate.sh")], cwd=workspace,
                          env=env, capture_output=True, text=True, timeout=180)
    assert "Traceback" not in done.stdout + done.stderr
    posted = [json.loads(line) for line in statuses.read_text(encoding="utf-8").splitlines()] \
        if statuses.exists() else []
    return done, posted


def approve_plan(dev: Path) -> None:
    path = dev / PLAN
    text = path.read_text(encoding="utf-8").replace("status: collecting", "status: approved")
    text += "approvals:\n" + "".join(
        f'  - group: {g}\n    handle: {h}\n    date: "2027-01-13"\n    pull_request: {PR}\n'
        for g, h in APPROVERS.items())
    path.write_text(text, encoding="utf-8")


def review(login: str, commit: str, association: str = "MEMBER") -> dict[str, object]:
    return {"user": {"login": login}, "state": "APPROVED", "commit_id": commit,
            "author_association": association, "submitted_at": "2027-01-12T09:00:00Z"}


def test_a_pull_request_that_rewrites_the_gate_still_gets_the_base_branchs_verdict(
        site: dict[str, Path]) -> None:
    dev = site["dev"]
    approve_plan(dev)
    # the attack: the gate's code and script in the pull request say "pass"
    approvals = dev / "generator" / "review" / "approvals.py"
    approvals.write_text(approvals.read_text(encoding="utf-8").replace(
        "return not self.problems", "return True"), encoding="utf-8")
    executable(dev / ".github/scripts/approval-gate.sh", "#!/bin/sh\nexit 0\n")
    head = push_pull_request(site)
    done, posted = run_gate(site, head, reviews=[review("liang-zhiqiang", head)])
    assert done.returncode == 1, done.stdout + done.stderr
    assert posted == [{"url": f"repos/jiahe/competency-map/statuses/{head}", "state": "failure",
                       "context": "cmap / approval gate",
                       "target_url": "https://example.invalid/run/1",
                       "description": "Approvals are missing: see Details"}]
    summary = (site["tmp"] / "summary.md").read_text(encoding="utf-8")
    assert "No member of `hr` (Human resources) has approved this pull request" in summary


def test_every_group_approving_the_head_commit_passes(site: dict[str, Path]) -> None:
    approve_plan(site["dev"])
    head = push_pull_request(site)
    done, posted = run_gate(site, head, [review(h, head) for h in APPROVERS.values()])
    assert done.returncode == 0, done.stdout + done.stderr
    assert [p["state"] for p in posted] == ["success"]


def test_after_a_review_the_pull_request_is_found_by_its_head(site: dict[str, Path]) -> None:
    approve_plan(site["dev"])
    head = push_pull_request(site)
    done, posted = run_gate(site, head, [review(h, head) for h in APPROVERS.values()],
                            event="workflow_run")
    assert done.returncode == 0 and [p["state"] for p in posted] == ["success"]


def test_an_outsider_cannot_approve_through_the_workflow(site: dict[str, Path]) -> None:
    approve_plan(site["dev"])
    head = push_pull_request(site)
    done, posted = run_gate(site, head, [
        review("liang-zhiqiang", head), review("yang-fang", head),
        review("chen-guoqiang", head, association="NONE")])
    assert done.returncode == 1 and [p["state"] for p in posted] == ["failure"]


def test_when_the_gate_cannot_run_the_status_says_error_never_success(site: dict[str, Path]) -> None:
    approve_plan(site["dev"])
    head = push_pull_request(site)
    broken = [{"user": {"login": "x"}, "state": "LGTM"}]  # the API answered nonsense
    done, posted = run_gate(site, head, broken)  # type: ignore[arg-type]
    assert done.returncode not in (0, 1)
    assert [p["state"] for p in posted] == ["error"]


# --- the needs pull request (needs-from-issue.yml) ------------------------------------------

def test_the_needs_pull_request_is_one_commit_of_the_file_and_is_updated_in_place(
        site: dict[str, Path]) -> None:
    workspace = site["tmp"] / "workspace"
    git(site["tmp"], "clone", "-q", str(site["origin"]), str(workspace))
    needs = workspace / "needs" / "2027-h1" / "marketing.yml"
    body = site["tmp"] / "needs.md"
    body.write_text("A need from issue #12.\n", encoding="utf-8")
    output = site["tmp"] / "output.txt"
    branch = "training-needs/issue-12"
    title = 'Training needs of Marketing: "$(touch pwned)" `x` (#12)'
    env = {**os.environ, **GIT_ENV, "PATH": f"{site['bin']}{os.pathsep}{os.environ['PATH']}",
           "FAKE_SITE": str(site["fake"]), "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_OUTPUT": str(output), "GH_TOKEN": "t0ken", "BOT_TOKEN": "",
           "FILE": "needs/2027-h1/marketing.yml", "BRANCH": branch, "TITLE": title,
           "BODY_FILE": str(body), "BASE": "main"}
    script = str(workspace / ".github/scripts/open-needs-pull-request.sh")
    for round_, operation in ((1, "created"), (2, "updated")):
        needs.write_text(needs.read_text(encoding="utf-8") + f"# round {round_}\n", encoding="utf-8")
        (workspace / "stray.txt").write_text("not part of the need\n", encoding="utf-8")
        output.write_text("", encoding="utf-8")
        # a local "remote" takes no credentials: point origin at the bare repository
        done = subprocess.run([script], cwd=workspace, env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        said = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
        assert said["pull-request-operation"] == operation
        (site["fake"] / "pull-request.txt").write_text(said["pull-request-url"], encoding="utf-8")
        pushed = git(site["origin"], "log", "--format=%s", f"main..{branch}")
        assert pushed.splitlines() == [title]  # one commit, rebuilt from main each time
        files = git(site["origin"], "diff", "--name-only", "main", branch)
        assert files.splitlines() == ["needs/2027-h1/marketing.yml"]
        git(workspace, "checkout", "-q", "main")
    assert not (workspace / "pwned").exists()
    calls = [json.loads(line) for line in
             (site["fake"] / "pr-calls.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [c[:2] for c in calls] == [["pr", "create"], ["pr", "edit"]]
    assert calls[0][calls[0].index("--title") + 1] == title
