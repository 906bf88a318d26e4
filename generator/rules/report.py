"""Reporters: one per output format, each writing a list of problems to a stream.

`text` is for people at a terminal, `github` for a workflow run (annotations that show on
the pull request's changed lines, plus a table in the job summary), `json` for tools.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from generator.problems import LISTED, Problem, as_text, one_line

Reporter = Callable[[list[Problem], int, TextIO], None]

def summary_line(problems: list[Problem], files_checked: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"All {files_checked} files are valid."
    files = len({p.path for p in problems})
    return (f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in "
            f"{_count(files, 'file')} ({files_checked} checked).")


def report_text(problems: list[Problem], files_checked: int, out: TextIO) -> None:
    for p in problems:
        _write_text(p, out)
    out.write(summary_line(problems, files_checked) + "\n")


def report_listed(problems: list[Problem], out: TextIO, limit: int = LISTED) -> None:
    """The first `limit` problems as `report_text` writes them, then how many more there are.

    For imports: a file of bad rows can hold a problem per cell, and the first problems
    usually explain the rest.
    """
    for p in problems[:limit]:
        _write_text(p, out)
    if len(problems) > limit:
        out.write(and_more(len(problems) - limit, "problem") + "\n")


def and_more(count: int, noun: str) -> str:
    """The line that ends a list cut short: `… and 12 more problems`."""
    return f"… and {count} more {noun}{'s' * (count != 1)}"


def _write_text(p: Problem, out: TextIO) -> None:
    out.write(as_text(p) + "\n")


def report_github(problems: list[Problem], files_checked: int, out: TextIO) -> None:
    for p in problems:
        title = _escape_property(f"{p.code} {p.message}")
        body = _escape_data(f"{p.message}\n{p.hint}" if p.hint else p.message)
        out.write(f"::{p.severity.value} file={_escape_property(p.path)},line={p.line},"
                  f"col={p.column},title={title}::{body}\n")
    out.write(summary_line(problems, files_checked) + "\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(_markdown_table(problems, files_checked))


def report_json(problems: list[Problem], files_checked: int, out: TextIO) -> None:
    document = {
        "valid": not any(p.is_error for p in problems),
        "files_checked": files_checked,
        "problems": [
            {"path": p.path, "line": p.line, "column": p.column, "code": p.code,
             "severity": p.severity.value, "message": p.message, "hint": p.hint}
            for p in problems
        ],
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


REPORTERS: dict[str, Reporter] = {"text": report_text, "github": report_github, "json": report_json}


def _markdown_table(problems: list[Problem], files_checked: int) -> str:
    lines = ["## Competency map validation", "", summary_line(problems, files_checked), ""]
    if problems:
        lines += ["| File | Line | Code | Problem | What to do |", "|---|---|---|---|---|"]
        lines += [f"| `{p.path}` | {p.line} | {p.code} | {_cell(p.message)} | {_cell(p.hint)} |"
                  for p in problems]
    return "\n".join(lines) + "\n\n"


def _cell(text: str) -> str:
    return one_line(text).replace("|", "\\|").replace("<", "&lt;")


def _escape_data(text: str) -> str:
    # The workflow-command encoding from GitHub's toolkit (core/command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
