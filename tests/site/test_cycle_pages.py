"""The pages of the training cycles (generator/site/pages/cycles.py, plans.py, cycle_views.py)
on the hand-checked cycles of `factories.add_cycles`, and on the shipped example.

The exact markup is pinned by the golden files (tests/site/test_pages.py); these tests state the
behaviour: who counts as late or missing on which day, what links where, which figures.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

import pytest
from support import ROOT
from support.factories import small_model

from generator import paths
from generator.rules.repository import load_repository
from generator.site.cycle_views import intensity
from generator.site.generate import generate_pages
from generator.site.pages import competencies as page_module
from generator.site.pages import cycles as cycle_pages
from generator.site.pages import plans as plan_pages
from generator.site.renderer import Page
from generator.site.settings import SiteSettings

TODAY = date(2026, 11, 23)
SETTINGS = SiteSettings(today=TODAY, repo_url="https://github.com/jiahe/map")


def _pages(model=None, settings=SETTINGS) -> dict[str, Page]:  # type: ignore[no-untyped-def]
    return {p.path: p for p in generate_pages(model or small_model(), settings)}


def _text(page: Page) -> str:
    """The page's words: tags dropped, whitespace folded."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page.content).split()))


def _row(page: Page, label: str) -> str:
    """The words of the table row whose header cell holds `label`."""
    for row in re.findall(r"<tr.*?</tr>", page.content):
        if label in row:
            return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", row).split()))
    raise AssertionError(f"no row with {label!r} in {page.path}")


def test_every_cycle_gets_an_overview_a_plan_an_effect_and_a_page_per_submission() -> None:
    paths = set(_pages())
    assert {
        "cycles/index.md",
        "cycles/2026-h1/index.md", "cycles/2026-h1/plan.md", "cycles/2026-h1/effect.md",
        "cycles/2026-h1/needs/guangzhou-branch.md", "cycles/2026-h1/needs/shenzhen-branch.md",
        "cycles/2026-h1/programs/selling-clinic.md",
        "cycles/2027-h1/index.md", "cycles/2027-h1/needs/guangzhou-branch.md",
        "cycles/2027-h1/programs/coaching-lab.md",
    } <= paths
    assert "cycles/2027-h1/needs/shenzhen-branch.md" not in paths  # not sent yet


def test_submission_status_depends_on_the_due_date_and_the_build_day() -> None:
    before = _pages()["cycles/2027-h1/index.md"]
    assert "Not yet due" in _row(before, "Shenzhen branch")
    assert "On time" in _row(before, "Guangzhou branch")
    after = _pages(settings=replace(SETTINGS, today=date(2026, 12, 16)))["cycles/2027-h1/index.md"]
    assert "Missing" in _row(after, "Shenzhen branch")
    assert "1 of 3 departments have sent their needs; 0 late, 2 missing" in _text(after)
    closed = _pages()["cycles/2026-h1/index.md"]
    assert "Late" in _row(closed, "Shenzhen branch")  # sent on 2026-02-12, due 2026-02-10


def test_overview_consolidates_needs_by_competency_department_family_role_and_priority() -> None:
    page = _pages()["cycles/2026-h1/index.md"]
    text = _text(page)
    assert "3 needs for 16 people, with a weighted gap of 20" in text
    # consultative selling: 8 people × 1 level + 4 people × 2 levels
    assert _row(page, "Consultative selling").startswith("Consultative selling 16")
    for heading in ("By competency", "By department", "By job family", "By role",
                    "By priority", "Departments × competencies"):
        assert heading in text


def test_heatmap_cells_write_their_number_and_scale_to_the_largest() -> None:
    page = _pages()["cycles/2026-h1/index.md"]
    heat = page.content[page.content.index('class="cmap-table cmap-gapheat"'):]
    assert '<td class="cmap-h4">8</td>' in heat  # the largest cell
    assert '<td class="cmap-h2">4</td>' in heat
    assert [intensity(v, 8) for v in (0, 1, 2, 3, 4, 8)] == [0, 1, 1, 2, 2, 4]


def test_department_needs_page_shows_each_need_with_its_program_and_follow_up() -> None:
    page = _pages()["cycles/2026-h1/needs/guangzhou-branch.md"]
    assert 'id="need-sales-rep--consultative-selling"' in page.content or \
        "{#need-sales-rep--consultative-selling}" in page.content
    assert 'href="../../programs/selling-clinic/"' in page.content
    text = _text(page)
    assert "6 of 8 people" in text and "Six of eight reached it." in text
    assert "No program yet" in text  # the complaint-handling need
    assert page.source == "needs/2026-h1/guangzhou-branch.yml"


