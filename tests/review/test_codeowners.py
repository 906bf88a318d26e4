"""`cmap codeowners`: .github/CODEOWNERS from the approver groups and department heads."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap

from generator.review import codeowners
from generator.rules.repository import load_repository

DATA = ("competency-map", "needs", "plans")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example company's data."""
    for folder in DATA:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def owners_of(text: str) -> dict[str, list[str]]:
    rules = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    return {rule[0]: [h.removeprefix("@") for h in rule[1:]] for rule in rules}


def test_the_rules_go_from_general_to_specific_with_the_right_owners() -> None:
    text = codeowners.render(load_repository(ROOT).model)
    rules = owners_of(text)
    patterns = list(rules)
    tooling = len(codeowners.TOOLING)
    assert patterns[:tooling] == list(codeowners.TOOLING)
    assert patterns[tooling:tooling + 3] == ["/competency-map/", "/plans/", "/needs/"]
    departments = patterns[tooling + 3:]
    assert departments == sorted(departments) and "/needs/*/marketing.yml" in departments
    # model owners: training + hr
    assert rules["/competency-map/"] == ["feng-xue", "gao-yan", "li-wei", "qian-lei", "yang-fang",
                                         "zhang-hui"]
    # plans: every plan approver group (department heads, hr, top management), each once
    plans = rules["/plans/"]
    assert {"chen-guoqiang", "xie-hong", "li-wei", "liang-zhiqiang", "he-yuting"} <= set(plans)
    assert len(plans) == len(set(plans)) and plans == sorted(plans)
    assert "zhang-hui" not in plans  # the training manager writes plans, does not approve them
    # a department's needs: its head and the training group
    assert rules["/needs/*/marketing.yml"] == ["feng-xue", "he-yuting", "qian-lei", "zhang-hui"]
    assert rules["/needs/"] == ["feng-xue", "qian-lei", "zhang-hui"]
    assert text.startswith(codeowners.BEGIN) and text.endswith(codeowners.END + "\n")
    assert all(re.fullmatch(r"@[a-z0-9-]+", h) for line in text.splitlines()
               if line and not line.startswith("#") for h in line.split()[1:])


def test_the_committed_file_is_current() -> None:
    state = codeowners.compare(ROOT, codeowners.render(load_repository(ROOT).model))
    assert state.current, "run `cmap codeowners`:\n" + state.diff


def test_the_order_of_members_in_the_data_does_not_change_the_file(example: Path) -> None:
    before = codeowners.render(load_repository(example).model)
    path = example / "competency-map" / "governance.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - zhang-hui\n      - feng-xue\n",
                                 "      - feng-xue\n      - zhang-hui\n"), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    assert codeowners.render(load_repository(example).model) == before


def test_check_passes_after_writing_and_fails_with_a_diff_when_a_head_changes(example: Path) -> None:
    missing = cmap(example, "codeowners", "--check")
    assert missing.returncode == 1 and ".github/CODEOWNERS is missing" in missing.stderr
    written = cmap(example, "codeowners")
    assert written.returncode == 0 and "Wrote .github/CODEOWNERS (28 rules)." in written.stdout
    assert cmap(example, "codeowners").stdout.startswith("Unchanged: .github/CODEOWNERS")
    current = cmap(example, "codeowners", "--check")
    assert current.returncode == 0 and "up to date" in current.stdout

    dept = example / "competency-map" / "departments" / "marketing.yml"
    dept.write_text(dept.read_text(encoding="utf-8").replace("handle: he-yuting", "handle: li-na"),
                    encoding="utf-8")
    stale = cmap(example, "codeowners", "--check")
    assert stale.returncode == 1
    assert "is stale: it does not match the data. Run `cmap codeowners` and commit" in stale.stderr
    assert "-/needs/*/marketing.yml @feng-xue @he-yuting @qian-lei @zhang-hui" in stale.stdout
    assert "+/needs/*/marketing.yml @feng-xue @li-na @qian-lei @zhang-hui" in stale.stdout
    committed = (example / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "@he-yuting @qian-lei" in committed  # --check writes nothing


def test_a_hand_edit_inside_the_generated_block_is_stale(example: Path) -> None:
    assert cmap(example, "codeowners").returncode == 0
    path = example / ".github" / "CODEOWNERS"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("/plans/ ", "/plans/ @someone "), encoding="utf-8")
    stale = cmap(example, "codeowners", "--check")
    assert stale.returncode == 1 and "-/plans/ @someone" in stale.stdout


