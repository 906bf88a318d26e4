"""Text-preserving edits of hand-written YAML: a changed value changes its own lines and no
other byte, on every file of the example; comments, quoting, layout ruamel.yaml would write
differently, CRLF and a byte-order mark are kept; text stays text; an edit that cannot be
made safely is refused with the reason."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT

from generator.files.yaml_edit import edit, render
from generator.paths import DATA_DIRS

MAP_FILES = sorted((ROOT / "competency-map").glob("*/*.yml"))
TRICKY = ["yes", "No", "on", "1.0", "010", "2027-03-31", "null", "~", "- x", "a: b", "#x",
          "x #y", "'q'", '"q"', "[x]", "{x}", "*x", "&x", "!x", "%x", "@x", "`x`", "|", ">",
          " padded ", "two\nlines", "tab\there", "中文", "é" * 120, "x" * 200]


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:2] in ("- ", "+ ")]


def load(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(text, Loader=yaml.CSafeLoader)
    return loaded


@pytest.mark.parametrize("path", [p for folder in DATA_DIRS for p in sorted((ROOT / folder).rglob("*.yml"))],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_same_data_gives_the_same_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert edit(text, load(text), load(text)).text == text


def test_a_changed_value_changes_its_own_line_in_every_file_of_the_example() -> None:
    for path in MAP_FILES:
        text = path.read_text(encoding="utf-8")
        old = load(text)
        key = "title" if "title" in old else "name"
        result = edit(text, old, {**old, key: old[key] + " (new)"})
        assert result.text is not None, (path, result.reason)
        assert changed_lines(text, result.text) == [f"- {key}: {old[key]}",
                                                    f"+ {key}: {old[key]} (new)"], path


def test_items_of_lists_are_changed_added_and_removed_in_place() -> None:
    text = (ROOT / "competency-map/competencies/negotiation.yml").read_text(encoding="utf-8")
    old = load(text)
    levels = [dict(level) for level in old["levels"]]
    levels[1]["indicators"] = [levels[1]["indicators"][0], "Asks for the partner's goals first."]
    levels[2]["indicators"] = [*levels[2]["indicators"], "Walks away from a bad deal."]
    levels.insert(4, {"level": 4.5, "indicators": ["Between the two."]})
    result = edit(text, old, {**old, "levels": levels, "owner": "li-wei"})
    assert result.text is not None and load(result.text)["levels"] == levels
    assert changed_lines(text, result.text) == [
        f"-       - {old['levels'][1]['indicators'][1]}", "+       - Asks for the partner's goals first.",
        "+       - Walks away from a bad deal.",
        "+   - level: 4.5", "+     indicators:", "+       - Between the two.",
        "+ owner: li-wei"]


def test_a_new_key_goes_where_the_new_data_puts_it_and_a_removed_key_takes_its_lines_only() -> None:
    text = ("# yaml-language-server: $schema=x\nid: a\n# the name people know\nname: A  # short\n"
            "location: Here\n\n# who leads it\nhead:\n  name: Li\n  handle: li\n")
    old = load(text)
    new = {"id": "a", "name": "A", "type": "team", "head": old["head"]}
    result = edit(text, old, new)
    assert result.text == ("# yaml-language-server: $schema=x\nid: a\n# the name people know\n"
                           "name: A  # short\ntype: team\n\n# who leads it\nhead:\n  name: Li\n"
                           "  handle: li\n")


@pytest.mark.parametrize("value", TRICKY)
def test_text_stays_text_when_it_replaces_a_value_and_in_a_new_file(value: str) -> None:
    text = "id: a\nname: plain\nquoted: 'single'\nitems:\n  - one\n"
    new = {"id": "a", "name": value, "quoted": value, "items": ["one", value], "added": value}
    result = edit(text, load(text), new)
    assert result.text is not None and load(result.text) == new, result.reason
    assert load(render(new, ["# head"])) == new


def test_a_long_new_text_is_folded_and_a_replaced_quote_keeps_its_quotes() -> None:
    text = "id: a\nname: 'Old'\n"
    long = "Reaching agreements that work for both sides " * 4
    result = edit(text, load(text), {"id": "a", "name": "New", "description": long.strip()})
    assert result.text is not None
    assert result.text.splitlines()[:3] == ["id: a", "name: 'New'", "description: >-"]
    assert max(len(line) for line in result.text.splitlines()) <= 90


def test_a_layout_ruamel_writes_differently_is_kept_where_the_change_does_not_reach() -> None:
    text = "id: a\nname:   Aligned   \nnext_roles: [ b, c ]\ntitle: Old\n"
    result = edit(text, load(text), {**load(text), "title": "New"})
    assert result.text == "id: a\nname:   Aligned   \nnext_roles: [ b, c ]\ntitle: New\n"


def test_line_ends_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeffid: a\r\nname: Old\r\n# note\r\n"
    result = edit(text, load(text.lstrip("\ufeff")), {"id": "a", "name": "New"})
    assert result.text == "\ufeffid: a\r\nname: New\r\n# note\r\n"
    mixed = edit("id: a\r\nname: Old\n", {"id": "a", "name": "Old"}, {"id": "a", "name": "New"})
    assert mixed.text is None and "CRLF and LF" in mixed.reason


def test_an_edit_that_cannot_be_checked_is_refused() -> None:
    text = "id: a\nlist: &x [1]\nagain: *x\n"
    # An alias: changing one place would change the other; the result would not read as asked.
    result = edit(text, load(text), {"id": "a", "list": [2], "again": [1]})
    assert result.text is None and result.reason


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_any_text_reads_back_as_itself_or_the_edit_is_refused(value: str) -> None:
    text = "id: a\nname: plain\nitems:\n  - one\n"
    new = {"id": "a", "name": value, "items": [value], "added": value}
    assert load(render(new)) == new
    result = edit(text, load(text), new)
    assert result.text is None or load(result.text) == new
