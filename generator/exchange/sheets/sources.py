"""Where `cmap import model` reads the map's tables from: a workbook, or a folder of CSV files.

A workbook is read sheet by sheet (`files/xlsx_input.py`): each sheet must be one of the
map's (`tables.SHEETS`, matched by name in any case), except the dropdowns' hidden `Lists`
that `cmap export xlsx` writes. A folder holds the CSV export's files (`competencies.csv`,
`roles.csv` …); the export's other tables (the company map, needs and programs per cycle)
are not part of the model and are passed over, any other CSV file is named in a warning.
A sheet may be left out: the import then leaves that part of the map as it is.

Each table's header is checked here: every column is one of the sheet's, named once, and
the required ones are there. `Source.positions` says where each column is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from generator.exchange.sheets.tables import BY_NAME, LISTS, SHEETS, Sheet
from generator.files.csv_input import Table, normalise, read_table
from generator.files.xlsx_input import read_workbook
from generator.problems import Problem, Severity, clip

#: CSV files of `cmap export csv` that are not the model's tables.
_OTHER_EXPORTS = re.compile(r"company-map\.csv|(needs|programs)-.+\.csv")


@dataclass
class Source:
    """The tables read, by sheet; where their columns are; and the problems found."""

    name: str  #: the workbook or folder as the user named it
    tables: dict[str, Table] = field(default_factory=dict)
    positions: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    from_csv: bool = False


def read_source(path: Path, name: str) -> Source:
    """The map's tables in the workbook or folder at `path`."""
    if path.is_dir():
        source = _folder(path, name)
    elif path.suffix.casefold() == ".csv":
        source = Source(name, problems=[Problem(name, 1, 1, "I630", "This is one CSV file; the "
                                                "import reads a workbook or a folder of CSV files.",
                                                f"Give the folder that holds {path.name}.")])
    else:
        source = _workbook(path, name)
    for sheet_name, table in list(source.tables.items()):
        positions = _header(BY_NAME[sheet_name], table, source.problems)
        if positions is None:
            del source.tables[sheet_name]
        else:
            source.positions[sheet_name] = positions
    return source


def _workbook(path: Path, name: str) -> Source:
    source = Source(name)
    chosen: dict[str, str] = {}
    wanted = {sheet.name.casefold(): sheet.name for sheet in SHEETS}

    def read(sheet_name: str) -> bool:
        known = wanted.get(sheet_name.strip().casefold())
        if known is None or known in chosen.values():
            return False
        chosen[sheet_name] = known
        return True

    book, source.problems = read_workbook(path, name, read)
    if book is None:
        return source
    for sheet_name in book.sheet_names:
        if sheet_name in chosen or sheet_name == LISTS:
            continue
        known = wanted.get(sheet_name.strip().casefold())
        if known is not None:
            message, hint = (f"The sheet `{clip(sheet_name)}` repeats the sheet "
                             f"`{next(n for n, k in chosen.items() if k == known)}`.",
                             "Keep one of them, or merge their rows.")
        else:
            close = get_close_matches(sheet_name, list(BY_NAME), n=1)
            message = f"`{clip(sheet_name)}` is not a sheet of the map."
            hint = (f"Did you mean `{close[0]}`? " if close else "") + "Rename it, or move it to "\
                   "another workbook. The sheets are: " + ", ".join(BY_NAME) + "."
        source.problems.append(Problem(name, 1, 1, "I633", message, hint, sheet=sheet_name))
    source.tables = {chosen[n]: table for n, table in book.tables.items()}
    if not chosen and book.sheet_names:
        source.problems.append(Problem(name, 1, 1, "I633", "The workbook has none of the map's "
                                       "sheets.", "Start from a workbook that `cmap export xlsx` "
                                       "wrote; its sheets are: " + ", ".join(BY_NAME) + "."))
    return source


def _folder(path: Path, name: str) -> Source:
    source = Source(name, from_csv=True)
    by_file = {sheet.file: sheet for sheet in SHEETS}
    for file in sorted(path.iterdir()):
        shown = f"{name.rstrip('/')}/{file.name}"
        if file.suffix.casefold() != ".csv" or _OTHER_EXPORTS.fullmatch(file.name):
            continue
        sheet = by_file.get(file.name.casefold())
        if sheet is None:
            source.problems.append(Problem(shown, 1, 1, "I633", "This is not a table of the map: "
                                           "it was not read.", "The tables are: "
                                           + ", ".join(by_file) + ".", Severity.WARNING))
            continue
        table, problems = read_table(file, shown)
        source.problems += problems
        if table is not None and not any(p.is_error and p.line == 1 for p in problems):
            source.tables[sheet.name] = table
    if not source.tables and not any(p.is_error for p in source.problems):
        source.problems.append(Problem(name, 1, 1, "I633", "The folder has none of the map's "
                                       "CSV tables.", "Export them with `cmap export csv`; the "
                                       "tables are: " + ", ".join(by_file) + "."))
    return source


def _header(sheet: Sheet, table: Table, problems: list[Problem]) -> dict[str, int] | None:
    """Where each column of `sheet` is in `table`; None (and problems) when the header
    is not the sheet's."""
    names = {normalise(column.name): column.name for column in sheet.columns}
    positions: dict[str, int] = {}
    found: list[Problem] = []
    for index, header in enumerate(table.header):
        known = names.get(normalise(header))
        if not header.strip():
            if any(row.cells[index] for row in table.rows):
                found.append(table.problem(1, index, "I634", "The column has no name.",
                                           "Name it in row 1, or delete the column."))
        elif known is None:
            close = get_close_matches(normalise(header), list(names), n=1)
            guess = f"Did you mean `{names[close[0]]}`? " if close else ""
            found.append(table.problem(1, index, "I634", f"`{clip(header)}` is not a column of "
                                       f"this table.", guess + "The columns are: "
                                       + ", ".join(sheet.headers) + "."))
        elif known in positions:
            found.append(table.problem(1, index, "I634", f"The column `{known}` appears twice.",
                                       "Keep one of them."))
        else:
            positions[known] = index
    for column in sheet.columns:
        if column.required and column.name not in positions:
            found.append(table.problem(1, len(table.header), "I634", f"The column `{column.name}` "
                                       "is missing.", "Add it to row 1: the table needs "
                                       + ", ".join(c.name for c in sheet.columns if c.required) + "."))
    problems += found
    return None if found else positions
