"""Reporters: text for people, GitHub workflow annotations plus a job summary, JSON for tools."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from generator.problems import Problem, Severity
from generator.rules.report import (
    REPORTERS,
    report_github,
    report_json,
    report_listed,
    report_text,
    summary_line,
)

ERROR = Problem("competency-map/roles/sales-rep.yml", 4, 1, "R303", "There is no job family `sails`.",
                "Did you mean `sales`? Job families are listed in `competency-map/families.yml`.")
WARNING = Problem("competency-map/roles/branch-head.yml", 11, 5, "R306",
                  "`team-leadership` has no behavioural indicators for level 4.",
                  "Describe level 4 so people can see what is expected.", Severity.WARNING)
TRICKY = Problem("competency-map/departments/a,b:c.yml", 2, 13, "L102",
                 "This is not valid YAML: 100% wrong, really\nsecond line | pipe <b>",
                 "Quote it: \"a, b: c\".\r\nThen save.")
NO_HINT = Problem("competency-map/areas.yml", 1, 1, "S201", "`areas` is empty.")


def render(reporter: str, problems: list[Problem], checked: int = 14) -> str:
    out = io.StringIO()
    REPORTERS[reporter](problems, checked, out)
    return out.getvalue()


def test_the_three_formats_are_registered() -> None:
    assert set(REPORTERS) == {"text", "github", "json"}
    assert REPORTERS["text"] is report_text
    assert REPORTERS["github"] is report_github
    assert REPORTERS["json"] is report_json


# --- summary --------------------------------------------------------------------------


@pytest.mark.parametrize(("problems", "line"), [
    ([], "All 14 files are valid."),
    ([ERROR], "1 error, 0 warnings in 1 file (14 checked)."),
    ([WARNING], "0 errors, 1 warning in 1 file (14 checked)."),
    ([ERROR, WARNING, NO_HINT], "2 errors, 1 warning in 3 files (14 checked)."),
])
def test_the_summary_line_counts_errors_warnings_and_files(problems: list[Problem], line: str) -> None:
    assert summary_line(problems, 14) == line


# --- text -----------------------------------------------------------------------------


def test_text_prints_path_line_column_severity_code_message_then_hint_then_summary() -> None:
    assert render("text", [ERROR, WARNING]).splitlines() == [
        "competency-map/roles/sales-rep.yml:4:1: error R303 There is no job family `sails`.",
        "    hint: Did you mean `sales`? Job families are listed in `competency-map/families.yml`.",
        "competency-map/roles/branch-head.yml:11:5: warning R306 `team-leadership` has no "
        "behavioural indicators for level 4.",
        "    hint: Describe level 4 so people can see what is expected.",
        "1 error, 1 warning in 2 files (14 checked).",
    ]


def test_text_leaves_out_an_empty_hint() -> None:
    assert render("text", [NO_HINT]).splitlines() == [
        "competency-map/areas.yml:1:1: error S201 `areas` is empty.",
        "1 error, 0 warnings in 1 file (14 checked).",
    ]


def test_text_for_a_valid_repository_is_one_line() -> None:
    assert render("text", []) == "All 14 files are valid.\n"


# --- github ---------------------------------------------------------------------------


def _annotations(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::")]


def test_github_prints_one_annotation_per_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    output = render("github", [ERROR, WARNING])
    assert _annotations(output) == [
        "::error file=competency-map/roles/sales-rep.yml,line=4,col=1,"
        "title=R303 There is no job family `sails`.::There is no job family `sails`.%0A"
        "Did you mean `sales`? Job families are listed in `competency-map/families.yml`.",
        "::warning file=competency-map/roles/branch-head.yml,line=11,col=5,"
        "title=R306 `team-leadership` has no behavioural indicators for level 4.::"
        "`team-leadership` has no behavioural indicators for level 4.%0A"
        "Describe level 4 so people can see what is expected.",
    ]
    assert output.splitlines()[-1] == "1 error, 1 warning in 2 files (14 checked)."


def test_github_escapes_percent_newlines_commas_and_colons(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (line,) = _annotations(render("github", [TRICKY]))
    head, body = line.split("::")[1], line.split("::", 2)[2]
    assert head == (
        "error file=competency-map/departments/a%2Cb%3Ac.yml,line=2,col=13,"
        "title=L102 This is not valid YAML%3A 100%25 wrong%2C really%0Asecond line | pipe <b>")
    assert body == ("This is not valid YAML: 100%25 wrong, really%0Asecond line | pipe <b>%0A"
                    "Quote it: \"a, b: c\".%0D%0AThen save.")
    assert "\n" not in line and "\r" not in line


def test_github_writes_no_summary_file_when_the_variable_is_unset(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    render("github", [ERROR])
    assert list(tmp_path.iterdir()) == []


def test_github_appends_a_table_to_the_step_summary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    render("github", [ERROR, TRICKY])
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n\n## Competency map validation\n")
    assert "2 errors, 0 warnings in 2 files (14 checked)." in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows[0] == ("| `competency-map/roles/sales-rep.yml` | 4 | R303 | There is no job family "
                       "`sails`. | Did you mean `sales`? Job families are listed in "
                       "`competency-map/families.yml`. |")
    assert "second line \\| pipe &lt;b>" in rows[1]
    assert all(row.count(" | ") == 4 for row in rows)
    assert text.splitlines()[text.splitlines().index(rows[0]) - 2].startswith("| File | Line |")


def test_github_summary_for_a_valid_repository_says_so(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    render("github", [])
    text = summary.read_text(encoding="utf-8")
    assert "All 14 files are valid." in text and "| File |" not in text


# --- json -----------------------------------------------------------------------------


def test_json_parses_and_has_every_field() -> None:
    document = json.loads(render("json", [ERROR, WARNING]))
    assert document["valid"] is False
    assert document["files_checked"] == 14
    assert document["problems"][0] == {
        "path": "competency-map/roles/sales-rep.yml", "line": 4, "column": 1, "code": "R303",
        "severity": "error", "message": "There is no job family `sails`.",
        "hint": "Did you mean `sales`? Job families are listed in `competency-map/families.yml`.",
    }
    assert document["problems"][1]["severity"] == "warning"


def test_json_with_only_warnings_is_valid() -> None:
    document = json.loads(render("json", [WARNING]))
    assert document["valid"] is True and len(document["problems"]) == 1


def test_json_keeps_chinese_text_readable() -> None:
    problem = Problem("competency-map/roles/x.yml", 1, 1, "S201", "`title` 销售代表 is wrong.")
    output = render("json", [problem])
    assert "销售代表" in output
    assert json.loads(output)["problems"][0]["message"] == "`title` 销售代表 is wrong."


def test_text_keeps_each_problem_on_one_line_whatever_the_files_hold() -> None:
    # Regression (fuzz tests): an unknown key with a line break, written in the YAML as
    # "a\nb", split a problem over two lines, the second without file:line.
    hostile = Problem("competency-map/roles/sales-rep.yml", 3, 1, "S201",
                      "`evil\x1b[2J\r\u2028key\nsecond\u202e` is not a field.",
                      "Check\r\nthe spelling\x85.")
    lines = render("text", [hostile]).splitlines()
    assert lines == [
        "competency-map/roles/sales-rep.yml:3:1: error S201 `evil\\u001b[2J\\u000d\\u2028key⏎"
        "second\\u202e` is not a field.",
        "    hint: Check⏎the spelling\\u0085.",
        "1 error, 0 warnings in 1 file (14 checked).",
    ]


def test_summary_table_keeps_each_problem_on_one_row(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    render("github", [Problem("competency-map/areas.yml", 2, 1, "S201", "a\rb\u2028c", "d\x85e")])
    rows = [line for line in summary.read_text(encoding="utf-8").split("\n") if "S201" in line]
    assert rows == ["| `competency-map/areas.yml` | 2 | S201 | a\\u000db\\u2028c | d\\u0085e |"]


# --- a list cut short (imports) -----------------------------------------------------------

@pytest.mark.parametrize(("count", "last"), [(2, "hint: Describe level 4"), (3, "… and 1 more problem"),
                                             (5, "… and 3 more problems")])
def test_a_listing_shows_the_first_problems_then_counts_the_rest(count: int, last: str) -> None:
    out = io.StringIO()
    report_listed([ERROR, WARNING, NO_HINT, ERROR, WARNING][:count], out, limit=2)
    lines = out.getvalue().splitlines()
    assert lines[:4] == render("text", [ERROR, WARNING]).splitlines()[:4]
    assert lines[4:] == ([] if count == 2 else [last]) and last in out.getvalue()


@pytest.mark.parametrize(("sheet", "row", "column", "place"), [
    ("Competencies", 12, 3, "map.xlsx:Competencies!C12"),
    ("Role profiles", 2, 27, "map.xlsx:'Role profiles'!AA2"),
    ("It's", 1, 1, "map.xlsx:'It''s'!A1"),
    ("Bad\nname", 3, 702, "map.xlsx:'Bad⏎name'!ZZ3"),
])
def test_a_problem_in_a_workbook_is_shown_at_its_cell(sheet: str, row: int, column: int,
                                                       place: str) -> None:
    problem = Problem("map.xlsx", row, column, "I641", "There is no category `x`.", sheet=sheet)
    assert render("text", [problem]).splitlines()[0] == f"{place}: error I641 There is no category `x`."
