"""`cmap export case`: a CASE v1.1 package that the official JSON Schema binding accepts.

The binding is vendored in tests/fixtures/case/ (see its README) so the test runs on a
fresh clone. Identifiers are name-based UUIDs: the same on every run, new only when the
framework's title or an id changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support import ROOT
from support.repo_builder import Repo

from generator.exchange.case.exporter import Publisher, case_package
from generator.exchange.case.importer import plan_import
from generator.exchange.case.package import Package
from generator.exchange.case.writing import write
from generator.model.competency_map import CompetencyMap
from generator.rules.repository import load_repository

SCHEMA = ROOT / "tests" / "fixtures" / "case" / "case-v1p1-cfpackage-schema.json"
SCHEMA_SHA256 = "5ce7a01f7b5807fc4d518a731554e8a9c231aabc70ffea8c2ede273d20ca35d7"
UUID_V11 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
PUBLISHER = Publisher(title="Jiahe competency map", creator="Jiahe Home Appliances Co., Ltd.",
                      site_url="https://map.example.com/", language="en")
WHEN = datetime(2027, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def example() -> CompetencyMap:
    result = load_repository(ROOT)
    assert result.ok
    return result.model


@pytest.fixture(scope="module")
def package(example: CompetencyMap) -> dict[str, Any]:
    return case_package(example, PUBLISHER, WHEN)


def _errors(validator: Draft202012Validator, package: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(package)]


def _records(package: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record that has an identifier of its own (links excluded)."""
    found = [package["CFDocument"], *package["CFItems"], *package["CFAssociations"],
             *package["CFDefinitions"]["CFItemTypes"]]
    for rubric in package["CFRubrics"]:
        found.append(rubric)
        for criterion in rubric["CFRubricCriteria"]:
            found += [criterion, *criterion["CFRubricCriterionLevels"]]
    return found


def test_the_example_map_validates_against_the_official_binding(
        validator: Draft202012Validator, package: dict[str, Any]) -> None:
    assert _errors(validator, package) == []
    assert package["CFDocument"]["caseVersion"] == "1.1"
    assert package["CFDocument"]["officialSourceURL"] == "https://map.example.com/"


def test_a_map_with_hostile_and_chinese_text_validates_too(
        tmp_path: Path, validator: Draft202012Validator) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    repo.update("competencies/communication.yml", name='=HYPERLINK("http://x","y")',
                description="沟通：理解他人，也让他人理解自己。\n第二行")
    model = repo.load().model
    package = case_package(model, Publisher(title="嘉禾能力地图", creator="嘉禾"), WHEN)
    assert _errors(validator, package) == []
    names = {item.get("abbreviatedStatement") for item in package["CFItems"]}
    assert '=HYPERLINK("http://x","y")' in names  # JSON carries text as text


def test_prose_is_exported_with_its_markdown_as_written(example: CompetencyMap,
                                                       package: dict[str, Any]) -> None:
    description = example.competencies["training-delivery"].description
    assert "[Kirkpatrick's four levels](https://www." in description
    assert description in {item.get("fullStatement") for item in package["CFItems"]}


def test_identifiers_are_lowercase_v11_uuids_unique_and_in_the_uri(package: dict[str, Any]) -> None:
    records = _records(package)
    identifiers = [r["identifier"] for r in records]
    assert all(UUID_V11.fullmatch(i) for i in identifiers)
    assert len(set(identifiers)) == len(identifiers)
    assert all(r["uri"] == f"urn:uuid:{r['identifier']}" for r in records)
    assert all(r["lastChangeDateTime"] == "2027-01-02T03:04:05+00:00" for r in records)


def test_identifiers_are_stable_across_runs_and_follow_the_title(example: CompetencyMap,
                                                                  package: dict[str, Any]) -> None:
    later = case_package(example, PUBLISHER, datetime(2030, 6, 1, tzinfo=timezone.utc))
    text = json.dumps(package, sort_keys=True)
    assert json.dumps(later, sort_keys=True).replace("2030-06-01T00:00:00+00:00",
                                                     "2027-01-02T03:04:05+00:00") == text
    renamed = case_package(example, Publisher(title="Another map"), WHEN)
    assert renamed["CFDocument"]["identifier"] != package["CFDocument"]["identifier"]


def test_categories_and_competencies_form_the_tree(example: CompetencyMap,
                                                   package: dict[str, Any]) -> None:
    items = {i["identifier"]: i for i in package["CFItems"]}
    by_code = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    parents = {a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
               for a in package["CFAssociations"] if a["associationType"] == "isChildOf"}
    assert len(items) == len(example.categories) + len(example.competencies)
    for comp in example.competencies.values():
        item = by_code[comp.id]
        assert item["CFItemType"] == "Competency" and item["fullStatement"] == comp.description
        assert items[parents[item["identifier"]]]["humanCodingScheme"] == comp.category
    for category in example.categories:
        assert parents[by_code[category]["identifier"]] == package["CFDocument"]["identifier"]


