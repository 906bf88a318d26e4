"""`cmap new`: write a new data file that is valid as written and explains itself.

A scaffold never overwrites: whatever a user wrote stays as it was.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.files.safe_write import write_file
from generator.files.yaml_append import scalar
from generator.model.competency_map import CompetencyMap
from generator.paths import SCAFFOLD_TEMPLATES, entity_folder, needs_file, plan_file, schema_reference
from generator.problems import CmapError, clip, did_you_mean

_CYCLE_ID = r"[0-9]{4}(-[a-z0-9]+)*"
_PERIODS = {"h1": (1, 6), "h2": (7, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12)}


def environment() -> Environment:
    """The templates of new data files: YAML text, values quoted by the `yaml` filter."""
    env = Environment(loader=FileSystemLoader(SCAFFOLD_TEMPLATES), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["yaml"] = scalar
    env.filters["comment"] = lambda text: re.sub(r"\s+", " ", str(text)).strip()
    return env


def new_need(root: Path, model: CompetencyMap, cycle_id: str, department_id: str,
             today: date) -> Path:
    cycle = model.cycles.get(cycle_id)
    if cycle is None:
        raise CmapError(f"there is no training cycle `{clip(cycle_id)}` ({plan_file(clip(cycle_id))})."
                        f"{did_you_mean(cycle_id, model.cycles)} Known cycles: "
                        + (", ".join(model.cycles) or "none") + ".")
    if not cycle.takes_needs:
        raise CmapError(f"the cycle `{cycle_id}` is `{cycle.status}` and no longer takes needs; "
                        "submit them in the next cycle.")
    department = model.departments.get(department_id)
    if department is None:
        raise CmapError(f"there is no department `{clip(department_id)}` in "
                        f"{entity_folder('department')}/.{did_you_mean(department_id, model.departments)}")
    roles = [(model.roles[r], n) for r, n in department.staffing.items() if r in model.roles and n]
    names = {c.id: c.name for c in model.competencies.values()}
    rel = needs_file(cycle_id, department_id)
    text = environment().get_template("need.yml.j2").render(
        department=department, cycle=cycle, roles=roles, names=names, today=today.isoformat(),
        schema=schema_reference(root, "needs", rel))
    return _write_new(root, rel, text)


def new_cycle(root: Path, model: CompetencyMap, cycle_id: str, *, title: str | None = None,
              start: str | None = None, end: str | None = None, currency: str = "CNY") -> Path:
    if not re.fullmatch(_CYCLE_ID, cycle_id):
        lower = cycle_id.lower()
        guess = f" Did you mean `{lower}`?" if re.fullmatch(_CYCLE_ID, lower) else ""
        raise CmapError(f"`{clip(cycle_id)}` is not a cycle id: use the year and an optional suffix, "
                        f"e.g. 2027 or 2027-h1.{guess}")
    guessed = _period(cycle_id)
    first = _day(start, "--start") if start else guessed[0] if guessed else None
    last = _day(end, "--end") if end else guessed[1] if guessed else None
    if first is None or last is None:
        year = cycle_id.partition("-")[0]
        guess = did_you_mean(cycle_id, [f"{year}-{suffix}" for suffix in _PERIODS])
        raise CmapError(f"cannot tell the period of `{cycle_id}` from its id: pass --start and "
                        f"--end.{guess}")
    if last < first:
        raise CmapError(f"the period ends ({last}) before it starts ({first}).")
    needs_due = first - timedelta(days=21)
    training = [g for g in model.governance.groups if g.id == "training"]
    values: dict[str, Any] = {
        "id": cycle_id, "title": title or _title(cycle_id), "start": first.isoformat(),
        "end": last.isoformat(), "needs_due": needs_due.isoformat(),
        "review_on": (needs_due + timedelta(days=14)).isoformat(), "currency": currency,
        "owner": training[0].members[0] if training else "",
    }
    rel = plan_file(cycle_id)
    text = environment().get_template("cycle.yml.j2").render(
        **values, schema=schema_reference(root, "plan", rel))
    return _write_new(root, rel, text)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CmapError(f"{option} {text} is not a day: write it as YYYY-MM-DD.") from None


def _period(cycle_id: str) -> tuple[date, date] | None:
    year, _, suffix = cycle_id.partition("-")
    first_month, last_month = (1, 12) if not suffix else _PERIODS.get(suffix, (0, 0))
    y = int(year)
    if not first_month or not 1 <= y <= 9999:
        return None
    return date(y, first_month, 1), date(y, last_month, calendar.monthrange(y, last_month)[1])


def _title(cycle_id: str) -> str:
    year, _, suffix = cycle_id.partition("-")
    words = {"h1": "first half", "h2": "second half", "q1": "first quarter",
             "q2": "second quarter", "q3": "third quarter", "q4": "fourth quarter"}
    return f"{year} {words.get(suffix, suffix)}".strip()


def _write_new(root: Path, rel: str, text: str) -> Path:
    """Write a new file, never over an existing one and never through a link."""
    try:
        return write_file(root, rel, text.encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise CmapError(f"{rel} already exists; cmap new never overwrites a file. Edit "
                        "it, or delete it first if you really want a fresh one.") from None
