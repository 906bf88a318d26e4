"""The GitHub files: workflows and the issue form are valid against the public schemas for
them (SchemaStore's, vendored in tests/fixtures/schemas/), and do what the review process
needs; the pre-commit hook and the pull-request templates are in place."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ROOT
from support.github_files import ACTION_PIN, errors, installed, load, scripts, steps, vendored

from generator import cli

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
SCRIPTS = GITHUB / "scripts"
#: Triggers whose runs hold the base repository's token and secrets.
PRIVILEGED = {"pull_request_target", "workflow_run", "issues", "push", "workflow_dispatch"}
#: Triggers whose workflow file and code come from the pull request itself.
PULL_REQUEST_OWN = {"pull_request", "pull_request_review", "pull_request_review_comment"}
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)


# --- the public schemas ---------------------------------------------------------------

def test_the_expected_files_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["approval-gate.yml", "needs-from-issue.yml", "publish.yml",
                                           "review-submitted.yml", "validate.yml"]
    assert [p.name for p in FORMS] == ["model-change.yml", "submit-training-needs.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_are_valid_against_schemastore(path: Path) -> None:
    assert errors(vendored("github-workflow.json"), load(path)) == []


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_forms_are_valid_against_schemastore(path: Path) -> None:
    assert errors(vendored("github-issue-forms.json"), load(path)) == []


@pytest.mark.parametrize("path", [*WORKFLOWS, *FORMS], ids=lambda p: p.name)
def test_they_are_valid_against_check_jsonschemas_copies_too(path: Path) -> None:
    name = "github-workflows.json" if path.parent.name == "workflows" else "github-issue-forms.json"
    assert errors(installed(name), load(path)) == []


def test_the_schemas_catch_a_mistake() -> None:
    """The check is not vacuous: a typo in a key fails."""
    workflow = load(GITHUB / "workflows" / "publish.yml")
    workflow["jobs"]["build"]["runs_on"] = workflow["jobs"]["build"].pop("runs-on")
    assert errors(vendored("github-workflow.json"), workflow)
    form = load(FORMS[0])
    form["body"][1]["type"] = "text"
    assert errors(vendored("github-issue-forms.json"), form)


# --- what the workflows do ------------------------------------------------------------

def test_validate_runs_every_check_on_pull_requests_with_a_read_only_token() -> None:
    workflow = load(GITHUB / "workflows" / "validate.yml")
    assert set(workflow["on"]) == {"pull_request", "workflow_dispatch"}
    assert workflow["permissions"] == {} and list(workflow["jobs"]) == ["validate"]
    job = workflow["jobs"]["validate"]
    assert job["permissions"] == {"contents": "read"}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    text = "\n".join(scripts({"jobs": {"v": job}}))
    assert 'cmap validate --format github --base "origin/$BASE_REF"' in text
    assert "cmap codeowners --check" in text
    assert "cmap build" in text and 'pytest -m "not browser"' in text
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_no_workflow_of_the_pull_requests_own_context_judges_approvals() -> None:
    """A check computed by the pull request's own code could say anything."""
    for path in WORKFLOWS:
        workflow = load(path)
        if not set(workflow["on"]) & PULL_REQUEST_OWN:
            continue
        text = "\n".join([*scripts(workflow), *referenced_scripts(workflow).values()])
        assert "cmap approvals" not in text and "statuses" not in text, path.name


def test_the_review_relay_holds_no_permissions_and_runs_nothing_of_the_pull_request() -> None:
    relay = load(GITHUB / "workflows" / "review-submitted.yml")
    assert relay["on"] == {"pull_request_review": {"types": ["submitted", "dismissed"]}}
    assert relay["permissions"] == {}
    assert all("permissions" not in job for job in relay["jobs"].values())
    assert not any("uses" in step for step in steps(relay))
    assert scripts(relay) == ['echo "The approval gate checks this pull request again, from the base '
                              'branch."']


