"""Where an imported competency comes from: the `origin:` of its file.

Each competency made from a CASE item records the framework (its URI, title, creator,
publisher, official source URL and licence), the item (its identifier, URI and code), the
headings above it in the framework (`path`), its education levels, its notes and when it
last changed. The competency page links to the item, `cmap export case` keeps the code,
credits the creator and links each item back with `exactMatchOf`, and `cmap import case
--update` finds the competency again by the item's identifier.

A package `cmap export case` wrote carries each competency's origin in its
`extensions.cmap.origin`: that one is kept as it is, so a map read back is the same map.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.exchange.case.exporter import Json
from generator.exchange.case.findings import Findings
from generator.exchange.case.names import cut_at_word, one_line
from generator.exchange.case.reading import cmap_extension, link_id, listing, text_of

#: The limits of `origin` in competency.schema.json.
LIMITS = {"framework": 2000, "framework_title": 300, "creator": 300, "publisher": 300,
          "source_url": 2000, "license": 2000, "identifier": 500, "item": 2000, "code": 200,
          "notes": 4000, "changed": 64}
PATH_DEPTH, PATH_ENTRY = 20, 200
EDUCATION_LEVELS, EDUCATION_LEVEL = 30, 50
#: The document's fields an origin keeps; the others are listed as not kept.
_DOCUMENT_KEPT = {"identifier", "uri", "title", "creator", "publisher", "officialSourceURL",
                  "licenseURI", "lastChangeDateTime", "caseVersion", "CFPackageURI", "extensions"}
#: The item's fields the import uses; the others are listed as not kept.
_ITEM_KEPT = {"identifier", "uri", "fullStatement", "abbreviatedStatement", "alternativeLabel",
              "humanCodingScheme", "CFItemType", "CFItemTypeURI", "notes", "educationLevel",
              "educationalLevel", "lastChangeDateTime", "CFDocumentURI", "CFItemAssociationURI",
              "listEnumeration", "extensions"}


class Origins:
    def __init__(self, package: Json, findings: Findings) -> None:
        self.findings = findings
        #: a package of cmap's own export: its document is the company's map, so only the
        #: origins it carries are origins
        self.own = bool(cmap_extension(package))
        doc = package["CFDocument"]
        self.framework_uri = text_of(doc.get("uri")) or text_of(doc.get("identifier"))
        license_link = doc.get("licenseURI")
        license_uri = text_of(license_link.get("uri")) if isinstance(license_link, dict) else ""
        self.framework = self.fitted({
            "framework": self.framework_uri, "framework_title": one_line(text_of(doc.get("title"))),
            "creator": one_line(text_of(doc.get("creator"))),
            "publisher": one_line(text_of(doc.get("publisher"))),
            "source_url": text_of(doc.get("officialSourceURL")), "license": license_uri,
        }, "The framework's", link_id(doc))
        dropped = sorted(k for k, v in doc.items() if k not in _DOCUMENT_KEPT and v not in ("", None, [], {}))
        if dropped and not self.own:
            self.findings.warn(
                "I667", "The map keeps the framework's URI, title, creator, publisher, source URL "
                "and licence with each competency, but not its " + listing(dropped) + ".",
                "They stay in the framework" + (f" ({self.framework['source_url']})"
                                                if self.framework.get("source_url") else "") + ".",
                link_id(doc))
        self.unkept: Counter[str] = Counter()
        self.first_unkept = ""

    def of(self, identifier: str, item: Json, path: tuple[str, ...]) -> Json | None:
        """The origin of the competency made from `item`; `path`: the names above it."""
        written = cmap_extension(item).get("origin")
        if isinstance(written, dict) and text_of(written.get("identifier")) and text_of(
                written.get("framework")):
            return _as_written(written)
        if self.own:
            return None
        for key, value in item.items():
            if key not in _ITEM_KEPT and value not in ("", None, [], {}):
                self.unkept[key] += 1
                self.first_unkept = self.first_unkept or identifier
        levels = item.get("educationLevel", item.get("educationalLevel"))
        levels = [levels] if isinstance(levels, str) else levels if isinstance(levels, list) else []
        levels = [self.findings.fit(one_line(v), EDUCATION_LEVEL, "An education level", identifier)
                  for v in levels if isinstance(v, str) and v.strip()]
        if len(levels) > EDUCATION_LEVELS:
            self.findings.warn("I669", f"The item has {len(levels)} education levels; the map keeps "
                               f"the first {EDUCATION_LEVELS}.", "The others stay in the framework.",
                               identifier)
        own = self.fitted({
            "identifier": identifier, "item": text_of(item.get("uri")),
            "code": one_line(text_of(item.get("humanCodingScheme"))),
            "notes": text_of(item.get("notes")), "changed": text_of(item.get("lastChangeDateTime")),
        }, "The item's", identifier)
        return {**self.framework, **own,
                **({"path": [cut_at_word(p, PATH_ENTRY) for p in path[:PATH_DEPTH]]} if path else {}),
                **({"education_levels": levels[:EDUCATION_LEVELS]} if levels else {})}

    def fitted(self, fields: dict[str, str], whose: str, at: str) -> Json:
        """The non-empty fields, each cut to its limit with a warning."""
        return {key: self.findings.fit(value, LIMITS[key], f"{whose} `{key}`", at)
                for key, value in fields.items() if value}

    def finish(self) -> None:
        if self.unkept:
            self.findings.warn(
                "I667", "Item fields the map has no place for were not kept: " + ", ".join(
                    f"{n} × `{key}`" for key, n in sorted(self.unkept.items())) + ".",
                "They stay in the framework; each competency's `origin` links to its item.",
                self.first_unkept)


def _as_written(origin: Json) -> Json:
    """An origin as `cmap export case` carries it: only the fields the schema knows, of the
    right types and sizes (the package may have been edited since)."""
    kept: Json = {}
    for key, limit in LIMITS.items():
        value = origin.get(key)
        if isinstance(value, str) and value.strip():
            kept[key] = cut_at_word(value, limit)
    for key, depth, size in (("path", PATH_DEPTH, PATH_ENTRY),
                             ("education_levels", EDUCATION_LEVELS, EDUCATION_LEVEL)):
        values: Any = origin.get(key)
        if isinstance(values, list):
            strings = [cut_at_word(one_line(v), size) for v in values if isinstance(v, str) and v.strip()]
            if strings:
                kept[key] = strings[:depth]
    order = ["framework", "framework_title", "creator", "publisher", "source_url", "license",
             "identifier", "item", "code", "notes", "changed", "path", "education_levels"]
    return {key: kept[key] for key in order if key in kept}
