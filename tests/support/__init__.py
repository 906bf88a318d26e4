"""What the tests share, in one place: repositories written to temporary folders, models
made in code, git and the `cmap` command run for real, Chromium, and the folders of the
project and of the tests' fixtures. Test modules import from here, never from each other."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
