"""Schema errors in words a department head understands, each at the line it concerns.

Every test breaks one file of the minimal repository and reads the problems that
`load_repository` reports for it (code S201).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from support.repo_builder import MINIMAL, Repo

from generator.files.yaml_loader import Document
from generator.paths import ENTITY_FOLDERS, SINGLE_FILES
from generator.problems import Problem
from generator.rules.schema_check import check

#: What jsonschema says, and a department head should never have to read.
JARGON = ("is not of type", "does not match", "is a required property", "Additional properties",
          "is not one of", "non-unique", "is less than", "is greater than", "non-empty",
          "Failed validating", "should be", "were unexpected", "is too short", "propertyNames")


def schema_problems(repo: Repo, rel: str) -> list[Problem]:
    result = repo.load()
    found = [p for p in result.problems if p.path == repo.rel(rel)]
    assert found, f"no problem reported for {rel}: {result.problems}"
    assert all(p.code == "S201" for p in found), found
    return found


def one(repo: Repo, rel: str) -> Problem:
    found = schema_problems(repo, rel)
    assert len(found) == 1, found
    return found[0]


def assert_plain(problem: Problem) -> None:
    for phrase in JARGON:
        assert phrase not in problem.message, problem.message
    assert problem.hint, f"no hint: {problem}"


ROLE = "roles/sales-rep.yml"


def test_a_missing_required_field_is_named_with_its_help_text(repo: Repo) -> None:
    repo.replace(ROLE, "title: Sales representative\n", "")
    problem = one(repo, ROLE)
    assert problem.message == "`title` is missing."
    assert (problem.line, problem.column) == (2, 1)
    assert problem.hint.startswith("Add `title:`.") and "job title" in problem.hint
    assert_plain(problem)


def test_a_missing_nested_field_is_reported_at_its_parent(repo: Repo) -> None:
    rel = "departments/jiahe.yml"
    repo.replace(rel, "  handle: wang-lei\n", "")
    problem = one(repo, rel)
    assert problem.message == "`handle` is missing in `head`."
    assert problem.line == repo.line_of(rel, "head:")
    assert "GitHub" in problem.hint
    assert_plain(problem)


def test_an_unknown_field_is_reported_at_its_own_line_with_the_valid_fields(repo: Repo) -> None:
    repo.replace(ROLE, "grade: S1\n", "grade: S1\ntitel: Sales rep\n")
    problem = one(repo, ROLE)
    assert (problem.line, problem.column) == (repo.line_of(ROLE, "titel:"), 1)
    assert problem.message == "`titel` is not a field."
    for name in ("title", "family", "summary", "competencies", "next_roles"):
        assert f"`{name}`" in problem.hint
    assert_plain(problem)


def test_an_unknown_field_in_a_list_entry_is_reported_at_its_line(repo: Repo) -> None:
    repo.replace(ROLE, "    level: 2\n", "    level: 2\n    levle: 3\n")
    problem = one(repo, ROLE)
    assert (problem.line, problem.column) == (repo.line_of(ROLE, "levle:"), 5)
    assert "`levle`" in problem.message and "`competencies`" in problem.message
    assert "`level`" in problem.hint and "`critical`" in problem.hint


def test_each_unknown_field_is_reported_at_its_own_line(repo: Repo) -> None:
    repo.replace(ROLE, "grade: S1\n", "grade: S1\ntitel: x\nfoo: 1\n")
    lines = sorted(p.line for p in schema_problems(repo, ROLE))
    assert lines == [repo.line_of(ROLE, "titel:"), repo.line_of(ROLE, "foo:")]


def test_a_wrong_type_is_said_in_plain_words(repo: Repo) -> None:
    repo.replace(ROLE, "    level: 2\n", '    level: "2"\n')
    problem = one(repo, ROLE)
    assert problem.message == '`level` must be a whole number, not the text "2".'
    assert (problem.line, problem.column) == (repo.line_of(ROLE, 'level: "2"'), 5)
    assert "required level" in problem.hint
    assert_plain(problem)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("next_roles:\n  - sales-manager\n", "next_roles: sales-manager\n",
     '`next_roles` must be a list (lines starting with `- `), not the text "sales-manager".'),
    ("    critical: true\n", '    critical: "yes"\n',
     '`critical` must be true or false, not the text "yes".'),
    ("title: Sales representative\n", "title:\n", "`title` must be text, not nothing."),
    ("title: Sales representative\n", "title: 5\n", "`title` must be text, not `5`."),
])
def test_wrong_types_name_the_expected_and_the_given_value(
        repo: Repo, old: str, new: str, message: str) -> None:
    repo.replace(ROLE, old, new)
    problem = one(repo, ROLE)
    assert problem.message == message
    assert_plain(problem)


def test_a_yes_or_no_word_read_as_true_or_false_is_explained(repo: Repo) -> None:
    rel = "scales/proficiency.yml"
    repo.replace(rel, "    name: Basic\n", "    name: Yes\n")
    problem = one(repo, rel)
    assert problem.message == "`name` must be text, not `true`."
    assert problem.line == repo.line_of(rel, "name: Yes")


def test_a_bad_id_pattern_shows_the_value_and_the_id_rule(repo: Repo) -> None:
    repo.replace(ROLE, "id: sales-rep", "id: Sales_Rep")
    problem = one(repo, ROLE)
    assert problem.message == "`Sales_Rep` is not a valid value for `id`."
    assert (problem.line, problem.column) == (2, 1)
    assert "lowercase letters, digits and hyphens" in problem.hint
    assert_plain(problem)


def test_a_bad_handle_is_reported_at_the_nested_key(repo: Repo) -> None:
    rel = "departments/jiahe.yml"
    repo.replace(rel, "handle: wang-lei", 'handle: "@wang-lei"')
    problem = one(repo, rel)
    assert problem.message == "`@wang-lei` is not a valid value for `handle`."
    assert (problem.line, problem.column) == (repo.line_of(rel, "handle:"), 3)
    assert "without the @" in problem.hint


def test_an_enum_lists_the_allowed_values(repo: Repo) -> None:
    rel = "departments/south-region.yml"
    repo.replace(rel, "type: region", "type: area")
    problem = one(repo, rel)
    assert problem.message == ("`type` must be one of `company`, `region`, `branch`, `function`, "
                               '`team`, not the text "area".')
    assert problem.line == repo.line_of(rel, "type:")
    assert_plain(problem)


@pytest.mark.parametrize(("value", "message"), [
    ("0", "`level` must be at least 1, not 0."),
    ("11", "`level` must be at most 10, not 11."),
])
def test_minimum_and_maximum_say_the_bound(repo: Repo, value: str, message: str) -> None:
    repo.replace(ROLE, "    level: 2\n", f"    level: {value}\n")
    problem = one(repo, ROLE)
    assert problem.message == message
    assert problem.line == repo.line_of(ROLE, f"level: {value}")
    assert_plain(problem)


def test_a_negative_headcount_in_staffing_is_reported_at_its_role(repo: Repo) -> None:
    rel = "departments/guangzhou-branch.yml"
    repo.replace(rel, "sales-rep: 12", "sales-rep: -1")
    problem = one(repo, rel)
    assert problem.message == "`sales-rep` must be at least 0, not -1."
    assert (problem.line, problem.column) == (repo.line_of(rel, "sales-rep:"), 3)


@pytest.mark.parametrize(("rel", "old", "new", "field"), [
    ("roles/branch-head.yml", "competencies:\n  - competency: team-leadership\n    level: 4\n",
     "competencies: []\n", "competencies"),
    (ROLE, "title: Sales representative", 'title: ""', "title"),
    (ROLE, "responsibilities:\n  task:\n    - Meets the monthly sales target of the territory.\n",
     "responsibilities: {}\n", "responsibilities"),
    ("families.yml", MINIMAL["families.yml"], "families: []\n", "families"),
])
def test_an_empty_list_text_or_mapping_is_called_empty(
        repo: Repo, rel: str, old: str, new: str, field: str) -> None:
    repo.replace(rel, old, new)
    problem = one(repo, rel)
    assert problem.message == f"`{field}` is empty."
    assert problem.line == repo.line_of(rel, f"{field}:")
    assert_plain(problem)


def test_a_too_long_text_says_the_limit(repo: Repo) -> None:
    repo.replace(ROLE, "title: Sales representative", "title: " + "x" * 200)
    problem = one(repo, ROLE)
    assert problem.message == "`title` is too long: at most 120 characters."
    assert_plain(problem)


def test_a_repeated_list_entry_is_reported(repo: Repo) -> None:
    rel = "governance.yml"
    repo.replace(rel, "members: [zhang-min]", "members: [zhang-min, zhang-min]")
    problem = one(repo, rel)
    assert problem.message == "`members` lists the same entry twice."
    assert problem.line == repo.line_of(rel, "members: [zhang-min")
    assert_plain(problem)


def test_a_bad_role_id_in_staffing_is_reported_at_that_key(repo: Repo) -> None:
    rel = "departments/guangzhou-branch.yml"
    repo.replace(rel, "  sales-rep: 12", "  Sales Rep: 12")
    problem = one(repo, rel)
    assert problem.message == "`Sales Rep` is not a valid id here."
    assert (problem.line, problem.column) == (repo.line_of(rel, "Sales Rep:"), 3)
    assert "lowercase letters, digits and single hyphens" in problem.hint
    assert_plain(problem)


def test_a_bad_area_key_in_responsibilities_is_reported_at_that_key(repo: Repo) -> None:
    repo.replace(ROLE, "  task:", "  Own Tasks:")
    problem = one(repo, ROLE)
    assert problem.message == "`Own Tasks` is not a valid id here."
    assert (problem.line, problem.column) == (repo.line_of(ROLE, "Own Tasks:"), 3)


def test_all_problems_of_one_file_are_reported_at_once(repo: Repo) -> None:
    repo.write(ROLE, "id: Sales_Rep\ntitle: 5\nfamily: sales\nsummary: ''\n"
                     "responsibilities: {}\ncompetencies: []\nextra: 1\n")
    found = schema_problems(repo, ROLE)
    assert [(p.line, p.message) for p in found] == [
        (1, "`Sales_Rep` is not a valid value for `id`."),
        (2, "`title` must be text, not `5`."),
        (4, "`summary` is empty."),
        (5, "`responsibilities` is empty."),
        (6, "`competencies` is empty."),
        (7, "`extra` is not a field."),
    ]
    for problem in found:
        assert_plain(problem)


def test_problems_of_several_files_are_all_reported(repo: Repo) -> None:
    repo.replace(ROLE, "title: Sales representative", "title: 5")
    repo.replace("departments/jiahe.yml", "type: company", "type: firm")
    repo.replace("scales/proficiency.yml", "  - level: 3\n", "  - level: three\n")
    paths = {p.path for p in repo.load().problems}
    assert paths == {repo.rel(ROLE), repo.rel("departments/jiahe.yml"), repo.rel("scales/proficiency.yml")}


@pytest.mark.parametrize(("old", "new"), [
    ("  task:\n    - Meets the monthly sales target of the territory.\n",
     "  task: Meets the monthly sales target of the territory.\n"),
    ("  - competency: communication\n    level: 2\n", "  - communication\n"),
], ids=["responsibilities-as-text", "profile-entry-as-text"])
def test_a_common_shape_mistake_gets_a_hint(repo: Repo, old: str, new: str) -> None:
    repo.replace(ROLE, old, new)
    problem = one(repo, ROLE)
    assert problem.hint, problem


# --- a sweep over every field of every kind -------------------------------------------


def _kind(rel: str) -> str:
    full = f"competency-map/{rel}"
    return SINGLE_FILES.get(full) or ENTITY_FOLDERS[full.rsplit("/", 1)[0]]


def _paths(data: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if prefix:
        yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list) and data:  # the first entry stands for all of them
        yield from _paths(data[0], (*prefix, 0))


BAD_VALUES: tuple[Any, ...] = ({}, [], "Bad Value!", -1, None, True, [{}], {"Bad Key": 1}, "")


def _sweep() -> list[Problem]:
    """Every field of every minimal file set to each bad value, checked against its schema."""
    problems: list[Problem] = []
    for rel, text in MINIMAL.items():
        base = yaml.safe_load(text)
        for path in _paths(base):
            for value in BAD_VALUES:
                data = copy.deepcopy(base)
                target = data
                for key in path[:-1]:
                    target = target[key]
                target[path[-1]] = value
                document = Document(rel, yaml.safe_dump(data, sort_keys=False), data)
                problems += check(document, _kind(rel))
    return problems


@pytest.fixture(scope="module")
def swept() -> list[Problem]:
    return _sweep()


def test_no_schema_message_of_the_sweep_uses_validator_jargon(swept: list[Problem]) -> None:
    assert len(swept) > 500
    offending = {p.message for p in swept if any(j in p.message for j in JARGON)}
    assert not offending


def test_every_schema_message_of_the_sweep_points_at_a_real_line(swept: list[Problem]) -> None:
    assert all(p.line >= 1 and p.column >= 1 for p in swept)
    assert all(p.message.endswith(".") for p in swept)


def test_every_schema_message_of_the_sweep_has_a_hint(swept: list[Problem]) -> None:
    assert sorted({p.message for p in swept if not p.hint}) == []
