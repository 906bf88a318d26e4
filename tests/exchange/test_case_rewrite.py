"""New values for top-level fields of a file someone wrote: every other byte is kept."""

from __future__ import annotations

from typing import Any

import yaml

from generator.exchange.case.rewrite import replace_fields
from generator.exchange.case.writing import block

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../generator/schemas/competency.schema.json
id: place-value   # the file name
name: 'Understand place value.'
description: >-
  Understand that the two digits of a two-digit number
  represent amounts of tens and ones.

# Levels as the framework states them.
levels:
  - level: 3
    indicators: [Understand that the two digits represent tens and ones.]
owner: wang-li
"""


def _render(key: str, value: Any) -> list[str]:
    return block({key: value}, 0)


def test_only_the_changed_fields_are_rewritten() -> None:
    new = {"description": "Understand place value within 1000.",
           "levels": [{"level": 2, "indicators": ["Counts within 1000."]}],
           "origin": {"framework": "urn:x", "identifier": "i-1"}}
    done = replace_fields(HAND_WRITTEN, new, _render)
    assert done.text is not None, done.reason
    assert done.text == HAND_WRITTEN.replace(
        """description: >-
  Understand that the two digits of a two-digit number
  represent amounts of tens and ones.
""", 'description: "Understand place value within 1000."\n').replace(
        """levels:
  - level: 3
    indicators: [Understand that the two digits represent tens and ones.]
""", """levels:
  - level: 2
    indicators:
      - "Counts within 1000."
""") + 'origin:\n  framework: "urn:x"\n  identifier: "i-1"\n'
    assert yaml.safe_load(done.text)["owner"] == "wang-li"


def test_a_field_holding_a_comment_is_left_to_people() -> None:
    text = HAND_WRITTEN.replace("  - level: 3\n", "  - level: 3   # agreed with HR\n")
    done = replace_fields(text, {"levels": [{"level": 1, "indicators": ["x"]}]}, _render)
    assert done.text is None and "`levels:` holds comments" in done.reason
    done = replace_fields(text, {"name": "Place value"}, _render)  # another field may change
    assert done.text == text.replace("name: 'Understand place value.'", 'name: "Place value"')


def test_a_layout_it_cannot_read_back_exactly_is_refused() -> None:
    done = replace_fields("{id: x, name: y}\n", {"name": "z"}, _render)
    assert done.text is None and "block of `key: value` lines" in done.reason
    done = replace_fields("id: x\nname: &n y\nalias: *n\n", {"name": "z"}, _render)
    assert done.text is None and "too unusual" in done.reason
