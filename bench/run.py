#!/usr/bin/env python3
"""Measure cmap against its baselines on the same synthetic company, side by side.

    python bench/run.py [--employees 5000 10000] [--repeat 3] [--skip-build] [--keep]
                        [--cycles 8] [--profile] [--write-readme]

For each company size it writes the company with `bench/make_company.py` into bench/out/
and measures, as child processes started the same way (so interpreter start-up counts
alike for all):

* `cmap validate` against loading the same files with `yaml.load(..., CSafeLoader)`
  and against `check-jsonschema` on the same files and schemas (one invocation per kind,
  summed);
* `cmap build` against `mkdocs build` (mkdocs-material, `navigation.prune`) of the same
  number of plain Markdown pages, spread over the same sections;
* the sizes of the largest role, competency and overall page of the built site.

Wall time is the best of --repeat runs; peak memory is the largest maximum resident set
size of a child and its descendants (`os.wait4`, the kernel's per-child rusage: the same
figure as `getrusage(RUSAGE_CHILDREN)` or `/usr/bin/time -v`, but per command).
It prints a Markdown table; --write-readme also puts it into bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
README = BENCH / "README.md"
SCHEMAS = REPO / "generator" / "schemas"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
LOADS: list[float] = []  # 1-minute load average before each repetition
KB = 1000  # page-size targets are read as 1 KB = 1,000 bytes (the stricter reading)

TARGETS = {
    "validate_vs_load": 1.5,    # cmap validate ≤ 1.5 × CSafeLoader load
    "cjs_vs_validate": 5.0,     # check-jsonschema ≥ 5 × cmap validate
    "build_vs_plain": 1.2,      # cmap build ≤ 1.2 × plain mkdocs-material build
    "build_scaling": 2.2,       # twice the company ≤ 2.2 × the time
    "role_page_kb": 60,
    "competency_page_kb": 60,
    "any_page_kb": 300,
}

LOADER = """
import sys, yaml
paths = open(sys.argv[1], encoding="utf-8").read().split("\\n")
for path in filter(None, paths):
    with open(path, "rb") as handle:
        yaml.load(handle.read().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
print(len(paths) - paths.count(""), "files loaded")
"""


# --------------------------------------------------------------------------------------
# Running and timing commands.


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system time of the process tree
    rss_mb: float
    code: int
    log: Path


@dataclass
class Measure:
    """Best wall time and peak memory over repeated runs of one or more commands."""

    label: str
    runs: list[float] = field(default_factory=list)
    cpu_runs: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    failed: str = ""

    @property
    def best(self) -> float:
        return min(self.runs) if self.runs else float("nan")

    @property
    def best_cpu(self) -> float:
        return min(self.cpu_runs) if self.cpu_runs else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "best_s": self.best, "runs_s": self.runs,
                "best_cpu_s": self.best_cpu, "cpu_runs_s": self.cpu_runs,
                "peak_rss_mb": self.rss_mb, "failed": self.failed}


def run(cmd: list[str], log: Path, cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Run `cmd`, output to `log`; wall time and peak RSS of the process tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        out.write(("$ " + " ".join(cmd[:12]) + (" …" if len(cmd) > 12 else "") + "\n").encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               proc.returncode, log)


def tail(log: Path, lines: int = 6) -> str:
    text = log.read_text("utf-8", errors="replace").strip().splitlines()
    return "\n".join(text[-lines:])


@dataclass
class Job:
    """Commands measured together: one repetition runs each once and counts their sum."""

    label: str
    commands: list[tuple[list[str], str]]
    repeat: int
    before_each: Any = None


def repetition(job: Job, m: Measure, rep: int, logs: Path) -> None:
    total = cpu = 0.0
    load = os.getloadavg()[0]
    LOADS.append(load)
    for cmd, name in job.commands:
        if job.before_each:
            job.before_each()
        r = run(cmd, logs / f"{name}.{rep}.log")
        if r.code != 0:
            m.failed = f"`{name}` exited {r.code}: {tail(r.log)}"
            print(f"    {job.label}: FAILED ({name}, exit {r.code})\n" +
                  textwrap.indent(tail(r.log), "      "))
            return
        total += r.seconds
        cpu += r.cpu
        m.rss_mb = max(m.rss_mb, r.rss_mb)
    m.runs.append(total)
    m.cpu_runs.append(cpu)
    print(f"    {job.label}: run {rep + 1}/{job.repeat} {total:6.2f} s wall, {cpu:6.2f} s cpu, "
          f"peak {m.rss_mb:5.0f} MB (load before {load:.1f})")


def measure(jobs: list[Job], logs: Path, measures: list[Measure] | None = None,
            first: int = 0) -> list[Measure]:
    """Interleaved: repetition k of every job runs before repetition k+1 of any, so a
    change in the machine's load hits all of them alike. Best wall time counts."""
    measures = measures or [Measure(j.label) for j in jobs]
    for rep in range(first, max(j.repeat for j in jobs)):
        for job, m in zip(jobs, measures, strict=True):
            if rep < job.repeat and not m.failed:
                repetition(job, m, rep, logs)
    return measures


# --------------------------------------------------------------------------------------
# The company and its files.


def make_company(employees: int, seed: int, cycles: int) -> tuple[Path, str]:
    out = OUT / f"company-{employees}"
    proc = subprocess.run([sys.executable, str(BENCH / "make_company.py"), str(out),
                           "--employees", str(employees), "--seed", str(seed),
                           "--cycles", str(cycles)],
                          cwd=REPO, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"bench/make_company.py failed:\n{proc.stdout}{proc.stderr}")
    return out, proc.stdout


def data_files(root: Path) -> dict[str, list[Path]]:
    """The files `cmap validate` reads, by kind: found the way cmap finds them."""
    sys.path.insert(0, str(REPO))
    from generator.files.discovery import discover

    files, _ = discover(root)
    kinds: dict[str, list[Path]] = {}
    for f in files:
        kinds.setdefault(f.kind, []).append(f.path)
    return kinds


def schema_for(kind: str) -> Path:
    path = SCHEMAS / f"{kind}.schema.json"
    if not path.is_file():
        raise SystemExit(f"no schema for the kind {kind!r}: {path}")
    return path


# --------------------------------------------------------------------------------------
# Plain pages for the mkdocs-material baseline.

WORDS = (
    "the", "team", "customer", "store", "branch", "season", "target", "product", "service",
    "training", "level", "plan", "partner", "quality", "result", "manager", "report", "review",
    "week", "month", "standard", "process", "delivery", "stock", "price", "model", "region",
    "install", "repair", "market", "share", "visit", "order", "complaint", "warranty", "budget",
    "goal", "coach", "skill", "course", "feedback", "data", "system",
)


def plain_site(folder: Path, sections: dict[str, int], company_config: Path,
               seed: int) -> tuple[Path, Path]:
    """A docs folder with the given number of plain pages per section, and two configs:
    `mkdocs.yml` with mkdocs' automatic navigation (every page, under its section) and
    `mkdocs-sections.yml` with a navigation of the sections' index pages only, as cmap's."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)

    def sentence(n: int) -> str:
        words = [rng.choice(WORDS) for _ in range(n)]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph() -> str:
        return " ".join(sentence(rng.randint(10, 18)) for _ in range(rng.randint(3, 5)))

    for section, count in sorted(sections.items()):
        for i in range(count):
            if section == "":
                path = docs / ("index.md" if i == 0 else f"page-{i}.md")
            elif i == 0:
                path = docs / section / "index.md"
            else:
                path = docs / section / f"page-{i:05d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = "\n".join(f"| {rng.choice(WORDS).capitalize()} {i}-{r} | {rng.randint(1, 5)} | "
                             f"{sentence(rng.randint(3, 7))} |" for r in range(rng.randint(4, 8)))
            path.write_text(
                f"# {sentence(3)[:-1]} {i}\n\n{paragraph()}\n\n{paragraph()}\n\n"
                f"## {sentence(2)[:-1]}\n\n| Name | Level | Note |\n|---|---|---|\n{rows}\n\n"
                f"## {sentence(2)[:-1]}\n\n{paragraph()}\n", encoding="utf-8")
    theme = _company_theme(company_config)
    config: dict[str, Any] = {"site_name": "Plain pages (benchmark baseline)", "theme": theme,
              "plugins": ["search"]}
    import yaml

    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    named = sorted(s for s in sections if s)
    config["nav"] = [{"Home": "index.md"}] + [{s.capitalize(): f"{s}/index.md"} for s in named]
    config["not_in_nav"] = "".join(f"/{s}/\n" for s in named)
    (folder / "mkdocs-sections.yml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                encoding="utf-8")
    return folder / "mkdocs.yml", folder / "mkdocs-sections.yml"


def _company_theme(config: Path) -> dict[str, Any]:
    """The theme of the company's mkdocs.yml (no overrides folder), with navigation.prune."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/name, !ENV
    theme: dict[str, Any] = {"name": "material"}
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=Loader) or {}
        given = data.get("theme", {})
        if isinstance(given, dict):
            for key in ("name", "language", "features", "palette", "font", "icon"):
                if key in given and given[key] is not None:
                    theme[key] = given[key]
    except (OSError, yaml.YAMLError):
        pass
    theme.setdefault("font", False)
    features = list(theme.get("features") or [])
    if "navigation.prune" not in features:
        features.append("navigation.prune")
    theme["features"] = features
    return theme


