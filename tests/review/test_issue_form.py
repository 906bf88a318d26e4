"""`cmap import issue-form`: the "Submit training needs" issue form → a needs file.

The event is a recorded `issues` payload (tests/fixtures/github/issue-needs.json): the body
is what the hosting site renders from the form's answers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from support import ROOT
from support.cli import cmap
from support.issue_events import EVENT, TODAY

from generator.paths import ISSUE_FORM
from generator.problems import CmapError
from generator.review.issue_form import FIELDS, answers, import_issue, read_event
from generator.rules.repository import load_repository

NEW_FILE = "needs/2027-h1/shanghai-branch.yml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for folder in ("competency-map", "needs", "plans"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def event_with(tmp_path: Path, **replace: str) -> Path:
    """The recorded event with parts of its body replaced: name="old text→new text"."""
    event = json.loads(EVENT.read_text(encoding="utf-8"))
    body = event["issue"]["body"]
    for pair in replace.values():
        old, new = pair.split("→", 1)
        assert old in body, old
        body = body.replace(old, new)
    event["issue"]["body"] = body
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def test_the_forms_labels_are_the_ones_the_command_reads() -> None:
    form = yaml.safe_load((ROOT / ISSUE_FORM).read_text(encoding="utf-8"))
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    labels = [f["attributes"]["label"] for f in fields if f["type"] != "checkboxes"]
    assert labels == list(FIELDS)
    assert [f["id"] for f in fields if f["type"] != "checkboxes"] == list(FIELDS.values())
    assert form["labels"] == ["training-needs"]


def test_the_rendered_body_is_read_by_label() -> None:
    issue = read_event(EVENT)
    assert (issue.number, issue.author) == (93, "zhou-jun")
    given = answers(issue.body)
    assert given["Department"] == "Shanghai branch" and given["Role"] == "Shopping guide"
    assert given["Current level"] == "2 — Developing"
    assert given["Justification"] == ""  # "_No response_"
    assert given["Evidence"].startswith("In the November mystery shopping") and "\r" not in \
        given["Evidence"]


def test_a_submitted_form_becomes_a_valid_needs_file(example: Path) -> None:
    outcome = import_issue(example, EVENT, TODAY)
    assert outcome.ok, outcome.report
    assert outcome.message == ("Added Shopping guide × Consultative selling to "
                               f"{NEW_FILE} (new file).")
    assert outcome.outputs == {
        "file": NEW_FILE, "cycle": "2027-h1", "department": "shanghai-branch",
        "branch": "training-needs/issue-93",
        "title": "Training needs of Shanghai branch for 2027-h1: Shopping guide × Consultative "
                 "selling (#93)"}
    data = yaml.safe_load((example / NEW_FILE).read_text(encoding="utf-8"))
    assert data["submitted_by"] == "zhou-jun" and data["submitted_on"] == "2026-12-08"
    assert data["entries"] == [{
        "role": "shopping-guide", "competency": "consultative-selling", "current": 2, "target": 3,
        "headcount": 31, "priority": "high", "delivery": "coaching", "needed_by": "2027-04-30",
        "evidence": "In the November mystery shopping, 31 of 148 guides sold the premium heat-pump "
                    "dryer on price alone: no needs questions, no running-cost comparison. Attach "
                    "rate of the installation package is 11 points below Guangzhou."}]
    assert load_repository(example).ok
    assert "Closes #93" in outcome.report and "| Level | 2 → 3 (the role requires 3) |" in outcome.report


def test_a_need_is_added_to_an_existing_file_without_touching_it(example: Path,
                                                                 tmp_path: Path) -> None:
    path = example / "needs" / "2027-h1" / "marketing.yml"
    before = path.read_text(encoding="utf-8")
    event = event_with(tmp_path, dept="Shanghai branch→marketing", role="Shopping guide→"
                       "Marketing specialist", comp="consultative-selling→market-analysis",
                       people="\n31\n→\n5\n")
    outcome = import_issue(example, event, TODAY)
    assert outcome.ok, outcome.message
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and after.count("- role:") == 4
    assert outcome.outputs["file"] == "needs/2027-h1/marketing.yml"
    assert "Adds to `needs/2027-h1/marketing.yml`" in outcome.report
    again = import_issue(example, event, TODAY)
    assert again.ok and not again.outputs and "already" in again.message
    assert path.read_text(encoding="utf-8") == after


def test_wrong_answers_are_reported_by_the_forms_labels(example: Path, tmp_path: Path) -> None:
    event = event_with(tmp_path, role="Shopping guide→shoping-guide", day="2027-04-30→30/4/2027",
                       evidence="In the November→[x](javascript:alert(1)) @everyone In the November")
    outcome = import_issue(example, event, TODAY)
    assert not outcome.ok and not (example / NEW_FILE).exists()
    assert "- **Role**: There is no role `shoping-guide`. Did you mean `shopping-guide`?" \
        in outcome.report
    assert "- **Needed by**: `30/4/2027` is not a day written as YYYY-MM-DD. Write it as e.g. " \
        "2027-03-31." in outcome.report
    assert "spreadsheet" not in outcome.report
    assert outcome.report.startswith("Thank you, @zhou-jun.")


def test_a_headcount_above_the_staffing_is_refused(example: Path, tmp_path: Path) -> None:
    outcome = import_issue(example, event_with(tmp_path, people="\n31\n→\n300\n"), TODAY)
    assert not outcome.ok
    assert "**People with this gap**: The headcount 300 is not between 1 and the 148 " \
        "`shopping-guide` staffed in `Shanghai branch`." in outcome.report


def test_a_cycle_that_no_longer_takes_needs_is_refused(example: Path, tmp_path: Path) -> None:
    outcome = import_issue(example, event_with(tmp_path, cycle="\n2027-h1\n→\n2026-h1\n"), TODAY)
    assert not outcome.ok
    assert "**Cycle**: The cycle `2026-h1` stopped taking needs" in outcome.report


def test_an_issue_not_written_with_the_form_is_answered_kindly(example: Path, tmp_path: Path) -> None:
    event = json.loads(EVENT.read_text(encoding="utf-8"))
    event["issue"]["body"] = None
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    outcome = import_issue(example, path, TODAY)
    assert not outcome.ok and "was not written with the “Submit training needs” form" in outcome.report


def test_an_event_file_that_is_not_an_issue_event_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "push.json"
    path.write_text(json.dumps({"ref": "refs/heads/main"}), encoding="utf-8")
    with pytest.raises(CmapError, match="no `issue` with a number"):
        read_event(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CmapError, match="is not an issue event in JSON"):
        read_event(path)


def test_the_command_writes_the_report_and_the_workflow_outputs(example: Path) -> None:
    dry = cmap(example, "import", "issue-form", str(EVENT), "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith("Would add") and not (example / NEW_FILE).exists()
    outputs, report = example / "outputs.txt", example / "report.md"
    outputs.write_text("earlier=1\n", encoding="utf-8")
    done = cmap(example, "import", "issue-form", str(EVENT), "--report", str(report),
                "--outputs", str(outputs))
    assert done.returncode == 0, done.stderr
    lines = outputs.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "earlier=1" and f"file={NEW_FILE}" in lines
    assert "branch=training-needs/issue-93" in lines
    assert "Closes #93" in report.read_text(encoding="utf-8")
    assert cmap(example, "validate").returncode == 0


def test_the_command_fails_with_exit_1_and_a_reply_for_the_issue(example: Path, tmp_path: Path) -> None:
    report, outputs = tmp_path / "reply.md", tmp_path / "out.txt"
    done = cmap(example, "import", "issue-form", str(event_with(tmp_path, comp="consultative-selling"
                                                                "→negociation")),
                "--report", str(report), "--outputs", str(outputs))
    assert done.returncode == 1
    assert "Issue #93: 1 problem; no needs file was written." in done.stderr
    assert "**Competency**: There is no competency `negociation`" in report.read_text(encoding="utf-8")
    assert not outputs.exists()
