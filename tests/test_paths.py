"""`paths.schema_folder` and `schema_reference`: the `$schema` lines cmap writes resolve in
the repository they are written into, cmap's own or a company's made by `cmap init`."""

from __future__ import annotations

from pathlib import Path

from support import ROOT

from generator.paths import schema_folder, schema_reference, shown


def test_cmap_s_own_repository_and_its_copies_keep_the_schemas_with_the_code() -> None:
    assert schema_folder(ROOT) == "generator/schemas"
    assert schema_reference(ROOT, "role", "competency-map/roles/x.yml") == \
        "../../generator/schemas/role.schema.json"
    assert (ROOT / "competency-map" / "roles" / "../../generator/schemas/role.schema.json").is_file()


def test_a_company_s_repository_keeps_its_copies_in_schemas(tmp_path: Path) -> None:
    assert schema_folder(tmp_path) == "schemas"
    assert schema_reference(tmp_path, "plan", "plans/2027-h1.yml") == "../schemas/plan.schema.json"
    assert schema_reference(tmp_path, "governance") == "schemas/governance.schema.json"
    (tmp_path / "generator" / "schemas").mkdir(parents=True)
    assert schema_reference(tmp_path, "needs", "needs/2027-h1/x.yml") == \
        "../../generator/schemas/needs.schema.json"


def test_a_path_is_shown_relative_to_the_repository_it_lies_in(tmp_path: Path) -> None:
    assert shown(tmp_path, tmp_path / "site") == "site"
    assert shown(tmp_path, tmp_path / "a" / "b.yml") == "a/b.yml"
    assert shown(tmp_path, tmp_path) == "."
    assert shown(tmp_path / "repo", tmp_path / "elsewhere") == str(tmp_path / "elsewhere")
