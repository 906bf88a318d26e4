"""`cmap validate` end to end: a child process on real temporary repositories.

Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error. Whatever the input, no
traceback ever reaches the user: every run here asserts that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap
from support.cycle_builder import NEEDS, add_cycle
from support.repo_builder import Repo

from generator import cli


def test_a_valid_repository_exits_0(repo: Repo) -> None:
    run = cmap(repo.root, "validate")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "All 14 files are valid.\n"
    assert run.stderr == ""


def test_warnings_alone_exit_0_and_are_shown(repo: Repo) -> None:
    repo.replace("competencies/team-leadership.yml",
                 "  - level: 4\n    indicators:\n      - Develops successors.\n", "")
    run = cmap(repo.root, "validate")
    assert run.returncode == 0
    assert "competency-map/roles/branch-head.yml:11:5: warning R306" in run.stdout
    assert run.stdout.splitlines()[-1] == "0 errors, 1 warning in 1 file (14 checked)."


@pytest.fixture
def broken(repo: Repo) -> Repo:
    """Seven files broken in seven different ways, plus one rule problem."""
    repo.write("roles/sales-rep.yml", "id: sales-rep\ntitle: [unclosed\n")
    repo.replace("departments/jiahe.yml", "type: company", "type: firm")
    repo.replace("roles/sales-manager.yml", "family: sales", "family: sails")
    repo.replace("competencies/communication.yml", "name: Communication\n",
                 "name: Communication\nname: Talking\n")
    repo.write("competencies/team-leadership.yml", b"id: team-leadership\nname: F\xfchrung\n")
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    repo.write("competencies/consultative-selling.yml", "\n".join(lines) + "\n")
    repo.write("scales/proficiency.yml", "levels: " + "[" * 100_000 + "]" * 100_000 + "\n")
    repo.write("departments/south-region.yml", "")
    return repo


EXPECTED = {
    "competency-map/roles/sales-rep.yml": ("L102", 3, 1),
    "competency-map/departments/jiahe.yml": ("S201", 4, 1),
    "competency-map/roles/sales-manager.yml": ("R303", 4, 1),
    "competency-map/competencies/communication.yml": ("L103", 4, 1),
    "competency-map/competencies/team-leadership.yml": ("L101", 2, 8),
    "competency-map/competencies/consultative-selling.yml": ("L107", None, 4),
    "competency-map/scales/proficiency.yml": ("L109", 1, 72),
    "competency-map/departments/south-region.yml": ("L111", 1, 1),
}


def test_several_broken_files_exit_1_with_every_problem_at_once(broken: Repo) -> None:
    run = cmap(broken.root, "validate")
    assert run.returncode == 1
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    for path, (code, line, column) in EXPECTED.items():
        found = [text for text in lines if text.startswith(f"{path}:") and f" error {code} " in text]
        assert found, f"{path} {code} missing from:\n{run.stdout}"
        position = found[0].split(": error")[0].split(":")
        assert (line is None or int(position[1]) == line) and int(position[2]) == column, found[0]
    problems = [text for text in lines if ": error " in text or ": warning " in text]
    hints = [text for text in lines if text.startswith("    hint: ")]
    assert len(hints) == len(problems) >= len(EXPECTED)
    assert lines[-1] == f"{len(problems)} errors, 0 warnings in {len(EXPECTED)} files (14 checked)."


def test_a_schema_error_in_one_needs_entry_and_a_bad_reference_in_another_come_in_one_run(
        repo: Repo) -> None:
    add_cycle(repo)
    repo.replace(NEEDS, "headcount: 8", "headcount: eight")
    repo.replace(NEEDS, "competency: team-leadership", "competency: team-leadrship")
    run = cmap(repo.root, "validate")
    assert run.returncode == 1
    found = [(line.split(":")[1], line.split(" ")[2]) for line in run.stdout.splitlines()
             if line.startswith(f"{NEEDS[1:]}:") and ": error " in line]
    assert found == [(str(repo.line_of(NEEDS, "headcount: eight")), "S201"),
                     (str(repo.line_of(NEEDS, "team-leadrship")), "R303")]


def test_several_broken_files_in_json(broken: Repo) -> None:
    run = cmap(broken.root, "validate", "--format", "json")
    assert run.returncode == 1
    document = json.loads(run.stdout)
    assert document["valid"] is False and document["files_checked"] == 14
    found = {(p["path"], p["code"]) for p in document["problems"]}
    assert found >= {(path, code) for path, (code, _, _) in EXPECTED.items()}
    assert all(set(p) == {"path", "line", "column", "code", "severity", "message", "hint"}
               for p in document["problems"])


def test_several_broken_files_in_github_format_with_a_step_summary(broken: Repo, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    run = cmap(broken.root, "validate", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 1
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    for path, (code, _, column) in EXPECTED.items():
        assert any(a.startswith(f"::error file={path},line=") and f",col={column},title={code} " in a
                   for a in annotations), path
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("## Competency map validation")
    assert table.count("\n| `competency-map/") == len(annotations)


def test_an_empty_map_folder_reports_each_missing_file(tmp_path: Path) -> None:
    (tmp_path / "competency-map").mkdir()
    run = cmap(tmp_path, "validate")
    assert run.returncode == 1
    for name in ("areas", "categories", "families", "governance"):
        assert f"competency-map/{name}.yml:1:1: error L121" in run.stdout


@pytest.mark.parametrize("args", [
    ("validate", "--bogus"),
    ("validate", "--format", "xml"),
    ("--format", "json"),
    ("frobnicate",),
    (),
])
def test_a_usage_error_exits_2_with_the_usage(repo: Repo, args: tuple[str, ...]) -> None:
    run = cmap(repo.root, *args)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "usage: cmap" in run.stderr


def test_outside_a_repository_it_says_where_to_run_it(tmp_path: Path) -> None:
    run = cmap(tmp_path, "validate")
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith("cmap: ")
    assert "no competency-map/ folder" in run.stderr and "--root" in run.stderr


def test_root_option_validates_another_folder(repo: Repo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = cmap(elsewhere, "--root", str(repo.root), "validate", "--format", "json")
    assert run.returncode == 0
    assert json.loads(run.stdout) == {"valid": True, "files_checked": 14, "problems": []}


def test_root_option_reports_paths_relative_to_the_root(repo: Repo, tmp_path: Path) -> None:
    repo.replace("roles/sales-rep.yml", "family: sales", "family: sails")
    run = cmap(tmp_path, "--root", str(repo.root), "validate")
    assert run.returncode == 1
    assert run.stdout.startswith("competency-map/roles/sales-rep.yml:4:1: error R303 ")


def test_root_option_pointing_nowhere_is_a_clear_error(tmp_path: Path) -> None:
    run = cmap(tmp_path, "--root", str(tmp_path / "missing"), "validate")
    assert run.returncode == 1
    assert "no competency-map/ folder" in run.stderr


# --- in process: the safety net -------------------------------------------------------


def test_an_unexpected_failure_is_reported_without_a_traceback(
        repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import generator.rules.repository

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.delenv("CMAP_DEBUG", raising=False)
    monkeypatch.setattr(generator.rules.repository, "load_repository", explode)
    assert cli.main(["--root", str(repo.root), "validate"]) == 3
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "internal error: RuntimeError: boom" in captured.err and "CMAP_DEBUG=1" in captured.err


def test_main_returns_the_exit_code_in_process(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--root", str(repo.root), "validate"]) == 0
    assert capsys.readouterr().out == "All 14 files are valid.\n"


def test_python_dash_m_generator_is_the_cmap_command(repo: Repo) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "CMAP_DEBUG"}
    environment["PYTHONPATH"] = str(ROOT)
    run = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=repo.root,
                         env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert (run.returncode, run.stdout) == (0, "All 14 files are valid.\n"), run.stderr
