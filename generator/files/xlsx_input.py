"""Read a workbook (.xlsx) that a person saved from Excel, WPS or LibreOffice: its sheets as
tables of text (`csv_input.Table`, each with its sheet's name), and problems.

The file comes from outside the repository, so nothing about it is trusted:

- It must be an Office Open XML workbook (a ZIP holding `xl/workbook.xml`); an Excel 97–2003
  `.xls`, a binary `.xlsb`, an OpenDocument `.ods`, a CSV file or a Word document is named
  as what it is, with how to save it as `.xlsx`.
- A workbook protected with a password is encrypted (an OLE2 file holding an
  `EncryptedPackage`), which nothing can read without the password: said so.
- Its size is bounded before anything is parsed: the file, what it unpacks to (a small ZIP
  can unpack to gigabytes), and the number of its parts; then the rows read per sheet
  (blank rows too: formatting can reach row 1,048,576) and the columns. openpyxl reads in
  read-only mode, which streams each sheet's rows instead of building the sheet in memory,
  and the XML parser (expat) refuses entity expansion bombs and never loads external
  entities.
- A cell holding a formula, an error value (`#N/A`) or a date is reported where it is:
  the data files hold text and whole numbers, and a formula's value is whatever the program
  that saved the file last computed, if it computed one. Control characters are reported.
  Only columns the caller names as computed (the assessment worksheet's `gap`) may hold
  formulas: their formula cells read as empty, since cmap computes what it needs itself.

Every other cell becomes text, as a CSV file would have it: numbers as written (`3`, not
`3.0`), TRUE and FALSE as words, line breaks inside a cell as `\\n`. Positions are the
sheet's own: row 1 is the header, columns count from 1, so a problem reads
`FILE.xlsx:Sheet!C12`. A row with a problem is reported and left out of `Table.rows`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from generator.files.csv_input import CONTROL, Row, Table, normalise
from generator.problems import Problem, clip

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PARTS = 5_000
MAX_ROWS = 100_000
MAX_COLUMNS = 100
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = 'Save it from Excel with File → Save As → "Excel Workbook (*.xlsx)" (in WPS or ' \
           "LibreOffice: the .xlsx format)."


@dataclass
class Workbook:
    """The sheets of a workbook, by name in its order, and those that were read."""

    sheet_names: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)


def read_workbook(path: Path, name: str, wanted: Callable[[str], bool],
                  computed: Collection[str] = ()) -> tuple[Workbook | None, list[Problem]]:
    """Read the sheets of `path` whose names `wanted` accepts; None when the file as a
    whole cannot be read. `name` is the file as the user named it, for messages;
    `computed` names (as `normalise` writes them) the columns whose formulas read as empty."""
    problem = _check_file(path, name)
    if problem is not None:
        return None, [problem]
    from openpyxl import load_workbook  # only here: loading openpyxl takes a moment

    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as err:  # openpyxl raises many kinds on a damaged file
        return None, [_fail(name, f"The workbook cannot be read: {clip(err)}.",
                            "Open it in Excel, WPS or LibreOffice and save it again as .xlsx.")]
    result, problems = Workbook(list(book.sheetnames)), []
    try:
        for sheet_name in book.sheetnames:
            if wanted(sheet_name):
                table, found = _read_sheet(book[sheet_name], name, sheet_name, computed)
                problems += found
                if table is not None:
                    result.tables[sheet_name] = table
    except Exception as err:  # a damaged sheet shows only while its rows are read
        return None, [_fail(name, f"The workbook cannot be read: {clip(err)}.",
                            "Open it in Excel, WPS or LibreOffice and save it again as .xlsx.")]
    finally:
        book.close()
    return result, problems


def _fail(name: str, message: str, hint: str = _SAVE_AS, code: str = "I630") -> Problem:
    return Problem(name, 1, 1, code, message, hint)


def _check_file(path: Path, name: str) -> Problem | None:
    """Why `path` is not a workbook cmap may read, or None."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _fail(name, f"The file is larger than {MAX_BYTES // 2**20} MiB.",
                         "Remove what the map does not need (other sheets, pictures), or "
                         "split it into several workbooks.", "I632")
        with path.open("rb") as handle:
            head = handle.read(8)
            if head == _OLE2:
                if _ENCRYPTED in handle.read():
                    return _fail(name, "The workbook is protected with a password, so it is "
                                 "encrypted and cannot be read.", "Save a copy without a password "
                                 "(in Excel: File → Info → Protect Workbook → Encrypt with "
                                 "Password, and clear the password) and import that copy.", "I631")
                return _fail(name, "This is an Excel 97–2003 workbook (.xls), not an .xlsx workbook.")
    except OSError as err:
        return _fail(name, f"The file cannot be read: {err.strerror}.",
                     "Check the file's name and that you may read it.")
    if not head.startswith(b"PK"):
        kind = "a CSV or text file" if head.isascii() else "not a workbook"
        return _fail(name, f"This is {kind}, not an .xlsx workbook.",
                     "Give an .xlsx workbook, or a folder of CSV files. " + _SAVE_AS)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        return _fail(name, f"The workbook is damaged: {clip(err)}.",
                     "Open it in Excel, WPS or LibreOffice and save it again as .xlsx.")
    names = {part.filename for part in parts}
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
        return _fail(name, f"The workbook unpacks to more than {MAX_UNPACKED // 2**20} MiB "
                     f"or {MAX_PARTS} parts.", "Remove what the map does not need (other sheets, "
                     "pictures), or split it into several workbooks.", "I632")
    if "xl/workbook.xml" in names:
        return None
    if "xl/workbook.bin" in names:
        return _fail(name, "This is a binary Excel workbook (.xlsb), not an .xlsx workbook.")
    if "content.xml" in names:
        return _fail(name, "This is an OpenDocument file (.ods), not an .xlsx workbook.")
    return _fail(name, "This is a ZIP file but not an .xlsx workbook (it has no xl/workbook.xml).")


