"""`cmap import case --update`: a newer version of a framework, as a reviewable change.

The competencies imported from the framework before are found by the item identifier in
their `origin`, whatever their files are called now. For each of them:

- `origin` (code, path, notes, the framework's details) always follows the framework;
- the name, description, scale and levels follow it only when the item itself changed
  (its `lastChangeDateTime` differs from `origin.changed`, or either is missing), so that
  names and texts people improved by hand are not rewritten for nothing; levels only when
  the framework states them (never the assumed middle level);
- the category is the company's: it is never moved.

The changed fields are written into the file in place (`rewrite.py`), keeping everything
else byte for byte; a field that holds comments is left to people (I683). New items become
new files, items the framework no longer has are listed (I682) and never deleted, and
importing the same version again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.findings import Findings
from generator.exchange.case.reading import listing
from generator.exchange.case.rewrite import replace_fields
from generator.exchange.case.writing import Change, block
from generator.files.yaml_loader import load_file
from generator.model.competency_map import CompetencyMap
from generator.paths import entity_file


class Updater:
    def __init__(self, root: Path, existing: CompetencyMap, draft: Draft, findings: Findings,
                 framework: str) -> None:
        self.root, self.existing, self.draft, self.findings = root, existing, draft, findings
        self.framework = framework
        self.matched = 0

    def change(self, comp_id: str, doc: Json) -> Change:
        """The change of the competency `comp_id` the framework's item `doc` was imported as."""
        self.matched += 1
        rel = entity_file("competency", comp_id)
        at = self.draft.items[comp_id]
        document, problems = load_file(self.root / rel, rel)
        if document is None or problems or not isinstance(document.data, dict):
            self.findings.warn("I683", f"{rel} could not be read, so the framework's changes to "
                               "it were not written.", "Run `cmap validate`, fix the file, and "
                               "import again with --update.", at)
            return Change(rel, None, "unreadable: kept as it is")
        fields = self.fields(comp_id, document.data, doc)
        if not fields:
            return Change(rel, None, "unchanged")
        rewritten = replace_fields(document.text, fields, lambda key, value: block({key: value}, 0))
        if rewritten.text is None:
            item = doc.get("origin", {}).get("item", "")
            self.findings.warn("I683", f"{rel}: {rewritten.reason}, so the framework's new "
                               + ", ".join(f"`{key}`" for key in fields) + " were not written.",
                               "Write what the framework now says into the file by hand"
                               + (f" (its item: {item})" if item else "") + ", or move the "
                               "comments out of the way and import again with --update.", at)
            return Change(rel, None, "kept as it is: change it by hand")
        return Change(rel, rewritten.text, "updated " + ", ".join(fields))

    def fields(self, comp_id: str, written: dict[str, Any], doc: Json) -> Json:
        """The fields of the file that take the framework's new values."""
        origin = written.get("origin")
        before = origin.get("changed") if isinstance(origin, dict) else None
        item_changed = not before or before != doc.get("origin", {}).get("changed")
        fields: Json = {}
        if item_changed:
            fields.update({key: doc[key] for key in ("name", "description") if written.get(key) != doc[key]})
            if comp_id not in self.draft.assumed:
                fields.update({key: doc[key] for key in ("scale", "levels") if written.get(key) != doc[key]})
        if "origin" in doc and origin != doc["origin"]:
            fields["origin"] = doc["origin"]
        return fields

    def finish(self, update: bool) -> None:
        """List the competencies whose items the framework no longer has; say when nothing in
        the map comes from this framework."""
        if not update:
            return
        still = set(self.draft.items.values())
        gone = [c.id for c in self.existing.competencies.values()
                if c.origin and c.origin.framework == self.framework and c.origin.identifier not in still]
        if gone:
            self.findings.warn("I682", f"{len(gone)} item(s) imported before are no longer in this "
                               "version of the framework; their competencies were kept: "
                               + listing(gone) + ".",
                               "Delete them by hand if the company no longer needs them (check "
                               "the role profiles that require them first).", "CFItems")
        if not self.matched:
            self.findings.warn("I684", "No competency of the map comes from this framework yet, so "
                               "--update had nothing to update: every item was imported as new.",
                               "Check that this is the framework you imported before.")
