"""The company map: a roles × competencies heatmap of the required levels, per job family
and per unit right below the company, split into parts by category when it would grow too
wide for one page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator import paths
from generator.model.competency_map import Department, Role, Source, Term
from generator.site import charts
from generator.site.renderer import Page, Renderer
from generator.site.views import LevelView

# A heatmap page stays within this markup weight (about one unit per table cell or header,
# see charts.split_columns) and this many competency columns; bigger matrices are split
# into parts by category, so no page grows past about 250 KB.
HEATMAP_BUDGET = 10000
HEATMAP_MAX_COLUMNS = 250
# Departments whose own heatmap page is generated: the units right below the top.
MAP_DEPARTMENT_DEPTH = 1


@dataclass
class MapPart:
    path: str
    title: str
    columns: list[charts.HeatColumn]
    rows: list[charts.HeatRowInput]
    groups: dict[str, str]
    label: str = ""


@dataclass
class MapSubject:
    """One heatmap subject (a job family or a department) and its page(s)."""

    path: str
    kind: str
    subject: Term | Department
    title: str
    source: Source | None
    roles: list[Role]
    parts: list[MapPart] = field(default_factory=list)
    competency_count: int = 0


def plan_maps(r: Renderer) -> list[MapSubject]:
    """Every map of the site, with its parts: one per job family, one per top unit."""
    model, index = r.model, r.index
    maps: list[MapSubject] = []
    for family in index.ordered_families():
        roles = index.roles_by_family.get(family.id, [])
        if roles:
            maps.append(MapSubject(paths.family_map_page(family.id), "family", family,
                                   r.t("map_family_title", name=family.name),
                                   model.vocabulary_sources.get("families"), roles))
    family_rank = {family_id: i for i, family_id in enumerate(model.families)}
    for dept, depth in index.walk():
        if depth != MAP_DEPARTMENT_DEPTH:
            continue
        staffing = index.subtree_staffing(dept.id)
        roles = [model.roles[role_id] for role_id in staffing if role_id in model.roles]
        if not roles:
            continue
        roles.sort(key=lambda role: (family_rank.get(role.family, len(model.families)),
                                     index.career_rank.get(role.id, 0), role.title.casefold(),
                                     role.id))
        maps.append(MapSubject(paths.department_map_page(dept.id), "department", dept,
                               r.t("map_department_title", name=dept.name), dept.source, roles))
    for subject in maps:
        _split(r, subject)
    return maps


def _split(r: Renderer, subject: MapSubject) -> None:
    needed = {req.competency for role in subject.roles for req in role.requirements}
    columns: list[charts.HeatColumn] = []
    group_labels: dict[str, str] = {}
    for category in r.index.ordered_categories():
        group_labels[category.id] = category.name
        for comp in r.index.competencies_by_category.get(category.id, []):
            if comp.id in needed:
                columns.append(charts.HeatColumn(comp.id, comp.name, comp.id, category.id,
                                                 r.levels.maximum(comp.scale)))
    subject.competency_count = len(columns)
    rows = [charts.HeatRowInput(
        role.id, role.title, role.id,
        {req.competency: (req.level, req.critical) for req in role.requirements},
        note=str(role.grade)) for role in subject.roles]
    fill = Counter(comp_id for row in rows for comp_id in row.levels)
    parts = charts.split_columns(columns, fill, budget=HEATMAP_BUDGET,
                                 max_columns=HEATMAP_MAX_COLUMNS)
    if len(parts) == 1:
        subject.parts = [MapPart(subject.path, subject.title, parts[0], rows, group_labels)]
        return
    used: Counter[str] = Counter()
    for part in parts:
        first_group = part[0].group
        used[first_group] += 1
        slug = first_group if used[first_group] == 1 else f"{first_group}-{used[first_group]}"
        label = " · ".join(dict.fromkeys(group_labels.get(c.group, c.group) for c in part))
        if used[first_group] > 1:
            label = f"{label} ({used[first_group]})"
        ids = {c.id for c in part}
        subject.parts.append(MapPart(
            paths.map_part_page(subject.path, slug), f"{subject.title}: {label}", part,
            [row for row in rows if not ids.isdisjoint(row.levels)], group_labels, label))


def legend(r: Renderer) -> list[LevelView]:
    """The level colours, named after the scale most competencies use (the first on a tie)."""
    used = Counter(comp.scale for comp in r.model.competencies.values()
                   if comp.scale in r.model.scales)
    scale_id = max(r.model.scales, key=lambda sid: used[sid], default=None)
    if scale_id is None:
        return []
    scale = r.model.scales[scale_id]
    return [LevelView(lv.level, lv.name, charts.level_bucket(lv.level, max(scale.numbers)))
            for lv in scale.levels]


def map_index(r: Renderer, maps: list[MapSubject]) -> Page:
    return r.page(
        "pages/map_index.md.j2", paths.MAP_INDEX, None, "map-index", title=r.t("map_title"),
        family_maps=[m for m in maps if m.kind == "family"],
        department_maps=[m for m in maps if m.kind == "department"],
        legend=legend(r),
    )


def map_pages(r: Renderer, subject: MapSubject) -> Iterator[Page]:
    for path in map_paths(subject):
        yield map_page(r, subject, path)


def map_paths(subject: MapSubject) -> list[str]:
    """The pages of one map: its parts, after a page listing them when there are several."""
    parts = [part.path for part in subject.parts]
    return parts if len(parts) == 1 else [subject.path, *parts]


def map_page(r: Renderer, subject: MapSubject, path: str) -> Page:
    key = legend(r)
    single = len(subject.parts) == 1
    part = next((p for p in subject.parts if p.path == path), None)
    if part is None:  # the page that lists the parts
        return r.page("pages/map.md.j2", subject.path, subject.source, "map",
                      title=subject.title, subject=subject, heat=None, part=None, legend=key)
    heat = charts.heatmap(part.rows, part.columns, part.groups)
    return r.page("pages/map.md.j2", part.path, subject.source, "map", title=part.title,
                  subject=subject, heat=heat, part=None if single else part, legend=key)
