"""The text of a piece of HTML as Material's search parser collects it for its index.

Material keeps a few tags, bare (`<p>`, `<code>`, `<pre>`, `<li>`, `<ol>`, `<ul>`, `<sub>`,
`<sup>`), and drops every other tag; it reads each text node's entities and writes `&`, `<`
and `>` again; outside `<pre>` a text node's line breaks become spaces, and a run of text
nodes that are only white space becomes one space; an element left with nothing but white
space is removed. `search_text` does the same in one pass over the tags and text nodes.
"""

from __future__ import annotations

import html
import re

#: The tags Material's search parser keeps.
KEPT = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))

# A tag (its `/` and name), or a text node: anything up to the next `<`, or a `<…>` that
# is not a tag, or a lone `<`.
_PIECE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|(<[^>]*>|[^<]+|<)")


def search_text(markup: str) -> str:
    """Text as Material's search parser collects it (see the module's docstring)."""
    out: list[str] = []
    # Each open kept tag: its name, where it is in `out`, and the last item with text
    # before it (to go back to when it turns out empty and is removed).
    opened: list[tuple[str, int, int]] = []
    last_text = -1  # the index in `out` of the last item that is not white space
    in_pre = 0
    for piece in _PIECE.finditer(markup):
        data = piece.group(3)
        if data is not None:
            if "&" in data:
                data = html.unescape(data)
            if in_pre:
                out.append(html.escape(data, quote=False))
            elif data.isspace():
                if not out or not out[-1].isspace():
                    out.append(" ")
                continue
            else:
                out.append(html.escape(data.replace("\n", " "), quote=False))
            if not out[-1].isspace():
                last_text = len(out) - 1
            continue
        name = piece.group(2)
        if name not in KEPT:
            name = name.lower()
            if name not in KEPT:
                continue
        closing = piece.group(1) == "/"
        if name == "pre":
            in_pre += -1 if closing else 1
        if not closing:
            opened.append((name, len(out), last_text))
            out.append(f"<{name}>")
            last_text = len(out) - 1
            continue
        start = _last_opened(opened, name)
        if start is not None and last_text == start[1]:  # nothing but white space inside
            del out[start[1]:]  # an empty element: Material removes it
            last_text = start[2]
        else:
            out.append(f"</{name}>")
            last_text = len(out) - 1
    return "".join(out).strip()


def _last_opened(opened: list[tuple[str, int, int]], name: str
                 ) -> tuple[str, int, int] | None:
    """The innermost open `name` tag, taken off the stack with all opened after it (a
    closing tag with no opener of its name closes nothing)."""
    for position in range(len(opened) - 1, -1, -1):
        if opened[position][0] == name:
            found = opened[position]
            del opened[position:]
            return found
    return None
