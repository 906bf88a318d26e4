"""The competency map's changes in meaning: competencies, role profiles and scales, each
with the site pages it affects (departments, vocabularies and governance: `organisation_changes`)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.analysis.diff.changes import Change, Detail, Group, detail, details, listed, reworded
from generator.analysis.diff.organisation_changes import compare_organisation
from generator.model.competency_map import Competency, CompetencyMap, Role
from generator.paths import (
    COMPETENCY_INDEX,
    ROLE_INDEX,
    address,
    competency_page,
    entity_folder,
    family_map_page,
    role_page,
)

COMPETENCIES, ROLES = address(COMPETENCY_INDEX), address(ROLE_INDEX)


def compare_map(base: CompetencyMap, head: CompetencyMap) -> list[Group]:
    return [
        Group("Competencies", f"{entity_folder('competency')}/", list(_competencies(base, head))),
        Group("Role profiles", f"{entity_folder('role')}/", list(_roles(base, head))),
        Group("Scales", f"{entity_folder('scale')}/", list(_scales(base, head))),
        *compare_organisation(base, head),
    ]


def _competencies(base: CompetencyMap, head: CompetencyMap) -> Iterator[Change]:
    old, new = base.competencies, head.competencies
    gone = [c for c in old if c not in new]
    came = [c for c in new if c not in old]
    for was in list(gone):  # an id renamed: the same competency under another file name
        same = next((c for c in came if _same_content(old[was], new[c])), None)
        if same is not None:
            gone.remove(was)
            came.remove(same)
            yield Change("renamed", new[same].name, (Detail("id", was, same, code=True),),
                         (address(competency_page(same)), COMPETENCIES))
    for cid in came:
        comp = new[cid]
        yield Change("added", comp.name, details(
            Detail("category", after=comp.category, code=True),
            Detail("levels described", after=_levels(comp))), (address(competency_page(cid)), COMPETENCIES))
    for cid in gone:
        yield Change("removed", old[cid].name, (), (address(competency_page(cid)), COMPETENCIES))
    for cid in (c for c in new if c in old):
        a, b = old[cid], new[cid]
        found = details(detail("name", a.name, b.name), detail("category", a.category, b.category, True),
                        detail("scale", a.scale, b.scale, True), detail("owner", a.owner, b.owner, True),
                        reworded("description", a.description, b.description),
                        *_indicators(a, b))
        if not found:
            continue
        verb = "renamed" if a.name != b.name else "reworded" if any(
            d.label.startswith(("description", "level")) for d in found) else "changed"
        pages: tuple[str, ...] = (address(competency_page(cid)),)
        if a.name != b.name or a.category != b.category:
            pages += (COMPETENCIES,)
        yield Change(verb, b.name, found, pages)


def _same_content(a: Competency, b: Competency) -> bool:
    return a.name == b.name or (a.description == b.description and a.indicators == b.indicators)


def _levels(comp: Competency) -> str:
    return ", ".join(str(n) for n in sorted(comp.indicators)) or "none"


def _indicators(a: Competency, b: Competency) -> Iterator[Detail]:
    for level in sorted(set(a.indicators) | set(b.indicators)):
        old, new = a.indicators.get(level, ()), b.indicators.get(level, ())
        removed = [i for i in old if i not in new]
        added = [i for i in new if i not in old]
        for before, after in zip(removed, added, strict=False):
            yield Detail(f"level {level} indicator", _short(before), _short(after))
        for text in removed[len(added):]:
            yield Detail(f"level {level} indicator removed", before=_short(text))
        for text in added[len(removed):]:
            yield Detail(f"level {level} indicator added", after=_short(text))


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _roles(base: CompetencyMap, head: CompetencyMap) -> Iterator[Change]:
    old, new = base.roles, head.roles
    for rid in (r for r in new if r not in old):
        role = new[rid]
        yield Change("added", role.title, details(
            Detail("family", after=role.family, code=True), Detail("grade", after=role.grade or None),
            Detail("required competencies", after=str(len(role.requirements)))),
            (address(role_page(rid)), ROLES, address(family_map_page(role.family))))
    for rid in (r for r in old if r not in new):
        yield Change("removed", old[rid].title, (), (address(role_page(rid)), ROLES,
                                                    address(family_map_page(old[rid].family))))
    for rid in (r for r in new if r in old):
        yield from _role(old[rid], new[rid], head)


def _role(a: Role, b: Role, head: CompetencyMap) -> Iterator[Change]:
    found = details(
        detail("title", a.title, b.title), detail("family", a.family, b.family, True),
        detail("grade", a.grade, b.grade), detail("reports to", a.reports_to, b.reports_to, True),
        reworded("summary", a.summary, b.summary),
        *listed("next roles", a.next_roles, b.next_roles),
        *(detail(f"responsibilities in `{area}`", len(a.responsibilities.get(area, ())),
                 len(b.responsibilities.get(area, ())))
          or reworded(f"responsibilities in `{area}`", "\n".join(a.responsibilities.get(area, ())),
                      "\n".join(b.responsibilities.get(area, ())))
          for area in dict.fromkeys([*a.responsibilities, *b.responsibilities])))
    own, family_map = address(role_page(b.id)), address(family_map_page(b.family))
    if found:
        pages = (own, ROLES, family_map) if a.title != b.title or a.family != b.family else (own,)
        yield Change("renamed" if a.title != b.title else "changed", b.title, found, pages)
    before = {r.competency: r for r in a.requirements}
    after = {r.competency: r for r in b.requirements}
    for cid in dict.fromkeys([*after, *before]):
        name = _competency_name(head, cid)
        subject = f"{b.title} requires {name}"
        pages = (own, address(competency_page(cid)), family_map)
        was, now = before.get(cid), after.get(cid)
        if was is None and now is not None:
            yield Change("added", subject, details(Detail("level", after=str(now.level)),
                                                   Detail("critical") if now.critical else None), pages)
        elif now is None and was is not None:
            yield Change("removed", subject, (Detail("level", before=str(was.level)),), pages)
        elif was is not None and now is not None:
            found = details(detail("level", was.level, now.level),
                            detail("critical", was.critical, now.critical),
                            reworded("expectations", "\n".join(was.expectations),
                                     "\n".join(now.expectations)))
            if found:
                verb = ("raised" if now.level > was.level else
                        "lowered" if now.level < was.level else "changed")
                yield Change(verb, subject, found, pages)


def _competency_name(model: CompetencyMap, cid: str) -> str:
    comp = model.competencies.get(cid)
    return comp.name if comp else cid


def _scales(base: CompetencyMap, head: CompetencyMap) -> Iterator[Change]:
    for sid in dict.fromkeys([*head.scales, *base.scales]):
        a, b = base.scales.get(sid), head.scales.get(sid)
        if a is None or b is None:
            scale = b or a
            assert scale is not None
            yield Change("added" if a is None else "removed", scale.name,
                         (Detail("levels", after=str(len(scale.levels))),) if a is None else (),
                         (COMPETENCIES,))
            continue
        found = [detail("name", a.name, b.name), reworded("description", a.description, b.description)]
        for number in sorted(set(a.numbers) | set(b.numbers)):
            x, y = a.level(number), b.level(number)
            found += [detail(f"level {number}", x.name if x else None, y.name if y else None),
                      reworded(f"meaning of level {number}", x.description if x else "",
                               y.description if y else "") if x and y else None]
        if any(found):
            yield Change("changed", b.name, details(*found), (COMPETENCIES,))