def site_pages(site: Path) -> dict[str, Any]:
    """Pages of a built site: count per top-level section and the largest pages."""
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"
             and p.relative_to(site).parts[0] not in ("assets", "search")]
    sections: dict[str, int] = {}
    biggest: dict[str, tuple[int, str]] = {"role": (0, ""), "competency": (0, ""), "any": (0, "")}
    for p in pages:
        rel = p.relative_to(site)
        section = rel.parts[0] if len(rel.parts) > 1 else ""
        sections[section] = sections.get(section, 0) + 1
        size = p.stat().st_size
        # a role's own page is roles/<id>/index.html; roles/index.html is the catalogue
        kind = {"roles": "role", "competencies": "competency"}.get(section) \
            if len(rel.parts) == 3 else None
        for key in filter(None, (kind, "any")):
            if size > biggest[key][0]:
                biggest[key] = (size, rel.as_posix())
    return {"pages": len(pages), "sections": sections, "biggest": biggest,
            "bytes": sum(p.stat().st_size for p in pages)}


# --------------------------------------------------------------------------------------
# The benchmark.


def bench_size(employees: int, args: argparse.Namespace, build_ok: dict[str, Any]) -> dict[str, Any]:
    print(f"\n== {employees:,} employees")
    t0 = time.perf_counter()
    root, summary = make_company(employees, args.seed, args.cycles)
    print(textwrap.indent(summary.rstrip(), "  ") + f"\n  (written in {time.perf_counter() - t0:.1f} s)")
    kinds = data_files(root)
    all_files = [p for paths in kinds.values() for p in paths]
    result: dict[str, Any] = {
        "employees": employees, "files": len(all_files),
        "megabytes": sum(p.stat().st_size for p in all_files) / 1e6,
        "kinds": {k: len(v) for k, v in sorted(kinds.items())}}
    logs = OUT / "logs" / str(employees)
    listing = OUT / f"company-{employees}.files"
    listing.write_text("\n".join(str(p) for p in all_files) + "\n", encoding="utf-8")
    py = sys.executable

    print("  validate")
    jobs = [Job("cmap validate", [([py, "-m", "generator.cli", "--root", str(root), "validate"],
                                   "cmap-validate")], args.validate_repeat),
            Job("CSafeLoader load", [([py, "-c", LOADER, str(listing)], "csafeloader")],
                args.validate_repeat)]
    cjs_bin = shutil.which("check-jsonschema")
    if cjs_bin:
        cjs_cmds = [([cjs_bin, "--schemafile", str(schema_for(kind)), *map(str, paths)],
                     f"check-jsonschema-{kind}") for kind, paths in sorted(kinds.items())]
        jobs.append(Job(f"check-jsonschema ({len(cjs_cmds)} runs)", cjs_cmds, args.cjs_repeat))
    measures = measure(jobs, logs)
    cmap, load = measures[:2]
    if cjs_bin:
        cjs = measures[2]
    else:
        cjs = Measure("check-jsonschema", failed="not installed (pip install check-jsonschema)")
        print("    check-jsonschema: not installed (pip install check-jsonschema)")
    result["validate"] = {"cmap": cmap.as_dict(), "load": load.as_dict(), "cjs": cjs.as_dict()}
    if args.profile:
        result["validate"]["profile"] = profile(
            [py, "-m", "generator.cli", "--root", str(root), "validate"], logs / "validate.prof")

    if args.skip_build:
        return result
    if not build_ok.get("ok", True):
        result["build"] = {"skipped": build_ok["why"]}
        return result
    print("  build")
    site = OUT / f"site-cmap-{employees}"
    before = {p.name for p in root.iterdir()}

    def clean() -> None:
        """Each build starts clean: no site, no cache the previous build left in the repo."""
        shutil.rmtree(site, ignore_errors=True)
        for p in root.iterdir():
            if p.name not in before:
                shutil.rmtree(p) if p.is_dir() else p.unlink()

    build_cmd = [py, "-m", "generator.cli", "--root", str(root), "build", "--site-dir", str(site)]
    build_job = Job("cmap build", [(build_cmd, "cmap-build")], args.repeat, clean)
    build = Measure(build_job.label)
    repetition(build_job, build, 0, logs)  # the first build tells how many pages to compare with
    if build.failed:
        build_ok.update(ok=False, why=build.failed)
        result["build"] = {"skipped": build.failed}
        return result
    pages = site_pages(site)
    print(f"    cmap site: {pages['pages']} pages in {len(pages['sections'])} sections "
          f"({pages['bytes'] / 1e6:.1f} MB of HTML)")
    config, sections_config = plain_site(OUT / f"plain-{employees}", pages["sections"],
                                         root / "mkdocs.yml", args.seed)
    plain_dir = OUT / f"site-plain-{employees}"
    plain_job = Job("mkdocs-material, plain pages",
                    [([py, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(plain_dir)],
                      "mkdocs-plain")], args.repeat,
                    lambda: shutil.rmtree(plain_dir, ignore_errors=True))
    flat_dir = OUT / f"site-plain-sections-{employees}"
    flat_job = Job("plain pages, navigation of sections only",
                   [([py, "-m", "mkdocs", "build", "-q", "-f", str(sections_config), "-d",
                      str(flat_dir)], "mkdocs-plain-sections")], args.repeat,
                   lambda: shutil.rmtree(flat_dir, ignore_errors=True))
    plain, flat = Measure(plain_job.label), Measure(flat_job.label)
    repetition(plain_job, plain, 0, logs)
    repetition(flat_job, flat, 0, logs)
    build, plain, flat = measure([build_job, plain_job, flat_job], logs, [build, plain, flat],
                                 first=1)
    if args.profile:
        clean()
        result["build_profile"] = profile(build_cmd, logs / "build.prof")
    plain_pages = site_pages(plain_dir) if plain_dir.is_dir() else {"pages": 0}
    print(f"    plain site: {plain_pages['pages']} pages")
    result["build"] = {"cmap": build.as_dict(), "plain": plain.as_dict(),
                       "plain_sections": flat.as_dict(), "pages": pages,
                       "plain_pages": plain_pages.get("pages", 0),
                       "theme": _company_theme(root / "mkdocs.yml")}
    return result


