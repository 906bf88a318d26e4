"""What the pages of a new map show while they have nothing to list: the first file to add,
written with the map's own ids (`templates/partials/empty.j2`), so that it passes
`cmap validate` as it stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.model.competency_map import CompetencyMap

#: The ids of the sample files, when the map has none of its own to refer to.
SAMPLE_COMPETENCY = "giving-feedback"


@dataclass(frozen=True)
class Sample:
    """The ids a first file can refer to, and the level it describes or requires."""

    family: str
    area: str
    category: str
    scale: str
    competency: str
    level: int
    company: str
    role: str  #: "" when there is no role yet
    cycle: str  #: the next half year's cycle id, e.g. 2027-h1


def sample(model: CompetencyMap, today: date) -> Sample:
    scale = model.scales[min(model.scales)] if model.scales else None
    competency, level = SAMPLE_COMPETENCY, 1
    if scale is not None:
        level = scale.numbers[len(scale.numbers) // 2]
    if model.competencies:
        first = model.competencies[min(model.competencies)]
        competency = first.id
        level = min(first.indicators) if first.indicators else level
    companies = sorted(d.id for d in model.departments.values() if not d.parent)
    return Sample(
        family=next(iter(model.families), "general"), area=next(iter(model.areas), "task"),
        category=next(iter(model.categories), "core"),
        scale=scale.id if scale is not None else "proficiency", competency=competency,
        level=level, company=companies[0] if companies else "company",
        role=min(model.roles, default=""), cycle=next_cycle(today))


def next_cycle(today: date) -> str:
    """The id of the half year after the one `today` is in: 2027-h1 in November 2026."""
    return f"{today.year}-h2" if today.month <= 6 else f"{today.year + 1}-h1"
