"""`cmap import case`: a CASE package becomes valid map files, and nothing is overwritten.

The samples are OpenSALT's CASE 1.0 test packages (tests/fixtures/case/README.md). Every
import here ends with `load_repository` (the same check as `cmap validate`) on the result.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support import ROOT
from support.case_packages import (
    CASE,
    COMMON_CORE,
    COMMON_CORE_SHA256,
    common_core,
    ident,
    item,
    link,
    tree,
)
from support.cli import cmap
from support.progress import Recorder
from support.repo_builder import Repo

from generator.exchange.case.exporter import Publisher, case_package
from generator.exchange.case.importer import plan_import
from generator.exchange.case.mapping import Mapper
from generator.exchange.case.package import Package, read_package
from generator.exchange.case.reading import good_id
from generator.exchange.case.writing import CaseImport, write
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


def imported(root: Path, package: Package | dict[str, Any], scale: str | None = None,
             update: bool = False) -> CaseImport:
    outcome = plan_import(root, package if isinstance(package, Package) else Package.of(package),
                          scale, update=update)
    assert outcome.ok, outcome.problems
    write(root, outcome)
    return outcome


def said(outcome: CaseImport) -> str:
    """Every problem's code and message, a line each."""
    return "\n".join(f"{p.code} {p.message}" for p in outcome.problems)


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
    adapted = [p for p in outcome.problems if p.code == "I663"]
    assert len(adapted) == 1 and "-0000-0000-0000-" in adapted[0].message
    assert adapted[0].message.startswith("This is a CASE 1.0 package")
    assert adapted[0].path == str(path) and adapted[0].line > 1  # at the identifier it quotes
    assert "I670" in said(outcome) and "no levels in the package" in said(outcome)
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
    assert "I678 1 statement(s) have several lines (Markdown" in said(outcome)
    assert "`MD.Table` → `md-table`" in said(outcome)
    model = load_repository(repo.root).model
    assert "| Column 1 | Column 2 |\n" in model.competencies["md-table"].description
    assert model.competencies["md-table"].name == "This contains a _table_ in markdown"  # its first line
    assert model.competencies["md-table"].origin.code == "MD.Table"  # type: ignore[union-attr]
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
    assert outcome.problems == []
    valid(root)
    second = case_package(load_repository(root).model, PUBLISHER, WHEN)
    assert json.dumps(second, indent=1) == json.dumps(first, indent=1)
    role = (root / "competency-map" / "roles" / "sales-rep.yml").read_text(encoding="utf-8")
    # The seed repository has no generator/schemas/: its schemas would be in schemas/.
    assert role.startswith("# yaml-language-server: $schema=../../schemas/role.schema.json\n")


@pytest.fixture(scope="module")
def common_core_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CaseImport]:
    """The real Common Core package (686 competencies) imported once into a minimal map."""
    text = json.dumps(common_core(), indent=1)
    path = tmp_path_factory.mktemp("package") / "common-core-math.json"
    path.write_text(text, encoding="utf-8")
    root = Repo.minimal(tmp_path_factory.mktemp("map") / "repo").root
    return root, imported(root, read_package(path, "common-core-math.json"))


def test_a_real_framework_keeps_its_names_codes_notes_and_says_what_it_assumed(
        common_core_map: tuple[Path, CaseImport]) -> None:
    assert hashlib.sha256(gzip.decompress(COMMON_CORE.read_bytes())).hexdigest() == COMMON_CORE_SHA256
    root, outcome = common_core_map
    result = load_repository(root)
    assert [p for p in result.problems if p.is_error] == []
    imported_ = [c for c in result.model.competencies.values() if c.origin]
    origins = [c.origin for c in imported_ if c.origin]
    assert len(imported_) == 686
    assert sum(bool(o.code) for o in origins) == 664  # every code of the package
    assert sum(bool(o.notes) for o in origins) == 152 and all(o.education_levels for o in origins)
    assert {o.creator for o in origins} == {"National Governors Association Center for Best Practices"}
    for comp in imported_:
        code = comp.origin.code if comp.origin else ""
        assert comp.name != code and len(comp.name) <= 120  # never a bare code
        said_first = comp.name.removesuffix(f" ({code})").removesuffix("…")
        assert " ".join(comp.description.split()).startswith(said_first)  # its statement's start
    names = Counter((c.category, c.name.casefold()) for c in imported_)
    assert names.most_common(1)[0][1] == 1  # no two alike in a category
    by_code = {p.code: p for p in outcome.problems}
    assert by_code["I670"].message.startswith("686 competencies have no levels in the package")
    assert "level 3 of `proficiency`" in by_code["I670"].message
    assert by_code["I675"].message.startswith("326 item(s) have statements too long for a name")
    assert by_code["I676"].message.startswith("22 competencies would have the name another one")
    assert "not its `notes`, `subject`, `subjectURL`" in by_code["I667"].message
    assert all(p.path == "common-core-math.json" for p in outcome.problems)
    assert by_code["I675"].line > 1000  # at the item it is about


