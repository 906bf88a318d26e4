"""Change values in a YAML file someone wrote by hand, keeping every line that did not change.

`edit(text, old, new)` returns the text of the file with its data changed from `old` (the
data the file holds, as cmap's loader reads it) to `new`: only the values that differ are
touched, so comments, the order of keys, quoting, folded text and every unchanged line stay
as they were. The work is done by ruamel.yaml's round-trip mode, which keeps a document's
comments and layout with its data, set to the file's indentation (found by trying the
usual ones). Where ruamel.yaml would still write a line differently from the file (extra
spaces after a colon, `[ a, b ]`, trailing spaces), the edit is taken as a change of lines
from ruamel.yaml's writing of the unchanged file to its writing of the changed one, and
applied to the file's own lines (a three-way merge): every line the change does not
touch is the file's, byte for byte. The result is read back with libyaml and must hold
exactly `new`, and every comment line of the file must still be there; otherwise the edit
is refused with the reason, never written.

Values that change are written in the style of the value they replace where that style can
hold them; new values plain when libyaml reads them back as the same text (so `yes`, `1.0`
or `2027-03-31` stay text), as folded blocks when long, and double-quoted otherwise.
`render(data, head)` writes a new file in the same way: comment lines `head`, then the data
(two spaces per level, list items indented under their key, as cmap's example files are).

The text given must already have passed `generator.files.yaml_loader` (no bombs, one document).
"""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

#: Items of a list of mappings are matched by the first of these keys they all have.
IDENTITY_KEYS = ("id", "competency", "level")
#: Text longer than this is written as a folded block, wrapped at about this width.
FOLD_AT = 86
#: Indentations tried, as (mapping, sequence, offset) of ruamel.yaml: cmap's own first.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 2, 2), (4, 4, 0), (3, 3, 1))
_NO_WRAP = 1 << 20
_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*")


@dataclass(frozen=True)
class Edited:
    """The new text, or the reason the file cannot be changed safely."""

    text: str | None
    reason: str = ""


