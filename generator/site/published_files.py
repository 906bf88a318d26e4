"""The files the site publishes under downloads/: every export, the JSON Schemas and a
worksheet per role, with titles and descriptions in the site's language."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path, PurePosixPath

from generator import paths
from generator.exchange.assessment import worksheet_csv
from generator.exchange.case.exporter import Publisher
from generator.exchange.bundle import write_exports, write_schemas
from generator.model.competency_map import CompetencyMap
from generator.site.labels import Labels
from generator.site.pages.downloads import Download, Section


def published_files(model: CompetencyMap, publisher: Publisher, labels: Labels
                    ) -> tuple[dict[str, bytes], list[Section]]:
    """The files by path under the site's root, and the Downloads page's sections."""
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="cmap-exports-") as folder:
        exported = write_exports(model, Path(folder) / "exports",
                                 publisher=publisher,
                                 schema_url="schemas/export.schema.json")
        schemas = write_schemas(Path(folder) / "schemas")
        for subdir, group in (("", exported), ("schemas/", schemas)):
            for item in group:
                files[f"{paths.DOWNLOADS}/{subdir}{item.name}"] = item.path.read_bytes()
    sheets = []
    for role in model.roles.values():
        path = paths.worksheet_download(role.id)
        files[path] = worksheet_csv(model, role.id).encode("utf-8")
        sheets.append(Download(path, role.title, ""))
    sections: list[Section] = [
        ("downloads_exports", [_described(labels, f"{paths.DOWNLOADS}/{e.name}", e.title,
                                          e.description) for e in exported]),
        ("downloads_schemas", [_described(labels, f"{paths.DOWNLOADS}/schemas/{s.name}", s.title,
                                          s.description) for s in schemas]),
        ("downloads_worksheets", sheets),
    ]
    return files, sections


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
