"""The `.github/` that `cmap init` writes into a company's repository, held to the checks of
cmap's own (tests/workflows/test_workflows.py): SchemaStore's schemas, zizmor as an auditor,
actions pinned by commit, and an approval gate that never checks out, installs or runs the
pull request's code. The difference: cmap is installed as the base branch's
requirements.txt names it, not from the checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.github_files import ACTION_PIN, errors, installed, load, scripts, steps, vendored

from generator.starter.content import Starter, render_files

PRIVILEGED = {"pull_request_target", "workflow_run", "issues", "push", "workflow_dispatch"}
INSTALL = "python -m pip install -r requirements.txt"


@pytest.fixture(scope="module")
def github(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("company")
    for rel, data in render_files(Starter("Northwind Trading", year=2027), root).files.items():
        if rel.startswith(".github/"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
    return root / ".github"


def workflows(github: Path) -> list[Path]:
    return sorted((github / "workflows").glob("*.yml"))


def test_the_workflows_and_the_form_are_valid_against_schemastore(github: Path) -> None:
    assert [p.name for p in workflows(github)] == [
        "approval-gate.yml", "needs-from-issue.yml", "publish.yml", "review-submitted.yml",
        "validate.yml"]
    for path in workflows(github):
        assert errors(vendored("github-workflow.json"), load(path)) == [], path.name
        assert errors(installed("github-workflows.json"), load(path)) == [], path.name
    form = load(github / "ISSUE_TEMPLATE" / "submit-training-needs.yml")
    assert errors(vendored("github-issue-forms.json"), form) == []


def test_zizmor_as_an_auditor_reports_nothing(github: Path) -> None:
    zizmor = shutil.which("zizmor", path=f"{Path(sys.executable).parent}{os.pathsep}"
                                          f"{os.environ.get('PATH', '')}")
    assert zizmor, "zizmor comes with the test tools: pip install -e '.[test]'"
    done = subprocess.run([zizmor, "--offline", "--persona=auditor", str(github)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_privileged_workflows_install_only_the_base_branch_s_pinned_cmap(github: Path) -> None:
    for path in workflows(github):
        workflow: dict[str, Any] = load(path)
        if not set(workflow["on"]) & PRIVILEGED:
            continue
        for step in steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert not {"ref", "repository"} & set(step.get("with", {})), path.name
                assert step["with"]["persist-credentials"] is False, path.name
        installs = [line.strip() for script in scripts(workflow) for line in script.splitlines()
                    if "pip install" in line]
        assert installs and set(installs) == {INSTALL}, (path.name, installs)


def test_validation_runs_on_pull_requests_with_a_read_only_token_and_no_tests(github: Path) -> None:
    workflow = load(github / "workflows" / "validate.yml")
    job = workflow["jobs"]["validate"]
    assert workflow["permissions"] == {} and job["permissions"] == {"contents": "read"}
    text = "\n".join(scripts(workflow))
    assert INSTALL in text and "cmap validate --format github" in text
    assert "cmap codeowners --check" in text and "cmap build" in text and "pytest" not in text


def test_every_action_is_pinned_to_a_commit(github: Path) -> None:
    for path in workflows(github):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().removeprefix("- ").startswith("uses:"):
                assert ACTION_PIN.fullmatch(line.strip().removeprefix("- ")), (path.name, line)


def test_dependabot_proposes_actions_and_cmap_updates(github: Path) -> None:
    updates = load(github / "dependabot.yml")["updates"]
    assert [(u["package-ecosystem"], u["directory"]) for u in updates] == [
        ("github-actions", "/"), ("pip", "/")]
    assert all(u["cooldown"]["default-days"] >= 7 for u in updates)
    assert re.search(r"approval-gate\.yml", (github / "zizmor.yml").read_text(encoding="utf-8"))