def profile(cmd: list[str], out: Path) -> list[dict[str, Any]]:
    """Run `cmd` (python -m …) under cProfile; the top functions by own time."""
    import pstats

    assert cmd[1] == "-m"
    prof_cmd = [cmd[0], "-m", "cProfile", "-o", str(out), *cmd[1:]]
    r = run(prof_cmd, out.with_suffix(".log"))
    if r.code != 0 or not out.is_file():
        return []
    stats = pstats.Stats(str(out))
    rows = []
    for (file, line, func), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"where": f"{_short(file)}:{line}({func})", "calls": calls,
                     "own_s": round(tottime, 3), "cumulative_s": round(cumtime, 3)})
    rows.sort(key=lambda r: -r["own_s"])
    print(f"    profile ({out.name}, {r.seconds:.1f} s under cProfile), top own time:")
    for row in rows[:12]:
        print(f"      {row['own_s']:7.3f} s own {row['cumulative_s']:7.3f} s cum "
              f"{row['calls']:>9} calls  {row['where']}")
    cum = sorted((r for r in rows if "generator/" in r["where"]), key=lambda r: -r["cumulative_s"])
    print("    top cumulative in generator/:")
    for row in cum[:12]:
        print(f"      {row['cumulative_s']:7.3f} s cum {row['own_s']:7.3f} s own "
              f"{row['calls']:>9} calls  {row['where']}")
    return rows[:40] + [r for r in cum[:20] if r not in rows[:40]]


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# --------------------------------------------------------------------------------------
# Reporting.


