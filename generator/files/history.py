"""When each data file last changed, and in which commit and pull request, from git; and
the commits that changed the data, with the blobs of each file before and after.

One `git log` over the data folders gives the newest change of every file. The log
follows the first parent only and diffs merge commits against it, so on a main branch that
takes pull requests a file's change is the merge (or squash) commit of its pull request,
whose subject names the number ("Merge pull request #12 …", "Add needs (#12)").

Without git, outside a repository or on a shallow clone the build goes on: files without
history simply have no entry (a shallow clone dates everything to its one commit, so CI
should fetch the history: `fetch-depth: 0`).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.paths import DATA_DIRS

_PULL_REQUEST = re.compile(r"^Merge pull request #(\d+)\b|\(#(\d+)\)\s*$")
_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Change:
    commit: str
    date: str
    subject: str
    pull_request: int | None = None

    @property
    def short(self) -> str:
        return self.commit[:7]


def pull_request_of(subject: str) -> int | None:
    """The pull request number a merge or squash commit's subject names, if any."""
    match = _PULL_REQUEST.search(subject)
    if not match:
        return None
    return int(next(group for group in match.groups() if group))


def last_changes(root: Path, folders: tuple[str, ...] = DATA_DIRS) -> dict[str, Change]:
    """The newest change of every file under `folders`, by path relative to `root`."""
    present = [f for f in folders if (root / f).exists()]
    if not present:
        return {}
    command = ["git", "-c", "core.quotepath=off", "-C", str(root), "log", "--first-parent",
               "-m", "--relative", "--name-only", "--no-renames",
               f"--format={_RECORD}%H{_FIELD}%cs{_FIELD}%s", "--", *present]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", check=False)
    except OSError:
        return {}
    if done.returncode != 0:
        return {}
    return parse_log(done.stdout)


def _records(text: str) -> Iterator[tuple[Change, str]]:
    """Each commit of a log written with `_RECORD` and `_FIELD`, and the lines after it."""
    for record in text.split(_RECORD):
        header, _, body = record.partition("\n")
        fields = header.split(_FIELD)
        if len(fields) == 3:
            commit, day, subject = fields
            yield Change(commit, day, subject, pull_request_of(subject)), body


def parse_log(text: str) -> dict[str, Change]:
    changes: dict[str, Change] = {}
    for change, names in _records(text):
        for name in names.splitlines():
            name = name.strip()
            if name and name not in changes:
                changes[name] = change
    return changes


# -- the data's history, commit by commit (the site's "What changed") ----------------------

#: Why there is no history to walk: git is not installed; the folder is not a git checkout
#: (or has no commit yet); the clone is shallow (its oldest commit would show the whole
#: map as added).
NO_GIT, NOT_A_CHECKOUT, SHALLOW = "no-git", "not-a-checkout", "shallow"
#: Modes of what a tree may hold besides plain files: links and submodules are never read.
_PLAIN_FILES = ("100644", "100755")


@dataclass(frozen=True)
class FileChange:
    """One data file a commit changed: its blob before and after (None: absent, or not a
    plain file)."""

    path: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class DataCommit:
    """A first-parent commit that changed data files, compared with its first parent: on a
    branch that takes pull requests, a merged pull request (merge or squash)."""

    change: Change
    files: tuple[FileChange, ...]


@dataclass(frozen=True)
class DataLog:
    """The newest commits that changed data, newest first, and the data files at HEAD
    (path → blob); `missing` says why there is none (NO_GIT, NOT_A_CHECKOUT, SHALLOW)."""

    commits: tuple[DataCommit, ...] = ()
    head: dict[str, str] | None = None
    missing: str = ""


def data_log(root: Path, limit: int, folders: tuple[str, ...] = DATA_DIRS) -> DataLog:
    """The last `limit` first-parent commits that changed a file under `folders`, with the
    blobs of what each changed, in one `git log`; and the data files at HEAD (`ls-tree`).
    Commands with fixed arguments, no shell; nothing of the repository is run."""
    try:
        shallow = _run(root, "rev-parse", "--is-shallow-repository")
    except OSError:
        return DataLog(missing=NO_GIT)
    if shallow is None:
        return DataLog(missing=NOT_A_CHECKOUT)
    if shallow.strip() == "true":
        return DataLog(missing=SHALLOW)
    listed = _run(root, "ls-tree", "-r", "HEAD", "--", *folders)
    # Explicit where a user's configuration could change the output: the root commit is a
    # creation, no colours, no signatures, no rename detection.
    log = _run(root, "log", "--first-parent", "-m", "--root", "--relative", "--raw",
               "--no-abbrev", "--no-renames", "--no-color", "--no-show-signature", f"-n{limit}",
               f"--format={_RECORD}%H{_FIELD}%cs{_FIELD}%s", "HEAD", "--", *folders)
    if listed is None or log is None:
        return DataLog(missing=NOT_A_CHECKOUT)  # e.g. a repository without a commit yet
    head = {}
    for line in listed.splitlines():
        meta, _, path = line.partition("\t")
        mode, kind, blob = [*meta.split(), "", "", ""][:3]
        if kind == "blob" and mode in _PLAIN_FILES and not path.startswith('"'):
            head[path] = blob
    return DataLog(tuple(parse_data_log(log)), head)


def parse_data_log(text: str) -> list[DataCommit]:
    """The commits of `git log --raw` in `data_log`'s format."""
    found = []
    for change, body in _records(text):
        files = []
        for line in body.splitlines():
            # :100644 100644 <before> <after> M<TAB>path; a quoted path (control characters,
            # quotes) is no data file's name.
            meta, _, path = line.partition("\t")
            parts = meta.split()
            if not line.startswith(":") or len(parts) < 5 or not path or path.startswith('"'):
                continue
            modes, blobs = parts[0:2], parts[2:4]
            files.append(FileChange(path, *(blob if blob.strip("0") and mode.lstrip(":")
                                            in _PLAIN_FILES else None
                                            for mode, blob in zip(modes, blobs, strict=True))))
        found.append(DataCommit(change, tuple(files)))
    return found


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The content of each blob, in one `git cat-file --batch`; a blob git cannot give is
    left out."""
    if not blobs:
        return {}
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"],
                              input="".join(f"{blob}\n" for blob in blobs).encode("ascii"),
                              capture_output=True, check=False)
    except OSError:
        return {}
    out, at, found = done.stdout, 0, {}
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<id> missing": nothing follows
        size = int(header[2])
        found[header[0].decode("ascii")] = out[at:at + size]
        at += size + 1
    return found


def _run(root: Path, *args: str) -> str | None:
    """The output of `git -C root ARGS…`; None when git fails. OSError: no git."""
    done = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(root), *args],
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          check=False)
    return done.stdout if done.returncode == 0 else None
