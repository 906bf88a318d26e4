"""The shipped example company: valid, with no warnings but the four departments its closed
cycle put over their budget share, and as big as the issue asks.

Minimums from the issue: at least 25 competencies in at least 4 categories, at least 12
roles, one 5-level scale, at least 4 branches, the headquarters functions (R&D,
manufacturing, logistics, marketing, HR/training), and sales, in-store promotion,
customer-service and marketing roles at three levels.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from support import ROOT

from generator.paths import ENTITY_FOLDERS, MAP_DIR, SINGLE_FILES
from generator.problems import Severity
from generator.rules.repository import LoadResult, load_repository


def _missing() -> list[str]:
    missing = [rel for rel in SINGLE_FILES if not (ROOT / rel).is_file()]
    missing += [f"{folder}/*.yml" for folder in ENTITY_FOLDERS
                if not any((ROOT / folder).glob("*.yml"))]
    return missing


pytestmark = pytest.mark.skipif(
    bool(_missing()), reason=f"the example data is not complete yet: missing {', '.join(_missing())}")


@pytest.fixture(scope="module")
def example() -> LoadResult:
    return load_repository(ROOT)


#: The closed cycle went over these departments' budget shares: the example keeps them, so
#: that approvers see the warning (P511) and the marks on the plan page.
OVER_SHARE = ["shanghai-branch", "beijing-branch", "tianjin-branch", "customer-service-center"]


def test_the_example_validates_with_no_problem_but_the_departments_over_their_share(
        example: LoadResult) -> None:
    assert [f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}" for p in example.problems
            if p.code != "P511"] == []
    over = [p for p in example.problems if p.code == "P511"]
    assert [(p.path, p.severity) for p in over] == [("plans/2026-h1.yml", Severity.WARNING)] * 4
    assert [re.findall(r"`([a-z-]+)`", p.message)[0] for p in over] == OVER_SHARE


def test_cmap_validate_on_the_example_exits_0_with_only_those_warnings() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_STEP_SUMMARY", None)
    run = subprocess.run([sys.executable, "-m", "generator.cli", "validate"], cwd=ROOT, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"\n0 errors, 4 warnings in 1 file \(\d+ checked\)\.\n\Z", run.stdout), run.stdout
    assert run.stdout.count(" warning P511 ") == 4 and run.stderr == ""


def test_at_least_25_competencies_in_at_least_4_categories(example: LoadResult) -> None:
    competencies = example.model.competencies
    assert len(competencies) >= 25
    used = {c.category for c in competencies.values()}
    assert len(used) >= 4, used


def test_at_least_12_roles(example: LoadResult) -> None:
    assert len(example.model.roles) >= 12


def test_one_5_level_scale(example: LoadResult) -> None:
    five = [s for s in example.model.scales.values() if s.numbers == (1, 2, 3, 4, 5)]
    assert five, {s.id: s.numbers for s in example.model.scales.values()}
    assert all(level.name and level.description for level in five[0].levels)


def test_at_least_4_branches_under_regions(example: LoadResult) -> None:
    departments = example.model.departments
    branches = [d for d in departments.values() if d.type == "branch"]
    assert len(branches) >= 4, [d.id for d in branches]
    assert [d for d in departments.values() if d.type == "company"]
    assert any(departments[b.parent].type == "region" for b in branches if b.parent in departments)


@pytest.mark.parametrize(("function", "pattern"), [
    ("R&D", r"r-and-d|r&d|research|development"),
    ("manufacturing", r"manufactur|production|plant|factory"),
    ("logistics", r"logistic|supply chain|warehous"),
    ("marketing", r"marketing"),
    ("HR/training", r"\bhr\b|human resources|training"),
])
def test_headquarters_functions_are_present(example: LoadResult, function: str, pattern: str) -> None:
    functions = [d for d in example.model.departments.values() if d.type == "function"]
    matching = [d.id for d in functions if re.search(pattern, f"{d.id} {d.name}".lower())]
    assert matching, f"no {function} function among {[d.id for d in functions]}"


@pytest.mark.parametrize(("area", "pattern"), [
    ("sales", r"^sales$|\bsales\b"),
    ("in-store promotion", r"guide|promot|in-store|store"),
    ("customer service", r"service"),
    ("marketing", r"marketing"),
])
def test_front_line_families_have_roles_at_three_levels(example: LoadResult, area: str, pattern: str) -> None:
    families = [f.id for f in example.model.families.values()
                if re.search(pattern, f"{f.id} {f.name}".lower())]
    assert families, f"no job family for {area}"
    roles = [r.id for r in example.model.roles.values() if r.family in families]
    assert len(roles) >= 3, f"{area}: {roles}"


def test_every_data_file_starts_with_its_schema_line(example: LoadResult) -> None:
    schemas = ROOT / "generator" / "schemas"
    wrong = []
    for file in example.files:
        first = file.path.read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        if target == first or (file.path.parent / target).resolve() != (schemas / f"{file.kind}.schema.json"):
            wrong.append(f"{file.rel}: {first}")
    assert wrong == []


def test_the_example_has_no_placeholder_text() -> None:
    placeholders = re.compile(r"lorem|ipsum|\bTODO\b|\bTBD\b|\bFIXME\b|xxx", re.IGNORECASE)
    found = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / MAP_DIR).rglob("*.yml"))
             if placeholders.search(path.read_text(encoding="utf-8"))]
    assert found == []
