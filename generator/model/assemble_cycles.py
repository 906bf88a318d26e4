"""Turn valid plan and needs documents into cycle objects (see `cycles.py`)."""

from __future__ import annotations

from typing import Any

from generator.model.cycles import (
    Amendment,
    Approval,
    Cycle,
    Evaluation,
    FollowUp,
    Need,
    Priority,
    Program,
    Session,
    Submission,
)
from generator.model.source import Source


def cycle(data: dict[str, Any], source: Source) -> Cycle:
    budget = data.get("budget", {})
    return Cycle(
        id=data["id"], title=data["title"], start=data["period"]["start"],
        end=data["period"]["end"], needs_due=data["needs_due"], status=data["status"],
        source=source, review_on=data.get("review_on", ""), owner=data.get("owner", ""),
        description=data.get("description", ""), currency=data.get("currency", ""),
        budget_total=budget.get("total"), budget_by_department=dict(budget.get("departments", {})),
        programs=tuple(_program(p) for p in data.get("programs", ())),
        unanswered=tuple((u["need"], u["reason"]) for u in data.get("unanswered", ())),
        approvals=tuple(Approval(a["group"], a["handle"], a["date"], a["pull_request"])
                        for a in data.get("approvals", ())),
        amendments=tuple(Amendment(a["date"], a["pull_request"], a["reason"])
                         for a in data.get("amendments", ())),
        priorities=tuple(Priority(p["competency"], p["weight"], p["reason"])
                         for p in data.get("priorities", ())),
    )


def submission(data: dict[str, Any], cycle_id: str, department: str, source: Source) -> Submission:
    needs = tuple(_need(e, cycle_id, department) for e in data["entries"])
    return Submission(cycle_id, department, data["submitted_by"], data["submitted_on"], needs,
                      source, data.get("notes", ""))


def _need(entry: dict[str, Any], cycle_id: str, department: str) -> Need:
    follow = entry.get("follow_up")
    follow_up = FollowUp(follow["level_reached"], follow["date"], follow.get("headcount_reached"),
                         follow.get("notes", "")) if follow else None
    return Need(cycle_id, department, entry["role"], entry["competency"], entry["current"],
                entry["target"], entry["headcount"], entry["priority"], entry["evidence"],
                entry.get("delivery", ""), entry.get("needed_by", ""),
                entry.get("justification", ""), follow_up)


def _program(data: dict[str, Any]) -> Program:
    delivery, audience = data["delivery"], data.get("audience", {})
    sessions = tuple(Session(s["date"], s.get("location", ""), s.get("capacity"),
                             s.get("status", "planned"), s.get("attended"))
                     for s in data.get("sessions", ()))
    ev = data.get("evaluation")
    evaluation = Evaluation(ev.get("reaction"), ev.get("learning", {}).get("pre"),
                            ev.get("learning", {}).get("post"), ev.get("behaviour", ""),
                            ev.get("results", "")) if ev else None
    return Program(
        id=data["id"], title=data["title"],
        targets=tuple((c["competency"], c["target"]) for c in data["competencies"]),
        answers=tuple(data["answers"]), mode=delivery["mode"], status=data["status"],
        description=data.get("description", ""), lecturer=delivery.get("lecturer", ""),
        vendor=delivery.get("vendor", ""), audience_roles=tuple(audience.get("roles", ())),
        audience_departments=tuple(audience.get("departments", ())), sessions=sessions,
        capacity=data.get("capacity"), cost=data.get("cost", 0.0),
        cost_by_department=dict(data.get("cost_by_department", {})), owner=data.get("owner", ""),
        evaluation=evaluation,
    )
