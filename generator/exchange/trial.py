"""What an import would change, and the repository validated as the import would leave it,
before anything is written.

The changed files are written into a copy of the data folders (links copied as links,
never followed), and the copy is loaded as `cmap validate` loads a repository: the errors
of the changed files are what the import would break, whatever checked its rows before.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from generator.files.safe_write import write_files
from generator.paths import DATA_DIRS
from generator.problems import Problem
from generator.progress import NO_PROGRESS, Progress, prefixed

ChangeT = TypeVar("ChangeT")


@dataclass
class Outcome(Generic[ChangeT]):
    """What an import would change; errors mean nothing may be written."""

    changes: list[ChangeT] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def errors_after(root: Path, files: Mapping[str, bytes], progress: Progress = NO_PROGRESS
                 ) -> list[Problem]:
    """The errors that the files `files` (path relative to `root` → new content) would have;
    reports "result load" and "result validate" to `progress`."""
    from generator.rules.repository import load_repository

    with tempfile.TemporaryDirectory(prefix="cmap-import-") as temporary:
        copy = Path(temporary)
        for folder in DATA_DIRS:
            if (root / folder).is_dir():
                shutil.copytree(root / folder, copy / folder, symlinks=True)  # never followed
        write_files(copy, files, durable=False)
        result = load_repository(copy, progress=prefixed(progress, "result "))
    return [p for p in result.problems if p.path in files and p.is_error]
