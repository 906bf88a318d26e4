"""The JSON Schemas of the data files, and the check of a document against its kind's schema.

The yes/no answer comes from jsonschema-rs, compiled once per kind: that keeps `cmap
validate` close to the cost of reading the YAML. Only a file that fails is checked again
with `jsonschema`, whose errors carry the validator, the schema and the path that
`schema_messages.py` turns into words.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema

from generator.files.yaml_loader import Document
from generator.paths import schema_file, schema_paths
from generator.problems import Problem, clip
from generator.rules.schema_messages import describe

try:  # The fast path is optional: without it every file goes through `jsonschema`.
    import jsonschema_rs
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    jsonschema_rs = None  # type: ignore[assignment]


@cache
def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_file(kind).read_text("utf-8"))
    return loaded


def schema_names() -> list[str]:
    return [path.name for path in schema_paths()]


@cache
def _fast(kind: str) -> Any:
    return jsonschema_rs.Draft7Validator(schema(kind)) if jsonschema_rs else None


@cache
def _detailed(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema(kind))


def check(document: Document, kind: str) -> list[Problem]:
    """All schema problems of one document, each at the line of the value concerned."""
    fast = _fast(kind)
    if fast is not None and fast.is_valid(document.data):
        return []
    found = [item for error in _detailed(kind).iter_errors(document.data)
             for item in describe(error, schema(kind))]
    if not found and fast is not None:
        # The two engines disagree only on regex corners (Python's `$` also matches before a
        # final newline): trust the stricter answer and word its errors plainly.
        found = [(tuple(error.instance_path), f"{_value(error.instance)} is not valid here.",
                  "Check for a line break or stray spaces at the end of the value.")
                 for error in fast.iter_errors(document.data)]
    problems = []
    for keypath, message, hint in found:
        line, column = document.locate(keypath)
        problems.append(Problem(document.path, line, column, "S201", message, hint))
    return sorted(set(problems))


def valid_entries(data: dict[str, Any], kind: str, key: str) -> list[int] | None:
    """The positions of the entries of the list `key` that pass the schema on their own, when
    everything else in `data` passes; None when something outside the entries fails.

    A department head's mistake in one needs entry must not hide what the rules find in the
    others: the rules run on these entries, and the schema reports the rest.
    """
    entries = data.get(key)
    if not isinstance(entries, list) or not _passes({**data, key: []}, kind):
        return None
    kept = [index for index, entry in enumerate(entries) if _passes({**data, key: [entry]}, kind)]
    # The list's own constraints (a length, unique items) hold for the whole list only.
    return kept if _passes({**data, key: [entries[i] for i in kept]}, kind) else None


def _passes(data: dict[str, Any], kind: str) -> bool:
    fast = _fast(kind)
    return bool(fast.is_valid(data)) if fast is not None else _detailed(kind).is_valid(data)


def _value(value: Any) -> str:
    text = clip(value).replace("\n", "⏎")
    return f"`{text}`"
