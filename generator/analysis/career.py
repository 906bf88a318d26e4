"""The career path: what the next role asks for that the current one does not."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.competency_map import Requirement, Role


@dataclass(frozen=True)
class LevelChange:
    competency: str
    before: int
    after: int


@dataclass(frozen=True)
class CareerStep:
    """What changes from one role to a next role in the career path."""

    target: Role
    added: tuple[Requirement, ...] = ()
    raised: tuple[LevelChange, ...] = ()
    lowered: tuple[LevelChange, ...] = ()
    dropped: tuple[Requirement, ...] = ()
    unchanged: int = 0
    newly_critical: tuple[str, ...] = ()

    @property
    def is_same_profile(self) -> bool:
        return not (self.added or self.raised or self.lowered or self.dropped)


def career_step(current: Role, target: Role) -> CareerStep:
    """Compare two competency profiles: what the next role adds, raises, lowers and drops.

    Added and changed lines follow the target role's profile order, dropped lines the
    current role's order.
    """
    before = {r.competency: r for r in current.requirements}
    after_ids = {r.competency for r in target.requirements}
    added: list[Requirement] = []
    raised: list[LevelChange] = []
    lowered: list[LevelChange] = []
    newly_critical: list[str] = []
    unchanged = 0
    for req in target.requirements:
        old = before.get(req.competency)
        if old is None:
            added.append(req)
            continue
        if req.critical and not old.critical:
            newly_critical.append(req.competency)
        if req.level > old.level:
            raised.append(LevelChange(req.competency, old.level, req.level))
        elif req.level < old.level:
            lowered.append(LevelChange(req.competency, old.level, req.level))
        else:
            unchanged += 1
    dropped = tuple(r for r in current.requirements if r.competency not in after_ids)
    return CareerStep(
        target=target,
        added=tuple(added),
        raised=tuple(raised),
        lowered=tuple(lowered),
        dropped=dropped,
        unchanged=unchanged,
        newly_critical=tuple(newly_critical),
    )
