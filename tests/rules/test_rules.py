"""Model rules R301–R309: one failing case per rule (code, file, line, key words) and a
passing near-miss, on the minimal repository with one file changed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Callable

import pytest
from support.repo_builder import Repo, codes, only

import generator.rules
from generator.problems import Problem, Severity
from generator.rules import map_rules, structure_rules
from generator.rules.rule_table import RULES

ROLE = "roles/sales-rep.yml"
MANAGER = "roles/sales-manager.yml"
HEAD = "roles/branch-head.yml"
BRANCH = "departments/guangzhou-branch.yml"
REGION = "departments/south-region.yml"
COMPANY = "departments/jiahe.yml"
COMM = "competencies/communication.yml"
LEADERSHIP = "competencies/team-leadership.yml"
SCALE = "scales/proficiency.yml"


def assert_at(repo: Repo, problem: Problem, rel: str, needle: str, column: int | None = None,
              occurrence: int = 1) -> None:
    assert problem.path == repo.rel(rel)
    assert problem.line == repo.line_of(rel, needle, occurrence), problem
    if column is not None:
        assert problem.column == column, problem


def test_the_minimal_repository_is_valid_with_no_warnings(repo: Repo) -> None:
    result = repo.load()
    assert result.problems == []
    assert result.ok
    assert len(result.files) == 14
    assert set(result.model.roles) == {"sales-rep", "sales-manager", "branch-head"}


# --- R301 id equals file name ---------------------------------------------------------


def test_r301_an_id_that_differs_from_the_file_name_is_reported_at_the_id(repo: Repo) -> None:
    repo.replace(ROLE, "id: sales-rep", "id: sales-representative")
    problem = only(repo.load(), "R301")
    assert_at(repo, problem, ROLE, "id:", column=1)
    assert "`sales-representative`" in problem.message and "`sales-rep`" in problem.message
    assert "sales-representative.yml" in problem.hint


def test_r301_passes_for_a_yaml_suffix(repo: Repo) -> None:
    repo.write("roles/sales-rep.yaml", repo.text(ROLE))
    repo.remove(ROLE)
    assert repo.load().problems == []


# --- R302 ids are unique --------------------------------------------------------------


def test_r302_two_files_defining_the_same_role_are_reported(repo: Repo) -> None:
    repo.write("roles/sales-rep.yaml", repo.text(ROLE))
    problem = only(repo.load(), "R302")
    assert problem.path == repo.rel(ROLE)
    assert problem.line == 2
    assert "role `sales-rep`" in problem.message and "competency-map/roles/sales-rep.yaml" in problem.message


@pytest.mark.parametrize(("rel", "old", "new", "ident"), [
    ("areas.yml", "  - id: team\n", "  - id: task\n", "task"),
    ("categories.yml", "  - id: professional\n", "  - id: core\n", "core"),
    ("families.yml", "  - id: service\n", "  - id: sales\n", "sales"),
    ("governance.yml", "  - id: hr\n", "  - id: training\n", "training"),
])
def test_r302_an_id_listed_twice_is_reported_at_the_second_entry(
        repo: Repo, rel: str, old: str, new: str, ident: str) -> None:
    repo.replace(rel, old, new)
    problem = only(repo.load(), "R302")
    assert_at(repo, problem, rel, f"- id: {ident}", column=5, occurrence=2)
    assert f"`{ident}` is listed twice" in problem.message


def test_r302_passes_when_different_lists_share_an_id(repo: Repo) -> None:
    repo.replace("families.yml", "  - id: service\n", "  - id: team\n")
    repo.replace("families.yml", "    name: Customer service\n", "    name: Team\n")
    assert repo.load().problems == []


# --- R303 every reference resolves ----------------------------------------------------

#: (file, text to replace, replacement, line needle, column, message, suggestion or None)
REFERENCES = [
    (ROLE, "family: sales", "family: sails", "family:", 1,
     "There is no job family `sails`.", "sales"),
    (ROLE, "reports_to: sales-manager", "reports_to: sales-manger", "reports_to:", 1,
     "There is no role `sales-manger`.", "sales-manager"),
    (ROLE, "  - sales-manager\n", "  - sales-manager\n  - store-manager\n", "- store-manager", 5,
     "There is no role `store-manager`.", "sales-manager"),
    (ROLE, "  task:", "  tasks:", "tasks:", 3,
     "There is no responsibility area `tasks`.", "task"),
    (ROLE, "  - competency: communication", "  - competency: comunication", "comunication", 5,
     "There is no competency `comunication`.", "communication"),
    (ROLE, "  - competency: communication", "  - competency: quantum-physics", "quantum-physics", 5,
     "There is no competency `quantum-physics`.", None),
    (COMM, "category: core", "category: cor", "category:", 1,
     "There is no category `cor`.", "core"),
    (COMM, "scale: proficiency", "scale: proficency", "scale:", 1,
     "There is no scale `proficency`.", "proficiency"),
    (REGION, "parent: jiahe", "parent: jiahee", "parent:", 1,
     "There is no department `jiahee`.", "jiahe"),
    (BRANCH, "  branch-head: 1", "  branch-heads: 1", "branch-heads:", 3,
     "There is no role `branch-heads`.", "branch-head"),
    ("governance.yml", "model_owners: [training]", "model_owners: [trainng]", "model_owners:", 16,
     "There is no approver group `trainng`.", "training"),
    ("governance.yml", "plan_approvers: [training, hr]", "plan_approvers: [training, hr, board]",
     "plan_approvers:", 32, "There is no approver group `board`.", None),
]


@pytest.mark.parametrize(("rel", "old", "new", "needle", "column", "message", "guess"), REFERENCES,
                         ids=[str(r[5]).split("`")[1] for r in REFERENCES])
def test_r303_a_reference_to_nothing_is_reported_at_the_reference(
        repo: Repo, rel: str, old: str, new: str, needle: str, column: int, message: str,
        guess: str | None) -> None:
    repo.replace(rel, old, new)
    problem = only(repo.load(), "R303")
    assert_at(repo, problem, rel, needle, column=column)
    assert problem.message == message
    if guess:
        assert problem.hint.startswith(f"Did you mean `{guess}`?")
    else:
        assert "Did you mean" not in problem.hint
    assert "competency-map/" in problem.hint


def test_r303_passes_when_optional_references_are_absent(repo: Repo) -> None:
    repo.update(ROLE, reports_to=None, next_roles=[])
    assert repo.load().problems == []


@pytest.mark.parametrize(("rel", "content"), [
    (COMM, "id: communication\nname: 5\n"),
    (COMM, "id: [\n"),
    (MANAGER, "id: sales-manager\ntitle: Sales manager\nfamily: sales\nid: again\n"),
    (MANAGER, "- not a mapping\n"),
    (COMPANY, "id: jiahe\nname: Jiahe\n"),
    (SCALE, "id: proficiency\n"),
    (SCALE, b"id: proficiency\nname: caf\xe9\n"),
])
def test_a_reference_to_a_file_that_exists_but_is_broken_is_not_reported_again(
        repo: Repo, rel: str, content: str | bytes) -> None:
    repo.write(rel, content)
    problems = repo.load().problems
    assert {p.path for p in problems} == {repo.rel(rel)}, problems
    assert not any(p.code.startswith("R") for p in problems), problems


@pytest.mark.parametrize("rel", ["families.yml", "areas.yml", "categories.yml"])
def test_a_reference_into_a_broken_vocabulary_file_is_not_reported_again(repo: Repo, rel: str) -> None:
    repo.write(rel, "oops: [\n")
    problems = repo.load().problems
    assert [p.code for p in problems] == ["L102"], problems


# --- R304 scale levels numbered 1, 2, 3 … ----------------------------------------------


def test_r304_levels_out_of_order_are_reported_at_the_levels(repo: Repo) -> None:
    repo.replace(SCALE, "  - level: 4\n", "  - level: 5\n")
    problem = only(repo.load(), "R304")
    assert_at(repo, problem, SCALE, "levels:", column=1)
    assert problem.message == "The levels are numbered 1, 2, 3, 5."
    assert "1, 2, 3, 4" in problem.hint


def test_r304_passes_for_a_two_level_scale(repo: Repo) -> None:
    repo.write("scales/yes-no.yml", "id: yes-no\nname: Yes or no\nlevels:\n"
               "  - level: 1\n    name: Not yet\n    description: Cannot do it yet.\n"
               "  - level: 2\n    name: Can do\n    description: Does it.\n")
    assert repo.load().problems == []


# --- R305 levels exist on the scale ----------------------------------------------------


def test_r305_a_competency_describing_a_level_beyond_its_scale_is_reported(repo: Repo) -> None:
    repo.replace(COMM, "  - level: 4\n", "  - level: 4\n    indicators: [Leads.]\n  - level: 6\n")
    problem = only(repo.load(), "R305")
    assert_at(repo, problem, COMM, "- level: 6", column=5)
    assert problem.message == "Level 6 is not on the scale `proficiency`."
    assert problem.hint == "Use one of its levels: 1, 2, 3, 4."


def test_r305_a_role_requiring_a_level_beyond_the_scale_is_reported(repo: Repo) -> None:
    repo.replace(HEAD, "    level: 4", "    level: 6")
    problem = only(repo.load(), "R305")
    assert_at(repo, problem, HEAD, "level: 6", column=5)
    assert problem.message == "Level 6 is not on the scale of `team-leadership`."
    assert "1, 2, 3, 4" in problem.hint


def test_r305_passes_for_the_lowest_level(repo: Repo) -> None:
    repo.replace(HEAD, "    level: 4", "    level: 1")
    assert repo.load().problems == []


def test_r305_is_checked_even_when_the_competency_id_differs_from_its_file_name(repo: Repo) -> None:
    repo.replace(COMM, "id: communication", "id: communications")
    repo.replace(COMM, "  - level: 4\n", "  - level: 7\n")
    assert sorted(codes(repo.load())) == ["R301", "R305"]


# --- R306 required levels described (warning) -----------------------------------------


def test_r306_a_required_level_without_indicators_is_a_warning_that_does_not_fail(repo: Repo) -> None:
    repo.replace(LEADERSHIP, "  - level: 4\n    indicators:\n      - Develops successors.\n", "")
    result = repo.load()
    problem = only(result, "R306")
    assert problem.severity is Severity.WARNING and not problem.is_error
    assert_at(repo, problem, HEAD, "level: 4", column=5)
    assert "`team-leadership` has no behavioural indicators for level 4" in problem.message
    assert "competency-map/competencies/team-leadership.yml" in problem.hint
    assert result.ok and result.errors == []


def test_r306_passes_when_no_role_requires_the_undescribed_level(repo: Repo) -> None:
    repo.replace(COMM, "  - level: 4\n    indicators:\n      - Handles difficult conversations calmly.\n", "")
    assert repo.load().problems == []


# --- R307 reporting lines do not loop -------------------------------------------------


def test_r307_a_reporting_loop_is_reported_once_with_its_chain(repo: Repo) -> None:
    repo.update(HEAD, reports_to="sales-rep")
    problem = only(repo.load(), "R307")
    assert_at(repo, problem, HEAD, "reports_to:", column=1)
    assert problem.message == ("The reporting line loops: branch-head → sales-rep → sales-manager "
                               "→ branch-head.")


def test_r307_a_role_reporting_to_itself_is_reported(repo: Repo) -> None:
    repo.update(HEAD, reports_to="branch-head")
    problem = only(repo.load(), "R307")
    assert_at(repo, problem, HEAD, "reports_to:")
    assert "branch-head → branch-head" in problem.message


def test_r307_passes_when_two_roles_report_to_the_same_role(repo: Repo) -> None:
    repo.update(ROLE, reports_to="branch-head")
    assert repo.load().problems == []


# --- R308 departments form one tree ---------------------------------------------------


def test_r308_a_department_without_parent_is_reported(repo: Repo) -> None:
    repo.update(REGION, parent=None)
    problem = only(repo.load(), "R308")
    assert problem.path == repo.rel(REGION)
    assert problem.message == "The region `south-region` has no `parent`."
    assert "parent:" in problem.hint


def test_r308_a_second_company_is_reported_at_its_type(repo: Repo) -> None:
    repo.update(REGION, parent=None, type="company")
    problem = only(repo.load(), "R308")
    assert_at(repo, problem, REGION, "type:")
    assert "several companies" in problem.message and "`jiahe`" in problem.message


def test_r308_a_loop_of_parents_is_reported_once(repo: Repo) -> None:
    repo.update(REGION, parent="guangzhou-branch")
    problem = only(repo.load(), "R308")
    assert_at(repo, problem, BRANCH, "parent:")
    assert problem.message == ("The departments' parents loop: guangzhou-branch → south-region "
                               "→ guangzhou-branch.")


def test_r308_passes_for_a_function_under_the_company(repo: Repo) -> None:
    repo.write("departments/hr.yml", "id: hr\nname: Human resources\ntype: function\nparent: jiahe\n"
               "head:\n  name: Liu Yang\n  handle: liu-yang\n")
    assert repo.load().problems == []


# --- R309 no repeated entries ---------------------------------------------------------


def test_r309_a_competency_listed_twice_in_a_profile_is_reported_at_the_repeat(repo: Repo) -> None:
    repo.replace(HEAD, "    level: 4\n", "    level: 4\n  - competency: team-leadership\n    level: 3\n")
    problem = only(repo.load(), "R309")
    assert_at(repo, problem, HEAD, "- competency: team-leadership", column=5, occurrence=2)
    assert "`team-leadership` is listed twice" in problem.message


def test_r309_a_role_that_is_its_own_next_role_is_reported(repo: Repo) -> None:
    repo.replace(ROLE, "  - sales-manager\n", "  - sales-manager\n  - sales-rep\n")
    problem = only(repo.load(), "R309")
    assert_at(repo, problem, ROLE, "  - sales-rep", column=5)
    assert "own next role" in problem.message


def test_r309_a_level_described_twice_is_reported_at_the_repeat(repo: Repo) -> None:
    repo.replace(COMM, "  - level: 4\n", "  - level: 3\n")
    result = repo.load()
    problem = only(result, "R309")
    assert problem.line == repo.line_of(COMM, "- level: 3", occurrence=2)
    assert problem.message == "Level 3 is described twice."


def test_r309_passes_for_two_distinct_next_roles(repo: Repo) -> None:
    repo.update(ROLE, next_roles=["sales-manager", "branch-head"])
    assert repo.load().problems == []


# --- across rules ---------------------------------------------------------------------

FAILING_CASES: dict[str, Callable[[Repo], object]] = {
    "R301": lambda r: r.replace(ROLE, "id: sales-rep", "id: rep"),
    "R302": lambda r: r.replace("areas.yml", "  - id: team\n", "  - id: task\n"),
    "R303": lambda r: r.replace(ROLE, "family: sales", "family: x"),
    "R304": lambda r: r.replace(SCALE, "  - level: 4\n", "  - level: 5\n"),
    "R305": lambda r: r.replace(HEAD, "    level: 4", "    level: 9"),
    "R306": lambda r: r.replace(LEADERSHIP, "  - level: 4\n    indicators:\n      - Develops successors.\n",
                                ""),
    "R307": lambda r: r.update(HEAD, reports_to="sales-rep"),
    "R308": lambda r: r.update(REGION, parent=None),
    "R309": lambda r: r.update(ROLE, next_roles=["sales-rep"]),
}


def test_every_map_rule_has_a_failing_case_here() -> None:
    listed = {rule.code for rule in (*map_rules.RULES, *structure_rules.RULES)}
    assert listed == set(FAILING_CASES)


def test_the_rule_table_runs_every_rule_of_every_rules_module_once() -> None:
    modules = [importlib.import_module(f"generator.rules.{info.name}")
               for info in pkgutil.iter_modules(generator.rules.__path__)
               if info.name != "rule_table"]
    listed = [rule for module in modules for rule in getattr(module, "RULES", ())]
    assert Counter(RULES) == Counter(listed)
    assert len({rule.code for rule in RULES}) == len(RULES)
    for module in modules:
        for rule in getattr(module, "RULES", ()):
            assert rule.check.__module__ == module.__name__


@pytest.mark.parametrize("code", sorted(FAILING_CASES))
def test_each_rule_reports_its_own_code_with_a_hint(repo: Repo, code: str) -> None:
    FAILING_CASES[code](repo)
    problems = [p for p in repo.load().problems if p.code == code]
    assert problems
    for problem in problems:
        assert problem.hint and problem.message.endswith(".")
        assert problem.line >= 1 and problem.column >= 1


def test_problems_of_several_rules_and_files_are_reported_together(repo: Repo) -> None:
    together = ("R302", "R303", "R307", "R308", "R309")
    for code in together:
        FAILING_CASES[code](repo)
    result = repo.load()
    assert set(codes(result)) >= set(together)
    assert len({p.path for p in result.problems}) >= 4
    assert result.problems == sorted(result.problems)
    assert not result.ok


# --- layout: missing and misplaced files ----------------------------------------------


def test_a_missing_vocabulary_file_is_an_error(repo: Repo) -> None:
    repo.remove("governance.yml")
    result = repo.load()
    problem = only(result, "L121")
    assert (problem.path, problem.line, problem.column) == ("competency-map/governance.yml", 1, 1)
    assert "missing" in problem.message and "governance.schema.json" in problem.hint
    assert not result.ok


@pytest.mark.parametrize("rel", ["competency-map/notes.yml", "competency-map/roles/old/sales-rep.yml"])
def test_a_misplaced_yaml_file_is_a_warning_that_does_not_fail(repo: Repo, rel: str) -> None:
    repo.write(rel, "a: 1\n")
    result = repo.load()
    problem = only(result, "L120")
    assert problem.path == rel and problem.severity is Severity.WARNING
    assert "competency-map/roles/" in problem.hint
    assert result.ok


def test_files_that_are_not_yaml_are_ignored(repo: Repo) -> None:
    repo.write("roles/README.md", "# Roles\n")
    repo.write("roles/sales-rep.yml.bak", "id: [\n")
    assert repo.load().problems == []
