"""`cmap export xlsx`: a sheet per table, laid out for editing (frozen header, notes from the
JSON Schemas, filters, widths), dropdowns that offer the ids of the sheet that holds them,
and no text that a spreadsheet would run as a formula or show as an error.

The workbooks are real: written by `workbook_bytes`, read back with openpyxl and, for what
openpyxl does not say, as the XML in the file.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from support.repo_builder import Repo

from generator.exchange.sheets.tables import LISTS, SHEETS
from generator.exchange.sheets.workbook import workbook_bytes

HOSTILE = ['=HYPERLINK("http://x","y")', "+1 sells", "-1 complaint", "@SUM(A1)", "#N/A",
           "'=quoted"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    repo = Repo.minimal(tmp_path_factory.mktemp("repo"))
    repo.update("competencies/communication.yml", name=HOSTILE[0], description=HOSTILE[1],
                owner="zhang-min", levels=[{"level": 1, "indicators": HOSTILE[2:]},
                                           {"level": 2, "indicators": ["Bell\x07 rings."]}])
    result = repo.load()
    assert result.ok, result.errors
    return workbook_bytes(result.model, "Jiahe map")


@pytest.fixture(scope="module")
def book(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_a_sheet_per_table_laid_out_for_editing(book: Workbook) -> None:
    assert book.sheetnames == [*(sheet.name for sheet in SHEETS), LISTS]
    assert book.properties.title == "Jiahe map"
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert tuple(cell.value for cell in ws[1]) == sheet.headers
        assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
        for cell, column in zip(ws[1], sheet.columns, strict=True):
            assert cell.font.bold and cell.comment is not None
            assert cell.comment.text == column.describe() and len(column.describe()) > 20
            assert ws.column_dimensions[cell.column_letter].width == column.width
    notes = {cell.value: cell.comment.text for cell in book["Competencies"][1]}
    assert notes["indicators"].startswith("Observable behaviours at this level")
    assert notes["indicators"].endswith("One per line (Alt+Enter starts a new line in a cell).")


def test_dropdowns_offer_the_ids_of_the_sheet_that_holds_them(book: Workbook) -> None:
    def rules(sheet: str) -> dict[str, tuple[str, str | None]]:
        found = {}
        for rule in book[sheet].data_validations.dataValidation:
            for cells in rule.sqref.ranges:
                header = book[sheet].cell(1, cells.min_col).value
                assert (cells.min_row, cells.max_row) == (2, 1_048_576)
                found[header] = (rule.type, rule.formula1)
        return found

    assert rules("Competencies") == {"category": ("list", "=cmap_categories"),
                                     "scale": ("list", "=cmap_scales"), "level": ("list", '"1,2,3,4"')}
    assert rules("Profiles") == {"role": ("list", "=cmap_roles"),
                                 "competency": ("list", "=cmap_competencies"),
                                 "level": ("list", '"1,2,3,4"'), "critical": ("list", '"yes,no"')}
    assert rules("Scales")["level"] == ("list", '"1,2,3,4,5,6,7,8,9,10"')
    assert rules("Departments")["type"] == ("list", '"company,region,branch,function,team"')
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    assert names["cmap_roles"] == "OFFSET('Roles'!$A$2,0,0,MAX(1,COUNTA('Roles'!$A:$A)-1),1)"
    assert names["cmap_competencies"] == "'Lists'!$A$2:$A$4"
    lists = book[LISTS]
    assert lists.sheet_state == "hidden"
    assert [row[0].value for row in lists.iter_rows(min_row=2, max_col=1)] == [
        "communication", "consultative-selling", "team-leadership"]


def test_no_text_becomes_a_formula_or_an_error_value(book: Workbook, data: bytes) -> None:
    ws = book["Competencies"]
    texts = {cell.value: cell for row in ws.iter_rows(min_row=2) for cell in row
             if isinstance(cell.value, str)}
    assert texts[HOSTILE[0]].data_type == "s" and texts[HOSTILE[0]].quotePrefix
    assert texts[HOSTILE[1]].quotePrefix
    assert "\n".join(HOSTILE[2:]) in texts and texts["\n".join(HOSTILE[2:])].quotePrefix
    assert "Bell\ufffd rings." in texts  # a workbook cannot hold U+0007
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in xml or 't="e"' in xml for xml in sheets)


def test_numbers_are_numbers_and_lists_an_item_per_line(book: Workbook) -> None:
    profile = {(row[0].value, row[1].value): [c.value for c in row]
               for row in book["Profiles"].iter_rows(min_row=2)}
    assert profile["sales-manager", "team-leadership"] == [
        "sales-manager", "team-leadership", 3, "yes", "The team's results depend on it.", None]
    roles = {row[0].value: [c.value for c in row] for row in book["Roles"].iter_rows(min_row=2)}
    assert roles["sales-manager"][3:6] == ["7", "branch-head", "branch-head"]
    staffing = [[c.value for c in row] for row in book["Staffing"].iter_rows(min_row=2)]
    assert ["guangzhou-branch", "sales-rep", 12] in staffing
