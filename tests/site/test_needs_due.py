"""What is due (generator/site/needs_due.py) and how the department and home pages show it,
on the hand-checked cycles of `factories.add_cycles`: 2027-h1 collects needs due on
2026-12-15; Guangzhou has sent its needs, Shenzhen and the South region not yet."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

import pytest
from support.factories import small_model

from generator.site.generate import generate_pages
from generator.site.needs_due import NeedsDue, needs_due, open_cycle
from generator.site.settings import Guide, SiteSettings

DUE = date(2026, 12, 15)
GUIDES = (Guide("guides/reading-the-map.md", "Reading the map"),
          Guide("guides/submitting-training-needs.md", "Submitting your needs"))


def due(department: str = "", today: date = date(2026, 11, 23)) -> NeedsDue:
    found = needs_due(small_model(), today, GUIDES, department)
    assert found is not None
    return found


@pytest.mark.parametrize(("today", "days_left"), [
    (date(2026, 11, 23), 22), (DUE, 0), (date(2027, 1, 2), -18)])
def test_days_left_count_from_the_build_day_to_the_due_date(today: date, days_left: int) -> None:
    assert due("shenzhen-branch", today).days_left == days_left


def test_a_department_that_sent_its_needs_links_to_them() -> None:
    sent = due("guangzhou-branch")
    assert (sent.cycle.id, sent.state, sent.sent) == ("2027-h1", "on-time", True)
    assert sent.page == "cycles/2027-h1/needs/guangzhou-branch.md"


@pytest.mark.parametrize(("today", "state"), [(DUE, "pending"), (date(2026, 12, 16), "missing")])
def test_a_department_that_has_not_sent_them_is_pending_until_the_due_date_then_missing(
        today: date, state: str) -> None:
    waiting = due("shenzhen-branch", today)
    assert (waiting.state, waiting.sent, waiting.page) == (state, False, "cycles/2027-h1/index.md")


def test_for_the_company_it_counts_the_departments_that_answered() -> None:
    company = due()
    assert (company.state, company.answered, company.expected) == ("", 1, 3)
    assert company.guide == "guides/submitting-training-needs.md"


def test_without_the_submitting_guide_there_is_no_link() -> None:
    found = needs_due(small_model(), DUE, GUIDES[:1], "shenzhen-branch")
    assert found is not None and found.guide == ""


def test_nothing_is_due_for_a_department_nobody_works_in_or_when_no_cycle_takes_needs() -> None:
    model = small_model()
    assert needs_due(model, DUE, GUIDES, "hr") is None
    model.cycles["2027-h1"] = replace(model.cycles["2027-h1"], status="in-review")
    assert needs_due(model, DUE, GUIDES) is None


def test_the_open_cycle_is_the_one_due_first() -> None:
    cycles = small_model().cycles
    later = replace(cycles["2027-h1"], id="2027-h2", needs_due="2027-05-31")
    closed = replace(cycles["2026-h1"], needs_due="2026-01-01")
    assert open_cycle([later, cycles["2027-h1"], closed]) is cycles["2027-h1"]


def _words(content: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", content).split()))


def _due_box(today: date, path: str) -> str:
    pages = {p.path: p for p in generate_pages(small_model(), SiteSettings(today=today, guides=GUIDES))}
    found = re.search(r'<div class="admonition \w+ cmap-due" id="needs-due">.*?</div>',
                      pages[path].content, re.DOTALL)
    assert found, path
    return found.group(0)


def test_the_department_page_says_when_the_needs_are_due_and_how_to_submit() -> None:
    box = _due_box(date(2026, 12, 14), "departments/shenzhen-branch.md")
    assert _words(box) == ("Training needs for 2027 first half Due on 2026-12-15 · 1 day left "
                           "This department's needs: Not yet due "
                           "How to submit your needs · The cycle's page")
    assert 'href="../../guides/submitting-training-needs/"' in box and "admonition info" in box


def test_the_department_page_warns_once_the_due_date_has_passed_without_needs() -> None:
    box = _due_box(date(2026, 12, 17), "departments/shenzhen-branch.md")
    assert "admonition warning" in box
    assert "2 days past the due date" in _words(box) and "Missing" in _words(box)


def test_the_home_page_says_how_many_departments_have_answered() -> None:
    box = _due_box(DUE, "index.md")
    assert "Due on 2026-12-15 · due today" in _words(box)
    assert "1 of 3 departments have sent their needs." in _words(box)
