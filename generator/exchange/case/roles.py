"""Roles, job families and responsibility areas from a package `cmap export case` wrote.

A role is not part of a CASE framework: the export keeps the roles' fields, the families
and the areas in the package's `extensions.cmap`, and each line of a role's profile as an
association of type `ext:requiresCompetency` from the role (a node outside the framework)
to the competency item, with `extensions.cmap` {level, critical, note, expectations}. A
package without that extension has no roles to import; its `ext:requiresCompetency`
associations are reported as not mapped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from generator.exchange.case.draft import Draft
from generator.exchange.case.exporter import Json
from generator.exchange.case.findings import Findings
from generator.exchange.case.reading import (
    Order,
    cmap_extension,
    good_id,
    link_id,
    listing,
    records,
    text_of,
)
from generator.problems import clip

EXPECTATIONS, EXPECTATION = 20, 1000


def map_roles(package: Json, requirements: list[tuple[Order, Json]], competencies: dict[str, str],
              draft: Draft, findings: Findings, ignored: Counter[str]) -> None:
    """Add the roles, families and areas to `draft`; `competencies`: item identifier → id."""
    extension = cmap_extension(package)
    roles = records(extension.get("roles"))
    if not roles:
        if requirements:
            ignored["`ext:requiresCompetency` association without the roles it belongs to"] += len(
                requirements)
        return
    draft.families.extend(_terms(extension.get("families"), findings))
    draft.areas.extend(_terms(extension.get("areas"), findings))
    by_role: dict[str, list[Json]] = defaultdict(list)
    dropped = 0
    for _, assoc in sorted(requirements, key=lambda pair: pair[0]):
        facts = cmap_extension(assoc)
        competency = competencies.get(link_id(assoc.get("destinationNodeURI")), "")
        level, at = facts.get("level"), link_id(assoc)
        if not competency or isinstance(level, bool) or not isinstance(level, int):
            dropped += 1
            continue
        what = f"role `{clip(facts.get('role', '?'))}` × `{competency}`"
        note = findings.fit(text_of(facts.get("note")), 500, f"The note of {what}", at)
        written = facts.get("expectations")
        expectations = [findings.fit(text_of(e), EXPECTATION, f"An expectation of {what}", at)
                        for e in written if text_of(e)] if isinstance(written, list) else []
        if len(expectations) > EXPECTATIONS:
            findings.warn("I669", f"{what} has {len(expectations)} expectations; the map keeps "
                          f"{EXPECTATIONS}, so the last {len(expectations) - EXPECTATIONS} were left out.",
                          "Merge expectations, or keep the ones that matter most.", at)
        by_role[link_id(assoc.get("originNodeURI"))].append(
            {"competency": competency, "level": level,
             **({"critical": True} if facts.get("critical") is True else {}),
             **({"note": note} if note else {}),
             **({"expectations": expectations[:EXPECTATIONS]} if expectations else {})})
    skipped = []
    for role in roles:
        document = _role(role, by_role.get(link_id(role), []), findings)
        if document is None:
            skipped.append(str(role.get("id", "?")))
        else:
            draft.roles[document["id"]] = document
    if dropped:
        findings.warn("I686", f"{dropped} role requirement(s) name a competency that was not "
                      "imported, or no level; they were left out.",
                      "Add them to the roles by hand once the competencies exist.")
    if skipped:
        findings.warn("I686", f"{len(skipped)} role(s) lack an id, title, family, summary, "
                      "responsibilities or any required competency and were not imported: "
                      + listing(skipped) + ".", "Write these roles by hand (see `cmap validate`).")


def _terms(value: Any, findings: Findings) -> list[Json]:
    return [{"id": t["id"], "name": findings.fit(" ".join(text_of(t.get("name")).split()), 120,
                                                 f"The name of `{t['id']}`", "extensions"),
             **({"description": findings.fit(text_of(t["description"]), 2000,
                                             f"The description of `{t['id']}`", "extensions")}
                if text_of(t.get("description")) else {})}
            for t in records(value) if good_id(t.get("id")) and text_of(t.get("name"))]


def _role(role: Json, requirements: list[Json], findings: Findings) -> Json | None:
    written = role.get("responsibilities")
    areas: dict[str, list[str]] = {}
    what = f"role `{clip(role.get('id', '?'))}`"
    if isinstance(written, dict):
        for area, entries in written.items():
            lines = [findings.fit(" ".join(text_of(e).split()), 500, f"A responsibility of {what}",
                                  "extensions")
                     for e in entries if text_of(e)] if isinstance(entries, list) else []
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
    return {"id": role["id"], "title": findings.fit(" ".join(title.split()), 120,
                                                   f"The title of {what}", "extensions"),
            "family": role["family"], **({"grade": grade} if grade else {}),
            "summary": findings.fit(summary, 2000, f"The summary of {what}", "extensions"),
            **({"reports_to": role["reports_to"]} if good_id(role.get("reports_to")) else {}),
            **({"next_roles": next_roles} if next_roles else {}),
            "responsibilities": areas, "competencies": requirements}
