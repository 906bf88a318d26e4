"""The JSON Schemas themselves: draft-07, closed, documented, and read alike by both validators.

`schema_check.check` asks jsonschema-rs for the yes/no and `jsonschema` for the details of
failing files; if the two disagreed, a bad file could pass or a good one fail with no
message, so their agreement is tested on a sweep of broken documents.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from support import ROOT
from support.repo_builder import MINIMAL

from generator.paths import ENTITY_FOLDERS, SINGLE_FILES
from generator.rules.schema_check import _detailed, _fast, schema, schema_names

SCHEMA_DIR = ROOT / "generator" / "schemas"
MAP_KINDS = sorted({*ENTITY_FOLDERS.values(), *SINGLE_FILES.values()})


def _subschemas(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _subschemas(value, f"{where}/{index}")


def _kind(rel: str) -> str:
    full = f"competency-map/{rel}"
    return SINGLE_FILES.get(full) or ENTITY_FOLDERS[full.rsplit("/", 1)[0]]


def test_every_kind_of_the_map_has_a_schema() -> None:
    names = schema_names()
    for kind in MAP_KINDS:
        assert f"{kind}.schema.json" in names


@pytest.mark.parametrize("kind", MAP_KINDS)
def test_schema_is_valid_draft_07_json(kind: str) -> None:
    loaded = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert loaded["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert loaded["$id"] == f"{kind}.schema.json"
    jsonschema.Draft7Validator.check_schema(loaded)
    assert schema(kind) == loaded


@pytest.mark.parametrize("kind", MAP_KINDS)
def test_every_object_in_the_schema_is_closed(kind: str) -> None:
    """Objects either forbid unknown fields or describe their values (maps such as `staffing`)."""
    for where, node in _subschemas(schema(kind)):
        if node.get("type") == "object":
            closed = node.get("additionalProperties")
            assert closed is False or (isinstance(closed, dict) and "propertyNames" in node), where


@pytest.mark.parametrize("kind", MAP_KINDS)
def test_every_field_has_help_text(kind: str) -> None:
    root = schema(kind)
    assert root.get("title") and root.get("description")
    for where, node in _subschemas(root):
        for name, prop in node.get("properties", {}).items():
            if isinstance(prop, dict):
                assert prop.get("description"), f"{kind}{where}/properties/{name} has no description"


@pytest.mark.parametrize("rel", sorted(MINIMAL))
def test_the_minimal_files_pass_both_validators(rel: str) -> None:
    data = yaml.safe_load(MINIMAL[rel])
    kind = _kind(rel)
    assert list(_detailed(kind).iter_errors(data)) == []
    if _fast(kind) is not None:
        assert _fast(kind).is_valid(data)


def _paths(data: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if prefix:
        yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list) and data:  # the first entry stands for all of them
        yield from _paths(data[0], (*prefix, 0))


EDGE_VALUES: tuple[Any, ...] = (
    {}, [], "Bad Value!", 99999999, -1, 0, None, True, False, 2.0, 2.5, [{}], {"Bad Key": 1}, "",
    "a" * 5000, "ab--c", "-ab", "é", "中文", 10**20,
)


@pytest.mark.parametrize("rel", sorted(MINIMAL))
def test_fast_and_detailed_validators_agree_on_broken_documents(rel: str) -> None:
    kind = _kind(rel)
    if _fast(kind) is None:
        pytest.skip("jsonschema-rs is not installed: every file goes through jsonschema")
    base = yaml.safe_load(MINIMAL[rel])
    disagreements = []
    for path in _paths(base):
        for value in EDGE_VALUES:
            data = copy.deepcopy(base)
            target = data
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
            fast = _fast(kind).is_valid(data)
            detailed = not any(True for _ in _detailed(kind).iter_errors(data))
            if fast != detailed:
                disagreements.append((path, value, fast, detailed))
    assert disagreements == []



def test_a_value_with_a_trailing_newline_fails_its_pattern(tmp_path: Path) -> None:
    from support.repo_builder import Repo

    repo = Repo.minimal(tmp_path)
    rel = "departments/jiahe.yml"
    repo.replace(rel, "  handle: wang-lei\n", "  handle: |\n    wang-lei\n")
    assert repo.data(rel)["head"]["handle"] == "wang-lei\n"
    problems = [p for p in repo.load().problems if p.path == repo.rel(rel)]
    assert [p.code for p in problems] == ["S201"]
    assert problems[0].line == repo.line_of(rel, "handle:")
