"""`cmap serve`: how long from saving a file until the browser can load the updated page.

The server runs as a child process on a free port. Start-up is the time until the home
page answers (for information: the first build happens before the server listens). Then a
role's `title:` is edited `edits` times, alternating two new titles, and each time the
clock runs from the write until `GET /roles/<id>/` returns the new title, polled every
20 ms. MkDocs' live-reload server holds a request while it rebuilds, so the answer comes
as soon as the rebuilt page is there and never from a half-built site. This measures
whatever the checkout's `cmap serve` does: today it rebuilds everything on every change.

The server is always stopped with Ctrl-C (SIGINT, so it deletes its temporary site), then
SIGTERM and SIGKILL if it does not exit, also when the measure fails; its temporary folder
is inside bench/out (TMPDIR), so even a killed server leaves nothing elsewhere.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edits import retitle, role_to_retitle
from measuring import LOADS, Checkout, TreeMemory, tail

POLL = 0.02  # seconds between two requests for the page
SUFFIXES = (" (bench edit A)", " (bench edit B)")


@dataclass
class ServeResult:
    company: str
    edited: str = ""  # which file and what edit
    startup_s: float = float("nan")
    edits_s: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    tree_mb: float = 0.0
    failed: str = ""

    @property
    def best(self) -> float:
        return min(self.edits_s) if self.edits_s else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.edits_s) if self.edits_s else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {"company": self.company, "edited": self.edited, "startup_s": self.startup_s,
                "edits_s": self.edits_s, "best_s": self.best, "median_s": self.median,
                "peak_rss_mb": self.rss_mb, "peak_tree_mb": self.tree_mb,
                "failed": self.failed}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A `cmap serve` child process; `stop()` ends it and returns its peak memory."""

    def __init__(self, checkout: Checkout, root: Path, log: Path, tmp: Path) -> None:
        self.port = free_port()
        tmp.mkdir(parents=True, exist_ok=True)
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = log
        argv = checkout.cmap("--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{self.port}")
        with log.open("wb") as out:
            out.write(("$ " + " ".join(argv) + "\n").encode())
            out.flush()
            self.proc = subprocess.Popen(argv, cwd=checkout.path, stdout=out,
                                         stderr=subprocess.STDOUT,
                                         env={**os.environ, **checkout.env, "TMPDIR": str(tmp)})
        self.rss_mb = 0.0
        self.memory = TreeMemory(self.proc.pid)
        self.memory.start()
        self.exit_code: int | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def exited(self) -> bool:
        """Whether the server has ended (it is reaped here, with its rusage)."""
        if self.exit_code is not None:
            return True
        pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            return False
        self._reaped(status, usage)
        return True

    def _reaped(self, status: int, usage: Any) -> None:
        self.exit_code = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.exit_code  # reaped by wait4: Popen must not wait again
        self.rss_mb = usage.ru_maxrss / 1024

    def get(self, path: str, timeout: float) -> str | None:
        """The page's text, or None while the server does not answer it."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=max(timeout, 0.1)) as answer:
                return str(answer.read().decode("utf-8", errors="replace"))
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None

    def wait_for(self, path: str, text: str, deadline: float) -> bool:
        """Poll `path` until it contains `text`; False when the deadline passes or the
        server ends."""
        while time.perf_counter() < deadline:
            if self.exited():
                return False
            page = self.get(path, deadline - time.perf_counter())
            if page is not None and text in page:
                return True
            time.sleep(POLL)
        return False

    def stop(self) -> None:
        """Ctrl-C first (the server deletes its temporary site), then SIGTERM, SIGKILL."""
        for sig, grace in ((signal.SIGINT, 30.0), (signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
            if self.exited():
                return
            self.proc.send_signal(sig)
            deadline = time.perf_counter() + grace
            while time.perf_counter() < deadline:
                if self.exited():
                    return
                time.sleep(0.1)


def measure_serve(company: str, root: Path, checkout: Checkout, logs: Path, edits: int,
                  startup_limit: float) -> ServeResult:
    """Start `cmap serve` on `root`, edit a role's title `edits` times, stop the server.

    `startup_limit` seconds for the first page; each edit may take as long as the start-up
    did, five times over (a full rebuild takes about as long as the first build).
    """
    result = ServeResult(company)
    role, path, title = role_to_retitle(root)
    original = path.read_text("utf-8")
    result.edited = (f"`{path.relative_to(root).as_posix()}`: `title: {title}` → "
                     f"`{title}{SUFFIXES[0]}`, `{title}{SUFFIXES[1]}`, … alternating; "
                     f"page `/roles/{role}/`")
    shutil.rmtree(root / ".cmap", ignore_errors=True)  # start as a fresh clone does
    tmp = logs / "serve-tmp"
    LOADS.append(os.getloadavg()[0])
    start = time.perf_counter()
    server = Server(checkout, root, logs / "cmap-serve.log", tmp)
    try:
        if not server.wait_for("/", "</html>", start + startup_limit):
            result.failed = _why(server, f"no home page within {startup_limit:.0f} s")
            return result
        result.startup_s = time.perf_counter() - start
        print(f"    serve {company}: first page after {result.startup_s:.2f} s")
        limit = max(60.0, 5 * result.startup_s)
        for k in range(edits):
            new_title = title + SUFFIXES[k % 2]
            time.sleep(1.0)  # a later modification time than the last build saw, as in life
            LOADS.append(os.getloadavg()[0])
            written = time.perf_counter()
            path.write_text(retitle(original, new_title), encoding="utf-8")
            if not server.wait_for(f"/roles/{role}/", new_title, written + limit):
                result.failed = _why(server, f"edit {k + 1}: `/roles/{role}/` did not show "
                                     f"the new title within {limit:.0f} s")
                return result
            result.edits_s.append(time.perf_counter() - written)
            print(f"    serve {company}: edit {k + 1}/{edits} → updated page after "
                  f"{result.edits_s[-1]:.2f} s")
        return result
    finally:
        server.stop()
        result.rss_mb = server.rss_mb
        result.tree_mb = server.memory.stop()
        path.write_text(original, encoding="utf-8")
        shutil.rmtree(tmp, ignore_errors=True)
        if server.exit_code is None:
            result.failed = result.failed or "the server could not be stopped"


def _why(server: Server, what: str) -> str:
    ended = f" (the server exited {server.exit_code})" if server.exited() else ""
    return f"{what}{ended}: {tail(server.log)}"
