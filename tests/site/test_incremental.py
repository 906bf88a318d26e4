"""The preview is incremental: after an edit `cmap serve` makes again only the pages that
read the edited file, renders only those that came out different, and ends with the site a
fresh preview of the edited repository would show. `cmap serve` itself is run at the end:
a real file watcher, a real server, an edit seen in the page it serves.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import ROOT
from support.browser import copy_example

from generator.site.mkdocs_serve import Preview
from generator.site.page_reads import PageReads
from generator.site.generate import plan_pages
from generator.site.renderer import Renderer
from generator.starter.new_repository import write_starter

URL = "http://127.0.0.1:8000/"
COMPETENCY = "competency-map/competencies/communication.yml"


def started(root: Path, site: Path) -> Preview:
    preview = Preview(root)
    assert preview.start(site, URL)
    return preview


#: When an export was made: the one thing two builds of the same data may not share.
_EXPORTED = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")


def pages_of(site: Path) -> dict[str, bytes]:
    """Every page, search index and download of a site (the times of the exports left out)."""
    return {p.relative_to(site).as_posix(): _EXPORTED.sub(b"T", p.read_bytes())
            for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".json", ".csv")}


def rename(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "repo")


def test_an_edit_makes_again_only_the_pages_that_read_the_file(
        example: Path, tmp_path: Path) -> None:
    preview = started(example, tmp_path / "site")
    assert preview.generation is not None
    assert preview.model is not None
    renderer = Renderer(preview.model, preview.generation.settings)
    planned = plan_pages(renderer, reads=PageReads(renderer.model, renderer.index,
                                                   renderer.cycles))
    reading = {p.path for p in planned if p.reads is None or COMPETENCY in p.reads}
    untouched = tmp_path / "site" / "roles" / "branch-head" / "index.html"
    before = untouched.stat()

    rename(example / COMPETENCY, "name: Communication", "name: Clear communication")
    applied = preview.apply({example / COMPETENCY})

    assert applied.valid and not applied.whole
    assert applied.made == len(reading) + 1  # and the Downloads page
    assert applied.made < len(planned) / 2
    assert "competencies/communication.md" in applied.rendered
    assert applied.rendered <= reading
    page = (tmp_path / "site" / "competencies" / "communication" / "index.html").read_text()
    assert "Clear communication" in page
    assert untouched.stat().st_mtime_ns == before.st_mtime_ns
    assert untouched.stat().st_ino == before.st_ino


def test_after_edits_the_site_is_what_a_fresh_preview_shows(example: Path,
                                                             tmp_path: Path) -> None:
    preview = started(example, tmp_path / "site")
    rename(example / COMPETENCY, "name: Communication", "name: Clear communication")
    preview.apply({example / COMPETENCY})
    needs = sorted((example / "needs").rglob("*.yml"))[0]
    text = needs.read_text(encoding="utf-8")
    needs.write_text(re.sub(r"headcount: (\d+)", lambda m: f"headcount: {int(m[1]) + 1}",
                            text, count=1), encoding="utf-8")
    preview.apply({needs})

    fresh = tmp_path / "fresh"
    started(example, fresh)
    assert pages_of(tmp_path / "site") == pages_of(fresh)


def test_an_edit_that_breaks_the_data_keeps_the_last_site(
        example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    preview = started(example, tmp_path / "site")
    site = pages_of(tmp_path / "site")
    (example / COMPETENCY).write_text("id: communication\nname: [unclosed\n", encoding="utf-8")
    applied = preview.apply({example / COMPETENCY})
    assert not applied.valid
    assert f"{COMPETENCY}:3:1: error L102" in capsys.readouterr().err
    assert pages_of(tmp_path / "site") == site


def test_a_new_file_adds_its_page(example: Path, tmp_path: Path) -> None:
    preview = started(example, tmp_path / "site")
    new = example / "competency-map" / "competencies" / "listening.yml"
    text = (example / COMPETENCY).read_text(encoding="utf-8")
    new.write_text(text.replace("id: communication", "id: listening")
                   .replace("name: Communication", "name: Listening", 1), encoding="utf-8")
    applied = preview.apply({new})
    assert applied.valid and applied.whole
    assert "Listening" in (tmp_path / "site" / "competencies" / "listening" / "index.html"
                           ).read_text(encoding="utf-8")


def test_a_changed_mkdocs_yml_rebuilds_the_whole_site(example: Path, tmp_path: Path) -> None:
    preview = started(example, tmp_path / "site")
    config = example / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    name = re.search(r"^site_name: (.+)$", text, re.MULTILINE)
    assert name is not None
    config.write_text(text.replace(name.group(0), "site_name: Renamed academy"), encoding="utf-8")
    applied = preview.apply({config})
    assert applied.whole
    assert "Renamed academy" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


# -- cmap serve ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answer(url: str) -> tuple[int, str]:
    """The status and the page at `url`, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return int(answer.status), str(answer.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return error.code, str(error.read().decode("utf-8"))


def _get(url: str) -> str:
    return _answer(url)[1]


@contextlib.contextmanager
def _serving(root: Path) -> Iterator[str]:
    """`cmap serve` on `root`, once it answers: its address."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "serve",
         "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _answer(url)
                break
            except OSError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "cmap serve did not answer"
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def served(example: Path) -> Iterator[str]:
    with _serving(example) as url:
        yield url


def _wait_for(url: str, wanted: Callable[[str], bool], what: str) -> str:
    deadline = time.monotonic() + 60
    while not wanted(page := _get(url)):  # the server holds the request while it builds
        assert time.monotonic() < deadline, what
        time.sleep(0.1)
    return page


def test_cmap_serve_shows_an_edit_then_a_broken_files_errors_until_it_is_fixed(
        example: Path, served: str) -> None:
    page = served + "competencies/communication/"
    first = _get(page)
    assert "Clear communication" not in first
    assert "livereload(" in first  # the browser reloads the page after every rebuild
    rename(example / COMPETENCY, "name: Communication", "name: Clear communication")
    _wait_for(page, lambda html: "Clear communication" in html, "the edit never reached the page")

    rename(example / COMPETENCY, "category: core", "category: cor")
    broken = _wait_for(page, lambda html: "cmap-preview-errors" in html,
                       "the errors never reached the page")
    assert f"<code class=\"cmap-preview-place\">{COMPETENCY}:4:" in broken
    assert "R303 There is no category `cor`." in broken
    assert "Hint: Did you mean `core`?" in broken
    assert "Clear communication" in broken  # the last valid page, under the errors
    assert "livereload(" in broken

    rename(example / COMPETENCY, "category: cor", "category: core")
    _wait_for(page, lambda html: "cmap-preview-errors" not in html, "the errors never went")



def test_cmap_serve_of_a_broken_new_repository_shows_the_errors_then_the_site(
        tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write_starter(root, "Northwind Trading")
    company = root / "competency-map" / "departments" / "company.yml"
    rename(company, "type: company", "type: firm")
    with _serving(root) as url:
        status, page = _answer(url + "roles/")
        assert status == 503
        assert "competency-map/departments/company.yml:" in page and " S201 " in page
        assert "There is no site to show yet." in page
        assert "livereload(" in page
        rename(company, "type: firm", "type: company")
        _wait_for(url, lambda html: "Northwind Trading" in html and "cmap-preview" not in html,
                  "the site never came")
