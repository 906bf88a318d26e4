"""Reading a workbook a person saved: sheets as tables of text, every cell that the data
files cannot hold reported at `Sheet!C4`, and files that are not workbooks, are protected
with a password or are too large refused before they are parsed."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.files import xlsx_input
from generator.files.xlsx_input import read_workbook


def save(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def places(problems: list[object]) -> list[tuple[str, str]]:
    return [(p.code, p.place.split(":", 1)[1]) for p in problems]  # type: ignore[attr-defined]


def test_the_wanted_sheets_are_read_as_text(tmp_path: Path) -> None:
    path = save(tmp_path / "map.xlsx", {
        "Roles": [["role", "level", "grade", "flag", "note", None],
                  ["sales-rep", 3, 3.0, True, "  two\r\nlines  ", None],
                  [None, None, None, None, None, None],
                  ["key-account", 2.5, "M1", False, None, None],
                  [None, None, None, None, None, None]],
        "Other": [["never", "read"]]})
    book, problems = read_workbook(path, "map.xlsx", lambda name: name == "Roles")
    assert problems == [] and book is not None
    assert book.sheet_names == ["Roles", "Other"] and list(book.tables) == ["Roles"]
    table = book.tables["Roles"]
    assert (table.sheet, table.header) == ("Roles", ("role", "level", "grade", "flag", "note"))
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ("sales-rep", "3", "3", "TRUE", "two\nlines")),
        (4, ("key-account", "2.5", "M1", "FALSE", ""))]


def test_cells_the_data_cannot_hold_are_reported_where_they_are(tmp_path: Path) -> None:
    path = save(tmp_path / "map.xlsx", {"Roles": [
        ["role", "title", None],
        ["a", "=1+2", None],
        ["b", date(2027, 3, 1), None],
        ["c", "#N/A", None],
        ["d", "be\x85ll", None],
        ["e", "fine", "no column name"],
        ["f", "fine", None]]})
    book, problems = read_workbook(path, "map.xlsx", lambda name: True)
    assert places(problems) == [("I635", "Roles!B2"), ("I635", "Roles!B3"), ("I635", "Roles!B4"),
                                ("I636", "Roles!B5")]
    assert "formula (`=1+2`)" in problems[0].message
    assert book is not None
    table = book.tables["Roles"]
    assert table.header == ("role", "title", "")  # the unnamed column, for the header check
    assert [row.cells[0] for row in table.rows] == ["e", "f"]


def test_formulas_read_as_empty_only_in_the_columns_named_computed(tmp_path: Path) -> None:
    path = save(tmp_path / "sheet.xlsx", {"Worksheet": [
        ["competency", "Gap", "person 1"],
        ["negotiation", "=SUM(C2:C2)", 1],
        ["communication", "=2", "=1+1"],
        [None, "=SUM(B2:B3)", None]]})
    book, problems = read_workbook(path, "sheet.xlsx", lambda name: True, computed=("gap",))
    assert places(problems) == [("I635", "Worksheet!C3")]
    assert book is not None
    assert [(row.number, row.cells) for row in book.tables["Worksheet"].rows] == [
        (2, ("negotiation", "", "1"))]


def test_a_sheet_name_that_excel_must_quote_is_quoted(tmp_path: Path) -> None:
    path = save(tmp_path / "map.xlsx", {"Role profiles": [["role"], ["=x"]]})
    _, problems = read_workbook(path, "map.xlsx", lambda name: True)
    assert [p.place for p in problems] == ["map.xlsx:'Role profiles'!A2"]


def _ole2(tail: bytes) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + tail


def _zip(path: Path, names: list[str]) -> bytes:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return path.read_bytes()


@pytest.mark.parametrize(("make", "code", "words"), [
    (lambda p: b"role,title\r\nsales-rep,Sales\r\n", "I630", "a CSV or text file"),
    (lambda p: b"", "I630", "not an .xlsx workbook"),
    (lambda p: _ole2(b""), "I630", "Excel 97–2003 workbook (.xls)"),
    (lambda p: _ole2("EncryptedPackage".encode("utf-16-le")), "I631", "protected with a password"),
    (lambda p: _zip(p, ["mimetype", "content.xml"]), "I630", "OpenDocument file (.ods)"),
    (lambda p: _zip(p, ["xl/workbook.bin"]), "I630", "binary Excel workbook (.xlsb)"),
    (lambda p: _zip(p, ["word/document.xml"]), "I630", "not an .xlsx workbook"),
    (lambda p: b"PK\x03\x04 this is no archive", "I630", "The workbook is damaged"),
    (lambda p: _zip(p, ["xl/workbook.xml"]), "I630", "The workbook cannot be read"),
])
def test_a_file_that_is_not_a_readable_workbook_says_what_it_is(tmp_path: Path, make, code: str,
                                                                words: str) -> None:
    path = tmp_path / "map.xlsx"
    path.write_bytes(make(path))
    book, problems = read_workbook(path, "map.xlsx", lambda name: True)
    assert book is None and [(p.code, p.line, p.column) for p in problems] == [(code, 1, 1)]
    assert words in problems[0].message and problems[0].hint


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    book, problems = read_workbook(tmp_path / "gone.xlsx", "gone.xlsx", lambda name: True)
    assert book is None and "cannot be read: No such file" in problems[0].message


def test_size_is_bounded_before_and_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save(tmp_path / "map.xlsx", {"Roles": [["role", "title"], *[[f"r{n}", "x"] for n in range(9)]],
                                        "Wide": [[f"c{n}" for n in range(12)]]})
    monkeypatch.setattr(xlsx_input, "MAX_ROWS", 5)
    monkeypatch.setattr(xlsx_input, "MAX_COLUMNS", 10)
    book, problems = read_workbook(path, "map.xlsx", lambda name: True)
    assert places(problems) == [("I632", "Roles!A6"), ("I632", "Wide!K1")]
    assert book is not None and len(book.tables["Roles"].rows) == 4 and "Wide" not in book.tables
    monkeypatch.setattr(xlsx_input, "MAX_UNPACKED", 1000)
    assert [p.code for p in read_workbook(path, "map.xlsx", lambda name: True)[1]] == ["I632"]
    monkeypatch.setattr(xlsx_input, "MAX_BYTES", 100)
    assert "larger than" in read_workbook(path, "map.xlsx", lambda name: True)[1][0].message
