"""`cmap serve`: the site on a local address, brought up to date whenever a data file, a
guide or mkdocs.yml changes, with live reload in the browser.

A `Preview` keeps between two changes what the first build made: the files as read and
parsed (`LoadCache`), the generated site (`SiteGeneration`) and MkDocs' session, with every
page. After an edit it reads again only the changed files, makes again only the pages that
read them (`page_reads`), and renders only those in MkDocs, plus every page when a title in
the navigation changed. Pages added or removed, or a changed guide or mkdocs.yml, rebuild
MkDocs' session (a new navigation); the model is still worked out from the kept files.

Changes are noticed by the operating system's file notifications (`watchfiles`), not by
polling: a `Watcher` thread hands them to MkDocs' live-reload server, whose build loop calls
`Preview.apply` and holds page requests until the rebuild is done. Invalid data is reported
on the terminal and the pages of the last valid state stay served until it is fixed, each
with the errors at its top (`preview_errors`); with no valid state yet, every address
answers with the errors alone. A rebuild, failed or not, reloads the browsers' pages.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from os.path import isfile, join
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import paths
from generator.files.history import Change, last_changes
from generator.files.safe_write import check_path
from generator.model.competency_map import CompetencyMap
from generator.problems import CmapError
from generator.progress import NO_PROGRESS, Progress
from generator.rules.report import report_text
from generator.rules.repository import LoadCache, LoadResult, load_repository
from generator.site.mkdocs_build import (
    GENERATED_DOCS,
    load_mkdocs_config,
    rebuild_pages,
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
from generator.site.map_history import MapHistory, map_history
from generator.site.mkdocs_session import MkDocsSession
from generator.site.preview_errors import Failure, banner, error_page, with_banner
from generator.site.build_cache import history_digests
from generator.site.regeneration import SiteGeneration
from generator.site.work_folder import sync_tree

log = logging.getLogger("mkdocs.cmap")


@dataclass(frozen=True)
class Applied:
    """What one change did to the preview."""

    made: int = 0  #: pages made again (some may have come out the same)
    rendered: frozenset[str] = frozenset()  #: pages MkDocs rendered again
    whole: bool = False  #: MkDocs built the whole site again
    valid: bool = True  #: False: the data has errors; the last valid site stays


class Preview:
    def __init__(self, root: Path, *, progress: Progress = NO_PROGRESS) -> None:
        self.root = root.resolve()
        self.progress = progress
        self.config: SiteConfig = read_site_config(self.root)
        self.cache = LoadCache()
        self.digests: dict[str, str] = {}
        self.history: dict[str, Change] = {}
        self.changes = MapHistory()
        self.model: CompetencyMap | None = None  #: the last valid model
        self.generation: SiteGeneration | None = None
        self.session: MkDocsSession | None = None
        self.site_dir: Path | None = None
        self.serve_url = ""
        self.failure: Failure | None = None  #: why the last rebuild failed, if it did

    def watched(self) -> list[Path]:
        """The folders whose files make the preview rebuild (never the generated pages);
        mkdocs.yml is watched apart (`Watcher`)."""
        folders = [self.root / folder for folder in paths.DATA_DIRS]
        folders.append(self.config.guides_dir(self.root))
        return [folder for folder in folders if folder.is_dir()]

    def start(self, site_dir: Path, serve_url: str) -> bool:
        """The first build. False when the data has errors (reported): then there is no
        site unless an earlier run left generated pages."""
        self.site_dir, self.serve_url = site_dir, serve_url
        return self._build_all()

    def apply(self, changed: Iterable[Path]) -> Applied:
        """Bring the site up to date after `changed` files changed."""
        changed = set(changed)
        settings = {self.root / paths.SITE_CONFIG, *self._guide_paths(changed)}
        if self.generation is None or self.session is None or changed & settings:
            self.config = read_site_config(self.root)
            return Applied(whole=True, valid=self._build_all())
        result = self._load()
        if result is None:
            return Applied(valid=False)
        history, changes = last_changes(self.root), map_history(self.root)
        touched = {p for p in result.digests.keys() | self.digests.keys()
                   if result.digests.get(p) != self.digests.get(p)}
        dated, dated_before = history_digests(history, changes), history_digests(self.history, self.changes)
        touched |= {p for p in dated.keys() | dated_before.keys()
                    if dated.get(p) != dated_before.get(p)}
        self.digests, self.history, self.model = result.digests, history, result.model
        self.changes = changes
        guide_files, _ = collect_guides(self.root, self.config)
        pages_before, other_before = set(self.generation.pages), set(self.generation.other)
        update = self.generation.update(result.model, history, guide_files, touched,
                                        changes=changes, progress=self.progress)
        if not update.written and not update.removed:
            return Applied(made=update.made)
        sync_tree(self.root, GENERATED_DOCS, self.generation.other)
        self._hand_over(self.session.plugin)
        if (set(self.generation.pages) != pages_before
                or set(self.generation.other) != other_before):
            self._render_all()
            return Applied(made=update.made, whole=True)
        static = {p for p in update.written if p not in self.generation.pages}
        rendered = rebuild_pages(self.session, update.pages, self.generation.markdown, static)
        return Applied(made=update.made, rendered=frozenset(rendered))

    # -- the steps ----------------------------------------------------------------------

    def _guide_paths(self, changed: set[Path]) -> set[Path]:
        guides = self.config.guides_dir(self.root)
        return {path for path in changed if guides in path.parents}

    def failed(self, message: str) -> None:
        """A rebuild stopped for a reason other than the data's errors (`CmapError`)."""
        self.failure = Failure(message=message)

    def _load(self) -> LoadResult | None:
        result = load_repository(self.root, guides=self.config.docs_dir, cache=self.cache)
        if not result.ok:
            report_text(result.problems, len(result.files), sys.stderr)
            if self.generation is not None:
                print("cmap serve: the site shows the last valid state, and these errors at "
                      "the top of every page, until they are fixed.", file=sys.stderr)
            self.failure = Failure(tuple(p for p in result.problems if p.is_error))
            return None
        self.failure = None
        return result

    def _build_all(self) -> bool:
        result = self._load()
        if result is None:
            with contextlib.suppress(CmapError):  # guides and settings may still change
                guide_files, guides = collect_guides(self.root, self.config)
                write_derived_config(self.root, self.config, set(guide_files), guides)
            return False
        guide_files, guides = collect_guides(self.root, self.config)
        self.history, self.changes = last_changes(self.root), map_history(self.root)
        self.digests, self.model = result.digests, result.model
        self.generation = SiteGeneration.full(
            result.model, self.config.settings(guides), self.config.publisher(result.model),
            self.history, guide_files, changes=self.changes, progress=self.progress)
        sync_tree(self.root, GENERATED_DOCS, self.generation.other)
        write_derived_config(self.root, self.config, set(guide_files), guides)
        self._render_all()
        return True

    def _render_all(self) -> None:
        assert self.generation is not None and self.site_dir is not None
        plugin = CmapPlugin({}, self.config.docs_dir)
        self._hand_over(plugin)
        self.session = run_mkdocs_build(self.root / DERIVED, self.site_dir, plugin,
                                        serve_url=self.serve_url, progress=self.progress)

    def _hand_over(self, plugin: CmapPlugin) -> None:
        """Give cmap's plugin the generated pages as they are now."""
        assert self.generation is not None
        plugin.sources = self.generation.sources
        plugin.pages = self.generation.split_pages
        plugin.markdown = self.generation.markdown


