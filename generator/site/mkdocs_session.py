"""MkDocs' build, run step by step and kept: its configuration, files, navigation and theme
outlive one build, so that a second one renders only some pages.

`MkDocsSession.build()` does what `mkdocs build` does (the same plugin events in the same
order), except that a page whose finished HTML cmap already has (`reuse`, from the build
cache) is written as it is instead of being rendered again. `rebuild()` renders a few
pages again in the same session (`cmap serve`), writes the search index anew and leaves
every other file of the site alone.

The steps follow `mkdocs.commands.build.build` of MkDocs 1.6 (pinned `<2` in
pyproject.toml), calling its page functions; `tests/site/test_page_blocks.py` and
`test_incremental.py` compare the result with a whole build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.problems import CmapError
from generator.progress import NO_PROGRESS, Phase, Progress
from generator.site.mkdocs_headings import HeadingRenderer
from generator.site.mkdocs_plugin import CmapPlugin
from generator import workers

log = logging.getLogger("cmap.site")


@dataclass(frozen=True)
class Reused:
    """A page finished by an earlier build, already in the site being updated: only its
    search entries are needed."""

    entries: tuple[dict[str, str], ...]


@dataclass
class _State:
    files: Any
    nav: Any
    env: Any
    doc_files: list[Any] = field(default_factory=list)


class MkDocsSession:
    def __init__(self, config: Any, plugin: CmapPlugin, *, serve_url: str | None = None) -> None:
        """`config`: MkDocs' loaded configuration (`mkdocs_build.load_mkdocs_config`), with
        `plugin` among its plugins."""
        self.config = config
        self.plugin = plugin
        self.serve_url = serve_url
        self.state: _State | None = None
        self.headings: HeadingRenderer | None = None

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    def build(self, reuse: Mapping[str, Reused] | None = None, *,
              present: Callable[[Any], bool] | None = None, jobs: int = 1,
              progress: Progress = NO_PROGRESS) -> None:
        """Every page, as `mkdocs build`, rendering the generated pages in up to `jobs`
        processes when that is safe (`_parallel`). Phases: "mkdocs" (the pages, counted)
        and "search" (the index).

        Building an update of a site (`site_update.SiteUpdate`): the pages of `reuse` are
        in it already and are not written; nor is a static file (a MkDocs `File`) for which
        `present` says so."""
        from mkdocs import utils
        from mkdocs.commands.build import _build_extra_template, _build_theme_template
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        reuse = reuse or {}
        config = self.config
        counter = _strict_counter(config)
        self.plugin.entries.clear()
        try:
            config = self.config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            utils.clean_directory(config.site_dir)
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
            inclusion = (InclusionLevel.is_in_serve if self.serve_url
                         else InclusionLevel.is_included)
            doc_files = list(files.documentation_pages(inclusion=inclusion))
            self.state = _State(files, nav, env, doc_files)
            self.headings = HeadingRenderer(config)
            # A page of the navigation shows its neighbours' titles: it is always rendered.
            in_nav = {page.file.src_uri for page in nav.pages}
            reuse = {uri: r for uri, r in reuse.items() if uri not in in_nav}
            with progress.phase("mkdocs", total=len(doc_files)) as rendering:
                for file in doc_files:
                    if file.page is None:
                        Page(None, file, config)
                    if file.src_uri not in reuse:
                        self._populate(file.page)
                env = self.state.env = config.plugins.on_env(env, config=config, files=files)
                for file in files:
                    if (not file.is_documentation_page() and self._included(file)
                            and not (present is not None and present(file))):
                        file.copy_file()
                for template in config.theme.static_templates:
                    _build_theme_template(template, env, files, config, nav)
                for template in config.extra_templates:
                    _build_extra_template(template, files, config, nav)
                self._render_pages(doc_files, reuse, rendering, jobs)
                self._check_anchors(doc_files)
            with progress.phase("search"):
                self._write_search_index()
                config.plugins.on_post_build(config=config)
            _abort_on_warnings(counter, config)
        except Exception as exc:
            config.plugins.on_build_error(error=exc)
            raise
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)

    def _render_pages(self, doc_files: list[Any], reuse: Mapping[str, Reused],
                      rendering: Phase, jobs: int) -> None:
        """Render every page but those of `reuse`. The generated pages go to worker
        processes when `_parallel` allows."""
        in_workers = [file for file in doc_files if file.src_uri not in reuse
                      and file.src_uri in self.plugin.pages] if self._parallel(jobs) else []
        elsewhere = {file.src_uri for file in in_workers}

        def in_this_process() -> None:
            for file in doc_files:
                if file.src_uri in elsewhere:
                    continue
                cached = reuse.get(file.src_uri)
                if cached is None:
                    self._build(file.page)
                else:
                    self.plugin.entries[file.src_uri] = list(cached.entries)
                rendering.advance()

        for file in in_workers:  # what Material's search would have taken in the worker
            self.plugin.entries[file.src_uri] = self.plugin.generated_entries(file.page)
        logged = workers.map_in_workers(in_workers, self._build_logged, rendering, jobs=jobs,
                                meanwhile=in_this_process, min_items=1)
        for records in logged:
            for name, level, message in records:
                logging.getLogger(name).log(level, message)

    def _parallel(self, jobs: int) -> bool:
        """Whether generated pages may be rendered in other processes: only when every
        plugin is one whose work on a page is known (Material's search, whose entries
        for these pages cmap gives, and cmap's own), so that nothing a plugin would have
        kept of a page is lost in a worker."""
        return (jobs > 1 and len(self.plugin.pages) >= workers.MIN_ITEMS
                and self.plugin.search_index is not None
                and set(self.config.plugins) <= _KNOWN_PLUGINS)

    def _build_logged(self, file: Any) -> list[tuple[str, int, str]]:
        """Render a page (in a worker); what MkDocs logged of it, for the parent to log
        (and to count, in strict mode), instead of the worker's copies of its handlers."""
        logged = _Records()
        logger = logging.getLogger("mkdocs")
        handlers, propagate = logger.handlers, logger.propagate
        logger.handlers, logger.propagate = [logged], False
        try:
            self._build(file.page)
        finally:
            logger.handlers, logger.propagate = handlers, propagate
        return logged.records

    def rebuild(self, src_uris: set[str], markdown: Mapping[str, bytes],
                static: set[str]) -> set[str]:
        """Render these pages again in the same session, with their new Markdown; copy the
        static files `static` (paths in the docs folder) again; write the search index.
        Every page is rendered again when the title of a page in the navigation changed
        (every page shows it). The set of pages must be the one the session was built
        with. Returns the pages rendered."""
        if self.state is None:
            raise CmapError("nothing has been built in this session yet")
        by_uri = {file.src_uri: file for file in self.state.files}
        for uri in src_uris:
            if uri in markdown:
                by_uri[uri].content_bytes = markdown[uri]
        nav = {page.file.src_uri: page.title for page in self.state.nav.pages}
        pages = [file.page for file in self.state.doc_files if file.src_uri in src_uris]
        for page in pages:
            self._populate(page)
        if any(page.title != nav[page.file.src_uri] for page in pages
               if page.file.src_uri in nav):
            pages = [file.page for file in self.state.doc_files]
            for page in pages:
                if page.file.src_uri not in src_uris:
                    self._populate(page)
        for page in pages:
            self._build(page)
        for uri in static:
            if uri in by_uri:
                by_uri[uri].copy_file()
        self._write_search_index()
        self.config.plugins.on_post_build(config=self.config)  # writes the search index
        return {page.file.src_uri for page in pages}

    def outputs(self) -> set[str]:
        """Every file the last build put in the site, written or kept (relative paths)."""
        if self.state is None:
            return set()
        found = {file.dest_uri for file in self.state.files if self._included(file)}
        return found | {path.relative_to(self.site_dir).as_posix()
                        for path in self.site_dir.rglob("*") if path.is_file()}

    def in_navigation(self) -> set[str]:
        """The pages the navigation lists: every build renders them (they show the others'
        titles)."""
        return set() if self.state is None else {p.file.src_uri for p in self.state.nav.pages}

    def _included(self, file: Any) -> bool:
        """Whether the file is part of the site (in a preview, drafts are)."""
        level = file.inclusion
        return bool(level.is_in_serve() if self.serve_url else level.is_included())

    def documents(self) -> Iterator[tuple[str, Any]]:
        """(source path, MkDocs' File) of every page of the last build."""
        if self.state is not None:
            for file in self.state.doc_files:
                yield file.src_uri, file

    # -- the steps ----------------------------------------------------------------------

    def _populate(self, page: Any) -> None:
        """Read the page and convert its Markdown, as MkDocs' `_populate_page` does; a
        generated page's headings come from `self.headings` when it can take them."""
        from mkdocs.commands.build import _populate_page

        assert self.state is not None
        config, files = self.config, self.state.files
        if self.headings is None or page.file.src_uri not in self.plugin.pages:
            _populate_page(page, config, files)
            return
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            read = page.markdown
            page.markdown = config.plugins.on_page_markdown(read, page=page, config=config,
                                                            files=files)
            if page.markdown != read or not self.headings.render(page):
                page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page,
                                                          config=config, files=files)
        except Exception as exc:
            from mkdocs.exceptions import BuildError

            message = f"Error reading page '{page.file.src_uri}':"
            if not isinstance(exc, BuildError):
                message += f" {exc}"
            logging.getLogger("mkdocs.commands.build").error(message)
            raise
        finally:
            config._current_page = None

    def _build(self, page: Any) -> None:
        from mkdocs.commands.build import _build_page

        assert self.state is not None
        _build_page(page, self.config, self.state.doc_files, self.state.nav, self.state.env,
                    excluded=page.file.inclusion.is_excluded())

    def _check_anchors(self, doc_files: list[Any]) -> None:
        assert self.state is not None
        level = self.config.validation.links.anchors
        for file in doc_files:
            if file.page is not None and file.page.content is not None:
                file.page.validate_anchor_links(files=self.state.files, log_level=level)

    def _write_search_index(self) -> None:
        """Material's index: every page's entries, in the order of the pages."""
        search = self.plugin.search_index
        if search is None or self.state is None:
            return
        search.entries = [entry for file in self.state.doc_files
                          for entry in self.plugin.entries.get(file.src_uri, [])]


#: The plugins whose work on a page `_parallel` knows (MkDocs names Material's search
#: `material/search`; `search` when a theme's search is named plainly).
_KNOWN_PLUGINS = frozenset({"material/search", "search", "cmap"})


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _strict_counter(config: Any) -> Any:
    from mkdocs import utils

    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logging.getLogger("mkdocs").addHandler(counter)
    return counter


def _abort_on_warnings(counter: Any, config: Any) -> None:
    from mkdocs.exceptions import Abort

    if config.strict and (counts := counter.get_counts()):
        found = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
        raise Abort(f"Aborted with {found} in strict mode!")
