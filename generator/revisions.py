"""Read the data files as they were at a git revision, for rules and summaries that compare.

The data folders of the revision are extracted with `git archive` into a temporary folder,
so the same loader reads both sides and nothing in the working tree is touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import CmapError

DATA_FOLDERS = ("competency-map", "needs", "plans")


@contextmanager
def checkout(root: Path, revision: str) -> Iterator[Path]:
    """A temporary folder holding the data folders of `revision` (deleted afterwards)."""
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    listed = _git(root, "ls-tree", "--name-only", commit.strip()).split()
    folders = [f for f in DATA_FOLDERS if f in listed]
    with tempfile.TemporaryDirectory(prefix="cmap-rev-") as folder:
        if folders:
            archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar",
                                      commit.strip(), *folders], capture_output=True, check=False)
            if archive.returncode != 0:
                raise CmapError(f"git could not read {revision}: "
                                f"{archive.stderr.decode(errors='replace').strip()}")
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(folder, filter=_plain_files_only)
        yield Path(folder)


def _plain_files_only(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """Data files are plain files: links in a revision are skipped, never followed."""
    if not (member.isfile() or member.isdir()):
        return None
    return tarfile.data_filter(member, path)


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=False)
    except FileNotFoundError as err:
        raise CmapError("git is not installed; comparing revisions needs git.") from err
    if done.returncode != 0:
        detail = done.stderr.strip() or "unknown revision"
        wanted = args[-1].removesuffix("^{commit}")
        raise CmapError(f"git cannot find the revision `{wanted}` in {root} ({detail}). "
                        "Fetch it first (in CI: `fetch-depth: 0`).")
    return done.stdout
