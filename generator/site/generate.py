"""Every generated page of the site, in navigation order, from one `Renderer`.

Work is linear in the size of the map: cross-references come from one `SiteIndex` and one
`CycleIndex` per site, and the company map is split into pages of bounded size.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from generator import paths
from generator.exchange.case.exporter import Publisher
from generator.files.history import Change
from generator.model.competency_map import CompetencyMap
from generator.site.map_history import MapHistory
from generator.site.page_blocks import SplitPage, split_page
from generator.site.pages import changes, company_map, competencies, departments, home, roles
from generator.site.pages.cycles import CyclePages
from generator.site.pages.downloads import Section, downloads
from generator.site.published_files import published_files
from generator.site.page_reads import ANY, PageReads
from generator.site.renderer import Page, PlannedPage, Renderer
from generator.site.settings import SiteSettings


@dataclass(frozen=True)
class Asset:
    path: str
    content: bytes


def site_assets() -> list[Asset]:
    """The static files the generated pages link to."""
    return [Asset(paths.STYLE_SHEET, (paths.TEMPLATES / "assets" / "cmap.css").read_bytes())]


def generate_pages(model: CompetencyMap, settings: SiteSettings,
                   history: Mapping[str, Change] | None = None,
                   download_sections: list[Section] | None = None, *,
                   changes: MapHistory | None = None) -> list[Page]:
    """Every generated page, in a stable order. `history` (from `history.last_changes`)
    dates each page's source file, `changes` (`map_history`) lists what each merge meant;
    with `download_sections`, the Downloads page too."""
    return list(site_pages(Renderer(model, settings, history, changes), download_sections))


def site_pages(r: Renderer, download_sections: list[Section] | None = None) -> Iterator[Page]:
    for planned in plan_pages(r, download_sections):
        yield planned.make()


def plan_pages(r: Renderer, download_sections: list[Section] | None = None, *,
               reads: PageReads | None = None) -> list[PlannedPage]:
    """Every page of the site in navigation order, with what it reads, not made yet."""
    reads = reads or PageReads(r.model, r.index, r.cycles)
    plan = [PlannedPage(paths.HOME, ANY, partial(home.home, r)),
            PlannedPage(paths.COMPETENCY_INDEX, ANY, partial(competencies.competency_index, r))]
    # A page listing its recent changes also reads those merges: when one leaves the
    # history (`MapHistory.digests`), the page is made again.
    shown = r.changes.shown_on
    plan += [PlannedPage(paths.competency_page(c), reads.competency(c) | shown(paths.competency_page(c)),
                         partial(competencies.competency, r, c)) for c in r.model.competencies]
    plan.append(PlannedPage(paths.ROLE_INDEX, ANY, partial(roles.role_index, r)))
    for role_id in r.model.roles:
        plan.append(PlannedPage(paths.role_page(role_id),
                                reads.role(role_id) | shown(paths.role_page(role_id)),
                                partial(roles.role, r, role_id)))
        plan.append(PlannedPage(paths.worksheet_page(role_id), reads.worksheet(role_id),
                                partial(roles.worksheet, r, role_id)))
    maps = company_map.plan_maps(r)
    department_maps = {m.subject.id: m.path for m in maps if m.kind == "department"}
    plan.append(PlannedPage(paths.DEPARTMENT_INDEX, ANY, partial(departments.department_index, r)))
    plan += [PlannedPage(paths.department_page(d), reads.department(d),
                         partial(departments.department, r, d, department_maps))
             for d in r.model.departments]
    plan.append(PlannedPage(paths.MAP_INDEX, ANY, partial(company_map.map_index, r, maps)))
    plan += [PlannedPage(path, reads.company_map(), partial(company_map.map_page, r, subject, path))
             for subject in maps for path in company_map.map_paths(subject)]
    plan += CyclePages(r).plan(reads)
    plan.append(PlannedPage(paths.CHANGES_INDEX, ANY, partial(changes.what_changed, r)))
    if download_sections is not None:
        plan.append(downloads_page(r, download_sections))
    return plan


def downloads_page(r: Renderer, sections: list[Section]) -> PlannedPage:
    """The Downloads page, last: its sections come with the published files."""
    return PlannedPage(paths.DOWNLOADS_INDEX, ANY, partial(downloads, r, sections))


@dataclass
class SiteFiles:
    """Everything that goes into the generated docs folder, by path; the YAML file each
    generated page was made from (for its "edit this page" link); and, when the pages were
    split for MkDocs, each page's HTML blocks and search sections."""

    files: dict[str, bytes]
    sources: dict[str, str]
    pages: dict[str, SplitPage]


def site_files(model: CompetencyMap, settings: SiteSettings, publisher: Publisher,
               history: Mapping[str, Change], guide_files: Mapping[str, bytes], *,
               split: bool = True, changes: MapHistory | None = None) -> SiteFiles:
    """The generated pages, the style sheet, the copied guides and the published downloads.

    With `split`, each page's HTML goes around Markdown (see `page_blocks`): for MkDocs with
    cmap's plugin. Without, the pages are whole Markdown files that any builder can read.
    """
    r = Renderer(model, settings, history, changes)
    downloads_files, sections = published_files(model, publisher, r.t)
    result = SiteFiles({}, {}, {})
    for page in site_pages(r, sections):
        content = page.content
        split_up = split_page(content) if split else None
        if split_up is not None:
            result.pages[page.path] = split_up
            content = split_up.markdown
        result.files[page.path] = content.encode("utf-8")
        if page.source:
            result.sources[page.path] = page.source
    for asset in site_assets():
        result.files[asset.path] = asset.content
    for path, data in guide_files.items():
        result.files.setdefault(path, data)  # a generated page wins over a guide's copy
    result.files.update(downloads_files)
    return result
