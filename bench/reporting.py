"""The bench's report: the machine, the results tables with their targets, bench/README.md.

Everything here works on the plain dictionaries `run.py` collects (and writes to
bench/out/results.json), so a table can be made again from a saved results file.
A measure is a dict with `best_s`, `best_cpu_s`, `peak_rss_mb` (the largest process),
`peak_tree_mb` (all its processes; missing in results saved before it was measured) and
`failed` (see `measuring.Measure.as_dict`).
"""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
KB = 1000  # page-size targets are read as 1 KB = 1,000 bytes (the stricter reading)
MB_PER_GB = 1000  # the memory target likewise: 1 GB = 1,000 MB

TARGETS: dict[str, float] = {
    "validate_vs_load": 1.5,      # cmap validate ≤ 1.5 × CSafeLoader load
    "cjs_vs_validate": 5.0,       # check-jsonschema ≥ 5 × cmap validate
    "build_vs_sections": 1.5,     # cmap build ≤ 1.5 × plain pages, sections-only navigation
    "build_vs_plain_old": 1.2,    # the old target against the full navigation (comparison)
    "build_scaling": 2.1,         # twice the company ≤ 2.1 × the time
    "build_memory_gb": 1.0,       # peak memory of cmap build at MEMORY_AT employees
    "second_vs_first": 0.3,       # second build with one file changed ≤ 0.3 × the first
    "serve_example_s": 1.0,       # serve: edit → updated page, the example company
    "serve_s": 3.0,               # serve: edit → updated page, at SERVE_AT employees
    "role_page_kb": 60,
    "competency_page_kb": 60,
    "any_page_kb": 300,
}
MEMORY_AT = 10_000  # the company size the memory target is set for
SERVE_AT = 5_000  # the company size the serve target is set for

Measure = dict[str, Any]
Verdict = bool | None  # None: not judged at this size (or not measured)


def usable(*measures: Measure | None) -> bool:
    return all(m and not m.get("failed") and m.get("runs_s") != [] for m in measures)


def cell(m: Measure | None) -> str:
    """Best wall time, best cpu time and peak memory of one measure."""
    if not m:
        return "–"
    if m.get("failed"):
        return "failed"
    return f"{m['best_s']:.2f} s (cpu {m['best_cpu_s']:.2f} s) · {peak_memory(m):.0f} MB"


def ratio(a: Measure, b: Measure) -> tuple[float, str]:
    """a ÷ b on wall time, with the cpu-time ratio for comparison."""
    wall = a["best_s"] / b["best_s"]
    cpu = a["best_cpu_s"] / b["best_cpu_s"]
    return wall, f"{wall:.2f}× (cpu {cpu:.2f}×)"


def verdict(ok: Verdict) -> str:
    return "–" if ok is None else ("**pass**" if ok else "**FAIL**")


def at_most(limit: float) -> Callable[[float], bool]:
    return lambda x: x <= limit


class Table:
    """A Markdown table of one column per company size, then Target and Result."""

    def __init__(self, results: list[dict[str, Any]]) -> None:
        self.results = results
        self.sizes = [r["employees"] for r in results]
        self.rows = ["| Measure | " + " | ".join(f"{n:,} employees" for n in self.sizes)
                     + " | Target | Result |", "|---" * (len(self.sizes) + 3) + "|"]

    def row(self, label: str, cells: list[str], target: str = "",
            verdicts: list[Verdict] | None = None) -> None:
        judged = " / ".join(map(verdict, verdicts)) if verdicts is not None else ""
        self.rows.append(f"| {label} | " + " | ".join(cells) + f" | {target} | {judged} |")

    def ratio_row(self, label: str, pairs: list[tuple[Measure | None, Measure | None]],
                  target: str, passes: Callable[[float], bool] | None = None,
                  faster: bool = False) -> list[float | None]:
        """A row of a ÷ b per size; `passes(x)` judges the wall-time ratio."""
        cells: list[str] = []
        oks: list[Verdict] = []
        values: list[float | None] = []
        for a, b in pairs:
            if not (a and b and usable(a, b)):
                cells.append("–")
                oks.append(None)
                values.append(None)
                continue
            x, text = ratio(a, b)
            values.append(x)
            cells.append(text.replace("×", "× faster", 1) if faster else text)
            oks.append(passes(x) if passes else None)
        self.row(label, cells, target, oks if passes else None)
        return values

    def scaling_row(self, label: str, measures: list[Measure | None], target: str,
                    passes: Callable[[float], bool] | None = None) -> None:
        """The largest size ÷ the smallest, in the first column (two sizes or more)."""
        if len(measures) < 2 or not usable(measures[0], measures[-1]):
            return
        a, b = measures[-1], measures[0]
        assert a and b
        x, text = ratio(a, b)
        blanks = [""] * (len(measures) - 1)
        self.row(f"{label} {self.sizes[-1]:,} ÷ {self.sizes[0]:,}", [text, *blanks], target,
                 [passes(x), *[None] * len(blanks)] if passes else None)

    def text(self) -> str:
        return "\n".join(self.rows)


