"""CSV exports: UTF-8 with a BOM, CRLF, and no cell a spreadsheet would run as a formula;
the map's tables are the workbook's sheets, lists an item per line.

The repository is the tests' minimal one with a cycle (`cycle_builder`), made hostile: a
competency named like a formula, Chinese text, an evidence that starts with a minus.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT
from support.cycle_builder import CYCLE, NEEDS, add_cycle
from support.repo_builder import Repo

from generator.exchange import csv_export
from generator.exchange.sheets.tables import BY_NAME, SHEETS
from generator.model.competency_map import CompetencyMap

HOSTILE = '=HYPERLINK("http://x","y")'
FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = add_cycle(Repo.minimal(tmp_path / "repo"))
    repo.update("competencies/communication.yml", name=HOSTILE)
    repo.update("competencies/team-leadership.yml", name="团队领导力",
                description="为团队设定目标，并帮助每位成员实现目标。")
    text = repo.text(NEEDS)
    evidence = re.search(r"evidence: (.*)\n", text)
    assert evidence is not None
    repo.write(NEEDS, text.replace(evidence.group(0), 'evidence: "-30% sales; +2 complaints @store"\n', 1))
    return repo


@pytest.fixture
def model(repo: Repo) -> CompetencyMap:
    result = repo.load()
    assert result.ok, result.problems
    return result.model


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def records(text: str, sheet: str) -> list[dict[str, str]]:
    """The rows of a map table by column name, as the workbook's sheet names them."""
    table = rows(text)
    assert tuple(table[0]) == BY_NAME[sheet].headers
    return [dict(zip(table[0], row, strict=True)) for row in table[1:]]


def test_every_table_has_a_bom_crlf_and_only_inert_cells(model: CompetencyMap) -> None:
    tables = csv_export.all_tables(model)
    assert set(tables) == {*(sheet.file for sheet in SHEETS), "company-map.csv",
                           f"needs-{CYCLE}.csv", f"programs-{CYCLE}.csv"}
    for name, text in tables.items():
        data = text.encode("utf-8")
        assert data.startswith(b"\xef\xbb\xbf"), name
        outside_cells = re.sub(rb'"(?:[^"]|"")*"', b"", data)  # a cell may hold line breaks
        assert outside_cells.count(b"\r\n") == outside_cells.count(b"\n") and data.endswith(b"\r\n")
        table = rows(text)
        assert len({len(row) for row in table}) == 1, name
        for row in table:
            for cell in row:
                assert not cell.startswith(FORMULA) or NUMBER.fullmatch(cell), (name, cell)


def test_a_formula_in_a_name_comes_out_inert_and_chinese_survives(model: CompetencyMap) -> None:
    table = records(csv_export.map_table(BY_NAME["Competencies"], model), "Competencies")
    names = {row["name"] for row in table}
    assert "'" + HOSTILE in names and HOSTILE not in names
    assert "团队领导力" in names
    needs = rows(csv_export.needs(model, model.cycles[CYCLE]))
    evidence = needs[0].index("evidence")
    assert "'-30% sales; +2 complaints @store" in [r[evidence] for r in needs[1:]]


def test_competencies_have_a_row_per_described_level_with_an_indicator_per_line(
        repo: Repo, model: CompetencyMap) -> None:
    table = records(csv_export.map_table(BY_NAME["Competencies"], model), "Competencies")
    selling = [r for r in table if r["competency"] == "consultative-selling"]
    assert [r["level"] for r in selling] == ["1", "2", "3", "4"]
    assert {r["name"] for r in selling} == {"Consultative selling"}
    assert selling[1]["indicators"] == "Asks open questions to find the customer's need."
    repo.update("competencies/communication.yml", levels=[
        {"level": 1, "indicators": ["Listens.", "-Asks\nwhen unsure."]}])
    listed = records(csv_export.map_table(BY_NAME["Competencies"], repo.load().model), "Competencies")
    assert [r["indicators"] for r in listed if r["competency"] == "communication"] == [
        "Listens.\n-Asks when unsure."]


def test_the_company_map_is_roles_by_competencies(model: CompetencyMap) -> None:
    table = rows(csv_export.company_map(model))
    header = table[0]
    assert header[:3] == ["role", "role title", "family"]
    assert set(header[3:]) == set(model.competencies)
    by_role = {row[0]: dict(zip(header, row, strict=True)) for row in table[1:]}
    assert set(by_role) == set(model.roles)
    for role in model.roles.values():
        for comp in model.competencies:
            required = role.required_level(comp)
            assert by_role[role.id][comp] == ("" if required is None else str(required))


def test_role_profiles_carry_level_critical_note_and_expectations(repo: Repo,
                                                                  model: CompetencyMap) -> None:
    lines = records(csv_export.map_table(BY_NAME["Profiles"], model), "Profiles")
    assert len(lines) == sum(len(r.requirements) for r in model.roles.values())
    leading = next(x for x in lines if x["role"] == "sales-manager" and x["competency"] == "team-leadership")
    assert (leading["level"], leading["critical"], leading["note"], leading["expectations"]) == (
        "3", "yes", "The team's results depend on it.", "")
    repo.replace("roles/sales-manager.yml", "    note: The team's results depend on it.\n",
                 "    expectations: ['=Sets targets.', Runs the weekly sales meeting.]\n")
    lines = records(csv_export.map_table(BY_NAME["Profiles"], repo.load().model), "Profiles")
    leading = next(x for x in lines if x["role"] == "sales-manager" and x["competency"] == "team-leadership")
    # A spreadsheet runs a cell as a formula only when the cell starts with `=`.
    assert (leading["note"], leading["expectations"]) == (
        "", "'=Sets targets.\nRuns the weekly sales meeting.")


def test_programs_per_cycle(model: CompetencyMap) -> None:
    table = rows(csv_export.programs(model.cycles[CYCLE]))
    header = table[0]
    program = dict(zip(header, table[1], strict=True))
    assert program["program"] == "selling-by-advice" and program["seats"] == "12"
    assert program["competencies (id:target level)"] == "consultative-selling:3"
    assert program["currency"] == "CNY"


def test_cli_writes_every_table(repo: Repo, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "generator.cli", "export", "csv", "--out", str(out)],
                          cwd=repo.root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Wrote 13 CSV files" in done.stdout, done.stderr
    assert (out / "company-map.csv").read_bytes().startswith(b"\xef\xbb\xbfrole,role title,family,")


def test_cli_names_the_files_it_would_replace_and_writes_none_without_force(repo: Repo,
                                                                           tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    out.mkdir()
    (out / "competencies.csv").write_text("kept\n", encoding="utf-8")
    (out / "company-map.csv").write_text("kept\n", encoding="utf-8")

    def export(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator.cli", "export", "csv", "--out",
                               str(out), *extra], cwd=repo.root, env=env, capture_output=True,
                              text=True, timeout=120)

    refused = export()
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"competencies.csv, company-map.csv already exist in {out}; pass --force" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["company-map.csv", "competencies.csv"]
    assert (out / "competencies.csv").read_text(encoding="utf-8") == "kept\n"
    done = export("--force")
    assert done.returncode == 0 and "Wrote 13 CSV files" in done.stdout
    assert (out / "competencies.csv").read_bytes().startswith(b"\xef\xbb\xbf")
