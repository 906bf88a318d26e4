"""`cmap import case`: start or extend the competency map from a CASE package.

A CASE framework (a CFPackage in JSON, version 1.0 or 1.1) becomes files of the map: a
scale per rubric, the categories, a file per competency, and, only when the package was
written by `cmap export case` (its `extensions.cmap`), the roles with their job families
and responsibility areas. Existing files are never overwritten: new vocabulary entries
are appended to `categories.yml`, `families.yml` and `areas.yml`, keeping every byte, and
an entity file that already exists is kept as it is and reported.

The map has two levels (category → competency) and describes levels by behavioural
indicators. A framework's tree is mapped onto that: items typed `Category`/`Competency`
keep their type; otherwise a top-level item with children is a category and every other
item a competency in its top-level ancestor's category (deeper nesting is flattened).
Levels come from the package's rubrics (the way `cmap export case` writes them) or from
level items linked by `hasSkillLevel`; a competency with neither gets its statement as the
one indicator of the scale's middle level, to be rewritten by people. Everything that is
adapted or left out is said once, in `CaseImport.warnings`; nothing is dropped silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.exchange.case.exporter import Json
from generator.exchange.case.mapping import Mapper
from generator.exchange.case.reading import listing
from generator.files.safe_write import write_files
from generator.files.yaml_append import append_items, scalar
from generator.files.yaml_loader import load_file
from generator.paths import entity_file, schema_reference, single_file
from generator.problems import CmapError
from generator.progress import NO_PROGRESS, Progress
from generator.rules.repository import load_repository

MAX_BYTES = 50 * 1024 * 1024
_VOCABULARIES = {"categories": "category", "families": "family", "areas": "area"}


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
    warnings: list[str] = field(default_factory=list)


def read_package(path: Path) -> Json:
    """The package as data; `CmapError` with the reason when it is not a CASE package."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CmapError(f"{path} is larger than {MAX_BYTES // 2**20} MiB.")
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as err:
        raise CmapError(f"cannot read {path}: {err.strerror}.") from err
    except UnicodeDecodeError:
        raise CmapError(f"{path} is not UTF-8 text, as a CASE package must be.") from None
    except (json.JSONDecodeError, RecursionError) as err:
        raise CmapError(f"{path} is not valid JSON: {err}.") from None
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        raise CmapError(f"{path} is not a CASE package: it has no `CFDocument`. Export the "
                        "framework as a CFPackage (JSON) and try again.")
    return data


def plan_import(root: Path, package: Json, scale: str | None = None,
                progress: Progress = NO_PROGRESS) -> CaseImport:
    """What importing `package` into the repository at `root` would write; writes nothing.

    Reports the repository's "load" and "validate", then "map" (the files planned).
    """
    existing = load_repository(root, progress=progress).model
    levels = {s.id: len(s.levels) for s in existing.scales.values()}
    with progress.phase("map") as mapping:
        draft = Mapper(package, levels, scale).run()
        result = CaseImport(warnings=draft.warnings)
        mapping.total = len(draft.scales) + len(draft.competencies) + len(draft.roles)
        for kind, documents in (("scale", draft.scales), ("competency", draft.competencies),
                                ("role", draft.roles)):
            for doc_id, doc in documents.items():
                rel = entity_file(kind, doc_id)
                if (root / rel).exists():
                    result.changes.append(Change(rel, None, "already exists: kept as it is"))
                else:
                    result.changes.append(Change(rel, render(kind, doc, rel, root), "new file", True))
                mapping.advance()
    kept = [c.rel for c in result.changes if c.text is None]
    kept_files = set(kept)  # looked up once per competency and role below
    if kept:
        result.warnings.append(f"{len(kept)} file(s) already exist and were kept as they are, "
                               "so the package's version of them was not imported: "
                               + listing(kept) + ".")
    kept_competencies = {doc_id for doc_id in draft.competencies
                         if entity_file("competency", doc_id) in kept_files}
    leaning = sorted({f"{role_id} → {req['competency']}" for role_id, role in draft.roles.items()
                      if entity_file("role", role_id) not in kept_files
                      for req in role["competencies"] if req["competency"] in kept_competencies})
    if leaning:
        result.warnings.append(f"{len(leaning)} requirement(s) of imported roles are on "
                               "competencies the map already had, whose levels may differ from "
                               "the package's: " + listing(leaning) + ". `cmap validate` "
                               "checks them.")
    for key, singular in _VOCABULARIES.items():
        entries = getattr(draft, key)
        if entries:
            result.changes.append(_vocabulary(root, key, singular, entries, result.warnings))
    return result


def write(root: Path, result: CaseImport) -> None:
    """Write the new and extended files, never through a link (see safe_write.py); a new
    file that appeared since `plan_import` is not overwritten."""
    for new in (True, False):
        files = {change.rel: change.text.encode("utf-8") for change in result.changes
                 if change.text is not None and change.new is new}
        try:
            write_files(root, files, exclusive=new)
        except FileExistsError as err:
            raise CmapError(f"{err.filename} appeared while importing; it was kept as it is. "
                            "Run the import again.") from None


def _vocabulary(root: Path, key: str, singular: str, entries: list[Json],
                warnings: list[str]) -> Change:
    rel = single_file(key)
    path = root / rel
    if not path.exists():
        count = f"{len(entries)} {singular if len(entries) == 1 else key}"
        return Change(rel, render(key, {key: entries}, rel, root), f"new file with {count}", True)
    doc, problems = load_file(path, rel)
    listed = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    if doc is None or problems or not isinstance(listed, list):
        warnings.append(f"{rel} could not be read, so no {key} were added to it: run `cmap "
                        "validate`, fix it, and import again.")
        return Change(rel, None, "unreadable: kept as it is")
    known = {e.get("id") for e in listed if isinstance(e, dict)}
    new = [e for e in entries if e["id"] not in known]
    if not new:
        return Change(rel, None, f"has every imported {singular} already")
    appended = append_items(doc.text, key, new)
    if appended.text is None:
        warnings.append(f"{rel}: {appended.reason}. Add these {key} by hand: "
                        + listing([e["id"] for e in new]) + ".")
        return Change(rel, None, "kept as it is")
    return Change(rel, appended.text, f"added {len(new)} {singular if len(new) == 1 else key}")


def render(kind: str, data: Json, rel: str, root: Path) -> str:
    """The data file `rel` of the repository at `root` as YAML text with the schema line;
    every text value is double-quoted."""
    lines = [f"# yaml-language-server: $schema={schema_reference(root, kind, rel)}",
             "# Imported from a CASE package by `cmap import case`."]
    return "\n".join(lines + _block(data, 0)) + "\n"


def _block(value: Any, indent: int) -> list[str]:
    pad, lines = " " * indent, []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines += [f"{pad}{key}:", *_block(item, indent + 2)] if item else []
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)):
                inner = _block(item, indent + 2)
                lines += [f"{pad}- {inner[0][indent + 2:]}", *inner[1:]]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _scalar(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else scalar(value)
