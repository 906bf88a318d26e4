"""The JSON export and `write_exports`: the whole model, described by export.schema.json.

The schema is published with the site, so it follows the house rules of every schema:
draft-07, closed objects, help text on every field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from support import ROOT
from support.cli import cmap
from support.cycle_builder import CYCLE, add_cycle
from support.repo_builder import Repo

from generator.exchange.bundle import (
    CASE_FILE,
    JSON_FILE,
    make_publisher,
    schema_files,
    write_exports,
    write_schemas,
)
from generator.exchange.json_export import model_json
from generator.exchange.sheets.tables import SHEETS
from generator.rules.repository import load_repository

SCHEMA_PATH = ROOT / "generator" / "schemas" / "export.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _errors(validator: Draft7Validator, data: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(data)]


def _nodes(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _nodes(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, f"{where}/{index}")


def test_the_schema_follows_the_house_rules() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == "export.schema.json" and schema["title"] and schema["description"]
    for where, node in _nodes(schema):
        if node.get("type") in ("object", ["object", "null"]):
            closed = node.get("additionalProperties")
            assert closed is False or (isinstance(closed, dict) and "propertyNames" in node), where
        for name, prop in node.get("properties", {}).items():
            assert prop.get("description"), f"{where}/properties/{name} has no description"


def test_the_example_export_validates(validator: Draft7Validator) -> None:
    model = load_repository(ROOT).model
    data = model_json(model, title="Jiahe", exported="2027-01-02T00:00:00+00:00",
                      schema_url="https://map.example.com/schemas/export.schema.json")
    assert _errors(validator, data) == []
    assert len(data["competencies"]) == len(model.competencies)
    guide = next(r for r in data["roles"] if r["id"] == "shopping-guide")
    selling = next(q for q in guide["competencies"] if q["competency"] == "consultative-selling")
    stated = next(r for r in model.roles["shopping-guide"].requirements
                  if r.competency == "consultative-selling").expectations
    assert len(stated) == 2 and selling["expectations"] == list(stated)
    closed = next(c for c in data["cycles"] if c["id"] == "2026-h1")
    assert closed["submissions"] and closed["programs"][0]["evaluation"]["learning"]["post"] > 0


def test_prose_is_exported_with_its_markdown_as_written() -> None:
    model = load_repository(ROOT).model
    data = model_json(model, title="Jiahe", exported="2027-01-02T00:00:00+00:00")
    summary = model.roles["service-agent"].summary
    assert summary.count("\n- ") == 3
    assert next(r for r in data["roles"] if r["id"] == "service-agent")["summary"] == summary


def test_a_small_map_exports_nulls_for_what_is_not_written(tmp_path: Path,
                                                           validator: Draft7Validator) -> None:
    repo = add_cycle(Repo.minimal(tmp_path / "repo"))
    repo.update("competencies/communication.yml", name="沟通")
    data = model_json(repo.load().model)
    assert _errors(validator, data) == []
    assert data["title"] is None and "$schema" not in data
    communication = next(c for c in data["competencies"] if c["id"] == "communication")
    assert communication["name"] == "沟通" and communication["owner"] is None
    assert communication["source"] == "competency-map/competencies/communication.yml"
    manager = next(r for r in data["roles"] if r["id"] == "sales-manager")
    assert [line["expectations"] for line in manager["competencies"]] == [[], [], []]
    (cycle,) = data["cycles"]
    entry = cycle["submissions"][0]["entries"][0]
    assert entry["key"] == "guangzhou-branch/sales-rep/consultative-selling"
    assert entry["follow_up"] is None


def test_write_exports_writes_every_file_under_stable_names(tmp_path: Path,
                                                            validator: Draft7Validator) -> None:
    repo = add_cycle(Repo.minimal(tmp_path / "repo"))
    model = repo.load().model
    publisher = make_publisher(model, title="Jiahe map", site_url="https://x.example/",
                               language="zh")
    assert (publisher.creator, publisher.language) == ("Jiahe Appliances", "zh")
    when = datetime(2027, 1, 2, tzinfo=timezone.utc)
    files = write_exports(model, tmp_path / "downloads", publisher=publisher, changed=when)
    assert [f.name for f in files] == [
        CASE_FILE, JSON_FILE, *(sheet.file for sheet in SHEETS), "company-map.csv",
        f"needs-{CYCLE}.csv", f"programs-{CYCLE}.csv"]
    assert all(f.path.is_file() and f.title and f.description and f.media_type for f in files)
    exported = json.loads((tmp_path / "downloads" / JSON_FILE).read_text(encoding="utf-8"))
    assert _errors(validator, exported) == [] and exported["exported"] == "2027-01-02T00:00:00+00:00"
    case = json.loads((tmp_path / "downloads" / CASE_FILE).read_text(encoding="utf-8"))
    assert case["CFDocument"]["title"] == "Jiahe map"
    again = write_exports(model, tmp_path / "downloads", publisher=publisher, changed=when)
    assert [f.path.read_bytes() for f in again] == [f.path.read_bytes() for f in files]


def test_the_schemas_to_publish(tmp_path: Path) -> None:
    names = [f.name for f in schema_files()]
    assert "export.schema.json" in names and "role.schema.json" in names
    copies = write_schemas(tmp_path / "schemas")
    assert [c.name for c in copies] == names
    originals = schema_files()
    assert all(c.path.read_bytes() == f.path.read_bytes() for c, f in zip(copies, originals, strict=True))


def test_cli_export_json_and_case(tmp_path: Path, validator: Draft7Validator) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    done = cmap(repo.root, "export", "json")
    assert done.returncode == 0 and _errors(validator, json.loads(done.stdout)) == []
    out = tmp_path / "map.case.json"
    done = cmap(repo.root, "export", "case", "--out", str(out))
    assert done.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["CFItems"]
    repo.update("roles/sales-rep.yml", family="nowhere")
    broken = cmap(repo.root, "export", "json")
    assert broken.returncode == 1 and broken.stdout == "" and "nothing was exported" in broken.stderr


@pytest.mark.parametrize("kind", ["case", "json"])
def test_export_replaces_an_existing_file_only_with_force(tmp_path: Path, kind: str) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    out = tmp_path / f"map.{kind}.json"
    out.write_text("kept\n", encoding="utf-8")
    refused = cmap(repo.root, "export", kind, "--out", str(out))
    assert refused.returncode == 1 and refused.stdout == ""
    assert f"{out} already exists; pass --force to replace it" in refused.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"
    done = cmap(repo.root, "export", kind, "--out", str(out), "--force")
    assert done.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))
    to_screen = cmap(repo.root, "export", kind, "--out", "-")
    assert to_screen.returncode == 0 and json.loads(to_screen.stdout)


def test_an_imported_competency_exports_its_origin_field_for_field(
        tmp_path: Path, validator: Draft7Validator) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    repo.update("competencies/communication.yml", origin={
        "framework": "https://case.example.org/uri/f1", "identifier": "c0ffee00-0000-4000-8000-000000000001",
        "code": "CC.1", "creator": "The framework's author", "path": ["Domain", "Cluster"]})
    data = model_json(repo.load().model)
    assert _errors(validator, data) == []
    exported = next(c for c in data["competencies"] if c["id"] == "communication")["origin"]
    assert exported["code"] == "CC.1" and exported["creator"] == "The framework's author"
    assert exported["path"] == ["Domain", "Cluster"] and exported["notes"] is None
    others = [c["origin"] for c in data["competencies"] if c["id"] != "communication"]
    assert others and all(o is None for o in others)
