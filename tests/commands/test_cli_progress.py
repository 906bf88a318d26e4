"""What the commands show while they work, as a user sees it.

In a log (standard error not a terminal) a slow command prints one line per phase, except
`cmap validate`, whose report is its output; on a terminal a slow command redraws one line
and leaves a line per phase, and a quick one shows nothing more than its result. "Slow"
is made so by setting `DELAY` to 0 rather than by a large repository: the tests stay fast.
"""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from support import ROOT
from support.needs_repos import CYCLE, HEADER, ROW, make_repo
from support.progress import screen
from support.repo_builder import Repo

from generator import cli
from generator.commands import progress as shown
from generator.rules.report import report_text
from generator.rules.repository import load_repository
from generator.rules.rule_table import RULES

LOGGED = re.compile(r"cmap: (?P<phase>[a-z ]+): (?P<count>[\d,]+) in \d+\.\d s")
LOGGED_MAYBE_COUNTED = re.compile(r"cmap: (?P<phase>[a-z ]+): (?:(?P<count>[\d,]+) in )?\d+\.\d s")


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run takes longer than the delay."""
    monkeypatch.setattr(shown, "DELAY", 0.0)


@pytest.mark.usefixtures("slow")
def test_validate_prints_its_report_and_no_progress_in_a_log(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--root", str(repo.root), "validate"]) == 0
    assert capsys.readouterr() == ("All 14 files are valid.\n", "")


@pytest.mark.usefixtures("slow")
def test_a_slow_import_logs_one_line_per_phase_before_its_result(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    (root / "needs.csv").write_text(HEADER + ROW, encoding="utf-8")
    assert cli.main(["--root", str(root), "import", "needs", str(root / "needs.csv"),
                     "--cycle", CYCLE]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"Added 1 entry to needs/{CYCLE}/beijing-branch.yml (new file).\n")
    logged = [LOGGED.fullmatch(line) for line in err.splitlines()]
    assert all(logged) and "\r" not in err, err
    assert [(m["phase"], m["count"]) for m in logged if m] == [
        ("load", "84"), ("validate", str(len(RULES))), ("rows", "1"), ("result load", "85"),
        ("result validate", str(len(RULES))), ("write", "1")]


def test_a_quick_import_logs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    (root / "needs.csv").write_text(HEADER + ROW, encoding="utf-8")
    assert cli.main(["--root", str(root), "import", "needs", str(root / "needs.csv"),
                     "--cycle", CYCLE, "--dry-run"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("slow")
def test_a_slow_build_logs_its_phases_then_a_second_build_makes_no_page_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    site = tmp_path / "site"
    command = ["--root", str(root), "build", "--site-dir", str(site)]

    def phases() -> tuple[list[tuple[str, str]], str]:
        out, err = capsys.readouterr()
        logged = [LOGGED_MAYBE_COUNTED.fullmatch(line) for line in err.splitlines()]
        assert all(logged) and "\r" not in err, err
        return [(m["phase"], m["count"] or "") for m in logged if m], out

    assert cli.main(command) == 0
    first, out = phases()
    assert [name for name, _ in first] == ["load", "validate", "history", "pages", "mkdocs",
                                           "search", "swap"]
    pages = dict(first)["mkdocs"]
    assert out == f"Built {pages} pages from 84 files into {site}.\n"
    assert cli.main(command) == 0
    second, out = phases()
    assert dict(second)["mkdocs"] == pages
    again = re.fullmatch(r"(\d+) of them made again \(what changed, and the navigation's "
                         r"pages\); the others kept from the last build\.", out.splitlines()[1])
    assert again is not None and int(again.group(1)) < int(pages) / 10


# -- on a real pseudo-terminal -------------------------------------------------------------

#: Run in the child: each file takes 5 ms more to read, as in a larger repository.
SLOW_FILES = """
import time
from generator.rules import repository
read = repository.load_file
def load_file(*args, **options):
    time.sleep(0.005)
    return read(*args, **options)
repository.load_file = load_file
"""


def on_a_terminal(*args: str, slow: bool = False, columns: int = 80) -> str:
    """What `cmap ARGS` writes to a terminal of `columns` (stdout and stderr both on it);
    `slow`: reading is slowed down and progress is shown without waiting for `DELAY`."""
    setting = f"{SLOW_FILES}\nprogress.DELAY = 0.0\n" if slow else ""
    code = ("import sys\nfrom generator.commands import progress\n" + setting +
            "from generator import cli\nsys.exit(cli.main(sys.argv[1:]))")
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("CMAP_DEBUG", None)
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=environment,
                             stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other side has closed: the command is done
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(controller)
        assert child.wait(timeout=60) == 0, output
    return output.decode("utf-8")


@pytest.fixture(scope="module")
def files() -> int:
    """How many files the example repository has."""
    return len(load_repository(ROOT).files)


@pytest.fixture(scope="module")
def report() -> str:
    """What `cmap validate` reports on the example: its warnings (the departments over
    their budget share, P511) and the summary line."""
    result = load_repository(ROOT)
    out = io.StringIO()
    report_text(result.problems, len(result.files), out)
    return out.getvalue()


def test_a_quick_validate_on_a_terminal_shows_only_its_report(report: str) -> None:
    output = on_a_terminal("validate")
    assert output == report.replace("\n", "\r\n")


def test_a_slow_validate_on_a_terminal_draws_its_phases_then_leaves_a_line_each(
        files: int, report: str) -> None:
    output = on_a_terminal("validate", slow=True, columns=60)
    drawn = re.findall(r"\r(load +[\d,]+/[\d,]+  \[[#.]+\]  \d+\.\d s)", output)
    assert len(drawn) >= 2 and all(len(line) < 60 for line in drawn), output
    lines = screen(output)
    assert re.fullmatch(rf"load +{files}  \d+\.\d s", lines[0]), lines
    assert re.fullmatch(rf"validate +{len(RULES)}  \d+\.\d s", lines[1]), lines
    assert lines[2:] == [*report.splitlines(), ""]
