"""bench/edits.py and the order of bench/measuring.py's jobs: the edits made between
builds, and a second build that runs only after its first build succeeded. Nothing is timed:
the commands are `python -c` one-liners that succeed or fail."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from edits import lower_headcount, needs_edit, plain_title, retitle, role_to_retitle
from measuring import Checkout, Command, Job, measure

NEEDS = """\
# yaml-language-server: $schema=../../generator/schemas/needs.schema.json
submitted_by: ningyan-tang
entries:
- role: sales-representative
  competency: negotiation
  current: 1
  target: 2
  headcount: 1
  priority: medium
- role: service-technician
  competency: problem-solving
  current: 1
  target: 2
  headcount: 3
  priority: low
"""


def test_lower_headcount_changes_one_line_of_the_first_need_with_two_people_or_more() -> None:
    changed = lower_headcount(NEEDS)
    assert changed is not None
    text, what = changed
    assert text == NEEDS.replace("  headcount: 3\n", "  headcount: 2\n")
    assert what == ("headcount 3 → 2 of the need of role `service-technician` in competency "
                    "`problem-solving` (line 14)")
    assert lower_headcount(NEEDS.replace("headcount: 3", "headcount: 1")) is None


def test_lower_headcount_keeps_windows_line_ends_and_indented_lists() -> None:
    text = "entries:\r\n  - role: a\r\n    competency: b\r\n    headcount: 2\r\n"
    changed = lower_headcount(text)
    assert changed is not None
    assert changed[0] == text.replace("headcount: 2", "headcount: 1")
    assert "role `a` in competency `b`" in changed[1]


def test_needs_edit_takes_the_newest_cycle_and_undoes(tmp_path: Path) -> None:
    for cycle, text in (("2026-h2", NEEDS), ("2027-h1", NEEDS)):
        (tmp_path / "needs" / cycle).mkdir(parents=True)
        (tmp_path / "needs" / cycle / "b-branch.yml").write_text(text, encoding="utf-8")
    # a file of the newest cycle with nobody to take away is passed over
    (tmp_path / "needs" / "2027-h1" / "a-branch.yml").write_text(
        NEEDS.replace("headcount: 3", "headcount: 1"), encoding="utf-8")
    edit = needs_edit(tmp_path)
    assert edit.path == tmp_path / "needs" / "2027-h1" / "b-branch.yml"
    assert edit.description.startswith("`needs/2027-h1/b-branch.yml`: headcount 3 → 2")
    edit.apply()
    assert "headcount: 2\n" in edit.path.read_text("utf-8")
    edit.undo()
    assert edit.path.read_text("utf-8") == NEEDS


def test_retitle_a_role(tmp_path: Path) -> None:
    role = "id: a\ntitle: Accountant, general ledger\nfamily: finance\nsummary: >-\n  title: no\n"
    assert plain_title(role) == "Accountant, general ledger"
    assert retitle(role, "Accountant (bench edit A)") == role.replace(
        "title: Accountant, general ledger", "title: Accountant (bench edit A)")
    # titles that YAML or HTML would spell differently are passed over
    assert plain_title("title: 'Sales & service'\n") is None
    assert plain_title("title: R&D engineer\n") is None
    with pytest.raises(ValueError):
        retitle("id: a\n", "x")
    roles = tmp_path / "competency-map" / "roles"
    roles.mkdir(parents=True)
    (roles / "a-quoted.yml").write_text("title: \"Head: sales\"\n", encoding="utf-8")
    (roles / "b-plain.yml").write_text(role, encoding="utf-8")
    assert role_to_retitle(tmp_path) == ("b-plain", roles / "b-plain.yml",
                                         "Accountant, general ledger")


def test_a_job_that_follows_runs_only_after_its_first_succeeded(tmp_path: Path) -> None:
    checkout = Checkout(tmp_path)
    ok = [sys.executable, "-c", "pass"]
    fails = [sys.executable, "-c", "raise SystemExit(3)"]
    ran: list[str] = []
    jobs = [Job("first", [Command(fails, "first", lambda: ran.append("first"))], 2),
            Job("second", [Command(ok, "second", lambda: ran.append("second"))], 2,
                follows="first"),
            Job("other", [Command(ok, "other", lambda: ran.append("other"))], 2)]
    measures = measure(jobs, tmp_path / "logs", checkout)
    assert ran == ["first", "other", "other"]  # a failed job is not tried again
    assert measures["first"].failed.startswith("`first` exited 3")
    assert measures["second"].runs == [] and not measures["second"].failed
    assert len(measures["other"].runs) == 2


def test_repetitions_continue_where_they_stopped(tmp_path: Path) -> None:
    checkout = Checkout(tmp_path)
    ran: list[str] = []
    job = Job("a", [Command([sys.executable, "-c", "pass"], "a", lambda: ran.append("a"))], 3)
    measures = measure([job], tmp_path / "logs", checkout, reps=range(1))
    measure([job], tmp_path / "logs", checkout, measures, reps=range(1, 3))
    assert len(ran) == 3 and len(measures["a"].runs) == 3
    assert sorted(p.name for p in (tmp_path / "logs").iterdir()) == ["a.0.log", "a.1.log",
                                                                      "a.2.log"]
