"""Levels a framework states as items: progression nodes and `hasSkillLevel` items become
the framework's own scales, never competencies and never an invented middle level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.case_packages import item, link, tree
from support.repo_builder import Repo

from generator.exchange.case.importer import plan_import
from generator.exchange.case.ladders import level_label
from generator.exchange.case.package import Package
from generator.exchange.case.writing import write
from generator.model.competency_map import Competency, CompetencyMap
from generator.rules.repository import load_repository


def _imported(tmp_path: Path, package: dict[str, Any]) -> tuple[dict[str, Competency], CompetencyMap, str]:
    """The competencies imported into the minimal repository, the map, and what was said."""
    repo = Repo.minimal(tmp_path / "repo")
    outcome = plan_import(repo.root, Package.of(package))
    write(repo.root, outcome)
    result = load_repository(repo.root)
    assert [p for p in result.problems if p.is_error] == []
    imported = {c.id: c for c in result.model.competencies.values() if c.origin}
    return imported, result.model, "\n".join(f"{p.code} {p.message}" for p in outcome.problems)


@pytest.mark.parametrize(("text", "label"), [
    ("Level 3", ("Level 3", 3, "")), ("L2: Owns small features", ("L2", 2, "Owns small features")),
    ("Stage IV – Sets the standard", ("Stage IV", 4, "Sets the standard")),
    ("Expert", ("Expert", None, "")), ("Advanced (4)", ("Advanced (4)", 4, "")),
    ("Advanced statistics", None), ("Levels of service", None), ("Basically fine", None),
])
def test_names_like_levels_are_recognised(text: str, label: tuple[str, int | None, str] | None) -> None:
    assert level_label({"fullStatement": text}) == label


def test_a_competency_whose_children_are_levels_gets_them_as_its_scale(tmp_path: Path) -> None:
    items = [item(1, "Engineering"), item(2, "Testing"),
             item(3, "Level 1: Writes unit tests for own code"),
             item(4, "Level 2: Designs the test strategy of a feature"),
             item(5, "Level 4"), item(6, "Sets the testing practice of the team"),
             item(7, "Feedback"), item(8, "Explains own work clearly", abbreviatedStatement="Beginner"),
             item(9, "Adapts the message to the audience", abbreviatedStatement="Advanced")]
    parents = [(1, 0), (2, 1), (3, 2), (4, 2), (5, 2), (6, 5), (7, 1), (8, 7), (9, 7)]
    imported, model, said = _imported(tmp_path, tree(items, parents))
    assert set(imported) == {"testing", "feedback"}  # no "Level 1" competency
    testing = imported["testing"]
    assert testing.indicators == {1: ("Writes unit tests for own code",),
                                  2: ("Designs the test strategy of a feature",),
                                  4: ("Sets the testing practice of the team",)}
    scale = model.scales[testing.scale]
    assert [(lv.level, lv.name) for lv in scale.levels] == [
        (1, "Level 1"), (2, "Level 2"), (3, "Level 3"), (4, "Level 4")]
    assert scale.level(3).description == "Not described by the framework."  # type: ignore[union-attr]
    words = model.scales[imported["feedback"].scale]
    assert [lv.name for lv in words.levels] == ["Beginner", "Advanced"]  # in the framework's order
    assert "I679 5 item(s) are named like levels" in said and "I670" not in said
    assert "`Testing` → `testing`" not in said  # an id the name gives is no news


def test_themes_under_level_nodes_become_competencies_with_a_level_per_node(tmp_path: Path) -> None:
    items = [item(1, "Engineering ladder"), item(2, "Engineer I"),
             item(3, "Owns small features end to end", abbreviatedStatement="Delivery"),
             item(4, "Writes tests for own changes", abbreviatedStatement="Quality"),
             item(5, "Engineer II", abbreviatedStatement="Level 2"),
             item(6, "Owns features across services", abbreviatedStatement="Delivery"),
             item(7, "Reviews the tests of others", abbreviatedStatement="Quality"),
             item(8, "Mentors one engineer", abbreviatedStatement="Mentoring"),
             item(9, "Shares what they learn with the team")]
    items[1]["abbreviatedStatement"] = "Level 1"
    parents = [(1, 0), (2, 1), (3, 2), (4, 2), (5, 1), (6, 5), (7, 5), (8, 5), (9, 8)]
    imported, model, said = _imported(tmp_path, tree(items, parents))
    assert set(imported) == {"delivery", "quality", "mentoring"}
    assert imported["delivery"].indicators == {1: ("Owns small features end to end",),
                                                         2: ("Owns features across services",)}
    mentoring = imported["mentoring"]
    assert mentoring.indicators == {2: ("Mentors one engineer", "Shares what they learn with the team")}
    assert len({c.scale for c in imported.values()}) == 1  # one ladder, one scale
    assert [lv.name for lv in model.scales[mentoring.scale].levels] == ["Level 1", "Level 2"]
    assert mentoring.origin is not None and mentoring.origin.path == ("Engineering ladder",)
    assert "I679 2 item(s) are named like levels" in said


def test_skill_level_items_give_a_scale_of_their_names(tmp_path: Path) -> None:
    items = [item(1, "Negotiation"), item(2, "Prepares own goal and limits", abbreviatedStatement="Novice"),
             item(3, "Trades concessions", abbreviatedStatement="Practitioner"),
             item(4, "Leads national negotiations", abbreviatedStatement="Expert")]
    package = tree(items, [(1, 0)])
    package["CFAssociations"] += [link("hasSkillLevel", 1, n, 10 + n) for n in (2, 3, 4)]
    imported, model, said = _imported(tmp_path, package)
    negotiation = imported["negotiation"]
    assert negotiation.indicators == {1: ("Prepares own goal and limits",), 2: ("Trades concessions",),
                                      3: ("Leads national negotiations",)}
    assert [lv.name for lv in model.scales[negotiation.scale].levels] == ["Novice", "Practitioner", "Expert"]
    assert "I670" not in said
