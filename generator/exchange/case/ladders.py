"""Levels a framework states as items: level items linked by `hasSkillLevel`, and the nodes
of a progression framework named like levels ("Level 1", "Beginner", "Stage II").

Both become a ladder: the steps of one competency, each with the level's name, its number
when the name has one, and what a person does at that level. `levels.py` turns ladders of
the same level names into one scale. `find_progressions` finds the two shapes progression
frameworks take in a tree:

- competency first: an item whose children are all level nodes (`Testing` → `Level 1`,
  `Level 2` …): the item is the competency, each level node (and what lies below it) says
  what a person does at that level;
- levels first: a node whose children are all level nodes that hold the same themes
  (`Level 1` → `Delivery`, `Quality`; `Level 2` → `Delivery`, `Quality`): each theme is
  a competency, with a level per level node.

A level node is never a competency.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.exchange.case.exporter import Json
from generator.exchange.case.reading import text_of

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_WORDS = ("novice|beginner|basic|foundation|foundational|fundamental|entry|awareness|aware|"
          "emerging|developing|intermediate|working|practitioner|competent|proficient|skilled|"
          "applied|advanced|accomplished|experienced|expert|mastery|master|leading|strategic")
# A level's name: "Level 3", "L3", "Stage II", "Tier-2", or one of the usual level words,
# alone or followed by a separator and a text ("Level 1: Owns small features end to end").
_LABEL = re.compile(
    r"(?i)(?:(?:level|lvl|stage|tier|band|step|phase|rung|l)\s*[-.#]?\s*(\d{1,2}|[ivx]{1,4})"
    rf"|({_WORDS})(?:\s*\(?(\d{{1,2}})\)?)?)(?=$|\s*[:.\-–—)]\s*|\s+[–—]\s+)")
_SEPARATOR = re.compile(r"^\s*[:.\-–—)]?\s*")


@dataclass(frozen=True)
class Step:
    """One level of a ladder."""

    label: str  #: the level's name
    number: int | None  #: the number its name gives, if any
    texts: tuple[str, ...]  #: what a person does at this level
    at: str  #: the identifier of the item that states it


def level_label(item: Json) -> tuple[str, int | None, str] | None:
    """(name, number, the text after the name) when the item is named like a level."""
    for key in ("abbreviatedStatement", "alternativeLabel", "humanCodingScheme", "fullStatement"):
        text = " ".join(text_of(item.get(key)).split())
        match = _LABEL.match(text)
        if not match:
            continue
        digits = match.group(1) or match.group(3)
        number = None
        if digits:
            number = int(digits) if digits.isdigit() else _ROMAN.get(digits.lower())
        label = text[: match.end()]
        rest = _SEPARATOR.sub("", text[match.end():], count=1)
        if key != "fullStatement":
            full = text_of(item.get("fullStatement"))
            rest = "" if " ".join(full.split()) == label else full
        return label, number, rest
    return None


def step_of(item: Json, identifier: str, position: int, below: list[str]) -> Step:
    """The step an item states: its level name (else `Level <position>`), and its text and
    the statements of the items `below` it as what a person does."""
    found = level_label(item)
    if found:
        label, number, rest = found
    else:
        label, number, rest = f"Level {position}", None, text_of(item.get("fullStatement"))
    return Step(label, number, tuple(t for t in (rest, *below) if t), identifier)


def level_numbers(steps: list[Step]) -> list[int]:
    """The level number of each step, in the steps' order: the numbers their names give when
    those are distinct and between 1 and 10, else 1, 2, 3 … in the framework's order."""
    given = [s.number for s in steps]
    numbers = [n for n in given if n is not None and 1 <= n <= 10]
    if len(numbers) == len(given) and len(set(numbers)) == len(numbers):
        return numbers
    return list(range(1, len(steps) + 1))


def numbered(steps: list[Step]) -> list[tuple[int, Step]]:
    """A ladder's steps with their level numbers, lowest first."""
    return sorted(zip(level_numbers(steps), steps, strict=True), key=lambda pair: pair[0])


@dataclass
class Progressions:
    """What `find_progressions` found: the ladders by competency item, the items that are
    levels or texts of levels (no competencies of their own), and the new tree."""

    ladders: dict[str, list[Step]]
    consumed: set[str]
    level_nodes: list[str]


def find_progressions(items: Mapping[str, Json], children: dict[str, list[str]],
                      parent: dict[str, str], name: Callable[[Json], str]) -> Progressions:
    """Find both shapes of progression (see the module's docstring); rewrites `children`
    and `parent` so that each competency of a levels-first progression hangs where its
    level nodes hung."""
    found = Progressions({}, set(), [])
    for node in list(children):
        kids = children[node]
        if node in found.consumed:
            continue
        labels = [level_label(items[k]) for k in kids]
        if len(kids) < 2 or not all(labels):
            continue
        themes = [[t for t in children.get(k, []) if not level_label(items[t])] for k in kids]
        names = [{name(items[t]).casefold() for t in group} for group in themes]
        shared = set.intersection(*names) if all(names) else set()
        if shared:
            _levels_first(found, node, kids, themes, items, children, parent, name)
        elif node in items:
            found.ladders[node] = [step_of(items[k], k, n, _statements(k, items, children, found))
                                   for n, k in enumerate(kids, 1)]
            found.consumed.update(kids)
            found.level_nodes.extend(kids)
            children[node] = []
    return found


def _levels_first(found: Progressions, node: str, kids: list[str], themes: list[list[str]],
                  items: Mapping[str, Json], children: dict[str, list[str]],
                  parent: dict[str, str], name: Callable[[Json], str]) -> None:
    """Each theme under the level nodes becomes one competency (its first item stands for
    it), with a step per level node it appears under."""
    first: dict[str, str] = {}
    steps: dict[str, list[Step]] = defaultdict(list)
    # A theme may start at a higher level: the level nodes' numbers (or places) are kept.
    named = [step_of(items[k], k, 1, []) for k in kids]
    levels = [(s.label, n) for s, n in zip(named, level_numbers(named), strict=True)]
    for (label, number), group in zip(levels, themes, strict=True):
        for theme in group:
            key = name(items[theme]).casefold()
            representative = first.setdefault(key, theme)
            statement = text_of(items[theme].get("fullStatement"))
            texts = [statement] if " ".join(statement.split()).casefold() != key else []
            steps[representative].append(Step(label, number,
                                              (*texts, *_statements(theme, items, children, found)),
                                              theme))
            if representative != theme:
                found.consumed.add(theme)
    found.consumed.update(kids)
    found.level_nodes.extend(kids)
    for representative, ladder in steps.items():
        # Every theme is on the scale of all the level nodes, also one that starts higher up.
        stated = {step.number for step in ladder}
        found.ladders[representative] = sorted(
            [*ladder, *(Step(label, number, (), representative) for label, number in levels
                        if number not in stated)], key=lambda step: step.number or 0)
        parent[representative] = node
    children[node] = list(first.values())


def _statements(identifier: str, items: Mapping[str, Json], children: dict[str, list[str]],
                found: Progressions) -> list[str]:
    """The statements of every item below `identifier`, depth first; they are consumed."""
    result: list[str] = []
    stack = list(reversed(children.get(identifier, [])))
    while stack:
        below = stack.pop()
        if below in found.consumed:
            continue
        found.consumed.add(below)
        text = text_of(items[below].get("fullStatement"))
        if text:
            result.append(text)
        stack.extend(reversed(children.get(below, [])))
    return result
