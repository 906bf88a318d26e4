"""Real git repositories and the `cmap` command in temporary folders, for end-to-end tests.

Git runs with no user or system configuration and a fixed author, so a test behaves the
same on every machine; `cmap` runs as a subprocess from this checkout, as a user runs it,
and never prints a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    """Run git in `root`; its output, stripped. Fails the test when git fails."""
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, timeout=60, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def commit(root: Path, message: str) -> str:
    """Commit every file of the working tree; the new commit's id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def cmap(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`cmap ARGS` in `root`, from this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **GIT_ENV}
    env.pop("CMAP_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done
