"""The rows of the map's tables put together into what they say of each data file.

A competency's rows (one per level), a role's rows in Roles, Profiles and Responsibilities,
a department's in Departments and Staffing, a scale's in Scales, and each vocabulary sheet
become one `Given` per file: the fields the workbook states, and the collections it states
item by item (`Keyed`: levels, profile entries, responsibilities per area, staffing per
role, vocabulary entries). A field is stated when its column is in the table; an empty cell
states that the field is not there. What the workbook leaves out entirely (a sheet, an
optional column, an item of a collection) it does not state, and the file keeps it.

Reading the rows finds, each at its cell: a row repeated (the same competency and level
twice …), and the rows of one competency or scale that disagree on its name, category,
scale or description. The ids the rows refer to and the levels they use are collected
(`Reference`, `LevelUse`) for `checks.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.exchange.sheets.cells import RowCells
from generator.exchange.sheets.sources import Source
from generator.exchange.sheets.tables import BY_NAME, Sheet
from generator.files.csv_input import Table
from generator.problems import Problem, clip


@dataclass
class Keyed:
    """A collection stated item by item: a list of mappings told apart by `key`, or a
    mapping (`key` None). `managed` are the item fields the workbook states."""

    items: dict[Any, Any] = field(default_factory=dict)
    key: str | None = None
    managed: tuple[str, ...] = ()


@dataclass
class Given:
    """What the workbook states of one data file (an entity's, or a vocabulary's)."""

    kind: str
    ident: str  #: "" for a vocabulary file
    fields: dict[str, Any] = field(default_factory=dict)
    #: The sheet that lists the entity itself (Roles for a role), when one does, and the
    #: (table, row) where it does so first.
    listed_in: str = ""
    at: tuple[Table, int] | None = None

    def keyed(self, name: str, key: str | None = None, managed: tuple[str, ...] = ()) -> Keyed:
        found = self.fields.get(name)
        if not isinstance(found, Keyed):
            found = self.fields[name] = Keyed(key=key, managed=managed)
        return found


@dataclass(frozen=True)
class Reference:
    """A cell that names an id of the table `target` ("roles", "categories" …)."""

    table: Table
    row: int
    column: int
    target: str
    value: str


@dataclass(frozen=True)
class LevelUse:
    """A cell that gives a level of a competency's scale."""

    table: Table
    row: int
    column: int
    competency: str
    level: int


@dataclass
class Stated:
    """Everything the workbook states, and what is left to check."""

    given: dict[tuple[str, str], Given] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    levels: list[LevelUse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, kind: str, ident: str) -> Given:
        return self.given.setdefault((kind, ident), Given(kind, ident))


def read_rows(source: Source) -> Stated:
    """What the tables of `source` state, with the problems of their rows."""
    stated = Stated(problems=source.problems)
    for name, table in source.tables.items():
        reader = _Reader(stated, BY_NAME[name], table, source)
        _READERS[name](reader)
        reader.disagreements()
    return stated


