"""Problems found in the repository, as values.

Every stage (loading, schema check, model rules) returns problems instead of raising, so a
run reports everything at once; reporters in `report.py` turn them into text, GitHub
annotations or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a line and column (both 1-based)."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CmapError(Exception):
    """A failure the user can act on; the CLI prints its message without a traceback."""
