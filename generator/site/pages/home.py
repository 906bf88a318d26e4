"""The home page: the map in numbers, the current training priorities, the job families,
the guides."""

from __future__ import annotations

from generator import paths
from generator.analysis.plan_decision import priority_figures
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
    # The priorities of the cycle staff see everywhere else (`CycleIndex.current`).
    current = r.cycles.current
    priorities = [(f.priority, r.views.competency_name(f.priority.competency))
                  for f in priority_figures(current)] if current else []
    return r.page(
        "pages/home.md.j2", paths.HOME, None, "home",
        title=r.settings.site_name or r.t("home_title"), counts=counts, guides=r.settings.guides,
        families=[(f, len(index.roles_by_family.get(f.id, []))) for f in index.ordered_families()],
        priority_cycle=current if priorities else None, priorities=priorities,
    )
