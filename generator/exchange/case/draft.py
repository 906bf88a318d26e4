"""What a CASE package becomes: the map's documents, shaped as their files. `mapping.py`
fills it, with `levels.py` and `roles.py`; what was adapted is in its `Findings`."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.exchange.case.exporter import Json


@dataclass
class Draft:
    scales: dict[str, Json] = field(default_factory=dict)
    competencies: dict[str, Json] = field(default_factory=dict)
    roles: dict[str, Json] = field(default_factory=dict)
    categories: list[Json] = field(default_factory=list)
    families: list[Json] = field(default_factory=list)
    areas: list[Json] = field(default_factory=list)
    #: competency id → the identifier of the item it was made from
    items: dict[str, str] = field(default_factory=dict)
    #: the competencies whose levels the package does not state (see `levels.py`)
    assumed: set[str] = field(default_factory=set)