def test_plan_page_shows_coverage_budget_approvals_and_progress() -> None:
    page = _pages()["cycles/2026-h1/plan.md"]
    text = _text(page)
    assert "2 of 3 needs are answered by a program." in text
    assert "Covered by the supplier's hotline course." in text
    assert "1 of 1 sessions held" in text  # the cancelled session does not count
    budget = page.content[page.content.index("cmap-budget"):]
    assert "Guangzhou branch 25,000 20,000" in _text(Page("", budget))
    assert 'href="https://github.com/jiahe/map/pull/12"' in page.content
    assert 'href="https://github.com/jiahe/map/pull/15"' in page.content  # the amendment
    assert _row(page, "Selling clinic").startswith("Selling clinic Consultative selling "
                                                   "Internal course 12 12 1 / 1 30,000")


def test_draft_plan_page_lists_every_approver_group_as_pending_with_its_members() -> None:
    page = _pages()["cycles/2027-h1/plan.md"]
    groups = page.content[page.content.index('<ul class="cmap-approver-groups">'):]
    assert "0 of 2 have approved" in _text(page)
    assert _text(Page("", groups)).startswith(
        "Training : Pending Members: Sun Li @sun-li Management : Pending "
        "Members: Chen Jun @chen-jun , @zhou-yi ")
    closed = _pages()["cycles/2026-h1/plan.md"]
    assert "cmap-approver-groups" not in closed.content  # approved: the record says it all


def test_plan_page_marks_each_department_over_its_share_and_explains_the_split() -> None:
    page = _pages()["cycles/2027-h1/plan.md"]
    assert "1 department is planned over its budget share: Guangzhou branch (3,000 over)." \
        in _text(page)
    assert "in proportion to the people of those needs" in _text(page)
    budget = Page("", page.content[page.content.index("cmap-budget"):])
    assert _row(budget, "Guangzhou branch") == "Guangzhou branch 5,000 8,000 3,000 over"
    assert '<tr class="cmap-over">' in budget.content
    closed = _pages()["cycles/2026-h1/plan.md"]
    assert "cmap-over" not in closed.content


def test_plan_page_shows_which_programs_train_each_priority() -> None:
    page = _pages()["cycles/2027-h1/plan.md"]
    assert _row(page, "Every branch").startswith(
        "Coaching others ×2 Every branch gets a second team. Coaching lab")
    assert _row(page, "online chat").endswith("No needs yet")
    assert "<em>online chat</em>" in page.content  # the reason is prose


def test_overview_and_home_show_the_current_priorities_and_the_gap_weighted_by_them() -> None:
    pages = _pages()
    overview = pages["cycles/2027-h1/index.md"]
    # Guangzhou's 2 managers miss a level of coaching, which weighs 2.
    assert "Weighted by priority, the gap is 4." in _text(overview)
    assert _row(overview, "Every branch").endswith("×2 Every branch gets a second team. 2 4")
    home = pages["index.md"]
    assert "Training priorities for 2027 first half" in _text(home)
    assert "Coaching others ×2 : Every branch gets a second team." in _text(home)
    assert 'href="cycles/2027-h1/#priorities"' in home.content
    assert "cmap-priorities" not in pages["cycles/2026-h1/index.md"].content


def test_program_page_shows_delivery_sessions_evaluation_and_the_needs_it_answers() -> None:
    page = _pages()["cycles/2026-h1/programs/selling-clinic.md"]
    text = _text(page)
    assert "12 seats for 12 people in the needs it answers" in text
    assert "1 sessions held, 11 participants." in text
    assert "Asks before recommending." in text and "Conversion up 3 points." in text
    assert 'href="../../needs/shenzhen-branch/#need-sales-rep--consultative-selling"' in page.content
    evaluation = Page("", page.content[page.content.index("{#evaluation}"):])
    assert _row(evaluation, "Guangzhou branch · Sales representative").endswith("6 / 8 8 2")
    assert page.source == "plans/2026-h1.yml"


