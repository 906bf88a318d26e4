"""`cmap serve`: the site on a local address, rebuilt whenever a data file, a guide or
mkdocs.yml changes, with live reload in the browser.

A `Preview` holds what one preview needs from build to build (the repository, the last
fingerprint of its files, the sources of the last good pages), so nothing lives in module
state. Invalid data is reported on the terminal and the pages of the last valid state stay
served until it is fixed.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import tempfile
from os.path import isfile, join
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import paths
from generator.files.symlinks import walk
from generator.problems import CmapError
from generator.progress import NO_PROGRESS, Progress
from generator.rules.report import report_text
from generator.rules.repository import load_repository
from generator.site.mkdocs_build import (
    GENERATED_DOCS,
    Prepared,
    load_mkdocs_config,
    prepare,
    run_mkdocs_build,
)
from generator.site.mkdocs_config import (
    DERIVED,
    SiteConfig,
    collect_guides,
    read_site_config,
    write_derived_config,
)
from generator.site.mkdocs_plugin import CmapPlugin

Fingerprint = tuple[tuple[str, int, int], ...]


class Preview:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.config: SiteConfig = read_site_config(self.root)
        self.fingerprint: Fingerprint | None = None
        self.prepared: Prepared | None = None

    def watched(self) -> list[Path]:
        """What a change of makes the preview rebuild (never the generated pages)."""
        folders = [self.root / folder for folder in paths.DATA_DIRS]
        folders.append(self.config.guides_dir(self.root))
        return [*folders, self.root / paths.SITE_CONFIG]

    def refresh(self) -> bool:
        """Reload and validate the repository; regenerate the pages when it is valid.

        Returns whether the pages are up to date with the repository. Problems are printed;
        the pages of the last valid state stay in place.
        """
        fingerprint = self._fingerprint()
        if fingerprint == self.fingerprint:
            return True
        self.config = read_site_config(self.root)
        self.fingerprint = fingerprint
        result = load_repository(self.root, guides=self.config.docs_dir)
        if not result.ok:
            report_text(result.problems, len(result.files), sys.stderr)
            print("cmap serve: the site shows the last valid state until these are fixed.",
                  file=sys.stderr)
            with contextlib.suppress(CmapError):  # guides and settings may still change
                guide_files, guides = collect_guides(self.root, self.config)
                write_derived_config(self.root, self.config, set(guide_files), guides)
            return False
        try:
            self.prepared = prepare(self.root, self.config, result.model)
        except CmapError as exc:
            print(f"cmap serve: {exc}", file=sys.stderr)
            self.fingerprint = None
            return False
        return True

    def build(self, site_dir: Path, serve_url: str) -> None:
        self.refresh()
        plugin = (self.prepared.plugin(self.config) if self.prepared is not None
                  else CmapPlugin({}, self.config.docs_dir))
        run_mkdocs_build(self.root / DERIVED, site_dir, plugin, serve_url=serve_url)

    def _fingerprint(self) -> Fingerprint:
        marks: list[tuple[str, int, int]] = []
        for path in self.watched():
            listing = walk(path) if path.is_dir() else None
            for item in (listing.files + listing.links) if listing else [path]:
                with contextlib.suppress(OSError):
                    stat = item.lstat()
                    marks.append((str(item), stat.st_mtime_ns, stat.st_size))
        return tuple(sorted(marks))


def serve(root: Path, *, dev_addr: str | None = None,
          progress: Progress = NO_PROGRESS) -> None:
    """Serve the site with live reload until interrupted."""
    from mkdocs.livereload import LiveReloadServer, _serve_url

    _show_mkdocs_messages()
    preview = Preview(root)
    if not preview.refresh() and not (preview.root / GENERATED_DOCS / paths.HOME).is_file():
        raise CmapError("The repository has errors (listed above) and there are no pages "
                        "from an earlier run to serve. Fix the errors and run again.")
    options = {"dev_addr": dev_addr} if dev_addr else {}
    settings = load_mkdocs_config(preview.root / DERIVED, CmapPlugin({}, ""), **options)
    host, port = settings.dev_addr
    mount_path = urlsplit(settings.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    site_dir = Path(tempfile.mkdtemp(prefix="cmap-serve-"))

    def builder(config: Any = None) -> None:
        logging.getLogger("mkdocs").info("Building the site…")
        try:
            preview.build(site_dir, serve_url)
        except CmapError as exc:
            print(f"cmap serve: {exc}", file=sys.stderr)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir),
                              mount_path=mount_path)
    server.error_handler = lambda code: _error_page(site_dir, code)
    try:
        builder()
        for path in preview.watched():
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Shutting down…")
        finally:
            server.shutdown()
    except OSError as exc:
        raise CmapError(f"cmap serve stopped: {exc}") from exc
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    if code in (404, 500):
        page = join(site_dir, f"{code}.html")
        if isfile(page):
            return Path(page).read_bytes()
    return None


def _show_mkdocs_messages() -> None:
    """Print MkDocs' progress ("Serving on …", "Building…") unless logging is set up."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
