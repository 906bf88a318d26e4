"""The cells of one row of a map table, read as the values of the fields they hold.

`RowCells` reads a cell by its column (`tables.Column`) and checks it against that field's
JSON Schema: an empty required cell, an id that is not an id, a number that is not whole or
out of range, text longer than the field allows, a list with too many items, a value that
is not one of the field's choices. Each problem is added to the row's list at its cell, and
the value is then None, so one bad cell never hides another: the row is read to the end.

Whether an id names something that exists, and whether a level is on the right scale, is
checked later (`documents.py`), once every sheet has been read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.exchange.sheets.tables import Sheet, schema_property
from generator.files.csv_input import Row, Table, unquote_formula, whole_number
from generator.problems import Problem, clip

#: Ids are alike in every schema: the competency's is the reference.
ID_RULE = schema_property("competency", "id")
_YES = ("yes", "y", "true", "1", "x", "是")
_NO = ("no", "n", "false", "0", "否", "")


@dataclass
class RowCells:
    """One row of `table`, whose columns are at `positions` (by column name)."""

    sheet: Sheet
    table: Table
    row: Row
    positions: dict[str, int]
    problems: list[Problem]
    from_csv: bool = False  #: cells were written by the CSV export: undo its quoting

    @property
    def number(self) -> int:
        return self.row.number

    def has(self, name: str) -> bool:
        """Whether the table has the column at all (an optional column may be left out)."""
        return name in self.positions

    def raw(self, name: str) -> str:
        position = self.positions.get(name)
        if position is None:
            return ""
        cell = self.row.cells[position]
        return unquote_formula(cell) if self.from_csv else cell

    def error(self, name: str, code: str, message: str, hint: str) -> None:
        position = self.positions.get(name, 0)
        self.problems.append(self.table.problem(self.number, position, code, message, hint))

    def ident(self, name: str, required: bool = True) -> str | None:
        """An id (its own, or one it refers to): lowercase letters, digits and hyphens."""
        value = self._filled(name, required)
        if value is None:
            return None
        return value if self._is_id(name, value) else None

    def text(self, name: str, required: bool = True) -> str | None:
        value = self._filled(name, required)
        if value is None:
            return None
        return value if self._fits(name, value, self.sheet.column(name).rule()) else None

    def lines(self, name: str, required: bool = True) -> list[str] | None:
        """A list written an item per line; ids when the column refers to a table."""
        value = self._filled(name, required)
        if value is None:
            return None
        column = self.sheet.column(name)
        rule = column.rule()
        items = [line.strip() for line in value.split("\n") if line.strip()]
        most = rule.get("maxItems")
        if most is not None and len(items) > most:
            self.error(name, "I643", f"`{name}` has {len(items)} lines; at most {most} fit.",
                       "Keep the most telling ones, one per line.")
            return None
        if column.refers:
            fine = [self._is_id(name, item) for item in items]
        else:
            fine = [self._fits(name, item, rule.get("items", {}), "A line of ") for item in items]
        return items if all(fine) else None

    def whole(self, name: str, required: bool = True) -> int | None:
        """A whole number within the field's minimum and maximum."""
        value = self._filled(name, required)
        if value is None:
            return None
        number, rule = whole_number(value), self.sheet.column(name).rule()
        low, high = rule.get("minimum"), rule.get("maximum")
        if number is None or (low is not None and number < low) or (high is not None and number > high):
            span = f" from {low} to {high:,}" if low is not None and high is not None else ""
            self.error(name, "I639", f"`{name}` must be a whole number{span}, not `{clip(value)}`.",
                       "Write a number such as 3, without text or decimals.")
            return None
        return number

    def choice(self, name: str) -> str | None:
        value = self._filled(name, True)
        choices = self.sheet.column(name).rule().get("enum", [])
        if value is None:
            return None
        if value.casefold() in choices:
            return value.casefold()
        self.error(name, "I645", f"`{clip(value)}` is not a {name}.",
                   "Use one of: " + ", ".join(choices) + ".")
        return None

    def flag(self, name: str) -> bool | None:
        """Yes or no (also true/false, 1/0, x, 是/否); empty is no."""
        value = self.raw(name).casefold()
        if value in _YES or value in _NO:
            return value in _YES
        self.error(name, "I645", f"`{clip(self.raw(name))}` is not yes or no.", "Write yes or no.")
        return None

    def grade(self, name: str) -> str | int | None:
        """A grade as HR writes it: `M1`, or a whole number (`007` stays text)."""
        value = self._filled(name, False)
        if value is None:
            return None
        return int(value) if re.fullmatch(r"0|[1-9][0-9]{0,8}", value) else value

    def _filled(self, name: str, required: bool) -> str | None:
        value = self.raw(name)
        if not value and required:
            self.error(name, "I637", f"`{name}` is empty.", "Every row needs a value here.")
        return value or None

    def _is_id(self, name: str, value: str) -> bool:
        if len(value) <= ID_RULE["maxLength"] and re.fullmatch(ID_RULE["pattern"], value):
            return True
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")[: ID_RULE["maxLength"]]
        guess = f" such as `{suggestion}`" if suggestion else ""
        self.error(name, "I638", f"`{clip(value)}` is not an id.", f"Write an id{guess}: "
                   f"lowercase letters, digits and single hyphens, at most {ID_RULE['maxLength']} "
                   "characters.")
        return False

    def _fits(self, name: str, value: str, rule: dict[str, Any], what: str = "") -> bool:
        most, pattern = rule.get("maxLength"), rule.get("pattern")
        if most is not None and len(value) > most:
            self.error(name, "I643", f"{what}`{name}` is {len(value):,} characters long; at "
                       f"most {most:,} fit.", "Say it in fewer words.")
            return False
        if pattern is not None and not re.fullmatch(pattern, value):
            self.error(name, "I638", f"`{clip(value)}` is not a valid {name}.",
                       str(rule.get("description", "")))
            return False
        return True
