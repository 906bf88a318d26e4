"""The assessment worksheet as an Excel workbook (`cmap worksheet --format xlsx`, and a
download per role on the site).

The same rows and columns as the CSV worksheet (`assessment.py`), with what a spreadsheet
adds for the supervisor who fills it in:

- a dropdown on each person cell offering the levels of that row's scale (with their
  names as the cell's prompt), which refuses anything else;
- the header row and the three columns naming the competency frozen;
- a `gap` column computed by the sheet: per row, the sum over the people rated of
  max(0, required − rating), and the total gap below the rows;
- print setup: landscape, fit to the page's width, the header row on every page, the role
  in the page header and the page number in the footer.

No text from the map becomes a formula or a header/footer code (`cell_format.put_text`,
and `&` doubled in the page header). A site publishes one per role, so each is kept
cheap (about 10 ms): openpyxl's write-only mode was measured no faster on a sheet this
small (it streams through a temporary file too). The same data makes the same bytes,
dated by the build, so that a site does not publish an unchanged worksheet as changed.

`cmap import assessment` reads the first sheet of a filled workbook like the CSV file
(`assessment.read_worksheet`).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.header_footer import HeaderFooterItem, _HeaderFooterPart
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.exchange.assessment import COLUMNS, COMPUTED, PERSONS, rated_against, role_of
from generator.exchange.sheets.cell_format import TOP, header, put_text
from generator.model.competency_map import CompetencyMap, Role, Scale

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

SHEET = "Worksheet"
#: The gap column sits between the role's columns and the people, so that person columns
#: added at the right end are still people, and its formula's range grows with columns
#: inserted between the people.
HEADERS = (*COLUMNS, *COMPUTED)
_GAP = get_column_letter(len(HEADERS))
_REQUIRED = get_column_letter(COLUMNS.index("required level") + 1)
_FIRST_PERSON = get_column_letter(len(HEADERS) + 1)
_LAST_PERSON = get_column_letter(len(HEADERS) + PERSONS)
_WIDTHS = (16, 22, 28, 10, 9, 50, 8)
_PERSON_WIDTH = 11
_NOTES = {
    "role": "The role rated: keep it as it is.",
    "competency": "The competency's id: keep it as it is.",
    "competency name": "The competency, as the map names it.",
    "required level": "The level the role requires.",
    "critical": "Whether the role cannot do without it.",
    "what the required level looks like": "What to rate each person against: the role's "
    "expectations where it states them, else the indicators of the required level.",
    "gap": "Computed: the levels missing, added up over the people rated on the row: "
    "max(0, required level − rating) for each. The last row adds up the column.",
}
_PERSON_NOTE = ("Rate one person per column with a level of the row's scale (the dropdown "
                "offers them). Rename the header to initials if you like: cmap import "
                "assessment keeps only totals, never a name or a single rating.")
_TOTAL = Font(bold=True)
_HEADER_LIMIT = 200  # Excel refuses a page header longer than 255 characters


def worksheet_xlsx(model: CompetencyMap, role_id: str, made: datetime | None = None) -> bytes:
    """The worksheet of a role as the bytes of an .xlsx file, dated `made` (default: now);
    `CmapError` for an unknown role."""
    role = role_of(model, role_id)
    when = (made or datetime.now(timezone.utc)).astimezone(timezone.utc)
    book = Workbook()
    book.properties.title = f"Assessment worksheet: {role.title}"
    book.properties.creator = "cmap"
    book.properties.created = book.properties.modified = when.replace(tzinfo=None)
    ws = book.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = SHEET
    _layout(ws, role)
    _dropdowns(ws, model, role)
    for column, name in enumerate(HEADERS, start=1):
        header(_text(ws, 1, column, name), _NOTES[name])
    for n in range(1, PERSONS + 1):
        cell = _text(ws, 1, len(HEADERS) + n, f"person {n}")
        header(cell, _PERSON_NOTE if n == 1 else "")  # one note says it for every person
    for row, req in enumerate(role.requirements, start=2):
        comp = model.competencies.get(req.competency)
        _text(ws, row, 1, role.id)
        _text(ws, row, 2, req.competency)
        _text(ws, row, 3, comp.name if comp else req.competency)
        ws.cell(row=row, column=4, value=req.level).alignment = TOP
        _text(ws, row, 5, "yes" if req.critical else "no")
        _text(ws, row, 6, "\n".join(rated_against(req, comp)), wrap=True)
        ws.cell(row=row, column=len(HEADERS), value=gap_formula(row)).alignment = TOP
    if role.requirements:
        total = len(role.requirements) + 2
        _text(ws, total, 3, "total gap").font = _TOTAL
        ws.cell(row=total, column=len(HEADERS), value=f"=SUM({_GAP}2:{_GAP}{total - 1})").font = _TOTAL
    out = io.BytesIO()
    # Not `book.save`, which dates the workbook now, and whose ZIP dates each part when it
    # is written: the same worksheet made twice would differ, and a site would publish it
    # as changed.
    ExcelWriter(book, _DatedZip(out, when)).save()
    return out.getvalue()


class _DatedZip(zipfile.ZipFile):
    """A ZIP file being written whose parts are all dated `when`."""

    def __init__(self, out: io.BytesIO, when: datetime) -> None:
        super().__init__(out, "w", zipfile.ZIP_DEFLATED)
        day = max(when, datetime(1980, 1, 1, tzinfo=timezone.utc))  # the oldest a ZIP can say
        self.stamp = (day.year, day.month, day.day, day.hour, day.minute, day.second)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: SizedBuffer | str,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, self.stamp)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: StrPath, arcname: StrPath | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        """A part openpyxl wrote to a temporary file (a worksheet): dated like the others,
        not when the file was written."""
        self.writestr(str(arcname or filename), Path(filename).read_bytes())


def gap_formula(row: int) -> str:
    """The gap of a worksheet row: max(0, required − rating) added up over the rated people
    (an empty person cell counts for nothing)."""
    people, required = f"{_FIRST_PERSON}{row}:{_LAST_PERSON}{row}", f"${_REQUIRED}{row}"
    return f'=SUMPRODUCT(({people}<>"")*({people}<{required})*({required}-{people}))'


def _layout(ws: Worksheet, role: Role) -> None:
    for index, width in enumerate([*_WIDTHS, *[_PERSON_WIDTH] * PERSONS], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "D2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    title = f"Assessment worksheet: {role.title}"[:_HEADER_LIMIT]
    ws.HeaderFooter.oddHeader = HeaderFooterItem(center=_part(title))
    ws.HeaderFooter.oddFooter = HeaderFooterItem(left=_part(role.id),
                                                 right=_part("Page &P of &N", codes=True))


def _part(text: str, codes: bool = False) -> _HeaderFooterPart:
    """A part of the page header or footer; `&` starts a code there (`&P` is the page
    number), so text from the map has it doubled."""
    return _HeaderFooterPart(text if codes else text.replace("&", "&&"))


def _dropdowns(ws: Worksheet, model: CompetencyMap, role: Role) -> None:
    """A dropdown of levels on the person cells of each row, one per scale."""
    rows: dict[str, list[int]] = {}
    for row, req in enumerate(role.requirements, start=2):
        comp = model.competencies.get(req.competency)
        if comp is not None and comp.scale in model.scales:
            rows.setdefault(comp.scale, []).append(row)
    for scale_id, numbers in rows.items():
        check = _levels(model.scales[scale_id])
        ws.add_data_validation(check)
        for row in numbers:
            check.add(f"{_FIRST_PERSON}{row}:{_LAST_PERSON}{row}")


def _levels(scale: Scale) -> DataValidation:
    levels = ",".join(map(str, scale.numbers))
    check = DataValidation(type="list", formula1=f'"{levels}"', allow_blank=True,
                           showErrorMessage=True, showInputMessage=True)
    check.errorTitle = "Not a level"
    check.error = f"Choose a level of the scale: {levels.replace(',', ', ')}."
    check.promptTitle = "Level"
    # Excel refuses a prompt over 255 characters: the names of the levels are a help.
    check.prompt = "; ".join(f"{lv.level} {lv.name}" for lv in scale.levels)[:250]
    return check


def _text(ws: Worksheet, row: int, column: int, text: str, wrap: bool = False
          ) -> Cell | MergedCell:
    cell = ws.cell(row=row, column=column)
    put_text(cell, text, wrap)
    return cell