def test_large_cycles_summarise_per_department_and_keep_pages_small(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the matrix limits the plan and effect pages sum per department; ranked lists
    show their head and count the rest."""
    monkeypatch.setattr(plan_pages, "MATRIX_MAX_NEEDS", 2)
    monkeypatch.setattr(plan_pages, "NEED_ROWS", 2)
    monkeypatch.setattr(plan_pages, "LIST_ROWS", 1)
    monkeypatch.setattr(cycle_pages, "LIST_ROWS", 1)
    monkeypatch.setattr(page_module, "PAGE_LIST_ROWS", 0)
    pages = _pages()
    plan = pages["cycles/2026-h1/plan.md"]
    assert "cmap-coverage" in plan.content and "✓" not in plan.content
    assert _row(plan, "Guangzhou branch").endswith("1 / 2 8 / 12")
    effect = pages["cycles/2026-h1/effect.md"]
    assert _row(effect, "Shenzhen branch").endswith("1 / 1 8 0 100%")
    overview = _text(pages["cycles/2026-h1/index.md"])
    assert "1 more row, smaller, is in the CSV and JSON exports" in overview
    assert "more rows" not in overview
    assert "1 smaller need is not listed here." in _text(pages["competencies/coaching.md"])


def test_pull_request_links_follow_the_code_host() -> None:
    gitlab = replace(SETTINGS, repo_url="https://gitlab.example.com/hr/map")
    assert gitlab.pull_request_url(3) == "https://gitlab.example.com/hr/map/-/merge_requests/3"
    assert SiteSettings().pull_request_url(3) == ""
    assert SiteSettings(repo_url="javascript:alert(1)").pull_request_url(3) == ""
    page = _pages(settings=replace(SETTINGS, repo_url=""))["cycles/2026-h1/plan.md"]
    assert "#12" in _text(page) and "/pull/" not in page.content


def test_effect_page_shows_kirkpatrick_levels_and_the_gap_left() -> None:
    page = _pages()["cycles/2026-h1/effect.md"]
    assert _row(page, "Selling clinic").startswith("Selling clinic 4.4 55 → 80")
    # 6 of 8 reached level 3, 2 keep their gap of 1; Shenzhen's 4 all reached it
    assert _row(page, "Total").split() == ["Total", "2", "/", "3", "16", "2", "88%"]
    assert "closed" not in _row(page, "Guangzhou branch · Sales representative")
    assert "closed" in _row(page, "Shenzhen branch · Sales representative")
    assert "2026 first half" in _row(page, "+25")  # the trend row of the cycle


def test_competency_and_role_pages_link_current_needs_and_programs() -> None:
    pages = _pages()
    coaching = pages["competencies/coaching.md"]
    assert "Needs sent for the cycle 2027 first half." in _text(coaching)
    assert 'href="../../cycles/2027-h1/needs/guangzhou-branch/#need-sales-manager--coaching"' \
        in coaching.content
    assert 'href="../../cycles/2027-h1/programs/coaching-lab/"' in coaching.content
    selling = pages["competencies/consultative-selling.md"]
    assert 'href="../../cycles/2026-h1/programs/selling-clinic/"' in selling.content
    assert "No department has sent a need for this in the cycle 2027 first half." in _text(selling)
    manager = pages["roles/sales-manager.md"]
    assert "#need-sales-manager--coaching" in manager.content
    assert 'href="../../worksheets/sales-manager/"' in manager.content
    department = pages["departments/shenzhen-branch.md"]
    assert "Not yet due" in _row(department, "2027 first half")


def test_a_map_without_cycles_says_so_and_links_nothing() -> None:
    model = small_model()
    model.cycles, model.submissions = {}, {}
    pages = _pages(model)
    assert [p for p in pages if p.startswith("cycles/")] == ["cycles/index.md"]
    assert "No training cycle has been declared yet." in _text(pages["cycles/index.md"])
    assert "No training cycle has been declared yet." in _text(pages["roles/sales-rep.md"])


def test_worksheet_page_lists_the_profile_with_what_the_level_looks_like() -> None:
    # The service supervisor states no expectations of its own: the level's indicators apply.
    page = _pages()["worksheets/service-supervisor.md"]
    text = _text(page)
    assert "Explains product differences in plain words." in text
    assert 'href="../../downloads/worksheets/service-supervisor.csv" download' in page.content
    assert text.count("Person 6") == 1 and "Person 7" not in text


def test_pages_the_semantic_diff_names_are_generated() -> None:
    """`cmap diff` lists affected pages; each must be a page of the site."""
    model = load_repository(ROOT).model
    urls = {paths.address(p) for p in _pages(model)}
    named = {paths.address(paths.cycle_page(cid)) for cid in model.cycles}
    named |= {paths.address(paths.department_page(d)) for _, d in model.submissions}
    assert named <= urls


def test_example_cycles_render_with_both_departments_answered_and_missing() -> None:
    pages = _pages(load_repository(ROOT).model)
    current = pages["cycles/2027-h1/index.md"]
    assert "Missing" in _text(current) or "Not yet due" in _text(current)
    assert "On time" in _text(current)
    closed = _text(pages["cycles/2026-h1/effect.md"])
    assert "Gap closed" in closed and "%" in closed
