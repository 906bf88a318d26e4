"""An issue written with the "Submit training needs" form → an entry of a needs file.

The hosting site renders a form's answers into the issue body as Markdown sections,
`### <label>` followed by the answer (`_No response_` when left empty). The answers
become one row of the same table `cmap import needs` reads from a CSV file, so they are
checked by the same code (ids with suggestions, levels on the scale, staffing, the gap, the
role's profile), merged into `needs/<cycle>/<department>.yml` without touching what is
there, and validated with the whole repository before anything is written. Departments,
roles and competencies may be given by id or by name.

The body is untrusted text: only the known sections are read, each value becomes a
double-quoted YAML scalar, and the reply (`markdown.py`) shows it as plain text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.exchange.needs_import import entries_from_rows, merge, require_cycle, write
from generator.files.csv_input import Row, Table
from generator.model.competency_map import CompetencyMap
from generator.paths import needs_file
from generator.problems import CmapError, Problem
from generator.review.markdown import render

LABEL = "training-needs"
NO_RESPONSE = "_No response_"
MAX_EVENT_BYTES = 1024 * 1024

#: The form's labels, in its order → the column of the needs table each one fills.
FIELDS = {
    "Cycle": "cycle",
    "Department": "department",
    "Role": "role",
    "Competency": "competency",
    "Current level": "current",
    "Target level": "target",
    "People with this gap": "headcount",
    "Priority": "priority",
    "Evidence": "evidence",
    "Preferred delivery": "delivery",
    "Needed by": "needed_by",
    "Justification": "justification",
}
LABELS = {column: label for label, column in FIELDS.items()}
#: Answers of these columns are chosen from a list: the id is the first word.
CHOICES = ("current", "target", "priority", "delivery")
_SECTION = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.MULTILINE)
#: Hints written for CSV files say how to make a spreadsheet keep a value: not for a form.
_SPREADSHEET = re.compile(r" ?\([^()]*spreadsheet[^()]*\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Issue:
    number: int
    title: str
    body: str
    author: str
    url: str


@dataclass
class Outcome:
    ok: bool
    message: str
    report: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


def read_event(path: Path) -> Issue:
    """The issue of an `issues` event payload (the file at $GITHUB_EVENT_PATH)."""
    try:
        if path.stat().st_size > MAX_EVENT_BYTES:
            raise CmapError(f"{path} is too large to be an issue event.")
        event = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise CmapError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise CmapError(f"{path} is not an issue event in JSON: {err}.") from None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
        raise CmapError(f"{path} holds no `issue` with a number: is it an `issues` event?")
    user = issue.get("user")
    return Issue(issue["number"], _string(issue.get("title")), _string(issue.get("body")),
                 _string(user.get("login")) if isinstance(user, dict) else "",
                 _string(issue.get("html_url")))


def answers(body: str) -> dict[str, str]:
    """The form's answers by label; an empty answer is ""."""
    body = body.replace("\r\n", "\n")
    found: dict[str, str] = {}
    marks = list(_SECTION.finditer(body))
    for at, mark in enumerate(marks):
        end = marks[at + 1].start() if at + 1 < len(marks) else len(body)
        value = body[mark.end():end].strip()
        found.setdefault(mark.group(1), "" if value == NO_RESPONSE else value)
    return found


