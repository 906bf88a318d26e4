"""The loader: every refusal with its code and exact position, and what it must accept.

Each test writes one file and reads it with `load_file`; positions are 1-based line and
column as an editor shows them. Inputs that could crash the interpreter (very deep
nesting) are read in a child process, so a crash fails one test instead of the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT
from support.repo_builder import MINIMAL, Repo

from generator.files import yaml_loader as loader
from generator.files.yaml_loader import Document, load_file
from generator.problems import Problem


def read(tmp_path: Path, content: str | bytes,
         name: str = "data.yml") -> tuple[Document | None, list[Problem]]:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return load_file(path, f"competency-map/{name}")


def refused(tmp_path: Path, content: str | bytes) -> Problem:
    """The single problem of a file the loader must refuse (no document comes back)."""
    doc, problems = read(tmp_path, content)
    assert doc is None, f"the loader accepted it: {doc and doc.data}"
    assert len(problems) == 1, problems
    return problems[0]


def where(problem: Problem) -> tuple[str, int, int]:
    return problem.code, problem.line, problem.column


def read_in_child(path: Path) -> tuple[int, list[dict[str, object]]]:
    """Load `path` in a fresh interpreter; its exit code and the problems as dicts."""
    script = (
        "import json, sys, dataclasses; from pathlib import Path\n"
        "from generator.files.yaml_loader import load_file\n"
        "doc, problems = load_file(Path(sys.argv[1]), 'deep.yml')\n"
        "print(json.dumps([dataclasses.asdict(p) for p in problems]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                         text=True, env=env, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, json.loads(run.stdout) if run.returncode == 0 else []


# --- refusals -------------------------------------------------------------------------


def test_duplicate_key_is_reported_at_its_second_occurrence(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "id: sales-rep\ntitle: Sales rep\nid: sales-manager\n")
    assert doc is not None and doc.data["id"] == "sales-manager"
    assert [where(p) for p in problems] == [("L103", 3, 1)]
    assert "`id`" in problems[0].message and "line 1" in problems[0].message
    assert problems[0].hint


def test_duplicate_key_in_a_nested_mapping_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "id: hq\nhead:\n  name: Wang Lei\n  name: Li Wei\n")
    assert [where(p) for p in problems] == [("L103", 4, 3)]
    assert "first on line 3" in problems[0].message


def test_every_duplicate_key_of_a_file_is_reported(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "id: a\nname: b\nid: c\nname: d\n")
    assert [where(p) for p in problems] == [("L103", 3, 1), ("L103", 4, 1)]


@pytest.mark.parametrize(("text", "kind"), [
    ("- sales-rep\n- sales-manager\n", "a list"),
    ("just some words\n", "a single value"),
    ("42\n", "a single value"),
])
def test_a_document_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str, kind: str) -> None:
    problem = refused(tmp_path, text)
    assert where(problem) == ("L104", 1, 1)
    assert kind in problem.message
    assert "id:" in problem.hint


@pytest.mark.parametrize(("text", "line"), [
    ("id: a\n---\nid: b\n", 2),
    ("---\nid: a\n---\nid: b\n", 3),
])
def test_several_documents_are_refused_at_the_second_one(tmp_path: Path, text: str, line: int) -> None:
    problem = refused(tmp_path, text)
    assert where(problem) == ("L105", line, 1)
    assert "several" in problem.message and "---" in problem.hint


def test_an_explicit_start_and_end_marker_around_one_document_is_accepted(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "---\nid: a\n...\n")
    assert problems == [] and doc is not None and doc.data == {"id": "a"}


@pytest.mark.parametrize(("text", "tag", "line", "column"), [
    ("id: a\nhead: !person\n  name: x\n", "!person", 2, 7),
    ("id: !foo bar\n", "!foo", 1, 5),
    ("id: a\nmembers: !!set {li-wei, wang-lei}\n", "!!set", 2, 10),
    ("id: a\nlogo: !!binary aGVsbG8=\n", "!!binary", 2, 7),
    ("id: a\nx: !!omap [a: 1]\n", "!!omap", 2, 4),
    ("id: !!python/object/apply:os.system ['echo pwned']\n", "!!python/object/apply:os.system", 1, 5),
    ("id: a\nrun: !!python/name:os.system\n", "!!python/name:os.system", 2, 6),
])
def test_custom_and_unsafe_tags_are_refused_at_the_tagged_value(
        tmp_path: Path, text: str, tag: str, line: int, column: int) -> None:
    problem = refused(tmp_path, text)
    assert where(problem) == ("L106", line, column)
    assert f"`{tag}`" in problem.message


def test_billion_laughs_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    problem = refused(tmp_path, "\n".join(lines) + "\n")
    assert problem.code == "L107"
    assert problem.line in range(1, 10) and problem.column == 4
    assert "alias" in problem.hint.lower()


def test_a_few_harmless_aliases_are_accepted(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "a: &levels [1, 2]\nb: *levels\n")
    assert problems == [] and doc is not None and doc.data == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x\n  b: *x\n"])
def test_recursive_alias_is_refused(tmp_path: Path, text: str) -> None:
    problem = refused(tmp_path, text)
    assert where(problem) == ("L108", 1, 4)
    assert "itself" in problem.message


def test_an_undefined_alias_is_a_syntax_error_at_the_alias(tmp_path: Path) -> None:
    problem = refused(tmp_path, "id: a\nname: *nowhere\n")
    assert where(problem) == ("L102", 2, 7)
    assert "alias" in problem.message and "&anchor" in problem.hint


def test_a_duplicate_anchor_gets_the_anchor_hint(tmp_path: Path) -> None:
    problem = refused(tmp_path, "a: &x 1\nb: &x 2\nc: *x\n")
    assert where(problem) == ("L102", 2, 4)
    assert "Each `&anchor` must be defined once" in problem.hint
    assert not problem.message.startswith("This is not valid YAML: second occurrence")


@pytest.mark.parametrize(("opener", "closer", "column"), [("[", "]", 67), ("{x: ", "}", 256)])
def test_nesting_100000_brackets_deep_is_refused_without_crashing(
        tmp_path: Path, opener: str, closer: str, column: int) -> None:
    path = tmp_path / "deep.yml"
    path.write_text("a: " + opener * 100_000 + closer * 100_000 + "\n", encoding="utf-8")
    returncode, problems = read_in_child(path)
    assert returncode == 0, f"the loader crashed (exit {returncode})"
    assert [(p["code"], p["line"], p["column"]) for p in problems] == [("L109", 1, column)]
    assert "nested too deeply" in str(problems[0]["message"])


def test_deeply_nested_block_sequences_are_refused_without_crashing(tmp_path: Path) -> None:
    path = tmp_path / "deep.yml"
    path.write_text("- " * 30_000 + "x\n", encoding="utf-8")
    returncode, problems = read_in_child(path)
    assert returncode == 0, f"the loader crashed (exit {returncode})"
    assert [p["code"] for p in problems] == ["L109"]


def test_an_oversized_file_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 1024)
    problem = refused(tmp_path, "id: a\ndescription: " + "x" * 2000 + "\n")
    assert where(problem) == ("L110", 1, 1)
    assert "too large" in problem.message and "Split" in problem.hint


def test_a_file_just_under_the_size_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 1024)
    doc, problems = read(tmp_path, "id: a\nd: " + "x" * 1000 + "\n")
    assert problems == [] and doc is not None


@pytest.mark.parametrize("content", [
    "",
    "\n\n   \n",
    "# yaml-language-server: $schema=../generator/schemas/areas.schema.json\n# to do\n",
])
def test_an_empty_or_comment_only_file_is_refused(tmp_path: Path, content: str) -> None:
    problem = refused(tmp_path, content)
    assert where(problem) == ("L111", 1, 1)
    assert "empty" in problem.message


def test_a_merge_key_is_refused_at_the_merge_key(tmp_path: Path) -> None:
    problem = refused(tmp_path, "base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n")
    assert where(problem) == ("L112", 4, 3)
    assert "<<" in problem.message


@pytest.mark.parametrize(("text", "shown"), [
    ("id: a\n1: b\n", "1"),
    ("id: a\nyes: b\n", "yes"),
    ("id: a\n~: b\n", "~"),
])
def test_a_key_that_is_not_text_is_refused_at_the_key(tmp_path: Path, text: str, shown: str) -> None:
    _, problems = read(tmp_path, text)
    assert [where(p) for p in problems] == [("L113", 2, 1)]
    assert f"`{shown}`" in problems[0].message and "quotes" in problems[0].hint


def test_a_list_used_as_a_key_is_named_in_plain_words(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "id: a\n? [1, 2]\n: b\n")
    assert [p.code for p in problems] == ["L113"]
    assert "Node" not in problems[0].message and "tag:yaml.org" not in problems[0].message


def test_tab_indentation_is_refused_with_a_tab_message(tmp_path: Path) -> None:
    problem = refused(tmp_path, "id: a\nhead:\n\tname: Wang Lei\n")
    assert where(problem) == ("L102", 3, 1)
    assert "tab" in problem.message.lower() and "spaces" in problem.hint


def test_a_tab_at_the_start_of_a_top_level_line_is_refused(tmp_path: Path) -> None:
    problem = refused(tmp_path, "id: a\n\tname: x\n")
    assert where(problem) == ("L102", 2, 1)
    assert "tab" in problem.message.lower()


def test_a_number_too_long_to_read_is_refused_at_the_number(tmp_path: Path) -> None:
    # Python reads at most 4,300 digits as one number; more raised ValueError past the loader.
    problem = refused(tmp_path, "id: a\nlevel: " + "7" * 100_000 + "\n")
    assert where(problem) == ("L102", 2, 8)
    assert "too long" in problem.message and len(problem.message) < 300
    assert "quotes" in problem.hint


@pytest.mark.parametrize(("text", "line", "column"), [
    ("id: a\nname: [unclosed\n", 3, 1),
    ("id: a\n  name: b\n", 2, 7),
    ("id: a: b\n", 1, 6),
    ("id: a\nname: 销售: 代表\n", 2, 9),
])
def test_a_syntax_error_is_reported_at_its_position(
        tmp_path: Path, text: str, line: int, column: int) -> None:
    problem = refused(tmp_path, text)
    assert where(problem) == ("L102", line, column)
    assert problem.message.startswith("This is not valid YAML")
    assert "indentation" in problem.hint


@pytest.mark.parametrize(("raw", "line", "column", "byte"), [
    (b"id: a\nname: caf\xe9\n", 2, 10, "0xe9"),
    (b"\xff\n", 1, 1, "0xff"),
    (b"id: a\nname: b\nnote: \x80x\n", 3, 7, "0x80"),
])
def test_non_utf8_bytes_are_refused_at_their_line_and_column(
        tmp_path: Path, raw: bytes, line: int, column: int, byte: str) -> None:
    problem = refused(tmp_path, raw)
    assert where(problem) == ("L101", line, column)
    assert byte in problem.message and "UTF-8" in problem.hint


def test_the_column_of_a_bad_byte_after_chinese_text_counts_characters(tmp_path: Path) -> None:
    problem = refused(tmp_path, "id: 中文中文x".encode() + b"\xff\n")
    assert where(problem) == ("L101", 1, 10)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_refused_as_such(tmp_path: Path, encoding: str) -> None:
    raw = "id: sales-rep\nname: 销售代表\n".encode(encoding)
    if encoding != "utf-16":
        raw = ("\ufeff".encode(encoding)) + raw
    problem = refused(tmp_path, raw)
    assert where(problem) == ("L101", 1, 1)
    assert "UTF-16" in problem.message and "UTF-8" in problem.hint


@pytest.mark.parametrize(("raw", "column", "codepoint"), [
    (b"id: a\nname: b\x07c\n", 8, "U+0007"),
    (b"id: a\nname: b\x00c\n", 8, "U+0000"),
    (b"id: a\nname: \"b\x1bc\"\n", 9, "U+001B"),
    (b"id: a\nname: b\x7fc\n", 8, "U+007F"),
])
def test_a_control_character_is_refused_at_its_position(
        tmp_path: Path, raw: bytes, column: int, codepoint: str) -> None:
    problem = refused(tmp_path, raw)
    assert where(problem) == ("L101", 2, column)
    assert codepoint in problem.message


def test_a_control_character_after_chinese_text_is_reported_at_its_position(tmp_path: Path) -> None:
    problem = refused(tmp_path, "id: a\nname: 中文中文\x07\n".encode())
    assert where(problem) == ("L101", 2, 11)


def test_an_unreadable_path_is_reported_not_raised(tmp_path: Path) -> None:
    doc, problems = load_file(tmp_path / "missing.yml", "competency-map/missing.yml")
    assert doc is None and [p.code for p in problems] == ["L100"]


def test_all_loader_problems_carry_a_hint(tmp_path: Path) -> None:
    samples: list[str | bytes] = [
        "id: a\nid: b\n", "- a\n", "a: 1\n---\nb: 2\n", "a: !x 1\n", "a: &x [*x]\n", "",
        "a: &b {x: 1}\nc:\n  <<: *b\n", "1: a\n", "a: [\n", b"a: \xe9\n", b"a: \x07\n",
    ]
    for index, sample in enumerate(samples):
        _, problems = read(tmp_path, sample, f"sample{index}.yml")
        assert problems, sample
        for problem in problems:
            assert problem.hint, problem
            assert problem.path == f"competency-map/sample{index}.yml"


# --- what is accepted -----------------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, b"\xef\xbb\xbfid: a\nname: b\nid: c\n")
    assert [where(p) for p in problems] == [("L103", 3, 1)]
    assert doc is not None and doc.data == {"id": "c", "name": "b"}
    assert doc.locate(("name",)) == (2, 1)


def test_crlf_line_ends_are_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, b"id: a\r\nname: b\r\nlist:\r\n  - x\r\n  - y\r\n")
    assert problems == []
    assert doc is not None and doc.data == {"id": "a", "name": "b", "list": ["x", "y"]}
    assert doc.locate(("list", 1)) == (5, 5)


def test_crlf_file_reports_a_problem_at_the_right_line(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"id: a\r\nname: b\r\nname: c\r\n")
    assert [where(p) for p in problems] == [("L103", 3, 1)]


def test_chinese_text_is_read_as_text(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "id: sales-rep\ntitle: 销售代表\nnote: 佳禾家电 😀\n")
    assert problems == []
    assert doc is not None and doc.data["title"] == "销售代表" and doc.data["note"] == "佳禾家电 😀"


@pytest.mark.parametrize(("text", "expected"), [
    ("due: 2026-03-01\n", "2026-03-01"),
    ("at: 2026-03-01 09:30:00\n", "2026-03-01 09:30:00"),
    ("at: 2026-03-01T09:30:00Z\n", "2026-03-01T09:30:00Z"),
])
def test_dates_stay_strings(tmp_path: Path, text: str, expected: str) -> None:
    doc, problems = read(tmp_path, text)
    assert problems == [] and doc is not None
    (value,) = doc.data.values()
    assert value == expected and isinstance(value, str)


def test_plain_scalars_keep_their_yaml_types(tmp_path: Path) -> None:
    doc, _ = read(tmp_path, "a: 3\nb: 2.5\nc: true\nd: null\ne: '3'\n")
    assert doc is not None and doc.data == {"a": 3, "b": 2.5, "c": True, "d": None, "e": "3"}


# --- Document.locate ------------------------------------------------------------------

NESTED = """\
# yaml-language-server: $schema=../../generator/schemas/role.schema.json
id: sales-rep
head:
  name: Li Wei
  handle: li-wei
