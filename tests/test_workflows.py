"""The GitHub files: workflows and the issue form are valid against the public schemas for
them (SchemaStore's, vendored in tests/fixtures/schemas/), and do what the review process
needs; the pre-commit hook and the pull-request templates are in place."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)


class Yaml12Loader(yaml.SafeLoader):
    """YAML as GitHub reads it (1.2 core): `on` is a key, not true; dates stay text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                                   list("tf"))


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)  # a SafeLoader


def errors(schema: dict[str, Any], document: Any) -> list[str]:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)]


def vendored(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def installed(name: str) -> dict[str, Any]:
    """The copy that check-jsonschema ships, which may be newer than ours."""
    try:
        from importlib.resources import files

        text = (files("check_jsonschema") / "builtin_schemas" / "vendor" / name).read_text(
            encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("check-jsonschema is not installed; the vendored schemas are checked above")
    schema: dict[str, Any] = json.loads(text)
    return schema


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def scripts(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


# --- the public schemas ---------------------------------------------------------------

def test_the_expected_files_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["approval-gate.yml", "needs-from-issue.yml", "publish.yml",
                                           "validate.yml"]
    assert [p.name for p in FORMS] == ["submit-training-needs.yml"]


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

def test_validate_runs_every_check_on_pull_requests() -> None:
    workflow = load(GITHUB / "workflows" / "validate.yml")
    assert set(workflow["on"]) == {"pull_request", "workflow_dispatch"}
    job = workflow["jobs"]["validate"]
    assert job["permissions"]["pull-requests"] == "write"
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    text = "\n".join(scripts({"jobs": {"v": job}}))
    assert 'cmap validate --format github --base "origin/$BASE_REF"' in text
    assert "cmap codeowners --check" in text
    assert 'cmap diff "origin/$BASE_REF" HEAD' in text and "$GITHUB_STEP_SUMMARY" in text
    assert "cmap build" in text and 'pytest -m "not browser"' in text
    comment = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/github-script@"))
    assert "<!-- cmap-review -->" in comment["with"]["script"]
    assert "updateComment" in comment["with"]["script"]
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    gate = workflow["jobs"]["approvals"]
    gate_text = "\n".join(scripts({"jobs": {"g": gate}}))
    assert "gh api --paginate" in gate_text
    assert 'cmap approvals --base "origin/$BASE_REF" --pull-request "$PR"' in gate_text


def test_the_approval_gate_runs_again_on_every_review_with_the_same_job() -> None:
    on_push = load(GITHUB / "workflows" / "validate.yml")["jobs"]["approvals"]
    on_review = load(GITHUB / "workflows" / "approval-gate.yml")
    assert on_review["on"] == {"pull_request_review": {"types": ["submitted", "dismissed"]}}
    again = on_review["jobs"]["approvals"]
    assert again["name"] == on_push["name"] == "Approval gate"  # one check, the latest wins
    assert {k: v for k, v in on_push.items() if k != "if"} == again


def test_publish_deploys_with_the_official_pages_actions() -> None:
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    pages = ("actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
             "actions/deploy-pages")
    uses = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    assert [u for u in uses if u in pages] == list(pages)  # in this order
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["steps"][0]["with"]["fetch-depth"] == 0
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
    assert any(s.get("uses", "").startswith("peter-evans/create-pull-request@")
               for s in steps(workflow))


def test_every_action_is_pinned_to_a_version() -> None:
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), (path.name, step["uses"])


def test_every_cmap_command_in_a_workflow_exists() -> None:
    commands = cli._parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    used = {m.group(1) for path in WORKFLOWS for script in scripts(load(path))
            for m in re.finditer(r"\bcmap ([a-z-]+)", script)}
    assert used and used <= set(commands)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_every_script_is_valid_bash() -> None:
    for path in WORKFLOWS:
        for script in scripts(load(path)):
            plain = EXPRESSION.sub("x", script)
            done = subprocess.run(["bash", "-n"], input=plain, capture_output=True, text=True,
                                  timeout=30, check=False)
            assert done.returncode == 0, (path.name, done.stderr, script)


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
