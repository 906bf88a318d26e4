"""The `cmap` command run as a user runs it: a child process from this checkout's code."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from support import ROOT
from support.git_repos import git_env


def cmap(cwd: Path, *args: str, env: Mapping[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    """`cmap ARGS` in the folder `cwd`. Whatever it is given, it never prints a traceback
    or an internal error: the test fails when it does."""
    environment = {k: v for k, v in git_env(cwd).items()
                   if k not in ("GITHUB_STEP_SUMMARY", "CMAP_DEBUG")}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    done = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          env=environment, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done
