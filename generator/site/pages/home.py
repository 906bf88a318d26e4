"""The home page: the map in numbers, the needs due, the job families, the guides."""

from __future__ import annotations

from generator import paths
from generator.site.needs_due import needs_due
from generator.site.renderer import Page, Renderer


def home(r: Renderer) -> Page:
    model, index = r.model, r.index
    counts = {
        "competencies": len(model.competencies),
        "categories": len(index.ordered_categories()),
        "roles": len(model.roles),
        "families": len(index.ordered_families()),
        "departments": len(model.departments),
        "headcount": sum(d.headcount for d in model.departments.values()),
    }
    return r.page(
        "pages/home.md.j2", paths.HOME, None, "home",
        title=r.settings.site_name or r.t("home_title"), counts=counts, guides=r.settings.guides,
        families=[(f, len(index.roles_by_family.get(f.id, []))) for f in index.ordered_families()],
        due=needs_due(model, r.today, r.settings.guides),
    )
