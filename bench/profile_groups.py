#!/usr/bin/env python3
"""Where a `cmap build` spends its time, from a cProfile file, in the groups bench/README.md
reports: Python-Markdown, Material's search plugin, the theme's templates, cmap's own work
in `generator/`, and the rest.

    python bench/profile_groups.py bench/out/logs/5000/build.prof [--top 5]

`bench/run.py --profile` writes the .prof file and this table; the command above makes the
same table from any .prof file, so a later profile is grouped exactly like an earlier one.

cProfile knows each function's own time and, per caller, how much of it came from that
caller (a call graph, not whole stacks). A function is put in a group by its file:

* `markdown/`, `pymdownx/`: Python-Markdown and its extensions;
* `material/plugins/search/`: Material's search plugin;
* a `*.html` file: a compiled Jinja template of the theme (Material's, or cmap's
  overrides), which is what rendering the theme runs;
* `generator/` (any other file): cmap's own work: load, validate, generate, write, and its
  MkDocs plugin;
* Python's import machinery (`<frozen importlib…>`): the rest, as start-up, whoever
  imports (the code of a module body still counts by its file).

Everything else (the standard library, builtins such as `re` or `str.join`, Jinja2's
runtime, PyYAML, MkDocs) does work for whoever calls it, so its own time is split among its
callers in proportion to the time each caller spent in it, up the call graph until a group
is reached: `html.parser` under Markdown counts as Markdown, under the search plugin as
search; Jinja2 under a theme template as theme, under `generator/` as cmap. Two exceptions
at MkDocs: what cmap hands to MkDocs is MkDocs' work, so time under MkDocs reached from
`generator/` counts as the rest; but MkDocs uses Jinja2 only for the theme, so Jinja2's
time under MkDocs (loading and compiling the theme's templates) counts as the theme. A
function with no caller (the interpreter's start) and the time of recursive cycles count as
the rest. It is the usual call-graph approximation: a caller's share of a shared helper is
taken as the average, not its own calls' cost.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from measuring import Checkout, run

Key = tuple[str, int, str]  # (file, line, function), as pstats names a function
# pstats' value per function: (primitive calls, calls, own time, cumulative time, callers),
# callers mapping each caller's key to (primitive calls, calls, own time, cumulative time)
# of the calls from that caller.
Edge = tuple[int, int, float, float]
Stats = Mapping[Key, tuple[int, int, float, float, Mapping[Key, Edge]]]
Shares = dict[str, float]

GROUPS: dict[str, str] = {
    "markdown": "Python-Markdown (`markdown/`, `pymdownx/`)",
    "search": "Material's search plugin (`material/plugins/search/`)",
    "theme": "the theme's templates (Jinja: compiling and rendering the `*.html` templates)",
    "generator": "cmap's own work (`generator/`: load, validate, generate, write, plugin)",
    "rest": "the rest (MkDocs itself, start-up, imports …)",
}
MKDOCS = "mkdocs"  # not a group: passes its time on, but never to `generator`
JINJA = ("jinja2", "markupsafe")  # what they do for MkDocs is the theme's work


def package_of(file: str) -> str:
    """The top-level package of an installed file, or "" for anything else."""
    file = file.replace("\\", "/")
    if "site-packages/" in file:
        return file.rsplit("site-packages/", 1)[1].split("/", 1)[0]
    return ""


def group_of(file: str) -> str | None:
    """The group a function belongs to by its file; None: it works for its callers."""
    file = file.replace("\\", "/")
    package = package_of(file)
    if file.startswith("<frozen importlib"):
        return "rest"  # importing modules is start-up, whoever imports them
    if file.endswith(".html"):
        return "theme"
    if package in ("markdown", "pymdownx"):
        return "markdown"
    if package == "material" and "/material/plugins/search/" in file:
        return "search"
    if not package and "/generator/" in file:
        return "generator"
    return None


@dataclass
class Grouped:
    """Seconds of own time per group, and the functions that weigh most in each."""

    total: float
    seconds: dict[str, float]
    top: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def share(self, group: str) -> float:
        return self.seconds.get(group, 0.0) / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"total_s": self.total, "seconds": self.seconds,
                "shares": {g: self.share(g) for g in GROUPS},
                "top": {g: [[where, s] for where, s in rows] for g, rows in self.top.items()}}


def group_stats(stats: Stats, top: int = 5) -> Grouped:
    """Own time of every function put into GROUPS (see the module's docstring)."""
    seconds = dict.fromkeys(GROUPS, 0.0)
    per_function: dict[str, dict[Key, float]] = {g: {} for g in GROUPS}
    below = _divisions(stats)
    for key, (_cc, _nc, own, _cum, callers) in stats.items():
        group = group_of(key[0])
        if group:
            parts = {group: own}
        else:
            # split by the own time each caller caused (cumulative where that is all zero);
            # a caller in the same recursive cycle passes on the cycle's division
            weights = {c: e[2] for c, e in callers.items()}
            if not any(weights.values()):
                weights = {c: e[3] for c, e in callers.items()}
            shares = _average({c: w for c, w in weights.items() if c != key}, below,
                              inside=below.get(key))
            parts = {g: own * part for g, part in _rules(key, shares).items()}
        for g, part in parts.items():
            seconds[g] += part
            per_function[g][key] = per_function[g].get(key, 0.0) + part
    rows = {g: sorted(((where(k), s) for k, s in funcs.items() if s > 0),
                      key=lambda row: -row[1])[:top] for g, funcs in per_function.items()}
    return Grouped(sum(seconds.values()), seconds, rows)


def _divisions(stats: Stats) -> dict[Key, Shares]:
    """How time spent under each ungrouped function divides among the groups.

    Computed per strongly connected component of the ungrouped functions' caller graph (a
    recursive cycle, or one function), callers before callees: a cycle's division is the
    average of its callers from outside the cycle, so no order of visiting decides it.
    """
    below: dict[Key, Shares] = {}
    for component in _components_callers_first(stats):
        members = set(component)
        weights: dict[Key, float] = {}
        for key in component:
            for caller, edge in stats[key][4].items():
                if caller not in members:
                    weights[caller] = weights.get(caller, 0.0) + edge[3]
        shares = _average(weights, below)
        for key in component:
            below[key] = _rules(key, shares)
    return below


def _average(weights: Mapping[Key, float], below: Mapping[Key, Shares],
             inside: Shares | None = None) -> Shares:
    """The callers' divisions averaged by weight; a function of no group or caller is the
    rest. `inside` stands for callers not yet in `below` (the same recursive cycle)."""
    total = 0.0
    shares: Shares = {}
    for caller, weight in weights.items():
        if weight <= 0:
            continue
        group = group_of(caller[0])
        division = {group: 1.0} if group else below.get(caller, inside or {"rest": 1.0})
        for g, part in division.items():
            shares[g] = shares.get(g, 0.0) + weight * part
        total += weight
    if not total:
        return {"rest": 1.0}
    return {g: s / total for g, s in shares.items()}


def _rules(key: Key, shares: Shares) -> Shares:
    """MkDocs reached from cmap is the rest; Jinja2 reached from MkDocs is the theme."""
    shares = dict(shares)
    package = package_of(key[0])
    if package == MKDOCS and "generator" in shares:
        shares["rest"] = shares.get("rest", 0.0) + shares.pop("generator")
    if package in JINJA and "rest" in shares:
        shares["theme"] = shares.get("theme", 0.0) + shares.pop("rest")
    return shares


def _components_callers_first(stats: Stats) -> list[list[Key]]:
    """Tarjan's strongly connected components of the ungrouped functions, following each
    function to its callers: a component comes out after every component of its callers.
    Iterative, as call chains through the standard library run deep."""
    ungrouped = [k for k in stats if not group_of(k[0])]

    def callers(key: Key) -> list[Key]:
        return [c for c in stats[key][4] if c in stats and not group_of(c[0])]

    index: dict[Key, int] = {}
    low: dict[Key, int] = {}
    on_stack: set[Key] = set()
    stack: list[Key] = []
    out: list[list[Key]] = []
    for start in ungrouped:
        if start in index:
            continue
        work: list[tuple[Key, list[Key]]] = [(start, callers(start))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            key, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, callers(nxt)))
                elif nxt in on_stack:
                    low[key] = min(low[key], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[key])
            if low[key] == index[key]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == key:
                        break
                out.append(component)
    return out


