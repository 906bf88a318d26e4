"""An issue written with the "Submit training needs" form, as the workflow receives it."""

from __future__ import annotations

from datetime import date

from support import FIXTURES

EVENT = FIXTURES / "github" / "issue-needs.json"
#: The day the form was answered: the example cycle still takes needs.
TODAY = date(2026, 12, 8)
