"""`cmap export xlsx`: the map's tables (`tables.py`) as an Excel workbook made for editing.

Each sheet has its header row and first column frozen, a filter on the header, widths that
suit its columns, long text wrapped, and a note on every header (the field's description
from the JSON Schema, and what the sheet adds). Dropdowns offer the ids a column refers to,
the levels (1 to the longest scale's last), yes/no and the department types; the import
checks every cell again, so they are a help, not a guard.

A dropdown of ids reads the id column of the sheet that holds them through a defined name
that grows with the column (OFFSET … COUNTA), so an id added there is offered at once.
Competencies and scales have a row per level, so their id columns repeat each id: their
dropdowns read a hidden sheet, `Lists`, with each id once (as exported; an id added later
is accepted after Excel's warning). The import ignores `Lists`.

No text becomes a formula (see `cell_format.py`).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.exchange.sheets.cell_format import header, put_text
from generator.exchange.sheets.tables import ID_SHEETS, LISTS, SHEETS, Column, Rows, Sheet, Value
from generator.model.competency_map import CompetencyMap

#: The id lists `LISTS` holds: the table they list, and the model's ids.
_LISTED = ("competencies", "scales")
_LAST_ROW = 1_048_576  # Excel's last row: dropdowns cover rows added later too
_TOP = Alignment(vertical="top")


def workbook_bytes(model: CompetencyMap, title: str = "") -> bytes:
    """The workbook of `model` as the bytes of an .xlsx file."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # the default empty sheet
    book.properties.title = title or "Competency map"
    book.properties.creator = "cmap"
    lists = _lists_sheet(book, model)
    top_level = max((len(s.levels) for s in model.scales.values()), default=10)
    for sheet in SHEETS:
        _fill(book.create_sheet(sheet.name), sheet, sheet.rows(model), top_level)
    book.move_sheet(lists, offset=len(SHEETS))
    for table, sheet_name in ID_SHEETS.items():
        name = _name(table)
        book.defined_names[name] = DefinedName(name, attr_text=_source(table, sheet_name, model))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(ws: Worksheet, sheet: Sheet, rows: Rows, top_level: int) -> None:
    ws.append(list(sheet.headers))
    for cell, column in zip(ws[1], sheet.columns, strict=True):
        header(cell, column.describe())
    count = 1
    for count, values in enumerate(rows, start=2):
        for index, (value, column) in enumerate(zip(values, sheet.columns, strict=True), start=1):
            _set(ws.cell(row=count, column=index), value, column)
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
        _validate(ws, index, column, top_level)
    last = get_column_letter(len(sheet.columns))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{last}{max(count, 2)}"


def _set(cell: Cell | MergedCell, value: Value, column: Column) -> None:
    if value is None:
        return
    if isinstance(value, int):
        cell.value = value
        cell.alignment = _TOP
        return
    put_text(cell, value, wrap=column.width >= 40)


def _validate(ws: Worksheet, index: int, column: Column, top_level: int) -> None:
    letter = get_column_letter(index)
    rule = column.rule()
    if column.kind == "ref":
        listed = column.refers in _LISTED
        check = DataValidation(type="list", formula1=f"={_name(column.refers)}", allow_blank=True,
                               errorStyle="warning" if listed else "stop")
        check.error = f"Choose an id from the {ID_SHEETS[column.refers]} sheet."
    elif column.kind == "level":
        # A competency's level is one of its scale's; a scale's own levels may go up to the
        # schema's maximum.
        highest = rule["maximum"] if column.schema == "scale" else top_level
        check = DataValidation(type="list", allow_blank=True,
                               formula1='"' + ",".join(map(str, range(1, highest + 1))) + '"')
        check.error = f"A level is a whole number from 1 to {highest}, on the scale."
    elif column.kind == "count":
        check = DataValidation(type="whole", operator="between", formula1=str(rule["minimum"]),
                               formula2=str(rule["maximum"]), allow_blank=True)
        check.error = "A headcount is a whole number."
    elif column.kind in ("choice", "flag"):
        choices = rule["enum"] if column.kind == "choice" else ["yes", "no"]
        check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        check.error = "Choose one of: " + ", ".join(choices) + "."
    else:
        return
    check.errorTitle = column.name
    check.showErrorMessage = True
    ws.add_data_validation(check)
    check.add(f"{letter}2:{letter}{_LAST_ROW}")


def _lists_sheet(book: Workbook, model: CompetencyMap) -> Worksheet:
    ws: Worksheet = book.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    ws.append(list(_LISTED))
    ws["A1"].comment = Comment("The choices of the dropdowns, as exported: cmap import model "
                               "does not read this sheet.", "cmap")
    for index, ids in enumerate((list(model.competencies), list(model.scales)), start=1):
        for row, ident in enumerate(ids, start=2):
            ws.cell(row=row, column=index, value=ident).data_type = "s"
    return ws


def _name(table: str) -> str:
    return f"cmap_{table}"


def _source(table: str, sheet_name: str, model: CompetencyMap) -> str:
    """The cells a dropdown of `table`'s ids offers."""
    if table in _LISTED:
        column = get_column_letter(_LISTED.index(table) + 1)
        count = len(getattr(model, table))
        return f"{quote_sheetname(LISTS)}!${column}$2:${column}${max(count, 1) + 1}"
    ids = f"{quote_sheetname(sheet_name)}!$A"
    return f"OFFSET({ids}$2,0,0,MAX(1,COUNTA({ids}:$A)-1),1)"
