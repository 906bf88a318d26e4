"""Reading a CASE package that came from anywhere: tolerant accessors, ids from text.

Nothing in a package is trusted: a field may be missing, of another type, or huge. These
helpers return empty values instead of raising, so the mapping reports what it skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .case_export import Json
from .problems import clip

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
    """The objects of a JSON array (anything else is no records)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


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


def good_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 64 and ID.fullmatch(value) is not None


def slug(text: str, limit: int = 64) -> str:
    """`text` as an id: ASCII lowercase letters, digits and single hyphens ("" if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:limit].strip("-")


def listing(names: list[str], limit: int = 8) -> str:
    """The first `limit` names, quoted (each clipped), and how many more there are."""
    shown = ", ".join(f"`{clip(n)}`" for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` … if taken; the result is added to `taken`."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base[:60].rstrip('-')}-{number}"
    taken.add(candidate)
    return candidate