class Watcher:
    """Threads that wait for the operating system to report changes under the preview's
    folders and to mkdocs.yml, and hand each batch to `notify`."""

    def __init__(self, preview: Preview, notify: Any) -> None:
        self.preview, self.notify = preview, notify
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self._watch, args=(preview.watched(), True, None),
                             daemon=True, name="cmap-watch"),
            # mkdocs.yml is replaced by many editors (written anew and renamed): its folder
            # is watched, not the file, and not below it.
            threading.Thread(target=self._watch,
                             args=([preview.root], False, preview.root / paths.SITE_CONFIG),
                             daemon=True, name="cmap-watch-config")]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=2)

    def _watch(self, folders: list[Path], recursive: bool, only: Path | None) -> None:
        import watchfiles

        def wanted(_: Any, path: str) -> bool:
            return only is None or Path(path) == only

        if not folders:
            return
        for changes in watchfiles.watch(*folders, recursive=recursive, watch_filter=wanted,
                                        stop_event=self.stop, debounce=400, step=30,
                                        ignore_permission_denied=True, raise_interrupt=False):
            self.notify({Path(path) for _, path in changes})


def serve(root: Path, *, dev_addr: str | None = None,
          progress: Progress = NO_PROGRESS) -> None:
    """Serve the site with live reload until interrupted."""
    from mkdocs.livereload import LiveReloadServer, _serve_url

    class Server(LiveReloadServer):
        """MkDocs' live-reload server, told of changes by the `Watcher` (its own watcher,
        which polls every half second, is given nothing to watch)."""

        def __init__(self, **options: Any) -> None:
            super().__init__(builder=self.rebuild, **options)
            self.pending: set[Path] = set()
            # MkDocs puts its live-reload script only into the pages of a server that
            # watches paths itself. The `Watcher` watches them; naming them here turns the
            # script on (MkDocs' own observer is given nothing to poll).
            self._watched_paths = {str(folder): 1 for folder in preview.watched()}

        def changed(self, paths: set[Path]) -> None:
            with self._rebuild_cond:
                self.pending |= paths
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def rebuild(self) -> None:
            with self._rebuild_cond:
                changed, self.pending = self.pending, set()
            try:
                applied = preview.apply(changed)
            except CmapError as exc:
                print(f"cmap serve: {exc}", file=sys.stderr)
                preview.failed(str(exc))
                return
            if applied.valid:
                rendered = "every page" if applied.whole else f"{len(applied.rendered)} pages"
                log.info(f"Made {applied.made} pages again; rendered {rendered}.")

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            """Every page as MkDocs serves it (with the live-reload script), and the
            errors at its top while the last rebuild failed."""
            page: bytes = super()._inject_js_into_html(  # type: ignore[no-untyped-call]
                content, epoch)
            failure = preview.failure
            if failure is None:
                return page
            return with_banner(page, banner(failure, preview.config.language,
                                            site=preview.generation is not None))

        def serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
            """With no site yet, every address but the live reload's answers with the
            errors."""
            if (preview.generation is not None or preview.failure is None
                    or str(environ.get("PATH_INFO", "")).startswith("/livereload/")):
                return super().serve_request(environ, start_response)
            with self._epoch_cond:  # as MkDocs does: wait for the rebuild under way
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch = self._visible_epoch
            failure = preview.failure
            if failure is None:  # fixed meanwhile
                return super().serve_request(environ, start_response)
            page = error_page(failure, preview.config.language, preview.config.site_name)
            body = self._inject_js_into_html(page.encode("utf-8"), epoch)
            start_response("503 Service Unavailable", [
                ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]

    _show_mkdocs_messages()
    preview = Preview(root, progress=progress)
    options = {"dev_addr": dev_addr} if dev_addr else {}
    settings = load_mkdocs_config_for_serving(preview, **options)
    host, port = settings.dev_addr
    mount_path = urlsplit(settings.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    site_dir = Path(tempfile.mkdtemp(prefix="cmap-serve-"))
    try:
        if not preview.start(site_dir, serve_url):
            print("cmap serve: there is no site to serve until these are fixed; the browser "
                  "shows them, and the site once they are.", file=sys.stderr)
        server = Server(host=host, port=port, root=str(site_dir), mount_path=mount_path)
        server.error_handler = lambda code: _error_page(site_dir, code)
        watcher = Watcher(preview, server.changed)
        watcher.start()
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Shutting down…")
        finally:
            watcher.close()
            server.shutdown()
    except OSError as exc:
        raise CmapError(f"cmap serve stopped: {exc}") from exc
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def load_mkdocs_config_for_serving(preview: Preview, **options: Any) -> Any:
    """MkDocs' configuration as the preview will use it (for its address), from the derived
    configuration (written first, with the folder it names, if there is none yet)."""
    if not (preview.root / DERIVED).is_file():
        guide_files, guides = collect_guides(preview.root, preview.config)
        write_derived_config(preview.root, preview.config, set(guide_files), guides)
    check_path(preview.root, GENERATED_DOCS).mkdir(parents=True, exist_ok=True)
    return load_mkdocs_config(preview.root / DERIVED, CmapPlugin({}, ""), **options)


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
