"""`cmap build` with MkDocs: generate the pages into `.cmap/docs/`, build, replace the site.

`prepare()` writes a file of `.cmap/docs/` only when its content changed and deletes stale
ones (never through a link), and writes the derived configuration. `build_site()` checks
the site folder first (`site_folder.site_target`), holds the build lock, builds into a
temporary folder next to the site and swaps it in only when MkDocs succeeded. A failed
build leaves the previous site untouched.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import paths
from generator.files.history import last_changes
from generator.model.competency_map import CompetencyMap
from generator.problems import CmapError
from generator.progress import NO_PROGRESS, Progress
from generator.rules.repository import LoadResult
from generator.workers import available_cpus
from generator.site.generate import site_files
from generator.site import build_cache
from generator.site.garbage_collection import paused_collection
from generator.site.map_history import map_history
from generator.site.mkdocs_config import (
    DERIVED,
    DOCS,
    SiteConfig,
    collect_guides,
    read_site_config,
    write_derived_config,
)
from generator.site.mkdocs_plugin import CmapPlugin
from generator.site.mkdocs_session import MkDocsSession, Reused
from generator.site.page_blocks import SplitPage
from generator.site.site_folder import (
    build_lock,
    remove_leftovers,
    site_target,
    staging,
    swap_in,
    update_in_place,
)
from generator.site.work_folder import sync_tree, write_if_changed

GENERATED_DOCS = f"{paths.WORK_DIR}/{DOCS}"


@dataclass(frozen=True)
class Built:
    """A finished build: the site folder, and how many of its pages were made again (None:
    all of them, the last build could not be used)."""

    folder: Path
    pages: int
    made: int | None = None


@dataclass(frozen=True)
class Prepared:
    """What a build hands to MkDocs: the derived configuration, and what cmap's plugin needs
    of the generated pages (their sources, blocks and search sections)."""

    config_path: Path
    sources: Mapping[str, str]
    pages: Mapping[str, SplitPage]

    def plugin(self, config: SiteConfig) -> CmapPlugin:
        return CmapPlugin(self.sources, config.docs_dir, self.pages)


def prepare(root: Path, config: SiteConfig, model: CompetencyMap, *, split: bool = True
            ) -> Prepared:
    """Generate the pages into `.cmap/docs/` and write `.cmap/mkdocs.yml`. `split=False`
    writes whole Markdown pages, for a builder without cmap's plugin (Zensical)."""
    guide_files, guides = collect_guides(root, config)
    generated = site_files(model, config.settings(guides), config.publisher(model),
                           last_changes(root), guide_files, split=split,
                           changes=map_history(root))
    sync_tree(root, GENERATED_DOCS, generated.files)
    return Prepared(write_derived_config(root, config, set(guide_files), guides),
                    generated.sources, generated.pages)


def build(root: Path, result: LoadResult, *, site_dir: Path | None = None,
          use_cache: bool = True, jobs: int | None = None,
          progress: Progress = NO_PROGRESS) -> Built:
    """Generate the pages of a valid repository and build the site; return its folder.
    `use_cache=False` makes and renders every page, whatever the last build left."""
    if not result.ok:
        raise CmapError("The repository has errors (run `cmap validate`); the site was not "
                        "built and the previous site is unchanged.")
    return build_site(root, result.model, site_dir=site_dir,
                      data=result.digests if use_cache else None, jobs=jobs, progress=progress)


