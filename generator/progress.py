"""Progress of long work, as an interface any layer accepts: `Progress` and `NO_PROGRESS`.

Work that can take seconds (loading thousands of files, writing thousands of pages) takes
a `progress: Progress = NO_PROGRESS` parameter and reports its phases through it:

    with progress.phase("load") as loading:
        files = discover(root)
        loading.total = len(files)      # once it is known
        for file in files:
            ...
            loading.advance()

Phase names are short words shown to people ("load", "validate", "pages", "mkdocs"). Only
`generator.commands` turns phases into output (`commands/progress.py`); everything else,
the tests and the Python API among them, gets `NO_PROGRESS`, which does nothing. Code
inside a phase prints nothing: a terminal may be showing the phase's line.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Protocol


class Phase(Protocol):
    """One phase under way: `total` (None until known) and the count of what is done."""

    total: int | None

    def advance(self, n: int = 1) -> None:
        """`n` more items of the phase are done."""


class Progress(Protocol):
    def phase(self, name: str, total: int | None = None) -> AbstractContextManager[Phase]:
        """A phase called `name`, of `total` items if known: it ends when the block ends."""


class _SilentPhase:
    def __init__(self, total: int | None) -> None:
        self.total = total

    def advance(self, n: int = 1) -> None:
        pass


class _Silent:
    def phase(self, name: str, total: int | None = None) -> AbstractContextManager[Phase]:
        return nullcontext(_SilentPhase(total))


#: Reports nothing: the default of every function that takes a `progress`.
NO_PROGRESS: Progress = _Silent()


class _Prefixed:
    def __init__(self, progress: Progress, prefix: str) -> None:
        self.progress, self.prefix = progress, prefix

    def phase(self, name: str, total: int | None = None) -> AbstractContextManager[Phase]:
        return self.progress.phase(self.prefix + name, total)


def prefixed(progress: Progress, prefix: str) -> Progress:
    """`progress` with `prefix` before every phase name: the second load of a command
    ("base load", "result load") is then not mistaken for the first."""
    return progress if progress is NO_PROGRESS else _Prefixed(progress, prefix)
