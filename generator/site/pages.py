"""Turn a competency map into the pages of the site (no MkDocs here).

`generate_pages(model, settings)` returns every generated page as a `Page`: its path in the
docs folder (`roles/sales-manager.md`, served at `/roles/sales-manager/`), its Markdown and
the YAML file it was made from. Each page is Markdown with a front-matter title, section
headings from the label catalogue, and the data as raw HTML blocks rendered by the Jinja
templates in `templates/pages/` with autoescaping. `site_assets()` lists the static files
the pages need (the style sheet).

Work is linear in the size of the map: cross-references come from one `SiteIndex`, and the
company map is split into pages of bounded size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from generator.site import charts
from generator.analysis.site_index import CareerStep, LevelChange, SiteIndex, career_step
from generator.site.cycle_pages import CyclePages
from generator.site.cycle_views import CycleIndex, Views, needs_path, top
from generator.model.cycles import Need
from generator.files.history import Change
from generator.site.labels import Labels, normalize_language
from generator.model.competency_map import CompetencyMap, Department, Requirement, Role, Scale, Source, Term
from generator.site.render import TEMPLATES, Links, excerpt, render, safe_url

# A heatmap page stays within this markup weight (about one unit per table cell or header,
# see charts.split_columns) and this many competency columns; bigger matrices are split
# into parts by category, so no page grows past about 250 KB.
HEATMAP_BUDGET = 10000
HEATMAP_MAX_COLUMNS = 250
# Departments whose own heatmap page is generated: the units right below the top.
MAP_DEPARTMENT_DEPTH = 1

CSS_ASSET = "assets/cmap/cmap.css"
# Role and competency pages list this many needs and programs of the cycles (the largest
# and newest first), so that they stay small however many departments send needs.
PAGE_LIST_ROWS = 15
# Empty person columns on the printed worksheet (the CSV has its own, assessment.PERSONS).
WORKSHEET_PERSONS = 6
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Guide:
    """A hand-written guide copied into the site, for links from the home page."""

    path: str
    title: str


@dataclass(frozen=True)
class SiteSettings:
    """What the pages need to know about the site (read from `mkdocs.yml` by the caller)."""

    language: str = "en"
    site_name: str = "Competency map"
    repo_url: str = ""
    source_base: str = ""
    directory_urls: bool = True
    guides: tuple[Guide, ...] = ()
    #: The day the site is built for: what counts as late or missing (None: today).
    today: date | None = None

    def source_url(self, path: str) -> str:
        """The web address of a repository file, or "" when the repository is not known."""
        base = safe_url(self.source_base)
        return base + path if base else ""

    def _repo(self) -> str:
        return safe_url(self.repo_url).rstrip("/")

    def pull_request_url(self, number: int) -> str:
        """The address of a pull request (a merge request on GitLab), or ""."""
        repo = self._repo()
        if not repo:
            return ""
        if "gitlab" in urlsplit(repo).netloc:
            return f"{repo}/-/merge_requests/{number}"
        return f"{repo}/pull/{number}"

    def commit_url(self, commit: str) -> str:
        repo = self._repo()
        if not repo:
            return ""
        return f"{repo}/-/commit/{commit}" if "gitlab" in urlsplit(repo).netloc else \
            f"{repo}/commit/{commit}"


@dataclass(frozen=True)
class Page:
    path: str
    content: str
    source: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Download:
    """A published file: its path under the site's root, its title and what it holds."""

    path: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Asset:
    path: str
    content: bytes


def site_assets() -> list[Asset]:
    """The static files the generated pages link to."""
    return [Asset(CSS_ASSET, (TEMPLATES / "assets" / "cmap.css").read_bytes())]


def generate_pages(model: CompetencyMap, settings: SiteSettings,
                   history: Mapping[str, Change] | None = None) -> list[Page]:
    """Every generated page of the site, in a stable order. `history` (from
    `history.last_changes`) dates each page's source file."""
    return list(PageBuilder(model, settings, history).pages())


@dataclass
class _MapPart:
    path: str
    title: str
    columns: list[charts.HeatColumn]
    rows: list[charts.HeatRowInput]
    groups: dict[str, str]
    label: str = ""


@dataclass
class _Map:
    """One heatmap subject (a job family or a department) and its page(s)."""

    path: str
    kind: str
    subject: Term | Department
    title: str
    source: Source | None
    roles: list[Role]
    parts: list[_MapPart] = field(default_factory=list)
    competency_count: int = 0


