"""Problems found in the repository, as values.

Every stage (loading, schema check, model rules) returns problems instead of raising, so a
run reports everything at once; reporters in `report.py` turn them into text, GitHub
annotations or JSON.

Messages quote what people wrote (a key, an id, a cell), and that text may be of any size: a
1 MB key would make a 1 MB message line, and a 2 MB GitHub annotation, which repeats the
message in its title and body. `clip` is the one way to quote such text; `Problem` and
`CmapError` clip their whole text as a last safety net. Line breaks and control characters
in quotes are made visible where messages are written (`report.one_line`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: A quoted value is cut to this many characters: enough to recognise it, never a screenful.
QUOTE_LIMIT = 200
#: No message or hint is longer than this, whatever it quotes: the safety net under `clip`.
MESSAGE_LIMIT = 2_000
#: An import lists this many problems at most, then says how many more there are: the
#: first problems of a file usually explain the rest (`report.report_listed`).
LISTED = 200


def clip(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`value` as text of at most `limit` characters, ending in "…" where it was cut."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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

    def __post_init__(self) -> None:
        if len(self.message) > MESSAGE_LIMIT or len(self.hint) > MESSAGE_LIMIT:
            object.__setattr__(self, "message", clip(self.message, MESSAGE_LIMIT))
            object.__setattr__(self, "hint", clip(self.hint, MESSAGE_LIMIT))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CmapError(Exception):
    """A failure the user can act on; the CLI prints its message without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(clip(message, MESSAGE_LIMIT))
