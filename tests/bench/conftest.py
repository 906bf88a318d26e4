"""The bench's modules import each other by name, as `python bench/run.py` runs them (the
script's folder first on sys.path); the tests of the bench import them the same way."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
