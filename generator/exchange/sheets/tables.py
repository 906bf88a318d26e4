"""The map's tables: one per part of the competency map, the same in the workbook (a sheet
each) and in the CSV export (a file each), so that either reads back with `cmap import model`.

Each column is tied to the field of the JSON Schema it holds (`Column.field`): the header's
note in the workbook is that field's description, and the import checks a cell against that
field's limits (length, pattern, choices, range). A table has a row per entity, or per
entity and part (a competency and a level, a role and a competency of its profile); its
`key` columns say which. Where a row holds a competency's or a scale's own fields
next to one of its levels, they are repeated on each of its rows, so the sheet can be
sorted and filtered freely. A list (indicators, responsibilities, expectations, next roles)
is one cell with an item per line.

Values are `str`, `int` or None (empty). Rows keep the files' order: what a file lists
first comes first, so an export, an import into a new repository and a second export give
the same cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.model.competency_map import Competency, CompetencyMap, Term
from generator.rules.schema_check import schema

Value = str | int | None
Rows = Iterable[Sequence[Value]]


@dataclass(frozen=True)
class Column:
    """A column: its header, the schema field it holds, and how its cells are read.

    `kind`: "id" (the row's own id), "ref" (an id of the table `refers`), "text", "lines"
    (a list, an item per line), "level" (a level of a scale), "count" (a headcount),
    "choice" (one of the field's `enum`), "flag" (yes or no), "grade" (text or a number).
    """

    name: str
    schema: str  #: the kind of data file, as in `<kind>.schema.json`
    field: str  #: the property's path in the schema: `levels.indicators`, `staffing.*`
    kind: str = "text"
    refers: str = ""
    required: bool = True  #: the header must be there (the field is required, or a key)
    note: str = ""  #: what the header's note says beyond the schema's description
    width: int = 24

    def rule(self) -> dict[str, Any]:
        """The field's JSON Schema (for a list: the list's, with `items`)."""
        return schema_property(self.schema, self.field)

    def describe(self) -> str:
        """The header's note: the schema's description, then what the sheet adds."""
        return " ".join(part for part in (str(self.rule().get("description", "")), self.note) if part)


@dataclass(frozen=True)
class Sheet:
    """A table: the workbook's sheet `name`, the CSV export's `file`."""

    name: str
    file: str
    kind: str  #: what a row describes: a kind of data file, or a vocabulary
    columns: tuple[Column, ...]
    key: tuple[str, ...]  #: the columns that together identify a row
    title: str  #: for the Downloads page
    text: str
    rows: Callable[[CompetencyMap], Rows]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


LINES = "One per line (Alt+Enter starts a new line in a cell)."
_REPEAT = "The same on each of the {}'s rows (or on one, the others left empty)."


def _ident(name: str, schema: str, field: str = "id", refers: str = "", note: str = "") -> Column:
    return Column(name, schema, field, "ref" if refers else "id", refers, note=note)


def _competency_rows(model: CompetencyMap) -> Rows:
    for comp in competencies_in_order(model):
        for level, indicators in comp.indicators.items():
            yield (comp.id, comp.name, level, lines(indicators), comp.category, comp.scale,
                   comp.description, comp.owner or None)


def _role_rows(model: CompetencyMap) -> Rows:
    for role in model.roles.values():
        yield (role.id, role.title, role.family, role.grade or None, role.reports_to or None,
               lines(role.next_roles) or None, role.summary)


def _responsibility_rows(model: CompetencyMap) -> Rows:
    for role in model.roles.values():
        for area, items in role.responsibilities.items():
            yield role.id, area, lines(items)


def _profile_rows(model: CompetencyMap) -> Rows:
    for role in model.roles.values():
        for req in role.requirements:
            yield (role.id, req.competency, req.level, "yes" if req.critical else "no",
                   req.note or None, lines(req.expectations) or None)


def _department_rows(model: CompetencyMap) -> Rows:
    for dep in model.departments.values():
        yield (dep.id, dep.name, dep.type, dep.parent or None, dep.head.name, dep.head.handle,
               dep.location or None, dep.description or None)


def _staffing_rows(model: CompetencyMap) -> Rows:
    for dep in model.departments.values():
        for role, count in dep.staffing.items():
            yield dep.id, role, count


def _scale_rows(model: CompetencyMap) -> Rows:
    for scale in model.scales.values():
        for level in scale.levels:
            yield (scale.id, scale.name, level.level, level.name, level.description,
                   scale.description or None)


def _terms(kind: str) -> Callable[[CompetencyMap], Rows]:
    def rows(model: CompetencyMap) -> Rows:
        terms: dict[str, Term] = getattr(model, kind)
        return ((t.id, t.name, t.description or None) for t in terms.values())
    return rows


def _vocabulary(name: str, kind: str, singular: str, title: str, used: str) -> Sheet:
    return Sheet(name, f"{kind}.csv", kind, (
        _ident(singular, kind, f"{kind}.id"),
        Column("name", kind, f"{kind}.name", width=30),
        Column("description", kind, f"{kind}.description", required=False, width=60)),
        (singular,), title, f"The {kind} {used}, in the order the site shows them.", _terms(kind))


SHEETS: tuple[Sheet, ...] = (
    Sheet("Competencies", "competencies.csv", "competency", (
        _ident("competency", "competency"),
        Column("name", "competency", "name", width=30, note=_REPEAT.format("competency")),
        Column("level", "competency", "levels.level", "level", width=8),
        Column("indicators", "competency", "levels.indicators", "lines", width=70, note=LINES),
        _ident("category", "competency", "category", "categories", _REPEAT.format("competency")),
        _ident("scale", "competency", "scale", "scales", _REPEAT.format("competency")),
        Column("description", "competency", "description", width=60,
               note=_REPEAT.format("competency")),
        Column("owner", "competency", "owner", required=False, width=16,
               note=_REPEAT.format("competency"))),
        ("competency", "level"), "Competencies with levels and indicators",
        "One row per competency and described level, with its behavioural indicators.",
        _competency_rows),
    Sheet("Roles", "roles.csv", "role", (
        _ident("role", "role"),
        Column("title", "role", "title", width=30),
        _ident("family", "role", "family", "families"),
        Column("grade", "role", "grade", "grade", required=False, width=10),
        Column("reports to", "role", "reports_to", "ref", "roles", required=False),
        Column("next roles", "role", "next_roles", "lines", "roles", required=False,
               note="Role ids. " + LINES),
        Column("summary", "role", "summary", width=60)),
        ("role",), "Roles", "One row per role: title, job family, grade, reporting line, career path "
        "and summary.", _role_rows),
    Sheet("Profiles", "role-profiles.csv", "role", (
        _ident("role", "role", "id", "roles", "The role whose profile this is."),
        _ident("competency", "role", "competencies.competency", "competencies"),
        Column("level", "role", "competencies.level", "level", width=8),
        Column("critical", "role", "competencies.critical", "flag", required=False, width=9,
               note="yes or no."),
        Column("note", "role", "competencies.note", required=False, width=40),
        Column("expectations", "role", "competencies.expectations", "lines", required=False,
               width=70, note=LINES)),
        ("role", "competency"), "Role profiles", "One row per role and required competency: "
        "level, critical, note and the role's expectations.", _profile_rows),
    Sheet("Responsibilities", "responsibilities.csv", "role", (
        _ident("role", "role", "id", "roles", "The role whose responsibilities these are."),
        _ident("area", "role", "responsibilities", "areas",
               "A responsibility area: an id of the Areas sheet."),
        Column("responsibilities", "role", "responsibilities.*", "lines", width=80, note=LINES)),
        ("role", "area"), "Role responsibilities", "One row per role and responsibility area, with what the "
        "role is responsible for.", _responsibility_rows),
    Sheet("Departments", "departments.csv", "department", (
        _ident("department", "department"),
        Column("name", "department", "name", width=30),
        Column("type", "department", "type", "choice", width=10),
        Column("parent", "department", "parent", "ref", "departments", required=False),
        Column("head name", "department", "head.name", width=20),
        Column("head handle", "department", "head.handle", width=18),
        Column("location", "department", "location", required=False, width=18),
        Column("description", "department", "description", required=False, width=60)),
        ("department",), "Departments",
        "One row per unit of the organisation: type, parent, head and location.", _department_rows),
    Sheet("Staffing", "staffing.csv", "department", (
        _ident("department", "department", "id", "departments",
               "The department whose staffing this is."),
        _ident("role", "department", "staffing", "roles", "A role id of the Roles sheet."),
        Column("headcount", "department", "staffing.*", "count", width=11)),
        ("department", "role"), "Staffing",
        "One row per department and role: how many people hold it.", _staffing_rows),
    Sheet("Scales", "scales.csv", "scale", (
        _ident("scale", "scale"),
        Column("name", "scale", "name", width=20, note=_REPEAT.format("scale")),
        Column("level", "scale", "levels.level", "level", width=8),
        Column("level name", "scale", "levels.name", width=18),
        Column("level description", "scale", "levels.description", width=60),
        Column("description", "scale", "description", required=False, width=60,
               note=_REPEAT.format("scale"))),
        ("scale", "level"), "Proficiency scales", "One row per scale and level, with what the level means.",
        _scale_rows),
    _vocabulary("Areas", "areas", "area", "Responsibility areas",
                "that job responsibilities are grouped in"),
    _vocabulary("Categories", "categories", "category", "Competency categories",
                "of the competency catalogue"),
    _vocabulary("Families", "families", "family", "Job families", "that group the roles"),
)
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
#: The workbook's hidden sheet of the dropdowns' choices (see `workbook.py`): not imported.
LISTS = "Lists"
#: Which sheet holds the ids that a "ref" column names.
ID_SHEETS = {"categories": "Categories", "scales": "Scales", "families": "Families",
             "roles": "Roles", "areas": "Areas", "competencies": "Competencies",
             "departments": "Departments"}


def lines(items: Iterable[str]) -> str:
    """A list as one cell, an item per line; a line break inside an item becomes a space,
    since the import reads each line as an item."""
    return "\n".join(re.sub(r"\s*[\r\n]+\s*", " ", item) for item in items)


def competencies_in_order(model: CompetencyMap) -> list[Competency]:
    """By category in the catalogue's order, then as the files are ordered."""
    rank = {category: n for n, category in enumerate(model.categories)}
    return sorted(model.competencies.values(), key=lambda c: rank.get(c.category, len(rank)))


def schema_property(kind: str, path: str) -> dict[str, Any]:
    """The JSON Schema of the field at `path` (dots between properties; `*` for a
    mapping's values), stepping into a list's items on the way."""
    node = schema(kind)
    for part in path.split("."):
        if node.get("type") == "array" and "items" in node:
            node = node["items"]
        node = node["additionalProperties"] if part == "*" else node["properties"][part]
    return node