competencies:
  - competency: communication
    level: 2
  - competency: negotiation
    level: 3
next_roles: [sales-manager, key-account-manager]
"""


@pytest.mark.parametrize(("keypath", "position"), [
    ((), (2, 1)),
    (("id",), (2, 1)),
    (("head", "handle"), (5, 3)),
    (("competencies", 1), (9, 5)),
    (("competencies", 1, "level"), (10, 5)),
    (("next_roles", 1), (11, 29)),
])
def test_locate_finds_nested_keys_and_list_items(
        tmp_path: Path, keypath: tuple[str | int, ...], position: tuple[int, int]) -> None:
    doc, _ = read(tmp_path, NESTED)
    assert doc is not None and doc.locate(keypath) == position


@pytest.mark.parametrize(("keypath", "position"), [
    (("head", "email"), (3, 1)),
    (("competencies", 7, "level"), (6, 1)),
    (("competencies", 0, "note"), (7, 5)),
    (("owner",), (2, 1)),
    (("id", "x"), (2, 1)),
])
def test_locate_falls_back_to_the_nearest_existing_parent(
        tmp_path: Path, keypath: tuple[str | int, ...], position: tuple[int, int]) -> None:
    doc, _ = read(tmp_path, NESTED)
    assert doc is not None and doc.locate(keypath) == position


# libyaml starts a line at a lone \r, NEL, U+2028 and U+2029 too, and points past the last
# line of a file that ends without a line break; git, GitHub and the fuzz tests count lines
# ending at \n only (regression: the fuzz tests found errors on lines the file did not have).
@pytest.mark.parametrize(("text", "line", "column"), [
    ('id: a\nname: "x\x85y"\nkey: b: c\n', 3, 7),
    ('id: a\nname: "x\u2028y"\ntitle: b\n  c: d\n', 4, 4),
    ("id: a\rname: b\nlist: [1\n", 3, 1),
    ("id: a\nname: [b\n  c", 3, 4),
])
def test_positions_count_lines_as_git_does(tmp_path: Path, text: str, line: int,
                                           column: int) -> None:
    assert where(refused(tmp_path, text)) == ("L102", line, column)


def test_locate_counts_lines_as_git_does(tmp_path: Path) -> None:
    doc, _ = read(tmp_path, 'id: a\nname: "one\u2028two\u2029three\x85four"\nlevel: x\n')
    assert doc is not None and doc.locate(("level",)) == (3, 1)


# --- the whole repository -------------------------------------------------------------


def test_a_repository_saved_with_bom_and_crlf_is_valid_and_positions_hold(repo: Repo) -> None:
    for rel in MINIMAL:
        text = repo.text(rel).replace("\n", "\r\n")
        repo.write(rel, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert repo.load().problems == []
    rel = "roles/sales-rep.yml"
    repo.write(rel, b"\xef\xbb\xbf" + repo.text(rel).replace("family: sales", "family: sails").encode())
    (problem,) = repo.load().problems
    assert (problem.path, problem.line, problem.column, problem.code) == (
        "competency-map/roles/sales-rep.yml", 4, 1, "R303")


def test_chinese_names_and_descriptions_are_valid(repo: Repo) -> None:
    repo.replace("roles/sales-rep.yml", "title: Sales representative", "title: 销售代表")
    repo.replace("departments/guangzhou-branch.yml", "name: Guangzhou branch", "name: 广州分公司")
    result = repo.load()
    assert result.problems == []
    assert result.model.roles["sales-rep"].title == "销售代表"


TOKENS = [*"ab:-[]{}&*!|>'\"#%@`?,\n \t~0123456789.", "\r\n", "---", "...", "<<: ", "!!set ", "&a ",
          "*a", "\x00", "\x85", "中", "\ufeff", "%YAML 1.2\n", "%TAG ! tag:x:\n", "2026-03-01"]


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(text=st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_load_file_never_raises_and_every_problem_is_placed(tmp_path_factory: pytest.TempPathFactory,
                                                           text: str) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz.yml"
    path.write_text(text, encoding="utf-8")
    doc, problems = load_file(path, "competency-map/fuzz.yml")
    assert doc is not None or problems
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.hint and problem.message
        assert problem.code in {f"L{n}" for n in range(100, 114)}
    if doc is not None:
        assert isinstance(doc.data, dict)
        line, column = doc.locate(("a", 0, "b"))
        assert line >= 1 and column >= 1
