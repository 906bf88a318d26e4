"""The competency map as a CASE v1.1 package (1EdTech Competencies and Academic Standards
Exchange), for HR systems, LMSs and framework registries such as OpenSALT.

What goes where:

- CFDocument: the company's map (title from mkdocs.yml, creator the company).
- CFItems: each category (CFItemType `Category`) and competency (`Competency`):
  `humanCodingScheme` is the id, `abbreviatedStatement` the name, `fullStatement` the
  description. A competency `isChildOf` its category, a category `isChildOf` the document.
- Imported competencies (an `origin`, see `origin.py`) keep their framework's code as
  `humanCodingScheme` (the id is then in `extensions.cmap.id`), its notes and education
  levels, and link to the item they come from with an `exactMatchOf` association; the
  whole origin is in `extensions.cmap.origin`, so the package reads back into the same
  files. When every competency comes from one framework, that framework's creator stays the
  document's `creator` and the company is its `publisher`; otherwise the company is both,
  and the document's `notes` credit each framework used.
- CFRubrics: one rubric per proficiency scale. Its first criterion (no CFItemURI) holds the
  scale's general meaning of each level; then one criterion per competency on that scale
  (CFItemURI → the competency item) whose criterion levels carry the behavioural
  indicators, one per line (`quality` the level's name, `score` and `position` its number).
  Rubrics rather than level items linked by `hasSkillLevel`: a level is then never
  mistaken for a competency (no item-type guessing on import, the framework tree stays the
  catalogue), the level number and name have their own fields, and CASE consumers show
  exactly the grid of competencies × levels the site shows, so the package reads back
  into the same files.
- Role profiles: associations of type `ext:requiresCompetency` from the role (a node
  outside the framework, `targetType` `ext:cmap.role`) to the competency item, with
  `extensions.cmap` {role, level, critical, note, expectations} and a readable `notes`. The roles'
  other fields, the job families and the responsibility areas are in the package's
  `extensions.cmap`, so that `cmap import case` can rebuild the role files.

Identifiers are name-based UUIDs (RFC 4122 version 5, lowercase): the framework's title
gives a namespace, and each object's kind and id a name in it. They stay the same across
builds and machines and change only when the title or an id changes; `uri` is the
identifier as a URN (`urn:uuid:…`), since the site serves no CASE API to resolve.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from generator.model.competency_map import Competency, CompetencyMap, Origin, Role, Scale, Term

#: cmap's namespace for CASE identifiers (itself uuid5 of the URL namespace and "cmap").
CMAP_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://cmap.invalid/case")
EXTENSION_VERSION = 1
ITEM_TYPES = {"Category": "A group of competencies in the company's catalogue.",
              "Competency": "A competency, with behavioural indicators per proficiency level."}

Json = dict[str, Any]


@dataclass(frozen=True)
class Publisher:
    """Who publishes the framework and under which name (from mkdocs.yml and the map)."""

    title: str = "Competency map"
    creator: str = "cmap"
    site_url: str = ""
    description: str = ""
    language: str = ""


def timestamp(when: datetime | None = None) -> str:
    """An RFC 3339 date-time in UTC, to the second."""
    moment = (when or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.isoformat(timespec="seconds")


def case_package(model: CompetencyMap, publisher: Publisher, changed: datetime | None = None) -> Json:
    """The CFPackage as JSON-ready data; every record carries the `changed` time."""
    return _Package(model, publisher, timestamp(changed)).build()


class _Package:
    def __init__(self, model: CompetencyMap, publisher: Publisher, changed: str) -> None:
        self.model, self.publisher, self.changed = model, publisher, changed
        self.namespace = uuid.uuid5(CMAP_NAMESPACE, publisher.title)
        self.associations: list[Json] = []

    def ident(self, name: str) -> str:
        return str(uuid.uuid5(self.namespace, name))

    def record(self, name: str, **fields: Any) -> Json:
        identifier = self.ident(name)
        body = {k: v for k, v in fields.items() if v not in ("", None, [], {})}
        return {"identifier": identifier, "uri": f"urn:uuid:{identifier}", **body,
                "lastChangeDateTime": self.changed}

    def link(self, name: str, title: str, target: str | None = None) -> Json:
        identifier = self.ident(name)
        link = {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}
        return {**link, "targetType": target} if target else link

    def build(self) -> Json:
        p, m = self.publisher, self.model
        document = self.record("document", creator=self.creator(), title=p.title, caseVersion="1.1",
                               officialSourceURL=p.site_url, publisher=p.creator,
                               description=p.description, language=p.language, notes=self.credits())
        self.document_link = self.link("document", p.title)
        categories = [self.category(term, n) for n, term in enumerate(m.categories.values(), 1)]
        competencies = [self.competency(c) for c in m.competencies.values()]
        for role in m.roles.values():
            self.requirements(role)
        return {
            "CFDocument": document,
            "CFItems": categories + competencies,
            "CFAssociations": self.associations,
            "CFDefinitions": {"CFItemTypes": [
                self.record(f"item-type/{name}", title=name, description=text, hierarchyCode=str(n),
                            typeCode=name.lower())
                for n, (name, text) in enumerate(ITEM_TYPES.items(), 1)]},
            "CFRubrics": [self.rubric(scale) for scale in m.scales.values()],
            "extensions": {"cmap": self.extension()},
        }

    def creator(self) -> str:
        """The creator of the framework the whole map comes from, else the company."""
        origins = [c.origin for c in self.model.competencies.values()]
        creators = {o.creator for o in origins if o is not None}
        if origins and None not in origins and len(creators) == 1 and "" not in creators:
            return creators.pop()
        return self.publisher.creator

    def credits(self) -> str:
        """A line per framework the map's competencies come from: title, creator, source."""
        frameworks: dict[str, Origin] = {}
        for comp in self.model.competencies.values():
            if comp.origin is not None:
                frameworks.setdefault(comp.origin.framework, comp.origin)
        lines = [f"Adapted from “{o.framework_title or o.framework}”"
                 + (f" by {o.creator}" if o.creator else "") + f" ({o.source_url or o.framework})"
                 + (f", licence {o.license}" if o.license else "") + "."
                 for o in frameworks.values()]
        return "\n".join(lines)

    def item_type(self, name: str) -> Json:
        return {"CFItemType": name, "CFItemTypeURI": self.link(f"item-type/{name}", name)}

    def category(self, term: Term, position: int) -> Json:
        key = f"category/{term.id}"
        self.child(key, term.name, self.document_link, position)
        return self.record(key, fullStatement=term.description or term.name,
                           abbreviatedStatement=term.name, humanCodingScheme=term.id,
                           listEnumeration=str(position), **self.item_type("Category"))

    def competency(self, comp: Competency) -> Json:
        siblings = [c.id for c in self.model.competencies.values() if c.category == comp.category]
        position = siblings.index(comp.id) + 1
        category = self.model.categories.get(comp.category)
        self.child(f"competency/{comp.id}", comp.name,
                   self.link(f"category/{comp.category}", category.name if category else comp.category),
                   position)
        origin = comp.origin
        code = origin.code if origin and origin.code else comp.id
        extension = {**({"id": comp.id} if code != comp.id else {}),
                     **({"owner": comp.owner} if comp.owner else {}),
                     **({"origin": origin_data(origin)} if origin else {})}
        if origin:
            self.exact_match(comp, origin)
        return self.record(f"competency/{comp.id}", fullStatement=comp.description,
                           abbreviatedStatement=comp.name, humanCodingScheme=code,
                           listEnumeration=str(position), **self.item_type("Competency"),
                           notes=origin.notes if origin else "",
                           educationLevel=list(origin.education_levels) if origin else [],
                           extensions={"cmap": extension} if extension else None)

    def exact_match(self, comp: Competency, origin: Origin) -> None:
        """The competency is the framework's item: `exactMatchOf` from ours to theirs."""
        uri = next((u for u in (origin.item, origin.framework) if _is_uri(u)), "")
        if uri:
            self.associations.append(self.record(
                f"exactMatchOf/{comp.id}", associationType="exactMatchOf",
                originNodeURI=self.link(f"competency/{comp.id}", comp.name),
                destinationNodeURI={"title": origin.code or comp.name,
                                    "identifier": origin.identifier, "uri": uri}))

    def child(self, key: str, title: str, parent: Json, position: int) -> None:
        self.associations.append(self.record(
            f"isChildOf/{key}", associationType="isChildOf", sequenceNumber=position,
            originNodeURI=self.link(key, title), destinationNodeURI=parent))

    def requirements(self, role: Role) -> None:
        origin = self.link(f"role/{role.id}", role.title, "ext:cmap.role")
        for position, req in enumerate(role.requirements, 1):
            comp = self.model.competencies.get(req.competency)
            scale = self.model.scales.get(comp.scale) if comp else None
            level = scale.level(req.level) if scale else None
            named = f"level {req.level}" + (f" ({level.name})" if level else "")
            name = comp.name if comp else req.competency
            notes = f"{role.title} requires {name} at {named}" + (", critical." if req.critical else ".")
            if req.expectations:
                notes += " Expected: " + " ".join(" ".join(e.split()) for e in req.expectations)
            extension = {"role": role.id, "competency": req.competency, "level": req.level,
                         "critical": req.critical, **({"note": req.note} if req.note else {}),
                         **({"expectations": list(req.expectations)} if req.expectations else {})}
            self.associations.append(self.record(
                f"requires/{role.id}/{req.competency}", associationType="ext:requiresCompetency",
                sequenceNumber=position, originNodeURI=origin,
                destinationNodeURI=self.link(f"competency/{req.competency}", name, "CASE"),
                notes=notes, extensions={"cmap": extension}))

    def rubric(self, scale: Scale) -> Json:
        rubric_key = f"scale/{scale.id}"
        rubric_id = self.ident(rubric_key)
        general: dict[int, tuple[str, ...]] = {lv.level: (lv.description,) for lv in scale.levels}
        criteria = [self.criterion(scale, rubric_id, None, general, 0)]
        on_scale = [c for c in self.model.competencies.values() if c.scale == scale.id]
        criteria += [self.criterion(scale, rubric_id, c, c.indicators, n)
                     for n, c in enumerate(on_scale, 1)]
        return self.record(rubric_key, title=scale.name, description=scale.description,
                           CFRubricCriteria=criteria, extensions={"cmap": {"scale": scale.id}})

    def criterion(self, scale: Scale, rubric_id: str, comp: Competency | None,
                  texts: dict[int, tuple[str, ...]], position: int) -> Json:
        key = f"scale/{scale.id}/criterion/{comp.id if comp else '-'}"
        criterion_id = self.ident(key)
        levels = []
        for number in sorted(texts):
            level = scale.level(number)
            levels.append(self.record(
                f"{key}/level/{number}", quality=level.name if level else f"Level {number}",
                score=number, position=number, rubricCriterionId=criterion_id,
                description="\n".join(" ".join(text.split()) for text in texts[number])))
        return self.record(
            key, category="Competency" if comp else "Scale", position=position,
            description=comp.name if comp else f"What each level of {scale.name} means",
            CFItemURI=self.link(f"competency/{comp.id}", comp.name) if comp else None,
            rubricId=rubric_id, CFRubricCriterionLevels=levels)

    def extension(self) -> Json:
        def terms(values: dict[str, Term]) -> list[Json]:
            return [{"id": t.id, "name": t.name, **({"description": t.description} if t.description
                                                    else {})} for t in values.values()]

        roles = []
        for role in self.model.roles.values():
            optional = {"grade": role.grade, "reports_to": role.reports_to,
                        "next_roles": list(role.next_roles)}
            roles.append({"id": role.id, "identifier": self.ident(f"role/{role.id}"),
                          "title": role.title, "family": role.family, "summary": role.summary,
                          **{k: v for k, v in optional.items() if v},
                          "responsibilities": {a: list(r) for a, r in role.responsibilities.items()}})
        return {"version": EXTENSION_VERSION, "areas": terms(self.model.areas),
                "families": terms(self.model.families), "roles": roles}


def origin_data(origin: Origin) -> Json:
    """An origin as a competency file writes it (the fields that are set)."""
    fields = {"framework": origin.framework, "framework_title": origin.framework_title,
              "creator": origin.creator, "publisher": origin.publisher,
              "source_url": origin.source_url, "license": origin.license,
              "identifier": origin.identifier, "item": origin.item, "code": origin.code,
              "notes": origin.notes, "changed": origin.changed, "path": list(origin.path),
              "education_levels": list(origin.education_levels)}
    return {key: value for key, value in fields.items() if value}


def _is_uri(text: str) -> bool:
    """An absolute URI without spaces, as the binding's `format: uri` wants."""
    scheme, _, rest = text.partition(":")
    return bool(scheme) and bool(rest) and scheme[0].isalpha() and not any(c.isspace() for c in text) \
        and all(c.isalnum() or c in "+-." for c in scheme)
