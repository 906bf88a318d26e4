"""A real career ladder as a cmap site: what each job level does per theme, on its pages.

The repository is `tests/fixtures/ladder/` (its README says where the ladder comes from and
how it was converted): nine competencies on a five-level scale, a role per job level whose
competency entries quote the ladder's statements as `expectations`, and `next_roles`
following the ladder's tracks. It is built once per module with `sitebuild.build_site`.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from support import FIXTURES

from generator.analysis.career import career_step
from generator.model.competency_map import CompetencyMap
from generator.rules.repository import load_repository
from generator.site import mkdocs_build as sitebuild

FIXTURE = FIXTURES / "ladder"
# The ladder's Engineer and Senior Engineer 1 both plan at "Foundational" (level 2), in
# their own words: the competency's level 2 indicators hold both statements.
ENGINEER_PLANS = "Accurately plans and estimates tasks and ensures they are appropriately sized"
SENIOR_PLANS = "Breaks down large, complex technical plans into manageable tasks."


@pytest.fixture(scope="module")
def model() -> CompetencyMap:
    result = load_repository(FIXTURE)
    assert result.problems == [], [str(p) for p in result.problems]
    return result.model


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, model: CompetencyMap) -> Path:
    root = tmp_path_factory.mktemp("ladder") / "repo"
    shutil.copytree(FIXTURE, root)
    return sitebuild.build_site(root, model, strict=True).folder


def text_of(markup: str) -> str:
    """What a reader sees: tags removed, entities read, white space collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def section(page: str, start_id: str, end_id: str) -> str:
    """The HTML between two headings, found by their ids."""
    return page[page.index(f'id="{start_id}"'):page.index(f'id="{end_id}"')]


def test_the_ladder_loads_without_a_problem_and_chains_its_levels(model: CompetencyMap) -> None:
    assert len(model.roles) == 8 and len(model.competencies) == 9
    assert model.roles["senior-1"].next_roles == ("senior-2-ic", "senior-2-pm")
    stated = [r for role in model.roles.values() for r in role.requirements if r.expectations]
    assert len(stated) == 8 * 9
    assert model.competencies["planning-organising"].indicators[2][1].startswith(SENIOR_PLANS)


def test_role_pages_show_the_ladders_statements(site: Path, model: CompetencyMap) -> None:
    for role in model.roles.values():
        page = (site / "roles" / role.id / "index.html").read_text(encoding="utf-8")
        profile = text_of(section(page, "profile", "career"))
        assert "Expected in this role" in profile
        for req in role.requirements:
            for statement in req.expectations:
                assert statement in profile, (role.id, req.competency)


def test_the_career_path_shows_what_changes_between_levels(site: Path,
                                                           model: CompetencyMap) -> None:
    step = career_step(model.roles["engineer"], model.roles["senior-1"])
    assert "planning-organising" in [c.competency for c in step.reworded]
    page = (site / "roles" / "engineer" / "index.html").read_text(encoding="utf-8")
    shown = text_of(section(page, "next-senior-1", "comes-from"))
    assert "Same level, new expectations" in shown and "stays the same" not in shown
    assert SENIOR_PLANS in shown and ENGINEER_PLANS not in shown
    senior = {r.competency: r for r in model.roles["senior-1"].requirements}
    for change in (*step.raised, *step.reworded):
        assert all(s in shown for s in senior[change.competency].expectations), change.competency
    assert step.unchanged == 0 and "at the same level" not in shown


def test_the_worksheet_rates_an_engineer_against_the_engineers_statements(site: Path) -> None:
    page = (site / "worksheets" / "engineer" / "index.html").read_text(encoding="utf-8")
    shown = text_of(page)
    assert ENGINEER_PLANS in shown and SENIOR_PLANS not in shown


def test_the_competency_page_lists_each_levels_statement_by_role(site: Path) -> None:
    page = (site / "competencies" / "planning-organising" / "index.html").read_text(encoding="utf-8")
    needed = text_of(section(page, "roles", "current-needs"))
    assert f"Engineer {ENGINEER_PLANS}" in needed and f"Senior Engineer 1 {SENIOR_PLANS}" in needed


def test_the_search_index_holds_the_statements(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith(
        "roles/engineer/"))
    assert ENGINEER_PLANS in html.unescape(texts)
