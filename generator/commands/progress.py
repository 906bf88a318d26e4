"""What a command shows while it works: the phases of `generator.progress`, on standard error.

Nothing is shown for work that ends within `DELAY` seconds, so quick commands print nothing
more than their result. Past it:

- on a terminal (`TerminalProgress`), one line redrawn in place: the phase, its count
  (`1,234/2,467` and a bar when the total is known) and how long it has run; each finished
  phase leaves a line `pages       2,636  3.2 s`;
- elsewhere, e.g. a CI log (`LogProgress`), one line per finished phase,
  `cmap: pages: 2,636 in 3.2 s`, and nothing redrawn.

The phases that ended before `DELAY` are shown then, so a slow run always lists them all.
A phase that opens after no phase has been open for `DELAY` seconds starts a new run, timed
afresh: each rebuild of `cmap serve` is judged on its own.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from generator.progress import NO_PROGRESS, Progress
from generator.workers import fork_safe

#: Seconds of work before anything is shown.
DELAY = 1.5
#: Seconds between two redraws of the line on a terminal (at most ten a second).
INTERVAL = 0.1
#: Phase names are padded to this width, so that the counts of the usual phases line up.
NAME_WIDTH = 8
#: The bar's width at most, in characters; it shrinks with the terminal and is left out
#: when fewer than `BAR_MIN` fit.
BAR_WIDTH, BAR_MIN = 30, 10

Clock = Callable[[], float]


def progress_for(stream: TextIO, *, log: bool = True) -> Progress:
    """The reporter of a command that shows its phases on `stream` (standard error).

    With `log=False` nothing is shown unless `stream` is a terminal: for commands whose
    output is a report that tools read (`cmap validate`).
    """
    if _is_terminal(stream):
        return TerminalProgress(stream)
    return LogProgress(stream) if log else NO_PROGRESS


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


class _Phase:
    """A phase under way, as the reporters see it."""

    def __init__(self, reporter: _Reporter, name: str, total: int | None) -> None:
        self.reporter, self.name, self.total = reporter, name, total
        self.done = 0
        self.started = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.reporter.tick()

    def __enter__(self) -> _Phase:
        self.reporter.opened(self)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.reporter.closed(self, failed=kind is not None)

    def count(self) -> str:
        """What is done, `2,636`; empty for a phase that counts nothing."""
        return f"{self.done:,}" if self.done or self.total is not None else ""


class _Reporter:
    """Times the run and holds back what finished before `delay`; the subclasses show it."""

    def __init__(self, stream: TextIO, *, clock: Clock = time.monotonic,
                 delay: float | None = None) -> None:
        self.stream, self.clock = stream, clock
        self.delay = DELAY if delay is None else delay
        # The ticker of `TerminalProgress` draws from another thread.
        self.lock = threading.Lock()
        self.open: list[_Phase] = []
        self.run_started = 0.0
        self.idle_since = float("-inf")
        self.shown = False
        self.held: list[str] = []  # the lines of phases that ended before the run was shown

    def phase(self, name: str, total: int | None = None) -> _Phase:
        return _Phase(self, name, total)

    def opened(self, phase: _Phase) -> None:
        with self.lock:
            now = phase.started = self.clock()
            if not self.open and now - self.idle_since > self.delay:
                self.run_started, self.shown, self.held = now, False, []
            self.open.append(phase)

    def closed(self, phase: _Phase, *, failed: bool) -> None:
        with self.lock:
            now = self.clock()
            self.open.remove(phase)
            if not self.open:
                self.idle_since = now
            self.erase()
            if not failed:  # the command says what went wrong: a half-done phase is no result
                self.held.append(self.finished(phase, now - phase.started))
            if self.shown or now - self.run_started >= self.delay:
                self.show_held()

    def show_held(self) -> None:
        self.shown = True
        self.stream.write("".join(line + "\n" for line in self.held))
        self.stream.flush()
        self.held = []

    # What the subclasses change.
    def tick(self) -> None:
        """A moment to redraw the line, if there is one."""

    def erase(self) -> None:
        """Take the line being redrawn off the screen: called with the lock held."""

    def finished(self, phase: _Phase, seconds: float) -> str:
        raise NotImplementedError


class LogProgress(_Reporter):
    """One line per finished phase, for logs: `cmap: pages: 2,636 in 3.2 s`."""

    def finished(self, phase: _Phase, seconds: float) -> str:
        count = phase.count()
        if not count:
            return f"cmap: {phase.name}: {duration(seconds)}"
        return f"cmap: {phase.name}: {count} in {duration(seconds)}"


class TerminalProgress(_Reporter):
    """A line redrawn in place with `\\r` while a phase runs; a line per finished phase.

    With `background` (the default) a thread redraws the line every `INTERVAL` while a
    phase is open, so the time moves on in phases that count nothing (the MkDocs build);
    tests turn it off and drive the reporter with a fake clock.
    """

    def __init__(self, stream: TextIO, *, clock: Clock = time.monotonic,
                 delay: float | None = None, background: bool = True) -> None:
        super().__init__(stream, clock=clock, delay=delay)
        self.background = background
        self.drawn = 0  # the length of the line on the screen, 0 when there is none
        self.next_draw = 0.0
        self.ticker: tuple[threading.Thread, threading.Event] | None = None

    def opened(self, phase: _Phase) -> None:
        super().opened(phase)
        if self.background and self.ticker is None:
            stop = threading.Event()
            thread = threading.Thread(target=self._tick_until, args=(stop,), daemon=True,
                                      name="cmap-progress")
            self.ticker = (thread, stop)
            _drawing.add(self)
            fork_safe(thread)  # it draws only under `lock`, which is held across a fork
            thread.start()
        self.tick()

    def closed(self, phase: _Phase, *, failed: bool) -> None:
        super().closed(phase, failed=failed)
        self.next_draw = 0.0  # the enclosing phase, if any, is drawn again at once
        if not self.open and self.ticker is not None:
            # Stopped before the command prints on, and before the interpreter exits: a
            # daemon thread writing to stderr at exit can abort the interpreter.
            thread, stop = self.ticker
            self.ticker = None
            stop.set()
            thread.join()

    def tick(self) -> None:
        if self.clock() < self.next_draw:  # the usual case, checked without the lock
            return
        with self.lock:
            now = self.clock()
            if not self.open or now < self.next_draw:
                return
            if now - self.run_started < self.delay:
                self.next_draw = self.run_started + self.delay
                return
            if not self.shown:
                self.show_held()
            self._draw(self.live(self.open[-1], now, self.width()))
            self.next_draw = now + INTERVAL

    def _tick_until(self, stop: threading.Event) -> None:
        while not stop.wait(INTERVAL):
            try:
                self.tick()
            except (OSError, ValueError):  # the terminal has gone: nothing more to show
                return

    def _draw(self, line: str) -> None:
        self.stream.write("\r" + line.ljust(self.drawn))
        self.stream.flush()
        self.drawn = len(line)

    def erase(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0

    def width(self) -> int:
        """The terminal's width in characters (80 when it does not say)."""
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (OSError, ValueError):  # io.UnsupportedOperation is both
            return 80

    def finished(self, phase: _Phase, seconds: float) -> str:
        return f"{phase.name:<{NAME_WIDTH}}  {phase.count():>7}  {duration(seconds)}"

    @staticmethod
    def live(phase: _Phase, now: float, width: int) -> str:
        """The line of a running phase, shorter than `width` (the last column would wrap)."""
        if phase.total is None:
            counts = phase.count()
        else:  # the done part as wide as the total, so that the bar stays where it is
            total = f"{phase.total:,}"
            counts = f"{phase.done:>{len(total)},}/{total}"
        head = f"{phase.name:<{NAME_WIDTH}}  {counts}".rstrip()
        tail = duration(now - phase.started)
        room = width - 1 - len(head) - len(tail) - 6  # the spaces and the brackets
        if phase.total and room >= BAR_MIN:
            bar_width = min(BAR_WIDTH, room)
            filled = min(bar_width, bar_width * phase.done // phase.total)
            return f"{head}  [{'#' * filled}{'.' * (bar_width - filled)}]  {tail}"
        return f"{head}  {tail}"[: width - 1]


def duration(seconds: float) -> str:
    """`3.2 s`; `2 min 05 s` from a minute on."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = int(seconds)
    return f"{whole // 60} min {whole % 60:02d} s"


#: The reporters whose ticker may be drawing: a fork waits until none is, so that the child
#: (which has no ticker) never inherits a lock, or standard error's buffer, mid-write.
_drawing: weakref.WeakSet[TerminalProgress] = weakref.WeakSet()
_held: list[TerminalProgress] = []


def _before_fork() -> None:
    _held[:] = list(_drawing)
    for reporter in _held:
        reporter.lock.acquire()


def _after_fork() -> None:
    for reporter in _held:
        reporter.lock.release()
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork,
                        after_in_child=_after_fork)
