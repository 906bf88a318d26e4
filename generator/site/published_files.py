"""The files the site publishes under downloads/: every export, the JSON Schemas and a
worksheet per role (CSV, and an Excel workbook next to it), with titles and descriptions
in the site's language.

`plan_downloads()` lists them before they are made, each with the data files it reads (as
`page_reads` says of pages), so that a change makes again only the downloads it reaches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import PurePosixPath

from generator import paths
from generator.exchange.assessment import worksheet_csv
from generator.exchange.bundle import exports, schema_files
from generator.exchange.case.exporter import Publisher
from generator.model.competency_map import CompetencyMap
from generator.site.labels import Labels
from generator.site.page_reads import ANY, PageReads, Reads
from generator.site.pages.downloads import Download, Section


@dataclass(frozen=True)
class PlannedDownload:
    path: str  #: under the site's root
    reads: Reads
    make: Callable[[], bytes]


def plan_downloads(model: CompetencyMap, publisher: Publisher, labels: Labels,
                   reads: PageReads, *, changed: datetime | None = None
                   ) -> tuple[list[PlannedDownload], list[Section]]:
    """Every published file, not made yet, and the Downloads page's sections. `changed`:
    the time the exports record (default: when they are made)."""
    planned: list[PlannedDownload] = []
    exported = exports(model, publisher=publisher, changed=changed,
                       schema_url="schemas/export.schema.json")
    for export in exported:
        scope = (reads.company_map() if export.scope == "map"
                 else reads.cycle(model.cycles[export.scope]) if export.scope else ANY)
        planned.append(PlannedDownload(f"{paths.DOWNLOADS}/{export.name}", scope,
                                       partial(_encoded, export.text)))
    schemas = schema_files()
    planned += [PlannedDownload(f"{paths.DOWNLOADS}/schemas/{s.name}", frozenset(),
                                s.path.read_bytes) for s in schemas]
    sheets = []
    for role in model.roles.values():
        # CSV only: an Excel workbook per role (`cmap worksheet --format xlsx`) costs as much
        # as a few pages to make, and all of them made the build of a large company slower
        # than its targets allow (bench/README.md).
        path = paths.worksheet_download(role.id)
        planned.append(PlannedDownload(path, reads.worksheet(role.id),
                                       partial(_worksheet, model, role.id)))
        sheets.append(Download(path, role.title, labels(
            "downloads_worksheet_text", n=len(role.requirements), role=role.title)))
    # A reader looks for their role by its title; ids and file order mean nothing to them.
    sheets.sort(key=lambda sheet: (sheet.title.casefold(), sheet.path))
    sections: list[Section] = [
        ("downloads_exports", [_described(labels, f"{paths.DOWNLOADS}/{e.name}", e.title,
                                          e.description) for e in exported]),
        ("downloads_schemas", [_described(labels, f"{paths.DOWNLOADS}/schemas/{s.name}", s.title,
                                          s.description) for s in schemas]),
        ("downloads_worksheets", sheets),
    ]
    return planned, sections


def published_files(model: CompetencyMap, publisher: Publisher, labels: Labels,
                    reads: PageReads | None = None) -> tuple[dict[str, bytes], list[Section]]:
    """Every published file made, by path under the site's root, and the Downloads page's
    sections."""
    planned, sections = plan_downloads(model, publisher, labels, reads or PageReads.of(model))
    return {item.path: item.make() for item in planned}, sections


def _encoded(text: Callable[[], str]) -> bytes:
    return text().encode("utf-8")


def _worksheet(model: CompetencyMap, role_id: str) -> bytes:
    return worksheet_csv(model, role_id).encode("utf-8")


def _described(labels: Labels, path: str, title: str, description: str) -> Download:
    """A published file with its title and description in the site's language: labels
    `file_<name>_title` / `_text` (name with `.` and `-` as `_`; a cycle's needs and
    programs tables share `file_needs_csv` / `file_programs_csv`), else the English ones."""
    name = PurePosixPath(path).name
    values: dict[str, str] = {}
    match = re.fullmatch(r"(needs|programs)-(.+)\.csv", name)
    if match:
        name, values["cycle"] = f"{match.group(1)}.csv", match.group(2)
    key = "file_" + re.sub(r"[.-]", "_", name)
    try:
        return Download(path, labels(f"{key}_title", **values), labels(f"{key}_text", **values))
    except KeyError:
        return Download(path, title, description)
