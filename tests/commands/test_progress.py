"""The reporters of `generator/commands/progress.py`, driven by a clock the test moves.

On a terminal: nothing for work shorter than the delay, then one line redrawn in place
(phase, counts, bar, time) at most ten times a second, and one line per finished phase.
In a log: one line per finished phase, nothing redrawn.
"""

from __future__ import annotations

import io
import threading
import time

import pytest
from support.progress import FakeClock, TtyStream, screen

from generator.commands.progress import (
    DELAY,
    LogProgress,
    TerminalProgress,
    duration,
    progress_for,
)
from generator.progress import NO_PROGRESS


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def terminal(clock: FakeClock) -> tuple[TerminalProgress, TtyStream]:
    stream = TtyStream()
    return TerminalProgress(stream, clock=clock, background=False), stream


def load_and_validate(progress: TerminalProgress | LogProgress, clock: FakeClock,
                      files: int = 2467, seconds_per_file: float = 0.001) -> None:
    """The two phases of `load_repository`: files counted, then 28 rules."""
    with progress.phase("load") as loading:
        clock.move(0.02)  # discovery
        loading.total = files
        for _ in range(files):
            clock.move(seconds_per_file)
            loading.advance()
    with progress.phase("validate", total=28) as validating:
        for _ in range(28):
            clock.move(0.01)
            validating.advance()


def test_the_terminal_shows_nothing_for_work_shorter_than_the_delay(clock: FakeClock) -> None:
    progress, stream = terminal(clock)
    load_and_validate(progress, clock, files=500, seconds_per_file=0.002)  # 1.3 s in all
    assert stream.getvalue() == ""


def test_the_terminal_draws_counts_and_a_bar_in_place_once_the_delay_has_passed(
        clock: FakeClock) -> None:
    progress, stream = terminal(clock)
    with progress.phase("load", total=2467) as loading:
        clock.move(DELAY - 0.2)
        loading.advance(1000)
        assert stream.getvalue() == ""
        clock.move(0.2)
        loading.advance(234)
        assert stream.getvalue() == "\rload      1,234/2,467  [###############...............]  1.5 s"
        clock.move(0.5)
        loading.advance(1233)
        assert screen(stream.getvalue()) == [
            "load      2,467/2,467  [##############################]  2.0 s"]


def test_the_terminal_leaves_one_line_per_finished_phase_and_clears_the_redrawn_one(
        clock: FakeClock) -> None:
    progress, stream = terminal(clock)
    load_and_validate(progress, clock)
    assert screen(stream.getvalue()) == ["load        2,467  2.5 s", "validate       28  0.3 s", ""]
    assert stream.getvalue().endswith("\n"), "the next output starts on a clean line"


def test_the_terminal_redraws_at_most_ten_times_a_second(clock: FakeClock) -> None:
    progress, stream = terminal(clock)
    with progress.phase("pages", total=10_000) as pages:
        for _ in range(10_000):
            clock.move(0.0005)  # 5 s in all, 3.5 s of it past the delay
            pages.advance()
    assert 30 <= stream.getvalue().count("\r") <= 38  # 35 redraws, and the clearing


def test_phases_that_ended_before_the_delay_are_shown_when_the_run_is_slow(
        clock: FakeClock) -> None:
    progress, stream = terminal(clock)
    with progress.phase("load", total=10) as loading:
        clock.move(0.8)
        loading.advance(10)
    with progress.phase("pages") as pages:
        clock.move(1.0)
        pages.advance(5)
        assert screen(stream.getvalue()) == ["load           10  0.8 s", "pages     5  1.0 s"]
    with progress.phase("mkdocs"):
        clock.move(3.0)
    assert screen(stream.getvalue()) == ["load           10  0.8 s", "pages           5  1.0 s",
                                         "mkdocs             3.0 s", ""]


def test_a_phase_that_fails_leaves_no_line_and_a_clean_screen(clock: FakeClock) -> None:
    progress, stream = terminal(clock)
    with pytest.raises(KeyboardInterrupt), progress.phase("pages", total=100) as pages:
        clock.move(2.0)
        pages.advance(40)
        assert "40/100" in stream.getvalue()
        raise KeyboardInterrupt
    assert screen(stream.getvalue()) == [""]


