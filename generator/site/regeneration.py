"""The generated site kept between two builds, and made again only where a change reaches.

`SiteGeneration.full()` makes every page (and the published downloads); `update()` takes the
model after some data files changed, makes again the pages that read one of them (before or
after the change, see `page_reads`) and the pages that read anything, and says which pages
came out different, so that MkDocs renders only those. Anything that changes every page
(the site's settings, the build day, cmap's own templates) calls for `full()` instead;
`settings_key` says what that is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import paths
from generator.build_day import build_day
from generator.exchange.case.exporter import Publisher
from generator.files.history import Change
from generator.model.competency_map import CompetencyMap
from generator.progress import NO_PROGRESS, Phase, Progress
from generator.site.garbage_collection import paused_collection
from generator.site.generate import downloads_page, plan_pages, site_assets
from generator.site.map_history import MapHistory
from generator.site.page_blocks import SplitPage, split_page
from generator.site.page_reads import PageReads, Reads
from generator.site.pages.downloads import Section
from generator.site.published_files import PlannedDownload, plan_downloads
from generator.site.renderer import PlannedPage, Renderer
from generator.site.settings import SiteSettings
from generator.workers import map_in_workers


@dataclass
class GeneratedPage:
    reads: frozenset[str] | None
    source: str
    content: bytes  #: what the docs folder holds for MkDocs
    split: SplitPage | None  #: its blocks and search sections, when it goes around Markdown
    #: A digest of the whole page, blocks included: the docs folder may hold the same
    #: placeholders for a page whose HTML changed.
    digest: str


@dataclass
class Update:
    """What an update changed in the docs folder."""

    written: dict[str, bytes] = field(default_factory=dict)  #: new or different files
    removed: set[str] = field(default_factory=set)
    made: int = 0  #: pages made again (some came out the same)

    @property
    def pages(self) -> set[str]:
        """The pages whose content changed (the docs folder may hold the same text for them)."""
        return {path for path in self.written if path.endswith(".md")}


@dataclass
class SiteGeneration:
    settings: SiteSettings
    publisher: Publisher
    split: bool
    jobs: int = 1  #: processes that make pages (see `generator.workers`)
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    #: Everything else in the docs folder: the style sheet, the guides, the downloads.
    other: dict[str, bytes] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    #: What each published file reads (its content is in `other`).
    downloads: dict[str, Reads] = field(default_factory=dict)

    @classmethod
    def full(cls, model: CompetencyMap, settings: SiteSettings, publisher: Publisher,
             history: Mapping[str, Change], guide_files: Mapping[str, bytes], *,
             split: bool = True, jobs: int = 1, changes: MapHistory | None = None,
             progress: Progress = NO_PROGRESS) -> SiteGeneration:
        """Every page and file of the site, made by up to `jobs` processes
        (`generator.workers`); `changes`: what each merge meant (`map_history`)."""
        generation = cls(settings, publisher, split, jobs=jobs)
        with progress.phase("pages") as making:
            generation._update(model, history, guide_files, None, set(), making, changes)
        return generation

    def files(self) -> dict[str, bytes]:
        """The whole docs folder."""
        return {**{path: page.content for path, page in self.pages.items()}, **self.other}

    def update(self, model: CompetencyMap, history: Mapping[str, Change],
               guide_files: Mapping[str, bytes], changed: Iterable[str],
               force: Iterable[str] = (), *, changes: MapHistory | None = None,
               progress: Progress = NO_PROGRESS) -> Update:
        """Make again what the change of the data files `changed` may alter, and the pages
        `force` (whose HTML blocks are not at hand, for instance)."""
        with progress.phase("pages") as making:
            return self._update(model, history, guide_files, set(changed), set(force), making,
                                changes)

    def _update(self, model: CompetencyMap, history: Mapping[str, Change],
                guide_files: Mapping[str, bytes], changed: set[str] | None, force: set[str],
                making: Phase, changes: MapHistory | None = None) -> Update:
        """`changed=None`: everything is made."""
        update = Update()
        renderer = Renderer(model, self.settings, history, changes)
        reads = PageReads(model, renderer.index, renderer.cycles)
        plan = plan_pages(renderer, reads=reads)
        downloads, sections = plan_downloads(model, self.publisher, renderer.t, reads)
        wanted = [planned for planned in plan if self._wanted(planned, changed, force)]
        publishing = [item for item in downloads if self._due(item, changed)]
        making.total = len(plan) + 1 + len(publishing)
        making.advance(len(plan) - len(wanted))
        # Downloads and pages share the workers: a role's workbook costs as much as a few
        # pages, and made on the side by this process they outlasted the pages.
        items: list[PlannedDownload | PlannedPage] = [*publishing, *wanted]
        with paused_collection():
            made_all = map_in_workers(items, _make_item(self._make), making, jobs=self.jobs)
        made_downloads = {item.path: content for item, content
                          in zip(publishing, made_all[:len(publishing)], strict=True)
                          if isinstance(content, bytes)}
        made = [page for page in made_all[len(publishing):] if isinstance(page, GeneratedPage)]
        last = downloads_page(renderer, sections)
        if sections != self.sections or self._wanted(last, changed, force):
            wanted.append(last)
            made.append(self._make(last))
        making.advance()
        for planned, page in zip(wanted, made, strict=True):
            old_page = self.pages.get(planned.path)
            update.made += 1
            if old_page is None or old_page.digest != page.digest:
                update.written[planned.path] = page.content
            self.pages[planned.path] = page
        planned_paths = {planned.path for planned in plan} | {last.path}
        other = {asset.path: asset.content for asset in site_assets()}
        other.update(guide_files)
        other.update({item.path: made_downloads.get(item.path) or self.other[item.path]
                      for item in downloads})
        update.removed = {path for path in self.pages if path not in planned_paths}
        update.removed |= {path for path in self.other if path not in other}
        for path in update.removed:
            self.pages.pop(path, None)
        # A generated page wins over a guide's copy at the same path.
        other = {p: d for p, d in other.items() if p not in self.pages}
        update.written.update({p: d for p, d in other.items() if self.other.get(p) != d})
        self.other, self.sections = other, sections
        self.downloads = {item.path: item.reads for item in downloads}
        return update

    def _due(self, item: PlannedDownload, changed: set[str] | None) -> bool:
        known = item.path in self.downloads and item.path in self.other
        return (changed is None or not known
                or _reached(self.downloads[item.path], item.reads, changed))

    def _wanted(self, planned: PlannedPage, changed: set[str] | None, force: set[str]) -> bool:
        old = self.pages.get(planned.path)
        return (changed is None or old is None or planned.path in force
                or _reached(old.reads, planned.reads, changed))

    def _make(self, planned: PlannedPage) -> GeneratedPage:
        page = planned.make()
        split = split_page(page.content) if self.split else None
        content = split.markdown if split is not None else page.content
        whole = hashlib.sha256(page.content.encode("utf-8")).hexdigest()
        return GeneratedPage(planned.reads, page.source, content.encode("utf-8"), split, whole)

    @property
    def markdown(self) -> dict[str, bytes]:
        """What MkDocs reads of each page."""
        return {path: page.content for path, page in self.pages.items()}

    @property
    def sources(self) -> dict[str, str]:
        return {path: page.source for path, page in self.pages.items() if page.source}

    @property
    def split_pages(self) -> dict[str, SplitPage]:
        return {path: page.split for path, page in self.pages.items() if page.split is not None}


def _reached(before: frozenset[str] | None, after: frozenset[str] | None,
             changed: set[str]) -> bool:
    if not changed:
        return False
    if before is None or after is None:
        return True
    return not changed.isdisjoint(before) or not changed.isdisjoint(after)


def settings_key(settings: SiteSettings, version: str) -> str:
    """What, when it changes, changes every page: the site's settings (name, language,
    addresses, guides, build day) and cmap's own version and templates. (The history of a
    file dates only the pages that read it: a change of it is a change of that file.)"""
    digest = hashlib.sha256()
    # No day set means today: a page that counts the days to a due date is made again the
    # next day.
    dated = replace(settings, today=settings.today or build_day())
    digest.update(repr((dated, version)).encode("utf-8"))
    digest.update(folder_digest(paths.TEMPLATES).encode("ascii"))
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """One digest of every file below `folder` (names and contents)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _make_item(make_page: Callable[[PlannedPage], GeneratedPage]
               ) -> Callable[[PlannedDownload | PlannedPage], bytes | GeneratedPage]:
    """One worker function for both kinds of item: a download's bytes, or a page."""
    def make(item: PlannedDownload | PlannedPage) -> bytes | GeneratedPage:
        return item.make() if isinstance(item, PlannedDownload) else make_page(item)
    return make
