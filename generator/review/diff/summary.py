"""What a change means, not which lines it touches: `cmap diff BASE [HEAD]`.

Both sides are loaded with the same loader (a git revision through `revisions.checkout`,
the working tree as it is), then compared object by object, by id and key, never by line:
comments, formatting and the order of entries mean nothing, so they show no change.
`diff_map.py` and `diff_organisation.py` compare the competency map, `diff_needs.py` and
`diff_plans.py` the cycles; each
change names the site pages it affects. `review_render.py` writes the Markdown.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.competency_map import CompetencyMap, Governance
from generator.paths import MAP_DIR
from generator.rules.repository import LoadResult, load_repository

WORKING_TREE = ""


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


def page(*parts: str) -> str:
    """A site address, as the site writes it: /roles/sales-manager/."""
    return "/" + "".join(f"{part}/" for part in parts)


def family_map(family: str) -> str:
    return page("map", f"family-{family}" if family == "departments" else family)


def compare(base: CompetencyMap, head: CompetencyMap, base_name: str, head_name: str) -> Summary:
    from generator.review.diff.map_changes import compare_map
    from generator.review.diff.needs_changes import compare_needs
    from generator.review.diff.plan_changes import compare_plans

    summary = Summary(base_name, head_name)
    for title, groups in (("Training needs", compare_needs(base, head)),
                          ("Training plans", compare_plans(base, head)),
                          ("Competency map", compare_map(base, head))):
        groups = [g for g in groups if g.changes]
        if groups:
            summary.sections.append(Section(title, groups))
    return summary


def diff(root: Path, base_rev: str, head_rev: str = WORKING_TREE) -> Summary:
    """Load both sides and compare them; a side with errors is compared as far as it loads."""
    from generator.files.revisions import checkout

    with checkout(root, base_rev) as folder:
        base = load_repository(folder)
    if head_rev == WORKING_TREE:
        head, head_name = load_repository(root), "the working tree"
    else:
        with checkout(root, head_rev) as folder:
            head = load_repository(folder)
        head_name = _named(root, head_rev)
    _leave_out(base.model, head.model, {p.path for p in [*base.errors, *head.errors]})
    summary = compare(base.model, head.model, _named(root, base_rev), head_name)
    summary.notes += _broken(base, "base") + _broken(head, "head")
    return summary


def _leave_out(base: CompetencyMap, head: CompetencyMap, broken: set[str]) -> None:
    """Forget, on both sides, what a file with errors holds: missing is not removed."""
    for model in (base, head):
        for entities in (model.scales, model.competencies, model.departments, model.roles,
                         model.cycles, model.submissions):
            for key in [k for k, v in entities.items() if v.source.path in broken]:
                del entities[key]  # type: ignore[arg-type]
        for cycle in model.cycles.values():
            for dept in [d for d, s in cycle.submissions.items() if s.source.path in broken]:
                del cycle.submissions[dept]
        if f"{MAP_DIR}/governance.yml" in broken:
            model.governance = Governance()
        for name in ("areas", "categories", "families"):
            if f"{MAP_DIR}/{name}.yml" in broken:
                setattr(model, name, {})


def _named(root: Path, revision: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", f"{revision}^{{commit}}"],
                          capture_output=True, text=True, check=False)
    short = done.stdout.strip()
    return f"{revision} ({short})" if short and not short.startswith(revision) else revision


def _broken(result: LoadResult, side: str) -> list[str]:
    files = sorted({p.path for p in result.errors})
    if not files:
        return []
    listed = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
    return [f"The {side} has errors in {listed}; what did not load is left out of this summary "
            "(see the validation check)."]


# -- helpers for the comparing modules -----------------------------------------------------

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
