"""When each data file last changed, and in which commit and pull request, from git.

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


def parse_log(text: str) -> dict[str, Change]:
    changes: dict[str, Change] = {}
    for record in text.split(_RECORD):
        header, _, names = record.partition("\n")
        fields = header.split(_FIELD)
        if len(fields) != 3:
            continue
        commit, day, subject = fields
        change = Change(commit, day, subject, pull_request_of(subject))
        for name in names.splitlines():
            name = name.strip()
            if name and name not in changes:
                changes[name] = change
    return changes
