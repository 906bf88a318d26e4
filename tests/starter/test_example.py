"""`cmap init . --replace-example` on a copy of cmap's repository: the example's files go,
the starter's come, and nothing anyone changed or added is deleted or overwritten.

`generator/templates/init/example-files.sha256` lists every version of the example's files.
After an intended change of the example (its data, its guides, mkdocs.yml), add the new
digests with `CMAP_UPDATE_EXAMPLE_FILES=1 pytest tests/starter/test_example.py`: the run adds
the missing lines and fails, listing them, so that nothing passes until the diff has been
reviewed. Lines are never removed: a copy made from an older cmap is still recognised.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from support import ROOT
from support.cli import cmap

from generator.rules.repository import load_repository
from generator.starter.example import EXAMPLE_PLACES, MANIFEST, manifest_lines, read_manifest

UPDATE = os.environ.get("CMAP_UPDATE_EXAMPLE_FILES") == "1"
ROLE = "competency-map/roles/sales-rep.yml"


def test_every_file_of_the_example_is_listed_with_its_digest() -> None:
    listed = MANIFEST.read_text(encoding="utf-8")
    known = read_manifest(listed)
    missing = [line for line in manifest_lines(ROOT)
               if line.split("  ", 1)[0] not in known.get(line.split("  ", 1)[1], set())]
    if missing and UPDATE:
        if os.environ.get("CI"):
            pytest.fail("CMAP_UPDATE_EXAMPLE_FILES is refused under CI.")
        MANIFEST.write_text(listed + "".join(f"{line}\n" for line in missing), encoding="utf-8")
        pytest.fail("Added these lines: review the diff, then run again without "
                    "CMAP_UPDATE_EXAMPLE_FILES:\n  " + "\n  ".join(missing))
    assert missing == [], ("the example changed: run `CMAP_UPDATE_EXAMPLE_FILES=1 pytest "
                           "tests/starter/test_example.py` and commit the manifest")


@pytest.fixture
def template_copy(tmp_path: Path) -> Path:
    """A copy of cmap's repository as a company makes it from the template (without the
    code it does not need here: the schemas stand for `generator/`)."""
    root = tmp_path / "copy"
    for place in EXAMPLE_PLACES:
        source = ROOT / place
        if source.is_dir():
            shutil.copytree(source, root / place)
        else:
            shutil.copy(source, root / place)
    shutil.copytree(ROOT / "generator" / "schemas", root / "generator" / "schemas")
    shutil.copytree(ROOT / ".github", root / ".github")
    (root / "tests").mkdir()
    return root


def test_a_clean_copy_becomes_the_new_company_s_and_validates(template_copy: Path) -> None:
    done = cmap(template_copy, "init", ".", "--name", "Northwind Trading", "--replace-example")
    assert done.returncode == 0, done.stderr
    assert "Kept" not in done.stdout and "cmap validate finds no errors" in done.stdout
    assert "Note: tests/ tests cmap itself on the example" in done.stdout
    result = load_repository(template_copy)
    assert result.problems == []
    assert list(result.model.departments) == ["company"] and not result.model.roles
    assert not (template_copy / "needs" / "2026-h1").exists()
    assert sorted(p.name for p in (template_copy / "plans").iterdir()) == ["README.md"]
    site = yaml.safe_load((template_copy / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site["site_name"] == "Northwind Trading competency map"
    first = (template_copy / "competency-map" / "areas.yml").read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../generator/schemas/areas.schema.json")
    owners = (template_copy / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "chen-guoqiang" not in owners and "training-lead--change-me" in owners
    assert not (template_copy / "schemas").exists()


def test_a_changed_or_added_file_is_kept_and_listed(template_copy: Path) -> None:
    role = template_copy / ROLE
    role.write_text(role.read_text(encoding="utf-8") + "grade: S2\n", encoding="utf-8")
    mine = template_copy / "competency-map" / "roles" / "buyer.yml"
    mine.write_text("id: buyer\n", encoding="utf-8")
    guide = template_copy / "docs" / "reading-the-competency-map.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nOur own note.\n", encoding="utf-8")
    before = {rel: (template_copy / rel).read_bytes()
              for rel in (ROLE, "competency-map/roles/buyer.yml", "docs/reading-the-competency-map.md")}

    dry = cmap(template_copy, "init", ".", "--name", "Northwind Trading", "--replace-example",
               "--dry-run")
    assert dry.returncode == 0 and "Would remove" in dry.stdout
    assert (template_copy / "competency-map" / "roles" / "shopping-guide.yml").is_file()

    done = cmap(template_copy, "init", ".", "--name", "Northwind Trading", "--replace-example")
    assert done.returncode == 0, done.stderr
    assert f"  {ROLE}: changed since the example" in done.stdout
    assert "  competency-map/roles/buyer.yml: not the example's" in done.stdout
    assert "  docs/reading-the-competency-map.md: changed since the example" in done.stdout
    assert "docs/reading-the-competency-map.md: kept yours; the starter's version was not " \
           "written." in done.stdout
    assert "cmap validate now finds" in done.stdout
    assert {rel: (template_copy / rel).read_bytes() for rel in before} == before
    assert not (template_copy / "competency-map" / "roles" / "shopping-guide.yml").exists()


def test_a_folder_without_the_example_is_refused(tmp_path: Path) -> None:
    (tmp_path / "competency-map").mkdir()
    (tmp_path / "competency-map" / "areas.yml").write_text("areas: []\n", encoding="utf-8")
    done = cmap(tmp_path, "init", ".", "--name", "X", "--replace-example")
    assert done.returncode == 1 and "no file in" in done.stderr and "example" in done.stderr
    assert (tmp_path / "competency-map" / "areas.yml").read_text(encoding="utf-8") == "areas: []\n"
