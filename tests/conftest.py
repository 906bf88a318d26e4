"""Shared fixtures for the validation tests: a minimal valid repository in tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from repo_builder import Repo  # noqa: E402


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A minimal valid repository; tests change or break one file of it."""
    return Repo.minimal(tmp_path / "repo")
