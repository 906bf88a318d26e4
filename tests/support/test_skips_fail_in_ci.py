"""The rule of tests/support/skips_fail_in_ci.py, on a throwaway test suite run by pytester."""

from __future__ import annotations

import pytest

from support import TESTS

pytest_plugins = ["pytester"]

SUITE = """
import pytest

def test_runs():
    pass

def test_needs_a_tool():
    pytest.skip("the tool is not installed")
"""


@pytest.mark.parametrize(("ci", "code"), [("1", pytest.ExitCode.TESTS_FAILED), ("", pytest.ExitCode.OK)])
def test_a_skip_fails_the_run_under_ci_only(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                            ci: str, code: pytest.ExitCode) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("PYTHONPATH", str(TESTS))  # where `support` is
    pytester.makeconftest('pytest_plugins = ["support.skips_fail_in_ci"]')
    pytester.makepyfile(SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == code
    if ci:
        result.stdout.fnmatch_lines(["*skipped under CI: each is a failure*",
                                     "*test_needs_a_tool: Skipped: the tool is not installed"])
