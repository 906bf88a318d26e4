"""Reading a CSV saved by a spreadsheet: what is accepted, and each refusal at its row:column."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from generator.files.csv_input import (
    Cells,
    Table,
    check_columns,
    column_letter,
    read_checked,
    read_table,
    whole_number,
)
from generator.problems import Problem

GOOD = "name,level\nwang,3\n"


def read(tmp_path: Path, content: str | bytes) -> tuple[Table | None, list[Problem]]:
    path = tmp_path / "sheet.csv"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return read_table(path, "sheet.csv")


def positions(problems: list[Problem]) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in problems]


def test_a_plain_file_reads_into_stripped_rows_numbered_like_the_spreadsheet(tmp_path: Path) -> None:
    table, problems = read(tmp_path, "name , level\n wang , 3 \n\n,\nli,4\n")
    assert table is not None and problems == []
    assert table.header == ("name", "level")
    assert [(r.number, r.cells) for r in table.rows] == [(2, ("wang", "3")), (5, ("li", "4"))]


def test_excels_byte_order_mark_and_windows_line_endings_are_read(tmp_path: Path) -> None:
    table, problems = read(tmp_path, codecs.BOM_UTF8 + b"name,level\r\nwang,3\r\n")
    assert table is not None and problems == [] and table.header == ("name", "level")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path: Path, delimiter: str) -> None:
    table, problems = read(tmp_path, GOOD.replace(",", delimiter))
    assert table is not None and problems == [] and table.rows[0].cells == ("wang", "3")


def test_a_quoted_cell_may_hold_commas_quotes_and_line_breaks(tmp_path: Path) -> None:
    table, _ = read(tmp_path, 'name,level\n"Wang, ""W""\nLei",3\nli,4\n')
    assert table is not None
    assert [(r.number, r.cells[0]) for r in table.rows] == [(2, 'Wang, "W"\nLei'), (3, "li")]


def test_empty_trailing_columns_of_a_used_range_are_ignored(tmp_path: Path) -> None:
    table, problems = read(tmp_path, "name,level,,\nwang,3,,\n")
    assert table is not None and problems == [] and table.header == ("name", "level")


@pytest.mark.parametrize(("content", "words"), [
    (GOOD.encode("utf-16"), "UTF-16"),
    (GOOD.encode("utf-16-le"), "UTF-16"),
    (GOOD.encode("utf-16-be"), "UTF-16"),
    (GOOD.encode("utf-32"), "UTF-32"),
    ("name,level\n王磊,3\n".encode("gbk"), "GB18030/GBK"),
    ("name,level\n王磊,3\n".encode("gb18030"), "GB18030/GBK"),
    ("name,level\nCafé,3\n".encode("cp1252"), "Windows-1252"),
])
def test_a_file_not_saved_as_utf8_is_named_with_its_encoding(tmp_path: Path, content: bytes,
                                                             words: str) -> None:
    table, problems = read(tmp_path, content)
    assert table is None and [p.code for p in problems] == ["I602"]
    assert words in problems[0].message and "CSV UTF-8" in problems[0].hint


def test_the_first_byte_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "name,level\n王,3\nCafé,3\n".encode().replace(b"\xc3\xa9",
                                                                                   b"\xe9"))
    assert positions(problems) == [(3, 4, "I602")]


@pytest.mark.parametrize(("content", "code", "words"), [
    (b"", "I604", "empty"),
    (codecs.BOM_UTF8 + b"\r\n\r\n", "I604", "empty"),
    (b"PK\x03\x04\x14\x00\x06\x00", "I603", "workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "I603", "workbook"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "I603", "binary"),
    (b'name,level\n"wang,3\n', "I603", "not a readable CSV"),
])
def test_a_file_that_is_not_a_csv_is_refused_as_a_whole(tmp_path: Path, content: bytes, code: str,
                                                       words: str) -> None:
    table, problems = read(tmp_path, content)
    assert table is None and [p.code for p in problems] == [code]
    assert words in problems[0].message


def test_a_missing_file_is_reported_without_a_traceback(tmp_path: Path) -> None:
    table, problems = read_table(tmp_path / "nope.csv", "nope.csv")
    assert table is None and positions(problems) == [(1, 1, "I601")]


def test_a_header_without_rows_is_reported(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "name,level\n,\n")
    assert positions(problems) == [(2, 1, "I604")]


def test_rows_with_too_many_or_too_few_cells_are_reported_where_they_differ(tmp_path: Path) -> None:
    table, problems = read(tmp_path, "a,b,c\n1,2,3,4\n1,2\n1,2,3,,\n1\n")
    assert positions(problems) == [(2, 4, "I606"), (3, 3, "I606"), (5, 2, "I606")]
    assert table is not None and [r.number for r in table.rows] == [4]


@pytest.mark.parametrize("cell", ['"=HYPERLINK(""http://x"",""y"")"', "+cmd", "@SUM(1)", "-2+3",
                                  "=1+1", '"\t=1"', '" =cmd"', '"\r=1"'])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_refused(tmp_path: Path, cell: str) -> None:
    table, problems = read(tmp_path, f"name,level\nwang,{cell}\nli,3\n")
    assert positions(problems) == [(2, 2, "I607")]
    assert table is not None and [r.number for r in table.rows] == [3]


def test_formula_characters_in_the_header_are_refused_too(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "name,=cmd\nwang,3\n")
    assert positions(problems) == [(1, 2, "I607")]


@pytest.mark.parametrize("cell", ["-1", "+3", "3.5", "a=b", "x-y", "user@example"])
def test_numbers_and_text_with_those_characters_inside_are_accepted(tmp_path: Path, cell: str) -> None:
    _, problems = read(tmp_path, f"name,level\nwang,{cell}\n")
    assert problems == []


def test_control_characters_are_refused(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "name,level\nwa\x07ng,3\n")
    assert positions(problems) == [(2, 1, "I608")]


def test_columns_are_matched_as_people_write_them(tmp_path: Path) -> None:
    table, _ = read(tmp_path, "Needed By,LEVEL\n2027-01-01,3\n")
    assert table is not None and check_columns(table, ["level"], ["needed_by"]) == []
    assert table.value(table.rows[0], "needed_by") == "2027-01-01"


def test_missing_unknown_and_repeated_columns_are_reported_at_row_one(tmp_path: Path) -> None:
    table, _ = read(tmp_path, "name,levl,name\nwang,3,li\n")
    assert table is not None
    problems = check_columns(table, ["name", "level"])
    assert positions(problems) == [(1, 2, "I605"), (1, 3, "I605"), (1, 4, "I605")]
    assert "Did you mean `level`?" in problems[0].hint
    assert "appears twice (first in column A)" in problems[1].message
    assert "`level` is missing" in problems[2].message


def test_other_columns_may_be_allowed_and_repeat(tmp_path: Path) -> None:
    table, _ = read(tmp_path, "name,WL,WL\nwang,3,4\n")
    assert table is not None and check_columns(table, ["name"], others_allowed=True) == []


def test_a_file_with_none_of_the_columns_gets_one_problem(tmp_path: Path) -> None:
    (tmp_path / "role.csv").write_text("id: sales-rep\n- a\n- b\n", encoding="utf-8")
    table, problems = read_checked(tmp_path / "role.csv", "role.csv", ["name", "level"])
    assert table is None and positions(problems) == [(1, 1, "I603")]


def test_wrong_columns_hide_the_rows_problems(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("name,levl\nwang,3,4\n", encoding="utf-8")
    table, problems = read_checked(tmp_path / "s.csv", "s.csv", ["name", "level"])
    assert table is None and [p.line for p in problems] == [1, 1]


def test_cells_read_typed_values_and_report_each_problem(tmp_path: Path) -> None:
    table, _ = read(tmp_path, "level,when,mode\n7,2027/3/31,E Learning\n")
    assert table is not None
    problems: list[Problem] = []
    cells = Cells(table, table.rows[0], problems)
    assert cells.level("level", (1, 2, 3), "negotiation") is None
    assert cells.day("when") == "2027-03-31"
    assert cells.choice("mode", ("e-learning", "vendor")) == "e-learning"
    assert cells.known("mode", {"vendor": 1}, "x/") is None
    assert positions(problems) == [(2, 1, "I611"), (2, 3, "I610")]


@pytest.mark.parametrize(("text", "number"), [("3", 3), (" 3 ", 3), ("3.0", 3), ("３", 3),
                                              ("-1", -1), ("3.5", None), ("", None), ("x", None)])
def test_whole_numbers_are_read_as_spreadsheets_write_them(text: str, number: int | None) -> None:
    assert whole_number(text) == number


def test_column_letters_are_the_spreadsheets() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
