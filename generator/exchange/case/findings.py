"""What an import adapted, cut or left out: problems of the package file, at their records.

Every module of the import reports through one `Findings`, so that `cmap import case`
lists all of it at once, each at the line of the item (or rubric, association …) it is
about. The codes are I660–I689; README.md ("Starting from a published framework") lists
them with what to do.
"""

from __future__ import annotations

from generator.exchange.case.names import cut_at_word
from generator.exchange.case.package import Package
from generator.problems import Problem, Severity


class Findings:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.problems: list[Problem] = []

    def warn(self, code: str, message: str, hint: str = "", at: str = "") -> None:
        """A warning about the record `at` (an identifier, or a top-level key such as
        `CFRubrics`); about the package as a whole when `at` is ""."""
        self.add(code, message, hint, at, Severity.WARNING)

    def error(self, code: str, message: str, hint: str = "", at: str = "") -> None:
        self.add(code, message, hint, at, Severity.ERROR)

    def add(self, code: str, message: str, hint: str, at: str, severity: Severity) -> None:
        line, column = self.package.at(at) if at else (1, 1)
        self.problems.append(Problem(self.package.name, line, column, code, message, hint, severity))

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def fit(self, text: str, limit: int, what: str, at: str) -> str:
        """`text` as the map can hold it: whole when it has at most `limit` characters, else
        cut at a word, with a warning (I668) saying what was cut, where and what to do."""
        if len(text) <= limit:
            return text
        self.warn("I668", f"{what} has {len(text):,} characters; the map keeps at most "
                  f"{limit:,}, so it was cut at a word.",
                  "The whole text stays in the framework. Check that the cut text still "
                  "says what matters, and shorten it by hand if not.", at)
        return cut_at_word(text, limit)
