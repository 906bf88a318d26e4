"""A company's copies of the JSON Schemas (`schemas/`): `cmap validate` warns (L122) while
they lag behind the installed cmap's, and `cmap init --update-schemas` brings them back."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT
from support.cli import cmap

from generator.files.schema_copies import copies_problems, schema_copies
from generator.starter.new_repository import write_starter


@pytest.fixture
def company(tmp_path: Path) -> Path:
    root = tmp_path / "company"
    write_starter(root, "Northwind Trading")
    return root


def test_current_copies_and_cmap_s_own_repository_give_no_warning(company: Path) -> None:
    assert copies_problems(company) == [] and copies_problems(ROOT) == []
    assert sorted(schema_copies()) == sorted(
        f"schemas/{p.name}" for p in (ROOT / "generator" / "schemas").glob("*.schema.json"))


def test_outdated_copies_are_one_warning_with_the_command_that_refreshes_them(company: Path) -> None:
    (company / "schemas" / "role.schema.json").write_text("{}\n", encoding="utf-8")
    (company / "schemas" / "plan.schema.json").unlink()
    run = cmap(company, "validate")
    assert run.returncode == 0
    assert ("schemas/plan.schema.json:1:1: warning L122 `schemas/` holds 2 JSON Schema(s) that "
            "are missing or differ") in run.stdout
    assert "plan.schema.json, role.schema.json" in run.stdout
    assert "hint: Run `cmap init --update-schemas` and commit the result." in run.stdout
    dry = cmap(company, "init", "--update-schemas", "--dry-run")
    assert dry.returncode == 0 and "Would write 2 JSON Schemas" in dry.stdout
    assert (company / "schemas" / "role.schema.json").read_text(encoding="utf-8") == "{}\n"
    done = cmap(company, "init", "--update-schemas")
    assert done.returncode == 0 and "Wrote 2 JSON Schemas" in done.stdout
    assert copies_problems(company) == []
    assert cmap(company, "init", "--update-schemas").stdout == "schemas/ is up to date.\n"


def test_a_link_in_place_of_a_copy_is_never_read(company: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_bytes(schema_copies()["schemas/role.schema.json"])
    (company / "schemas" / "role.schema.json").unlink()
    (company / "schemas" / "role.schema.json").symlink_to(target)
    assert [p.code for p in copies_problems(company)] == ["L122"]


def test_cmap_s_own_repository_has_no_copies_to_update() -> None:
    done = cmap(ROOT, "init", "--update-schemas", "--dry-run")
    assert done.returncode == 1 and "generator/schemas/" in done.stderr
