"""The files a CASE import writes: each change planned, the YAML text of a new file, and
the writing itself (never through a link, see `generator/files/safe_write.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.exchange.case.exporter import Json
from generator.files.safe_write import write_files
from generator.files.yaml_append import scalar
from generator.paths import schema_reference
from generator.problems import CmapError, Problem


@dataclass(frozen=True)
class Change:
    """One file of the import: its new text, or None when it is kept as it is."""

    rel: str
    text: str | None
    note: str
    new: bool = False  #: a new file: written only if it still does not exist


@dataclass
class CaseImport:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def write(root: Path, result: CaseImport) -> None:
    """Write the new and changed files, never through a link (see safe_write.py); a new
    file that appeared since `plan_import` is not overwritten."""
    for new in (True, False):
        files = {change.rel: change.text.encode("utf-8") for change in result.changes
                 if change.text is not None and change.new is new}
        try:
            write_files(root, files, exclusive=new)
        except FileExistsError as err:
            raise CmapError(f"{err.filename} appeared while importing; it was kept as it is. "
                            "Run the import again.") from None


def render(kind: str, data: Json, rel: str, root: Path) -> str:
    """The data file `rel` of the repository at `root` as YAML text with the schema line;
    every text value is double-quoted."""
    lines = [f"# yaml-language-server: $schema={schema_reference(root, kind, rel)}",
             "# Imported from a CASE package by `cmap import case`."]
    return "\n".join(lines + block(data, 0)) + "\n"


def block(value: Any, indent: int) -> list[str]:
    """`value` (a mapping or a list) as the lines of a YAML block at `indent`."""
    pad, lines = " " * indent, []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines += [f"{pad}{key}:", *block(item, indent + 2)] if item else []
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)):
                inner = block(item, indent + 2)
                lines += [f"{pad}- {inner[0][indent + 2:]}", *inner[1:]]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _scalar(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else scalar(value)
