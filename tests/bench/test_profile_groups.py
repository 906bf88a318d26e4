"""bench/profile_groups.py: a profile's own time in the groups bench/README.md reports.

The call graphs are written by hand, as pstats holds them; nothing is profiled or timed.
"""

from __future__ import annotations

from typing import Any

import pytest
from profile_groups import GROUPS, Key, group_of, group_stats, table

SP = "/venv/lib/python3.11/site-packages"
LIB = "/usr/lib/python3.11"
EXEC: Key = ("~", 0, "<built-in method builtins.exec>")
BUILD: Key = ("/work/wt/generator/site/mkdocs_build.py", 80, "run_mkdocs_build")
MKDOCS: Key = (f"{SP}/mkdocs/commands/build.py", 300, "build")
MARKDOWN: Key = (f"{SP}/markdown/core.py", 250, "convert")
SEARCH: Key = (f"{SP}/material/plugins/search/plugin.py", 400, "on_page_context")
PARSER: Key = (f"{LIB}/html/parser.py", 133, "goahead")
RENDER: Key = (f"{SP}/jinja2/environment.py", 1290, "render")
LEXER: Key = (f"{SP}/jinja2/lexer.py", 669, "tokeniter")
BASE_HTML: Key = (f"{SP}/material/templates/base.html", 4, "root")


def stats(*functions: tuple[Key, float, dict[Key, tuple[float, float]]]) -> dict[Key, Any]:
    """pstats' table from (function, own time, {caller: (own, cumulative) of its calls})."""
    table: dict[Key, Any] = {}
    for key, own, callers in functions:
        edges = {c: (1, 1, tt, ct) for c, (tt, ct) in callers.items()}
        table[key] = (1, 1, own, own, edges)
    return table


def build_profile() -> dict[Key, Any]:
    """A build: cmap hands the site to MkDocs, which runs Markdown, search and the theme;
    html.parser works for Markdown and for search; Jinja2 for MkDocs and for cmap."""
    return stats(
        (EXEC, 0.1, {}),
        (BUILD, 1.0, {EXEC: (0.0, 11.5)}),
        (MKDOCS, 0.5, {BUILD: (0.5, 10.0)}),
        (MARKDOWN, 3.0, {MKDOCS: (3.0, 5.0)}),
        (SEARCH, 1.0, {MKDOCS: (1.0, 2.0)}),
        (PARSER, 3.0, {MARKDOWN: (2.0, 2.0), SEARCH: (1.0, 1.0)}),
        (RENDER, 0.4, {MKDOCS: (0.3, 2.3), BUILD: (0.1, 0.1)}),
        (BASE_HTML, 2.0, {RENDER: (2.0, 2.0)}),
        (LEXER, 0.6, {MKDOCS: (0.6, 0.6)}),
    )


def test_functions_are_grouped_by_their_file() -> None:
    assert group_of(MARKDOWN[0]) == "markdown"
    assert group_of(f"{SP}/pymdownx/superfences.py") == "markdown"
    assert group_of(SEARCH[0]) == "search"
    assert group_of(BASE_HTML[0]) == "theme"
    assert group_of("/work/wt/generator/templates/overrides/main.html") == "theme"
    assert group_of(BUILD[0]) == "generator"
    assert group_of("/work/wt/generator/review/markdown.py") == "generator"
    assert group_of("<frozen importlib._bootstrap>") == "rest"
    # they work for their callers
    for file in (MKDOCS[0], RENDER[0], PARSER[0], "~", f"{SP}/material/plugins/blog/plugin.py"):
        assert group_of(file) is None


def test_helpers_count_for_their_callers() -> None:
    grouped = group_stats(build_profile())
    assert grouped.seconds == pytest.approx({
        "markdown": 3.0 + 2.0,     # html.parser's time under Markdown
        "search": 1.0 + 1.0,       # … and under the search plugin
        "theme": 2.0 + 0.3 + 0.6,  # Jinja2 under MkDocs: rendering, compiling
        "generator": 1.0 + 0.1,    # Jinja2 under cmap is cmap's
        "rest": 0.1 + 0.5,         # the interpreter's start; MkDocs itself, not cmap
    })
    assert grouped.total == pytest.approx(11.6)
    assert grouped.share("markdown") == pytest.approx(5.0 / 11.6)
    assert sum(grouped.share(g) for g in GROUPS) == pytest.approx(1.0)
    heaviest = dict(grouped.top["markdown"])
    assert next(iter(heaviest)) == "markdown/core.py:250(convert)"
    assert heaviest["markdown/core.py:250(convert)"] == pytest.approx(3.0)
    assert heaviest["python3.11/html/parser.py:133(goahead)"] == pytest.approx(2.0)


def test_a_recursive_cycle_counts_for_whoever_calls_into_it() -> None:
    """Two helpers calling each other under Markdown: both are Markdown's time, whichever
    of them is looked at first."""
    first: Key = (f"{LIB}/copy.py", 128, "deepcopy")
    second: Key = (f"{LIB}/copy.py", 227, "_deepcopy_dict")
    profile = stats(
        (EXEC, 0.0, {}),
        (MARKDOWN, 1.0, {EXEC: (0.0, 4.0)}),
        (first, 2.0, {MARKDOWN: (1.0, 3.0), second: (1.0, 1.0), first: (0.5, 0.5)}),
        (second, 1.0, {first: (1.0, 2.0)}),
    )
    for ordered in (profile, dict(reversed(list(profile.items())))):
        grouped = group_stats(ordered)
        assert grouped.seconds["markdown"] == pytest.approx(4.0)
        assert grouped.seconds["rest"] == pytest.approx(0.0)


def test_the_table_lists_every_group_and_its_heaviest_functions() -> None:
    text = table(group_stats(build_profile()), heading="Profile x.prof")
    assert text.startswith("Profile x.prof\n\n| Where the time goes | seconds | share |")
    for label in GROUPS.values():
        assert f"| {label} |" in text
    assert "| total (profiled, wall clock) | 11.6 | 100% |" in text
    assert "* markdown: `markdown/core.py:250(convert)` 3.00 s" in text
