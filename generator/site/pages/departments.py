"""The department tree and a page per unit: its place in the tree, its staffing by role,
what the open cycle asks of it, and its training needs in each cycle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator import paths
from generator.model.cycles import Cycle, Submission
from generator.site.empty_states import sample
from generator.site.needs_due import needs_due
from generator.site.renderer import Page, Renderer


@dataclass(frozen=True)
class CycleRow:
    """The department's needs in one cycle: sent (with people and gap), missing or due."""

    cycle: Cycle
    submission: Submission | None
    page: str
    people: int
    weighted_gap: int
    overdue: bool


def department_index(r: Renderer) -> Page:
    return r.page(
        "pages/department_index.md.j2", paths.DEPARTMENT_INDEX, None, "department-index",
        title=r.t("departments_title"), tree=r.index.walk(), totals=r.index.subtree_headcount,
        company_total=sum(d.headcount for d in r.model.departments.values()),
        sample=sample(r.model, r.today),
    )


def department(r: Renderer, dept_id: str, maps: Mapping[str, str]) -> Page:
    """`maps`: the company map page of each department that has one."""
    model, index = r.model, r.index
    dept = model.departments[dept_id]
    staffing = [(role_id, model.roles.get(role_id), count)
                for role_id, count in dept.staffing.items()]
    staffing.sort(key=lambda s: (index.career_rank.get(s[0], 0),
                                 s[1].title.casefold() if s[1] else s[0]))
    return r.page(
        "pages/department.md.j2", paths.department_page(dept_id), dept.source, "department",
        title=dept.name, dept=dept, staffing=staffing, children=index.children.get(dept_id, []),
        parent=model.departments.get(dept.parent) if dept.parent else None,
        ancestors=index.ancestors(dept_id),
        totals=index.subtree_headcount,
        subtree_total=index.subtree_headcount.get(dept_id, dept.headcount),
        families={role.family for _, role, _ in staffing if role},
        map_path=maps.get(dept_id, ""),
        cycles=department_cycles(r, dept_id),
        due=needs_due(model, r.today, r.settings.guides, dept_id),
    )


def department_cycles(r: Renderer, dept_id: str) -> list[CycleRow]:
    """The department's needs in each cycle, newest first: link, people, gap."""
    rows = []
    for cycle in sorted(r.model.cycles.values(), key=lambda c: (c.start, c.id), reverse=True):
        sub = cycle.submissions.get(dept_id)
        if sub is None and not any(r.model.departments[dept_id].staffing.values()):
            continue  # not asked: nobody in the department holds a role
        rows.append(CycleRow(
            cycle, sub, paths.needs_page(cycle.id, dept_id) if sub else "",
            sum(n.headcount for n in sub.needs) if sub else 0,
            sum(n.weighted_gap for n in sub.needs) if sub else 0,
            sub is None and r.today.isoformat() > cycle.needs_due))
    return rows
