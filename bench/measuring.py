"""Running and timing commands for the benchmark: every command is a child process.

All commands start the same way (a new interpreter, `python -m …` from the checkout), so
start-up and imports count alike. Wall time comes from `time.perf_counter()` around the
child; cpu time (user + system) and peak memory from the kernel's accounting of that child
and its descendants (`os.wait4`: the same figures as `getrusage(RUSAGE_CHILDREN)` or
`/usr/bin/time -v`, but per command). The kernel's peak is that of the largest single
process, which says nothing of workers running side by side, so `TreeMemory` also samples
the summed proportional set size (PSS: a page shared by n processes counts 1/n in each, so
forked workers are not counted twice for what they share) of the whole process tree. The
machine is shared, so the 1-minute load average is recorded before every repetition: the
report shows its range.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOADS: list[float] = []  # 1-minute load average before each repetition


@dataclass(frozen=True)
class Checkout:
    """The cmap checkout being measured, which need not be the one holding bench/.

    Commands run with the checkout as working directory and on PYTHONPATH, so `python -m
    generator.cli` imports its `generator/`, never an installed copy from elsewhere
    (`verify` checks it).
    """

    path: Path
    python: str = sys.executable

    @property
    def env(self) -> dict[str, str]:
        inherited = os.environ.get("PYTHONPATH")
        return {"PYTHONPATH": str(self.path) + (os.pathsep + inherited if inherited else "")}

    def cmap(self, *args: str) -> list[str]:
        return [self.python, "-m", "generator.cli", *args]

    def build_options(self) -> str:
        """The help of the checkout's `cmap build`: what options this version has."""
        probe = subprocess.run(self.cmap("build", "--help"), cwd=self.path,
                               env={**os.environ, **self.env}, capture_output=True, text=True)
        return probe.stdout

    def verify(self) -> Path:
        """Where the children import `generator` from; exits when it is not this checkout."""
        probe = subprocess.run([self.python, "-c", "import generator; print(generator.__file__)"],
                               cwd=self.path, env={**os.environ, **self.env},
                               capture_output=True, text=True)
        where = Path(probe.stdout.strip() or "?").resolve()
        if probe.returncode or not where.is_relative_to(self.path.resolve()):
            raise SystemExit(f"`python -m generator.cli` would not run the checkout {self.path}: "
                             f"generator is imported from {where}\n{probe.stderr}")
        return where


class TreeMemory(threading.Thread):
    """The peak of the summed PSS of a process and its descendants, sampled every
    `interval` seconds from /proc (Linux; elsewhere it stays 0). A peak shorter than the
    interval can be missed: the kernel's exact peak of the largest process is kept too."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, sum(map(pss_mb, process_tree(self.pid))))
            if self._done.wait(self.interval):
                return

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak_mb


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc/PID/task/TID/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # ended meanwhile, or no /proc
            continue
    return found


def pss_mb(pid: int) -> float:
    """A process's proportional set size in MB (its RSS where smaps_rollup is missing)."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            continue
    return 0.0


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system time of the process tree
    rss_mb: float  # the kernel's peak RSS of the largest process of the tree
    code: int
    log: Path
    tree_mb: float = 0.0  # the sampled peak of the tree's summed PSS


@dataclass
class Measure:
    """Best wall time, best cpu time and peak memory over repeated runs."""

    label: str
    runs: list[float] = field(default_factory=list)
    cpu_runs: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    tree_mb: float = 0.0
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
                "peak_rss_mb": self.rss_mb, "peak_tree_mb": self.tree_mb,
                "failed": self.failed}


def run(cmd: list[str], log: Path, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `cmd`, output to `log`; wall time, cpu time and peak RSS of the process tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        out.write(("$ " + " ".join(cmd[:12]) + (" …" if len(cmd) > 12 else "") + "\n").encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
        memory = TreeMemory(proc.pid)
        memory.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        # wait4 reaped the child: tell Popen, or it would wait for it again
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               proc.returncode, log, memory.stop())


def tail(log: Path, lines: int = 6) -> str:
    text = log.read_text("utf-8", errors="replace").strip().splitlines()
    return "\n".join(text[-lines:])


@dataclass
class Command:
    """One command of a job; `before` prepares it (clean, edit a file) outside the timing."""

    argv: list[str]
    name: str  # the log file's stem
    before: Callable[[], None] | None = None


@dataclass
class Job:
    """Commands measured together: one repetition runs each once and counts their sum.

    A job that `follows` another runs in a repetition only when that one succeeded in the
    same repetition: a second build needs its first build's site and `.cmap/`.
    """

    label: str
    commands: list[Command]
    repeat: int
    follows: str = ""


def repetition(job: Job, m: Measure, rep: int, logs: Path, checkout: Checkout) -> bool:
    """Run repetition `rep` of `job` into `m`; whether every command succeeded."""
    total = cpu = 0.0
    load = os.getloadavg()[0]
    LOADS.append(load)
    for command in job.commands:
        if command.before:
            command.before()
        r = run(command.argv, logs / f"{command.name}.{rep}.log", checkout.path, checkout.env)
        if r.code != 0:
            m.failed = f"`{command.name}` exited {r.code}: {tail(r.log)}"
            print(f"    {job.label}: FAILED ({command.name}, exit {r.code})\n" +
                  textwrap.indent(tail(r.log), "      "))
            return False
        total += r.seconds
        cpu += r.cpu
        m.rss_mb = max(m.rss_mb, r.rss_mb)
        m.tree_mb = max(m.tree_mb, r.tree_mb)
    m.runs.append(total)
    m.cpu_runs.append(cpu)
    print(f"    {job.label}: run {rep + 1}/{job.repeat} {total:6.2f} s wall, {cpu:6.2f} s cpu, "
          f"peak {m.rss_mb:5.0f} MB (load before {load:.1f})")
    return True


def measure(jobs: list[Job], logs: Path, checkout: Checkout,
            measures: dict[str, Measure] | None = None,
            reps: range | None = None) -> dict[str, Measure]:
    """Interleaved: repetition k of every job runs before repetition k+1 of any, so a
    change in the machine's load hits all of them alike. The best run counts.

    Jobs run in the order given within a repetition, so a job that `follows` another must
    come after it. Returns the measures by job label; `measures` and `reps` continue
    earlier repetitions (e.g. repetition 0 alone first, to learn the site's pages).
    """
    measures = measures if measures is not None else {}
    for job in jobs:
        measures.setdefault(job.label, Measure(job.label))
    for rep in reps if reps is not None else range(max((j.repeat for j in jobs), default=0)):
        succeeded: set[str] = set()
        for job in jobs:
            m = measures[job.label]
            if rep >= job.repeat or m.failed:
                continue
            if job.follows and job.follows not in succeeded:
                continue
            if repetition(job, m, rep, logs, checkout):
                succeeded.add(job.label)
    return measures