def validate_rows(t: Table) -> None:
    def v(r: dict[str, Any], key: str) -> Measure | None:
        return r.get("validate", {}).get(key)  # type: ignore[no-any-return]

    rs = t.results
    t.row("`cmap validate`", [cell(v(r, "cmap")) for r in rs])
    t.row("CSafeLoader load of the same files", [cell(v(r, "load")) for r in rs])
    t.row("`check-jsonschema`, one run per kind, summed", [cell(v(r, "cjs")) for r in rs])
    t.ratio_row("validate ÷ CSafeLoader load", [(v(r, "cmap"), v(r, "load")) for r in rs],
                f"≤ {TARGETS['validate_vs_load']}×", at_most(TARGETS["validate_vs_load"]))
    t.ratio_row("validate vs check-jsonschema", [(v(r, "cjs"), v(r, "cmap")) for r in rs],
                f"≥ {TARGETS['cjs_vs_validate']:.0f}× faster",
                lambda x: x >= TARGETS["cjs_vs_validate"], faster=True)
    t.scaling_row("validate", [v(r, "cmap") for r in rs], "(for information)")


def peak_memory(m: Measure) -> float:
    """The memory a command needed: the sampled sum over its processes (PSS), or the exact
    peak of its largest process where that is more (a peak between two samples)."""
    return max(m["peak_rss_mb"], m.get("peak_tree_mb") or 0.0)  # type: ignore[no-any-return]


def memory_cell(m: Measure | None) -> str:
    if not (m and usable(m)):
        return "–"
    tree = m.get("peak_tree_mb")
    if not tree:
        return f"{m['peak_rss_mb']:.0f} MB"
    return (f"{peak_memory(m):.0f} MB (largest process {m['peak_rss_mb']:.0f} MB RSS; "
            f"all processes {tree:.0f} MB PSS)")


def memory_verdict(employees: int, m: Measure | None) -> Verdict:
    """The memory target holds at MEMORY_AT employees; other sizes are not judged."""
    if employees != MEMORY_AT or not (m and usable(m)):
        return None
    return bool(peak_memory(m) <= TARGETS["build_memory_gb"] * MB_PER_GB)


def build_rows(t: Table) -> None:
    def b(r: dict[str, Any], key: str) -> Any:
        return r.get("build", {}).get(key)

    rs = t.results
    first = [b(r, "cmap") for r in rs]
    t.row("`cmap build` (pages), from a clean state",
          [f"{cell(m)} ({b(r, 'pages')['pages']:,} pages)" if m and b(r, "pages") else cell(m)
           for r, m in zip(rs, first, strict=True)])
    t.row("plain pages, navigation of sections only (as cmap's)",
          [cell(b(r, "plain_sections")) for r in rs])
    t.ratio_row("**build ÷ plain pages with sections-only navigation**",
                [(m, b(r, "plain_sections")) for r, m in zip(rs, first, strict=True)],
                f"≤ {TARGETS['build_vs_sections']}×", at_most(TARGETS["build_vs_sections"]))
    t.row("mkdocs-material, same number of plain pages, full navigation",
          [f"{cell(b(r, 'plain'))} ({b(r, 'plain_pages'):,} pages)" if b(r, "plain")
           and b(r, "plain_pages") else cell(b(r, "plain")) for r in rs])
    t.ratio_row("build ÷ plain pages with full navigation",
                [(m, b(r, "plain")) for r, m in zip(rs, first, strict=True)],
                f"(for comparison; was ≤ {TARGETS['build_vs_plain_old']}×)")
    t.scaling_row("build", first, f"≤ {TARGETS['build_scaling']}×",
                  at_most(TARGETS["build_scaling"]))
    t.row("peak memory of `cmap build`",
          [memory_cell(m) for m in first],
          f"≤ {TARGETS['build_memory_gb']:g} GB at {MEMORY_AT:,}",
          [memory_verdict(r["employees"], m) for r, m in zip(rs, first, strict=True)])
    if any(b(r, "second") for r in rs):
        t.row("second `cmap build`, one file changed", [cell(b(r, "second")) for r in rs])
        t.ratio_row("**second build (one file changed) ÷ first build**",
                    [(b(r, "second"), m) for r, m in zip(rs, first, strict=True)],
                    f"≤ {TARGETS['second_vs_first']}×", at_most(TARGETS["second_vs_first"]))
        t.row("another `cmap build`, nothing changed", [cell(b(r, "unchanged")) for r in rs])
        t.ratio_row("build with nothing changed ÷ first build",
                    [(b(r, "unchanged"), m) for r, m in zip(rs, first, strict=True)],
                    "(for information)")
    if any(b(r, "zensical") for r in rs):
        t.row("`cmap build --engine zensical`, from a clean state",
              [cell(b(r, "zensical")) for r in rs], "(for information)")
        t.ratio_row("zensical ÷ mkdocs `cmap build`",
                    [(b(r, "zensical"), m) for r, m in zip(rs, first, strict=True)],
                    "(for information)")
    for key, label, target in (("role", "largest role page", "role_page_kb"),
                               ("competency", "largest competency page", "competency_page_kb"),
                               ("any", "largest page", "any_page_kb")):
        cells: list[str] = []
        oks: list[Verdict] = []
        for r in rs:
            size, path = b(r, "pages")["biggest"][key] if b(r, "pages") else (0, "")
            cells.append(f"{size / KB:.0f} KB `{path}`" if path else "–")
            oks.append(size < TARGETS[target] * KB if path else None)
        t.row(label, cells, f"< {TARGETS[target]:.0f} KB", oks)


