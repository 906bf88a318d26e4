"""How cmap's workbooks write a cell: headers with their notes, and text that stays text.

Shared by the map's workbook (`workbook.py`) and the assessment worksheet
(`exchange/assessment_workbook.py`). No text becomes a formula: openpyxl would store a
string starting with `=` as one, and a string such as `#N/A` as an error, so every text
cell is typed as text after it is set, and text starting with `= + - @` also gets Excel's
quote prefix, so that editing the cell in Excel keeps it text. Control characters that a
workbook cannot hold are replaced by U+FFFD.
"""

from __future__ import annotations

import re

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from generator.files.csv_input import FORMULA_STARTS

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def header(cell: Cell | MergedCell, note: str = "") -> None:
    """A header cell: bold on a light fill, wrapped, with `note` (if any) saying what its
    column holds."""
    cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    if not note:
        return
    comment = Comment(note, "cmap")
    comment.width, comment.height = 320, 160
    cell.comment = comment


def put_text(cell: Cell | MergedCell, text: str, wrap: bool = False) -> None:
    """`text` in `cell` as text, never a formula or an error value, whatever it says."""
    clean = _ILLEGAL.sub("\ufffd", text)
    cell.value = clean
    cell.data_type = "s"
    if clean.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    cell.alignment = WRAP if wrap or "\n" in clean else TOP
