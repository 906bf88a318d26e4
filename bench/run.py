#!/usr/bin/env python3
"""Measure cmap against its baselines on the same synthetic company, side by side.

    python bench/run.py [--employees 5000 10000] [--repeat 3] [--measures build serve …]
                        [--checkout DIR] [--profile] [--keep] [--write-readme]

For each company size it writes the company with `bench/make_company.py` into bench/out/
and measures, as child processes started the same way (so interpreter start-up counts
alike for all), the measures chosen with --measures (default: all):

* validate: `cmap validate` against loading the same files with `yaml.load(...,
  CSafeLoader)` and against `check-jsonschema` (one invocation per kind, summed);
* build: `cmap build` from a clean state, its peak memory and its largest pages;
* second: after that first build, one needs file changed and `cmap build` again into the
  same site, then once more with nothing changed;
* plain, plain-full: `mkdocs build` (mkdocs-material) of as many plain Markdown pages,
  spread over the same sections, with a navigation of sections only (the target's
  baseline) and with MkDocs' full navigation (the old baseline, for comparison);
* zensical: `cmap build --engine zensical` from a clean state;
* serve: `cmap serve`, the time from editing a role to its updated page, on the example
  company and on the sizes of --serve-employees.

The modules: measuring (child processes, timing, repetitions), baselines (the plain pages,
the data files), edits (the changes made between builds), serving (the serve measure),
profile_groups (cProfile in groups), reporting (the tables and bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import reporting
from baselines import LOADER, check_jsonschema, data_files, plain_site, schema_for, site_pages
from edits import Edit, needs_edit
from measuring import LOADS, Checkout, Command, Job, Measure, measure
from profile_groups import profile
from serving import measure_serve

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
README = BENCH / "README.md"
MEASURES = ("validate", "build", "second", "plain", "plain-full", "zensical", "serve")
BUILDS = ("build", "second", "plain", "plain-full")  # what needs a timed first `cmap build`
EXAMPLE = ("competency-map", "needs", "plans", "docs", "mkdocs.yml")  # the example company
SERVE_STARTUP_LIMIT = 1800.0  # seconds for `cmap serve` to show its first page


def make_company(employees: int, args: argparse.Namespace) -> tuple[Path, str]:
    out = OUT / f"company-{employees}"
    proc = subprocess.run([sys.executable, str(BENCH / "make_company.py"), str(out),
                           "--employees", str(employees), "--seed", str(args.seed),
                           "--cycles", str(args.cycles), "--site-config-from",
                           str(args.checkout)], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"bench/make_company.py failed:\n{proc.stdout}{proc.stderr}")
    return out, proc.stdout


def example_company(checkout: Path) -> Path:
    """The checkout's own example company, copied so serve's edits never touch it."""
    out = OUT / "company-example"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in EXAMPLE:
        source = checkout / name
        if source.is_dir():
            shutil.copytree(source, out / name)
        elif source.is_file():
            shutil.copy2(source, out / name)
    return out


def cleaner(root: Path, sites: list[Path], edit: Edit | None) -> Callable[[], None]:
    """What makes a build start clean: no site, nothing a build left in the company (such
    as `.cmap/`), and the data as generated (the second build's edit undone)."""
    generated = {p.name for p in root.iterdir()}

    def clean() -> None:
        for site in sites:
            shutil.rmtree(site, ignore_errors=True)
        for p in root.iterdir():
            if p.name not in generated:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
        if edit:
            edit.undo()

    return clean


def validate(root: Path, kinds: dict[str, list[Path]], args: argparse.Namespace,
             logs: Path, checkout: Checkout) -> dict[str, Any]:
    print("  validate")
    listing = OUT / f"{root.name}.files"
    listing.write_text("\n".join(str(p) for paths in kinds.values() for p in paths) + "\n",
                       encoding="utf-8")
    cmd = checkout.cmap("--root", str(root), "validate")
    jobs = [Job("cmap validate", [Command(cmd, "cmap-validate")], args.validate_repeat),
            Job("CSafeLoader load", [Command([checkout.python, "-c", LOADER, str(listing)],
                                             "csafeloader")], args.validate_repeat)]
    cjs_bin = check_jsonschema(checkout.python)
    if cjs_bin:
        jobs.append(Job("check-jsonschema", [
            Command([cjs_bin, "--schemafile", str(schema_for(kind, checkout)), *map(str, paths)],
                    f"check-jsonschema-{kind}") for kind, paths in sorted(kinds.items())],
            args.cjs_repeat))
    measures = measure(jobs, logs, checkout)
    cjs = measures.get("check-jsonschema") or Measure(
        "check-jsonschema", failed="not installed (pip install check-jsonschema)")
    if not cjs_bin:
        print("    check-jsonschema: not installed (pip install check-jsonschema)")
    result: dict[str, Any] = {"cmap": measures["cmap validate"].as_dict(),
                              "load": measures["CSafeLoader load"].as_dict(),
                              "cjs": cjs.as_dict()}
    if args.profile:
        result["profile"] = profile(cmd, logs / "validate.prof", checkout, groups=False)
    return result


def builds(root: Path, employees: int, args: argparse.Namespace, logs: Path,
           checkout: Checkout) -> dict[str, Any]:
    """The build measures, interleaved: repetition 0 of the `cmap build` chain first (its
    site tells how many plain pages to make), then every job's later repetitions."""
    chosen = set(args.measures)
    site, zensical_site = OUT / f"site-cmap-{employees}", OUT / f"site-zensical-{employees}"
    edit = needs_edit(root) if "second" in chosen else None
    clean = cleaner(root, [site, zensical_site], edit)
    build_cmd = checkout.cmap("--root", str(root), "build", "--site-dir", str(site))
    chain: list[Job] = []
    if chosen & set(BUILDS):
        chain.append(Job("cmap build", [Command(build_cmd, "cmap-build", clean)], args.repeat))
    if "second" in chosen and edit:
        chain += [Job("second build, one file changed",
                      [Command(build_cmd, "cmap-build-second", edit.apply)], args.repeat,
                      follows="cmap build"),
                  Job("build, nothing changed", [Command(build_cmd, "cmap-build-unchanged")],
                      args.repeat, follows="second build, one file changed")]
    result: dict[str, Any] = {"edit": edit.description if edit else ""}
    measures = measure(chain, logs, checkout, reps=range(1)) if chain else {}
    first = measures.get("cmap build")
    if first and first.failed:
        clean()
        return {"cmap": first.as_dict(), "skipped": first.failed}
    later: list[Job] = list(chain)
    if first:
        pages = site_pages(site)
        result["pages"] = pages
        print(f"    cmap site: {pages['pages']} pages in {len(pages['sections'])} sections "
              f"({pages['bytes'] / 1e6:.1f} MB of HTML)")
        plain_jobs = plain_baselines(employees, pages, root, args, checkout)
        measure(plain_jobs, logs, checkout, measures, reps=range(1))
        later += plain_jobs
    if "zensical" in chosen:
        zensical = Job("cmap build --engine zensical", [Command(
            checkout.cmap("--root", str(root), "build", "--engine", "zensical", "--site-dir",
                          str(zensical_site)), "cmap-build-zensical", clean)], args.repeat)
        measure([zensical], logs, checkout, measures, reps=range(1))
        later.append(zensical)
    measure(later, logs, checkout, measures, reps=range(1, args.repeat))
    if "plain-full" in chosen:
        plain = site_pages(OUT / f"site-plain-{employees}")
        result["plain_pages"] = plain["pages"]
    keys = {"cmap build": "cmap", "second build, one file changed": "second",
            "build, nothing changed": "unchanged", "plain pages, full navigation": "plain",
            "plain pages, navigation of sections only": "plain_sections",
            "cmap build --engine zensical": "zensical"}
    for label, m in measures.items():
        result[keys[label]] = m.as_dict()
    if args.profile and first and not first.failed:
        clean()
        # cProfile sees one process: with workers, the main process would only be seen waiting
        # for them. Versions without --jobs build in one process anyway.
        one_process = ["--jobs", "1"] if "--jobs" in checkout.build_options() else []
        profiled = profile(build_cmd + one_process, logs / "build.prof", checkout, groups=True)
        result["profile"] = profiled
    clean()
    return result


def plain_baselines(employees: int, pages: dict[str, Any], root: Path,
                    args: argparse.Namespace, checkout: Checkout) -> list[Job]:
    """The plain-page jobs chosen, on as many pages per section as the cmap site has."""
    config, sections_config = plain_site(OUT / f"plain-{employees}", pages["sections"],
                                         root / "mkdocs.yml", args.seed)
    jobs = []
    for name, label, conf, folder in (
            ("plain", "plain pages, navigation of sections only", sections_config,
             OUT / f"site-plain-sections-{employees}"),
            ("plain-full", "plain pages, full navigation", config,
             OUT / f"site-plain-{employees}")):
        if name in args.measures:
            jobs.append(Job(label, [Command(
                [checkout.python, "-m", "mkdocs", "build", "-q", "-f", str(conf), "-d",
                 str(folder)], f"mkdocs-{name}", remover(folder))], args.repeat))
    return jobs


def remover(folder: Path) -> Callable[[], None]:
    """Each plain build starts without the site of the previous one."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def bench_size(employees: int, args: argparse.Namespace, checkout: Checkout,
               build_failed: list[str]) -> dict[str, Any]:
    print(f"\n== {employees:,} employees ({time.strftime('%H:%M')})")
    t0 = time.perf_counter()
    root, summary = make_company(employees, args)
    print(textwrap.indent(summary.rstrip(), "  ") +
          f"\n  (written in {time.perf_counter() - t0:.1f} s)")
    kinds = data_files(root, checkout)
    all_files = [p for paths in kinds.values() for p in paths]
    result: dict[str, Any] = {
        "employees": employees, "files": len(all_files),
        "megabytes": sum(p.stat().st_size for p in all_files) / 1e6,
        "kinds": {k: len(v) for k, v in sorted(kinds.items())}}
    logs = OUT / "logs" / str(employees)
    if "validate" in args.measures:
        result["validate"] = validate(root, kinds, args, logs, checkout)
    if set(args.measures) & {*BUILDS, "zensical"}:
        if build_failed:  # a larger company would fail the same way, only later
            result["build"] = {"skipped": build_failed[0]}
        else:
            print("  build")
            result["build"] = builds(root, employees, args, logs, checkout)
            if "skipped" in result["build"]:
                build_failed.append(result["build"]["skipped"])
            elif result["build"].get("profile"):
                result["profile"] = {"build_table": result["build"]["profile"].get("table", "")}
    if "serve" in args.measures and employees in args.serve_employees:
        print("  serve")
        result["serve"] = measure_serve(f"{employees:,} employees", root, checkout, logs,
                                        args.serve_edits, SERVE_STARTUP_LIMIT).as_dict()
    return result


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--employees", type=int, nargs="+", default=[5000, 10000],
                        help="company sizes to measure (default: 5000 10000)")
    parser.add_argument("--measures", nargs="+", choices=MEASURES, default=list(MEASURES),
                        metavar="MEASURE",
                        help=f"what to measure (default: all): {', '.join(MEASURES)}")
    parser.add_argument("--checkout", type=Path, default=BENCH.parent,
                        help="the cmap checkout to measure (default: the one holding bench/)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the best counts")
    parser.add_argument("--validate-repeat", type=int, default=None,
                        help="runs of cmap validate and the CSafeLoader load (default: --repeat)")
    parser.add_argument("--cjs-repeat", type=int, default=1,
                        help="runs of the (slow) check-jsonschema baseline (default 1)")
    parser.add_argument("--serve-edits", type=int, default=3,
                        help="edits timed per `cmap serve` measure (default 3)")
    parser.add_argument("--serve-employees", type=int, nargs="*", default=None,
                        help="company sizes to measure `cmap serve` at, besides the example "
                             "(default: those of --employees up to 5000)")
    parser.add_argument("--cycles", type=int, default=8,
                        help="training cycles of needs and plans in the company (default 8)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-build", action="store_true",
                        help="measure validation only (the same as --measures validate)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated companies and sites in bench/out/")
    parser.add_argument("--profile", action="store_true",
                        help="also run cmap validate and build once under cProfile")
    parser.add_argument("--write-readme", action="store_true",
                        help="put the results into bench/README.md")
    args = parser.parse_args(argv)
    args.validate_repeat = args.validate_repeat or args.repeat
    if min(args.repeat, args.validate_repeat, args.cjs_repeat, args.serve_edits) < 1:
        parser.error("--repeat, --validate-repeat, --cjs-repeat and --serve-edits must be at "
                     "least 1")
    if args.skip_build:
        args.measures = ["validate"]
    if args.serve_employees is None:
        args.serve_employees = [n for n in args.employees if n <= reporting.SERVE_AT]
    elif not set(args.serve_employees) <= set(args.employees):
        parser.error("--serve-employees must be sizes of --employees")
    args.checkout = args.checkout.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    command = "python bench/run.py " + shlex.join(sys.argv[1:] if argv is None else argv)
    checkout = Checkout(args.checkout)
    where = checkout.verify()
    OUT.mkdir(parents=True, exist_ok=True)
    info = reporting.machine(args.checkout)
    print(f"{info['cpus']} CPUs ({info['cpu']}), Python {info['python']}\n{info['packages']}\n"
          f"measuring {where.parent} (commit {info['commit']}): {' '.join(args.measures)}")
    build_failed: list[str] = []  # the first failed `cmap build`: larger sizes are skipped
    results: list[dict[str, Any]] = []
    serves: list[dict[str, Any]] = []
    try:
        if "serve" in args.measures:
            print("\n== the example company\n  serve")
            serves.append(measure_serve("example", example_company(args.checkout), checkout,
                                        OUT / "logs" / "example", args.serve_edits,
                                        SERVE_STARTUP_LIMIT).as_dict())
        for employees in args.employees:
            results.append(bench_size(employees, args, checkout, build_failed))
            if "serve" in results[-1]:
                serves.append(results[-1]["serve"])
            save(info, command, results, serves)  # a run stopped later keeps this size
    finally:
        if not args.keep:
            remove_outputs(args.employees)
    text = reporting.report(results, serves, info, command, LOADS,
                            [f"{r['employees']:,} employees: {r['build']['edit']}"
                             for r in results if r.get("build", {}).get("edit")])
    save(info, command, results, serves)
    print("\n" + text)
    if args.write_readme:
        reporting.write_readme(README, text)
        print(f"wrote the results into {README}")
    return 0


def save(info: dict[str, str], command: str, results: list[dict[str, Any]],
         serves: list[dict[str, Any]]) -> None:
    (OUT / "results.json").write_text(json.dumps(
        {"machine": info, "command": command, "loads": LOADS, "results": results,
         "serve": serves}, indent=2, default=str), encoding="utf-8")


def remove_outputs(sizes: list[int]) -> None:
    shutil.rmtree(OUT / "company-example", ignore_errors=True)
    for n in sizes:
        for name in (f"company-{n}", f"site-cmap-{n}", f"site-zensical-{n}", f"plain-{n}",
                     f"site-plain-{n}", f"site-plain-sections-{n}"):
            shutil.rmtree(OUT / name, ignore_errors=True)
        (OUT / f"company-{n}.files").unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
