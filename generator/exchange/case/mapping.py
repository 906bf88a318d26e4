"""A CASE package as the documents of the competency map (see `importer.py`).

Pure data in, data out: `Mapper(package, target_scales).run()` returns a `Draft` with one
document per scale, competency and role, shaped as their files, and the vocabulary
entries; `Mapper.findings` holds a warning for everything that was adapted, cut or left
out, at the line of the record concerned. The framework's tree becomes categories and
competencies here; `tree.py` reads the items and associations, `ladders.py` finds level
nodes, `levels.py` adds scales and levels, `names.py` names, `origin.py` where each
competency comes from, and `roles.py` the roles of a package `cmap export case` wrote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.findings import Findings
from generator.exchange.case.ladders import Step, find_progressions, step_of
from generator.exchange.case.levels import Levels
from generator.exchange.case.names import Named, short_name, tell_apart
from generator.exchange.case.origin import PATH_DEPTH, Origins
from generator.exchange.case.package import Package
from generator.exchange.case.reading import (
    Ids,
    cmap_extension,
    good_id,
    link_id,
    listing,
    slug,
    text_of,
)
from generator.exchange.case.roles import map_roles
from generator.exchange.case.tree import Tree
from generator.problems import clip

HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")
DESCRIPTION_LIMIT, CATEGORY_DESCRIPTION_LIMIT = 4000, 2000


class Mapper:
    def __init__(self, package: Package, target_scales: dict[str, int], scale: str | None = None,
                 known: Mapping[str, str] | None = None, refused: frozenset[str] = frozenset()) -> None:
        """`known`: item identifier → id of the competency imported from it before (it keeps
        its id); `refused`: ids new competencies must not take (the map's other ones)."""
        self.package = package.data
        self.draft = Draft()
        self.findings = Findings(package)
        self.tree = Tree(package, self.findings)
        # shorthands: the tree's tables, read all through the mapping
        self.items, self.parent, self.children = self.tree.items, self.tree.parent, self.tree.children
        self.target_scales, self.choice = target_scales, scale
        self.known = dict(known or {})
        self.refused = refused
        self.renamed: list[str] = []
        self.names: dict[str, str] = {}
        self.shortened: list[str] = []
        #: item identifier → the category it is in (None: the document's own), see `category_of`
        self.above: dict[str, str | None] = {}

    def run(self) -> Draft:
        tree = self.tree
        self.progressions = find_progressions(self.items, self.children, self.parent, self.name)
        if self.progressions.level_nodes:
            nodes = self.progressions.level_nodes
            self.findings.warn("I679", f"{len(nodes)} item(s) are named like levels (e.g. "
                               f"`{clip(self.name(self.items[nodes[0]]))}`): they became the levels "
                               "of the competencies above or below them, not competencies.",
                               "Check the scales and levels written for them.", nodes[0])
        categories = self.categorise()
        levels = Levels(self.package, self.items, self.draft, self.findings, self.target_scales,
                        self.choice)
        self.origins = Origins(self.package, self.findings)
        ids = self.build(categories, levels)
        levels.finish(ids)
        self.draft.assumed = {ids[i] for i in levels.plain}
        self.origins.finish()
        map_roles(self.package, tree.requirements, ids, self.draft, self.findings, tree.ignored)
        self.report()
        return self.draft

    def categorise(self) -> dict[str, str]:
        """Item identifier → category id, for the items that become categories."""
        unknown: Counter[str] = Counter()
        first_unknown = ""
        self.category_ids = Ids()
        categories: dict[str, str] = {}
        for identifier in self.tree.ordered(self.progressions.consumed):
            item = self.items[identifier]
            typed = text_of(item.get("CFItemType"))
            if typed.casefold() not in ("", "category", "competency"):
                unknown[typed] += 1
                first_unknown = first_unknown or identifier
            if typed.casefold() == "category" or (
                    typed.casefold() != "competency" and self.parent[identifier] == self.tree.document
                    and bool(self.children.get(identifier))):
                categories[identifier] = self.code(item, "category", self.category_ids)
                name = self.name(item)
                text = self.findings.fit(text_of(item.get("fullStatement")), CATEGORY_DESCRIPTION_LIMIT,
                                         f"The statement of the category `{clip(name)}`", identifier)
                self.draft.categories.append({"id": categories[identifier], "name": name, **(
                    {"description": text} if text and text != name else {})})
        if unknown:
            self.findings.warn(
                "I666", "Items of types the map does not know were placed by their position in "
                "the tree (a top-level item with children became a category, any other item a "
                "competency): " + ", ".join(f"{n} × `{clip(t)}`" for t, n in unknown.most_common()) + ".",
                "Check the categories; move competencies between them by hand if needed.",
                first_unknown)
        self.category_items = set(categories)
        return categories

    def code(self, item: Json, kind: str, taken: Ids) -> str:
        written = text_of(item.get("humanCodingScheme"))
        base = slug(written) or slug(self.name(item)) or f"{kind}-{link_id(item)[:8]}"
        made = taken.new(base)
        if (written and written != made) or made != base:  # a code, or an id taken before
            self.renamed.append(f"`{clip(written or self.name(item))}` → `{made}`")
        return made

    def name(self, item: Json) -> str:
        """A name for the item: its short label (unless that is only its code), else its
        statement made short (its first line when it has several), else its code."""
        identifier = link_id(item)
        if identifier in self.names:
            return self.names[identifier]
        name, made = "", False
        code = text_of(item.get("humanCodingScheme"))
        for key in ("abbreviatedStatement", "alternativeLabel", "fullStatement", "humanCodingScheme"):
            text = text_of(item.get(key))
            if text and (text != code or key == "humanCodingScheme"):
                first = next(line for line in text.split("\n") if line.strip())
                name = short_name(first if key == "fullStatement" else text)
                made = name != " ".join(text.split())
                break
        name = name.rstrip(" :;,") if made else name
        if made:
            self.shortened.append(identifier)
        self.names[identifier] = name
        return name

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
            self.draft.categories.append({"id": self.document_category, "name": short_name(title)})
        return self.document_category, deeper

    def build(self, categories: dict[str, str], levels: Levels) -> dict[str, str]:
        """The competency documents; returns item identifier → competency id."""
        ids: dict[str, str] = {}
        taken = Ids(set(self.known.values()), lambda i: i in self.refused)
        paths: dict[str, tuple[str, ...]] = {}
        nested: list[str] = []
        multiline: list[str] = []
        named: list[Named] = []
        too_deep: list[str] = []
        for identifier in self.tree.ordered(self.progressions.consumed):
            parent = self.parent.get(identifier, "")
            if parent in self.items:
                above = paths.get(parent, ())
                if len(above) >= PATH_DEPTH:
                    too_deep.append(identifier)
                paths[identifier] = (*above, self.name(self.items[parent]))[:PATH_DEPTH]
            if identifier in categories:
                continue
            item = self.items[identifier]
            written = cmap_extension(item).get("id")
            comp_id = ids[identifier] = self.known.get(identifier) or (
                taken.new(written) if good_id(written) else self.code(item, "competency", taken))
            category, deeper = self.category_of(identifier, categories)
            name = self.name(item)
            full = text_of(item.get("fullStatement")) or name
            if deeper:
                nested.append(comp_id)
            if "\n" in full:
                multiline.append(comp_id)
            scale, described = levels.of(identifier, name, full, self.ladder(identifier))
            owner = cmap_extension(item).get("owner")
            origin = self.origins.of(identifier, item, paths.get(identifier, ()))
            self.draft.items[comp_id] = identifier
            self.draft.competencies[comp_id] = {
                "id": comp_id, "name": name, "category": category, "scale": scale,
                "description": self.findings.fit(full, DESCRIPTION_LIMIT,
                                                 f"The statement of `{clip(name)}`", identifier),
                **({"owner": owner} if isinstance(owner, str) and HANDLE.fullmatch(owner) else {}),
                "levels": [{"level": n, "indicators": described[n]} for n in sorted(described)],
                **({"origin": origin} if origin else {})}
            named.append(Named(comp_id, category, name, text_of(item.get("humanCodingScheme")),
                               self.names.get(parent, "")))
        self.tell_apart(named)
        if too_deep:
            self.findings.warn("I668", f"{len(too_deep)} item(s) sit more than {PATH_DEPTH} headings "
                               f"deep; their `origin.path` keeps the top {PATH_DEPTH}.",
                               "The whole path stays in the framework.", too_deep[0])
        if nested:
            self.findings.warn("I677", f"{len(nested)} item(s) sat below other competencies; the "
                               "map has two levels (category → competency), so each was placed "
                               "directly in its category, with the headings above it kept as "
                               "`origin.path`: " + listing(nested) + ".",
                               "Check the categories.", self.draft.items[nested[0]])
        if multiline:
            self.findings.warn("I678", f"{len(multiline)} statement(s) have several lines "
                               "(Markdown, tables); they are kept as written: " + listing(multiline)
                               + ".", "The site shows paragraphs, lists, emphasis and links, and "
                               "anything else (a table) as typed: check their pages.",
                               self.draft.items[multiline[0]])
        return ids

    def ladder(self, identifier: str) -> list[Step]:
        """The levels the package states for an item: level nodes, or `hasSkillLevel` items."""
        if identifier in self.progressions.ladders:
            return self.progressions.ladders[identifier]
        level_items = [i for _, i in sorted(self.tree.skill_levels.get(identifier, []))]
        return [step_of(self.items[i], i, n, []) for n, i in enumerate(level_items, 1)]

    def tell_apart(self, named: list[Named]) -> None:
        renamed = tell_apart(named)
        for comp_id, name in renamed.items():
            self.draft.competencies[comp_id]["name"] = name
        if renamed:
            first = next(iter(renamed))
            self.findings.warn("I676", f"{len(renamed)} competencies would have the name another one "
                               "of their category has; their code (or the heading above them) was "
                               "added in brackets: " + listing(list(renamed.values())) + ".",
                               "Give them names of their own if the brackets read badly.",
                               self.draft.items[first])

    def report(self) -> None:
        named = {*self.draft.items.values(), *self.category_items}
        shortened = [i for i in self.shortened if i in named]
        if shortened:
            self.findings.warn("I675", f"{len(shortened)} item(s) have statements too long for a "
                               "name (120 characters) and no short name of their own; each got "
                               "its statement's first sentence or clause as its name, and keeps "
                               "the whole statement as its description.",
                               "Read the names and improve those that do not say enough.", shortened[0])
        if self.renamed:
            self.findings.warn("I674", f"{len(self.renamed)} id(s) were made from the items' codes "
                               "or names (numbered where that id was taken): "
                               + ", ".join(self.renamed[:6]) +
                               (" …" if len(self.renamed) > 6 else "") + ".",
                               "Ids are file names and web addresses; the codes stay in `origin.code`.")
        if self.tree.ignored:
            self.findings.warn("I667", "Not mapped (the map has no place for them): " + ", ".join(
                f"{n} × {what}" for what, n in sorted(self.tree.ignored.items())) + ".",
                "They stay in the framework.", self.tree.first_ignored)
