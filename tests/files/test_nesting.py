"""Deep nesting is L109 at the 65th level, whichever libyaml reads the file.

libyaml 0.2.5 (PyYAML 6.0.3) has no nesting limit: the loader's own count of libyaml's
events stops a file at its 65th level. libyaml 0.2.6 (PyYAML 6.0.4) stops at 1,000 levels
itself, in its scanner, before any event reaches that count, with the error "exceeded
maximum nesting depth". Both shapes are tested here on whatever PyYAML is installed: the
second by a `yaml.parse` that raises libyaml 0.2.6's error where that libyaml would, and
otherwise parses as usual. tests/files/test_loader.py reads 100,000 levels with the real one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.files.yaml_loader import load_file
from generator.problems import Problem


def problems_of(tmp_path: Path, text: str) -> list[tuple[str, int, int]]:
    path = tmp_path / "deep.yml"
    path.write_text(text, encoding="utf-8")
    doc, problems = load_file(path, "competency-map/scales/deep.yml")
    assert doc is None
    return [where(p) for p in problems]


def where(problem: Problem) -> tuple[str, int, int]:
    return problem.code, problem.line, problem.column


def libyaml_stopping_at(limit: int, context: str) -> Callable[..., Iterator[Any]]:
    """`yaml.parse` as a libyaml that refuses its `limit`-th level of brackets."""
    parse = yaml.parse

    def stopping(stream: str, Loader: Any) -> Iterator[Any]:  # PyYAML's argument names
        depth = 0
        for index, char in enumerate(stream):
            depth += (char in "[{") - (char in "]}")
            if depth >= limit:
                mark = yaml.Mark("<unicode string>", index, 0, index, None, None)
                raise yaml.scanner.ScannerError(context, mark, "exceeded maximum nesting depth",
                                                mark)
        return parse(stream, Loader=Loader)

    return stopping


@pytest.mark.parametrize("context", ["while increasing flow level", "while increasing block level"])
def test_libyamls_own_stop_at_1000_levels_is_l109_at_the_65th_level(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context: str) -> None:
    monkeypatch.setattr(yaml, "parse", libyaml_stopping_at(1000, context))
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems_of(tmp_path, text) == [("L109", 1, 67)]


def test_without_a_libyaml_limit_our_own_count_stops_at_the_65th_level(tmp_path: Path) -> None:
    # 100 levels: no libyaml stops them; the comment lines make the file long enough to count.
    text = "# a comment\n" * 1000 + "a: " + "[" * 100 + "]" * 100 + "\n"
    assert problems_of(tmp_path, text) == [("L109", 1001, 67)]


def test_a_libyaml_limit_below_ours_is_l109_at_libyamls_mark(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml, "parse", libyaml_stopping_at(50, "while increasing flow level"))
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems_of(tmp_path, text) == [("L109", 1, 53)]


def test_a_short_file_nested_past_libyamls_limit_is_refused_like_a_long_one(tmp_path: Path) -> None:
    # 1,500 levels in 1,501 marks: libyaml 0.2.6 stops it, 0.2.5 would read it; both get L109.
    text = "a: " + "[" * 1500 + "]" * 1500 + "\n"
    assert problems_of(tmp_path, text) == [("L109", 1, 67)]


def test_the_same_nesting_in_block_style_is_placed_on_its_line(tmp_path: Path) -> None:
    text = "".join("  " * level + "a:\n" for level in range(1200)) + "  " * 1200 + "b: 1\n"
    assert problems_of(tmp_path, text) == [("L109", 65, 129)]
