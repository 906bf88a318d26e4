"""Indexes over the competency map, computed once.

Pages need many cross-references: the roles that require a competency, the roles of a
family, a department's sub-units, where a role is staffed. `SiteIndex` computes them all in
one pass over the model, so rendering a page never scans every role or competency again
(the site stays linear in the size of the company).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.model.competency_map import Competency, CompetencyMap, Department, Requirement, Role, Term

# The order sub-units are listed in under their parent.
DEPARTMENT_TYPE_ORDER = {"company": 0, "region": 1, "branch": 2, "function": 3, "team": 4}


@dataclass(frozen=True)
class RoleRequirement:
    """A role that requires a competency, and how."""

    role: Role
    requirement: Requirement


@dataclass
class SiteIndex:
    """Cross-references over one model. Build with `SiteIndex.of(model)`."""

    model: CompetencyMap
    roles_by_competency: dict[str, list[RoleRequirement]] = field(default_factory=dict)
    competencies_by_category: dict[str, list[Competency]] = field(default_factory=dict)
    roles_by_family: dict[str, list[Role]] = field(default_factory=dict)
    predecessors: dict[str, list[Role]] = field(default_factory=dict)
    direct_reports: dict[str, list[Role]] = field(default_factory=dict)
    children: dict[str, list[Department]] = field(default_factory=dict)
    roots: list[Department] = field(default_factory=list)
    staffed_in: dict[str, list[tuple[Department, int]]] = field(default_factory=dict)
    subtree_headcount: dict[str, int] = field(default_factory=dict)
    headcount_by_role: dict[str, int] = field(default_factory=dict)
    career_rank: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, model: CompetencyMap) -> SiteIndex:
        index = cls(model)
        index._index_roles()
        index._index_competencies()
        index._index_departments()
        return index

    # -- vocabularies -------------------------------------------------------------------

    def category(self, category_id: str) -> Term:
        return self.model.categories.get(category_id) or Term(category_id, category_id)

    def family(self, family_id: str) -> Term:
        return self.model.families.get(family_id) or Term(family_id, family_id)

    def area(self, area_id: str) -> Term:
        return self.model.areas.get(area_id) or Term(area_id, area_id)

    def ordered_families(self) -> list[Term]:
        """Families in `families.yml` order, then any unknown family ids that roles use."""
        return _ordered_terms(self.model.families, self.roles_by_family)

    def ordered_categories(self) -> list[Term]:
        return _ordered_terms(self.model.categories, self.competencies_by_category)

    def ordered_areas(self, area_ids: Iterable[str]) -> list[Term]:
        """The given responsibility areas in `areas.yml` order (unknown ones last)."""
        wanted = list(dict.fromkeys(area_ids))
        known = [term for term_id, term in self.model.areas.items() if term_id in wanted]
        unknown = [Term(a, a) for a in wanted if a not in self.model.areas]
        return known + unknown

    # -- roles --------------------------------------------------------------------------

    def _index_roles(self) -> None:
        self.career_rank = _career_ranks(self.model.roles)
        rank = self.career_rank

        def role_order(role: Role) -> tuple[int, tuple[tuple[int, str], ...], str, str]:
            return (rank.get(role.id, 0), _natural(str(role.grade)), role.title.casefold(), role.id)

        by_competency: dict[str, list[RoleRequirement]] = defaultdict(list)
        by_family: dict[str, list[Role]] = defaultdict(list)
        predecessors: dict[str, list[Role]] = defaultdict(list)
        reports: dict[str, list[Role]] = defaultdict(list)
        for role in self.model.roles.values():
            by_family[role.family].append(role)
            for req in role.requirements:
                by_competency[req.competency].append(RoleRequirement(role, req))
            for next_id in dict.fromkeys(role.next_roles):
                predecessors[next_id].append(role)
            if role.reports_to:
                reports[role.reports_to].append(role)
        for entries in by_competency.values():
            entries.sort(key=lambda e: (e.requirement.level, e.role.title.casefold(), e.role.id))
        self.roles_by_competency = dict(by_competency)
        self.roles_by_family = {
            family: sorted(roles, key=role_order) for family, roles in by_family.items()
        }
        self.predecessors = {k: sorted(v, key=role_order) for k, v in predecessors.items()}
        self.direct_reports = {k: sorted(v, key=role_order) for k, v in reports.items()}

    def requirements_of(self, competency_id: str) -> list[RoleRequirement]:
        return self.roles_by_competency.get(competency_id, [])

    # -- competencies -------------------------------------------------------------------

    def _index_competencies(self) -> None:
        by_category: dict[str, list[Competency]] = defaultdict(list)
        for comp in self.model.competencies.values():
            by_category[comp.category].append(comp)
        self.competencies_by_category = {
            cat: sorted(comps, key=lambda c: (c.name.casefold(), c.id))
            for cat, comps in by_category.items()
        }

    # -- departments --------------------------------------------------------------------

    def _index_departments(self) -> None:
        departments = self.model.departments
        children: dict[str, list[Department]] = defaultdict(list)
        roots: list[Department] = []
        staffed: dict[str, list[tuple[Department, int]]] = defaultdict(list)
        by_role: dict[str, int] = defaultdict(int)
        for dept in departments.values():
            if dept.parent and dept.parent in departments and dept.parent != dept.id:
                children[dept.parent].append(dept)
            else:
                roots.append(dept)
            for role_id, count in dept.staffing.items():
                staffed[role_id].append((dept, count))
                by_role[role_id] += count
        for subs in children.values():
            subs.sort(key=_department_order)
        roots.sort(key=_department_order)
        # Units in a parent cycle are reachable from no root: show them as roots.
        reached: set[str] = set()
        stack = [d.id for d in roots]
        while stack:
            current = stack.pop()
            if current in reached:
                continue
            reached.add(current)
            stack.extend(child.id for child in children.get(current, ()))
        for dept in departments.values():
            if dept.id not in reached:
                roots.append(dept)
                reached.add(dept.id)
                stack = [dept.id]
                while stack:
                    current = stack.pop()
                    for child in children.get(current, ()):
                        if child.id not in reached:
                            reached.add(child.id)
                            stack.append(child.id)
        self.children = dict(children)
        self.roots = roots
        self.staffed_in = {
            role_id: sorted(places, key=lambda p: (p[0].name.casefold(), p[0].id))
            for role_id, places in staffed.items()
        }
        self.headcount_by_role = dict(by_role)
        totals: dict[str, int] = {}
        for dept_id in self.walk_ids(reverse=True):
            dept = departments[dept_id]
            totals[dept_id] = dept.headcount + sum(
                totals.get(child.id, 0) for child in children.get(dept_id, ())
            )
        self.subtree_headcount = totals

    def walk(self) -> list[tuple[Department, int]]:
        """Every department once, parents before children, with its depth in the tree."""
        order: list[tuple[Department, int]] = []
        seen: set[str] = set()
        stack: list[tuple[Department, int]] = [(d, 0) for d in reversed(self.roots)]
        while stack:
            dept, depth = stack.pop()
            if dept.id in seen:
                continue
            seen.add(dept.id)
            order.append((dept, depth))
            for child in reversed(self.children.get(dept.id, ())):
                stack.append((child, depth + 1))
        return order

    def walk_ids(self, *, reverse: bool = False) -> list[str]:
        ids = [dept.id for dept, _ in self.walk()]
        return ids[::-1] if reverse else ids

    def subtree(self, dept_id: str) -> list[Department]:
        """A department and every unit below it."""
        result: list[Department] = []
        seen: set[str] = set()
        stack = [dept_id]
        while stack:
            current = stack.pop()
            if current in seen or current not in self.model.departments:
                continue
            seen.add(current)
            result.append(self.model.departments[current])
            stack.extend(child.id for child in reversed(self.children.get(current, ())))
        return result

    def subtree_staffing(self, dept_id: str) -> dict[str, int]:
        """Headcount per role over a department and every unit below it."""
        totals: dict[str, int] = defaultdict(int)
        for dept in self.subtree(dept_id):
            for role_id, count in dept.staffing.items():
                totals[role_id] += count
        return dict(totals)

    def ancestors(self, dept_id: str) -> list[Department]:
        """The chain of parents from the top of the tree down to (not including) this unit."""
        chain: list[Department] = []
        seen = {dept_id}
        current = self.model.departments.get(dept_id)
        while current and current.parent and current.parent not in seen:
            seen.add(current.parent)
            parent = self.model.departments.get(current.parent)
            if parent is None:
                break
            chain.append(parent)
            current = parent
        return chain[::-1]


def _career_ranks(roles: dict[str, Role]) -> dict[str, int]:
    """Steps from the start of a career path: entry roles 0, their next roles 1, and so on.

    Entry roles are those no role leads to; roles only reachable through a loop get the
    rank after the highest.
    """
    targets = {n for role in roles.values() for n in role.next_roles}
    frontier = [rid for rid in roles if rid not in targets]
    ranks: dict[str, int] = {}
    depth = 0
    while frontier:
        following: list[str] = []
        for rid in frontier:
            if rid in ranks:
                continue
            ranks[rid] = depth
            following.extend(n for n in roles[rid].next_roles if n in roles and n not in ranks)
        frontier = following
        depth += 1
    for rid in roles:
        ranks.setdefault(rid, depth)
    return ranks


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that puts `M2` before `M10`."""
    return tuple(
        (int(part), "") if part.isdigit() else (0, part.casefold())
        for part in re.findall(r"\d+|\D+", text)
    )


def _department_order(dept: Department) -> tuple[int, str, str]:
    return (DEPARTMENT_TYPE_ORDER.get(dept.type, 9), dept.name.casefold(), dept.id)


def _ordered_terms(known: Mapping[str, Term], used: Mapping[str, object]) -> list[Term]:
    terms = list(known.values())
    terms.extend(Term(term_id, term_id) for term_id in used if term_id not in known)
    return terms
