"""Shared fixtures: a minimal valid repository, one Chromium per session. Under CI a skip
is a failure (`support/skips_fail_in_ci.py`). The shared builders are in `support/`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support.browser import CHROMIUM, CHROMIUM_ARGS
from support.repo_builder import CHECK_DAY, Repo

pytest_plugins = ["support.skips_fail_in_ci"]

# No result may depend on the calendar: cmap, and every `cmap` the tests start, works for
# this day (generator/build_day.py) unless a test names another.
os.environ.setdefault("CMAP_TODAY", CHECK_DAY.isoformat())

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A minimal valid repository; tests change or break one file of it."""
    return Repo.minimal(tmp_path / "repo")


# One Chromium for the whole session: Playwright's sync API cannot be started twice in a
# process while the first is running, so every browser test shares this one.
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium "
                    "(apt-get install chromium)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