class _Reader:
    def __init__(self, stated: Stated, sheet: Sheet, table: Table, source: Source) -> None:
        self.stated, self.sheet, self.table = stated, sheet, table
        self.positions, self.from_csv = source.positions[sheet.name], source.from_csv
        self.seen: dict[tuple[Any, ...], int] = {}
        #: The values each entity's field was given, and in which rows (see `state`).
        self.values: dict[tuple[str, str], dict[str, list[int]]] = {}

    def rows(self) -> Iterator[RowCells]:
        for row in self.table.rows:
            yield RowCells(self.sheet, self.table, row, self.positions, self.stated.problems,
                           self.from_csv)

    def once(self, cells: RowCells, key: tuple[Any, ...], column: str, what: str) -> bool:
        """Whether the row is the first with `key`; a repeat is reported."""
        first = self.seen.setdefault(key, cells.number)
        if first != cells.number:
            cells.error(column, "I642", f"{what} is already in row {first}.",
                        "Keep one row for it: merge the two, then delete the other.")
        return first == cells.number

    def refer(self, cells: RowCells, column: str, target: str, value: str | None) -> None:
        if value is not None:
            self.stated.references.append(
                Reference(self.table, cells.number, self.positions[column], target, value))

    def state(self, given: Given, cells: RowCells, name: str, value: Any, column: str = "") -> None:
        """Field `name` of `given` is `value` (None: not there); the rows of one entity must
        agree (`disagreements` reports those that do not)."""
        column = column or name
        if not cells.has(column):
            return
        if name not in given.fields or (given.fields[name] is None and value is not None):
            given.fields[name] = value
        if value is not None:
            self.values.setdefault((given.ident, column), {}).setdefault(str(value), []).append(
                cells.number)

    def disagreements(self) -> None:
        """One problem per field that the rows of one entity give different values, at the
        first row of the value fewest rows give."""
        for (ident, column), found in self.values.items():
            if len(found) < 2:
                continue
            ranked = sorted(found.items(), key=lambda pair: (len(pair[1]), pair[1][0]))
            said = "; ".join(f"`{clip(value, 60)}` in row{'s' * (len(rows) > 1)} "
                             + ", ".join(map(str, rows[:5])) + (" …" if len(rows) > 5 else "")
                             for value, rows in sorted(found.items(), key=lambda pair: pair[1][0]))
            self.stated.problems.append(self.table.problem(
                ranked[0][1][0], self.positions[column], "I644", f"The rows of `{ident}` "
                f"disagree on its `{column}`: {said}.",
                f"Give `{ident}` one {column} on all its rows (or on one, leaving the others empty)."))

    def listed(self, kind: str, ident: str, cells: RowCells) -> Given:
        given = self.stated.of(kind, ident)
        given.listed_in = self.sheet.name
        given.at = given.at or (self.table, cells.number)
        return given

    def read_competencies(self) -> None:
        for cells in self.rows():
            ident, level = cells.ident("competency"), cells.whole("level")
            values = {"name": cells.text("name"), "category": cells.ident("category"),
                      "scale": cells.ident("scale"), "description": cells.text("description"),
                      "owner": cells.text("owner", required=False)}
            indicators = cells.lines("indicators")
            self.refer(cells, "category", "categories", values["category"])
            self.refer(cells, "scale", "scales", values["scale"])
            if ident is None or level is None:
                continue
            if not self.once(cells, (ident, level), "level", f"Level {level} of `{ident}`"):
                continue
            self.stated.levels.append(LevelUse(self.table, cells.number, self.positions["level"],
                                               ident, level))
            given = self.listed("competency", ident, cells)
            for name, value in values.items():
                self.state(given, cells, name, value)
            given.keyed("levels", "level", ("indicators",)).items[level] = {
                "level": level, "indicators": indicators}

    def read_roles(self) -> None:
        for cells in self.rows():
            ident, family = cells.ident("role"), cells.ident("family")
            reports_to = cells.ident("reports to", required=False)
            next_roles = cells.lines("next roles", required=False)
            values: dict[str, Any] = {
                "title": cells.text("title"), "family": family, "grade": cells.grade("grade"),
                "summary": cells.text("summary"), "reports_to": reports_to, "next_roles": next_roles}
            self.refer(cells, "family", "families", family)
            self.refer(cells, "reports to", "roles", reports_to)
            for next_role in next_roles or ():
                self.refer(cells, "next roles", "roles", next_role)
            if ident is None or not self.once(cells, (ident,), "role", f"The role `{ident}`"):
                continue
            given = self.listed("role", ident, cells)
            for name, value in values.items():
                self.state(given, cells, name, value, name.replace("_", " "))

    def read_role_profiles(self) -> None:
        for cells in self.rows():
            role, competency = cells.ident("role"), cells.ident("competency")
            level = cells.whole("level")
            entry = {"competency": competency, "level": level,
                     "critical": cells.flag("critical") or None,
                     "note": cells.text("note", required=False),
                     "expectations": cells.lines("expectations", required=False)}
            self.refer(cells, "role", "roles", role)
            self.refer(cells, "competency", "competencies", competency)
            if role is None or competency is None or level is None:
                continue
            if not self.once(cells, (role, competency), "competency",
                             f"`{competency}` in the profile of `{role}`"):
                continue
            self.stated.levels.append(LevelUse(self.table, cells.number, self.positions["level"],
                                               competency, level))
            managed = ("level", *(name for name in ("critical", "note", "expectations") if cells.has(name)))
            profile = self.stated.of("role", role).keyed("competencies", "competency", managed)
            profile.items[competency] = {k: v for k, v in entry.items() if v is not None}

    def read_responsibilities(self) -> None:
        self.read_mapping(("role", "roles", "role"), ("area", "areas"), "responsibilities",
                          lambda cells: cells.lines("responsibilities"), "The area `{key}` of `{of}`")

    def read_staffing(self) -> None:
        self.read_mapping(("department", "departments", "department"), ("role", "roles"), "staffing",
                          lambda cells: cells.whole("headcount"), "`{key}` in `{of}`")

    def read_mapping(self, owner: tuple[str, str, str], key: tuple[str, str], part: str,
                     value: Callable[[RowCells], Any], what: str) -> None:
        """Rows that each give one entry of a mapping in a file: an `owner` (its column,
        the table of its ids, its kind), the entry's `key` (column, table) and its value."""
        (owner_column, owner_table, kind), (key_column, key_table) = owner, key
        for cells in self.rows():
            ident, entry, found = cells.ident(owner_column), cells.ident(key_column), value(cells)
            self.refer(cells, owner_column, owner_table, ident)
            self.refer(cells, key_column, key_table, entry)
            if ident is None or entry is None or found is None:
                continue
            if self.once(cells, (ident, entry), key_column, what.format(key=entry, of=ident)):
                self.stated.of(kind, ident).keyed(part).items[entry] = found

    def read_departments(self) -> None:
        for cells in self.rows():
            ident, parent = cells.ident("department"), cells.ident("parent", required=False)
            head = {"name": cells.text("head name"), "handle": cells.text("head handle")}
            values: dict[str, Any] = {
                "name": cells.text("name"), "type": cells.choice("type"), "parent": parent,
                "description": cells.text("description", required=False),
                "location": cells.text("location", required=False),
                "head": head if None not in head.values() else None}
            self.refer(cells, "parent", "departments", parent)
            if ident is None or not self.once(cells, (ident,), "department",
                                              f"The department `{ident}`"):
                continue
            given = self.listed("department", ident, cells)
            for name, value in values.items():
                self.state(given, cells, name, value, "head name" if name == "head" else name)

    def read_scales(self) -> None:
        for cells in self.rows():
            ident, level = cells.ident("scale"), cells.whole("level")
            values = {"name": cells.text("name"), "description": cells.text("description", required=False)}
            item = {"level": level, "name": cells.text("level name"),
                    "description": cells.text("level description")}
            if ident is None or level is None:
                continue
            if not self.once(cells, (ident, level), "level", f"Level {level} of the scale `{ident}`"):
                continue
            given = self.listed("scale", ident, cells)
            for name, value in values.items():
                self.state(given, cells, name, value)
            given.keyed("levels", "level", ("name", "description")).items[level] = item

    def read_vocabulary(self) -> None:
        kind, column = self.sheet.kind, self.sheet.columns[0].name
        given = self.stated.of(kind, "")
        given.listed_in = self.sheet.name
        optional = ("description",) if "description" in self.positions else ()
        keyed = given.keyed(kind, "id", ("name", *optional))
        for cells in self.rows():
            ident = cells.ident(column)
            item = {"id": ident, "name": cells.text("name"),
                    "description": cells.text("description", required=False)}
            if ident is None or not self.once(cells, (ident,), column, f"The {column} `{ident}`"):
                continue
            keyed.items[ident] = {k: v for k, v in item.items() if v is not None}
            given.at = given.at or (self.table, cells.number)



_READERS = {"Competencies": _Reader.read_competencies, "Roles": _Reader.read_roles,
            "Profiles": _Reader.read_role_profiles, "Responsibilities": _Reader.read_responsibilities,
            "Departments": _Reader.read_departments, "Staffing": _Reader.read_staffing,
            "Scales": _Reader.read_scales, "Areas": _Reader.read_vocabulary,
            "Categories": _Reader.read_vocabulary, "Families": _Reader.read_vocabulary}
