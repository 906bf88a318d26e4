"""Names of imported competencies: short and readable, never a bare code when the framework
has a statement, and different from each other within a category.

Frameworks of standards often give an item only a `fullStatement` (and a code), and half of
those statements are longer than a name may be (120 characters). A name is then the
statement's first sentence, or its first clause, or its words up to the limit, never cut
inside a word; the whole statement stays the competency's description.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

NAME_LIMIT = 120

# A sentence ends at . ! ? followed by a space, but not in "e.g." or "i.e."; CJK sentence
# marks end one wherever they stand.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bcf)[.!?](?=\s)|[。！？]")
# A clause ends at a comma, semicolon, colon or dash followed by a space (not in "a:b"),
# or at a CJK comma or semicolon.
_CLAUSE_END = re.compile(r"[,;:](?=\s)|\s[–—]\s|[，；：]")
_MIN_CLAUSE_WORDS = 3


def one_line(text: str) -> str:
    return " ".join(text.split())


def short_name(text: str, limit: int = NAME_LIMIT) -> str:
    """`text` on one line if it fits; else its first sentence or clause that fits and says
    something (three words or more), else its words up to the limit and "…"."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        for end in pattern.finditer(line):
            candidate = line[: end.end() if pattern is _SENTENCE_END else end.start()].strip()
            if len(candidate) > limit:
                break
            if len(candidate.split()) >= _MIN_CLAUSE_WORDS or _is_cjk(candidate):
                return candidate
    return cut_at_word(line, limit)


def cut_at_word(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at the last space before the limit (inside
    a long run without spaces, such as Chinese, at the limit), ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—(") + "…"


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


@dataclass(frozen=True)
class Named:
    """A competency's name candidate and what can tell it apart from a namesake."""

    key: str  #: the competency id
    category: str
    name: str
    code: str = ""
    parent: str = ""


def tell_apart(entries: list[Named]) -> dict[str, str]:
    """New names for the entries whose name another entry of the same category has (compared
    without case): the name and its code in brackets, else its parent's name, else a
    number. Deterministic: the entries' order decides where numbers are needed."""
    groups: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for entry in entries:
        groups[(entry.category, entry.name.casefold())].append(entry)
    taken = {(e.category, e.name.casefold()) for e in entries}
    renamed: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        for number, entry in enumerate(group, 1):
            base = entry.parent if entry.parent and entry.parent.casefold() != entry.name.casefold() else ""
            for suffix in (entry.code, base, str(number), *(f"{number}.{n}" for n in range(2, 100))):
                if not suffix:
                    continue
                name = _with_suffix(entry.name, suffix)
                if (entry.category, name.casefold()) not in taken:
                    taken.add((entry.category, name.casefold()))
                    renamed[entry.key] = name
                    break
    return renamed


def _with_suffix(name: str, suffix: str) -> str:
    tail = f" ({cut_at_word(one_line(suffix), 60)})"
    return cut_at_word(name, NAME_LIMIT - len(tail)) + tail
