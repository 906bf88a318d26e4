"""What the page templates show of the map: frozen views with names, level names and
colours resolved, so that templates only lay them out.

`Levels` is the one place that knows how a level number is shown: its name on the
competency's scale and its colour bucket, relative to the scale's top level.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.analysis.career import CareerStep, LevelChange
from generator.analysis.site_index import SiteIndex
from generator.model.competency_map import CompetencyMap, Requirement, Role, Term
from generator.site import charts

#: The top level assumed for a competency whose scale is unknown (its file failed to load).
DEFAULT_MAXIMUM = 5


@dataclass(frozen=True)
class LevelView:
    level: int
    name: str
    bucket: int


@dataclass(frozen=True)
class Named:
    id: str
    name: str


@dataclass(frozen=True)
class RequirementView:
    """One line of a role's profile."""

    id: str
    name: str
    category: Term | None
    level: int
    level_name: str
    maximum: int
    bucket: int
    critical: bool
    note: str
    #: What this role does at the required level, in its own words (may be empty).
    expectations: tuple[str, ...] = ()
    #: The indicators of the required level (on the worksheet).
    looks_like: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeView:
    """A competency whose required level, or what the role expects at it, differs between
    two roles."""

    id: str
    name: str
    before: int
    after: int
    before_name: str
    after_name: str
    before_bucket: int
    after_bucket: int
    critical: bool
    #: The next role's expectations where they differ (`career.LevelChange.expectations`).
    expectations: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepView:
    """A career step: what the next role adds, raises, lowers, rewords and drops."""

    target: Role
    same: bool
    added: tuple[RequirementView, ...]
    raised: tuple[ChangeView, ...]
    lowered: tuple[ChangeView, ...]
    #: Same level, different expectations.
    reworded: tuple[ChangeView, ...]
    dropped: tuple[Named, ...]
    newly_critical: tuple[Named, ...]
    unchanged: int


class Levels:
    """Level numbers as people read them: the name on the scale and a colour bucket."""

    def __init__(self, model: CompetencyMap) -> None:
        self.model = model
        self._maximum = {sid: max(scale.numbers, default=1) for sid, scale in model.scales.items()}

    def maximum(self, scale_id: str) -> int:
        return self._maximum.get(scale_id, DEFAULT_MAXIMUM)

    def name(self, scale_id: str, level: int) -> str:
        scale = self.model.scales.get(scale_id)
        found = scale.level(level) if scale else None
        return found.name if found else ""

    def bucket(self, scale_id: str, level: int) -> int:
        return charts.level_bucket(level, self.maximum(scale_id))

    def scale_of(self, competency_id: str) -> str:
        comp = self.model.competencies.get(competency_id)
        return comp.scale if comp else ""

    def of(self, competency_id: str, level: int) -> LevelView:
        """A level of a competency, on that competency's scale."""
        scale_id = self.scale_of(competency_id)
        return LevelView(level, self.name(scale_id, level), self.bucket(scale_id, level))


def competency_name(model: CompetencyMap, competency_id: str) -> str:
    comp = model.competencies.get(competency_id)
    return comp.name if comp else competency_id


def requirement_view(model: CompetencyMap, index: SiteIndex, levels: Levels, req: Requirement,
                     *, with_indicators: bool = False) -> RequirementView:
    comp = model.competencies.get(req.competency)
    scale_id = comp.scale if comp else ""
    return RequirementView(
        id=req.competency, name=comp.name if comp else req.competency,
        category=index.category(comp.category) if comp else None,
        level=req.level, level_name=levels.name(scale_id, req.level),
        maximum=levels.maximum(scale_id), bucket=levels.bucket(scale_id, req.level),
        critical=req.critical, note=req.note, expectations=req.expectations,
        looks_like=comp.indicators.get(req.level, ()) if comp and with_indicators else ())


def step_view(model: CompetencyMap, index: SiteIndex, levels: Levels,
              step: CareerStep) -> StepView:
    """A career step with names, level names and colours resolved for the template."""
    critical = {r.competency for r in step.target.requirements if r.critical}

    def change(c: LevelChange) -> ChangeView:
        scale_id = levels.scale_of(c.competency)
        return ChangeView(
            id=c.competency, name=competency_name(model, c.competency),
            before=c.before, after=c.after,
            before_name=levels.name(scale_id, c.before), after_name=levels.name(scale_id, c.after),
            before_bucket=levels.bucket(scale_id, c.before),
            after_bucket=levels.bucket(scale_id, c.after),
            critical=c.competency in critical, expectations=c.expectations)

    def named(comp_id: str) -> Named:
        return Named(comp_id, competency_name(model, comp_id))

    return StepView(
        target=step.target, same=step.is_same_profile,
        added=tuple(requirement_view(model, index, levels, r) for r in step.added),
        raised=tuple(change(c) for c in step.raised),
        lowered=tuple(change(c) for c in step.lowered),
        reworded=tuple(change(c) for c in step.reworded),
        dropped=tuple(named(r.competency) for r in step.dropped),
        newly_critical=tuple(named(c) for c in step.newly_critical),
        unchanged=step.unchanged)
