"""Adding list items to hand-written YAML as text: everything already written stays byte-for-byte."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.files.yaml_append import append_items, render_items, scalar

NEW: list[dict[str, str | int]] = [{"role": "sales-rep", "competency": "negotiation",
                                    "current": 1, "target": 2,
                                    "evidence": "Gives rebates away: 5 of 9."}]


def text(body: str) -> str:
    return textwrap.dedent(body).lstrip("\n")


def appended(original: str, items: list[dict[str, str | int]] | None = None) -> str:
    result = append_items(original, "entries", NEW if items is None else items)
    assert result.text is not None, result.reason
    return result.text


def entries(document: str) -> list[dict[str, object]]:
    data = yaml.safe_load(document)
    assert isinstance(data, dict)
    found = data["entries"]
    assert isinstance(found, list)
    return found


@given(st.text())
def test_any_text_is_written_as_a_scalar_that_reads_back_unchanged(value: str) -> None:
    assert yaml.load(f"key: {scalar(value)}\n", Loader=yaml.CSafeLoader) == {"key": value}


@pytest.mark.parametrize("value", ["yes", "no", "null", "1e3", "2027-03-31", "- x", "#x", "a: b",
                                   "'", '"', "\u2028", "\x85", "中文"])
def test_text_that_yaml_would_read_otherwise_stays_text(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(value)}\n") == {"key": value}


def test_numbers_are_written_plain() -> None:
    assert scalar(3) == "3"
    with pytest.raises(TypeError):
        scalar(True)


def test_items_render_with_the_dash_and_keys_at_the_given_columns() -> None:
    assert render_items(NEW[:1], 2, 4).splitlines()[:2] == ['  - role: "sales-rep"',
                                                            '    competency: "negotiation"']


def test_items_follow_the_last_item_and_everything_else_is_unchanged() -> None:
    original = text("""
        # Beijing's needs; comments stay.
        submitted_by: liu-yang   # the head
        entries:
          - role: service-agent     # odd spacing stays
            competency: communication
            current: 2
            target: 3
            evidence: >-
              Folded text
              over two lines.
        # A comment about notes.
        notes: Later.
        """)
    new = appended(original)
    cut = original.index("# A comment about notes.")
    assert new.startswith(original[:cut]) and new.endswith(original[cut:])
    assert new[cut:].startswith('  - role: "sales-rep"\n    competency: "negotiation"\n')
    assert [e["role"] for e in entries(new)] == ["service-agent", "sales-rep"]


def test_comments_indented_under_the_last_item_stay_with_it() -> None:
    original = text("""
        entries:
          - role: a
            competency: b
            # follow_up: to fill in after the course

            # another note on this entry
        # top-level comment
        """)
    new = appended(original)
    cut = original.index("# top-level comment")
    assert new == original[:cut] + new[cut:new.index("# top-level")] + original[cut:]
    assert new.index("another note on this entry") < new.index('role: "sales-rep"')


def test_the_dash_style_of_the_file_is_kept() -> None:
    original = "entries:\n- role: a\n  competency: b\n"
    new = appended(original)
    assert new == original + render_items(NEW, 0, 2)


def test_an_empty_flow_list_becomes_a_block_list_keeping_its_comment() -> None:
    original = text("""
        submitted_by: liu-yang
        entries: []  # nothing yet

        # ── Candidates
        #  - role: sales-rep
        """)
    new = appended(original)
    assert new.startswith("submitted_by: liu-yang\nentries:  # nothing yet\n" + render_items(NEW, 2, 4))
    assert new.endswith("\n# ── Candidates\n#  - role: sales-rep\n")
    assert entries(new) == NEW


def test_an_empty_list_at_the_end_without_a_newline_is_completed() -> None:
    assert entries(appended("entries: []")) == NEW
    assert entries(appended("entries:")) == NEW


def test_a_non_empty_flow_list_gets_flow_items() -> None:
    new = appended("entries: [{role: a}]\n")
    assert new.startswith("entries: [{role: a}, {role: ")
    assert entries(new)[1] == NEW[0]


def test_windows_line_endings_are_kept() -> None:
    original = "a: 1\r\nentries:\r\n  - role: 中文\r\n    x: 1\r\n"
    new = appended(original)
    assert new.startswith(original) and "\n" not in new.replace("\r\n", "")


def test_a_file_without_a_final_newline_gets_one_before_the_items() -> None:
    new = appended("entries:\n  - role: a")
    assert new.startswith("entries:\n  - role: a\n  - role: ")


def test_several_items_keep_their_order() -> None:
    second = {**NEW[0], "competency": "communication"}
    assert [e["competency"] for e in entries(appended("entries: []\n", [NEW[0], second]))] == [
        "negotiation", "communication"]


@pytest.mark.parametrize(("original", "reason"), [
    ("x: &e {role: a}\nentries:\n  - role: b\n    more: *e\n", "too unusual"),
    ("notes: x\n", "no top-level `entries:`"),
    ("entries: 3\n", "does not hold a list"),
    ("entries: [\n", "not valid YAML"),
    ("- a\n", "no top-level"),
])
def test_an_unsafe_edit_is_refused_with_a_reason(original: str, reason: str) -> None:
    result = append_items(original, "entries", NEW)
    assert result.text is None and reason in result.reason