def test_hand_written_rules_outside_the_block_are_kept(example: Path) -> None:
    path = example / ".github" / "CODEOWNERS"
    path.parent.mkdir()
    above, below = "# Our own rules\n*.pdf @design-team\n\n", "\n/README.md @comms\n"
    path.write_text(above + below, encoding="utf-8")
    assert cmap(example, "codeowners").returncode == 0
    text = path.read_text(encoding="utf-8")
    # a file without markers gets the block on top: its own rules keep the last word
    assert text.startswith(codeowners.BEGIN) and text.endswith(above + below)
    block = text[: text.index(codeowners.END) + len(codeowners.END) + 1]
    path.write_text(above + block + below, encoding="utf-8")  # the owner moves them around
    assert cmap(example, "codeowners", "--check").returncode == 0
    dept = example / "competency-map" / "departments" / "marketing.yml"
    dept.write_text(dept.read_text(encoding="utf-8").replace("handle: he-yuting", "handle: li-na"),
                    encoding="utf-8")
    assert cmap(example, "codeowners").returncode == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(above + codeowners.BEGIN) and text.endswith(codeowners.END + "\n" + below)
    assert "/needs/*/marketing.yml @feng-xue @li-na @qian-lei @zhang-hui" in text


def test_a_file_generated_before_the_markers_is_replaced_whole(example: Path) -> None:
    path = example / ".github" / "CODEOWNERS"
    path.parent.mkdir()
    path.write_text("# Generated by `cmap codeowners` from competency-map/governance.yml\n"
                    "/competency-map/ @old-owner\n", encoding="utf-8")
    assert cmap(example, "codeowners").returncode == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(codeowners.BEGIN) and "@old-owner" not in text


def test_broken_markers_are_a_clear_error_and_nothing_is_written(example: Path) -> None:
    path = example / ".github" / "CODEOWNERS"
    path.parent.mkdir()
    path.write_text(f"{codeowners.BEGIN}\n/x @a\n", encoding="utf-8")
    done = cmap(example, "codeowners")
    assert done.returncode == 1 and "1 begin and 0 end marker lines" in done.stderr
    assert path.read_text(encoding="utf-8") == f"{codeowners.BEGIN}\n/x @a\n"


def test_the_code_and_workflows_are_owned_by_the_model_owners_or_the_maintainers(example: Path) -> None:
    rules = owners_of(codeowners.render(load_repository(example).model))
    for pattern in codeowners.TOOLING:
        assert rules[pattern] == rules["/competency-map/"], pattern
    gov = example / "competency-map" / "governance.yml"
    gov.write_text(gov.read_text(encoding="utf-8").replace("groups:\n", (
        "groups:\n  - id: maintainers\n    name: Site maintainers\n    members: [ops-lead]\n"), 1),
        encoding="utf-8")
    rules = owners_of(codeowners.render(load_repository(example).model))
    assert all(rules[pattern] == ["ops-lead"] for pattern in codeowners.TOOLING)
    assert "ops-lead" not in rules["/competency-map/"]


def test_owners_are_never_written_from_a_broken_governance_file(example: Path) -> None:
    path = example / "competency-map" / "governance.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("plan_approvers:", "plan_aprovers:"),
                    encoding="utf-8")
    for args in (("codeowners",), ("codeowners", "--check")):
        done = cmap(example, *args)
        assert done.returncode == 1
        assert "competency-map/governance.yml" in done.stderr and "cmap validate" in done.stderr
    assert not (example / ".github" / "CODEOWNERS").exists()


def test_an_error_elsewhere_does_not_block_codeowners(example: Path) -> None:
    needs = example / "needs" / "2027-h1" / "marketing.yml"
    needs.write_text(needs.read_text(encoding="utf-8").replace("headcount: 3", "headcount: 300"),
                     encoding="utf-8")
    assert cmap(example, "validate").returncode == 1
    assert cmap(example, "codeowners").returncode == 0