def test_a_real_framework_exported_links_every_item_back_and_reads_back_the_same(
        tmp_path: Path, common_core_map: tuple[Path, CaseImport]) -> None:
    model = load_repository(common_core_map[0]).model
    package = case_package(model, PUBLISHER, WHEN)
    schema = json.loads((CASE / "case-v1p1-cfpackage-schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(package)][:3] == []
    matches = [a for a in package["CFAssociations"] if a["associationType"] == "exactMatchOf"]
    sources = {c.origin.identifier for c in model.competencies.values() if c.origin}
    assert len(matches) == len(sources) == 686
    assert {a["destinationNodeURI"]["identifier"] for a in matches} == sources
    codes = [i["humanCodingScheme"] for i in package["CFItems"]]
    assert sum(code.startswith("CCSS.Math.") for code in codes) == 664  # every code kept
    assert package["CFDocument"]["publisher"] == "Jiahe"
    assert "Adapted from “Common Core State Standards for Mathematics”" in package["CFDocument"]["notes"]
    root = tmp_path / "seed"
    shutil.copytree(common_core_map[0] / "competency-map", root / "competency-map",
                    ignore=shutil.ignore_patterns("competencies", "roles", "scales"))
    outcome = imported(root, package)
    assert {p.code for p in outcome.problems} <= {"I680"}  # the vocabularies it already has
    again = case_package(load_repository(root).model, PUBLISHER, WHEN)
    assert json.dumps(again, indent=1) == json.dumps(package, indent=1)


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
    text = said(outcome)
    assert "I680" in text and "already exist and were kept" in text
    assert "scale `proficiency` has 4 levels, the package's has 5" in text
    assert "`marketing-director → team-leadership`" in text  # kept competency, new role
    errors = [p for p in load_repository(repo.root).problems if p.is_error]
    assert {(p.code, p.path.split("/")[1]) for p in errors} == {("R305", "roles")}
    assert all("team-leadership" in p.message or "communication" in p.message
               or "consultative-selling" in p.message for p in errors)
    again = imported(repo.root, package)
    assert all(c.text is None for c in again.changes)


def test_what_cannot_be_mapped_is_said_all_at_once(tmp_path: Path) -> None:
    doc, domain, standard, sub, level1, level2 = (f"{n}0000000-0000-4000-8000-000000000000"
                                                   for n in range(1, 7))
    package = {
        "CFDocument": {"identifier": doc, "title": "Sales standards", "creator": "Guild"},
        "CFItems": [item(domain, "Selling", CFItemType="Domain"),
                    item(standard, "Finds the need", CFItemType="Standard", humanCodingScheme="S.1",
                         abbreviatedStatement="S.1"),
                    item(sub, "Asks open questions", CFItemType="Standard"),
                    item(level1, "Asks questions from a list"), item(level2, "Adapts questions"),
                    {"fullStatement": "no identifier"}],
        "CFAssociations": [link("isChildOf", domain, doc, 1), link("isChildOf", standard, domain, 2),
                           link("isChildOf", sub, standard, 3), link("hasSkillLevel", standard, level1, 4),
                           link("hasSkillLevel", standard, level2, 5), link("isRelatedTo", sub, domain, 6),
                           link("exactMatchOf", sub, "elsewhere", 7)],
    }
    repo = Repo.minimal(tmp_path / "repo")
    outcome = imported(repo.root, package)
    valid(repo.root)
    text = said(outcome)
    assert "2 × `Standard`, 1 × `Domain`" in text
    assert "1 item(s) have no identifier" in text
    assert "1 × `exactMatchOf` association, 1 × `isRelatedTo` association" in text
    assert "1 item(s) sat below other competencies" in text
    model = load_repository(repo.root).model
    assert model.competencies["s-1"].name == "Finds the need"  # not its code, also given as its label
    assert model.competencies["s-1"].indicators == {1: ("Asks questions from a list",),
                                                    2: ("Adapts questions",)}
    assert model.competencies["asks-open-questions"].category == "selling"


def test_every_cut_and_omission_is_a_warning_at_its_item(tmp_path: Path) -> None:
    words = "Explains the offer in plain words " * 150  # 5,100 characters
    items = [item(1, words, notes=words, humanCodingScheme="S.1"), item(2, "Level 1"),
             item(3, "Level 2: Coaches others"), item(30, words[:600]),
             *(item(10 + n, f"Indicator {n}") for n in range(20))]
    parents = [(1, 0), (2, 1), (30, 2), *((10 + n, 2) for n in range(20)), (3, 1)]
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(tree(items, parents), indent=1), encoding="utf-8")
    package = read_package(path, "cut.json")
    repo = Repo.minimal(tmp_path / "repo")
    outcome = imported(repo.root, package)
    valid(repo.root)
    line = package.at(ident(1))[0]
    name = "`Explains the offer in plain words Explains the offer in plain words Explains the offer in " \
           "plain words Explains the…`"
    assert sorted((p.code, p.line, p.message) for p in outcome.problems if p.code in ("I668", "I669")) == [
        ("I668", line, f"An indicator of level 1 of {name} has 599 characters; the map keeps at most "
                       "500, so it was cut at a word."),
        ("I668", line, "The item's `notes` has 5,099 characters; the map keeps at most 4,000, so it "
                       "was cut at a word."),
        ("I668", line, f"The statement of {name} has 5,099 characters; the map keeps at most 4,000, "
                       "so it was cut at a word."),
        ("I669", line, f"Level 1 of {name} states 21 indicators; the map keeps 20 per level, so those "
                       "after the 20th were left out.")]
    assert all(p.hint for p in outcome.problems)
    comp = load_repository(repo.root).model.competencies["s-1"]
    assert len(comp.description) <= 4000 and comp.description.endswith(" the offer…")  # at a word
    assert comp.indicators[1][0].endswith("…") and len(comp.indicators[1]) == 20


def test_a_new_item_never_takes_the_id_of_a_competency_the_map_has(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    before = repo.text("competencies/communication.yml")
    outcome = imported(repo.root, tree([item(1, "Communication")], [(1, 0)]))
    assert repo.text("competencies/communication.yml") == before
    assert load_repository(repo.root).model.competencies["communication-2"].origin is not None
    assert "`Communication` → `communication-2`" in said(outcome)


def test_items_sharing_one_code_get_unique_valid_ids_in_file_order() -> None:
    package = {"CFDocument": {"identifier": ident(0), "title": "Codes"},
               "CFItems": [item(ident(n), f"Statement {n}", humanCodingScheme="C" * 64)
                           for n in range(1, 1101)]}
    ids = list(Mapper(Package.of(package), {"proficiency": 4}).run().competencies)
    assert ids[:3] == ["c" * 64, "c" * 60 + "-2", "c" * 60 + "-3"]
    assert ids[998:1000] == ["c" * 60 + "-999", "c" * 59 + "-1000"]  # still at most 64
    assert len(set(ids)) == 1100 and all(good_id(i) for i in ids)
    assert list(Mapper(Package.of(package), {"proficiency": 4}).run().competencies) == ids


def test_rubrics_of_one_name_get_scale_ids_by_their_number_of_levels() -> None:
    def rubric(n: int, levels: int) -> dict[str, Any]:
        return {"identifier": ident(100 + n), "title": "Proficiency", "CFRubricCriteria": [
            {"identifier": ident(200 + n), "CFItemURI": {"identifier": ident(n)},
             "CFRubricCriterionLevels": [{"identifier": ident(300 + 10 * n + k), "score": k,
                                          "description": f"Level {k}"} for k in range(1, levels + 1)]}]}

    sizes = [3, 4, 3, 4, 5]  # the map's `proficiency` has 4 levels
    package = {"CFDocument": {"identifier": ident(0), "title": "Scales"},
               "CFItems": [item(ident(n), f"Statement {n}") for n in range(1, 6)],
               "CFRubrics": [rubric(n, size) for n, size in enumerate(sizes, 1)]}
    draft = Mapper(Package.of(package), {"proficiency": 4}).run()
    assert {k: len(v["levels"]) for k, v in draft.scales.items()} == {
        "proficiency-2": 3, "proficiency": 4, "proficiency-3": 3, "proficiency-4": 4,
        "proficiency-5": 5}


def test_items_deep_in_a_chain_or_in_a_loop_find_their_category() -> None:
    doc, top = ident(0), ident(1)
    chain = [ident(n) for n in range(2, 202)]
    looped = [ident(n) for n in range(300, 303)]
    parents = [(top, doc), (chain[0], top), *zip(chain[1:], chain[:-1], strict=True),
               (looped[0], looped[2]), (looped[1], looped[0]), (looped[2], looped[1])]
    package = {"CFDocument": {"identifier": doc, "title": "Deep"},
               "CFItems": [item(i, f"Item {i[:8]}") for i in (top, *chain, *looped)],
               "CFAssociations": [link("isChildOf", child, parent, n)
                                  for n, (child, parent) in enumerate(parents)]}
    mapper = Mapper(Package.of(package), {"proficiency": 4})
    draft = mapper.run()
    category = {doc["name"]: doc["category"] for doc in draft.competencies.values()}
    assert {category[f"Item {i[:8]}"] for i in chain} == {"item-00000001"}
    assert {category[f"Item {i[:8]}"] for i in looped} == {"deep"}
    text = "\n".join(p.message for p in mapper.findings.problems)
    assert "202 item(s) sat below other competencies" in text  # 199 + 3
    assert "180 item(s) sit more than 20 headings deep" in text
    deepest = draft.competencies[f"item-{chain[-1][:8]}"]["origin"]["path"]
    assert deepest[:2] == ["Item 00000001", "Item 00000002"] and len(deepest) == 20


def test_without_any_scale_a_default_one_is_written(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    outcome = imported(root, read_package(SAMPLES / "Utf8TestFramework.json"))
    assert "I673 Neither the package nor the map has a proficiency scale" in said(outcome)
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
    with pytest.raises(CmapError, match=r"no scale `skil` .* Did you mean `skill`\?"):
        plan_import(repo.root, package, "skil")
    imported(repo.root, package, scale="skill")
    assert load_repository(repo.root).model.competencies["item-d-1"].scale == "skill"


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe{", "1:1: error I661 The file is not UTF-8"),
    (b"{\n  x", "2:3: error I661 This is not valid JSON"),
    (b"[]", "error I662 This is not a CASE package: it has no `CFDocument`"),
    (b'{"CFDocument": {}, "CFItems": {}}', "error I662 The package has no items"),
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
    assert done.returncode == 0 and "warning I663 This is a CASE 1.0 package" in done.stderr
    assert cmap(repo.root, "validate").returncode == 0
    missing = cmap(repo.root, "import", "case", "nowhere.json")
    assert missing.returncode == 1
    assert "cmap: nowhere.json:1:1: error I660 cannot read nowhere.json" in missing.stderr


def test_cli_lists_200_warnings_then_counts_the_rest(tmp_path: Path) -> None:
    repo = Repo.minimal(tmp_path / "repo")
    unusable = [{"identifier": ident(1000 + n), "title": f"Rubric {n}", "CFRubricCriteria": []}
                for n in range(250)]  # each is said not to hold a usable scale
    package = tmp_path / "package.json"
    text = json.dumps({"CFDocument": {"identifier": ident(0), "title": "Many"},
                       "CFItems": [item(1, "One statement")], "CFRubrics": unusable})
    package.write_text(text, encoding="utf-8")
    done = cmap(repo.root, "import", "case", str(package), "--dry-run")
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    listed = [line for line in lines if line.startswith(f"{package}:")]
    assert len(listed) == 200 and all(": warning I6" in line for line in listed)
    column = text.index(f'"identifier": "{ident(1000)}"') + 1  # where the rubric's record starts
    assert listed[1] == (f"{package}:1:{column}: warning I671 The rubric `Rubric 0` has no usable "
                         "scale (2 to 10 levels numbered 1, 2, 3 …), so its levels were not imported.")
    assert lines[-1] == "… and 52 more problems"  # 1 + 250 + 1 in all


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