def where(key: Key) -> str:
    """A function's name for people: the file from its package (or `generator/`) on."""
    file, line, name = key
    file = file.replace("\\", "/")
    if "site-packages/" in file:
        file = file.rsplit("site-packages/", 1)[1]
    elif "/generator/" in file:
        file = "generator/" + file.rsplit("/generator/", 1)[1]
    elif "/lib/python3" in file:
        file = file.rsplit("/lib/", 1)[1]
    return f"{file}:{line}({name})" if file != "~" else name


def load(path: Path) -> Stats:
    import pstats

    return pstats.Stats(str(path)).stats  # type: ignore[attr-defined,no-any-return]


def table(grouped: Grouped, *, heading: str = "") -> str:
    """The groups as a Markdown table, then the heaviest functions of each group."""
    lines = [heading, ""] if heading else []
    lines += ["| Where the time goes | seconds | share |", "|---|---|---|"]
    for group, label in GROUPS.items():
        lines.append(f"| {label} | {grouped.seconds.get(group, 0.0):.1f} | "
                     f"{grouped.share(group):.0%} |")
    lines.append(f"| total (profiled, wall clock) | {grouped.total:.1f} | 100% |")
    lines += ["", "Heaviest functions of each group (own time, with the share passed on by "
              "helpers they call):", ""]
    for group in GROUPS:
        rows = grouped.top.get(group) or []
        if rows:
            lines.append(f"* {group}: " + "; ".join(f"`{w}` {s:.2f} s" for w, s in rows))
    return "\n".join(lines) + "\n"


