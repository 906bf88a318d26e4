"""Real git repositories in temporary folders.

Git runs with no user or system configuration, none of the caller's `GIT_*` variables, a
fixed author, and never finds a repository above the folder it is given, so a test behaves
the same on every machine and inside a git hook.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git_env(root: Path) -> dict[str, str]:
    """The environment of a git (or cmap) process working in the repository at `root`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**env, **GIT_ENV, "GIT_CEILING_DIRECTORIES": str(root.parent)}


def git(root: Path, *args: str) -> str:
    """Run git in `root`; its output, stripped. Fails the test when git fails."""
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env=git_env(root), timeout=60, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def init_repo(root: Path, branch: str = "main") -> Path:
    git(root, "init", "-q", "-b", branch, "--template=")  # no hooks or samples to copy
    return root


def commit(root: Path, message: str = "change") -> str:
    """Commit every file of the working tree; the new commit's id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")
