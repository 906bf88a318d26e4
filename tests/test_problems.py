"""`did_you_mean`: the suggestion every message about an unknown id ends with."""

from __future__ import annotations

from generator.problems import did_you_mean


def test_a_mistyped_id_gets_the_closest_known_one() -> None:
    assert did_you_mean("guangzhou", ["shenzhen-branch", "guangzhou-branch"]) == (
        " Did you mean `guangzhou-branch`?")
    assert did_you_mean("2027-hl", ["2026-h1", "2027-h1"]) == " Did you mean `2027-h1`?"


def test_an_id_close_to_nothing_gets_no_suggestion() -> None:
    assert did_you_mean("marketing", ["2027-h1"]) == ""
    assert did_you_mean("anything", []) == ""
