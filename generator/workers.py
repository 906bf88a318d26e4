"""Work done side by side in forked worker processes, when there is much of it and the
machine has several CPUs: cmap's pages made, MkDocs' pages rendered.

The work needs only what the process already holds (the model, the site's settings,
MkDocs' pages), which the workers inherit by `fork`: nothing but the results travels back.
MkDocs itself renders on one CPU, so this is how a large build uses the others.

Workers are forked only where it is safe: on systems that fork (Linux, the BSDs; macOS and
Windows spawn, and would import and rebuild everything), and only from a process whose
other threads have said they hold nothing a child could need (`fork_safe`): a thread
holding a lock at the fork would leave the child stuck on it. `cmap serve` has its
server's threads, and does its little work in-process. Elsewhere, and for a few items,
the work is done one item after the other, with the same result.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from generator.progress import Phase

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer items than this are done in-process: starting workers would cost more than it saves
#: (forking is quick, but a worker pays for every page of memory it touches first).
MIN_ITEMS = 200
#: Items per task sent to a worker: large enough that sending tasks costs little, small
#: enough that the workers finish together and progress moves.
CHUNK = 40

_fork_safe: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def available_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine's in a container or under
    `taskset`)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def fork_safe(thread: threading.Thread) -> None:
    """Declare that `thread` holds no lock a forked child could need while the process
    forks (its owner takes its locks around a fork, with `os.register_at_fork`)."""
    _fork_safe.add(thread)


def can_fork() -> bool:
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    here = threading.current_thread()
    return all(thread is here or thread in _fork_safe for thread in threading.enumerate())


class _Job(Generic[Item, Result]):
    def __init__(self, items: Sequence[Item], work: Callable[[Item], Result]) -> None:
        self.items, self.work = items, work

    def chunk(self, bounds: tuple[int, int]) -> list[Result]:
        return [self.work(item) for item in self.items[bounds[0]:bounds[1]]]


#: The job of the pool being run: the workers find it here, inherited when they were forked.
_job: _Job[Any, Any] | None = None


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _job is not None, "a worker started without its job"
    return _job.chunk(bounds)


def map_in_workers(items: Sequence[Item], work: Callable[[Item], Result], phase: Phase, *,
                   jobs: int, meanwhile: Callable[[], None] | None = None,
                   min_items: int | None = None) -> list[Result]:
    """`work` applied to every item, in order, by up to `jobs` processes; `phase` advances
    as items are done. `meanwhile` runs in this process while the workers work (or first,
    when there are none). `work`'s results must be picklable.

    The caller keeps the garbage collector from visiting its objects (see
    `site.garbage_collection`): a worker's collection would touch, and so copy, every page
    of memory the objects are on. Fewer than `min_items` (default `MIN_ITEMS`) are done
    here."""
    if jobs <= 1 or len(items) < (MIN_ITEMS if min_items is None else min_items) \
            or not can_fork():
        if meanwhile is not None:
            meanwhile()
        return list(_one_by_one(items, work, phase))
    global _job
    chunks = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    _job = _Job(items, work)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            results = pool.imap(_run_chunk, chunks)
            if meanwhile is not None:
                meanwhile()
            done: list[Result] = []
            for part in results:
                done.extend(part)
                phase.advance(len(part))
            return done
    finally:
        _job = None


def _one_by_one(items: Iterable[Item], work: Callable[[Item], Result],
                phase: Phase) -> Iterable[Result]:
    for item in items:
        yield work(item)
        phase.advance()
