"""Reading a CASE package that came from anywhere: tolerant accessors, ids from text.

Nothing in a package is trusted: a field may be missing, of another type, or huge. These
helpers return empty values instead of raising, so the mapping reports what it skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeGuard

from generator.exchange.case.exporter import Json
from generator.problems import clip

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True, order=True)
class Order:
    """Where a record goes: its sequence number (or position), then its place in the file."""

    sequence: int
    index: int

    @classmethod
    def of(cls, record: Json, key: str, index: int) -> Order:
        value = record.get(key)
        return cls(value if isinstance(value, int) and not isinstance(value, bool) else 2**31, index)


def records(value: Any) -> list[Json]:
    """The objects of a JSON array, or of an object keyed by identifier (some services write
    `CFItems` and `CFAssociations` that way); a record without an `identifier` of its own
    gets its key. Anything else is no records."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    if isinstance(value, dict):
        return [v if "identifier" in v else {"identifier": key, **v}
                for key, v in value.items() if isinstance(v, dict)]
    return []


def text_of(value: Any) -> str:
    """A JSON string with its line ends normalised and its ends trimmed, or ""."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else ""


def flat(text: str, limit: int) -> str:
    """One line of text, cut at `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def link_id(value: Any) -> str:
    """The `identifier` of a record or of a link to one, or ""."""
    identifier = value.get("identifier") if isinstance(value, dict) else None
    return identifier if isinstance(identifier, str) else ""


def cmap_extension(record: Json) -> Json:
    """The `extensions.cmap` object that `cmap export case` writes, or {}."""
    extensions = record.get("extensions")
    found = extensions.get("cmap") if isinstance(extensions, dict) else None
    return found if isinstance(found, dict) else {}


def good_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) <= 64 and ID.fullmatch(value) is not None


def slug(text: str, limit: int = 64) -> str:
    """`text` as an id: ASCII lowercase letters, digits and single hyphens ("" if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:limit].strip("-")


def listing(names: list[str], limit: int = 8) -> str:
    """The first `limit` names, quoted (each clipped), and how many more there are."""
    shown = ", ".join(f"`{clip(n)}`" for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


class Ids:
    """The ids given out so far, and the next one for a base: `base`, `base-2`, `base-3` …

    Where to continue counting is kept per base, so n items with the same code cost n
    steps, not n²/2. The ids are the ones counting from 1 each time would give: every id
    counted past is still taken (`taken` only grows, and `refused` says the same of an id
    every time). Several `Ids` may share one `taken`.
    """

    def __init__(self, taken: set[str] | None = None,
                 refused: Callable[[str], bool] = lambda _: False) -> None:
        self.taken = set() if taken is None else taken
        self.refused = refused
        self._next: dict[str, int] = {}

    def new(self, base: str) -> str:
        number = self._next.get(base, 1)
        candidate = base if number == 1 else numbered_id(base, number)
        while candidate in self.taken or self.refused(candidate):
            number += 1
            candidate = numbered_id(base, number)
        self._next[base] = number + 1
        self.taken.add(candidate)
        return candidate


def numbered_id(base: str, number: int) -> str:
    """`base-number`, an id of at most 64 characters (the base cut to 60 below 1,000)."""
    suffix = f"-{number}"
    return base[: min(60, 64 - len(suffix))].rstrip("-") + suffix
