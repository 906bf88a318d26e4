"""The career step between two roles: levels added, raised, lowered, dropped, and the same
level with different expectations (what a career ladder states per job level)."""

from __future__ import annotations

from generator.analysis.career import LevelChange, career_step
from generator.model.competency_map import Requirement, Role, Source

PLANS = "Plans and delivers own work tasks."
ESTIMATES = "Accurately plans and estimates tasks."
BREAKS_DOWN = "Breaks down large, complex technical plans into manageable tasks."


def role(role_id: str, *requirements: Requirement) -> Role:
    return Role(id=role_id, title=role_id.title(), family="engineering", summary="A level.",
                responsibilities={"task": ("Delivers.",)}, requirements=requirements,
                source=Source(f"competency-map/roles/{role_id}.yml"))


def test_same_level_with_new_expectations_is_a_change_not_the_same_profile() -> None:
    engineer = role("engineer", Requirement("planning", 2, expectations=(ESTIMATES,)))
    senior = role("senior", Requirement("planning", 2, expectations=(BREAKS_DOWN,)))
    step = career_step(engineer, senior)
    assert step.reworded == (LevelChange("planning", 2, 2, (BREAKS_DOWN,)),)
    assert step.unchanged == 0 and not step.is_same_profile
    assert step.raised == step.lowered == step.added == step.dropped == ()


def test_same_level_and_same_expectations_stay_unchanged() -> None:
    engineer = role("engineer", Requirement("planning", 2, expectations=(ESTIMATES,)),
                    Requirement("teamwork", 3))
    twin = role("twin", Requirement("planning", 2, expectations=(ESTIMATES,)),
                Requirement("teamwork", 3))
    step = career_step(engineer, twin)
    assert step.is_same_profile and step.unchanged == 2 and step.reworded == ()


def test_expectations_only_in_the_next_role_or_only_in_this_one_count_as_new() -> None:
    stated = role("stated", Requirement("planning", 2, expectations=(ESTIMATES,)))
    generic = role("generic", Requirement("planning", 2))
    # The next role states its own: the page shows them.
    assert career_step(generic, stated).reworded == (LevelChange("planning", 2, 2, (ESTIMATES,)),)
    # The next role states none: it expects what the level describes (no statements).
    assert career_step(stated, generic).reworded == (LevelChange("planning", 2, 2, ()),)


def test_a_level_change_carries_the_next_roles_expectations_only_where_they_differ() -> None:
    junior = role("junior", Requirement("planning", 1, expectations=(PLANS,)),
                  Requirement("teamwork", 1, expectations=(PLANS,)))
    engineer = role("engineer", Requirement("planning", 2, expectations=(ESTIMATES,)),
                    Requirement("teamwork", 2, expectations=(PLANS,)))
    step = career_step(junior, engineer)
    assert step.raised == (LevelChange("planning", 1, 2, (ESTIMATES,)),
                           LevelChange("teamwork", 1, 2, ()))
    down = career_step(engineer, junior)
    assert down.lowered == (LevelChange("planning", 2, 1, (PLANS,)),
                            LevelChange("teamwork", 2, 1, ()))


def test_added_requirements_keep_their_expectations() -> None:
    junior = role("junior", Requirement("planning", 1))
    lead = role("lead", Requirement("planning", 1),
                Requirement("leadership", 3, True, expectations=("Leads the team's planning.",)))
    (added,) = career_step(junior, lead).added
    assert added.expectations == ("Leads the team's planning.",)
