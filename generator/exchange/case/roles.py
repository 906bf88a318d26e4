"""Roles, job families and responsibility areas from a package `cmap export case` wrote.

A role is not part of a CASE framework: the export keeps the roles' fields, the families
and the areas in the package's `extensions.cmap`, and each line of a role's profile as an
association of type `ext:requiresCompetency` from the role (a node outside the framework)
to the competency item, with `extensions.cmap` {level, critical, note}. A package without
that extension has no roles to import; its `ext:requiresCompetency` associations are
reported as not mapped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.reading import (
    Order,
    cmap_extension,
    flat,
    good_id,
    link_id,
    listing,
    records,
    text_of,
)


def map_roles(package: Json, requirements: list[tuple[Order, Json]], competencies: dict[str, str],
              draft: Draft, ignored: Counter[str]) -> None:
    """Add the roles, families and areas to `draft`; `competencies`: item identifier → id."""
    extension = cmap_extension(package)
    roles = records(extension.get("roles"))
    if not roles:
        if requirements:
            ignored["`ext:requiresCompetency` association without the roles it belongs to"] += len(
                requirements)
        return
    draft.families.extend(_terms(extension.get("families")))
    draft.areas.extend(_terms(extension.get("areas")))
    by_role: dict[str, list[Json]] = defaultdict(list)
    dropped = 0
    for _, assoc in sorted(requirements, key=lambda pair: pair[0]):
        facts = cmap_extension(assoc)
        competency = competencies.get(link_id(assoc.get("destinationNodeURI")), "")
        level, note = facts.get("level"), text_of(facts.get("note"))[:500]
        if not competency or isinstance(level, bool) or not isinstance(level, int):
            dropped += 1
            continue
        by_role[link_id(assoc.get("originNodeURI"))].append(
            {"competency": competency, "level": level,
             **({"critical": True} if facts.get("critical") is True else {}),
             **({"note": note} if note else {})})
    skipped = []
    for role in roles:
        document = _role(role, by_role.get(link_id(role), []))
        if document is None:
            skipped.append(str(role.get("id", "?")))
        else:
            draft.roles[document["id"]] = document
    if dropped:
        draft.warnings.append(f"{dropped} role requirement(s) name a competency that was not "
                              "imported, or no level; they were left out.")
    if skipped:
        draft.warnings.append(
            f"{len(skipped)} role(s) lack an id, title, family, summary, responsibilities or any "
            "required competency and were not imported: " + listing(skipped) + ".")


def _terms(value: Any) -> list[Json]:
    return [{"id": t["id"], "name": flat(text_of(t.get("name")), 120),
             **({"description": text_of(t["description"])[:2000]} if text_of(t.get("description")) else {})}
            for t in records(value) if good_id(t.get("id")) and text_of(t.get("name"))]


def _role(role: Json, requirements: list[Json]) -> Json | None:
    written = role.get("responsibilities")
    areas: dict[str, list[str]] = {}
    if isinstance(written, dict):
        for area, entries in written.items():
            lines = [flat(text_of(e), 500) for e in entries if text_of(e)] \
                if isinstance(entries, list) else []
            if good_id(area) and lines:
                areas[area] = lines
    title, summary = text_of(role.get("title")), text_of(role.get("summary"))
    if not (good_id(role.get("id")) and good_id(role.get("family")) and title and summary
            and areas and requirements):
        return None
    grade = role.get("grade")
    grade = str(grade) if isinstance(grade, (str, int)) and not isinstance(grade, bool) else ""
    written_next = role.get("next_roles")
    next_roles = list(dict.fromkeys(r for r in written_next if good_id(r))) \
        if isinstance(written_next, list) else []
    return {"id": role["id"], "title": flat(title, 120), "family": role["family"],
            **({"grade": grade} if grade else {}), "summary": summary[:2000],
            **({"reports_to": role["reports_to"]} if good_id(role.get("reports_to")) else {}),
            **({"next_roles": next_roles} if next_roles else {}),
            "responsibilities": areas, "competencies": requirements}
