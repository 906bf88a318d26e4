"""Training cycles as plain objects: the cycle and its plan, and the departments' needs.

A cycle is declared by `plans/<cycle>.yml`; each department's needs for it are in
`needs/<cycle>/<department>.yml`. Needs are per role, never per person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.model.source import Source

STATUSES = ("collecting", "consolidating", "in-review", "approved", "in-progress", "closed")
PRIORITIES = ("high", "medium", "low")
DELIVERY_MODES = ("internal-course", "vendor", "coaching", "e-learning")


@dataclass(frozen=True)
class FollowUp:
    level_reached: int
    date: str
    headcount_reached: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Need:
    """One line of a department's needs: people in a role with a gap in a competency."""

    cycle: str
    department: str
    role: str
    competency: str
    current: int
    target: int
    headcount: int
    priority: str
    evidence: str
    delivery: str = ""
    needed_by: str = ""
    justification: str = ""
    follow_up: FollowUp | None = None

    @property
    def key(self) -> str:
        """How plans refer to this need: department/role/competency."""
        return f"{self.department}/{self.role}/{self.competency}"

    @property
    def gap(self) -> int:
        return max(self.target - self.current, 0)

    @property
    def weighted_gap(self) -> int:
        """Gap in levels times the people who have it: the size of the need."""
        return self.gap * self.headcount


@dataclass(frozen=True)
class Submission:
    """A department's needs file for one cycle."""

    cycle: str
    department: str
    submitted_by: str
    submitted_on: str
    needs: tuple[Need, ...]
    source: Source
    notes: str = ""


@dataclass(frozen=True)
class Session:
    date: str
    location: str = ""
    capacity: int | None = None
    status: str = "planned"
    attended: int | None = None


@dataclass(frozen=True)
class Evaluation:
    reaction: float | None = None
    learning_pre: float | None = None
    learning_post: float | None = None
    behaviour: str = ""
    results: str = ""


@dataclass(frozen=True)
class Program:
    id: str
    title: str
    targets: tuple[tuple[str, int], ...]
    answers: tuple[str, ...]
    mode: str
    status: str
    description: str = ""
    lecturer: str = ""
    vendor: str = ""
    audience_roles: tuple[str, ...] = ()
    audience_departments: tuple[str, ...] = ()
    sessions: tuple[Session, ...] = ()
    capacity: int | None = None
    cost: float = 0.0
    cost_by_department: dict[str, float] = field(default_factory=dict)
    owner: str = ""
    evaluation: Evaluation | None = None

    @property
    def seats(self) -> int:
        """Seats offered: the sum of session capacities, else the program's capacity."""
        by_session = sum(s.capacity or 0 for s in self.sessions if s.status != "cancelled")
        return by_session or (self.capacity or 0)


@dataclass(frozen=True)
class Approval:
    group: str
    handle: str
    date: str
    pull_request: int


@dataclass(frozen=True)
class Amendment:
    date: str
    pull_request: int
    reason: str


@dataclass(frozen=True)
class Priority:
    """A priority capability of the cycle: a competency the company wants trained first,
    how much more its gap counts (`weight` times a gap elsewhere), and why."""

    competency: str
    weight: float
    reason: str


@dataclass(frozen=True)
class Cycle:
    id: str
    title: str
    start: str
    end: str
    needs_due: str
    status: str
    source: Source
    review_on: str = ""
    owner: str = ""
    description: str = ""
    currency: str = ""
    budget_total: float | None = None
    budget_by_department: dict[str, float] = field(default_factory=dict)
    programs: tuple[Program, ...] = ()
    #: (need key, reason) for needs the plan deliberately leaves open, in file order.
    unanswered: tuple[tuple[str, str], ...] = ()
    approvals: tuple[Approval, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    priorities: tuple[Priority, ...] = ()
    submissions: dict[str, Submission] = field(default_factory=dict)

    @property
    def needs(self) -> list[Need]:
        return [need for sub in self.submissions.values() for need in sub.needs]

    @property
    def unanswered_reasons(self) -> dict[str, str]:
        return dict(self.unanswered)

    @property
    def weights(self) -> dict[str, float]:
        """The weight of each priority competency (the first entry wins; P510 reports a
        second); a competency without priority weighs 1."""
        weights: dict[str, float] = {}
        for priority in self.priorities:
            weights.setdefault(priority.competency, priority.weight)
        return weights

    @property
    def takes_needs(self) -> bool:
        return self.status in ("collecting", "consolidating")


def calendar_date(text: str) -> date | None:
    """The date written as YYYY-MM-DD, or None when no such day exists (e.g. 2027-02-30)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
