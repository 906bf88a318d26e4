"""The competency catalogue and a page per competency: its levels with their behavioural
indicators, the roles that require it at each level (with what each expects there, where a
role says so), its current needs and the programs that train it."""

from __future__ import annotations

from dataclasses import dataclass

from generator import paths
from generator.model.competency_map import Competency, Requirement, Role, Term
from generator.model.cycles import Need
from generator.site.cycle_views import NeedView, top
from generator.site.empty_states import sample
from generator.site.pages.changes import recent_changes
from generator.site.prose import prose_text
from generator.site.renderer import Page, Renderer
from generator.site.templating import excerpt

#: Role and competency pages list this many needs and programs of the cycles (the largest
#: and newest first), so that they stay small however many departments send needs.
PAGE_LIST_ROWS = 15


@dataclass(frozen=True)
class LevelRow:
    """A level of the competency's scale and what it looks like for this competency."""

    level: int
    name: str
    meaning: str
    indicators: tuple[str, ...]
    bucket: int


@dataclass(frozen=True)
class RequiredAt:
    """The roles that require the competency at one level."""

    level: int
    name: str
    bucket: int
    roles: tuple[tuple[Role, Requirement], ...]

    @property
    def plain(self) -> tuple[tuple[Role, Requirement], ...]:
        """The roles that expect what the level describes: listed by name only."""
        return tuple(entry for entry in self.roles if not entry[1].expectations)

    @property
    def expecting(self) -> tuple[tuple[Role, Requirement], ...]:
        """The roles that state their own expectations at this level: listed with them."""
        return tuple(entry for entry in self.roles if entry[1].expectations)


@dataclass(frozen=True)
class CategoryGroup:
    """A category of the catalogue: its competencies with an excerpt and how many roles
    require each."""

    category: Term
    competencies: tuple[tuple[Competency, str, int], ...]


@dataclass(frozen=True)
class CurrentNeeds:
    """The largest needs of the current cycle for a role or competency page."""

    shown: tuple[NeedView, ...]
    more: int


def current_needs(r: Renderer, needs: list[Need]) -> CurrentNeeds:
    shown, more = top(needs, PAGE_LIST_ROWS)
    return CurrentNeeds(tuple(r.views.need(n) for n in shown), more)


def competency_index(r: Renderer) -> Page:
    groups = [CategoryGroup(category, tuple(
        (c, excerpt(prose_text(c.description), 100), len(r.index.requirements_of(c.id)))
        for c in r.index.competencies_by_category.get(category.id, [])))
        for category in r.index.ordered_categories()]
    source = r.model.vocabulary_sources.get("categories")
    return r.page("pages/competency_index.md.j2", paths.COMPETENCY_INDEX, source,
                  "competency-index", title=r.t("competencies_title"), groups=groups,
                  sample=sample(r.model, r.today))


def competency(r: Renderer, comp_id: str) -> Page:
    comp = r.model.competencies[comp_id]
    scale = r.model.scales.get(comp.scale)
    numbers = list(scale.numbers) if scale else sorted(comp.indicators)
    levels = []
    for number in numbers:
        level = scale.level(number) if scale else None
        levels.append(LevelRow(number, level.name if level else "",
                               level.description if level else "",
                               comp.indicators.get(number, ()), r.levels.bucket(comp.scale, number)))
    by_level: dict[int, list[tuple[Role, Requirement]]] = {}
    for entry in r.index.requirements_of(comp_id):
        by_level.setdefault(entry.requirement.level, []).append((entry.role, entry.requirement))
    need_rows = [RequiredAt(number, r.levels.name(comp.scale, number),
                            r.levels.bucket(comp.scale, number), tuple(entries))
                 for number, entries in sorted(by_level.items())]
    needs = current_needs(r, r.cycles.needs_by_competency.get(comp_id, []))
    return r.page(
        "pages/competency.md.j2", paths.competency_page(comp_id), comp.source, "competency",
        title=comp.name, comp=comp, recent=recent_changes(r, paths.competency_page(comp_id)), scale=scale, levels=levels, need_rows=need_rows,
        suggest_url=r.suggest_change_url(comp.source, comp.name),
        category=r.index.category(comp.category),
        role_count=sum(len(row.roles) for row in need_rows),
        critical_count=sum(1 for row in need_rows for _, req in row.roles if req.critical),
        current=r.cycles.current, current_needs=needs.shown, more_needs=needs.more,
        programs=[r.views.program_ref(ref) for ref in
                  r.cycles.programs_by_competency.get(comp_id, [])[:PAGE_LIST_ROWS]],
    )
