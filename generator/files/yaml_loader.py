"""Read one YAML file safely into plain data, or say exactly why not.

libyaml (`CSafeLoader`) does the parsing, so loading stays fast; on top of it this module
refuses what a data file should never contain: duplicate keys, several documents, custom
tags, alias bombs and recursive aliases, nesting deep enough to crash the C parser,
oversized files and bytes that are not UTF-8. Dates stay strings, as JSON Schema tools read
them. Positions of values are found again only for files that need an error message
(`Document.locate`), so valid files cost no more than a plain load.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from generator.files.symlinks import CODE as LINK_CODE
from generator.files.symlinks import LINK_ERRNOS, link_text, open_file
from generator.problems import Problem, clip

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 100_000
# libyaml's composer recurses in C and crashes somewhere past 20,000 levels; libyaml 0.2.6
# (PyYAML 6.0.4) stops at 1,000 levels itself, 0.2.5 does not. Each level needs at least one
# of these marks or a line of its own, so fewer of them prove a depth that is safe and that
# both libyaml versions read alike; a file with more is measured (`_check_depth`).
_NESTING_MARKS = ("[", "{", "- ", "-\n", "? ")
_NESTING_BOUND_BEFORE_DEPTH_CHECK = 900  # below 1,000 with room to spare

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


class LoadIssue(Exception):
    """A reason a file cannot be read; carries its own position and advice.

    An issue found by libyaml keeps its mark's character offset (`index`): `located` turns
    it into the line and column people see, which libyaml's own count may not be.
    """

    def __init__(self, code: str, message: str, hint: str, line: int = 1, column: int = 1,
                 index: int | None = None):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint
        self.line, self.column, self.index = line, column, index

    @classmethod
    def at(cls, mark: Any, code: str, message: str, hint: str) -> LoadIssue:
        if mark is None:
            return cls(code, message, hint)
        return cls(code, message, hint, mark.line + 1, mark.column + 1, mark.index)

    def located(self, text: str) -> LoadIssue:
        if self.index is not None:
            self.line, self.column = place(text, self.index)
        return self


class _Loader(yaml.CSafeLoader):
    """CSafeLoader that keeps dates as text and reports what it refuses."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (a per-class table, as in PyYAML)
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.issues: list[LoadIssue] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadIssue.at(
                    key_node.start_mark, "L112", "Merge keys (`<<:`) are not supported.",
                    "Write the keys out in full: each file should read on its own.",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                self.issues.append(LoadIssue.at(
                    key_node.start_mark, "L113", "A list or a mapping is used as a key.",
                    "Keys are plain names such as `title:`; check for a stray `?` or brackets.",
                ))
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                self.issues.append(LoadIssue.at(
                    key_node.start_mark, "L113", f"The key `{clip(key_node.value)}` is not text.",
                    f'Put it in quotes: "{clip(key_node.value)}": …',
                ))
                continue
            if key in first_seen:
                self.issues.append(LoadIssue.at(
                    key_node.start_mark, "L103",
                    f"The key `{clip(key)}` appears twice here (first on line {first_seen[key]}).",
                    "Keep one of them: YAML would silently use only the last one.",
                ))
            first_seen.setdefault(key, key_node.start_mark.line + 1)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # Python refuses to read more than 4,300 digits as one number
            raise LoadIssue.at(
                node.start_mark, "L102", f"The number `{clip(node.value)}` is too long to read.",
                "Put it in quotes if it is text; a number here has only a few digits.",
            ) from None

    def construct_undefined(self, node: Node) -> Any:
        tag = clip(str(node.tag).replace("tag:yaml.org,2002:", "!!"))
        raise LoadIssue.at(
            node.start_mark, "L106", f"The tag `{tag}` is not allowed in data files.",
            "Remove the `!` tag: values are plain text, numbers, true/false, lists and mappings.",
        )


_Loader.add_constructor(_TIMESTAMP, _Loader.construct_yaml_str)  # type: ignore[type-var]
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.construct_undefined)
_Loader.add_constructor(None, _Loader.construct_undefined)