def results_table(results: list[dict[str, Any]]) -> str:
    t = Table(results)
    t.row("Data files (MB)", [f"{r['files']:,} ({r['megabytes']:.1f} MB)" for r in results])
    if any("validate" in r for r in results):
        validate_rows(t)
    measured = ("cmap", "plain_sections", "plain", "zensical")
    if any(r.get("build", {}).get(key) for r in results for key in measured):
        build_rows(t)
    return t.text()


def serve_target(company: str) -> float | None:
    if company == "example":
        return TARGETS["serve_example_s"]
    return TARGETS["serve_s"] if company == f"{SERVE_AT:,} employees" else None


def serve_table(serves: list[dict[str, Any]]) -> str:
    """One row per company: start-up, edit → updated page (best, median), memory."""
    rows = ["| `cmap serve` on | start-up (first page) | edit → updated page: best / median "
            "(runs) | peak memory | Target (median) | Result |", "|---|---|---|---|---|---|"]
    for s in serves:
        limit = serve_target(s["company"])
        target = f"≤ {limit:g} s" if limit is not None else "(for information)"
        if s.get("failed") and not s.get("edits_s"):
            why = s["failed"].splitlines()[0].replace("|", "\\|")
            rows.append(f"| {s['company']} | – | failed: {why} | – | {target} | – |")
            continue
        runs = ", ".join(f"{x:.2f}" for x in s["edits_s"])
        ok: Verdict = None
        if limit is not None:
            ok = s["median_s"] <= limit and not s.get("failed")
        rows.append(f"| {s['company']} | {s['startup_s']:.2f} s | {s['best_s']:.2f} s / "
                    f"{s['median_s']:.2f} s ({runs}) | {peak_memory(s):.0f} MB | {target} | "
                    f"{verdict(ok) if limit is not None else ''} |")
    return "\n".join(rows)


def machine(checkout: Path) -> dict[str, str]:
    from importlib import metadata

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for pkg in ("PyYAML", "jsonschema", "jsonschema-rs", "check-jsonschema", "mkdocs",
                "mkdocs-material", "Jinja2", "Markdown", "pymdown-extensions", "zensical"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    try:
        import yaml

        libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "WITHOUT libyaml"
    except ImportError:
        libyaml = ""
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "memory": mem,
            "commit": commit_of(checkout), "checkout": str(checkout),
            "python": platform.python_version(), "os": f"{platform.system()} {platform.release()}",
            "packages": ", ".join(f"{k} {v}" for k, v in versions.items()) + f" (PyYAML {libyaml})"}


