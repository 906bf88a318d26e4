"""The vocabulary of the semantic diff: a change and its details, grouped per file or kind
under a section, and the helpers that word a detail. The comparing modules (`map_changes`,
`organisation_changes`, `needs_changes`, `plan_changes`) speak it; `summary` assembles
their groups, and `markdown.py` writes them for reviewers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Detail:
    """One fact of a change: `label before → after`, `label after`, or just `label`."""

    label: str
    before: str | None = None
    after: str | None = None
    code: bool = False  #: the values are ids or handles, shown as code


@dataclass(frozen=True)
class Change:
    verb: str  #: added, removed, changed, renamed, reworded, raised, lowered, moved, recorded
    subject: str
    details: tuple[Detail, ...] = ()
    pages: tuple[str, ...] = ()


@dataclass
class Group:
    """The changes of one file or one kind of entity, under one heading."""

    heading: str
    source: str
    changes: list[Change] = field(default_factory=list)
    summary: tuple[Detail, ...] = ()

    @property
    def common_pages(self) -> tuple[str, ...]:
        """Pages every change of the group affects: shown once, under the heading."""
        if not self.changes:
            return ()
        first, *rest = (set(c.pages) for c in self.changes)
        shared = first.intersection(*rest)
        return tuple(p for p in self.changes[0].pages if p in shared)

    def own_pages(self, change: Change) -> tuple[str, ...]:
        shared = set(self.common_pages)
        return tuple(p for p in change.pages if p not in shared)


@dataclass
class Section:
    title: str
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.changes) for g in self.groups)


@dataclass
class Summary:
    base: str  #: how the base was named, e.g. origin/main (1a2b3c4)
    head: str
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(s.count for s in self.sections)


def detail(label: str, before: object, after: object, code: bool = False) -> Detail | None:
    """A before → after detail, or None when nothing changed."""
    if before == after:
        return None
    return Detail(label, _text(before), _text(after), code)


def details(*found: Detail | None) -> tuple[Detail, ...]:
    return tuple(d for d in found if d is not None)


def listed(label: str, before: Iterable[str], after: Iterable[str], code: bool = True
           ) -> tuple[Detail, ...]:
    """What was added to and removed from a list, as two details."""
    old, new = list(before), list(after)
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    return details(Detail(f"{label} added", after=", ".join(added), code=code) if added else None,
                   Detail(f"{label} removed", after=", ".join(removed), code=code)
                   if removed else None)


def money(amount: float | None, currency: str = "") -> str | None:
    if amount is None:
        return None
    return f"{amount:,.0f}" + (f" {currency}" if currency else "")


def amount(label: str, before: float | None, after: float | None, currency: str = ""
           ) -> Detail | None:
    """A sum of money that changed, with the difference: `cost 96,000 → 120,000 (+24,000)`."""
    if before == after:
        return None
    shown = money(after, currency)
    if before is not None and after is not None:
        shown = f"{shown} ({after - before:+,.0f})"
    return Detail(label, money(before, currency), shown)


def reworded(label: str, before: str, after: str) -> Detail | None:
    """Long text is not repeated: only that it changed."""
    if " ".join(before.split()) == " ".join(after.split()):
        return None
    if not before:
        return Detail(f"{label} added")
    return Detail(f"{label} removed") if not after else Detail(f"{label} reworded")


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