def machine() -> dict[str, str]:
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
                "mkdocs-material", "Jinja2", "Markdown", "pymdown-extensions"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    try:
        import yaml

        libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "WITHOUT libyaml"
    except ImportError:
        libyaml = ""
    commit = ""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        commit = head + (" with uncommitted changes in generator/" if dirty else "")
    except OSError:
        pass
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "memory": mem, "commit": commit,
            "python": platform.python_version(), "os": f"{platform.system()} {platform.release()}",
            "packages": ", ".join(f"{k} {v}" for k, v in versions.items()) + f" (PyYAML {libyaml})"}


def _s(m: dict[str, Any]) -> str:
    if m.get("failed"):
        return "failed"
    return f"{m['best_s']:.2f} s (cpu {m['best_cpu_s']:.2f} s) · {m['peak_rss_mb']:.0f} MB"


def _ratio(a: dict[str, Any], b: dict[str, Any]) -> tuple[float, str]:
    """a ÷ b on wall time, with the cpu-time ratio for comparison."""
    wall = a["best_s"] / b["best_s"]
    cpu = a["best_cpu_s"] / b["best_cpu_s"]
    return wall, f"{wall:.2f}× (cpu {cpu:.2f}×)"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**pass**" if ok else "**FAIL**")


def table(results: list[dict[str, Any]]) -> str:
    sizes = [r["employees"] for r in results]
    head = "| Measure | " + " | ".join(f"{n:,} employees" for n in sizes) + " | Target | Result |"
    rows = [head, "|---" * (len(sizes) + 3) + "|"]

    def row(label: str, cells: list[str], target: str = "",
            verdicts: list[bool | None] | None = None) -> None:
        verdict = " / ".join(map(_verdict, verdicts)) if verdicts is not None else ""
        rows.append(f"| {label} | " + " | ".join(cells) + f" | {target} | {verdict} |")

    def usable(*measures: dict[str, Any] | None) -> bool:
        return all(m and not m["failed"] for m in measures)

    def ratio_row(label: str, key: str, pairs: list[tuple[Any, Any]], target: str,
                  passes: Any = None, faster: bool = False) -> None:
        """A row of a ÷ b per size; `passes(x)` judges the wall-time ratio."""
        cells: list[str] = []
        oks: list[bool | None] = []
        for r, (a, b) in zip(results, pairs, strict=True):
            if not usable(a, b):
                cells.append("–")
                oks.append(None)
                continue
            x, text = _ratio(a, b)
            r[key] = x
            cells.append(text.replace("×", "× faster", 1) if faster else text)
            oks.append(passes(x) if passes else None)
        row(label, cells, target, oks if passes else None)

    def v(r: dict[str, Any], key: str) -> dict[str, Any]:
        return r["validate"][key]  # type: ignore[no-any-return]

    def b(r: dict[str, Any], key: str) -> Any:
        return r.get("build", {}).get(key)

    row("Data files (MB)", [f"{r['files']:,} ({r['megabytes']:.1f} MB)" for r in results])
    row("`cmap validate`", [_s(v(r, "cmap")) for r in results])
    row("CSafeLoader load of the same files", [_s(v(r, "load")) for r in results])
    row("`check-jsonschema`, one run per kind, summed", [_s(v(r, "cjs")) for r in results])
    ratio_row("validate ÷ CSafeLoader load", "validate_vs_load",
              [(v(r, "cmap"), v(r, "load")) for r in results],
              f"≤ {TARGETS['validate_vs_load']}×", lambda x: x <= TARGETS["validate_vs_load"])
    ratio_row("validate vs check-jsonschema", "cjs_vs_validate",
              [(v(r, "cjs"), v(r, "cmap")) for r in results],
              f"≥ {TARGETS['cjs_vs_validate']:.0f}× faster",
              lambda x: x >= TARGETS["cjs_vs_validate"], faster=True)
    if len(results) == 2 and usable(v(results[0], "cmap"), v(results[1], "cmap")):
        _, text = _ratio(v(results[1], "cmap"), v(results[0], "cmap"))
        row(f"validate {sizes[1]:,} ÷ {sizes[0]:,}", [text, ""], "(for information)")

    if not any(b(r, "cmap") for r in results):
        why = next((r["build"]["skipped"] for r in results if "skipped" in r.get("build", {})),
                   "skipped (--skip-build)")
        why = why.replace("\n", " ").replace("|", "\\|")
        row("`cmap build`", ["not measured"] * len(results),
            f"≤ {TARGETS['build_vs_plain']}× plain", [None] * len(results))
        rows += ["", f"Build not measured: {why}"]
        return "\n".join(rows)

    row("`cmap build` (pages)", [f"{_s(b(r, 'cmap'))} ({b(r, 'pages')['pages']:,} pages)"
                                 if b(r, "cmap") else "–" for r in results])
    row("mkdocs-material, same number of plain pages",
        [f"{_s(b(r, 'plain'))} ({r['build']['plain_pages']:,} pages)" if b(r, "plain") else "–"
         for r in results])
    ratio_row("build ÷ plain build", "build_vs_plain", [(b(r, "cmap"), b(r, "plain")) for r in results],
              f"≤ {TARGETS['build_vs_plain']}×", lambda x: x <= TARGETS["build_vs_plain"])
    row("plain pages, navigation of sections only (as cmap's)",
        [_s(b(r, "plain_sections")) if b(r, "plain_sections") else "–" for r in results],
        "(for information)")
    ratio_row("build ÷ plain build with a navigation of sections only", "build_vs_sections",
              [(b(r, "cmap"), b(r, "plain_sections")) for r in results], "(for information)")
    if len(results) == 2 and usable(b(results[0], "cmap"), b(results[1], "cmap")):
        x, text = _ratio(b(results[1], "cmap"), b(results[0], "cmap"))
        row(f"build {sizes[1]:,} ÷ {sizes[0]:,}", [text, ""], f"≤ {TARGETS['build_scaling']}×",
            [x <= TARGETS["build_scaling"], None])
    for key, label, target in (("role", "largest role page", "role_page_kb"),
                               ("competency", "largest competency page", "competency_page_kb"),
                               ("any", "largest page", "any_page_kb")):
        cells: list[str] = []
        oks: list[bool | None] = []
        for r in results:
            size, path = b(r, "pages")["biggest"][key] if b(r, "pages") else (0, "")
            cells.append(f"{size / KB:.0f} KB `{path}`" if path else "–")
            oks.append(size < TARGETS[target] * KB if path else None)
        row(label, cells, f"< {TARGETS[target]} KB", oks)
    return "\n".join(rows)