@dataclass
class Document:
    """A file that was read: its plain data, and the text to find positions in."""

    path: str
    text: str
    data: Any
    _root: Node | None = field(default=None, repr=False)

    def locate(self, keypath: tuple[str | int, ...]) -> tuple[int, int]:
        """Line and column of the value at `keypath`; the nearest existing parent if absent."""
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
        node: Node | None = self._root
        mark = node.start_mark if node is not None else None
        for key in keypath:
            child, child_mark = _child(node, key)
            if child is None:
                break
            node, mark = child, child_mark
        return place(self.text, mark.index) if mark is not None else (1, 1)


def place(text: str, index: int) -> tuple[int, int]:
    """Line and column of the character at `index`, counted as git and GitHub count them.

    libyaml's own line count also starts a line at a lone `\r`, NEL, U+2028 and U+2029, and
    goes past the last line of a file that ends without a line break; its character offset
    says where the place is in lines that end at `\n` (not counting a byte order mark, which
    libyaml skips).
    """
    skipped = 1 if text.startswith("\ufeff") else 0
    return _position(text, max(0, min(index + skipped, len(text))))


def _child(node: Node | None, key: str | int) -> tuple[Node | None, Any]:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node, key_node.start_mark
    elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key].start_mark
    return None, None


def load_file(path: Path, rel: str, *, known: Callable[[str], dict[str, Any] | None] | None = None
              ) -> tuple[Document | None, list[Problem]]:
    """Read `path`; return its document (None if unusable) and the problems found.

    `known` gives the data of a text parsed before without a problem (see `parse_cache`),
    or None: then the text is parsed."""
    text = ""
    try:
        text = _read_text(path)
        data = known(text) if known is not None else None
        if data is not None:
            return Document(rel, text, data), []
        if _nesting_bound(text) > _NESTING_BOUND_BEFORE_DEPTH_CHECK:
            _check_depth(text)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                raise LoadIssue("L111", "The file is empty.", "Fill it in, or delete it.")
            if "&" in text and "*" in text:
                _check_aliases(root)
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except LoadIssue as issue:
        return None, [_problem(rel, issue.located(text))]
    except yaml.MarkedYAMLError as err:
        return None, [_problem(rel, _syntax_issue(err, text).located(text))]
    except yaml.reader.ReaderError as err:
        line, column = _position(text, _character_offset(text, err.position))
        return None, [_problem(rel, LoadIssue(
            "L101", f"The file contains the control character {_codepoint(err.character)}.",
            "Delete it: data files hold plain text only.", line, column))]
    except yaml.YAMLError as err:
        return None, [_problem(rel, LoadIssue("L102", f"This is not valid YAML: {err}.", _SYNTAX_HINT))]
    except RecursionError:
        return None, [_problem(rel, LoadIssue("L109", "The data is nested too deeply.", _DEPTH_HINT))]
    problems = [_problem(rel, issue.located(text)) for issue in loader.issues]
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.append(Problem(rel, 1, 1, "L104", f"The file holds {kind}, not a set of fields.",
                                "Start with `id:` and the other fields, one `key: value` per line."))
        return None, problems
    return Document(rel, text, data), problems


def _read_text(path: Path) -> str:
    try:
        with open_file(path) as stream:  # O_NOFOLLOW: a link put here after discovery
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_BYTES:
                raise LoadIssue("L110", f"The file is too large ({size // 1024} KiB; at most "
                                f"{MAX_BYTES // 1024} KiB).", "Split it: one entity per file.")
            raw = stream.read()
    except OSError as err:
        if err.errno in LINK_ERRNOS:
            raise LoadIssue(LINK_CODE, *link_text(path)) from err
        raise LoadIssue("L100", f"The file cannot be read: {err.strerror}.",
                        "Check that it exists and that you may read it.") from err
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadIssue("L101", "The file is saved as UTF-16.", _ENCODING_HINT)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        raise LoadIssue("L101", f"Byte 0x{raw[err.start]:02x} is not UTF-8 text.",
                        _ENCODING_HINT, line, column) from err


def _nesting_bound(text: str) -> int:
    return text.count("\n") + sum(text.count(mark) for mark in _NESTING_MARKS)


