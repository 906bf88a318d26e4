"""The fixed words of the site: counted labels agree with their number."""

from __future__ import annotations

import re

from generator.site.labels import Labels, catalogue

# A placeholder followed by a plural noun: "{n} programs" says "1 programs" for one.
_COUNTED_NOUN = re.compile(
    r"\{\w+\} (?:[a-z]+ )?(?:competencies|roles|people|needs|programs|sessions|departments"
    r"|units|seats|participants|rows|categories|families)\b")


def test_a_label_counting_something_has_a_form_for_one() -> None:
    plain = {key: text for key, text in catalogue("en").items()
             if isinstance(text, str) and _COUNTED_NOUN.search(text)}
    assert not plain, plain


def test_the_count_picks_the_form_and_is_written_with_grouped_digits() -> None:
    t = Labels("en")
    assert t("programs_size", n=1, active=1) == "1 program, 1 not cancelled"
    assert t("programs_size", n=1200, active=3) == "1,200 programs, 3 not cancelled"
    assert t("coverage_intro", covered=0, n=1) == "0 of 1 need is answered by a program."
    assert t("consolidated_intro", entries=t.count("n_needs", 1),
             people=t.count("n_people", 1), gap=2) == (
        "1 need for 1 person, with a weighted gap of 2, largest first.")
    assert Labels("zh")("sessions_progress", held=1, n=1) == "已举办 1 / 1 场"