def report(results: list[dict[str, Any]], info: dict[str, str], args: argparse.Namespace) -> str:
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"Run on {when} with `python bench/run.py --employees "
        f"{' '.join(map(str, args.employees))} --repeat {args.repeat} --validate-repeat "
        f"{args.validate_repeat} --cjs-repeat {args.cjs_repeat} --cycles {args.cycles}`"
        f"{' --skip-build' if args.skip_build else ''}: best of {args.validate_repeat} for "
        f"validation, {args.repeat} for builds, {args.cjs_repeat} for check-jsonschema; peak "
        "RSS of the child process tree.",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} RAM, {info['os']}, "
        f"Python {info['python']}.",
        "",
        f"Packages: {info['packages']}.",
        "",
        f"cmap: commit {info.get('commit') or 'unknown'}.",
        "",
        f"1-minute load average before the measurements: {min(LOADS or [0]):.1f} to "
        f"{max(LOADS or [0]):.1f} (on {info['cpus']} CPUs; above about 1, other processes "
        "competed for the CPUs and wall times are inflated: compare the cpu figures too).",
        "",
        table(results),
    ]
    return "\n".join(lines) + "\n"


def write_readme(text: str) -> None:
    readme = README.read_text("utf-8") if README.is_file() else f"# Benchmark\n\n{BEGIN}\n{END}\n"
    if BEGIN not in readme or END not in readme:
        readme += f"\n## Results\n\n{BEGIN}\n{END}\n"
    head, rest = readme.split(BEGIN, 1)
    _, foot = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{text}{END}{foot}", encoding="utf-8")
    print(f"\nwrote the results into {README.relative_to(REPO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, nargs="+", default=[5000, 10000],
                        help="company sizes to measure (default: 5000 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the best counts")
    parser.add_argument("--validate-repeat", type=int, default=None,
                        help="runs of cmap validate and the CSafeLoader load (default: --repeat)")
    parser.add_argument("--cjs-repeat", type=int, default=1,
                        help="runs of the (slow) check-jsonschema baseline (default 1)")
    parser.add_argument("--cycles", type=int, default=8,
                        help="training cycles of needs and plans in the company (default 8)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-build", action="store_true", help="measure validation only")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated companies and sites in bench/out/")
    parser.add_argument("--profile", action="store_true",
                        help="also run cmap validate and build once under cProfile")
    parser.add_argument("--write-readme", action="store_true",
                        help="put the results into bench/README.md")
    args = parser.parse_args(argv)
    args.validate_repeat = args.validate_repeat or args.repeat
    if min(args.repeat, args.validate_repeat, args.cjs_repeat) < 1:
        parser.error("--repeat, --validate-repeat and --cjs-repeat must be at least 1")
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"{info['cpus']} CPUs ({info['cpu']}), Python {info['python']}\n{info['packages']}")
    build_ok: dict[str, Any] = {"ok": True}  # set to False by the first failed `cmap build`
    results = []
    try:
        for employees in args.employees:
            results.append(bench_size(employees, args, build_ok))
    finally:
        if not args.keep:
            for employees in args.employees:
                for name in (f"company-{employees}", f"site-cmap-{employees}",
                             f"plain-{employees}", f"site-plain-{employees}",
                             f"site-plain-sections-{employees}"):
                    shutil.rmtree(OUT / name, ignore_errors=True)
                (OUT / f"company-{employees}.files").unlink(missing_ok=True)
    text = report(results, info, args)
    (OUT / "results.json").write_text(json.dumps({"machine": info, "results": results}, indent=2,
                                                 default=str), encoding="utf-8")
    print("\n" + text)
    if args.write_readme:
        write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
