"""Every export in one folder, for the site's Downloads page (and `cmap export`).

    files = write_exports(model, site_folder / "downloads", publisher=make_publisher(model, title=...))
    schemas = write_schemas(site_folder / "schemas")

`write_exports` writes the CASE package, the JSON export and every CSV table under stable
names and returns what it wrote, with a title and description for the page. The JSON
Schemas to publish (the data files' and the JSON export's) are `schema_files()`;
`write_schemas` copies them so their `$id`s (`role.schema.json` …) resolve side by side.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.exchange import csv_export
from generator.exchange.case.exporter import Publisher, case_package, timestamp
from generator.exchange.json_export import model_text
from generator.exchange.json_layout import record_lines
from generator.exchange.sheets.tables import SHEETS
from generator.model.competency_map import CompetencyMap
from generator.paths import schema_paths
from generator.problems import CmapError

CASE_FILE = "competency-map.case.json"
JSON_FILE = "competency-map.json"
JSON_SCHEMA = "export.schema.json"
CSV_TYPE = "text/csv; charset=utf-8"
_CSV_TEXTS = {
    **{sheet.file: (sheet.title, sheet.text) for sheet in SHEETS},
    "company-map.csv": ("Company competency map",
                        "Roles × competencies, with the required level in each cell."),
}


@dataclass(frozen=True)
class Export:
    """One export before it is made: its file name, what it says of itself, what part of
    the data it holds (`scope`: "map" for the competency map alone, a cycle's id for that
    cycle with the map's names, "" for everything), and how to make its text."""

    name: str
    title: str
    description: str
    media_type: str
    scope: str
    text: Callable[[], str]


@dataclass(frozen=True)
class ExportFile:
    name: str  #: the file name, relative to the folder
    title: str
    description: str
    media_type: str
    path: Path


def make_publisher(model: CompetencyMap, *, title: str = "", site_url: str = "",
                   description: str = "", language: str = "") -> Publisher:
    """Who publishes the map: the site's name, address and language (from mkdocs.yml, read
    by the caller), and the map's company department as the creator."""
    companies = [d.name for d in model.departments.values() if not d.parent and d.type == "company"]
    title = title or "Competency map"
    return Publisher(title=title, creator=companies[0] if companies else title,
                     site_url=site_url if re.match(r"https?://", site_url) else "",
                     description=" ".join(description.split()), language=language)


def exports(model: CompetencyMap, *, publisher: Publisher | None = None,
            changed: datetime | None = None, schema_url: str = "") -> list[Export]:
    """Every export of `model`, not made yet: the CASE package, the JSON export and every
    CSV table, under stable names. `schema_url` is where `export.schema.json` is published
    (it goes into the JSON export's `$schema`); `changed` is the time recorded in the
    exports (default: now)."""
    publisher = publisher or Publisher()
    when = timestamp(changed)
    found = [
        Export(CASE_FILE, "Competency framework (CASE 1.1)",
               "The categories, competencies, levels and role profiles as a 1EdTech CASE v1.1 "
               "package, for HR systems, learning platforms and framework registries.",
               "application/json", "map",
               lambda: _json(case_package(model, publisher, changed))),
        Export(JSON_FILE, "Competency map (JSON)",
               f"The whole validated map and its training cycles, described by {JSON_SCHEMA}.",
               "application/json", "",
               lambda: model_text(model, title=publisher.title, exported=when,
                                  schema_url=schema_url)),
    ]
    for name, (scope, make) in csv_export.tables(model).items():
        title, description = _CSV_TEXTS.get(name) or _cycle_texts(name)
        found.append(Export(name, title, description, CSV_TYPE, scope, make))
    return found


def write_exports(model: CompetencyMap, folder: Path, *, publisher: Publisher | None = None,
                  changed: datetime | None = None, schema_url: str = "") -> list[ExportFile]:
    """Write every export of `model` into `folder` (replacing earlier ones); list them."""
    files = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for export in exports(model, publisher=publisher, changed=changed,
                              schema_url=schema_url):
            path = folder / export.name
            path.write_bytes(export.text().encode("utf-8"))
            files.append(ExportFile(export.name, export.title, export.description,
                                    export.media_type, path))
    except OSError as err:
        raise CmapError(f"cannot write the exports into {folder}: {err.strerror}.") from err
    return files


def schema_files() -> list[ExportFile]:
    """The JSON Schemas to publish: one per kind of data file, and the JSON export's."""
    files = []
    for path in schema_paths():
        loaded = json.loads(path.read_text(encoding="utf-8"))
        files.append(ExportFile(path.name, str(loaded.get("title", path.stem)),
                                str(loaded.get("description", "")), "application/schema+json", path))
    return files


def write_schemas(folder: Path) -> list[ExportFile]:
    """Copy `schema_files()` into `folder`; list the copies."""
    copies = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for file in schema_files():
            target = folder / file.name
            shutil.copyfile(file.path, target)
            copies.append(ExportFile(file.name, file.title, file.description, file.media_type, target))
    except OSError as err:
        raise CmapError(f"cannot copy the JSON Schemas into {folder}: {err.strerror}.") from err
    return copies


def _cycle_texts(name: str) -> tuple[str, str]:
    kind, _, cycle = name.removesuffix(".csv").partition("-")
    if kind == "needs":
        return (f"Training needs {cycle}", f"The departments' training needs of cycle {cycle}, "
                "one row per department, role and competency, with gap and follow-up.")
    return (f"Training programs {cycle}", f"The programs of the {cycle} training plan: what they "
            "train, the needs they answer, seats, cost and evaluation.")


def _json(data: Mapping[str, Any]) -> str:
    return record_lines(data)