def edit(text: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Edited:
    """`text` (holding `old`) changed to hold `new`, every other byte kept."""
    bom = text.startswith("\ufeff")
    body = text.removeprefix("\ufeff")
    crlf = "\r\n" in body
    if crlf and body.count("\n") != body.count("\r\n"):
        return Edited(None, "its lines end in two different ways (CRLF and LF)")
    if crlf:
        body = body.replace("\r\n", "\n")
    rt = _closest(body)
    if rt is None:
        return Edited(None, "ruamel.yaml cannot read it")
    for careful in (False, True):
        tree = rt.load(body)
        unchanged = _dump(rt, tree)
        _update(tree, old, new, careful)
        result = _merged(unchanged, body, _dump(rt, tree))
        if _reads_as(result, new) and _keeps_comments(body, result):
            result = result.replace("\n", "\r\n") if crlf else result
            return Edited(("\ufeff" if bom else "") + result)
    return Edited(None, "the change could not be written without touching other lines or "
                  "comments")


def render(data: Mapping[str, Any], head: Sequence[str] = ()) -> str:
    """A new file holding `data`, after the comment lines `head`."""
    rt = _yaml(2, 4, 2)
    for careful in (False, True):
        text = _dump(rt, _fresh(data, careful))
        if _reads_as(text, data):
            return "".join(f"{line}\n" for line in head) + text
    raise ValueError("the data cannot be written as YAML that reads back the same")


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    rt = YAML(typ="rt", pure=True)
    rt.preserve_quotes = True
    rt.width = _NO_WRAP
    rt.allow_unicode = True
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


def _closest(text: str) -> YAML | None:
    """A ruamel.yaml set up to write `text` back as closely as the usual indentations can
    (exactly, for files laid out as cmap's are); None if it cannot read `text`."""
    best, best_score = None, -1.0
    for indent in _INDENTS:
        rt = _yaml(*indent)
        rt.explicit_start = text.lstrip().startswith("---") or None
        try:
            tree = rt.load(text)
            written = _dump(rt, tree) if isinstance(tree, CommentedMap) else None
        except (YAMLError, ValueError, TypeError):
            return None
        if written == text:
            return rt
        score = difflib.SequenceMatcher(None, written or "", text, autojunk=False).ratio()
        if written is not None and score > best_score:
            best, best_score = rt, score
    return best


def _merged(base: str, ours: str, theirs: str) -> str:
    """`ours` with the change from `base` to `theirs` applied to it: each line the change
    keeps is taken from `ours`, each line it writes from `theirs`. Comment lines and the
    blank lines among them are never taken away: ruamel.yaml drops those after a key it
    deletes, as if they belonged to it, so those the change leaves out stay, after the lines
    it writes."""
    base_lines, our_lines = base.splitlines(keepends=True), ours.splitlines(keepends=True)
    their_lines = theirs.splitlines(keepends=True)
    # What `ours` has for each line of `base`, and what it has before it.
    own: list[list[str]] = [[] for _ in base_lines]
    before: list[list[str]] = [[] for _ in range(len(base_lines) + 1)]
    matcher = difflib.SequenceMatcher(None, base_lines, our_lines, autojunk=False)
    for tag, b1, b2, o1, o2 in matcher.get_opcodes():
        if tag == "insert":
            before[b1] += our_lines[o1:o2]
        elif tag == "equal" or b2 - b1 == o2 - o1:
            for offset in range(b2 - b1):
                own[b1 + offset] = [our_lines[o1 + offset]]
        elif b2 > b1:
            own[b1] = our_lines[o1:o2]
    result: list[str] = []
    changes = difflib.SequenceMatcher(None, base_lines, their_lines, autojunk=False)
    for tag, b1, b2, t1, t2 in changes.get_opcodes():
        if tag == "equal":
            for index in range(b1, b2):
                result += before[index] + own[index]
            continue
        written = their_lines[t1:t2]
        replaced = [line for index in range(b1, b2)
                    for line in (before[index] if index > b1 else []) + own[index]]
        result += before[b1] + written + _left_out(replaced, written)
    return "".join(result + before[len(base_lines)])


def _left_out(replaced: list[str], written: list[str]) -> list[str]:
    """The comment and blank lines of `replaced` that `written` does not have."""
    have = Counter(line.strip() for line in written if _is_comment(line) or not line.strip())
    kept = []
    for line in replaced:
        if _is_comment(line) or not line.strip():
            if have[line.strip()]:
                have[line.strip()] -= 1
            else:
                kept.append(line)
    return kept


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _dump(rt: YAML, tree: Any) -> str:
    out = io.StringIO()
    rt.dump(tree, out)
    return out.getvalue()


def _update(node: Any, old: Any, new: Any, careful: bool) -> None:
    """Change the collection `node` (which holds `old`) to hold `new`, where they differ."""
    if isinstance(node, CommentedMap):
        for key in [k for k in node if k not in new]:
            del node[key]
        for position, (key, value) in enumerate(new.items()):
            if key not in node:
                node.insert(_position(node, new, position), key, _fresh(value, careful))
            elif not _same(old.get(key), value):
                node[key] = _changed(node[key], old.get(key), value, careful)
    else:
        _update_list(node, old, new, careful)


def _changed(node: Any, old: Any, new: Any, careful: bool, item: bool = False) -> Any:
    """What takes the place of `node` (holding `old`) to hold `new`."""
    if isinstance(node, CommentedMap) and isinstance(new, Mapping) and isinstance(old, Mapping):
        _update(node, old, new, careful)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list) and isinstance(old, list):
        _update(node, old, new, careful)
        return node
    return _fresh(new, careful, node, item)


