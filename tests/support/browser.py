"""Helpers of the browser tests (tests/site/test_browser.py): the built example site served on
127.0.0.1, its page types, axe-core from npm, and a recorder of what a page does wrong.

Nothing here needs a browser to be imported: Playwright is imported by the tests only.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from support import ROOT as REPO

# What a copy of the example repository needs to build its site.
EXAMPLE_FOLDERS = ("competency-map", "needs", "plans", "docs")
EXAMPLE_FILES = ("mkdocs.yml",)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# axe-core, pinned in tests/browser/package-lock.json and installed on first use.
NPM_PROJECT = REPO / "tests" / "browser"
AXE_SCRIPT = NPM_PROJECT / "node_modules" / "axe-core" / "axe.min.js"

LOCAL_HOSTS = frozenset({"127.0.0.1"})


# -- the example site -----------------------------------------------------------------


def copy_example(target: Path) -> Path:
    """A copy of the example repository (model, needs, plans, guides, mkdocs.yml)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in EXAMPLE_FOLDERS:
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, target / folder)
    for name in EXAMPLE_FILES:
        shutil.copy(REPO / name, target / name)
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that navigates on drops its downloads (broken pipe): not an error."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- page types -----------------------------------------------------------------------


def page_url(site: Path, html: Path) -> str:
    """The address of a built HTML file, as a directory URL where mkdocs made one."""
    rel = html.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def model_ids(model: Any) -> frozenset[str]:
    """Every id of the model (competencies, roles, departments, families, cycles …).

    Taken from the model's mappings whatever they are called, so that new kinds of
    entities count without changing this function.
    """
    ids: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, dict):
            for key in value:
                keys = key if isinstance(key, tuple) else (key,)
                ids.update(k for k in keys if isinstance(k, str))
    return frozenset(ids)


def pattern_of(url: str, ids: frozenset[str] = frozenset(),
               repeated: frozenset[tuple[int, str]] = frozenset()) -> str:
    """The page type of a URL: the segments that name an entity replaced by `*`.

    The first segment (the section) is kept. Later segments are replaced when they are an
    id of the model; the last one also when it is not a fixed sub-page name, i.e. one
    found under several parents (`repeated`, as (depth, name)). So `/roles/sales-rep/` →
    `/roles/*/`, `/map/departments/sales/` → `/map/departments/*/`, `/guides/x/` →
    `/guides/*/` and `/cycles/2026-h1/plan/` → `/cycles/*/plan/`.
    """
    trailing = url.endswith("/")
    parts = [p for p in url.split("/") if p]
    if len(parts) <= 1:
        return url
    out = [parts[0]]
    for depth, part in enumerate(parts[1:], start=1):
        last = depth == len(parts) - 1
        fixed = part not in ids and (not last or (depth, part) in repeated)
        out.append(part if fixed else "*")
    return "/" + "/".join(out) + ("/" if trailing else "")


def page_types(site: Path, ids: frozenset[str] = frozenset()) -> dict[str, str]:
    """One URL per page type of the built site, by pattern (sorted).

    `ids` are the model's ids (`model_ids`). The representative of a type is its largest
    page: the most content, so the most chances to overflow or to break a rule.
    """
    pages = [(page_url(site, p), p.stat().st_size) for p in site.rglob("*.html")]
    parents: dict[tuple[int, str], set[str]] = {}
    for url, _ in pages:
        parts = [p for p in url.split("/") if p]
        if len(parts) >= 3:
            parents.setdefault((len(parts) - 1, parts[-1]), set()).add("/".join(parts[:-1]))
    repeated = frozenset(key for key, where in parents.items() if len(where) > 1)
    best: dict[str, tuple[int, str]] = {}
    for url, size in pages:
        pattern = pattern_of(url, ids, repeated)
        if pattern not in best or (-size, url) < (-best[pattern][0], best[pattern][1]):
            best[pattern] = (size, url)
    return {pattern: best[pattern][1] for pattern in sorted(best)}


# -- axe-core -------------------------------------------------------------------------


def ensure_axe() -> tuple[Path | None, str]:
    """axe-core's script, installed with npm from the lock file when missing.

    Returns (path, "") or (None, why it is not available).
    """
    if AXE_SCRIPT.is_file():
        return AXE_SCRIPT, ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm is not installed: cannot install axe-core (tests/browser/package.json)"
    command = [npm, "ci", "--prefix", str(NPM_PROJECT), "--no-audit", "--no-fund",
               "--loglevel=error"]
    try:
        done = subprocess.run(command, cwd=NPM_PROJECT, capture_output=True, text=True,
                              timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"`npm ci` for axe-core failed: {exc}"
    if done.returncode != 0 or not AXE_SCRIPT.is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return None, "`npm ci` for axe-core failed: " + " / ".join(tail)
    return AXE_SCRIPT, ""


def axe_summary(violations: list[dict[str, Any]], impacts: tuple[str, ...]) -> list[str]:
    """Readable lines for the violations of the given impacts: rule, impact, elements."""
    lines = []
    for violation in violations:
        if violation.get("impact") not in impacts:
            continue
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        shown = ", ".join(targets[:4]) + (f" (+{len(targets) - 4})" if len(targets) > 4 else "")
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {shown}")
    return lines


# -- what a page does wrong -----------------------------------------------------------


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (our server); data: and blob: URLs do."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOCAL_HOSTS


@dataclass
class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by one page."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pending: set[Any] = field(default_factory=set)

    def watch(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console.append(f"uncaught: {exc}"))
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def settle(self, page: Any, timeout_ms: int = 5_000) -> None:
        """Wait until the page's requests (the search worker's index too) are done.

        Cheaper than Playwright's "networkidle", which always waits half a second more.
        """
        waited = 0
        while self.pending and waited < timeout_ms:
            page.wait_for_timeout(20)
            waited += 20

    def _console(self, message: Any) -> None:
        if message.type in ("error", "assert"):
            self.console.append(f"console.{message.type}: {message.text}")

    def _failed(self, request: Any) -> None:
        self.pending.discard(request)
        self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def clear(self) -> None:
        self.console.clear()
        self.failed.clear()
