"""`cmap import model`: the competency map from a workbook or a folder of CSV tables.

The tables are read and checked at their cells (`sources.py`, `cells.py`, `documents.py`,
`checks.py`); then each file they describe is planned: a new file is written whole (with
the `$schema` line every data file starts with), an existing one is changed where its
meaning changes and nowhere else (`merging.py`, then `files/yaml_edit.py`, which keeps
every other line, comment and quote). Nothing is ever deleted: what the repository has and
the workbook does not list (a competency, a level, a role's requirement, a vocabulary
entry …) stays, and a warning says where it is and what to do. The repository as the
import would leave it is validated on a copy; any error means nothing is written.

Phases reported to `progress`: the repository's "load" and "validate", "read" (the
workbook or folder), "rows" (checked and put together), "plan" (the files), then "result
load" and "result validate" (the copy).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.exchange import trial
from generator.exchange.sheets.checks import ENTITIES, VOCABULARIES, check
from generator.exchange.sheets.documents import Given, Stated, read_rows
from generator.exchange.sheets.merging import Kept, differences, merge, same
from generator.exchange.sheets.sources import read_source
from generator.files.safe_write import check_path, write_files
from generator.files.yaml_edit import edit, render
from generator.files.yaml_loader import Document, load_file
from generator.model.competency_map import CompetencyMap
from generator.paths import entity_file, schema_reference, single_file
from generator.problems import CmapError, Problem, Severity, clip
from generator.progress import NO_PROGRESS, Progress
from generator.rules.schema_check import schema

_KEEP = "The import never deletes: delete it from the file if it should go, or add the row " \
        "to the sheet."
#: The sheet that lists each kind of entity file.
_LISTS = {"competency": "Competencies", "role": "Roles", "department": "Departments",
          "scale": "Scales"}
#: Each collection of a file, stated item by item: the sheet that states it, what tells its
#: items apart (None: it is a mapping), and how to name an item.
_PARTS: dict[tuple[str, str], tuple[str, str | None, str]] = {
    ("competency", "levels"): ("Competencies", "level", "level {key} of `{ident}`"),
    ("role", "competencies"): ("Profiles", "competency", "`{key}` in the profile of `{ident}`"),
    ("role", "responsibilities"): ("Responsibilities", None, "the area `{key}` of `{ident}`"),
    ("department", "staffing"): ("Staffing", None, "`{key}` in `{ident}`"),
    ("scale", "levels"): ("Scales", "level", "level {key} of the scale `{ident}`"),
    **{(kind, kind): (kind.title(), "id", "the entry `{key}`") for kind in VOCABULARIES},
}


@dataclass(frozen=True)
class Change:
    """A file the import writes: its path from the root, its new text, and what changes."""

    rel: str
    text: str
    created: bool
    what: str

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


#: What an import of the map would write; errors mean nothing may be written.
Outcome = trial.Outcome[Change]


def plan_import(root: Path, path: Path, name: str, progress: Progress = NO_PROGRESS) -> Outcome:
    """What importing the workbook or folder `path` (named `name` in messages) would write
    into the repository at `root`; writes nothing."""
    from generator.rules.repository import load_repository

    model = load_repository(root, progress=progress).model
    with progress.phase("read"):
        source = read_source(path, name)
    with progress.phase("rows", total=sum(len(t.rows) for t in source.tables.values())) as rows:
        stated = read_rows(source)
        check(stated, model)
        rows.advance(rows.total or 0)
    outcome = Outcome(problems=stated.problems)
    if outcome.ok:
        _seed(stated, set(source.tables))
        with progress.phase("plan", total=len(stated.given)) as planning:
            for given in stated.given.values():
                change = _plan(root, model, given, outcome.problems)
                if change is not None:
                    outcome.changes.append(change)
                planning.advance()
        outcome.problems += _unlisted(model, stated, set(source.tables))
    if outcome.ok and outcome.changes:
        outcome.problems += trial.errors_after(root, {c.rel: c.data for c in outcome.changes}, progress)
    outcome.changes.sort(key=lambda change: change.rel)
    outcome.problems.sort(key=lambda p: (p.path, p.sheet, p.line, p.column, p.code))
    return outcome


def write(root: Path, outcome: Outcome) -> None:
    """Write the planned files, never through a link (see safe_write.py); a new file that
    appeared since `plan_import` is not overwritten."""
    for created in (True, False):
        files = {c.rel: c.data for c in outcome.changes if c.created is created}
        try:
            write_files(root, files, exclusive=created)
        except FileExistsError as err:
            raise CmapError(f"{err.filename} appeared while importing; it was kept as it is. "
                            "Run the import again.") from None


def _seed(stated: Stated, sheets: set[str]) -> None:
    """A sheet that is there states every collection it holds, also when it has no row for
    an entity: its items in the files are then not stated (and kept, with a warning)."""
    for (kind, _ident), given in stated.given.items():
        for (part_kind, part), (sheet, key, _) in _PARTS.items():
            if part_kind == kind and sheet in sheets:
                given.keyed(part, key)


def _plan(root: Path, model: CompetencyMap, given: Given, problems: list[Problem]) -> Change | None:
    rel = _file_of(model, given)
    path = check_path(root, rel)  # nothing is read or written through a link
    doc: Document | None = None
    if path.exists():
        doc, load_problems = load_file(path, rel)
        if doc is None or load_problems:
            problems.append(Problem(rel, 1, 1, "I648", f"{rel} cannot be read, so the workbook's "
                                    "changes to it cannot be made.", "Run `cmap validate`, fix "
                                    "the file, and import again."))
            return None
    fields = {"id": given.ident, **given.fields} if given.ident else given.fields
    old = doc.data if doc is not None else None
    new, kept = merge(old, fields, _order(given.kind))
    problems += [_kept_warning(doc, given, item) for item in kept if doc is not None]
    if old is not None and same(old, new) and list(old) == list(new):
        return None
    what = "; ".join(differences(old or {}, new))
    if doc is None:
        head = [f"# yaml-language-server: $schema={schema_reference(root, given.kind, rel)}"]
        return Change(rel, render(new, head), True, "new file")
    bom = path.read_bytes().startswith(codecs.BOM_UTF8)
    edited = edit(("\ufeff" if bom else "") + doc.text, old or {}, new)
    if edited.text is None:
        problems.append(Problem(rel, 1, 1, "I648", f"{rel} cannot be changed automatically: "
                                f"{edited.reason}.", f"Make these changes by hand: {clip(what, 600)}."))
        return None
    return Change(rel, edited.text, False, what)


def _file_of(model: CompetencyMap, given: Given) -> str:
    if given.kind in VOCABULARIES:
        return single_file(given.kind)
    table = next(table for table, kind in ENTITIES.items() if kind == given.kind)
    known = getattr(model, table).get(given.ident)
    return known.source.path if known is not None else entity_file(given.kind, given.ident)


def _order(kind: str) -> dict[str, list[str]]:
    """The schema's order of a file's keys (""), and of its collections' item keys."""
    properties = schema(kind)["properties"]
    order = {"": list(properties)}
    for name, rule in properties.items():
        items = rule.get("items", {}) if rule.get("type") == "array" else {}
        if "properties" in items:
            order[name] = list(items["properties"])
    return order


def _kept_warning(doc: Document, given: Given, item: Kept) -> Problem:
    sheet, _, what = _PARTS[given.kind, item.field]
    line, column = doc.locate(item.place)
    return Problem(doc.path, line, column, "I647", f"The {sheet} sheet has no row for "
                   f"{what.format(key=clip(item.key), ident=given.ident)}: it stays in the file.",
                   _KEEP, Severity.WARNING)


def _unlisted(model: CompetencyMap, stated: Stated, sheets: set[str]) -> list[Problem]:
    """A warning for each entity of the repository that its sheet does not list."""
    found = []
    for table, kind in ENTITIES.items():
        sheet = _LISTS[kind]
        if sheet not in sheets:
            continue
        entities: dict[str, Any] = getattr(model, table)
        for ident, entity in entities.items():
            given = stated.given.get((kind, ident))
            if given is None or not given.listed_in:
                found.append(Problem(entity.source.path, 1, 1, "I647", f"The {sheet} sheet does "
                                     f"not list the {kind} `{ident}`: its file stays as it is.",
                                     "The import never deletes a file: delete it if the "
                                     f"{kind} should go (`cmap validate` then names what still "
                                     "refers to it), or add its rows to the sheet.",
                                     Severity.WARNING))
    return found