def test_levels_are_rubric_criteria_carrying_the_indicators(example: CompetencyMap,
                                                            package: dict[str, Any]) -> None:
    (rubric,) = package["CFRubrics"]
    assert rubric["title"] == "Proficiency" and rubric["extensions"] == {"cmap": {"scale": "proficiency"}}
    general, *criteria = rubric["CFRubricCriteria"]
    assert "CFItemURI" not in general
    assert [lv["quality"] for lv in general["CFRubricCriterionLevels"]] == [
        "Awareness", "Developing", "Proficient", "Advanced", "Expert"]
    negotiation = next(c for c in criteria if c["description"] == "Negotiation")
    level3 = next(lv for lv in negotiation["CFRubricCriterionLevels"] if lv["score"] == 3)
    assert level3["description"].split("\n") == list(example.competencies["negotiation"].indicators[3])
    assert level3["rubricCriterionId"] == negotiation["identifier"]
    assert negotiation["rubricId"] == rubric["identifier"]


def test_role_profiles_are_ext_associations_with_level_critical_and_expectations(
        example: CompetencyMap, package: dict[str, Any]) -> None:
    profile = [a for a in package["CFAssociations"] if a["associationType"] == "ext:requiresCompetency"
               and a["extensions"]["cmap"]["role"] == "sales-rep"]
    first = profile[0]
    expected = list(example.roles["sales-rep"].requirements[0].expectations)
    assert len(expected) == 2
    assert first["extensions"]["cmap"] == {"role": "sales-rep", "competency": "consultative-selling",
                                           "level": 3, "critical": True, "expectations": expected}
    assert first["originNodeURI"]["targetType"] == "ext:cmap.role"
    assert first["notes"] == ("Sales representative requires Consultative selling at level 3 "
                              "(Proficient), critical. Expected: " + " ".join(expected))
    roles = {r["id"]: r for r in package["extensions"]["cmap"]["roles"]}
    assert roles["sales-rep"]["identifier"] == first["originNodeURI"]["identifier"]
    assert [a["sequenceNumber"] for a in profile] == list(range(1, len(profile) + 1))


ORIGIN = {"framework": "https://case.example.org/uri/doc", "framework_title": "Sales standards",
          "creator": "Example Guild", "source_url": "https://standards.example.org/sales.pdf",
          "identifier": "http://purl.example.org/S1", "item": "https://case.example.org/uri/S1",
          "code": "SALES.1", "notes": "Taught in the first month.", "education_levels": ["adult"]}


def test_an_imported_competency_keeps_its_code_and_links_back_to_its_source(
        tmp_path: Path, validator: Draft202012Validator) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    repo.update("competencies/communication.yml", origin=ORIGIN)
    package = case_package(repo.load().model, PUBLISHER, WHEN)
    assert _errors(validator, package) == []
    item = next(i for i in package["CFItems"] if i.get("abbreviatedStatement") == "Communication")
    assert item["humanCodingScheme"] == "SALES.1" and item["extensions"]["cmap"]["id"] == "communication"
    assert item["notes"] == "Taught in the first month." and item["educationLevel"] == ["adult"]
    (match,) = [a for a in package["CFAssociations"] if a["associationType"] == "exactMatchOf"]
    assert match["originNodeURI"]["identifier"] == item["identifier"]
    assert match["destinationNodeURI"] == {"title": "SALES.1", "identifier": "http://purl.example.org/S1",
                                           "uri": "https://case.example.org/uri/S1"}
    document = package["CFDocument"]  # other competencies are the company's own: it stays the creator
    assert document["creator"] == document["publisher"] == "Jiahe Home Appliances Co., Ltd."
    assert document["notes"] == ("Adapted from “Sales standards” by Example Guild "
                                 "(https://standards.example.org/sales.pdf).")


def test_a_map_all_from_one_framework_credits_its_creator(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    for n, name in enumerate(("communication", "consultative-selling", "team-leadership")):
        repo.update(f"competencies/{name}.yml", origin={**ORIGIN, "identifier": f"S{n}", "code": f"S.{n}"})
    document = case_package(repo.load().model, PUBLISHER, WHEN)["CFDocument"]
    assert document["creator"] == "Example Guild"
    assert document["publisher"] == "Jiahe Home Appliances Co., Ltd."


def test_role_expectations_travel_with_the_profile_and_read_back(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    role = repo.data("roles/sales-rep.yml")
    role["competencies"][0]["expectations"] = ["Summarises the dealer's order back before confirming it."]
    repo.update("roles/sales-rep.yml", competencies=role["competencies"])
    package = case_package(repo.load().model, PUBLISHER, WHEN)
    profile = [a for a in package["CFAssociations"] if a["associationType"] == "ext:requiresCompetency"
               and a["extensions"]["cmap"]["role"] == "sales-rep"]
    assert profile[0]["extensions"]["cmap"]["expectations"] == [
        "Summarises the dealer's order back before confirming it."]
    assert profile[0]["notes"].endswith("Expected: Summarises the dealer's order back before confirming it.")
    seed = Repo.minimal(tmp_path / "seed")
    seed.remove("roles/sales-rep.yml")
    write(seed.root, plan_import(seed.root, Package.of(package)))
    assert seed.data("roles/sales-rep.yml")["competencies"][0]["expectations"] == [
        "Summarises the dealer's order back before confirming it."]
