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
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
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


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """" Did you mean `ID`?", naming the one of `known` closest to a mistyped `value`
    (difflib's ratio of 0.6 or more), or "" when none is that close: the suggestion every
    message about an unknown id on the command line ends with."""
    close = get_close_matches(value, list(known), n=1)
    return f" Did you mean `{close[0]}`?" if close else ""


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a line and column (both 1-based).

    In a workbook the place is a cell: `sheet` names the sheet, `line` is its row and
    `column` its column, and the problem is shown as `FILE.xlsx:Sheet!C12`.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    sheet: str = ""

    def __post_init__(self) -> None:
        if len(self.message) > MESSAGE_LIMIT or len(self.hint) > MESSAGE_LIMIT:
            object.__setattr__(self, "message", clip(self.message, MESSAGE_LIMIT))
            object.__setattr__(self, "hint", clip(self.hint, MESSAGE_LIMIT))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def place(self) -> str:
        """Where the problem is, as people look it up: `file:line:column`, or in a
        workbook `file:Sheet!C12` (the sheet's name quoted as Excel quotes it)."""
        if not self.sheet:
            return f"{self.path}:{self.line}:{self.column}"
        sheet = one_line(clip(self.sheet, 40))  # a crafted workbook may name a sheet anything
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{self.path}:{sheet}!{column_letter(self.column - 1)}{self.line}"


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


def column_letter(index: int) -> str:
    """The spreadsheet's name of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def as_text(problem: Problem) -> str:
    """A problem as `cmap validate` writes it for people: `file:line:column: severity CODE
    message` (or `file:Sheet!C12: …` in a workbook), and the hint on the next line."""
    text = (f"{problem.place}: {problem.severity.value} "
            f"{problem.code} {one_line(problem.message)}")
    return text + f"\n    hint: {one_line(problem.hint)}" if problem.hint else text
