"""bench/reporting.py: the rows, targets and verdicts of the results tables, from made-up
results (nothing is measured here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reporting import (
    BEGIN,
    END,
    failed_measures,
    memory_verdict,
    merge,
    peak_memory,
    report,
    results_table,
    serve_table,
    write_readme,
)


def m(seconds: float, cpu: float | None = None, rss: float = 100.0, failed: str = "") -> dict[str, Any]:
    return {"label": "x", "best_s": seconds, "runs_s": [seconds], "best_cpu_s": cpu or seconds,
            "cpu_runs_s": [cpu or seconds], "peak_rss_mb": rss, "failed": failed}


PAGES = {"pages": 2636, "biggest": {"role": (46_000, "roles/a/index.html"),
                                    "competency": (61_000, "competencies/b/index.html"),
                                    "any": (156_000, "cycles/c/plan/index.html")}}


def size(employees: int, build: float, sections: float, rss: float,
         **more: dict[str, Any]) -> dict[str, Any]:
    return {"employees": employees, "files": 1241, "megabytes": 7.9,
            "build": {"cmap": m(build, rss=rss), "plain_sections": m(sections),
                      "plain": m(sections * 15), "plain_pages": 2636, "pages": PAGES, **more}}


def row(text: str, label: str) -> list[str]:
    """The cells of the row whose first cell is `label`."""
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))]
        if cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label!r} in\n{text}")


def test_build_is_judged_against_the_sections_only_baseline() -> None:
    text = results_table([size(5000, 20.0, 14.0, 328), size(10_000, 50.0, 31.0, 630)])
    cells = row(text, "**build ÷ plain pages with sections-only navigation**")
    assert cells == ["1.43× (cpu 1.43×)", "1.61× (cpu 1.61×)", "≤ 1.5×", "**pass** / **FAIL**"]
    # the old baseline stays, for comparison only: no verdict
    old = row(text, "build ÷ plain pages with full navigation")
    assert old[-2:] == ["(for comparison; was ≤ 1.2×)", ""]


def test_scaling_and_memory_targets() -> None:
    text = results_table([size(5000, 20.0, 14.0, 328), size(10_000, 42.5, 31.0, 1100)])
    assert row(text, "build 10,000 ÷ 5,000") == ["2.12× (cpu 2.12×)", "", "≤ 2.1×", "**FAIL** / –"]
    # memory is judged at 10,000 employees only: 1 GB read as 1,000 MB
    assert row(text, "peak memory of `cmap build`") == ["328 MB", "1100 MB", "≤ 1 GB at 10,000",
                                                       "– / **FAIL**"]
    assert memory_verdict(10_000, m(1.0, rss=1000)) is True
    assert memory_verdict(10_000, m(1.0, rss=1001)) is False
    assert memory_verdict(5000, m(1.0, rss=5000)) is None
    assert memory_verdict(10_000, m(1.0, failed="exit 1")) is None


def test_second_build_rows_only_when_measured() -> None:
    plain = results_table([size(5000, 20.0, 14.0, 328)])
    assert "second build" not in plain
    text = results_table([size(5000, 20.0, 14.0, 328, second=m(5.0), unchanged=m(19.0),
                               zensical=m(30.0))])
    assert row(text, "**second build (one file changed) ÷ first build**") == [
        "0.25× (cpu 0.25×)", "≤ 0.3×", "**pass**"]
    assert row(text, "build with nothing changed ÷ first build")[-2:] == ["(for information)", ""]
    assert row(text, "zensical ÷ mkdocs `cmap build`")[0] == "1.50× (cpu 1.50×)"


def test_a_failed_measure_is_shown_and_not_judged() -> None:
    result = size(5000, 20.0, 14.0, 328, second=m(0.0, failed="`cmap-build-second` exited 1: "
                                                   "error | N403"))
    text = results_table([result])
    assert row(text, "second `cmap build`, one file changed")[0] == "failed"
    assert row(text, "**second build (one file changed) ÷ first build**") == ["–", "≤ 0.3×", "–"]
    assert failed_measures([result]) == [
        "5,000 employees, x: `cmap-build-second` exited 1: error \\| N403"]


def test_page_sizes_against_their_limits() -> None:
    text = results_table([size(5000, 20.0, 14.0, 328)])
    assert row(text, "largest role page") == ["46 KB `roles/a/index.html`", "< 60 KB", "**pass**"]
    assert row(text, "largest competency page")[-1] == "**FAIL**"  # 61,000 bytes > 60 KB


def serve(company: str, edits: list[float], failed: str = "") -> dict[str, Any]:
    ordered = sorted(edits)
    return {"company": company, "edited": "`x.yml`", "startup_s": 70.0, "edits_s": edits,
            "best_s": ordered[0] if edits else float("nan"),
            "median_s": ordered[len(ordered) // 2] if edits else float("nan"),
            "peak_rss_mb": 300.0, "failed": failed}


def test_serve_is_judged_on_the_median_edit() -> None:
    text = serve_table([serve("example", [0.8, 1.4, 0.9]), serve("5,000 employees", [2.0, 3.5, 3.2]),
                        serve("10,000 employees", [9.0])])
    assert row(text, "example") == ["70.00 s", "0.80 s / 0.90 s (0.80, 1.40, 0.90)", "300 MB",
                                     "≤ 1 s", "**pass**"]
    assert row(text, "5,000 employees")[-2:] == ["≤ 3 s", "**FAIL**"]
    assert row(text, "10,000 employees")[-2:] == ["(for information)", ""]
    broken = serve_table([serve("example", [], failed="no home page within 1800 s | x")])
    assert row(broken, "example")[1] == "failed: no home page within 1800 s \\| x"


def test_report_and_readme(tmp_path: Path) -> None:
    info = {"cpus": "2", "cpu": "AMD EPYC", "memory": "24 GB", "os": "Linux", "python": "3.11.7",
            "packages": "mkdocs 1.6.1", "commit": "0f968e9", "checkout": "/work/wt"}
    result = size(5000, 20.0, 14.0, 328, edit="`needs/2027-h1/a.yml`: headcount 2 → 1")  # type: ignore[arg-type]
    result["profile"] = {"build_table": "| Where the time goes | seconds | share |\n"}
    text = report([result], [serve("example", [1.2])], info, "python bench/run.py --repeat 1",
                  [0.5, 1.5], ["5,000 employees: `needs/2027-h1/a.yml`: headcount 2 → 1"])
    assert "Run with `python bench/run.py --repeat 1`" in text
    assert "cmap: commit 0f968e9 (`/work/wt`)." in text
    assert "load average before the measurements: 0.5 to 1.5" in text
    assert "Second build: 5,000 employees: `needs/2027-h1/a.yml`: headcount 2 → 1." in text
    assert "Serve, example: `x.yml`." in text
    assert "Profile of `cmap build`, 5,000 employees" in text

    readme = tmp_path / "README.md"
    readme.write_text(f"# Bench\n\nbefore\n{BEGIN}\nold\n{END}\nafter\n", encoding="utf-8")
    write_readme(readme, text)
    written = readme.read_text("utf-8")
    assert written.startswith(f"# Bench\n\nbefore\n{BEGIN}\nRun with")
    assert written.endswith(f"{END}\nafter\n")
    assert "old" not in written


def test_runs_of_one_size_or_measure_each_merge_into_one_report() -> None:
    machine = {"cpus": "2"}
    first = {"machine": machine, "command": "run a", "loads": [1.0],
             "results": [size(5000, 20.0, 14.0, 328)],
             "serve": [serve("5,000 employees", [3.0]), serve("example", [1.0])]}
    ten = size(10_000, 50.0, 31.0, 630)
    del ten["build"]["plain"]
    second = {"machine": {"cpus": "4"}, "command": "run b", "loads": [2.0], "results": [ten]}
    full = size(10_000, 99.0, 99.0, 999)
    full["build"] = {"cmap": m(99.0), "plain": m(600.0)}
    third = {"machine": machine, "command": "run c", "results": [full]}
    merged = merge([first, second, third])
    assert merged["machine"] is machine
    assert merged["command"] == "run a; run b; run c"
    assert merged["loads"] == [1.0, 2.0]
    assert [r["employees"] for r in merged["results"]] == [5000, 10_000]
    build = merged["results"][1]["build"]
    assert build["cmap"]["best_s"] == 50.0  # the first run that measured it counts
    assert build["plain"]["best_s"] == 600.0  # … and a later run adds what it lacked
    assert [s["company"] for s in merged["serve"]] == ["example", "5,000 employees"]


def test_memory_counts_every_process_of_a_command() -> None:
    """Workers side by side: the kernel's peak is the largest one's, the sampled sum of
    their proportional set sizes is what the machine needed."""
    workers = {**m(30.0, rss=400.0), "peak_tree_mb": 1200.0}
    assert peak_memory(workers) == 1200.0
    assert memory_verdict(10_000, workers) is False
    # one process: the exact peak is above what 0.2 s samples caught
    alone = {**m(30.0, rss=627.0), "peak_tree_mb": 610.0}
    assert peak_memory(alone) == 627.0
    result = size(10_000, 30.0, 20.0, 400.0)
    result["build"]["cmap"]["peak_tree_mb"] = 1200.0
    assert row(results_table([result]), "peak memory of `cmap build`") == [
        "1200 MB (largest process 400 MB RSS; all processes 1200 MB PSS)", "≤ 1 GB at 10,000",
        "**FAIL**"]