def build_site(root: Path, model: CompetencyMap, *, site_dir: Path | None = None,
               strict: bool | None = None, whole_pages: bool = False,
               data: Mapping[str, str] | None = None, jobs: int | None = None,
               progress: Progress = NO_PROGRESS) -> Built:
    """Build the site of `model`; the previous site stays unless the build succeeds.
 With `data`, the digests of the data files `model` was loaded
    from, pages that the changes since the last build cannot reach are neither made nor
    rendered again (`build_cache`); without, everything is built.
    `strict=True` makes every MkDocs warning an error (tests). `whole_pages=True` hands
    MkDocs whole Markdown pages, HTML and all, builds them with MkDocs' own `build` and
    lets Material index them: the slow way round, kept to prove that the fast one builds
    the same site. `jobs`: the processes that may make pages (default: one per CPU, see
    `generator.workers`).
    """
    root = root.resolve()
    config = read_site_config(root)
    target = site_target(root, config.site_dir, site_dir, config.guides_dir(root))
    with build_lock(root):
        remove_leftovers(target)
        jobs = available_cpus() if jobs is None else jobs
        made = build_cache.generate(root, config, model, target, split=not whole_pages,
                                    data=None if whole_pages else data, jobs=jobs,
                                    progress=progress)
        generation = made.generation
        # The generated pages go to MkDocs in memory; MkDocs' own build reads them from disk.
        sync_tree(root, GENERATED_DOCS, generation.files() if whole_pages else generation.other)
        config_path = write_if_changed(root, DERIVED, made.derived)
        plugin = CmapPlugin(generation.sources, config.docs_dir, generation.split_pages,
                            None if whole_pages else generation.markdown)
        in_place = bool(made.reuse)  # only what changed is built, and moved into the site
        with staging(target) as temp:
            session = run_mkdocs_build(config_path, temp, plugin, strict=strict,
                                       reference=whole_pages, reuse=made.reuse,
                                       present=made.present(root / GENERATED_DOCS) if in_place
                                       else None, jobs=jobs, progress=progress)
            build_cache.forget(root)  # the record names the site it describes: none for now
            with progress.phase("swap"):
                if in_place:
                    update_in_place(temp, target, session.outputs())
                else:
                    swap_in(temp, target)
        outputs = {uri: (file.dest_uri, file.page.url if file.page else file.url)
                   for uri, file in session.documents()}
        if not whole_pages:
            build_cache.remember(root, made, target, outputs, plugin.entries,
                                 session.in_navigation())
    pages = len(outputs) or sum(1 for _ in target.rglob("index.html"))  # MkDocs' own build
    return Built(target, pages, made.made_again)


def run_mkdocs_build(config_path: Path, site_dir: Path, plugin: CmapPlugin, *,
                     strict: bool | None = None, serve_url: str | None = None,
                     reuse: Mapping[str, Reused] | None = None,
                     present: Callable[[Any], bool] | None = None,
                     reference: bool = False, jobs: int = 1,
                     progress: Progress = NO_PROGRESS) -> MkDocsSession:
    """Build the derived configuration into `site_dir` in a new session (`reference`: with
    MkDocs' own `build`); CmapError on failure, with MkDocs' last warnings."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    options: dict[str, Any] = {"site_dir": str(site_dir)}
    if strict is not None:
        options["strict"] = strict
    with _collect_mkdocs_warnings() as warnings, paused_collection():
        try:
            config = load_mkdocs_config(config_path, plugin, **options)
            if serve_url:
                config.site_url = serve_url
            session = MkDocsSession(config, plugin, serve_url=serve_url)
            config.plugins.on_startup(command="serve" if serve_url else "build", dirty=False)
            try:
                if reference:
                    with progress.phase("mkdocs"):
                        mkdocs_build(config, dirty=False, serve_url=serve_url)
                else:
                    session.build(reuse, present=present, jobs=jobs, progress=progress)
            finally:
                config.plugins.on_shutdown()
        except (exceptions.MkDocsException, Exception) as exc:
            raise _failed(exc, warnings) from exc
    return session


def _failed(exc: BaseException, warnings: _Collector) -> CmapError:
    details = "\n".join(f"  {m}" for m in warnings.messages[-20:])
    message = f"mkdocs could not build the site: {exc or type(exc).__name__}"
    if details:
        message += "\n" + details
    return CmapError(message + "\nThe previous site is unchanged.")


def rebuild_pages(session: MkDocsSession, src_uris: set[str], markdown: Mapping[str, bytes],
                  static: set[str]) -> set[str]:
    """`MkDocsSession.rebuild`, with MkDocs' warnings in the CmapError it may raise."""
    with _collect_mkdocs_warnings() as warnings, paused_collection():
        try:
            return session.rebuild(src_uris, markdown, static)
        except Exception as exc:
            raise _failed(exc, warnings) from exc


def load_mkdocs_config(config_path: Path, plugin: CmapPlugin, **options: Any) -> Any:
    """MkDocs' configuration of the derived file, with cmap's plugin added last."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_path), **options)
    config.plugins["cmap"] = plugin
    return config


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextlib.contextmanager
def _collect_mkdocs_warnings() -> Iterator[_Collector]:
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
