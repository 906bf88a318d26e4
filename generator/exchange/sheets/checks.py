"""What the rows state, checked against each other and the repository, each at its cell.

An id a cell refers to must be listed by its own sheet or be in the repository already
(a competency in a profile, the category of a competency, a role's family …); a level must
be on the scale of its competency (the scale as the workbook states it, or as the
repository has it); a role or scale that the workbook adds must come with what its file
needs (a role its profile and responsibilities, a scale two levels or more); and a company
the workbook adds must not make a second top unit beside the repository's own (the one
`cmap init` writes, say), since the import never deletes that file.
"""

from __future__ import annotations

from difflib import get_close_matches

from generator.exchange.sheets.documents import Keyed, Stated
from generator.exchange.sheets.tables import BY_NAME, ID_SHEETS, schema_property
from generator.model.competency_map import CompetencyMap
from generator.problems import clip

#: The workbook's tables of ids that are entity files, and their kinds.
ENTITIES = {"competencies": "competency", "roles": "role", "departments": "department",
            "scales": "scale"}
#: The tables of ids that are entries of a vocabulary file.
VOCABULARIES = ("areas", "categories", "families")


def check(stated: Stated, model: CompetencyMap) -> None:
    """Add to `stated.problems` every reference, level and new file that does not hold."""
    known = known_ids(stated, model)
    guesses: dict[tuple[str, str], str] = {}
    for ref in stated.references:
        if ref.value in known[ref.target]:
            continue
        key = (ref.target, ref.value)
        if key not in guesses:
            close = get_close_matches(ref.value, sorted(known[ref.target]), n=1)
            guesses[key] = f"Did you mean `{close[0]}`? " if close else ""
        holder = BY_NAME[ID_SHEETS[ref.target]]
        listed = f"the {holder.name} sheet" if ref.table.sheet else holder.file
        stated.problems.append(ref.table.problem(
            ref.row, ref.column, "I641", f"There is no {_singular(ref.target)} `{clip(ref.value)}`.",
            f"{guesses[key]}Use an id of {listed}, or of the repository."))
    _check_levels(stated, model)
    _check_new(stated, model)
    _check_one_company(stated, model)


def known_ids(stated: Stated, model: CompetencyMap) -> dict[str, set[str]]:
    """The ids each table may refer to: those its own sheet lists, and the repository's."""
    known: dict[str, set[str]] = {}
    for table, kind in ENTITIES.items():
        listed = {ident for (k, ident), given in stated.given.items() if k == kind and given.listed_in}
        known[table] = listed | set(getattr(model, table))
    for table in VOCABULARIES:
        given = stated.given.get((table, ""))
        entries = given.fields.get(table) if given else None
        known[table] = set(getattr(model, table)) | set(entries.items if isinstance(entries, Keyed) else ())
    return known


def _check_levels(stated: Stated, model: CompetencyMap) -> None:
    scales: dict[str, set[int]] = {ident: set(scale.numbers) for ident, scale in model.scales.items()}
    for (kind, ident), given in stated.given.items():
        levels = given.fields.get("levels")
        if kind == "scale" and isinstance(levels, Keyed):
            scales.setdefault(ident, set()).update(levels.items)
    for use in stated.levels:
        stating = stated.given.get(("competency", use.competency))
        known = model.competencies.get(use.competency)
        scale = (stating.fields.get("scale") if stating else None) or (known.scale if known else None)
        numbers = scales.get(scale or "")
        if numbers and use.level not in numbers:
            stated.problems.append(use.table.problem(
                use.row, use.column, "I640", f"Level {use.level} is not on the scale `{scale}` of "
                f"`{use.competency}`.", "Use one of its levels: "
                + ", ".join(map(str, sorted(numbers))) + "."))


def _check_new(stated: Stated, model: CompetencyMap) -> None:
    least = schema_property("scale", "levels").get("minItems", 2)
    for (kind, ident), given in stated.given.items():
        if given.at is None:
            continue
        table, row = given.at
        missing = []
        if kind == "role" and ident not in model.roles:
            missing = [sheet for sheet, field in (("Profiles", "competencies"),
                                                  ("Responsibilities", "responsibilities"))
                       if not isinstance(given.fields.get(field), Keyed)]
        if missing:
            stated.problems.append(table.problem(
                row, 0, "I646", f"`{ident}` is a new role, and the {' and '.join(missing)} "
                f"sheet{'s have' if len(missing) > 1 else ' has'} no row for it.",
                "A role needs its competencies (Profiles) and its responsibilities per area "
                "(Responsibilities): add its rows there."))
        levels = given.fields.get("levels")
        if kind == "scale" and ident not in model.scales and isinstance(levels, Keyed) \
                and len(levels.items) < least:
            stated.problems.append(table.problem(
                row, 0, "I646", f"`{ident}` is a new scale with {len(levels.items)} level; a "
                f"scale has at least {least}.", "Add a row for each of its levels."))


def _check_one_company(stated: Stated, model: CompetencyMap) -> None:
    def top(fields: dict[str, object]) -> bool:
        return fields.get("type") == "company" and not fields.get("parent")

    stated_as = {ident: given.fields for (kind, ident), given in stated.given.items()
                 if kind == "department"}
    stays = {ident: d.source.path for ident, d in model.departments.items()
             if top({"type": d.type, "parent": d.parent, **stated_as.get(ident, {})})}
    for (kind, ident), given in stated.given.items():
        if kind != "department" or ident in stays or given.at is None or not top(given.fields):
            continue
        table, row = given.at
        for other, path in stays.items():
            stated.problems.append(table.problem(
                row, 0, "I646", f"`{ident}` would be a second top unit: the repository's is "
                f"`{other}` ({path}), and a map has one.",
                f"Give this department the id `{other}` (and make it the parent of its units), "
                f"or delete {path} before importing."))


def _singular(table: str) -> str:
    return {"categories": "category", "families": "family", "competencies": "competency"}.get(
        table, table.removesuffix("s"))
