"""`cmap import case`: a CASE package becomes valid map files, and nothing is overwritten.

The samples are OpenSALT's CASE 1.0 test packages (tests/fixtures/case/README.md). Every
import here ends with `load_repository` (the same check as `cmap validate`) on the result.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import ROOT
from support.cli import cmap
from support.progress import Recorder
from support.repo_builder import Repo

from generator.exchange.case.exporter import Publisher, case_package
from generator.exchange.case.importer import CaseImport, plan_import, read_package, write
from generator.exchange.case.mapping import Mapper
from generator.exchange.case.reading import good_id
from generator.problems import CmapError
from generator.rules.repository import load_repository

SAMPLES = ROOT / "tests" / "fixtures" / "case" / "samples"
SHA256 = {
    "MarkdownFramework.json": "633c746e72b70a028aa9072450929f25dfe2ebdee8ae610d66f323a0f6703d34",
    "SmartLevelFramework.json": "f274213179443afb73e9209d088bc342bcfba34e06f30cf665d0b4d56189412b",
    "Utf8TestFramework.json": "f6795a7dd97f5b1f9f73395e37afac6291ed1a5b8c98ef33095ca89f7bcc6cda",
}
PUBLISHER = Publisher(title="Jiahe competency map", creator="Jiahe")
WHEN = datetime(2027, 1, 2, tzinfo=timezone.utc)


def imported(root: Path, package: dict[str, Any], scale: str | None = None) -> CaseImport:
    outcome = plan_import(root, package, scale)
    write(root, outcome)
    return outcome


def valid(root: Path) -> None:
    result = load_repository(root)
    assert [p for p in result.problems if p.is_error] == [], result.problems


@pytest.mark.parametrize("name", sorted(SHA256))
def test_each_sample_imports_into_a_valid_map(tmp_path: Path, name: str) -> None:
    path = SAMPLES / name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == SHA256[name]
    repo = Repo.minimal(tmp_path / "repo")
    outcome = imported(repo.root, read_package(path))
    valid(repo.root)
    adapted = [w for w in outcome.warnings if w.startswith("This is a CASE 1.0 package")]
    assert len(adapted) == 1 and "-0000-0000-0000-" in adapted[0]
    assert any("no levels in the package" in w for w in outcome.warnings)
    assert any(c.rel == "competency-map/categories.yml" and c.text for c in outcome.changes)


def test_the_two_level_sample_becomes_categories_and_competencies(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    imported(repo.root, read_package(SAMPLES / "SmartLevelFramework.json"))
    model = load_repository(repo.root).model
    assert {"item-1", "item-2"} <= set(model.categories)
    assert model.competencies["item-1-10"].category == "item-1"
    assert model.competencies["item-2-2"].indicators == {3: ("Item 2.2",)}
    assert "item-1" not in model.competencies


def test_markdown_and_astral_text_are_kept(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    outcome = imported(repo.root, read_package(SAMPLES / "MarkdownFramework.json"))
    assert any("several lines (Markdown" in w for w in outcome.warnings)
    assert any("`MD.Table` → `md-table`" in w for w in outcome.warnings)
    model = load_repository(repo.root).model
    assert "| Column 1 | Column 2 |\n" in model.competencies["md-table"].description
    imported(repo.root, read_package(SAMPLES / "Utf8TestFramework.json"))
    model = load_repository(repo.root).model
    assert model.competencies["item-d-1"].name == "Item 𝑑 1"
    assert model.categories["utf8-d-test"].name == "UTF8 𝑑 Test"


@pytest.mark.parametrize("source", ["example", "minimal"])
def test_export_import_export_is_stable(tmp_path: Path, source: str) -> None:
    """Identical JSON, timestamps included (the same time is passed to both exports)."""
    origin = ROOT if source == "example" else Repo.minimal(tmp_path / "minimal").root
    first = case_package(load_repository(origin).model, PUBLISHER, WHEN)
    root = tmp_path / "seed"
    (root / "competency-map").mkdir(parents=True)
    shutil.copy(origin / "competency-map" / "governance.yml", root / "competency-map")
    outcome = imported(root, first)
    assert outcome.warnings == []
    valid(root)
    second = case_package(load_repository(root).model, PUBLISHER, WHEN)
    assert json.dumps(second, indent=1) == json.dumps(first, indent=1)
    role = (root / "competency-map" / "roles" / "sales-rep.yml").read_text(encoding="utf-8")
    # The seed repository has no generator/schemas/: its schemas would be in schemas/.
    assert role.startswith("# yaml-language-server: $schema=../../schemas/role.schema.json\n")


def test_nothing_is_overwritten_and_vocabularies_are_appended(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    package = case_package(load_repository(ROOT).model, PUBLISHER, WHEN)
    before = {p: p.read_bytes() for p in (repo.root / "competency-map").rglob("*.yml")}
    outcome = imported(repo.root, package)
    for path, data in before.items():
        if path.name in ("categories.yml", "families.yml", "areas.yml"):
            assert path.read_bytes().startswith(data)  # appended, every byte kept
        else:
            assert path.read_bytes() == data, path
    kept = [c.rel for c in outcome.changes if c.text is None]
    assert "competency-map/competencies/communication.yml" in kept
    text = "\n".join(outcome.warnings)
    assert "already exist and were kept" in text
    assert "scale `proficiency` has 4 levels, the package's has 5" in text
    assert "`marketing-director → team-leadership`" in text  # kept competency, new role
    errors = [p for p in load_repository(repo.root).problems if p.is_error]
    assert {(p.code, p.path.split("/")[1]) for p in errors} == {("R305", "roles")}
    assert all("team-leadership" in p.message or "communication" in p.message
               or "consultative-selling" in p.message for p in errors)
    again = imported(repo.root, package)
    assert all(c.text is None for c in again.changes)


def _item(identifier: str, statement: str, **fields: Any) -> dict[str, Any]:
    return {"identifier": identifier, "uri": f"urn:uuid:{identifier}", "fullStatement": statement,
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00", **fields}


def _link(kind: str, origin: str, destination: str, n: int) -> dict[str, Any]:
    return {"identifier": f"a{n:07d}-0000-4000-8000-000000000000", "associationType": kind,
            "originNodeURI": {"title": origin, "identifier": origin, "uri": f"urn:uuid:{origin}"},
            "destinationNodeURI": {"title": destination, "identifier": destination,
                                   "uri": f"urn:uuid:{destination}"}}


def test_what_cannot_be_mapped_is_said_all_at_once(tmp_path: Path) -> None:
    doc, domain, standard, sub, level1, level2 = (f"{n}0000000-0000-4000-8000-000000000000"
                                                   for n in range(1, 7))
    package = {
        "CFDocument": {"identifier": doc, "title": "Sales standards", "creator": "Guild"},
        "CFItems": [_item(domain, "Selling", CFItemType="Domain"),
                    _item(standard, "Finds the need", CFItemType="Standard", humanCodingScheme="S.1"),
                    _item(sub, "Asks open questions", CFItemType="Standard"),
                    _item(level1, "Asks questions from a list"), _item(level2, "Adapts questions"),
                    {"fullStatement": "no identifier"}],
        "CFAssociations": [_link("isChildOf", domain, doc, 1), _link("isChildOf", standard, domain, 2),
                           _link("isChildOf", sub, standard, 3), _link("hasSkillLevel", standard, level1, 4),
                           _link("hasSkillLevel", standard, level2, 5), _link("isRelatedTo", sub, domain, 6),
                           _link("exactMatchOf", sub, "elsewhere", 7)],
    }
    repo = Repo.minimal(tmp_path / "repo")
    outcome = imported(repo.root, package)
    valid(repo.root)
    text = "\n".join(outcome.warnings)
    assert "2 × `Standard`, 1 × `Domain`" in text
    assert "1 item(s) have no identifier" in text
    assert "1 × `exactMatchOf` association, 1 × `isRelatedTo` association" in text
    assert "1 item(s) sat below other competencies" in text
    model = load_repository(repo.root).model
    assert model.competencies["s-1"].indicators == {1: ("Asks questions from a list",),
                                                    2: ("Adapts questions",)}
    assert model.competencies["asks-open-questions"].category == "selling"


def _numbered(n: int) -> str:
    return f"{n:08d}-0000-4000-8000-000000000000"


def test_items_sharing_one_code_get_unique_valid_ids_in_file_order() -> None:
    package = {"CFDocument": {"identifier": _numbered(0), "title": "Codes"},
               "CFItems": [_item(_numbered(n), f"Statement {n}", humanCodingScheme="C" * 64)
                           for n in range(1, 1101)]}
    ids = list(Mapper(package, {"proficiency": 4}).run().competencies)
    assert ids[:3] == ["c" * 64, "c" * 60 + "-2", "c" * 60 + "-3"]
    assert ids[998:1000] == ["c" * 60 + "-999", "c" * 59 + "-1000"]  # still at most 64
    assert len(set(ids)) == 1100 and all(good_id(i) for i in ids)
    assert list(Mapper(package, {"proficiency": 4}).run().competencies) == ids


def test_rubrics_of_one_name_get_scale_ids_by_their_number_of_levels() -> None:
    def rubric(n: int, levels: int) -> dict[str, Any]:
        return {"identifier": _numbered(100 + n), "title": "Proficiency", "CFRubricCriteria": [
            {"identifier": _numbered(200 + n), "CFItemURI": {"identifier": _numbered(n)},
             "CFRubricCriterionLevels": [{"identifier": _numbered(300 + 10 * n + k), "score": k,
                                          "description": f"Level {k}"} for k in range(1, levels + 1)]}]}

    sizes = [3, 4, 3, 4, 5]  # the map's `proficiency` has 4 levels
    package = {"CFDocument": {"identifier": _numbered(0), "title": "Scales"},
               "CFItems": [_item(_numbered(n), f"Statement {n}") for n in range(1, 6)],
               "CFRubrics": [rubric(n, size) for n, size in enumerate(sizes, 1)]}
    draft = Mapper(package, {"proficiency": 4}).run()
    assert {k: len(v["levels"]) for k, v in draft.scales.items()} == {
        "proficiency-2": 3, "proficiency": 4, "proficiency-3": 3, "proficiency-4": 4,
        "proficiency-5": 5}


def test_items_deep_in_a_chain_or_in_a_loop_find_their_category() -> None:
    doc, top = _numbered(0), _numbered(1)
    chain = [_numbered(n) for n in range(2, 202)]
    looped = [_numbered(n) for n in range(300, 303)]
    parents = [(top, doc), (chain[0], top), *zip(chain[1:], chain[:-1], strict=True),
               (looped[0], looped[2]), (looped[1], looped[0]), (looped[2], looped[1])]
    package = {"CFDocument": {"identifier": doc, "title": "Deep"},
               "CFItems": [_item(i, f"Item {i[:8]}") for i in (top, *chain, *looped)],
               "CFAssociations": [_link("isChildOf", child, parent, n)
                                  for n, (child, parent) in enumerate(parents)]}
    draft = Mapper(package, {"proficiency": 4}).run()
    category = {doc["name"]: doc["category"] for doc in draft.competencies.values()}
    assert {category[f"Item {i[:8]}"] for i in chain} == {"item-00000001"}
    assert {category[f"Item {i[:8]}"] for i in looped} == {"deep"}
    assert "202 item(s) sat below other competencies" in "\n".join(draft.warnings)  # 199 + 3


def test_without_any_scale_a_default_one_is_written(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    outcome = imported(root, read_package(SAMPLES / "Utf8TestFramework.json"))
    assert any("default five-level scale" in w for w in outcome.warnings)
    assert (root / "competency-map" / "scales" / "proficiency.yml").is_file()


def test_several_scales_need_a_choice(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    text = repo.text("scales/proficiency.yml").replace("id: proficiency", "id: behaviour")
    repo.write("scales/behaviour.yml", text)
    repo.remove("scales/proficiency.yml")
    repo.write("scales/skill.yml", text.replace("id: behaviour", "id: skill"))
    package = read_package(SAMPLES / "Utf8TestFramework.json")
    with pytest.raises(CmapError, match="--scale"):
        plan_import(repo.root, package)
    imported(repo.root, package, scale="skill")
    assert load_repository(repo.root).model.competencies["item-d-1"].scale == "skill"


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe{", "not UTF-8"), (b"{", "not valid JSON"), (b"[]", "no `CFDocument`"),
    (b'{"CFDocument": {}, "CFItems": []}', "no items"),
])
def test_a_file_that_is_no_package_is_one_clear_error(tmp_path: Path, content: bytes,
                                                      message: str) -> None:
    path = tmp_path / "package.json"
    path.write_bytes(content)
    with pytest.raises(CmapError, match=message):
        plan_import(Repo.minimal(tmp_path / "repo").root, read_package(path))


def test_cli_import_then_validate(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    sample = str(SAMPLES / "SmartLevelFramework.json")
    dry = cmap(repo.root, "import", "case", sample, "--dry-run")
    assert dry.returncode == 0 and "Would write competency-map/competencies/item-1-1.yml" in dry.stdout
    assert not repo.path("competencies/item-1-1.yml").exists()
    done = cmap(tmp_path, "import", "case", sample, "--into", str(repo.root))
    assert done.returncode == 0 and "warning: This is a CASE 1.0 package" in done.stderr
    assert cmap(repo.root, "validate").returncode == 0
    missing = cmap(repo.root, "import", "case", "nowhere.json")
    assert missing.returncode == 1 and "cannot read nowhere.json" in missing.stderr


def test_cli_lists_200_warnings_then_counts_the_rest(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    unusable = [{"identifier": _numbered(1000 + n), "title": f"Rubric {n}", "CFRubricCriteria": []}
                for n in range(250)]  # each is said not to hold a usable scale
    package = tmp_path / "package.json"
    package.write_text(json.dumps({"CFDocument": {"identifier": _numbered(0), "title": "Many"},
                                   "CFItems": [_item(_numbered(1), "One statement")],
                                   "CFRubrics": unusable}), encoding="utf-8")
    done = cmap(repo.root, "import", "case", str(package), "--dry-run")
    assert done.returncode == 0
    warnings = done.stderr.splitlines()
    assert len(warnings) == 201 and all(w.startswith("warning: ") for w in warnings)
    assert warnings[1] == ("warning: The rubric `Rubric 0` has no usable scale (2 to 10 levels "
                           "numbered 1, 2, 3 …), so its levels were not imported.")
    assert warnings[-1] == "warning: … and 52 more warnings"  # 1 + 250 + 1 in all


def test_a_case_import_reports_the_repository_then_the_files_it_maps(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    recorder = Recorder()
    outcome = plan_import(repo.root, read_package(SAMPLES / "SmartLevelFramework.json"),
                          progress=recorder)
    assert recorder.names == ["load", "validate", "map"]
    mapped = recorder.phases[2]
    entity_files = [c for c in outcome.changes if not c.rel.endswith(("categories.yml",
                                                                     "families.yml", "areas.yml"))]
    assert mapped.total == mapped.done == len(entity_files) > 0
