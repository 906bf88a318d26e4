"""`cmap import case`: start or extend the competency map from a CASE package.

A CASE framework (a CFPackage in JSON, version 1.0 or 1.1) becomes files of the map: a
scale per rubric or per set of level names, the categories, a file per competency with its
`origin` (the framework and the item it comes from), and, only when the package was
written by `cmap export case` (its `extensions.cmap`), the roles with their job families
and responsibility areas. Existing files are never overwritten: new vocabulary entries are
appended to `categories.yml`, `families.yml` and `areas.yml`, keeping every byte, and an
entity file that already exists is kept as it is and reported.

The map has two levels (category → competency) and describes levels by behavioural
indicators. A framework's tree is mapped onto that: items typed `Category`/`Competency`
keep their type; otherwise a top-level item with children is a category and every other
item a competency in its top-level ancestor's category, with the headings above it kept as
`origin.path`. Levels come from the package's rubrics, `hasSkillLevel` items or level nodes
(`levels.py`, `ladders.py`); a competency without any gets its statement as the one
indicator of the scale's middle level, to be rewritten by people.

An item imported before (the same identifier in a competency's `origin`) is not imported
again: `update.py` (`--update`) writes what the framework changed into its file instead.
Everything that is adapted, cut or left out is a warning of `CaseImport.problems`, at the
line of the package it is about; nothing is dropped silently.
"""

from __future__ import annotations

from pathlib import Path

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.findings import Findings
from generator.exchange.case.mapping import Mapper
from generator.exchange.case.package import Package
from generator.exchange.case.reading import cmap_extension, listing
from generator.exchange.case.update import Updater
from generator.exchange.case.writing import CaseImport, Change, render
from generator.files.yaml_append import append_items
from generator.files.yaml_loader import load_file
from generator.paths import entity_file, single_file
from generator.progress import NO_PROGRESS, Progress
from generator.rules.repository import load_repository

_VOCABULARIES = {"categories": "category", "families": "family", "areas": "area"}


def plan_import(root: Path, package: Package, scale: str | None = None,
                progress: Progress = NO_PROGRESS, *, update: bool = False) -> CaseImport:
    """What importing `package` into the repository at `root` would write; writes nothing.
    With `update`, the competencies imported from its items before get what changed.

    Reports the repository's "load" and "validate", then "map" (the files planned).
    """
    existing = load_repository(root, progress=progress).model
    levels = {s.id: len(s.levels) for s in existing.scales.values()}
    imported = {c.origin.identifier: c.id for c in existing.competencies.values() if c.origin}
    # A framework's new items never take the id of a competency the map has; a package of
    # cmap's own export names the map's competencies by id, so the same id is the same one.
    refused = frozenset() if cmap_extension(package.data) else frozenset(existing.competencies)
    with progress.phase("map") as mapping:
        mapper = Mapper(package, levels, scale, imported, refused)
        draft = mapper.run()
        findings = mapper.findings
        result = CaseImport(problems=findings.problems)
        mapping.total = len(draft.scales) + len(draft.competencies) + len(draft.roles)
        updater = Updater(root, existing, draft, findings, mapper.origins.framework_uri)
        for kind, documents in (("scale", draft.scales), ("competency", draft.competencies),
                                ("role", draft.roles)):
            for doc_id, doc in documents.items():
                rel = entity_file(kind, doc_id)
                if kind == "competency" and draft.items[doc_id] in imported:
                    result.changes.append(updater.change(doc_id, doc) if update
                                          else Change(rel, None, "imported before: kept as it is"))
                elif (root / rel).exists():
                    result.changes.append(Change(rel, None, "already exists: kept as it is"))
                else:
                    result.changes.append(Change(rel, render(kind, doc, rel, root), "new file", True))
                mapping.advance()
        updater.finish(update)
    _report_kept(result, draft, findings, imported, update)
    for key, singular in _VOCABULARIES.items():
        entries = getattr(draft, key)
        if entries:
            result.changes.append(_vocabulary(root, key, singular, entries, findings))
    return result


def _report_kept(result: CaseImport, draft: Draft, findings: Findings, imported: dict[str, str],
                 update: bool) -> None:
    before = [c for c in draft.competencies if draft.items[c] in imported]
    if before and not update:
        findings.warn("I681", f"{len(before)} item(s) were imported before (a competency's "
                      "`origin` names them) and were kept as they are: " + listing(before) + ".",
                      "To write what the framework changed since, run the import again with "
                      "--update (and --dry-run first to see it).", draft.items[before[0]])
    kept = [c.rel for c in result.changes if c.note.startswith("already exists")]
    kept_files = set(kept)  # looked up once per competency and role below
    if kept:
        findings.warn("I680", f"{len(kept)} file(s) already exist and were kept as they are, so "
                      "the package's version of them was not imported: " + listing(kept) + ".",
                      "Compare them with the package by hand if they should change.")
    kept_competencies = {doc_id for doc_id in draft.competencies
                         if entity_file("competency", doc_id) in kept_files}
    leaning = sorted({f"{role_id} → {req['competency']}" for role_id, role in draft.roles.items()
                      if entity_file("role", role_id) not in kept_files
                      for req in role["competencies"] if req["competency"] in kept_competencies})
    if leaning:
        findings.warn("I687", f"{len(leaning)} requirement(s) of imported roles are on "
                      "competencies the map already had, whose levels may differ from the "
                      "package's: " + listing(leaning) + ".", "`cmap validate` checks them.")


def _vocabulary(root: Path, key: str, singular: str, entries: list[Json],
                findings: Findings) -> Change:
    rel = single_file(key)
    path = root / rel
    if not path.exists():
        count = f"{len(entries)} {singular if len(entries) == 1 else key}"
        return Change(rel, render(key, {key: entries}, rel, root), f"new file with {count}", True)
    doc, problems = load_file(path, rel)
    listed = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    if doc is None or problems or not isinstance(listed, list):
        findings.warn("I685", f"{rel} could not be read, so no {key} were added to it.",
                      "Run `cmap validate`, fix it, and import again.")
        return Change(rel, None, "unreadable: kept as it is")
    known = {e.get("id") for e in listed if isinstance(e, dict)}
    new = [e for e in entries if e["id"] not in known]
    if not new:
        return Change(rel, None, f"has every imported {singular} already")
    appended = append_items(doc.text, key, new)
    if appended.text is None:
        findings.warn("I685", f"{rel}: {appended.reason}.", f"Add these {key} by hand: "
                      + listing([e["id"] for e in new]) + ".")
        return Change(rel, None, "kept as it is")
    return Change(rel, appended.text, f"added {len(new)} {singular if len(new) == 1 else key}")
