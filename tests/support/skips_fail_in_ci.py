"""A pytest plugin: under `CI` (set by .ci/run and by hosted CI) a test that skips fails
the run. A skip there means a tool the README promises is missing, and a check that never
runs would pass forever."""

from __future__ import annotations

import os

import pytest

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and os.environ.get("CI") and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped and os.environ.get("CI"):
        terminalreporter.section("skipped under CI: each is a failure", sep="=", red=True)
        for line in _skipped:
            terminalreporter.line(line, red=True)
    _skipped.clear()