class PageBuilder:
    def __init__(self, model: CompetencyMap, settings: SiteSettings,
                 history: Mapping[str, Change] | None = None) -> None:
        _check_ids(model)
        self.model = model
        self.settings = settings
        self.history = history or {}
        self.today = settings.today or date.today()
        self.language = normalize_language(settings.language)
        self.t = Labels(self.language)
        self.index = SiteIndex.of(model)
        self.scale_max = {
            sid: max(scale.numbers, default=1) for sid, scale in model.scales.items()
        }
        self.maps = self._plan_maps()
        self.cycles = CycleIndex.of(model.cycles)
        self.views = Views(self, self.cycles)

    # -- plumbing ---------------------------------------------------------------------

    def _render(self, template: str, path: str, source: Source | None, kind: str,
                **context: Any) -> Page:
        source_path = source.path if source else ""
        changed = self.history.get(source_path) if source_path else None
        content = render(
            template,
            t=self.t,
            lang=self.language,
            settings=self.settings,
            link=Links(path, directory_urls=self.settings.directory_urls),
            index=self.index,
            model=self.model,
            page_path=path,
            source=source_path,
            source_line=source.line if source else 0,
            source_url=self.settings.source_url(source_path) if source_path else "",
            changed=changed,
            changed_url=self.settings.commit_url(changed.commit) if changed else "",
            changed_pr_url=self.settings.pull_request_url(changed.pull_request)
            if changed and changed.pull_request else "",
            css=CSS_ASSET,
            **context,
        )
        return Page(path, content, source_path, kind)

    def pages(self) -> Iterator[Page]:
        yield self.home()
        yield self.competency_index()
        for comp_id in self.model.competencies:
            yield self.competency(comp_id)
        yield self.role_index()
        for role_id in self.model.roles:
            yield self.role(role_id)
            yield self.worksheet(role_id)
        yield self.department_index()
        for dept_id in self.model.departments:
            yield self.department(dept_id)
        yield self.map_index()
        for subject in self.maps:
            yield from self.map_pages(subject)
        yield from CyclePages(self, self.cycles, self.today).pages()

    def downloads(self, sections: list[tuple[str, list[Download]]]) -> Page:
        """The Downloads page: the published files, grouped under label keys."""
        return self._render("pages/downloads.md.j2", "downloads/index.md", None, "downloads",
                            title=self.t("downloads_title"), sections=sections)

    def scale_of(self, scale_id: str) -> Scale | None:
        return self.model.scales.get(scale_id)

    def level_name(self, scale_id: str, level: int) -> str:
        scale = self.model.scales.get(scale_id)
        found = scale.level(level) if scale else None
        return found.name if found else ""

    def requirement_view(self, req: Requirement) -> dict[str, Any]:
        comp = self.model.competencies.get(req.competency)
        scale_id = comp.scale if comp else ""
        return {
            "id": req.competency,
            "name": comp.name if comp else req.competency,
            "category": self.index.category(comp.category) if comp else None,
            "level": req.level,
            "level_name": self.level_name(scale_id, req.level),
            "maximum": self.scale_max.get(scale_id, 5),
            "bucket": charts.level_bucket(req.level, self.scale_max.get(scale_id, 5)),
            "critical": req.critical,
            "note": req.note,
        }

    # -- home -------------------------------------------------------------------------

    def home(self) -> Page:
        model = self.model
        counts = {
            "competencies": len(model.competencies),
            "categories": len(self.index.ordered_categories()),
            "roles": len(model.roles),
            "families": len(self.index.ordered_families()),
            "departments": len(model.departments),
            "headcount": sum(d.headcount for d in model.departments.values()),
        }
        return self._render(
            "pages/home.md.j2", "index.md", None, "home",
            title=self.settings.site_name or self.t("home_title"), counts=counts, guides=self.settings.guides,
            families=[(f, len(self.index.roles_by_family.get(f.id, [])))
                      for f in self.index.ordered_families()],
        )

    # -- competencies -----------------------------------------------------------------

    def competency_index(self) -> Page:
        groups = []
        for category in self.index.ordered_categories():
            comps = self.index.competencies_by_category.get(category.id, [])
            groups.append({
                "category": category,
                "competencies": [
                    (c, excerpt(c.description, 100), len(self.index.requirements_of(c.id)))
                    for c in comps
                ],
            })
        source = self.model.vocabulary_sources.get("categories")
        return self._render(
            "pages/competency_index.md.j2", "competencies/index.md", source, "competency-index",
            title=self.t("competencies_title"), groups=groups,
        )

    def competency(self, comp_id: str) -> Page:
        comp = self.model.competencies[comp_id]
        scale = self.scale_of(comp.scale)
        levels = []
        numbers = list(scale.numbers) if scale else sorted(comp.indicators)
        for number in numbers:
            level = scale.level(number) if scale else None
            levels.append({
                "level": number,
                "name": level.name if level else "",
                "meaning": level.description if level else "",
                "indicators": comp.indicators.get(number, ()),
                "bucket": charts.level_bucket(number, self.scale_max.get(comp.scale, 5)),
            })
        by_level: dict[int, list[tuple[Role, Requirement]]] = {}
        for entry in self.index.requirements_of(comp_id):
            by_level.setdefault(entry.requirement.level, []).append(
                (entry.role, entry.requirement))
        need_rows: list[dict[str, Any]] = [
            {
                "level": number,
                "name": self.level_name(comp.scale, number),
                "bucket": charts.level_bucket(number, self.scale_max.get(comp.scale, 5)),
                "roles": entries,
            }
            for number, entries in sorted(by_level.items())
        ]
        return self._render(
            "pages/competency.md.j2", f"competencies/{comp_id}.md", comp.source, "competency",
            title=comp.name, comp=comp, scale=scale, levels=levels, need_rows=need_rows,
            category=self.index.category(comp.category),
            role_count=sum(len(r["roles"]) for r in need_rows),
            critical_count=sum(1 for r in need_rows for _, req in r["roles"] if req.critical),
            current=self.cycles.current,
            **self._current_needs(self.cycles.needs_by_competency.get(comp_id, [])),
            programs=[self.views.program_ref(ref) for ref in
                      self.cycles.programs_by_competency.get(comp_id, [])[:PAGE_LIST_ROWS]],
        )

    def _current_needs(self, needs: list[Need]) -> dict[str, Any]:
        """The largest needs of the current cycle for a role or competency page."""
        shown, more = top(needs, PAGE_LIST_ROWS)
        return {"current_needs": [self.views.need(n) for n in shown], "more_needs": more}

    # -- roles ------------------------------------------------------------------------

    def role_index(self) -> Page:
        groups = [
            (family, self.index.roles_by_family.get(family.id, []))
            for family in self.index.ordered_families()
        ]
        source = self.model.vocabulary_sources.get("families")
        return self._render(
            "pages/role_index.md.j2", "roles/index.md", source, "role-index",
            title=self.t("roles_title"),
            groups=[(f, roles) for f, roles in groups if roles or f.id in self.model.families],
            headcount=self.index.headcount_by_role,
            map_path=self.family_map_path,
        )

    def role(self, role_id: str) -> Page:
        role = self.model.roles[role_id]
        areas = [
            (area, role.responsibilities[area.id])
            for area in self.index.ordered_areas(role.responsibilities)
        ]
        profile = [self.requirement_view(req) for req in role.requirements]
        chart = charts.bar_chart(
            [
                charts.BarInput(
                    label=row["name"], level=row["level"], maximum=row["maximum"],
                    critical=row["critical"], level_name=row["level_name"],
                )
                for row in profile
            ],
            marker="★",
        )
        steps = []
        for next_id in dict.fromkeys(role.next_roles):
            target = self.model.roles.get(next_id)
            if target is not None:
                steps.append(self.step_view(career_step(role, target)))
        reports_to = self.model.roles.get(role.reports_to) if role.reports_to else None
        return self._render(
            "pages/role.md.j2", f"roles/{role_id}.md", role.source, "role",
            title=role.title, role=role, family=self.index.family(role.family),
            areas=areas, profile=profile, chart=chart, steps=steps,
            reports_to=reports_to,
            direct_reports=self.index.direct_reports.get(role_id, []),
            predecessors=self.index.predecessors.get(role_id, []),
            staffed_in=self.index.staffed_in.get(role_id, []),
            headcount=self.index.headcount_by_role.get(role_id, 0),
            critical_count=sum(1 for r in role.requirements if r.critical),
            map_path=self.family_map_path(role.family),
            worksheet=f"worksheets/{role_id}.md",
            current=self.cycles.current,
            **self._current_needs(self.cycles.needs_by_role.get(role_id, [])),
        )

    def worksheet(self, role_id: str) -> Page:
        """The printable assessment worksheet of a role (the CSV is under downloads/)."""
        role = self.model.roles[role_id]
        rows = []
        for req in role.requirements:
            view = self.requirement_view(req)
            comp = self.model.competencies.get(req.competency)
            view["looks_like"] = comp.indicators.get(req.level, ()) if comp else ()
            rows.append(view)
        return self._render(
            "pages/worksheet.md.j2", f"worksheets/{role_id}.md", role.source, "worksheet",
            title=self.t("worksheet_title", role=role.title), role=role, rows=rows,
            csv=f"downloads/worksheets/{role_id}.csv", persons=WORKSHEET_PERSONS,
        )

    def step_view(self, step: CareerStep) -> dict[str, Any]:
        """A career step with names, level names and colours resolved for the template."""
        critical = {r.competency for r in step.target.requirements if r.critical}

        def change(c: LevelChange) -> dict[str, Any]:
            comp = self.model.competencies.get(c.competency)
            scale_id = comp.scale if comp else ""
            maximum = self.scale_max.get(scale_id, 5)
            return {
                "id": c.competency,
                "name": comp.name if comp else c.competency,
                "before": c.before,
                "after": c.after,
                "before_name": self.level_name(scale_id, c.before),
                "after_name": self.level_name(scale_id, c.after),
                "before_bucket": charts.level_bucket(c.before, maximum),
                "after_bucket": charts.level_bucket(c.after, maximum),
                "critical": c.competency in critical,
            }

        def named(comp_id: str) -> dict[str, str]:
            comp = self.model.competencies.get(comp_id)
            return {"id": comp_id, "name": comp.name if comp else comp_id}

        return {
            "target": step.target,
            "same": step.is_same_profile,
            "added": [self.requirement_view(r) for r in step.added],
            "raised": [change(c) for c in step.raised],
            "lowered": [change(c) for c in step.lowered],
            "dropped": [named(r.competency) for r in step.dropped],
            "newly_critical": [named(c) for c in step.newly_critical],
            "unchanged": step.unchanged,
        }

    # -- departments ------------------------------------------------------------------

    def department_index(self) -> Page:
        return self._render(
            "pages/department_index.md.j2", "departments/index.md", None, "department-index",
            title=self.t("departments_title"), tree=self.index.walk(),
            totals=self.index.subtree_headcount,
            company_total=sum(d.headcount for d in self.model.departments.values()),
        )

    def department(self, dept_id: str) -> Page:
        dept = self.model.departments[dept_id]
        staffing = []
        for role_id, count in dept.staffing.items():
            staffing.append((role_id, self.model.roles.get(role_id), count))
        staffing.sort(key=lambda s: (
            self.index.career_rank.get(s[0], 0), s[1].title.casefold() if s[1] else s[0]))
        children = self.index.children.get(dept_id, [])
        map_subject = next(
            (m for m in self.maps if m.kind == "department" and m.subject.id == dept_id), None)
        return self._render(
            "pages/department.md.j2", f"departments/{dept_id}.md", dept.source, "department",
            title=dept.name, dept=dept, staffing=staffing, children=children,
            parent=self.model.departments.get(dept.parent) if dept.parent else None,
            ancestors=self.index.ancestors(dept_id),
            totals=self.index.subtree_headcount,
            subtree_total=self.index.subtree_headcount.get(dept_id, dept.headcount),
            families={r.family for _, r, _ in staffing if r},
            map_path=map_subject.path if map_subject else "",
            cycles=self.department_cycles(dept_id),
        )

    def department_cycles(self, dept_id: str) -> list[dict[str, Any]]:
        """The department's needs in each cycle, newest first: link, people, gap."""
        rows = []
        for cycle in sorted(self.model.cycles.values(), key=lambda c: (c.start, c.id),
                            reverse=True):
            sub = cycle.submissions.get(dept_id)
            if sub is None and not any(self.model.departments[dept_id].staffing.values()):
                continue  # not asked: nobody in the department holds a role
            rows.append({
                "cycle": cycle, "submission": sub,
                "page": needs_path(cycle.id, dept_id) if sub else "",
                "people": sum(n.headcount for n in sub.needs) if sub else 0,
                "weighted_gap": sum(n.weighted_gap for n in sub.needs) if sub else 0,
                "overdue": sub is None and self.today.isoformat() > cycle.needs_due,
            })
        return rows

    # -- company map ------------------------------------------------------------------

    def family_map_path(self, family_id: str) -> str:
        name = f"family-{family_id}" if family_id == "departments" else family_id
        return f"map/{name}.md"

    def _plan_maps(self) -> list[_Map]:
        maps: list[_Map] = []
        for family in self.index.ordered_families():
            roles = self.index.roles_by_family.get(family.id, [])
            if roles:
                maps.append(_Map(
                    self.family_map_path(family.id), "family", family,
                    self.t("map_family_title", name=family.name),
                    self.model.vocabulary_sources.get("families"), roles))
        for dept, depth in self.index.walk():
            if depth != MAP_DEPARTMENT_DEPTH:
                continue
            staffing = self.index.subtree_staffing(dept.id)
            roles = [self.model.roles[r] for r in staffing if r in self.model.roles]
            if not roles:
                continue
            rank = self.index.career_rank
            roles.sort(key=lambda r: (self._family_rank(r.family), rank.get(r.id, 0),
                                      r.title.casefold(), r.id))
            maps.append(_Map(f"map/departments/{dept.id}.md", "department", dept,
                             self.t("map_department_title", name=dept.name), dept.source,
                             roles))
        for subject in maps:
            self._split_map(subject)
        return maps

    def _family_rank(self, family_id: str) -> int:
        for i, family_id_known in enumerate(self.model.families):
            if family_id_known == family_id:
                return i
        return len(self.model.families)

    def _split_map(self, subject: _Map) -> None:
        needed: set[str] = set()
        for role in subject.roles:
            needed.update(req.competency for req in role.requirements)
        columns: list[charts.HeatColumn] = []
        group_labels: dict[str, str] = {}
        for category in self.index.ordered_categories():
            group_labels[category.id] = category.name
            for comp in self.index.competencies_by_category.get(category.id, []):
                if comp.id in needed:
                    columns.append(charts.HeatColumn(
                        comp.id, comp.name, comp.id, category.id,
                        self.scale_max.get(comp.scale, 5)))
        subject.competency_count = len(columns)
        rows = [
            charts.HeatRowInput(
                role.id, role.title, role.id,
                {req.competency: (req.level, req.critical) for req in role.requirements},
                note=str(role.grade),
            )
            for role in subject.roles
        ]
        fill: dict[str, int] = {}
        for row in rows:
            for comp_id in row.levels:
                fill[comp_id] = fill.get(comp_id, 0) + 1
        parts = charts.split_columns(columns, fill, budget=HEATMAP_BUDGET,
                                     max_columns=HEATMAP_MAX_COLUMNS)
        if len(parts) == 1:
            subject.parts = [_MapPart(subject.path, subject.title, parts[0], rows, group_labels)]
            return
        stem = subject.path[: -len(".md")]
        used: dict[str, int] = {}
        for part in parts:
            first_group = part[0].group
            used[first_group] = used.get(first_group, 0) + 1
            slug = first_group if used[first_group] == 1 else f"{first_group}-{used[first_group]}"
            names = list(dict.fromkeys(group_labels.get(c.group, c.group) for c in part))
            label = " · ".join(names)
            if used[first_group] > 1:
                label = f"{label} ({used[first_group]})"
            ids = {c.id for c in part}
            part_rows = [row for row in rows if not ids.isdisjoint(row.levels)]
            subject.parts.append(_MapPart(
                f"{stem}/{slug}.md", f"{subject.title}: {label}", part, part_rows, group_labels,
                label))

    def map_index(self) -> Page:
        return self._render(
            "pages/map_index.md.j2", "map/index.md", None, "map-index",
            title=self.t("map_title"),
            family_maps=[m for m in self.maps if m.kind == "family"],
            department_maps=[m for m in self.maps if m.kind == "department"],
            legend=self._legend(),
        )

    def _legend(self) -> list[dict[str, Any]]:
        """The level colours, named after the most used scale."""
        scale = next(iter(self.model.scales.values()), None)
        if scale is None:
            return []
        return [
            {"level": lv.level, "name": lv.name,
             "bucket": charts.level_bucket(lv.level, max(scale.numbers))}
            for lv in scale.levels
        ]

    def map_pages(self, subject: _Map) -> Iterator[Page]:
        legend = self._legend()
        single = len(subject.parts) == 1
        if not single:
            yield self._render(
                "pages/map.md.j2", subject.path, subject.source, "map",
                title=subject.title, subject=subject, heat=None, part=None, legend=legend)
        for part in subject.parts:
            heat = charts.heatmap(part.rows, part.columns, part.groups)
            yield self._render(
                "pages/map.md.j2", part.path, subject.source, "map",
                title=part.title, subject=subject, heat=heat, part=None if single else part,
                legend=legend)


def _check_ids(model: CompetencyMap) -> None:
    """Ids become file names and URLs: refuse anything but the schema's id pattern."""
    for kind, ids in (
        ("competency", model.competencies),
        ("role", model.roles),
        ("department", model.departments),
        ("family", model.families),
        ("category", model.categories),
    ):
        for identifier in ids:
            if not _ID.match(identifier):
                raise ValueError(f"{kind} id {identifier!r} is not a valid id")
