"""The "What changed" page: the map's changes in meaning, newest first, one block per merged
pull request (`map_history`); and the recent changes a role's or a competency's page lists.

The semantic diff words its changes in English for reviewers; on the site its verbs,
section titles and fixed group headings are labels of the site's language (the labels of
its details stay as the diff words them), and ids in its details show as code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import paths
from generator.analysis.diff.changes import Change, Detail
from generator.site.map_history import LIMIT, Merge
from generator.site.renderer import Page, Renderer

#: The semantic diff's section titles (`analysis.diff.compare`) → label keys.
_SECTIONS = {"Training needs": "changes_section_needs", "Training plans": "changes_section_plans",
             "Competency map": "changes_section_map"}
#: Its fixed group headings (the others name a department or a cycle) → label keys.
_GROUPS = {"Competencies": "changes_group_competencies", "Role profiles": "changes_group_roles",
           "Scales": "changes_group_scales", "Departments": "changes_group_departments",
           "Vocabularies": "changes_group_vocabularies", "Governance": "changes_group_governance"}
_CODE = re.compile(r"`([^`]+)`")
#: The changes one merge lists on the page: a pull request that brought a whole framework
#: stays a screen long (the rest: `cmap diff`, or the pull request).
MERGE_ROWS = 25


@dataclass(frozen=True)
class Part:
    """A piece of a label: text, or an id shown as code (between backticks in the diff)."""

    text: str
    code: bool = False


@dataclass(frozen=True)
class DetailView:
    label: tuple[Part, ...]
    before: str | None
    after: str | None
    code: bool


@dataclass(frozen=True)
class ChangeView:
    verb: str
    subject: str
    details: tuple[DetailView, ...]
    target: str  #: the page about it, when it is a role, a competency or a cycle ("" else)


@dataclass(frozen=True)
class MergeView:
    """One merge: when, its pull request and commit (with their addresses when the hosting
    site is known), its subject, and its changes by section and heading."""

    date: str
    pull_request: int | None
    pull_request_url: str
    commit: str  #: short id
    commit_url: str
    subject: str
    anchor: str
    sections: tuple[tuple[str, tuple[tuple[str, tuple[ChangeView, ...]], ...]], ...]
    more: int = 0  #: changes left out (past MERGE_ROWS)


@dataclass(frozen=True)
class RecentChange:
    """A line of a role's or a competency's recent changes."""

    merge: MergeView
    change: ChangeView


def what_changed(r: Renderer) -> Page:
    targets = _targets(r)
    merges = [merge_view(r, merge, targets) for merge in r.changes.merges]
    return r.page("pages/changes.md.j2", paths.CHANGES_INDEX, None, "changes",
                  title=r.t("changes_title"), merges=merges, missing=r.changes.missing,
                  limit=LIMIT)


def recent_changes(r: Renderer, page: str) -> list[RecentChange]:
    """The changes of the last merges that reach `page`, for its "Recent changes"."""
    shown = r.changes.of_page(page)
    # Linked: the other pages a change is about, never the page itself.
    targets = {a: p for a, p in _targets(r).items() if p != page} if shown else {}
    views: dict[str, MergeView] = {}
    found = []
    for item in shown:
        key = item.merge.commit.commit
        merge = views[key] = views.get(key) or merge_view(r, item.merge, targets)
        found.append(RecentChange(merge, change_view(r, item.change, targets)))
    return found


def merge_view(r: Renderer, merge: Merge, targets: dict[str, str]) -> MergeView:
    commit = merge.commit
    number = commit.pull_request
    room = MERGE_ROWS
    sections = []
    for section in merge.summary.sections:
        groups = []
        for group in section.groups:
            shown = group.changes[:max(room, 0)]
            room -= len(group.changes)
            if shown:
                heading = r.t(_GROUPS[group.heading]) if group.heading in _GROUPS else group.heading
                groups.append((heading, tuple(change_view(r, c, targets) for c in shown)))
        if groups:
            title = section.title
            sections.append((r.t(_SECTIONS[title]) if title in _SECTIONS else title, tuple(groups)))
    return MergeView(commit.date, number, r.settings.pull_request_url(number) if number else "",
                     commit.short, r.settings.commit_url(commit.commit), commit.subject,
                     f"commit-{commit.short}", tuple(sections), max(-room, 0))


def change_view(r: Renderer, change: Change, targets: dict[str, str]) -> ChangeView:
    """`targets`: the pages a change may link to, by address (`_targets`)."""
    verb = r.t.get("change_" + change.verb.replace(" ", "_"), change.verb)
    target = next((targets[p] for p in change.pages if p in targets), "")
    return ChangeView(verb, change.subject, tuple(_detail(d) for d in change.details), target)


def _detail(detail: Detail) -> DetailView:
    pieces = _CODE.split(detail.label)
    label = tuple(Part(text, n % 2 == 1) for n, text in enumerate(pieces) if text)
    return DetailView(label, detail.before, detail.after, detail.code)


def _targets(r: Renderer) -> dict[str, str]:
    """The pages a change may link to, by the address the diff names them with."""
    pages = [*(paths.role_page(i) for i in r.model.roles),
             *(paths.competency_page(i) for i in r.model.competencies),
             *(paths.cycle_page(i) for i in r.model.cycles)]
    return {paths.address(page): page for page in pages}
