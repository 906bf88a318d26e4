"""Model rules, what they read and what they yield. A model rule checks what JSON Schema
cannot see, because it needs more than one file.

A rule is a check with its code and title; it reads the assembled model through a
`Context` and yields findings that name a file and a key path. Each rules module lists its
rules at its bottom, `rule_table.py` lists the modules, and `repository.py` turns the
findings into problems at the right line. A reference to a file that exists but failed its
own check is not reported again: the file's own error says what to fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from generator.model.competency_map import CompetencyMap
from generator.paths import entity_folder, plan_file, single_file
from generator.problems import Severity, clip

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    path: str
    keypath: KeyPath
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR


@dataclass
class Context:
    model: CompetencyMap
    #: ids of files that exist but could not be assembled, per kind ("role", "competency", …).
    broken: dict[str, set[str]] = field(default_factory=dict)
    #: (path, kind, file name without suffix, id written in the file) for every entity file.
    written_ids: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: (path, list key, ids in file order) for lists of entries inside one file.
    listed_ids: list[tuple[str, str, list[str]]] = field(default_factory=list)
    #: the same repository at a base revision, for rules that compare (`--base`).
    base: CompetencyMap | None = None
    #: the level numbers each competency describes, in file order, repeats included.
    competency_levels: dict[str, list[int]] = field(default_factory=dict)
    #: the day the rules check for (a date after it has not come yet).
    today: date = field(default_factory=date.today)
    #: for a needs file whose entries were checked only in part (the others failed their
    #: schema), the position in the file of each entry the model holds.
    entry_positions: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def entry_number(self, path: str, index: int) -> int:
        """The entry's number in its file, counted from 1, as its author sees it."""
        positions = self.entry_positions.get(path)
        return (positions[index] if positions else index) + 1

    def in_file(self, finding: Finding) -> Finding:
        """The finding with its key path counted in the file, not in the model."""
        keypath, positions = finding.keypath, self.entry_positions.get(finding.path)
        index = keypath[1] if positions and len(keypath) > 1 and keypath[0] == "entries" else None
        if positions is None or not isinstance(index, int):
            return finding
        return replace(finding, keypath=("entries", positions[index], *keypath[2:]))

    def exists(self, kind: str, ident: str) -> bool:
        """True when `ident` is defined, or cannot be checked because its file is broken."""
        list_file = _LIST_FILES.get(kind)
        if list_file and list_file in self.broken:
            return True
        return ident in self._known(kind) or ident in self.broken.get(kind, set())

    def unknown(self, path: str, keypath: KeyPath, kind: str, ident: str) -> Iterator[Finding]:
        """A finding for a reference that resolves to nothing, with a spelling suggestion."""
        if self.exists(kind, ident):
            return
        close = difflib.get_close_matches(ident, list(self._known(kind)), n=1)
        guess = f"Did you mean `{close[0]}`? " if close else ""
        yield Finding(path, keypath, "R303", f"There is no {_NOUNS[kind]} `{clip(ident)}`.",
                      guess + _WHERE[kind])

    def _known(self, kind: str) -> dict[str, object]:
        if kind == "group":
            return {group.id: group for group in self.model.governance.groups}
        known: dict[str, object] = getattr(self.model, _COLLECTIONS[kind])
        return known


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  #: what holds when the rule finds nothing
    check: Callable[[Context], Iterable[Finding]]


#: Kinds defined as entries of one list file: when that file is broken, nothing can be checked.
_LIST_FILES = {"area": "areas", "category": "categories", "family": "families",
               "group": "governance"}
_COLLECTIONS = {
    "scale": "scales", "competency": "competencies", "department": "departments",
    "role": "roles", "area": "areas", "category": "categories", "family": "families",
    "plan": "cycles",
}
_NOUNS = {
    "scale": "scale", "competency": "competency", "department": "department", "role": "role",
    "area": "responsibility area", "category": "category", "family": "job family",
    "group": "approver group", "plan": "training cycle",
}
_WHERE = {
    "scale": f"Scales are the files in `{entity_folder('scale')}/`.",
    "competency": f"Competencies are the files in `{entity_folder('competency')}/`.",
    "department": f"Departments are the files in `{entity_folder('department')}/`.",
    "role": f"Roles are the files in `{entity_folder('role')}/`.",
    "area": f"Responsibility areas are listed in `{single_file('areas')}`.",
    "category": f"Categories are listed in `{single_file('categories')}`.",
    "family": f"Job families are listed in `{single_file('families')}`.",
    "group": f"Approver groups are listed in `{single_file('governance')}`.",
    "plan": f"A cycle is declared by its file `{plan_file('<cycle>')}` (`cmap new cycle ID`).",
}
