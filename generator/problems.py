"""Problems found in the repository, as values.

Every stage (loading, schema check, model rules) returns problems instead of raising, so a
run reports everything at once; reporters in `rules/report.py` turn them into text, GitHub
annotations or JSON.

Messages quote what people wrote (a key, an id, a cell), and that text may be of any size: a
1 MB key would make a 1 MB message line, and a 2 MB GitHub annotation, which repeats the
message in its title and body. `clip` is the one way to quote such text; `Problem` and
`CmapError` clip their whole text as a last safety net. Line breaks and control characters
in quotes are made visible where messages are written (`one_line`).
"""

from __future__ import annotations

import re
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


# Messages quote the files' own text, which may hold line breaks (any of them: a terminal,
# an editor, Markdown or `str.splitlines` each break at some), terminal escapes and the bidi
# controls that reorder what a line shows. The text report and the summary table show them
# as visible escapes, so a problem stays on its one line and reads as written. (The github
# format escapes its own way: the runner splits only at \r and \n, both `%`-encoded.)
_UNPRINTABLE = re.compile("\r\n|[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """`text` on one line: line breaks as ⏎, other control characters as `\\uXXXX`."""
    return _UNPRINTABLE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    return "⏎" if char in ("\n", "\r\n") else f"\\u{ord(char):04x}"


def as_text(problem: Problem) -> str:
    """A problem as `cmap validate` writes it for people: `file:line:column: severity CODE
    message`, and the hint on the next line."""
    text = (f"{problem.path}:{problem.line}:{problem.column}: {problem.severity.value} "
            f"{problem.code} {one_line(problem.message)}")
    return text + f"\n    hint: {one_line(problem.hint)}" if problem.hint else text
