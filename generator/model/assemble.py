"""Turn documents that passed their schema check into model objects.

The schema guarantees shapes and types here, so this module only maps fields; every rule
that looks across files lives in `generator.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.files.discovery import DataFile
from generator.files.yaml_loader import Document
from generator.model import assemble_cycles
from generator.model.competency_map import (
    Competency,
    CompetencyMap,
    Department,
    Governance,
    Group,
    Head,
    Level,
    Origin,
    Requirement,
    Role,
    Scale,
    Source,
    Term,
)


def assemble(valid: Iterable[tuple[DataFile, Document]]) -> CompetencyMap:
    cmap = CompetencyMap()
    for file, doc in valid:
        data, source = doc.data, Source(file.rel)
        if file.kind == "scale":
            cmap.scales[file.stem] = _scale(data, source)
        elif file.kind == "competency":
            cmap.competencies[file.stem] = _competency(data, source)
        elif file.kind == "department":
            cmap.departments[file.stem] = _department(data, source)
        elif file.kind == "role":
            cmap.roles[file.stem] = _role(data, source)
        elif file.kind in ("areas", "categories", "families"):
            terms = {t["id"]: Term(t["id"], t["name"], t.get("description", "")) for t in data[file.kind]}
            setattr(cmap, file.kind, terms)
            cmap.vocabulary_sources[file.kind] = source
        elif file.kind == "governance":
            cmap.governance = _governance(data, source)
        elif file.kind == "plan":
            cmap.cycles[file.stem] = assemble_cycles.cycle(data, source)
        elif file.kind == "needs":
            cycle_id = file.path.parent.name
            cmap.submissions[cycle_id, file.stem] = assemble_cycles.submission(
                data, cycle_id, file.stem, source)
    for (cycle_id, department), sub in sorted(cmap.submissions.items()):
        if cycle_id in cmap.cycles:
            cmap.cycles[cycle_id].submissions[department] = sub
    return cmap


def _scale(data: dict[str, Any], source: Source) -> Scale:
    levels = tuple(Level(lv["level"], lv["name"], lv.get("description", "")) for lv in data["levels"])
    return Scale(data["id"], data["name"], levels, source, data.get("description", ""))


def _competency(data: dict[str, Any], source: Source) -> Competency:
    indicators = {lv["level"]: tuple(lv["indicators"]) for lv in data["levels"]}
    return Competency(data["id"], data["name"], data["category"], data["scale"],
                      data["description"], indicators, source, data.get("owner", ""),
                      _origin(data["origin"]) if "origin" in data else None)


def _origin(data: dict[str, Any]) -> Origin:
    texts = {k: v for k, v in data.items() if isinstance(v, str)}
    return Origin(**texts, path=tuple(data.get("path", ())),
                  education_levels=tuple(data.get("education_levels", ())))


def _department(data: dict[str, Any], source: Source) -> Department:
    head = Head(data["head"]["name"], data["head"]["handle"])
    return Department(data["id"], data["name"], data["type"], head, source,
                      data.get("parent", ""), data.get("description", ""),
                      data.get("location", ""), dict(data.get("staffing", {})))


def _role(data: dict[str, Any], source: Source) -> Role:
    requirements = tuple(
        Requirement(r["competency"], r["level"], r.get("critical", False), r.get("note", ""),
                    tuple(r.get("expectations", ())))
        for r in data["competencies"]
    )
    responsibilities = {area: tuple(items) for area, items in data["responsibilities"].items()}
    return Role(data["id"], data["title"], data["family"], data["summary"], responsibilities,
                requirements, source, str(data.get("grade", "")), data.get("reports_to", ""),
                tuple(data.get("next_roles", ())))


def _governance(data: dict[str, Any], source: Source) -> Governance:
    groups = tuple(Group(g["id"], g["name"], tuple(g["members"]), g.get("description", ""))
                   for g in data["groups"])
    return Governance(groups, tuple(data.get("model_owners", ())),
                      tuple(data.get("plan_approvers", ())), source)
