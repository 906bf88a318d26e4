"""`cmap import case --update`: a newer version of a framework, written into the files
imported from it before, as a change people review; nothing is deleted or rewritten for nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from support.case_packages import item, link, tree
from support.cli import cmap
from support.repo_builder import Repo

from generator.exchange.case.importer import plan_import
from generator.exchange.case.package import Package
from generator.exchange.case.writing import CaseImport, write
from generator.rules.repository import load_repository

LATER = "2021-06-01T00:00:00+00:00"


def _version_1() -> dict[str, Any]:
    items = [item(1, "Selling"), item(2, "Finds the customer's need", humanCodingScheme="S.1"),
             item(3, "Closes the sale", humanCodingScheme="S.2"),
             item(4, "Handles objections", humanCodingScheme="S.3"),
             item(5, "Negotiates", humanCodingScheme="S.4"),
             item(6, "Prepares own limits", abbreviatedStatement="Beginner"),
             item(7, "Trades concessions", abbreviatedStatement="Advanced")]
    package = tree(items, [(1, 0), (2, 1), (3, 1), (4, 1), (5, 1)], title="Sales standards")
    package["CFAssociations"] += [link("hasSkillLevel", 5, 6, 20), link("hasSkillLevel", 5, 7, 21)]
    return package


def _version_2() -> dict[str, Any]:
    package = copy.deepcopy(_version_1())
    items = {i["identifier"][:8]: i for i in package["CFItems"]}
    items["00000002"].update(fullStatement="Finds the customer's real need", lastChangeDateTime=LATER)
    items["00000003"]["fullStatement"] = "Closes the sale in writing"  # its date says unchanged
    items["00000007"].update(fullStatement="Trades concessions for value", lastChangeDateTime=LATER)
    items["00000005"]["lastChangeDateTime"] = LATER
    package["CFItems"] = [i for i in package["CFItems"] if i["identifier"][:8] != "00000004"]
    package["CFItems"].append(item(8, "Follows up after the sale", humanCodingScheme="S.5"))
    package["CFAssociations"] = [a for a in package["CFAssociations"]
                                 if a["originNodeURI"]["identifier"][:8] != "00000004"]
    package["CFAssociations"].append(link("isChildOf", 8, 1, 30))
    return package


def _plan(root: Path, package: dict[str, Any], update: bool = True) -> CaseImport:
    outcome = plan_import(root, Package.of(package), update=update)
    assert outcome.ok
    return outcome


def _changes(outcome: CaseImport) -> dict[str, str]:
    return {c.rel.removeprefix("competency-map/"): c.note for c in outcome.changes
            if c.text is not None}


def test_a_newer_version_changes_what_changed_at_the_source(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    write(repo.root, _plan(repo.root, _version_1(), update=False))
    note = "# Reviewed by the sales academy.\n"
    repo.write("competencies/s-1.yml", note + repo.text("competencies/s-1.yml"))
    kept = repo.text("competencies/s-2.yml")
    outcome = _plan(repo.root, _version_2())
    assert _changes(outcome) == {
        "competencies/s-1.yml": "updated name, description, origin",
        "competencies/s-4.yml": "updated levels, origin",
        "competencies/s-5.yml": "new file"}
    said = "\n".join(f"{p.code} {p.message}" for p in outcome.problems)
    assert "I682 1 item(s) imported before are no longer in this version of the framework; " \
           "their competencies were kept: `s-3`" in said
    write(repo.root, outcome)
    assert repo.text("competencies/s-1.yml").startswith(note)  # the rest of the file is kept
    assert repo.text("competencies/s-2.yml") == kept  # its item says it did not change
    model = load_repository(repo.root).model
    assert model.competencies["s-1"].description == "Finds the customer's real need"
    assert model.competencies["s-4"].indicators[2] == ("Trades concessions for value",)
    assert "s-3" in model.competencies  # listed, never deleted
    assert [p for p in load_repository(repo.root).problems if p.is_error] == []
    again = _plan(repo.root, _version_2())
    assert _changes(again) == {}  # the same version again changes nothing


def test_without_update_items_imported_before_are_kept_and_said(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    write(repo.root, _plan(repo.root, _version_1(), update=False))
    outcome = _plan(repo.root, _version_2(), update=False)
    assert _changes(outcome) == {"competencies/s-5.yml": "new file"}
    (before,) = [p for p in outcome.problems if p.code == "I681"]
    assert before.message.startswith("3 item(s) were imported before") and "--update" in before.hint


def test_a_field_people_commented_is_not_rewritten_but_reported(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    write(repo.root, _plan(repo.root, _version_1(), update=False))
    text = repo.text("competencies/s-4.yml").replace("  - level: 1\n", "  - level: 1  # kept by HR\n")
    repo.write("competencies/s-4.yml", text)
    outcome = _plan(repo.root, _version_2())
    assert "competencies/s-4.yml" not in _changes(outcome)
    (refused,) = [p for p in outcome.problems if p.code == "I683"]
    assert "`levels:` holds comments" in refused.message and "`origin`" in refused.message


def test_cli_dry_run_lists_the_update_and_writes_nothing(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    write(repo.root, _plan(repo.root, _version_1(), update=False))
    newer = tmp_path / "sales-2.json"
    newer.write_text(json.dumps(_version_2(), indent=1), encoding="utf-8")
    before = repo.text("competencies/s-1.yml")
    done = cmap(repo.root, "import", "case", str(newer), "--update", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert ("Would write competency-map/competencies/s-1.yml (updated name, description, origin)."
            in done.stdout)
    assert f"{newer}:" in done.stderr and "warning I682" in done.stderr
    assert repo.text("competencies/s-1.yml") == before


def test_update_of_a_framework_never_imported_says_so_and_imports_it(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    outcome = _plan(repo.root, _version_1())
    assert "competencies/s-1.yml" in _changes(outcome)
    assert [p.code for p in outcome.problems if p.code.startswith("I68")] == ["I684"]
