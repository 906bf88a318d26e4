"""What is due: the open cycle's deadline for training needs, for one department or for
the whole company, as the department and home pages show it.

A department head should not have to read the cycle's plan to learn that their needs are
due in four days: their department's page says when, how many days are left, whether the
department has sent them, and where the guide says how.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator import paths
from generator.analysis.cycle_figures import submission_status
from generator.model.competency_map import CompetencyMap
from generator.model.cycles import Cycle, calendar_date
from generator.site.settings import Guide

#: The guide that says how to send needs, by its file name in the guides folder.
SUBMITTING_GUIDE = "submitting-training-needs.md"


@dataclass(frozen=True)
class NeedsDue:
    """The open cycle's deadline as one department, or the company, stands towards it."""

    cycle: Cycle
    #: Days from the build day to the due date: 0 on the day, negative once it has passed.
    days_left: int
    #: The department's state (`submission_status`: on-time, late, missing, pending); "" for
    #: the company.
    state: str
    #: Where to read more: the department's needs once sent, otherwise the cycle's page.
    page: str
    answered: int
    expected: int
    #: The page of the guide that says how to submit, "" when the site has none.
    guide: str

    @property
    def sent(self) -> bool:
        return self.state in ("on-time", "late")


def open_cycle(cycles: Iterable[Cycle]) -> Cycle | None:
    """The cycle taking needs whose due date comes first (its date must be a real day)."""
    taking = [c for c in cycles if c.takes_needs and calendar_date(c.needs_due) is not None]
    return min(taking, key=lambda c: (c.needs_due, c.id), default=None)


def needs_due(model: CompetencyMap, today: date, guides: Iterable[Guide],
              department: str = "") -> NeedsDue | None:
    """The open cycle's deadline for `department` (for the company when ""); None when no
    cycle takes needs, or the department is not asked for any (nobody holds a role there)."""
    cycle = open_cycle(model.cycles.values())
    if cycle is None:
        return None
    statuses = submission_status(model, cycle, today)
    answered = sum(s.state in ("on-time", "late") for s in statuses)
    state, page = "", paths.cycle_page(cycle.id)
    if department:
        mine = [s for s in statuses if s.department.id == department]
        if not mine:
            return None
        state = mine[0].state
        if state in ("on-time", "late"):
            page = paths.needs_page(cycle.id, department)
    due = calendar_date(cycle.needs_due)
    assert due is not None  # open_cycle takes only real days
    guide = next((g.path for g in guides if g.path.endswith(f"/{SUBMITTING_GUIDE}")), "")
    return NeedsDue(cycle, (due - today).days, state, page, answered, len(statuses), guide)
