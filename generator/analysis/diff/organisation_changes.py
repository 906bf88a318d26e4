"""Changes in meaning of the organisation around the map: departments (tree, heads,
staffing), the vocabularies, and governance (approver groups, who owns and approves)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.analysis.diff.changes import Change, Detail, Group, detail, details, listed, reworded
from generator.model.competency_map import CompetencyMap, Department, Term
from generator.paths import (
    COMPETENCY_INDEX,
    DEPARTMENT_INDEX,
    GOVERNANCE,
    MAP_DIR,
    MAP_INDEX,
    ROLE_INDEX,
    address,
    department_page,
    entity_folder,
)

COMPETENCIES, ROLES = address(COMPETENCY_INDEX), address(ROLE_INDEX)
DEPARTMENTS = address(DEPARTMENT_INDEX)


def compare_organisation(base: CompetencyMap, head: CompetencyMap) -> list[Group]:
    return [
        Group("Departments", f"{entity_folder('department')}/", list(_departments(base, head))),
        Group("Vocabularies", f"{MAP_DIR}/", list(_vocabularies(base, head))),
        Group("Governance", GOVERNANCE, list(_governance(base, head))),
    ]


def _departments(base: CompetencyMap, head: CompetencyMap) -> Iterator[Change]:
    old, new = base.departments, head.departments
    for did in (d for d in new if d not in old):
        dept = new[did]
        yield Change("added", dept.name, details(
            Detail("parent", after=dept.parent or None, code=True),
            Detail("head", after=dept.head.handle, code=True),
            Detail("people", after=str(dept.headcount))), (address(department_page(did)), DEPARTMENTS))
    for did in (d for d in old if d not in new):
        yield Change("removed", old[did].name, (), (address(department_page(did)), DEPARTMENTS))
    for did in (d for d in new if d in old):
        a, b = old[did], new[did]
        found = details(
            detail("name", a.name, b.name), detail("type", a.type, b.type, True),
            detail("parent", a.parent, b.parent, True), detail("head", a.head.name, b.head.name),
            detail("head's handle", a.head.handle, b.head.handle, True),
            detail("location", a.location, b.location), reworded("description", a.description, b.description),
            *_staffing(a, b, head))
        if found:
            pages: tuple[str, ...] = (address(department_page(did)),)
            if a.name != b.name or a.parent != b.parent:
                pages += (DEPARTMENTS,)
            verb = "moved" if a.parent != b.parent else "renamed" if a.name != b.name else "changed"
            yield Change(verb, b.name, found, pages)


def _staffing(a: Department, b: Department, head: CompetencyMap) -> Iterator[Detail]:
    for rid in dict.fromkeys([*a.staffing, *b.staffing]):
        role = head.roles.get(rid)
        found = detail(f"staffing of {role.title if role else rid}", a.staffing.get(rid),
                       b.staffing.get(rid))
        if found is not None:
            yield found


def _vocabularies(base: CompetencyMap, head: CompetencyMap) -> Iterator[Change]:
    for label, a, b, pages in (
            ("Competency categories", base.categories, head.categories, (COMPETENCIES,)),
            ("Job families", base.families, head.families, (ROLES, address(MAP_INDEX))),
            ("Responsibility areas", base.areas, head.areas, (ROLES,))):
        found = _terms(a, b)
        if found:
            yield Change("changed", label, found, pages)


def _terms(a: dict[str, Term], b: dict[str, Term]) -> tuple[Detail, ...]:
    found = list(listed("entries", list(a), list(b)))
    for tid in (t for t in b if t in a):
        found += details(detail(f"name of `{tid}`", a[tid].name, b[tid].name),
                         reworded(f"description of `{tid}`", a[tid].description, b[tid].description))
    return tuple(found)


def _governance(base: CompetencyMap, head: CompetencyMap) -> Iterator[Change]:
    a, b = base.governance, head.governance
    old, new = {g.id: g for g in a.groups}, {g.id: g for g in b.groups}
    note = (Detail("CODEOWNERS changes: run `cmap codeowners`"),)
    for gid in dict.fromkeys([*new, *old]):
        x, y = old.get(gid), new.get(gid)
        if x is None or y is None:
            group = y or x
            assert group is not None
            members = Detail("members", after=", ".join(group.members), code=True)
            yield Change("added" if x is None else "removed", f"approver group {group.name}",
                         (members,) if x is None else ())
            continue
        found = details(detail("name", x.name, y.name), *listed("members", x.members, y.members))
        if found:
            yield Change("changed", f"approver group {y.name}", found + note)
    found = details(*listed("model owners", a.model_owners, b.model_owners),
                    *listed("plan approvers", a.plan_approvers, b.plan_approvers))
    if found:
        yield Change("changed", "who owns the map and approves plans", found + note)
