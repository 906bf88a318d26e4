"""Names from long statements, and names told apart within a category."""

from __future__ import annotations

import pytest

from generator.exchange.case.names import Named, cut_at_word, short_name, tell_apart


@pytest.mark.parametrize(("statement", "name"), [
    ("Reads the energy label.", "Reads the energy label."),
    # The first sentence when it fits; "e.g." ends none.
    ("Interpret products of whole numbers, e.g., interpret 5 × 7 as the total number of objects "
     "in 5 groups of 7 objects each. For example, describe a context in which a total number of "
     "objects can be expressed as 5 × 7.",
     "Interpret products of whole numbers, e.g., interpret 5 × 7 as the total number of objects "
     "in 5 groups of 7 objects each."),
    # Else the first clause of three words or more ("a:b" is no clause end).
    ("Understand the concept of a unit rate a/b associated with a ratio a:b with b ≠ 0, and use "
     "rate language in the context of a ratio relationship, such as the one in the example.",
     "Understand the concept of a unit rate a/b associated with a ratio a:b with b ≠ 0"),
    # Else the words up to the limit, never half a word.
    ("word " * 40, ("word " * 23).strip() + "…"),
    ("沟通" * 30 + "，" + "倾听" * 40, "沟通" * 30),  # a CJK comma ends a clause
])
def test_a_long_statement_gives_a_short_name(statement: str, name: str) -> None:
    made = short_name(statement)
    assert made == name and len(made) <= 120


def test_a_cut_ends_at_a_word_and_says_so() -> None:
    assert cut_at_word("Handles price pressure from dealers", 20) == "Handles price…"
    assert cut_at_word("short", 20) == "short"


def test_namesakes_in_one_category_get_their_code_or_parent_then_a_number() -> None:
    entries = [Named("a", "geometry", "Understand place value.", "1.NBT.B"),
               Named("b", "geometry", "understand place value.", "2.NBT.A"),
               Named("c", "algebra", "Understand place value.", "3.NBT.A"),
               Named("d", "geometry", "Reason with shapes", "", "Grade 1"),
               Named("e", "geometry", "Reason with shapes", "", "Grade 2"),
               Named("f", "geometry", "Reason with shapes", "", "")]
    assert tell_apart(entries) == {"a": "Understand place value. (1.NBT.B)",
                                   "b": "understand place value. (2.NBT.A)",
                                   "d": "Reason with shapes (Grade 1)",
                                   "e": "Reason with shapes (Grade 2)",
                                   "f": "Reason with shapes (3)"}
    assert tell_apart(entries) == tell_apart(list(entries))  # the same every time
    long = [Named(k, "c", "x" * 120, "CODE." + k) for k in "gh"]
    assert all(len(name) <= 120 and name.endswith(f"(CODE.{k})") for k, name in tell_apart(long).items())
