"""Rules of the competency map itself: ids, references, levels, hierarchies."""

from __future__ import annotations

from collections.abc import Iterator

from generator.problems import Severity, clip
from generator.rules.context import Context, Finding, Rule


def id_matches_file_name(ctx: Context) -> Iterator[Finding]:
    for path, _kind, stem, written in ctx.written_ids:
        if written != stem:
            # A file name is not checked by the schema: it may be of any length.
            name = clip(stem)
            yield Finding(path, ("id",), "R301", f"The id `{written}` differs from the file name `{name}`.",
                          f"Rename the file to `{written}.yml`, or change the id to `{name}`.")


def unique_ids(ctx: Context) -> Iterator[Finding]:
    seen: dict[tuple[str, str], str] = {}
    for path, kind, stem, _written in ctx.written_ids:
        if (kind, stem) in seen:
            yield Finding(path, ("id",), "R302", f"Another file also defines the {kind} `{clip(stem)}`: "
                          f"`{seen[kind, stem]}`.", "Keep one of the two files.")
        seen.setdefault((kind, stem), path)
    for path, key, ids in ctx.listed_ids:
        yield from _repeated(ids, path, key)


def _repeated(ids: list[str], path: str, key: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            yield Finding(path, (key, index, "id"), "R302", f"The id `{ident}` is listed twice.",
                          "Give each entry its own id, or merge the two entries.")
        seen.add(ident)


def references_resolve(ctx: Context) -> Iterator[Finding]:
    model = ctx.model
    for comp in model.competencies.values():
        path = comp.source.path
        yield from ctx.unknown(path, ("category",), "category", comp.category)
        yield from ctx.unknown(path, ("scale",), "scale", comp.scale)
    for role in model.roles.values():
        path = role.source.path
        yield from ctx.unknown(path, ("family",), "family", role.family)
        if role.reports_to:
            yield from ctx.unknown(path, ("reports_to",), "role", role.reports_to)
        for index, nxt in enumerate(role.next_roles):
            yield from ctx.unknown(path, ("next_roles", index), "role", nxt)
        for area in role.responsibilities:
            yield from ctx.unknown(path, ("responsibilities", area), "area", area)
        for index, req in enumerate(role.requirements):
            yield from ctx.unknown(path, ("competencies", index, "competency"), "competency", req.competency)
    for dept in model.departments.values():
        path = dept.source.path
        if dept.parent:
            yield from ctx.unknown(path, ("parent",), "department", dept.parent)
        for role_id in dept.staffing:
            yield from ctx.unknown(path, ("staffing", role_id), "role", role_id)
    gov = model.governance
    if gov.source is not None:
        for key, ids in (("model_owners", gov.model_owners), ("plan_approvers", gov.plan_approvers)):
            for index, ident in enumerate(ids):
                yield from ctx.unknown(gov.source.path, (key, index), "group", ident)


def scale_levels_in_order(ctx: Context) -> Iterator[Finding]:
    for scale in ctx.model.scales.values():
        expected = tuple(range(1, len(scale.levels) + 1))
        if scale.numbers != expected:
            yield Finding(scale.source.path, ("levels",), "R304",
                          f"The levels are numbered {', '.join(map(str, scale.numbers))}.",
                          f"Number them {', '.join(map(str, expected))}, from lowest to highest.")


def levels_on_scale(ctx: Context) -> Iterator[Finding]:
    model = ctx.model
    for stem, comp in model.competencies.items():
        scale = model.scales.get(comp.scale)
        if scale is None:
            continue
        for index, level in enumerate(ctx.competency_levels.get(stem, [])):
            if level not in scale.numbers:
                yield Finding(comp.source.path, ("levels", index, "level"), "R305",
                              f"Level {level} is not on the scale `{scale.id}`.",
                              f"Use one of its levels: {_levels(scale.numbers)}.")
    for role in model.roles.values():
        for index, req in enumerate(role.requirements):
            required = model.competencies.get(req.competency)
            scale = model.scales.get(required.scale) if required else None
            if scale is not None and req.level not in scale.numbers:
                yield Finding(role.source.path, ("competencies", index, "level"), "R305",
                              f"Level {req.level} is not on the scale of `{req.competency}`.",
                              f"Use one of its levels: {_levels(scale.numbers)}.")


def required_levels_described(ctx: Context) -> Iterator[Finding]:
    model = ctx.model
    for role in model.roles.values():
        for index, req in enumerate(role.requirements):
            comp = model.competencies.get(req.competency)
            scale = model.scales.get(comp.scale) if comp else None
            if comp and scale and req.level in scale.numbers and req.level not in comp.indicators:
                yield Finding(role.source.path, ("competencies", index, "level"), "R306",
                              f"`{comp.id}` has no behavioural indicators for level {req.level}.",
                              f"Describe level {req.level} in `{comp.source.path}` so people can "
                              "see what is expected.", Severity.WARNING)


def _levels(numbers: tuple[int, ...]) -> str:
    return ", ".join(map(str, numbers))


#: This module's rules, in the order they run (`rule_table.py` lists the modules).
RULES = (
    Rule("R301", "an entity's id equals its file name", id_matches_file_name),
    Rule("R302", "ids are unique", unique_ids),
    Rule("R303", "every reference resolves", references_resolve),
    Rule("R304", "a scale's levels are numbered 1, 2, 3 … in order", scale_levels_in_order),
    Rule("R305", "levels exist on the competency's scale", levels_on_scale),
    Rule("R306", "a competency describes every level a role requires", required_levels_described),
)