def import_issue(root: Path, event: Path, today: date, write_files: bool = True) -> Outcome:
    from generator.rules.repository import load_repository

    issue = read_event(event)
    given = answers(issue.body)
    if not {"Cycle", "Department", "Role"} <= given.keys():
        return _failed(issue, [("", "This issue was not written with the “Submit training "
                                "needs” form: its sections are missing.", "Open a new issue "
                                "and choose the form.")])
    model = load_repository(root).model
    cells = {column: _clean(given.get(label, "")) for label, column in FIELDS.items()}
    _resolve(cells, model)
    try:
        require_cycle(model, cells["cycle"], today)
    except CmapError as err:
        return _failed(issue, [("cycle", str(err)[:1].upper() + str(err)[1:], "")])
    columns = tuple(c for c in FIELDS.values() if c != "cycle")
    table = Table(f"issue #{issue.number}", columns, [Row(2, tuple(cells[c] for c in columns))])
    problems: list[Problem] = []
    by_department = entries_from_rows(table, model, problems)
    if any(p.is_error for p in problems):
        return _failed(issue, [_said(p, columns) for p in problems if p.is_error])
    command = f"cmap import issue-form (issue #{issue.number})"
    outcome = merge(root, model, cells["cycle"], by_department, today, command, table.name)
    if not outcome.ok:
        return _failed(issue, [_said(p, columns) for p in outcome.problems if p.is_error])
    rel = needs_file(cells["cycle"], cells["department"])
    context = _context(issue, cells, model, rel)
    if not outcome.changes:
        return Outcome(True, f"Nothing to add: {context['need']} is already in {rel}.",
                       render("issue_unchanged.md.j2", **context))
    if write_files:
        write(root, outcome.changes)
    title = f"Training needs of {context['department']} for {cells['cycle']}: {context['need']}"
    outputs = {"file": rel, "cycle": cells["cycle"], "department": cells["department"],
               "branch": f"training-needs/issue-{issue.number}",
               "title": " ".join(f"{title} (#{issue.number})".split())}
    verb = "Added" if write_files else "Would add"
    return Outcome(True, f"{verb} {context['need']} to {rel}"
                   + (" (new file)." if outcome.changes[0].created else "."),
                   render("issue_pr.md.j2", **context, created=outcome.changes[0].created),
                   outputs)


def _resolve(cells: dict[str, str], model: CompetencyMap) -> None:
    """Names → ids; list choices → their first word."""
    named: dict[str, dict[str, str]] = {
        "department": {d.name.casefold(): i for i, d in model.departments.items()},
        "role": {r.title.casefold(): i for i, r in model.roles.items()},
        "competency": {c.name.casefold(): i for i, c in model.competencies.items()},
    }
    for column, names in named.items():
        value = cells[column]
        cells[column] = names.get(value.casefold(), value.strip("`").lower())
    for column in CHOICES:
        cells[column] = cells[column].split(" ", 1)[0] if cells[column] else ""
    cells["cycle"] = cells["cycle"].strip("`").lower()
    cells["evidence"] = " ".join(cells["evidence"].split())
    cells["justification"] = " ".join(cells["justification"].split())


def _said(problem: Problem, columns: tuple[str, ...]) -> tuple[str, str, str]:
    column = columns[problem.column - 1] if problem.path.startswith("issue #") \
        and 0 < problem.column <= len(columns) else ""
    return column, problem.message, _SPREADSHEET.sub("", problem.hint)


def _failed(issue: Issue, problems: list[tuple[str, str, str]]) -> Outcome:
    listed = [(LABELS.get(column, ""), message, hint) for column, message, hint in problems]
    return Outcome(False, f"Issue #{issue.number}: {len(listed)} problem"
                   f"{'s' if len(listed) != 1 else ''}; no needs file was written.\n"
                   + "\n".join(f"  {label or 'form'}: {message} {hint}".rstrip()
                               for label, message, hint in listed),
                   render("issue_problems.md.j2", issue=issue, problems=listed))


def _context(issue: Issue, cells: dict[str, str], model: CompetencyMap, rel: str) -> dict[str, Any]:
    dept, role = model.departments[cells["department"]], model.roles[cells["role"]]
    comp = model.competencies[cells["competency"]]
    return {"issue": issue, "cells": cells, "labels": LABELS, "file": rel, "department": dept.name,
            "head": dept.head.handle, "need": f"{role.title} × {comp.name}",
            "required": role.required_level(comp.id)}


def _clean(value: str) -> str:
    return _CONTROL.sub("", value).strip()


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""