def profile(argv: list[str], out: Path, checkout: Checkout, *, groups: bool) -> dict[str, Any]:
    """Run `argv` (`python -m generator.cli …`) once under cProfile into `out`.

    cProfile's default wall-clock timer: a cpu-time timer (`time.process_time`) is a system
    call per event here and made the build four times slower, mostly timing itself. Prints
    the functions with the most own time and, with `groups`, the table of `table()`, which
    is also written next to `out` (`.md`). Returns both for results.json.
    """
    assert argv[1] == "-m", "profiles `python -m …` commands"
    r = run([argv[0], "-m", "cProfile", "-o", str(out), *argv[1:]], out.with_suffix(".log"),
            checkout.path, checkout.env)
    if r.code != 0 or not out.is_file():
        print(f"    profile {out.name}: the command failed (exit {r.code}), see {r.log}")
        return {}
    stats = load(out)
    rows = sorted(((where(k), v[2], v[3], v[1]) for k, v in stats.items()), key=lambda x: -x[1])
    print(f"    profile ({out.name}, {r.seconds:.1f} s under cProfile), top own time:")
    for name, own, cumulative, calls in rows[:12]:
        print(f"      {own:7.3f} s own {cumulative:7.3f} s cum {calls:>9} calls  {name}")
    result: dict[str, Any] = {"top_own": [list(row) for row in rows[:40]]}
    if groups:
        grouped = group_stats(stats)
        text = table(grouped)
        out.with_suffix(".md").write_text(text, encoding="utf-8")
        print("    " + text.replace("\n", "\n    ").rstrip())
        result.update(groups=grouped.as_dict(), table=text)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prof", type=Path, help="a cProfile output file (.prof)")
    parser.add_argument("--top", type=int, default=5, help="functions listed per group (default 5)")
    args = parser.parse_args(argv)
    print(table(group_stats(load(args.prof), args.top), heading=f"Profile {args.prof}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
