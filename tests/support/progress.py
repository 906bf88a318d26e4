"""What the progress tests share: a `Progress` that records the phases, a clock the test
moves, a stream that says it is a terminal, and what a terminal shows of some output."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class RecordedPhase:
    name: str
    total: int | None
    done: int = 0
    ended: bool = False

    def advance(self, n: int = 1) -> None:
        self.done += n


class Recorder:
    """A `generator.progress.Progress` that keeps every phase, in the order they opened."""

    def __init__(self) -> None:
        self.phases: list[RecordedPhase] = []

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[RecordedPhase]:
        assert not self.phases or self.phases[-1].ended, "phases do not nest here"
        recorded = RecordedPhase(name, total)
        self.phases.append(recorded)
        yield recorded
        recorded.ended = True

    @property
    def names(self) -> list[str]:
        return [phase.name for phase in self.phases]


class FakeClock:
    """`time.monotonic` for a test: the time moves only when the test says."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def move(self, seconds: float) -> None:
        self.now += seconds


class TtyStream(io.StringIO):
    """Standard error on a terminal, as far as `isatty` tells."""

    def isatty(self) -> bool:
        return True


def screen(output: str) -> list[str]:
    """The lines a terminal shows after `output`: `\\r` returns to the line's start and
    what follows overwrites it; `\\n` (or the `\\r\\n` of a pseudo-terminal) starts a new
    line. Trailing spaces are dropped, as they cannot be seen."""
    lines = [""]
    column = 0
    for char in output:
        if char == "\r":
            column = 0
        elif char == "\n":
            lines.append("")
            column = 0
        else:
            line = lines[-1].ljust(column)
            lines[-1] = line[:column] + char + line[column + 1:]
            column += 1
    return [line.rstrip() for line in lines]
