"""What a CASE package becomes: the map's documents, shaped as their files, and the
warnings about what was adapted. `mapping.py` fills it, with `levels.py` and `roles.py`."""

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
    warnings: list[str] = field(default_factory=list)
