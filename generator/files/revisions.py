"""Read the data files as they were at a git revision, for rules and summaries that compare.

The data folders of the revision are extracted with `git archive` into a temporary folder,
so the same loader reads both sides and nothing in the working tree is touched.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.paths import DATA_DIRS
from generator.problems import CmapError

_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@contextmanager
def checkout(root: Path, revision: str) -> Iterator[Path]:
    """A temporary folder holding the data folders of `revision` (deleted afterwards)."""
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    listed = _git(root, "ls-tree", "--name-only", commit.strip()).split()
    folders = [f for f in DATA_DIRS if f in listed]
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


def resolve(root: Path, revision: str) -> str:
    """The full commit id `revision` names; CmapError when git does not know it."""
    return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()


def merge_base(root: Path, one: str, other: str) -> str:
    """Where `other` branched off `one` (both commit ids); `one` when they share no history."""
    done = subprocess.run(["git", "-C", str(root), "merge-base", one, other],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else one


def entries(root: Path, commit: str, paths: tuple[str, ...]) -> dict[str, str] | None:
    """The object id of each path (a file's blob, a folder's tree) at `commit`.

    Equal ids mean equal content. Paths the commit does not have are left out; None when
    the repository does not hold the commit (e.g. it was force-pushed away).
    """
    if not _COMMIT_ID.fullmatch(commit):
        return None
    done = subprocess.run(["git", "-C", str(root), "ls-tree", "-z", "--full-tree", commit, "--",
                           *paths], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return None
    found: dict[str, str] = {}
    for record in done.stdout.split("\0"):
        meta, _, path = record.partition("\t")
        if path:
            found[path] = meta.split()[2]
    return found