def _update_list(node: CommentedSeq, old: list[Any], new: list[Any], careful: bool) -> None:
    old_ids, new_ids = _identities(old), _identities(new)
    if old_ids is None or new_ids is None:
        pairs = list(range(min(len(old), len(new))))
        for index in pairs:
            if not _same(old[index], new[index]):
                node[index] = _changed(node[index], old[index], new[index], careful, item=True)
        del node[len(new):]
        node.extend(_fresh(value, careful, item=True) for value in new[len(old):])
        return
    if [i for i in old_ids if i in new_ids] != [i for i in new_ids if i in old_ids]:
        kept = {ident: item for ident, item in zip(old_ids, node, strict=True)}
        node[:] = [kept.get(ident) for ident in new_ids]  # reordered as `new`; new items below
    else:
        for index in reversed(range(len(old_ids))):
            if old_ids[index] not in new_ids:
                del node[index]
    before = {ident: value for ident, value in zip(old_ids, old, strict=True)}
    for index, (ident, value) in enumerate(zip(new_ids, new, strict=True)):
        if ident not in before:
            if index < len(node) and node[index] is None:
                node[index] = _fresh(value, careful)
            else:
                node.insert(index, _fresh(value, careful))
        elif not _same(before[ident], value):
            node[index] = _changed(node[index], before[ident], value, careful)


def _identities(items: list[Any]) -> list[Any] | None:
    """The identity of each item of a list of mappings, or None when they have none."""
    if not items or not all(isinstance(item, Mapping) for item in items):
        return None
    for key in IDENTITY_KEYS:
        if all(key in item for item in items):
            found = [item[key] for item in items]
            return found if len(set(map(str, found))) == len(found) else None
    return None


def _position(node: CommentedMap, new: Mapping[str, Any], position: int) -> int:
    """Where a new key goes: after the last key of `node` that comes before it in `new`."""
    earlier = list(new)[:position]
    keys = list(node)
    return max((keys.index(k) + 1 for k in earlier if k in keys), default=0)


def _fresh(value: Any, careful: bool, like: Any = None, item: bool = False) -> Any:
    """`value` as ruamel.yaml's data, text styled to stay text (see the module's notes);
    `item`: an item of a list, which is never folded (a list reads best an item a line)."""
    if isinstance(value, Mapping):
        fresh = CommentedMap()
        for key, inner in value.items():
            fresh[key] = _fresh(inner, careful)
        return fresh
    if isinstance(value, list):
        return CommentedSeq(_fresh(inner, careful, item=True) for inner in value)
    if not isinstance(value, str):
        return value
    return DoubleQuotedScalarString(value) if careful else _styled(value, like, not item)


def _styled(text: str, like: Any, fold: bool) -> Any:
    if isinstance(like, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(like)(text)
    block = "\n" not in text and text == text.strip() and "  " not in text
    block = block and _PRINTABLE.fullmatch(text) is not None
    if block and (isinstance(like, (FoldedScalarString, LiteralScalarString))
                  or (fold and len(text) > FOLD_AT)):
        return _folded(text)
    if _plain_reads_back(text):
        return text
    return DoubleQuotedScalarString(text)


def _folded(text: str) -> FoldedScalarString:
    """`text` as a folded block, broken at spaces into lines of at most `FOLD_AT` characters."""
    folded: FoldedScalarString = FoldedScalarString(text)
    breaks, start = [], 0
    while len(text) - start > FOLD_AT:
        cut = text.rfind(" ", start, start + FOLD_AT + 1)
        if cut <= start:
            break
        breaks.append(cut)
        start = cut + 1
    folded.fold_pos = breaks  # type: ignore[attr-defined]  # ruamel.yaml breaks lines there
    return folded


def _plain_reads_back(text: str) -> bool:
    if not text or "\n" in text or text != text.strip() or _PRINTABLE.fullmatch(text) is None:
        return False
    try:
        return bool(yaml.load(f"k: {text}\n", Loader=yaml.CSafeLoader) == {"k": text})
    except yaml.YAMLError:
        return False


def _same(old: Any, new: Any) -> bool:
    return bool(_plain(old) == _plain(new))


def _plain(value: Any) -> Any:
    """Data compared as cmap reads it: dates as text, mappings and lists as such."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    return str(value) if isinstance(value, str) else value


def _reads_as(text: str, data: Mapping[str, Any]) -> bool:
    try:
        return bool(_plain(yaml.load(text, Loader=yaml.CSafeLoader)) == _plain(data))
    except yaml.YAMLError:
        return False


def _keeps_comments(before: str, after: str) -> bool:
    """Every comment line of `before` is still in `after`."""
    def comments(text: str) -> Counter[str]:
        return Counter(line.strip() for line in text.splitlines() if _is_comment(line))
    return not comments(before) - comments(after)
