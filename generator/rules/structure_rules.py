"""Rules about the shape of the organisation: hierarchies without loops, profiles without repeats."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence

from generator.rules.context import Context, Finding, Rule


def reporting_lines_do_not_loop(ctx: Context) -> Iterator[Finding]:
    roles = ctx.model.roles
    for role_id, chain in _loops({r: roles[r].reports_to for r in roles}):
        yield Finding(roles[role_id].source.path, ("reports_to",), "R307",
                      "The reporting line loops: " + " → ".join(chain) + ".",
                      "A role cannot report, directly or indirectly, to itself: fix one `reports_to`.")


def departments_form_a_tree(ctx: Context) -> Iterator[Finding]:
    depts = ctx.model.departments
    roots = [d for d in depts.values() if not d.parent]
    for dept in roots:
        if dept.type != "company":
            yield Finding(dept.source.path, ("parent",), "R308",
                          f"The {dept.type} `{dept.id}` has no `parent`.",
                          "Add `parent:` with the id of the unit it belongs to.")
    companies = [d for d in roots if d.type == "company"]
    for extra in companies[1:]:
        yield Finding(extra.source.path, ("type",), "R308",
                      f"There are several companies: `{companies[0].id}` and `{extra.id}`.",
                      "Only the top of the tree has `type: company`; give this one a parent.")
    for dept_id, chain in _loops({d: depts[d].parent for d in depts}):
        yield Finding(depts[dept_id].source.path, ("parent",), "R308",
                      "The departments' parents loop: " + " → ".join(chain) + ".",
                      "Fix one `parent` so the chain ends at the company.")


def no_repeated_entries(ctx: Context) -> Iterator[Finding]:
    for role in ctx.model.roles.values():
        ids = [req.competency for req in role.requirements]
        for index in _repeats(ids):
            yield Finding(role.source.path, ("competencies", index, "competency"), "R309",
                          f"`{ids[index]}` is listed twice in the competency profile.",
                          "Keep one entry with the level the role needs.")
        if role.id in role.next_roles:
            index = role.next_roles.index(role.id)
            yield Finding(role.source.path, ("next_roles", index), "R309",
                          "A role cannot be its own next role.", "Remove it from `next_roles`.")
    for comp_id, levels in ctx.competency_levels.items():
        comp = ctx.model.competencies.get(comp_id)
        for index in _repeats(levels):
            if comp is not None:
                yield Finding(comp.source.path, ("levels", index, "level"), "R309",
                              f"Level {levels[index]} is described twice.",
                              "Merge the indicators into one entry for that level.")


def _repeats(items: Sequence[Hashable]) -> Iterator[int]:
    seen: set[Hashable] = set()
    for index, item in enumerate(items):
        if item in seen:
            yield index
        seen.add(item)


def _loops(parent_of: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """Each loop once, reported at its alphabetically first member."""
    reported: set[str] = set()
    for start in sorted(parent_of):
        chain, node = [start], parent_of.get(start, "")
        while node and node in parent_of and node not in chain:
            chain.append(node)
            node = parent_of[node]
        if node in chain:
            loop = chain[chain.index(node):]
            first = min(loop)
            if first not in reported:
                reported.add(first)
                at = loop.index(first)
                ordered = loop[at:] + loop[:at]
                yield first, [*ordered, first]


#: This module's rules, in the order they run (`rule_table.py` lists the modules).
RULES = (
    Rule("R307", "reporting lines do not loop", reporting_lines_do_not_loop),
    Rule("R308", "departments form one tree under the company", departments_form_a_tree),
    Rule("R309", "a profile or level list names each entry once", no_repeated_entries),
)
