"""The career path: what the next role asks for that the current one does not."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.competency_map import Requirement, Role


@dataclass(frozen=True)
class LevelChange:
    """A competency both roles require, at different levels or with different expectations."""

    competency: str
    before: int
    after: int
    #: The next role's expectations where they differ from the current role's; empty when
    #: they are the same, or when the next role states none (then its level's indicators
    #: are what it expects).
    expectations: tuple[str, ...] = ()


@dataclass(frozen=True)
class CareerStep:
    """What changes from one role to a next role in the career path."""

    target: Role
    added: tuple[Requirement, ...] = ()
    raised: tuple[LevelChange, ...] = ()
    lowered: tuple[LevelChange, ...] = ()
    dropped: tuple[Requirement, ...] = ()
    #: Same level, but the next role states different expectations: the step still asks
    #: for more (or other) work in that competency.
    reworded: tuple[LevelChange, ...] = ()
    unchanged: int = 0
    newly_critical: tuple[str, ...] = ()

    @property
    def is_same_profile(self) -> bool:
        return not (self.added or self.raised or self.lowered or self.dropped or self.reworded)


def career_step(current: Role, target: Role) -> CareerStep:
    """Compare two competency profiles: what the next role adds, raises, lowers, rewords
    and drops.

    Added and changed lines follow the target role's profile order, dropped lines the
    current role's order. A level change carries the next role's expectations only where
    they differ from the current role's, so the page repeats nothing that stays.
    """
    before = {r.competency: r for r in current.requirements}
    after_ids = {r.competency for r in target.requirements}
    added: list[Requirement] = []
    raised: list[LevelChange] = []
    lowered: list[LevelChange] = []
    reworded: list[LevelChange] = []
    newly_critical: list[str] = []
    unchanged = 0
    for req in target.requirements:
        old = before.get(req.competency)
        if old is None:
            added.append(req)
            continue
        if req.critical and not old.critical:
            newly_critical.append(req.competency)
        differ = req.expectations != old.expectations
        change = LevelChange(req.competency, old.level, req.level,
                             req.expectations if differ else ())
        if req.level > old.level:
            raised.append(change)
        elif req.level < old.level:
            lowered.append(change)
        elif differ:
            reworded.append(change)
        else:
            unchanged += 1
    dropped = tuple(r for r in current.requirements if r.competency not in after_ids)
    return CareerStep(
        target=target,
        added=tuple(added),
        raised=tuple(raised),
        lowered=tuple(lowered),
        dropped=dropped,
        reworded=tuple(reworded),
        unchanged=unchanged,
        newly_critical=tuple(newly_critical),
    )
