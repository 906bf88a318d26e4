"""The whole validated model as one JSON document, described by `schemas/export.schema.json`.

Field names are those of the YAML files; each entity also says which file it came from
(`source`). Optional values that are absent are `null` (or empty lists and objects), so a
consumer finds every field on every entity. Needs carry their `key`
(department/role/competency), the way programs' `answers` refer to them.
"""

from __future__ import annotations

from typing import Any

from generator.exchange.json_layout import record_lines
from generator.model.competency_map import CompetencyMap, Origin, Term
from generator.model.cycles import Cycle, Need, Program, Submission

FORMAT = "cmap-export"
VERSION = 1
Json = dict[str, Any]


def model_json(model: CompetencyMap, *, title: str = "", exported: str = "",
               schema_url: str = "") -> Json:
    """The model as JSON-ready data; `exported` is an RFC 3339 time (see `case.exporter.timestamp`)."""
    head: Json = {"$schema": schema_url} if schema_url else {}
    return {
        **head, "format": FORMAT, "version": VERSION, "title": title or None,
        "exported": exported or None,
        "scales": [{"id": s.id, "name": s.name, "description": _opt(s.description),
                    "levels": [{"level": lv.level, "name": lv.name, "description": lv.description}
                               for lv in s.levels], "source": s.source.path}
                   for s in model.scales.values()],
        "categories": _terms(model.categories), "areas": _terms(model.areas),
        "families": _terms(model.families),
        "competencies": [{"id": c.id, "name": c.name, "category": c.category, "scale": c.scale,
                          "description": c.description, "owner": _opt(c.owner),
                          "levels": [{"level": n, "indicators": list(c.indicators[n])}
                                     for n in sorted(c.indicators)],
                          "origin": _origin(c.origin), "source": c.source.path}
                         for c in model.competencies.values()],
        "roles": [{"id": r.id, "title": r.title, "family": r.family, "grade": _opt(r.grade),
                   "summary": r.summary, "reports_to": _opt(r.reports_to),
                   "next_roles": list(r.next_roles),
                   "responsibilities": {a: list(items) for a, items in r.responsibilities.items()},
                   "competencies": [{"competency": q.competency, "level": q.level,
                                     "critical": q.critical, "note": _opt(q.note),
                                     "expectations": list(q.expectations)}
                                    for q in r.requirements], "source": r.source.path}
                  for r in model.roles.values()],
        "departments": [{"id": d.id, "name": d.name, "type": d.type, "parent": _opt(d.parent),
                         "description": _opt(d.description), "location": _opt(d.location),
                         "head": {"name": d.head.name, "handle": d.head.handle},
                         "staffing": dict(d.staffing), "source": d.source.path}
                        for d in model.departments.values()],
        "governance": {"groups": [{"id": g.id, "name": g.name, "description": _opt(g.description),
                                   "members": list(g.members)} for g in model.governance.groups],
                       "model_owners": list(model.governance.model_owners),
                       "plan_approvers": list(model.governance.plan_approvers)},
        "cycles": [_cycle(c) for c in model.cycles.values()],
    }


def model_text(model: CompetencyMap, **options: str) -> str:
    """`model_json` as UTF-8 JSON text, a record per line (`json_layout`)."""
    return record_lines(model_json(model, **options))


def _opt(text: str) -> str | None:
    return text or None


def _origin(origin: Origin | None) -> Json | None:
    """The `origin:` of an imported competency, field for field as in its file."""
    if origin is None:
        return None
    return {"framework": origin.framework, "framework_title": _opt(origin.framework_title),
            "creator": _opt(origin.creator), "publisher": _opt(origin.publisher),
            "source_url": _opt(origin.source_url), "license": _opt(origin.license),
            "identifier": origin.identifier, "item": _opt(origin.item), "code": _opt(origin.code),
            "notes": _opt(origin.notes), "changed": _opt(origin.changed), "path": list(origin.path),
            "education_levels": list(origin.education_levels)}


def _terms(terms: dict[str, Term]) -> list[Json]:
    return [{"id": t.id, "name": t.name, "description": _opt(t.description)} for t in terms.values()]


def _cycle(c: Cycle) -> Json:
    return {"id": c.id, "title": c.title, "description": _opt(c.description),
            "period": {"start": c.start, "end": c.end}, "needs_due": c.needs_due,
            "review_on": _opt(c.review_on), "status": c.status, "owner": _opt(c.owner),
            "currency": _opt(c.currency),
            "priorities": [{"competency": p.competency, "weight": p.weight, "reason": p.reason}
                           for p in c.priorities],
            "budget": {"total": c.budget_total, "departments": dict(c.budget_by_department)},
            "programs": [_program(p) for p in c.programs],
            "unanswered": [{"need": need, "reason": reason} for need, reason in c.unanswered],
            "approvals": [{"group": a.group, "handle": a.handle, "date": a.date,
                           "pull_request": a.pull_request} for a in c.approvals],
            "amendments": [{"date": a.date, "pull_request": a.pull_request, "reason": a.reason}
                           for a in c.amendments],
            "submissions": [_submission(s) for s in c.submissions.values()],
            "source": c.source.path}


def _program(p: Program) -> Json:
    ev = p.evaluation
    return {"id": p.id, "title": p.title, "description": _opt(p.description),
            "competencies": [{"competency": c, "target": t} for c, t in p.targets],
            "answers": list(p.answers),
            "audience": {"roles": list(p.audience_roles), "departments": list(p.audience_departments)},
            "delivery": {"mode": p.mode, "lecturer": _opt(p.lecturer), "vendor": _opt(p.vendor)},
            "sessions": [{"date": s.date, "location": _opt(s.location), "capacity": s.capacity,
                          "status": s.status, "attended": s.attended} for s in p.sessions],
            "capacity": p.capacity, "seats": p.seats, "cost": p.cost,
            "cost_by_department": dict(p.cost_by_department), "owner": _opt(p.owner),
            "status": p.status,
            "evaluation": None if ev is None else {
                "reaction": ev.reaction,
                "learning": None if ev.learning_pre is None or ev.learning_post is None
                else {"pre": ev.learning_pre, "post": ev.learning_post},
                "behaviour": _opt(ev.behaviour), "results": _opt(ev.results)}}


def _submission(s: Submission) -> Json:
    return {"department": s.department, "submitted_by": s.submitted_by,
            "submitted_on": s.submitted_on, "notes": _opt(s.notes),
            "entries": [_need(n) for n in s.needs], "source": s.source.path}


def _need(n: Need) -> Json:
    f = n.follow_up
    return {"key": n.key, "role": n.role, "competency": n.competency, "current": n.current,
            "target": n.target, "headcount": n.headcount, "priority": n.priority,
            "evidence": n.evidence, "delivery": _opt(n.delivery), "needed_by": _opt(n.needed_by),
            "justification": _opt(n.justification),
            "follow_up": None if f is None else {
                "level_reached": f.level_reached, "headcount_reached": f.headcount_reached,
                "date": f.date, "notes": _opt(f.notes)}}