def test_the_approval_gate_runs_from_the_base_on_pushes_and_after_reviews() -> None:
    gate = load(GITHUB / "workflows" / "approval-gate.yml")
    assert gate["on"]["pull_request_target"]["types"] == ["opened", "synchronize", "reopened",
                                                          "edited"]
    assert gate["on"]["workflow_run"] == {"workflows": ["review submitted"], "types": ["completed"]}
    assert gate["permissions"] == {}
    job = gate["jobs"]["gate"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "read", "statuses": "write"}
    assert "pull_request_review" in job["if"]
    assert job["env"]["CONTEXT"] == "cmap / approval gate"
    assert [s["run"] for s in job["steps"] if s.get("run", "").startswith(".github/scripts/")] == [
        ".github/scripts/find-pull-request.sh", ".github/scripts/approval-gate.sh"]
    gate_script = (SCRIPTS / "approval-gate.sh").read_text(encoding="utf-8")
    assert 'cmap approvals --base "origin/$BASE_REF" --head "$HEAD_SHA" --pull-request "$PR"' \
        in gate_script


def referenced_scripts(workflow: dict[str, Any]) -> dict[str, str]:
    """The text of the .github/scripts/ files a workflow runs, by name."""
    return {name: (SCRIPTS / name).read_text(encoding="utf-8") for script in scripts(workflow)
            if script.startswith(".github/scripts/") for name in [Path(script.split()[0]).name]}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_privileged_workflows_never_check_out_or_install_the_pull_requests_code(path: Path) -> None:
    workflow = load(path)
    if not set(workflow["on"]) & PRIVILEGED:
        return
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            # the default ref of these events is the base (or default) branch: trusted code
            assert not {"ref", "repository"} & set(step.get("with", {})), (path.name, step)
    for script in scripts(workflow):
        for line in script.splitlines():
            if "pip install" in line:
                assert re.fullmatch(r"\s*python -m pip install (--require-hashes -r requirements/"
                                    r"(site|ci)\.txt|--no-deps --no-build-isolation (-e )?\.)",
                                    line), (path.name, line)
    for name, text in referenced_scripts(workflow).items():
        assert "pip install" not in text and "git checkout" not in text, name
        if name != "open-needs-pull-request.sh":  # a new branch of the default branch's files
            assert "git switch" not in text and "git worktree" not in text, name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_states_its_permissions_and_no_checkout_keeps_the_token(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, path.name
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, (path.name, name)
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.fullmatch(r"\s+(actions|checks|contents|deployments|id-token|issues|packages|pages|"
                        r"pull-requests|security-events|statuses): (read|write)",
                        line.split("#")[0].rstrip()):
            assert "# " in line, f"{path.name}: say why: {line.strip()}"


def test_publish_deploys_with_the_official_pages_actions() -> None:
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    pages = ("actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
             "actions/deploy-pages")
    uses = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    assert [u for u in uses if u in pages] == list(pages)  # in this order
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["steps"][0]["with"]["fetch-depth"] == 0
    assert "python -m pip install --require-hashes -r requirements/site.txt" in build["steps"][2]["run"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_the_issue_workflow_never_pastes_the_issue_into_a_script() -> None:
    workflow = load(GITHUB / "workflows" / "needs-from-issue.yml")
    assert workflow["on"]["issues"]["types"] == ["opened", "edited", "labeled"]
    for script in scripts(workflow):
        for expression in EXPRESSION.findall(script):
            assert "issue.body" not in expression and "issue.title" not in expression
    text = "\n".join(scripts(workflow))
    assert 'cmap import issue-form "$GITHUB_EVENT_PATH"' in text
    assert ".github/scripts/open-needs-pull-request.sh" in text
    opener = next(s for s in steps(workflow) if s.get("id") == "pr")
    assert opener["env"]["BOT_TOKEN"] == "${{ secrets.CMAP_BOT_TOKEN }}"
    assert workflow["jobs"]["needs"]["environment"] == "training-needs-bot"


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it() -> None:
    for path in WORKFLOWS:
        uses = [line.strip().removeprefix("- ") for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip().removeprefix("- ").startswith("uses:")]
        for line in uses:
            assert ACTION_PIN.fullmatch(line), (path.name, line)
    assert len({ACTION_PIN.fullmatch(u) is not None for u in uses}) == 1


def test_every_zizmor_exception_says_why() -> None:
    text = (GITHUB / "zizmor.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("- "):
            assert lines[number - 1].strip().startswith("#"), line


def test_every_cmap_command_in_a_workflow_exists() -> None:
    commands = cli._parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    texts = [script for path in WORKFLOWS for script in scripts(load(path))]
    texts += [line for path in SCRIPTS.glob("*.sh")
              for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    used = {m.group(1) for text in texts for m in re.finditer(r"\bcmap ([a-z-]+)", text)}
    assert used and used <= set(commands)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_every_script_is_valid_bash() -> None:
    for path in WORKFLOWS:
        for script in scripts(load(path)):
            plain = EXPRESSION.sub("x", script)
            done = subprocess.run(["bash", "-n"], input=plain, capture_output=True, text=True,
                                  timeout=30, check=False)
            assert done.returncode == 0, (path.name, done.stderr, script)


def test_the_workflow_scripts_pass_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck", path=f"{Path(sys.executable).parent}{os.pathsep}"
                                                  f"{os.environ.get('PATH', '')}")
    assert shellcheck, "shellcheck comes with the test tools: pip install -e '.[test]'"
    scripts_ = sorted(SCRIPTS.glob("*.sh"))
    assert [p.name for p in scripts_] == ["approval-gate.sh", "fetch-pull-request.sh",
                                          "find-pull-request.sh", "open-needs-pull-request.sh"]
    done = subprocess.run([shellcheck, "--severity=style", *map(str, scripts_)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout
    assert all(p.stat().st_mode & 0o111 for p in scripts_), "the workflows run them directly"


# --- pre-commit and pull-request templates --------------------------------------------

def test_the_pre_commit_hook_validates_data_changes_only() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["cmap-validate"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("cmap validate", "python",
                                                                          False)
    pattern = re.compile(hook["files"])
    assert all(pattern.search(p) for p in ("competency-map/roles/x.yml", "needs/2027-h1/a.yml",
                                           "plans/2027-h1.yml"))
    assert not any(pattern.search(p) for p in ("docs/x.md", "generator/cli.py", "x/needs/a.yml"))
    assert hooks["cmap-codeowners"]["entry"] == "cmap codeowners --check"


def test_there_is_a_pull_request_template_per_change_type() -> None:
    folder = GITHUB / "PULL_REQUEST_TEMPLATE"
    assert sorted(p.name for p in folder.iterdir()) == ["model.md", "needs.md", "plan.md"]
    assert "approvals:" in (folder / "plan.md").read_text(encoding="utf-8")


# --- the CI entry point -------------------------------------------------------------------

def test_ci_runs_the_readmes_test_command_in_a_virtual_environment_made_for_the_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Install and run the tests:\n\n```sh\n(.+)\n```", readme)
    assert found, "the README's test command is missing"
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines() if line.strip() and not line.startswith("#")]

    def at(pattern: str) -> int:
        matching = [n for n, line in enumerate(lines) if re.fullmatch(pattern, line)]
        assert len(matching) == 1, (pattern, matching)
        return matching[0]

    steps = [at(r'venv="\$\(mktemp -d .*\)"'), at(r'python3 -m venv "\$venv".*'),
             at(r'source "\$venv/bin/activate"'), at(re.escape(found.group(1))),
             at(r"ruff check generator tests bench"), at(r"mypy")]
    assert steps == sorted(steps), lines
