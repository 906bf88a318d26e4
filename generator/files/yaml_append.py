"""Add items to a list in a YAML file someone wrote by hand, keeping every byte they wrote.

Loading and dumping YAML would lose comments, quoting and layout, so the new items are
inserted as text: after the last item of a block list (and the comments indented under
it), or in place of an empty flow list `[]`. The positions come from the node tree that
libyaml composes. Afterwards the new text is read back and must hold exactly the old data
plus the new items; any surprise (aliases, unusual layouts) refuses the edit rather than
risking a file that says something the user did not write.

The text given must already have passed `generator.files.yaml_loader` (no bombs, one document).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Item = Mapping[str, "str | int"]

# Characters YAML reads as line breaks or refuses as unprintable, even between quotes.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Appended:
    """The new text, or the reason the items could not be added safely."""

    text: str | None
    reason: str = ""


def scalar(value: str | int) -> str:
    """`value` as a YAML scalar: text is always double-quoted, so it stays text."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"cannot write {type(value).__name__} as a scalar")
    if isinstance(value, int):
        return str(value)
    # A JSON string is a YAML double-quoted scalar; escape what YAML treats differently.
    quoted = json.dumps(value, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def render_items(items: Sequence[Item], dash: int, indent: int, newline: str = "\n") -> str:
    """Block-list items with the dash at column `dash` and keys at column `indent`."""
    indent = max(indent, dash + 2)
    lines = []
    for item in items:
        for number, (key, value) in enumerate(item.items()):
            prefix = " " * dash + "-" + " " * (indent - dash - 1) if number == 0 else " " * indent
            lines.append(f"{prefix}{key}: {scalar(value)}")
    return "".join(line + newline for line in lines)


def append_items(text: str, key: str, items: Sequence[Item]) -> Appended:
    """Add `items` at the end of the list under the top-level `key` of `text`."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as err:
        return Appended(None, f"the file is not valid YAML ({err})")
    key_node, value = _value_of(root, key)
    if key_node is None or value is None:
        return Appended(None, f"the file has no top-level `{key}:` list")
    newline = "\r\n" if "\r\n" in text else "\n"
    if isinstance(value, SequenceNode) and value.value and not value.flow_style:
        new_text = _after_last(text, value, items, newline)
    elif isinstance(value, SequenceNode) and value.value:
        flow = ", ".join(_flow(item) for item in items)
        end = value.value[-1].end_mark.index
        new_text = f"{text[:end]}, {flow}{text[end:]}"
    elif _is_empty(text, value):
        new_text = _replace_empty(text, key_node, value, items, newline)
    else:
        return Appended(None, f"`{key}:` does not hold a list")
    if new_text is None or not _same_plus(text, new_text, key, items):
        return Appended(None, f"the layout of `{key}:` is too unusual to add entries "
                        "automatically; add them by hand")
    return Appended(new_text)


def _value_of(root: Node | None, key: str) -> tuple[Node | None, Node | None]:
    if not isinstance(root, MappingNode):
        return None, None
    return next(((k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.value == key),
                (None, None))


def _after_last(text: str, seq: SequenceNode, items: Sequence[Item], newline: str) -> str | None:
    first, last = seq.value[0], seq.value[-1]
    line_start = first.start_mark.index - first.start_mark.column
    dash = text.rfind("-", line_start, first.start_mark.index) - line_start
    indent = first.start_mark.column
    if dash < 0:  # the item starts on the line after its dash
        dash, indent = max(indent - 2, 0), indent
    at = _line_end(text, _last_leaf(last).end_mark.index)
    if at < last.start_mark.index:
        return None  # an alias points back into the file: the position would be wrong
    at = _skip_own_comments(text, at, dash)
    before = "" if at == 0 or text[at - 1] == "\n" else newline
    return text[:at] + before + render_items(items, dash, indent, newline) + text[at:]


def _last_leaf(node: Node) -> Node:
    """The last scalar or flow collection: unlike a block node's, its end mark is exact."""
    while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def _line_end(text: str, index: int) -> int:
    """The start of the next line, or `index` itself if it is already at one."""
    if index == 0 or text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _skip_own_comments(text: str, at: int, dash: int) -> int:
    """Keep comments indented under the last item (and blank lines among them) with it."""
    position = end = at
    while position < len(text):
        newline = text.find("\n", position)
        next_line = len(text) if newline < 0 else newline + 1
        line = text[position:next_line].rstrip("\r\n")
        body = line.lstrip(" ")
        if body.startswith("#") and len(line) - len(body) > dash:
            end = next_line
        elif body:
            break
        position = next_line
    return end


def _is_empty(text: str, node: Node) -> bool:
    if isinstance(node, SequenceNode):
        span = text[node.start_mark.index:node.end_mark.index]
        return not node.value and re.fullmatch(r"\[\s*\]", span) is not None
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _replace_empty(text: str, key: Node, node: Node, items: Sequence[Item], newline: str) -> str:
    start, end = node.start_mark.index, node.end_mark.index
    if start == end:  # `key:` with nothing after it: the list starts after the colon
        start = end = text.index(":", key.end_mark.index) + 1
    head = text[:start].rstrip(" ")
    at = _line_end(text, end)
    rest_of_line = text[end:at]
    if at == len(text) and not rest_of_line.endswith("\n"):
        rest_of_line += newline
    column = key.start_mark.column
    block = render_items(items, column + 2, column + 4, newline)
    return head + rest_of_line + block + text[at:]


def _flow(item: Item) -> str:
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in item.items()) + "}"


def _same_plus(old: str, new: str, key: str, items: Sequence[Item]) -> bool:
    try:
        before: Any = yaml.load(old, Loader=yaml.CSafeLoader)
        after: Any = yaml.load(new, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False
    if not isinstance(before, dict):
        return False
    expected = {**before, key: [*(before.get(key) or []), *(dict(i) for i in items)]}
    return bool(after == expected)
