"""JSON text laid out for people and for diffs, written at the speed of the C encoder.

`json.dumps(indent=2)` runs Python's pure-Python encoder: on a large export that takes
seconds. `record_lines()` indents the outer levels (mappings down to the third, lists down
to the fourth: the export, its lists, their items, the lists in those) and writes what is
deeper compactly on one line: a level of a competency, a need, a CASE item. A change to
one of them is a one-line diff. The text is ordinary JSON.
"""

from __future__ import annotations

import json
from typing import Any

#: Mappings this deep or deeper, and lists one level deeper, are written on one line.
_RECORD_DEPTH = 3


def record_lines(data: Any) -> str:
    """`data` as JSON text ending with a newline (see the module's docstring)."""
    return _layout(data, 0) + "\n"


def _layout(value: Any, depth: int) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict) and value and depth < _RECORD_DEPTH:
        items = [f"{inner}{_compact(key)}: {_layout(item, depth + 1)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value and depth <= _RECORD_DEPTH:
        return "[\n" + ",\n".join(f"{inner}{_layout(item, depth + 1)}" for item in value) \
            + f"\n{pad}]"
    return _compact(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
