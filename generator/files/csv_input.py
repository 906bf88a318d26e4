"""Read a CSV file that a person saved from a spreadsheet: rows to use, and problems.

The file comes from outside the repository (Excel, WPS, LibreOffice, a script), so nothing
about it is trusted: its encoding is checked and named when it is not UTF-8 (Excel's
"Unicode text" is UTF-16, Chinese Windows saves GB18030/GBK), workbooks and other binary
files are recognised, and every cell that a spreadsheet would run as a formula is refused,
so that no such text is ever copied into the repository. Positions are spreadsheet
positions: row 1 is the header, columns count from 1. A row with a problem is reported
and left out of `Table.rows`, so later checks never report the same row twice.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from pathlib import Path

from generator.problems import LISTED, Problem, Severity, clip, column_letter

MAX_BYTES = 10 * 1024 * 1024
#: How many unknown values get a "did you mean" (see `_Guesses`): as many as an import lists.
MAX_GUESSES = LISTED
#: A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SAVE_AS = ('In Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"; in WPS or '
            "LibreOffice choose CSV with the character set UTF-8.")


@dataclass(frozen=True)
class Row:
    number: int  #: the spreadsheet's row number; the header is row 1
    cells: tuple[str, ...]  #: stripped of surrounding spaces, one per header column


@dataclass
class Table:
    name: str  #: the file as the user named it, for messages
    header: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    sheet: str = ""  #: a workbook's sheet the table was read from (see `xlsx_input.py`)
    # Every cell is looked up by its column's name: the positions are found once per name,
    # so reading a row costs the same however wide the header is.
    _positions: dict[str, int | None] = field(default_factory=dict, init=False, repr=False)
    _guesses: _Guesses = field(default_factory=lambda: _Guesses(), init=False, repr=False)

    def index(self, column: str) -> int | None:
        """The 0-based position of the first column whose name normalises to `column`."""
        if column not in self._positions:
            wanted = normalise(column)
            self._positions[column] = next(
                (i for i, h in enumerate(self.header) if normalise(h) == wanted), None)
        return self._positions[column]

    def value(self, row: Row, column: str) -> str:
        index = self.index(column)
        return row.cells[index] if index is not None else ""

    def problem(self, row: int, column: str | int, code: str, message: str, hint: str = "",
                severity: Severity = Severity.ERROR) -> Problem:
        """A problem at a row and a column given by its name or 0-based position."""
        index = self.index(column) if isinstance(column, str) else column
        return Problem(self.name, row, (index or 0) + 1, code, message, hint, severity, self.sheet)


@dataclass
class Cells:
    """Reads one row's cells as typed values; each problem is added to `problems`."""

    table: Table
    row: Row
    problems: list[Problem]

    def text(self, column: str | int) -> str:
        if isinstance(column, int):
            return self.row.cells[column]
        return self.table.value(self.row, column)

    def error(self, column: str | int, code: str, message: str, hint: str = "") -> None:
        self.problems.append(self.table.problem(self.row.number, column, code, message, hint))

    def name(self, column: str | int) -> str:
        return self.table.header[column] if isinstance(column, int) else column

    def filled(self, column: str) -> str | None:
        value = self.text(column)
        if not value:
            self.error(column, "I609", f"`{column}` is empty.", "Every row needs a value here.")
        return value or None

    def known(self, column: str, known: Mapping[str, object], where: str) -> str | None:
        """An id that must be one of `known`; a misspelling gets a suggestion."""
        value = self.filled(column)
        if value is None or value in known:
            return value
        guess = self.table._guesses.guess(self.row.number, column, value, known)
        self.error(column, "I610", f"There is no {column} `{clip(value)}`.",
                   f"{guess}Use an id (a file name) from `{where}`.")
        return None

    def whole(self, column: str | int) -> int | None:
        value = self.text(column)
        number = whole_number(value)
        if number is None:
            self.error(column, "I611", f"`{clip(self.name(column))}` must be a whole number, "
                       f"not `{clip(value)}`.",
                       "Write a number such as 3, without text or decimals.")
        return number

    def level(self, column: str | int, scale: Sequence[int], owner: str) -> int | None:
        """A level of `owner`'s scale (any whole number when the scale is unknown)."""
        number = self.whole(column)
        if number is not None and scale and number not in scale:
            self.error(column, "I611", f"Level {number} is not on the scale of `{clip(owner)}`.",
                       f"Use one of its levels: {', '.join(map(str, scale))}.")
            return None
        return number

    def choice(self, column: str, choices: Sequence[str], required: bool = True) -> str:
        """One of `choices`, written in any case and with spaces for hyphens."""
        value = re.sub(r"[\s_]+", "-", self.text(column)).casefold()
        if value in choices or (not value and not required):
            return value
        self.error(column, "I614", f"`{clip(self.text(column))}` is not a {column}.",
                   "Use one of: " + ", ".join(choices) + ".")
        return ""

    def prose(self, column: str, limit: int, required: bool = True) -> str:
        value = (self.filled(column) if required else self.text(column)) or ""
        if len(value) > limit:
            self.error(column, "I616", f"`{column}` is {len(value)} characters long; at most "
                       f"{limit} fit.", "Say it in a sentence or two.")
        return value

    def day(self, column: str) -> str:
        """A date as YYYY-MM-DD; spreadsheets' `2027/3/31` is accepted too."""
        value = self.text(column)
        found = re.fullmatch(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", value)
        if not value:
            return ""
        try:
            if found:
                return date(*map(int, found.groups())).isoformat()
        except ValueError:
            pass
        self.error(column, "I615", f"`{clip(value)}` is not a day written as YYYY-MM-DD.",
                   "Write it as e.g. 2027-03-31 (format the column as text so the spreadsheet "
                   "keeps it).")
        return ""


@dataclass
class _Guesses:
    """The "did you mean" of each unknown value of a column, looked for once.

    Looking costs as much as the map is large, so it stops after the rows that hold the
    first `MAX_GUESSES` unknown values: those values make as many problems, and an import
    lists only its first `LISTED` problems, so a later row's problem is never shown.
    """

    found: dict[tuple[str, str], str] = field(default_factory=dict)
    full_at: int = 0  #: the row in which the `MAX_GUESSES`-th value was found

    def guess(self, row: int, column: str, value: str, known: Mapping[str, object]) -> str:
        key = (column, value)
        if key not in self.found and (len(self.found) < MAX_GUESSES or row == self.full_at):
            close = get_close_matches(value, list(known), n=1)
            self.found[key] = f"Did you mean `{close[0]}`? " if close else ""
            self.full_at = self.full_at or (row if len(self.found) == MAX_GUESSES else 0)
        return self.found.get(key, "")


def quote_formula(text: str) -> str:
    """`text` as a cell no spreadsheet runs as a formula, keeping line breaks: an apostrophe
    goes before text that starts with `= + - @` (after any apostrophes of its own, so that
    `unquote_formula` tells them apart), as spreadsheets themselves mark text."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unquote_formula(cell: str) -> str:
    """The text that `quote_formula` made `cell` of."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def whole_number(text: str) -> int | None:
    """A whole number as a spreadsheet may write it: `3`, `-1`, `3.0`, `３` (full-width)."""
    found = re.fullmatch(r"([+-]?\d+)(?:\.0+)?", text.strip())
    return int(found.group(1)) if found else None


def normalise(name: str) -> str:
    """Column names compare as people read them: `Needed By` is `needed_by`."""
    return re.sub(r"[\s_]+", " ", name).strip().casefold()


def read_table(path: Path, name: str) -> tuple[Table | None, list[Problem]]:
    """Read `path`; the table is None when the file as a whole cannot be used."""
    text, problem = _decode(path, name)
    if text is None:
        return None, [problem] if problem else []
    records, problems = _records(text, name)
    if not any(c.strip() for _, cells in records for c in cells):
        return None, problems or [Problem(name, 1, 1, "I604", "The file is empty.",
                                          "Save the sheet again with its header row and data.")]
    header = list(records[0][1])
    while header and not header[-1].strip():
        header.pop()  # Excel writes empty trailing columns of a once-used range
    if not header:
        return None, [Problem(name, 1, 1, "I605", "The first row is empty: it should name "
                              "the columns.", "Put the column names in row 1.")]
    table = Table(name, tuple(h.strip() for h in header))
    problems += _unsafe(table, 1, header)
    for number, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue  # blank rows at the end of a sheet are normal
        row_problems = _shape(table, number, cells) or _unsafe(table, number, cells)
        problems += row_problems
        if not row_problems:
            table.rows.append(Row(number, tuple(c.strip() for c in cells[: len(header)])))
    if len(records) < 2 or not any(any(c.strip() for c in cells) for _, cells in records[1:]):
        problems.append(Problem(name, 2, 1, "I604", "The file has a header row but no data.",
                                "Fill in the rows below the header, then save again."))
    return table, problems


def check_columns(table: Table, required: Sequence[str], optional: Sequence[str] = (),
                  *, others_allowed: bool = False) -> list[Problem]:
    """Missing, repeated and (unless allowed) unknown columns, all reported at row 1."""
    problems: list[Problem] = []
    known = [*required, *optional]
    normal = {normalise(k): k for k in known}
    if not {normalise(h) for h in table.header} & set(normal):
        # Nothing matches: a different kind of file, not a misspelt column.
        kind = "sheet" if table.sheet else "CSV file"
        return [table.problem(1, 0, "I603", "Row 1 names none of the columns of this import: "
                              f"this is not the expected {kind}.",
                              "Row 1 should name the columns: " + ", ".join(known) + ".")]
    seen: dict[str, int] = {}
    for index, header in enumerate(table.header):
        name = normalise(header)
        if name in seen and name in normal:
            problems.append(table.problem(1, index, "I605", f"The column `{clip(header)}` appears twice "
                                          f"(first in column {column_letter(seen[name])}).",
                                          "Keep one of them."))
        seen.setdefault(name, index)
        if name not in normal and not others_allowed:
            close = get_close_matches(name, list(normal), n=1)
            guess = f"Did you mean `{normal[close[0]]}`? " if close else ""
            problems.append(table.problem(1, index, "I605", f"`{clip(header)}` is not a column of "
                                          "this import.", guess + "The columns are: "
                                          + ", ".join(known) + "."))
    for name in required:
        if normalise(name) not in seen:
            problems.append(Problem(table.name, 1, len(table.header) + 1, "I605",
                                    f"The column `{name}` is missing.",
                                    "Add it to row 1. The columns needed are: "
                                    + ", ".join(required) + "."))
    return problems


def read_checked(path: Path, name: str, required: Sequence[str], optional: Sequence[str] = (),
                 *, others_allowed: bool = False) -> tuple[Table | None, list[Problem]]:
    """`read_table` and `check_columns`; the table is None unless its columns are right.

    Without the right columns the rows mean nothing, so only problems of the file as a whole
    and of row 1 are returned then; a file that is not the expected CSV at all gets one.
    """
    table, problems = read_table(path, name)
    if table is None:
        return None, problems
    return with_columns(table, problems, required, optional, others_allowed=others_allowed)


def with_columns(table: Table, problems: list[Problem], required: Sequence[str],
                 optional: Sequence[str] = (), *, others_allowed: bool = False
                 ) -> tuple[Table | None, list[Problem]]:
    """The table read with `problems` (from a CSV file or a workbook's sheet), if
    `check_columns` finds its columns right; else None, with the problems of row 1."""
    columns = check_columns(table, required, optional, others_allowed=others_allowed)
    if any(p.code == "I603" for p in columns):
        return None, columns
    if columns:
        return None, sorted(columns + [p for p in problems if p.line == 1])
    return table, problems


def _decode(path: Path, name: str) -> tuple[str | None, Problem | None]:
    def fail(message: str, hint: str = _SAVE_AS, code: str = "I602",
             line: int = 1, column: int = 1) -> tuple[None, Problem]:
        return None, Problem(name, line, column, code, message, hint)

    try:
        if path.stat().st_size > MAX_BYTES:
            return fail(f"The file is larger than {MAX_BYTES // 2**20} MiB.",
                        "Split it into smaller files, one per department.", "I601")
        raw = path.read_bytes()
    except OSError as err:
        return fail(f"The file cannot be read: {err.strerror}.",
                    "Check the file's name and that you may read it.", "I601")
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return fail("The file is saved as UTF-32, not UTF-8.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(raw):
        return fail('The file is saved as UTF-16 (Excel\'s "Unicode Text"), not UTF-8.')
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        return fail("This is a spreadsheet workbook (.xlsx, .xls or .ods), not a CSV file.",
                    code="I603")
    if b"\x00" in raw:
        return fail("This is not a CSV file: it holds binary data.", code="I603")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line_start = before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")
        return fail(_legacy_encoding(raw, raw[err.start]), line=before.count(b"\n") + 1,
                    column=len(line_start) + 1)


def _utf16_without_bom(raw: bytes) -> bool:
    # ASCII text in UTF-16 has a zero byte in every other position.
    sample = raw[:2000]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4
                                 or sample[0::2].count(0) > len(sample) // 4)


def _legacy_encoding(raw: bytes, byte: int) -> str:
    try:
        chinese = re.search(r"[\u3400-\u9fff]", raw.decode("gb18030")) is not None
    except UnicodeDecodeError:
        chinese = False
    if chinese:
        return "The file is saved as GB18030/GBK (the Chinese Windows encoding), not as UTF-8."
    return (f"The file is not saved as UTF-8: byte 0x{byte:02x} is not UTF-8 text (the file may "
            "be in Windows-1252 or another older encoding).")


def _records(text: str, name: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    first_line = text.split("\n", 1)[0]
    # Excel saves with ";" where "," is the decimal comma; "Unicode Text" uses tabs.
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = "," if counts[","] else max(counts, key=lambda d: counts[d])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, cells))
    except csv.Error as err:
        return [], [Problem(name, len(records) + 1, 1, "I603",
                            f"This is not a readable CSV file: {err}.",
                            "Check for an unclosed quote, or save the sheet again as CSV.")]
    return records, []


def _shape(table: Table, number: int, cells: list[str]) -> list[Problem]:
    width = len(table.header)
    extra = [i for i, c in enumerate(cells[width:], start=width) if c.strip()]
    if extra:
        return [table.problem(number, extra[0], "I606", f"The row has {len(cells)} cells; the "
                              f"header names {_columns(width)}.", "Remove the values to the right "
                              "of the last column, or give their column a name.")]
    if len(cells) < width:
        return [table.problem(number, len(cells), "I606", f"The row has only {len(cells)} "
                              f"cell{'s' * (len(cells) != 1)}; the header names {_columns(width)}.",
                              "Fill in the missing cells (they may be left empty) and save again.")]
    return []


def _columns(count: int) -> str:
    return f"{count} column{'s' * (count != 1)}"


def _unsafe(table: Table, number: int, cells: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        stripped = cell.strip()
        shown = clip(stripped, 40)
        if _NUMBER.fullmatch(stripped):
            continue
        if cell[:1] in FORMULA_STARTS or stripped[:1] in FORMULA_STARTS:
            problems.append(table.problem(
                number, index, "I607", f"`{shown}` would run as a spreadsheet formula.",
                "Cells may not start with = + - or @: remove the character or reword the text."))
        elif match := CONTROL.search(cell):
            problems.append(table.problem(
                number, index, "I608", f"The cell contains the control character "
                f"U+{ord(match.group()):04X}.", "Retype the cell: it should hold plain text."))
    return problems
