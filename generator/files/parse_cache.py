"""Data files as parsed by an earlier run, kept in `.cmap/cache/parsed.json` so that a build
after a small change parses again only the files that changed.

An entry is the plain data of a file that loaded and passed its schema without a single
problem, under the digest of its text and its kind. Only data that JSON gives back exactly
as YAML gave it is kept (strings, numbers, booleans, null, lists and mappings with text
keys); anything else is parsed every time. The whole record belongs to one version of the
parser and the schemas (`key`, given by the caller): another key, or a record that cannot
be read, counts as empty. Nothing here is ever written to a data file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from generator.files.safe_write import check_path, write_file
from generator.paths import WORK_DIR

PARSED = f"{WORK_DIR}/cache/parsed.json"


class ParseCache:
    def __init__(self, root: Path, key: str) -> None:
        self.root, self.key = root, key
        self._known: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._changed = False
        try:
            path = check_path(root, PARSED)
            record = json.loads(path.read_bytes()) if path.is_file() else None
        except (OSError, ValueError):
            record = None
        if isinstance(record, dict) and record.get("key") == key \
                and isinstance(record.get("files"), dict):
            self._known = record["files"]

    def get(self, digest: str, kind: str) -> dict[str, Any] | None:
        """The data of a file of `kind` whose text has `digest`, if known: parsed by an
        earlier run, or earlier in this one (the history walk meets a text many times)."""
        key = f"{kind}:{digest}"
        entry = self._used.get(key, self._known.get(key))
        if not isinstance(entry, dict):
            return None
        self._used[key] = entry
        return entry

    def put(self, digest: str, kind: str, data: dict[str, Any]) -> None:
        """Keep the data of a file that loaded and passed its schema with no problem."""
        try:
            exact = json.loads(json.dumps(data, ensure_ascii=False)) == data \
                and _same_types(data)
        except (TypeError, ValueError):
            exact = False
        if exact:
            self._used[f"{kind}:{digest}"] = data
            self._changed = True

    def save(self) -> None:
        """Write the record: the files read in this run (others are dropped), if any is
        new or gone."""
        if not self._changed and self._used.keys() == self._known.keys():
            return
        record = {"key": self.key, "files": self._used}
        write_file(self.root, PARSED, json.dumps(record, ensure_ascii=False,
                                                 separators=(",", ":")).encode("utf-8"),
                   durable=False)


def forget(root: Path) -> None:
    path = check_path(root, PARSED)
    if path.is_file():
        os.unlink(path)


def _same_types(value: Any) -> bool:
    """Whether JSON keeps `value`'s types (it would make `1.0` of `1.0` but `1` of `1`, and
    text of every mapping key)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _same_types(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_same_types(v) for v in value)
    # NaN is not equal to itself, nor kept by JSON.
    return value is None or (isinstance(value, (str, bool, int, float)) and value == value)
