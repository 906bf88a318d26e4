"""The GitHub files as GitHub reads them, and SchemaStore's public schemas for them: shared
by the checks of cmap's own `.github/` and of the one `cmap init` writes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import FIXTURES

SCHEMAS = FIXTURES / "schemas"
#: An action pinned to a commit id, its version in a comment.
ACTION_PIN = re.compile(r"uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*$")


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
