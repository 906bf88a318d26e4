"""Give top-level fields of a competency file new values, keeping every other byte.

`cmap import case --update` writes a framework's new statements and levels into files
people may have edited: their comments, quoting and layout elsewhere must stay as they
are. Each field is the text from its key's line to the next top-level key (comment lines at
the start of a line just before that key belong to it); only that text is replaced, with
the field written the way `cmap import case` writes new files. A field that is not in the
file yet is added at its end.

Nothing is replaced that a person wrote beyond the value itself: a comment inside a field
refuses the change, and so does a file whose layout is not a plain block of `key: value`
lines (the reason says what to do). Afterwards the new text is read back, and it must
hold exactly the old data with the new values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode


@dataclass(frozen=True)
class Rewritten:
    """The new text, or the reason the fields could not be replaced safely."""

    text: str | None
    reason: str = ""


def replace_fields(text: str, fields: Mapping[str, Any],
                   render: Callable[[str, Any], list[str]]) -> Rewritten:
    """`text` with each top-level key of `fields` holding its new value; `render(key, value)`
    gives the lines of one field as a new file would have them."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
        old = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as err:
        return Rewritten(None, f"the file is not valid YAML ({err})")
    if not isinstance(root, MappingNode) or root.flow_style or not isinstance(old, dict):
        return Rewritten(None, "the file is not a block of `key: value` lines")
    newline = "\r\n" if "\r\n" in text else "\n"
    starts = [_line_start(text, key.start_mark.index) for key, _ in root.value]
    if any(key.start_mark.column != 0 or not isinstance(key, ScalarNode) for key, _ in root.value):
        return Rewritten(None, "its fields do not all start at the beginning of a line")
    spans: dict[str, tuple[int, int]] = {}
    for number, (key, _) in enumerate(root.value):
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        spans[str(key.value)] = (starts[number], _before_own_comments(text, starts[number], end))
    comments = _comment_positions(text)
    edits: list[tuple[int, int, str]] = []
    tail: list[str] = []
    for key, value in fields.items():
        block = newline.join(render(key, value)) + newline
        if key not in spans:
            tail.append(block)
            continue
        start, end = spans[key]
        if any(start <= at < end for at in comments):
            return Rewritten(None, f"`{key}:` holds comments, which would be lost")
        edits.append((start, end, block))
    new_text = text
    for start, end, block in sorted(edits, reverse=True):
        new_text = new_text[:start] + block + new_text[end:]
    if tail:
        new_text = new_text + ("" if new_text.endswith("\n") else newline) + "".join(tail)
    try:
        new = yaml.load(new_text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        new = None
    if new != {**old, **fields}:
        return Rewritten(None, "the file's layout is too unusual to change it automatically")
    return Rewritten(new_text)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _before_own_comments(text: str, start: int, end: int) -> int:
    """Where a field ends: before the comment and blank lines at the start of a line that
    lead to the next key (they are about that key, or about the file)."""
    lines = text[start:end].splitlines(keepends=True)
    cut = end
    for line in reversed(lines[1:]):
        if line.strip() == "" or line.startswith("#"):
            cut -= len(line)
        else:
            break
    return cut


def _comment_positions(text: str) -> list[int]:
    """Where comments start: a `#` outside every scalar (the scanner knows where those are)."""
    scalars: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if isinstance(token, yaml.ScalarToken):
                scalars.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return [0]
    found, position = [], 0
    for start, end in [*scalars, (len(text), len(text))]:
        found += [position + i for i, char in enumerate(text[position:start]) if char == "#"]
        position = max(position, end)
    return found