def _check_depth(text: str) -> None:
    """Measure the nesting with libyaml's event stream, which does not recurse.

    A libyaml that stops deep nesting itself (0.2.6, in PyYAML 6.0.4: 1,000 levels) raises
    its "exceeded maximum nesting depth" from here, before any event of the outer levels
    comes out: `load_file` turns that into the same L109 (see `_depth_issue`).
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadIssue.at(event.start_mark, "L109", _DEPTH_MESSAGE, _DEPTH_HINT)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _depth_issue(err: yaml.MarkedYAMLError, text: str) -> LoadIssue:
    """L109 for libyaml's own nesting stop, at the level where our limit is passed.

    libyaml's scanner reads ahead of the events, so it stops at its limit before our count
    has seen a level. The text before its stop holds fewer levels than its limit: measured
    again, it gives the same position as a libyaml without a limit would have. Only when
    that finds no level past ours (a libyaml with a lower limit) does libyaml's mark count.
    """
    mark = err.problem_mark or err.context_mark
    if mark is not None:
        skipped = 1 if text.startswith("\ufeff") else 0  # libyaml skips it; see `place`
        try:
            _check_depth(text[: mark.index + skipped])
        except LoadIssue as issue:
            return issue
        except yaml.YAMLError:
            pass  # the cut text ends inside a collection: no level past ours before it
    return LoadIssue.at(mark, "L109", _DEPTH_MESSAGE, _DEPTH_HINT)


def _check_aliases(root: Node) -> None:
    """Refuse aliases that loop back or expand into a huge tree (a "billion laughs")."""
    expanded: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            open_nodes.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in children)
            if expanded[key] > MAX_EXPANDED_NODES:
                raise LoadIssue.at(node.start_mark, "L107",
                                   "Aliases here expand into a huge amount of data.",
                                   "Write the values out instead of repeating `*` aliases.")
            continue
        if key in expanded:
            continue
        if key in open_nodes:
            raise LoadIssue.at(node.start_mark, "L108", "An alias refers to itself.",
                               "Remove the `*` alias that points back to its own `&` anchor.")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _syntax_issue(err: yaml.MarkedYAMLError, text: str) -> LoadIssue:
    mark = err.problem_mark or err.context_mark
    problem = (err.problem or "unreadable").rstrip(".")
    context = err.context or ""
    if _NESTING_STOP.search(problem):
        return _depth_issue(err, text)
    if "expected a single document" in problem or "but found another document" in problem:
        return LoadIssue.at(mark, "L105", "The file holds several YAML documents.",
                            "Remove the `---` line: one file holds one document.")
    if "found duplicate anchor" in problem or "found duplicate anchor" in context:
        return LoadIssue.at(mark, "L102", "The same `&` anchor is defined twice.",
                            "Each `&anchor` must be defined once, before any `*alias` to it.")
    if "found undefined alias" in problem or "found undefined alias" in context:
        return LoadIssue.at(mark, "L102", "An `*` alias refers to an anchor that is not defined.",
                            "Each `&anchor` must be defined once, before any `*alias` to it.")
    if "cannot start any token" in problem and mark is not None and _is_tab(text, mark.index):
        return LoadIssue.at(mark, "L102", "A tab character is used for indentation.",
                            "Indent with spaces only (most editors: convert tabs to spaces).")
    where = f" ({context})" if context else ""
    return LoadIssue.at(mark, "L102", f"This is not valid YAML: {problem}{where}.", _SYNTAX_HINT)


def _is_tab(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index] == "\t"


def _codepoint(character: int | str) -> str:
    number = character if isinstance(character, int) else ord(character)
    return f"U+{number:04X}"


def _character_offset(text: str, position: int) -> int:
    # libyaml reads the text as UTF-8, so its position counts bytes, not characters.
    return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _problem(rel: str, issue: LoadIssue) -> Problem:
    return Problem(rel, issue.line, issue.column, issue.code, issue.message, issue.hint)


_SYNTAX_HINT = re.sub(r"\s+", " ", """Check the indentation (spaces, not tabs) and that each
`key: value` has a space after the colon; put text that contains `: ` or starts with
`*`, `&`, `!`, `[` or `{` in quotes.""")
_ENCODING_HINT = "Save the file as UTF-8 (in most editors: Save with encoding → UTF-8)."
_DEPTH_MESSAGE = f"The data is nested too deeply (more than {MAX_DEPTH} levels)."
_DEPTH_HINT = "Data files need only a few levels: check for runaway brackets."
#: How libyaml says it stopped at its own nesting limit (0.2.6: "exceeded maximum nesting
#: depth"); matched loosely, as the wording is not part of any interface.
_NESTING_STOP = re.compile(r"exceed\w* (the )?max\w* (nesting )?depth", re.IGNORECASE)
