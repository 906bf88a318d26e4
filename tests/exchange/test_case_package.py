"""Reading a CASE package: where its records are, and the shapes services write it in."""

from __future__ import annotations

import json
from pathlib import Path

from generator.exchange.case.mapping import Mapper
from generator.exchange.case.package import Package, positions, read_package


def _numbered(n: int) -> str:
    return f"{n:08d}-0000-4000-8000-000000000000"


def test_each_record_is_found_at_the_line_and_column_of_its_identifier() -> None:
    text = ('{\n  "CFDocument": {"identifier": "doc"},\n  "CFItems": [\n'
            '    {"identifier": "a\\/b", "fullStatement": "One"},\n'
            '    {"fullStatement": "Two",\n     "identifier" : "c"}\n  ]\n}\n')
    found = positions(text)
    assert found["doc"] == (2, 18)
    assert found["a/b"] == (4, 6)  # escapes are read as JSON reads them
    assert found["c"] == (6, 6)
    assert found["CFItems"] == (3, 3)


def test_items_and_associations_given_as_objects_keyed_by_identifier_are_read(tmp_path: Path) -> None:
    doc, top, item = _numbered(0), _numbered(1), _numbered(2)
    link = {"title": "", "uri": ""}
    package = {"CFPackage": {  # as the CASE API answers getCFPackage
        "CFDocument": {"identifier": doc, "uri": "https://x.example/doc", "title": "Keyed"},
        "CFItems": {top: {"fullStatement": "Top"}, item: {"fullStatement": "Asks open questions"}},
        "CFAssociations": {
            _numbered(10): {"associationType": "isChildOf", "originNodeURI": {**link, "identifier": top},
                            "destinationNodeURI": {**link, "identifier": doc}},
            _numbered(11): {"associationType": "isChildOf", "originNodeURI": {**link, "identifier": item},
                            "destinationNodeURI": {**link, "identifier": top}}}}}
    path = tmp_path / "keyed.json"
    path.write_text(json.dumps(package, indent=1), encoding="utf-8")
    read = read_package(path, "keyed.json")
    mapper = Mapper(read, {"proficiency": 4})
    draft = mapper.run()
    assert [c["id"] for c in draft.categories] == ["top"]
    (competency,) = draft.competencies.values()
    assert competency["category"] == "top" and competency["origin"]["identifier"] == item
    assert read.at(item) == (12, 4)  # where its key opens the record
    assert Package.of(package).data["CFDocument"]["title"] == "Keyed"
