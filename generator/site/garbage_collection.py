"""The garbage collector kept out of the way of a build.

A build holds everything until its end: the model, every generated page, MkDocs' pages. The
collector would rescan that growing heap again and again although almost nothing of it is
garbage (cmap's objects hold no reference cycles to speak of). `paused_collection()` moves
what exists to the collector's permanent generation and makes young collections rarer, so
its cost stays proportional to the site instead of growing with it. It nests: the
outermost use sets the collector back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0
_thresholds: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def paused_collection() -> Iterator[None]:
    global _depth, _thresholds
    if _depth == 0:
        _thresholds = gc.get_threshold()
        gc.collect()
        gc.set_threshold(20_000, 50, 50)
    gc.freeze()  # inside an outer pause too: what was made since joins the frozen
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*_thresholds)
            gc.unfreeze()