def commit_of(checkout: Path) -> str:
    """The checkout's commit, and whether its `generator/` has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=checkout,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator"], cwd=checkout,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
    return head + (" with uncommitted changes in generator/" if dirty else "")


def report(results: list[dict[str, Any]], serves: list[dict[str, Any]], info: dict[str, str],
           command: str, loads: list[float], edits: list[str]) -> str:
    """The whole report: how it was run, on what, the tables, and the profile groups."""
    lines = [
        f"Run with `{command}`; best of the runs for every build and validation measure; "
        "memory: the peak of the command's processes (the largest one's RSS, or their sampled "
        "sum of PSS where that is more).",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} RAM, {info['os']}, "
        f"Python {info['python']}.",
        "",
        f"Packages: {info['packages']}.",
        "",
        f"cmap: commit {info.get('commit') or 'unknown'} (`{info['checkout']}`).",
        "",
        f"1-minute load average before the measurements: {min(loads or [0]):.1f} to "
        f"{max(loads or [0]):.1f} (on {info['cpus']} CPUs; above about 1, other processes "
        "competed for the CPUs and wall times are inflated: compare the cpu figures too).",
        "",
        results_table(results),
    ]
    if edits:
        lines += ["", "Second build: " + "; ".join(edits) + "."]
    if serves:
        lines += ["", serve_table(serves)]
        lines += [""] + [f"Serve, {s['company']}: {s['edited']}." for s in serves if s["edited"]]
    failures = failed_measures(results) + [
        f"`cmap serve` on {s['company']}: {' '.join(s['failed'].split())[:300]}"
        for s in serves if s.get("failed")]
    if failures:
        lines += ["", "Failed or skipped:", ""] + [f"* {f}" for f in failures]
    for r in results:
        grouped = r.get("profile", {}).get("build_table")
        if grouped:
            lines += ["", f"Profile of `cmap build`, {r['employees']:,} employees "
                      f"(cProfile, wall clock; `bench/out/logs/{r['employees']}/build.prof`):",
                      "", grouped]
    return "\n".join(lines) + "\n"


def failed_measures(results: list[dict[str, Any]]) -> list[str]:
    """Each measure that failed, with the end of its output, one line each."""
    found = []
    for r in results:
        for part in ("validate", "build"):
            for key, m in (r.get(part) or {}).items():
                why = m.get("failed") if isinstance(m, dict) else m if key == "skipped" else ""
                if why:
                    label = m.get("label", key) if isinstance(m, dict) else "build"
                    flat = " ".join(str(why).split()).replace("|", "\\|")
                    found.append(f"{r['employees']:,} employees, {label}: {flat[:300]}")
    return found


def write_readme(readme: Path, text: str) -> None:
    """Put `text` between the results markers of bench/README.md."""
    current = readme.read_text("utf-8") if readme.is_file() else f"# Benchmark\n\n{BEGIN}\n{END}\n"
    if BEGIN not in current or END not in current:
        current += f"\n## Results\n\n{BEGIN}\n{END}\n"
    head, rest = current.split(BEGIN, 1)
    _, foot = rest.split(END, 1)
    readme.write_text(f"{head}{BEGIN}\n{text}{END}{foot}", encoding="utf-8")


def merge(saved: list[dict[str, Any]]) -> dict[str, Any]:
    """Several results.json into one: the sizes of all, a size measured in several runs
    with the measures of each (where two runs measured the same thing, the first counts)."""
    def deep(into: dict[str, Any], more: dict[str, Any]) -> None:
        for key, value in more.items():
            if isinstance(into.get(key), dict) and isinstance(value, dict):
                deep(into[key], value)
            else:
                into.setdefault(key, value)

    by_size: dict[int, dict[str, Any]] = {}
    serves: dict[str, dict[str, Any]] = {}
    for run in saved:
        for result in run.get("results", []):
            deep(by_size.setdefault(result["employees"], {}), result)
        for serve in run.get("serve", []):
            serves.setdefault(serve["company"], serve)
    order = ["example"] + [f"{n:,} employees" for n in sorted(by_size)]
    return {"machine": saved[0]["machine"],
            "command": "; ".join(run["command"] for run in saved),
            "loads": [x for run in saved for x in run.get("loads", [])],
            "results": [by_size[n] for n in sorted(by_size)],
            "serve": sorted(serves.values(), key=lambda s: order.index(s["company"])
                            if s["company"] in order else len(order))}


def main(argv: list[str] | None = None) -> int:
    """The report of saved results, e.g. of runs that measured one size or measure each."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description="The bench's report from saved results.json "
                                     "files; several are merged (runs of one size or of some "
                                     "measures each).")
    parser.add_argument("results", type=Path, nargs="+", help="bench/out/results.json files")
    parser.add_argument("--write-readme", action="store_true",
                        help="put the report into bench/README.md")
    args = parser.parse_args(argv)
    merged = merge([json.loads(p.read_text("utf-8")) for p in args.results])
    results = merged["results"]
    text = report(results, merged["serve"], merged["machine"], merged["command"],
                  merged["loads"], [f"{r['employees']:,} employees: {r['build']['edit']}"
                                    for r in results if r.get("build", {}).get("edit")])
    print(text)
    if args.write_readme:
        write_readme(Path(__file__).resolve().parent / "README.md", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
