"""The tree of a CASE package: its items, which item hangs below which, and the other
associations the map reads (level items, role requirements), with a warning for each
record it cannot place. `mapping.py` turns the tree into the map's documents.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from generator.exchange.case.exporter import Json
from generator.exchange.case.findings import Findings
from generator.exchange.case.package import Package, fatal
from generator.exchange.case.reading import Order, cmap_extension, link_id, listing, records, text_of
from generator.problems import clip

V11_IDENTIFIER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


class Tree:
    def __init__(self, package: Package, findings: Findings) -> None:
        self.source, self.package, self.findings = package, package.data, findings
        self.document = link_id(self.package["CFDocument"])
        self.items: dict[str, Json] = {}
        self.parent: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        self.skill_levels: dict[str, list[tuple[Order, str]]] = defaultdict(list)
        self.requirements: list[tuple[Order, Json]] = []
        #: association kinds the map has no place for, and the first of them
        self.ignored: Counter[str] = Counter()
        self.first_ignored = ""
        self.check_identifiers()
        self.read_items()
        self.read_associations()

    def check_identifiers(self) -> None:
        bad: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, dict):
                for key, inner in value.items():
                    if key in ("identifier", "rubricId", "rubricCriterionId"):
                        if isinstance(inner, str) and not V11_IDENTIFIER.fullmatch(inner):
                            bad.add(inner)
                    elif key not in ("originNodeURI", "destinationNodeURI", "extensions"):
                        walk(inner)
            elif isinstance(value, list):
                for inner in value:
                    walk(inner)

        walk(self.package)
        if bad:
            version = "1.1" if self.package["CFDocument"].get("caseVersion") == "1.1" else "1.0"
            self.findings.warn(
                "I663", f"This is a CASE {version} package whose identifiers are not all CASE 1.1 "
                f"identifiers (lowercase RFC 4122 UUIDs): {len(bad)}, e.g. `{clip(min(bad))}`.",
                "They were used only to link the package's parts and to find its items again "
                "(`origin`); the files get ids from the items' codes and names, and `cmap export "
                "case` gives everything new identifiers.", min(bad))

    def read_items(self) -> None:
        anonymous = 0
        for item in records(self.package.get("CFItems")):
            identifier = link_id(item)
            has_text = any(text_of(item.get(key)) for key in
                           ("fullStatement", "abbreviatedStatement", "humanCodingScheme"))
            if not identifier:
                anonymous += 1
            elif identifier in self.items:
                self.findings.warn("I664", f"The identifier `{clip(identifier)}` is used by more "
                                   "than one item; the second one was left out.",
                                   "Give every item its own identifier at the source.", identifier)
            elif not has_text:
                self.findings.warn("I664", f"The item `{clip(identifier)}` has no statement, "
                                   "name or code; it was left out.", "Add its statement at the "
                                   "source, or add the competency by hand.", identifier)
            else:
                self.items[identifier] = item
        if anonymous:
            self.findings.warn("I664", f"{anonymous} item(s) have no identifier; they were left out.",
                               "Give them identifiers at the source and import again.", "CFItems")
        if not self.items:
            raise fatal(self.source, "I662", "The package has no items (CFItems) to import.",
                        "Export the framework with its items.", "CFItems")

    def read_associations(self) -> None:
        parents: dict[str, list[tuple[Order, str]]] = defaultdict(list)
        for index, assoc in enumerate(records(self.package.get("CFAssociations"))):
            kind = assoc.get("associationType")
            kind = kind if isinstance(kind, str) else ""
            origin = link_id(assoc.get("originNodeURI"))
            dest = link_id(assoc.get("destinationNodeURI"))
            at = Order.of(assoc, "sequenceNumber", index)
            if kind == "isChildOf" and origin in self.items:
                parents[origin].append((at, dest))
            elif kind == "hasSkillLevel" and origin in self.items and dest in self.items:
                self.skill_levels[origin].append((at, dest))
            elif kind == "ext:requiresCompetency" and cmap_extension(assoc):
                self.requirements.append((at, assoc))
            elif kind == "exactMatchOf" and cmap_extension(self.items.get(origin, {})).get("origin"):
                continue  # cmap's own link to the source: the item's `origin` says it
            else:
                self.ignored[f"`{clip(kind or 'untyped')}` association"] += 1
                self.first_ignored = self.first_ignored or link_id(assoc)
        level_items = {dest for pairs in self.skill_levels.values() for _, dest in pairs}
        several: list[str] = []
        outside: list[str] = []
        placed: list[tuple[Order, str]] = []
        for index, identifier in enumerate(self.items):
            if identifier in level_items:
                continue
            found = sorted(pair for pair in parents[identifier] if pair[1] == self.document
                           or (pair[1] in self.items and pair[1] not in level_items))
            if len(found) > 1:
                several.append(identifier)
            if not found:
                outside.append(identifier)
            self.parent[identifier] = found[0][1] if found else self.document
            placed.append((found[0][0] if found else Order(2**31, index), identifier))
        for _, identifier in sorted(placed):
            self.children[self.parent[identifier]].append(identifier)
        if several:
            self.findings.warn("I665", f"{len(several)} item(s) have several parents; each was "
                               "placed under its first: " + listing(several) + ".",
                               "Its other places in the framework are not in the map.", several[0])
        if outside:
            self.findings.warn("I665", f"{len(outside)} item(s) are not linked into the "
                               "document's tree (no `isChildOf`); they were imported as if they "
                               "were at its top: " + listing(outside) + ".",
                               "Check their categories.", outside[0])

    def ordered(self, consumed: set[str]) -> list[str]:
        """Items in the document's order: depth first, children in sequence; the `consumed`
        ones (levels of another item, see `ladders.py`) are left out."""
        result: list[str] = []
        stack, visited = list(reversed(self.children[self.document])), set()
        while stack:
            identifier = stack.pop()
            if identifier not in visited and identifier not in consumed:
                visited.add(identifier)
                result.append(identifier)
                stack.extend(reversed(self.children.get(identifier, [])))
        return result + [i for i in self.parent if i not in visited and i not in consumed]  # loops
