"""The built example site publishes its exports, schemas and worksheets on a Downloads page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from support import ROOT as REPO

from generator.rules.repository import load_repository
from generator.site import mkdocs_build as sitebuild

CASE_SCHEMA = REPO / "tests" / "fixtures" / "case" / "case-v1p1-cfpackage-schema.json"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    for folder in ("competency-map", "needs", "plans", "docs"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = load_repository(root)
    assert result.ok
    return sitebuild.build(root, result, site_dir=root / "out").folder


def test_every_link_of_the_downloads_page_is_a_published_file(site: Path) -> None:
    page = (site / "downloads" / "index.html").read_text("utf-8")
    links = re.findall(r'href="([^"#]+)" download', page)
    assert len(links) > 20
    for link in links:
        assert (site / "downloads" / link).is_file(), link


def test_the_published_case_package_validates_against_the_official_binding(site: Path) -> None:
    package = json.loads((site / "downloads" / "competency-map.case.json").read_text("utf-8"))
    schema = json.loads(CASE_SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(package)


def test_every_data_schema_is_published_for_editors(site: Path) -> None:
    published = {p.name for p in (site / "downloads" / "schemas").iterdir()}
    shipped = {p.name for p in (REPO / "generator" / "schemas").glob("*.schema.json")}
    assert published == shipped


def test_a_worksheet_is_published_per_role_as_csv_with_a_bom(site: Path) -> None:
    sheets = sorted((site / "downloads" / "worksheets").glob("*.csv"))
    roles = sorted((REPO / "competency-map" / "roles").glob("*.yml"))
    assert [s.stem for s in sheets] == [r.stem for r in roles]
    assert sheets[0].read_bytes().startswith(b"\xef\xbb\xbf")
