"""A CASE package as read from its file: the data, and where each record is in the text.

Warnings about an item name the file and the line of the item (where its `"identifier"`
first appears), so that people can find it in an editor: `framework.json:1204:9: warning
I668 …`. A package made in memory (the tests, `Package.of`) has no text: its problems are
at line 1. A file that cannot be a package is one error (`I660`–`I662`), raised as a
`CmapError` whose message is that problem as `cmap validate` writes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.exchange.case.exporter import Json
from generator.problems import CmapError, Problem, as_text

MAX_BYTES = 50 * 1024 * 1024
#: Each record's `"identifier"`, and every key that opens an object or a list (the
#: package's `CFItems` …, and identifiers where records are keyed by them), to find their lines.
_MARKS = re.compile(r'"identifier"\s*:\s*"((?:[^"\\]|\\.)*)"|"((?:[^"\\]|\\.)*)"\s*:\s*[\[{]')
_EXPORT_IT = "Export the framework as a CFPackage (JSON) from the framework's publisher and try again."


@dataclass(frozen=True)
class Package:
    """The package's data, the name its problems are reported under, and record positions."""

    data: Json
    name: str = "package.json"
    #: identifier (or `CFItems`, `CFRubrics` … for a top-level key) → (line, column)
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, data: Json, name: str = "package.json") -> Package:
        """A package made in memory; CmapError (I662) when it is not a CASE package."""
        return cls(_checked(data, name), name)

    def at(self, identifier: str) -> tuple[int, int]:
        """Where the record `identifier` starts (line 1 when the text is not known)."""
        return self.positions.get(identifier, (1, 1))


def read_package(path: Path, name: str | None = None) -> Package:
    """The package in the JSON file `path`, reported as `name` (default: the path as given)."""
    shown = name or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _fatal(shown, "I660", f"The file is larger than {MAX_BYTES // 2**20} MiB.",
                         "A CASE package of that size is not a competency framework; check "
                         "that this is the file you meant.")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise _fatal(shown, "I660", f"cannot read {path}: {err.strerror}.",
                     "Check the file's name and that you may read it.") from err
    except UnicodeDecodeError:
        raise _fatal(shown, "I661", "The file is not UTF-8 text, as a CASE package must be.",
                     _EXPORT_IT) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise _fatal(shown, "I661", f"This is not valid JSON: {err.msg}.", _EXPORT_IT,
                     err.lineno, err.colno) from None
    except RecursionError:
        raise _fatal(shown, "I661", "This is not valid JSON: it is nested too deeply.",
                     _EXPORT_IT) from None
    return Package(_checked(data, shown), shown, positions(text))


def positions(text: str) -> dict[str, tuple[int, int]]:
    """Line and column where each identifier first appears (as a record's `"identifier"`, or
    as the key of a record), and of each key that opens an object or a list: one pass."""
    found: dict[str, tuple[int, int]] = {}
    line, line_start, counted = 1, 0, 0
    for match in _MARKS.finditer(text):
        start = match.start()
        newlines = text.count("\n", counted, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, start) + 1
        counted = start
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        try:
            identifier = json.loads(f'"{raw}"') if "\\" in raw else raw
        except json.JSONDecodeError:
            continue
        found.setdefault(identifier, (line, start - line_start + 1))
    return found


def _checked(data: object, name: str) -> Json:
    """The package itself: a CFPackage, also when wrapped as the API returns it
    (`{"CFPackage": {…}}`)."""
    if isinstance(data, dict) and isinstance(data.get("CFPackage"), dict) and "CFDocument" not in data:
        data = data["CFPackage"]
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        raise _fatal(name, "I662", "This is not a CASE package: it has no `CFDocument`.", _EXPORT_IT)
    return data


def _fatal(name: str, code: str, message: str, hint: str, line: int = 1, column: int = 1) -> CmapError:
    return CmapError(as_text(Problem(name, line, column, code, message, hint)))


def fatal(package: Package, code: str, message: str, hint: str, at: str = "") -> CmapError:
    """An error that ends the import, at the record `at` of `package`."""
    return _fatal(package.name, code, message, hint, *package.at(at))