def _read_sheet(ws: Any, name: str, sheet: str, computed: Collection[str] = ()
                ) -> tuple[Table | None, list[Problem]]:
    problems: list[Problem] = []
    rows = list(_rows(ws, name, sheet, problems, computed))
    if not rows:
        return None, [Problem(name, 1, 1, "I634", "The sheet is empty: row 1 should name the "
                              "columns.", "Put the column names in row 1.", sheet=sheet)]
    # As wide as the header or the data, whichever is wider: a value in a column without a
    # name is then reported once, as the header's problem.
    width = max(len(cells) for _, cells, _ in rows)
    table = Table(name, tuple(_padded(rows[0][1], width)), sheet=sheet)
    if width > MAX_COLUMNS:
        return None, [*problems, table.problem(1, MAX_COLUMNS, "I632", "The sheet has more than "
                                               f"{MAX_COLUMNS} columns.",
                                               "Remove the columns the map does not need.")]
    table.rows = [Row(number, tuple(_padded(cells, width)))
                  for number, cells, fine in rows[1:] if cells and fine]
    return table, problems


def _padded(cells: list[str], width: int) -> list[str]:
    return [*cells, *[""] * (width - len(cells))]


def _rows(ws: Any, name: str, sheet: str, problems: list[Problem], computed: Collection[str] = ()
          ) -> Iterator[tuple[int, list[str], bool]]:
    """Each row's number, its cells as text (without empty cells at the end) and whether
    they are all usable, stopping after `MAX_ROWS` rows. Below the header, a formula in a
    `computed` column reads as empty."""
    formulas: set[int] = set()  # the positions (from 1) of the computed columns
    # A row is read one column past the limit: enough to say the sheet is too wide.
    for number, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        if number > MAX_ROWS:
            problems.append(Problem(name, number, 1, "I632", f"The sheet has more than "
                                    f"{MAX_ROWS:,} rows (blank rows count too).",
                                    "Delete the rows below the data (select them, right-click, "
                                    "Delete), or split the sheet.", sheet=sheet))
            return
        cells, fine = [], True
        for column, cell in enumerate(row, start=1):
            if column in formulas and getattr(cell, "data_type", "n") == "f":
                cells.append("")
                continue
            text, issue = _text(cell)
            if issue:
                problems.append(Problem(name, number, column, *issue, sheet=sheet))
                fine = False
            cells.append(text)
        while cells and not cells[-1]:
            cells.pop()
        if number == 1:
            formulas = {i for i, text in enumerate(cells, start=1) if normalise(text) in computed}
        yield number, cells, fine


def _text(cell: Any) -> tuple[str, tuple[str, str, str] | None]:
    """The cell as text, or the problem (code, message, hint) it has."""
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", "n")
    if value is None:
        return "", None
    if kind == "f":
        return "", ("I635", f"The cell holds a formula (`{clip(value, 40)}`).",
                    "Type the value itself: copy the cell, then Paste Special → Values.")
    if kind == "e":
        return "", ("I635", f"The cell holds the error value `{clip(value, 40)}`.",
                    "Type the value the cell should hold.")
    if isinstance(value, (datetime, date, time, timedelta)):
        return "", ("I635", "The cell holds a date or time; no column of the map does.",
                    "Format the cell as Text, then type the value again (Excel turns `1-2` "
                    "into a date).")
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    found = CONTROL.search(text)
    if found:
        return "", ("I636", f"The cell contains the control character U+{ord(found.group()):04X}.",
                    "Retype the cell: it should hold plain text.")
    return text, None
