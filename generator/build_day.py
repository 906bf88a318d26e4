"""The day cmap works for: today, or the day the environment variable `CMAP_TODAY` names.

Due dates, days left, late and missing needs (the site) and needs dated after the day (rule
N411) are counted from it. `CMAP_TODAY=2026-12-15 cmap build` shows the site as it will be
on the due date; tests pin it so that their results do not depend on the calendar.
"""

from __future__ import annotations

import os
from datetime import date

from generator.problems import CmapError, clip

VARIABLE = "CMAP_TODAY"


def build_day() -> date:
    text = os.environ.get(VARIABLE, "").strip()
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CmapError(f"{VARIABLE}={clip(text)} is not a day: write it as YYYY-MM-DD, or unset "
                        f"{VARIABLE} to work for today.") from None
