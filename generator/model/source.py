"""Where an object of the model was written: the one type every other model module shares."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where an object was written: a path relative to the repository root."""

    path: str
    line: int = 1