def test_a_log_lists_the_phases_done_before_a_slow_phase_failed(clock: FakeClock) -> None:
    stream = io.StringIO()
    progress = LogProgress(stream, clock=clock)
    with progress.phase("load", total=3) as loading:
        loading.advance(3)
    with pytest.raises(OSError), progress.phase("mkdocs"):
        clock.move(5.0)
        raise OSError
    assert stream.getvalue() == "cmap: load: 3 in 0.0 s\n"


def test_a_run_after_an_idle_pause_is_timed_afresh(clock: FakeClock) -> None:
    """`cmap serve` rebuilds after each edit: a quick rebuild shows nothing."""
    progress, stream = terminal(clock)
    load_and_validate(progress, clock)
    shown = stream.getvalue()
    clock.move(30.0)
    load_and_validate(progress, clock, files=100)
    assert stream.getvalue() == shown


def test_the_line_fits_a_narrow_terminal_without_its_bar(clock: FakeClock) -> None:
    progress, _ = terminal(clock)
    with progress.phase("pages", total=123_456) as pages:
        pages.advance(1234)
        clock.move(75.0)
        wide = TerminalProgress.live(pages, clock(), 80)
        narrow = TerminalProgress.live(pages, clock(), 40)
    assert wide == "pages       1,234/123,456  [..............................]  1 min 15 s"
    assert narrow == "pages       1,234/123,456  1 min 15 s"
    assert len(wide) < 80 and len(narrow) < 40


def test_a_phase_that_counts_nothing_shows_its_time_alone(clock: FakeClock) -> None:
    progress, stream = terminal(clock)
    with progress.phase("mkdocs"):
        clock.move(2.0)
        progress.tick()
        assert screen(stream.getvalue()) == ["mkdocs  2.0 s"]
    assert screen(stream.getvalue()) == ["mkdocs             2.0 s", ""]


def test_the_background_ticker_moves_the_time_and_stops_with_the_phase() -> None:
    stream = TtyStream()
    progress = TerminalProgress(stream, delay=0.0)
    with progress.phase("mkdocs"):
        time.sleep(0.35)  # a phase that counts nothing, as the MkDocs build
    assert stream.getvalue().count("\r") >= 3
    assert not any(thread.name == "cmap-progress" for thread in threading.enumerate())


def test_a_log_gets_one_line_per_finished_phase_and_nothing_redrawn(clock: FakeClock) -> None:
    stream = io.StringIO()
    progress = LogProgress(stream, clock=clock)
    load_and_validate(progress, clock)
    with progress.phase("mkdocs"):
        clock.move(61.5)
    assert stream.getvalue() == ("cmap: load: 2,467 in 2.5 s\n"
                                 "cmap: validate: 28 in 0.3 s\n"
                                 "cmap: mkdocs: 1 min 01 s\n")


def test_a_log_stays_empty_for_quick_work(clock: FakeClock) -> None:
    stream = io.StringIO()
    load_and_validate(LogProgress(stream, clock=clock), clock, files=100)
    assert stream.getvalue() == ""


def test_the_reporter_follows_the_stream() -> None:
    assert isinstance(progress_for(TtyStream()), TerminalProgress)
    assert isinstance(progress_for(TtyStream(), log=False), TerminalProgress)
    assert isinstance(progress_for(io.StringIO()), LogProgress)
    assert progress_for(io.StringIO(), log=False) is NO_PROGRESS
    closed = io.StringIO()
    closed.close()
    assert progress_for(closed, log=False) is NO_PROGRESS


@pytest.mark.parametrize(("seconds", "text"), [
    (0.04, "0.0 s"), (3.25, "3.2 s"), (59.94, "59.9 s"), (60.0, "1 min 00 s"), (3725.0, "62 min 05 s")])
def test_durations_are_seconds_then_minutes(seconds: float, text: str) -> None:
    assert duration(seconds) == text
