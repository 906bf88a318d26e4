"""The roles by job family, a page per role (its responsibilities, its competency profile
as a chart and a table, the career path to the next roles, where it is staffed, its current
needs), and its printable assessment worksheet."""

from __future__ import annotations

from generator import paths
from generator.analysis.career import career_step
from generator.site import charts
from generator.site.empty_states import sample
from generator.site.pages.changes import recent_changes
from generator.site.pages.competencies import current_needs
from generator.site.renderer import Page, Renderer
from generator.site.views import requirement_view, step_view

#: Empty person columns on the printed worksheet (the CSV has its own, assessment.PERSONS).
WORKSHEET_PERSONS = 6


def role_index(r: Renderer) -> Page:
    groups = [(family, r.index.roles_by_family.get(family.id, []))
              for family in r.index.ordered_families()]
    return r.page(
        "pages/role_index.md.j2", paths.ROLE_INDEX, r.model.vocabulary_sources.get("families"),
        "role-index", title=r.t("roles_title"),
        groups=[(f, roles) for f, roles in groups if roles or f.id in r.model.families],
        headcount=r.index.headcount_by_role, sample=sample(r.model, r.today),
    )


def role(r: Renderer, role_id: str) -> Page:
    model = r.model
    item = model.roles[role_id]
    areas = [(area, item.responsibilities[area.id])
             for area in r.index.ordered_areas(item.responsibilities)]
    profile = [requirement_view(model, r.index, r.levels, req) for req in item.requirements]
    chart = charts.bar_chart(
        [charts.BarInput(label=row.name, level=row.level, maximum=row.maximum,
                         critical=row.critical, level_name=row.level_name) for row in profile],
        marker="★",
    )
    steps = [step_view(model, r.index, r.levels, career_step(item, model.roles[next_id]))
             for next_id in dict.fromkeys(item.next_roles) if next_id in model.roles]
    needs = current_needs(r, r.cycles.needs_by_role.get(role_id, []))
    return r.page(
        "pages/role.md.j2", paths.role_page(role_id), item.source, "role",
        title=item.title, role=item, family=r.index.family(item.family),
        suggest_url=r.suggest_change_url(item.source, item.title),
        areas=areas, profile=profile, chart=chart, steps=steps,
        expects=any(row.expectations for row in profile),
        reports_to=model.roles.get(item.reports_to) if item.reports_to else None,
        direct_reports=r.index.direct_reports.get(role_id, []),
        predecessors=r.index.predecessors.get(role_id, []),
        staffed_in=r.index.staffed_in.get(role_id, []),
        headcount=r.index.headcount_by_role.get(role_id, 0),
        critical_count=sum(1 for req in item.requirements if req.critical),
        map_path=paths.family_map_page(item.family),
        worksheet=paths.worksheet_page(role_id),
        current=r.cycles.current, current_needs=needs.shown, more_needs=needs.more,
        recent=recent_changes(r, paths.role_page(role_id)),
    )


def worksheet(r: Renderer, role_id: str) -> Page:
    """The printable assessment worksheet of a role (the CSV is under downloads/)."""
    item = r.model.roles[role_id]
    rows = [requirement_view(r.model, r.index, r.levels, req, with_indicators=True)
            for req in item.requirements]
    return r.page(
        "pages/worksheet.md.j2", paths.worksheet_page(role_id), item.source, "worksheet",
        title=r.t("worksheet_title", role=item.title), role=item, rows=rows,
        expects=any(row.expectations for row in rows),
        csv=paths.worksheet_download(role_id), persons=WORKSHEET_PERSONS,
    )
