"""A CASE package as the documents of the competency map (see `importer.py`).

Pure data in, data out: `Mapper(package, target_scales).run()` returns a `Draft` with one
document per scale, competency and role, shaped as their files, the vocabulary entries,
and a warning for everything that was adapted or could not be mapped. The framework's
tree becomes categories and competencies here; `levels.py` adds scales and levels, and
`roles.py` the roles of a package `cmap export case` wrote.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.levels import Levels
from generator.exchange.case.reading import Ids, Order, cmap_extension, flat, link_id, records, slug, text_of
from generator.exchange.case.roles import map_roles
from generator.problems import CmapError, clip

V11_IDENTIFIER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")


class Mapper:
    def __init__(self, package: Json, target_scales: dict[str, int], scale: str | None = None) -> None:
        self.package, self.document = package, link_id(package["CFDocument"])
        self.draft = Draft()
        self.note = self.draft.warnings.append
        self.target_scales, self.choice = target_scales, scale
        self.items: dict[str, Json] = {}
        self.parent: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        self.skill_levels: dict[str, list[tuple[Order, str]]] = defaultdict(list)
        self.requirements: list[tuple[Order, Json]] = []
        self.ignored: Counter[str] = Counter()
        self.renamed: list[str] = []
        #: item identifier → the category it is in (None: the document's own), see `category_of`
        self.above: dict[str, str | None] = {}

    def run(self) -> Draft:
        self.check_identifiers()
        self.read_items()
        self.read_associations()
        categories = self.categorise()
        levels = Levels(self.package, self.items, self.draft, self.target_scales, self.choice)
        competencies = self.build(categories, levels)
        levels.finish()
        map_roles(self.package, self.requirements, competencies, self.draft, self.ignored)
        if self.renamed:
            self.note(f"{len(self.renamed)} id(s) were made from the items' codes or names: "
                      + ", ".join(self.renamed[:6]) + (" …" if len(self.renamed) > 6 else "") + ".")
        if self.ignored:
            self.note("Not mapped (the map has no place for them): " + ", ".join(
                f"{n} × {what}" for what, n in sorted(self.ignored.items())) + ".")
        return self.draft

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
            self.note(f"This is a CASE {version} package whose identifiers are not all CASE 1.1 "
                      f"identifiers (lowercase RFC 4122 UUIDs): {len(bad)}, e.g. "
                      f"`{clip(min(bad))}`. They were used only to link the package's parts; the "
                      "files get ids from the items' codes and names, and `cmap export case` "
                      "gives everything new identifiers.")

    def read_items(self) -> None:
        broken = 0
        for item in records(self.package.get("CFItems")):
            identifier = link_id(item)
            has_text = any(text_of(item.get(key)) for key in
                           ("fullStatement", "abbreviatedStatement", "humanCodingScheme"))
            if not identifier or not has_text or identifier in self.items:
                broken += 1
            else:
                self.items[identifier] = item
        if broken:
            self.note(f"{broken} item(s) have no identifier or no text, or repeat an "
                      "identifier; they were left out.")
        if not self.items:
            raise CmapError("the package has no items (CFItems) to import.")

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
            else:
                self.ignored[f"`{clip(kind or 'untyped')}` association"] += 1
        level_items = {dest for pairs in self.skill_levels.values() for _, dest in pairs}
        several = outside = 0
        placed: list[tuple[Order, str]] = []
        for index, identifier in enumerate(self.items):
            if identifier in level_items:
                continue
            found = sorted(pair for pair in parents[identifier] if pair[1] == self.document
                           or (pair[1] in self.items and pair[1] not in level_items))
            several += len(found) > 1
            outside += not found
            self.parent[identifier] = found[0][1] if found else self.document
            placed.append((found[0][0] if found else Order(2**31, index), identifier))
        for _, identifier in sorted(placed):
            self.children[self.parent[identifier]].append(identifier)
        if several:
            self.note(f"{several} item(s) have several parents; each was placed under its first.")
        if outside:
            self.note(f"{outside} item(s) are not linked into the document's tree (no "
                      "`isChildOf`); they were imported as if they were at its top.")

    def ordered(self) -> list[str]:
        """Items in the document's order: depth first, children in sequence."""
        result: list[str] = []
        stack, visited = list(reversed(self.children[self.document])), set()
        while stack:
            identifier = stack.pop()
            if identifier not in visited:
                visited.add(identifier)
                result.append(identifier)
                stack.extend(reversed(self.children.get(identifier, [])))
        return result + [i for i in self.parent if i not in visited]  # items in a loop

    def categorise(self) -> dict[str, str]:
        """Item identifier → category id, for the items that become categories."""
        unknown: Counter[str] = Counter()
        self.category_ids = Ids()
        categories: dict[str, str] = {}
        for identifier in self.ordered():
            item = self.items[identifier]
            typed = text_of(item.get("CFItemType"))
            if typed.casefold() not in ("", "category", "competency"):
                unknown[typed] += 1
            if typed.casefold() == "category" or (
                    typed.casefold() != "competency" and self.parent[identifier] == self.document
                    and bool(self.children.get(identifier))):
                categories[identifier] = self.code(item, "category", self.category_ids)
                name, text = self.name(item), text_of(item.get("fullStatement"))[:2000]
                self.draft.categories.append({"id": categories[identifier], "name": name, **(
                    {"description": text} if text and text != name else {})})
        if unknown:
            self.note("Items of types the map does not know were placed by their position in "
                      "the tree (a top-level item with children became a category, any other "
                      "item a competency): " + ", ".join(
                          f"{n} × `{clip(t)}`" for t, n in unknown.most_common()) + ".")
        return categories

    def code(self, item: Json, kind: str, taken: Ids) -> str:
        written = text_of(item.get("humanCodingScheme"))
        made = slug(written) or slug(self.name(item)) or f"{kind}-{link_id(item)[:8]}"
        made = taken.new(made)
        if written and written != made:
            self.renamed.append(f"`{clip(written)}` → `{made}`")
        return made

    def name(self, item: Json) -> str:
        for key in ("abbreviatedStatement", "alternativeLabel"):
            if text_of(item.get(key)):
                return flat(text_of(item.get(key)), 120)
        full = text_of(item.get("fullStatement"))
        if full and "\n" not in full and len(full) <= 120:
            return full
        return flat(text_of(item.get("humanCodingScheme")) or full, 120)

    def category_of(self, identifier: str, categories: dict[str, str]) -> tuple[str, bool]:
        """The nearest category above the item, and whether the item sat deeper than that.

        The answer is kept for every item on the way up, so that a deep tree is walked once
        (a chain of n items would otherwise cost n²/2 steps). An item whose way up ends
        outside the items or in a loop is in the document's own category.
        """
        parent = self.parent[identifier]
        deeper = parent in self.items and parent not in categories and parent != identifier
        path: list[str] = []
        on_path: set[str] = set()
        node, found = identifier, None
        while node not in self.above:
            path.append(node)
            on_path.add(node)
            parent = self.parent.get(node, "")
            if parent in categories:
                found = categories[parent]
                break
            if parent not in self.items or parent in on_path:
                break
            node = parent
        else:
            found = self.above[node]
        for node in path:
            self.above[node] = found
        if found is not None:
            return found, deeper
        if not hasattr(self, "document_category"):
            title = text_of(self.package["CFDocument"].get("title")) or "Imported framework"
            self.document_category = self.category_ids.new(slug(title) or "imported")
            self.draft.categories.append({"id": self.document_category, "name": flat(title, 120)})
        return self.document_category, deeper

    def build(self, categories: dict[str, str], levels: Levels) -> dict[str, str]:
        """The competency documents; returns item identifier → competency id."""
        ids: dict[str, str] = {}
        taken = Ids()
        nested = multiline = 0
        for identifier in self.ordered():
            if identifier in categories:
                continue
            item = self.items[identifier]
            comp_id = ids[identifier] = self.code(item, "competency", taken)
            category, deeper = self.category_of(identifier, categories)
            full = text_of(item.get("fullStatement")) or self.name(item)
            nested, multiline = nested + deeper, multiline + ("\n" in full)
            scale, described = levels.of(identifier, comp_id, full,
                                         [d for _, d in sorted(self.skill_levels[identifier])])
            owner = cmap_extension(item).get("owner")
            self.draft.competencies[comp_id] = {
                "id": comp_id, "name": self.name(item), "category": category, "scale": scale,
                "description": full[:4000],
                **({"owner": owner} if isinstance(owner, str) and HANDLE.fullmatch(owner) else {}),
                "levels": [{"level": n, "indicators": described[n]} for n in sorted(described)]}
        if nested:
            self.note(f"{nested} item(s) sat below other competencies; the map has two levels "
                      "(category → competency), so each was placed directly in its category.")
        if multiline:
            self.note(f"{multiline} statement(s) have several lines (Markdown, tables); they are "
                      "kept as written: the site shows paragraphs, lists, emphasis and links, "
                      "and anything else (a table) as typed.")
        return ids
