"""The built example site in a real browser: Debian's Chromium driven by Playwright.

One site is built and served on 127.0.0.1 for the whole session and one browser is shared.
Every browser context routes the requests to other hosts to a handler that records and
aborts them, so no test ever waits on the internet.

Page types are derived from the built site (one page per URL pattern, see
`browser_support.page_types`), so new sections are checked without changing this file.
One tour loads every page type once and is shared by the tests that check what it saw,
which keeps the module short (see `tour`). axe-core comes from npm
(tests/browser/package-lock.json) and is installed on first use.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from support.browser import (
    PageProblems,
    axe_summary,
    copy_example,
    ensure_axe,
    is_local,
    model_ids,
    page_types,
    pattern_of,
    serve_folder,
)
from support.git_repos import commit, git, init_repo
from support.html_checks import fences_rendered_inline
from support.phone_layout import CHECKS, phone_layout

from generator.model.plan_costs import over_budget
from generator.rules.repository import load_repository
from generator.site import mkdocs_build as sitebuild
from generator.site.labels import Labels

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from generator.model.competency_map import CompetencyMap, Role

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# A4 is 210 mm wide; with 15 mm margins the printable width is 180 mm = 680 CSS px.
PRINT_MARGIN = "15mm"
PRINT_WIDTH_PX = int(180 / 25.4 * 96)
SERIOUS = ("serious", "critical")
# The rules whose outcome depends on the colour scheme: run again in the dark scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
LABELS = Labels("en")
# Every URL that is not on our server. Matched inside the browser, so that the local
# requests do not make a round trip to Python.
OFFSITE = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1[:/]|data:|blob:|about:)")


# -- fixtures -------------------------------------------------------------------------


@dataclass
class Site:
    """The built example site, served over HTTP."""

    folder: Path
    base: str
    model: CompetencyMap
    types: dict[str, str]

    def url(self, path: str) -> str:
        return self.base + path


#: The pull request the example's git history ends with: it rewords a role's summary.
MERGED = "Merge pull request #112 from hr/sales-rep-summary"


def merge_a_pull_request(root: Path) -> None:
    """Commit the example, then merge a branch that rewords a role's summary, as the
    hosting site merges a pull request: the "What changed" page has one to list."""
    init_repo(root)
    commit(root, "The example")
    git(root, "checkout", "-q", "-b", "sales-rep-summary")
    role = root / "competency-map" / "roles" / "sales-rep.yml"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "Sells Jiahe appliances", "Sells Jiahe's appliances", 1), encoding="utf-8")
    commit(root, "Reword the summary")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "--no-gpg-sign", "-m", MERGED, "sales-rep-summary")


@pytest.fixture(scope="session")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example repository, copied, committed with one merged pull request, built with
    cmap and served on 127.0.0.1."""
    root = copy_example(tmp_path_factory.mktemp("browser") / "repo")
    merge_a_pull_request(root)
    result = load_repository(root)
    assert result.ok, [str(p) for p in result.problems][:5]
    folder = sitebuild.build_site(root, result.model).folder
    with serve_folder(folder) as base:
        yield Site(folder, base, result.model, page_types(folder, model_ids(result.model)))


@pytest.fixture(scope="session")
def axe_script() -> Path:
    path, reason = ensure_axe()
    if path is None:
        pytest.skip(reason)
    return path


@dataclass
class Browsing:
    """Browser contexts that record and abort every request leaving 127.0.0.1."""

    browser: Browser
    offsite: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)

    def context(self, *, axe: Path | None = None, **options: Any) -> BrowserContext:
        """A new context; with `axe`, axe-core is loaded into every page it opens."""
        options.setdefault("viewport", DESKTOP)
        context = self.browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.route(OFFSITE, self._block)
        if axe is not None:
            context.add_init_script(path=str(axe))
        self.contexts.append(context)
        return context

    def page(self, *, axe: Path | None = None, **options: Any) -> tuple[Page, PageProblems]:
        page = self.context(axe=axe, **options).new_page()
        problems = PageProblems()
        problems.watch(page)
        return page, problems

    def _block(self, route: Any) -> None:
        self.offsite.append(route.request.url)
        route.abort("blockedbyclient")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser: Browser, site: Site) -> Iterator[Browsing]:
    session = Browsing(browser)
    try:
        yield session
    finally:
        session.close()


@dataclass
class Visit:
    """What one page type did during the tour."""

    path: str
    problems: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    axe_dark: list[str] = field(default_factory=list)
    overflow: str | None = None
    phone: dict[str, list[str]] = field(default_factory=dict)  #: support.phone_layout


@dataclass
class Tour:
    visits: dict[str, Visit]
    offsite: list[str]
    axe_missing: str

    def failures(self, attribute: str) -> dict[str, Any]:
        return {f"{pattern} ({visit.path})": getattr(visit, attribute)
                for pattern, visit in self.visits.items() if getattr(visit, attribute)}


@pytest.fixture(scope="session")
def tour(browser: Browser, site: Site) -> Iterator[Tour]:
    """Every page type, loaded once on a desktop screen in the light scheme.

    Recorded per page: console errors and failed requests (once the search worker has its
    index too), every axe-core rule; then, switched to the dark scheme with the header's
    toggle as a user would, the colour rules; then, narrowed to a 390 px phone, whether
    the page scrolls sideways and how it is laid out (`phone_layout`). Shared by the tests that check each, so the module stays
    short: a page type costs one navigation.
    """
    axe, axe_missing = ensure_axe()
    session = Browsing(browser)
    try:
        page, problems = session.page(axe=axe, color_scheme="light")
        visits: dict[str, Visit] = {}
        for pattern, path in site.types.items():
            page.set_viewport_size(DESKTOP)
            problems.clear()
            response = page.goto(site.url(path))
            problems.settle(page)
            visit = visits[pattern] = Visit(path, [*problems.console, *problems.failed])
            if response is None or not response.ok:
                visit.problems.insert(0, f"HTTP {response.status if response else '?'}")
            wait_for_scheme(page, "default")
            if axe:
                visit.axe = axe_summary(run_axe(page), SERIOUS)
                toggle_scheme(page, "slate")
                visit.axe_dark = axe_summary(run_axe(page, COLOUR_RULES), SERIOUS)
                toggle_scheme(page, "default")  # the choice is stored for the next page
            page.set_viewport_size(PHONE)
            visit.overflow = horizontal_overflow(page)
            visit.phone = phone_layout(page)
        yield Tour(visits, session.offsite, axe_missing)
    finally:
        session.close()


# -- helpers --------------------------------------------------------------------------


def people_in(model: CompetencyMap, role_id: str) -> int:
    return sum(d.staffing.get(role_id, 0) for d in model.departments.values())


def journey_role(model: CompetencyMap) -> Role:
    """The role most people hold among those with a next role."""
    candidates = [r for r in model.roles.values() if r.next_roles]
    assert candidates, "the example map has no career path to follow"
    return max(candidates, key=lambda r: (people_in(model, r.id), r.id))


def search_results(page: Page) -> list[str]:
    """The paths of the pages listed in the open search results."""
    hrefs: list[str] = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link", "links => links.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]


def run_search(page: Page, query: str, expected_path: str) -> list[str]:
    """Type `query` into Material's search box and wait until `expected_path` is listed.

    The header's search button opens the dialog on narrow screens; on wide ones the box
    itself is in the header. Material queries on `keyup` and its search runs in a web
    worker, so the results come a moment later. The query is entered whole (as a paste
    would) and one key press sends it: typed key by key, every prefix is a query of its
    own, and on a busy machine that queue of wildcard queries outlasted the wait.
    """
    opener = page.locator("label.md-header__button[for='__search']")
    box = page.locator("input.md-search__input")
    if opener.is_visible():
        opener.click()
    else:
        box.click()
    box.fill(query)
    box.press("End")
    with contextlib.suppress(Exception):  # playwright's TimeoutError: show what was found
        page.wait_for_function(
            """path => [...document.querySelectorAll('.md-search-result__item a.md-search-result__link')]
                .some(a => new URL(a.href).pathname === path)""",
            arg=expected_path, timeout=TIMEOUT_MS)
    # The dialog fades in: colours read mid-transition are neither scheme's.
    page.wait_for_function(ANIMATIONS_SETTLED_JS)
    return search_results(page)


def run_axe(page: Page, rules: list[str] | None = None,
            axe_script: Path | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page (loaded by the context, else from `axe_script`)."""
    if axe_script is not None and not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script))
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("options => axe.run(document, options)", options)
    violations: list[dict[str, Any]] = result["violations"]
    return violations


ANIMATIONS_SETTLED_JS = """() => document.getAnimations().every(
    a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)"""

SCHEME_SETTLED_JS = """scheme => document.body.dataset.mdColorScheme === scheme
  && !document.body.hasAttribute('data-md-color-switching')
  && (""" + ANIMATIONS_SETTLED_JS + """)()"""


TOGGLE_JS = """() => [...document.querySelectorAll(
    "form[data-md-component='palette'] label.md-header__button")]
  .find(label => !label.hidden && label.offsetParent !== null).click()"""


def toggle_scheme(page: Page, scheme: str) -> None:
    """Switch to `scheme` with the header's light/dark toggle (mkdocs.yml `palette`).

    Clicked from the page's script: a mouse click would first hover the button and wait for
    its tooltip to fade in, for each of the two switches of each page type.
    """
    page.evaluate(TOGGLE_JS)
    wait_for_scheme(page, scheme)


def wait_for_scheme(page: Page, scheme: str) -> None:
    """Material applies the colour scheme from JavaScript after loading; colours fade in
    (CSS transitions), so contrast is measured once no transition runs."""
    page.wait_for_function(SCHEME_SETTLED_JS, arg=scheme)


OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  // An element sticking out is fine inside a box that scrolls or clips and itself fits.
  const contained = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible'
          && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !contained(el)) {
      wide.push(`${name(el)} (right edge ${Math.round(box.right)})`);
    }
  }
  return {scroll: document.scrollingElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def horizontal_overflow(page: Page) -> str | None:
    """Why the page scrolls sideways, or None when it does not."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    found = page.evaluate(OVERFLOW_JS)
    if found["scroll"] <= found["width"]:
        return None
    return f"scrollWidth {found['scroll']} > {found['width']}: " + "; ".join(found["wide"])


def printed_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# -- tests ----------------------------------------------------------------------------


def test_page_types_are_found_in_the_built_site(site: Site) -> None:
    types = site.types
    for expected in ("/", "/competencies/", "/competencies/*/", "/roles/", "/roles/*/",
                     "/departments/*/", "/downloads/"):
        assert expected in types, sorted(types)
    assert all(path.startswith("/") for path in types.values())


def test_page_types_group_entity_pages_and_keep_fixed_sub_pages() -> None:
    ids = frozenset({"sales-rep", "sales", "2026-h1", "2027-h1", "beijing-branch"})
    repeated = frozenset({(2, "plan")})
    cases = {
        "/": "/", "/404.html": "/404.html", "/roles/": "/roles/",
        "/roles/sales-rep/": "/roles/*/", "/guides/any-guide/": "/guides/*/",
        "/map/sales/": "/map/*/", "/map/departments/sales/": "/map/departments/*/",
        "/cycles/2026-h1/plan/": "/cycles/*/plan/",
        "/cycles/2027-h1/needs/beijing-branch/": "/cycles/*/needs/*/",
    }
    for url, pattern in cases.items():
        assert pattern_of(url, ids, repeated) == pattern, url


def test_from_home_a_user_reaches_their_role_and_its_next_step_in_three_clicks(
        site: Site, browsing: Browsing) -> None:
    from playwright.sync_api import expect

    model = site.model
    role = journey_role(model)
    page, _ = browsing.page()
    page.goto(site.url("/"))
    main = page.locator(".md-content")
    clicks = 0

    # 1. "Find your role": the user's job family.
    main.get_by_role("link", name=model.families[role.family].name, exact=True).first.click()
    clicks += 1
    expect(page).to_have_url(re.compile(rf"/roles/#family-{re.escape(role.family)}$"))
    role_link = main.locator(f"a[href='{role.id}/']").first
    expect(role_link).to_have_text(role.title)
    expect(role_link).to_be_in_viewport()  # the family link lands on the family's roles

    # 2. Their own role.
    role_link.click()
    clicks += 1
    expect(page).to_have_url(re.compile(rf"/roles/{re.escape(role.id)}/$"))
    expect(page.locator("h1")).to_have_text(role.title)

    # 3. Its career path: what the next role adds and raises.
    main.get_by_role("link", name=LABELS("career_heading"), exact=True).first.click()
    clicks += 1
    assert clicks <= 3
    mine = {r.competency: r.level for r in role.requirements}
    for next_id in role.next_roles:
        following = model.roles[next_id]
        heading = page.locator(f"#next-{next_id}")
        expect(heading).to_contain_text(LABELS("next_role", title=following.title))
        step = page.locator(f"#next-{next_id} + .cmap-section")
        expect(step.get_by_role("link", name=following.title, exact=True)).to_be_visible()
        added = [r for r in following.requirements if r.competency not in mine]
        raised = [r for r in following.requirements if mine.get(r.competency, r.level) < r.level]
        assert added or raised, f"{role.id} → {next_id} changes no competency"
        text = step.inner_text()
        if added:
            assert LABELS("step_added") in text
        if raised:
            assert LABELS("step_raised") in text
        for req in added + raised:
            name = model.competencies[req.competency].name
            assert name in text, f"{name} is not shown for the step to {next_id}"
        for req in raised:
            name = re.escape(model.competencies[req.competency].name)
            arrow = rf"{name}: {mine[req.competency]}\b.*→\s*{req.level}\b"
            assert re.search(arrow, text), f"the raise of {req.competency} is not shown"
    expect(page.locator(f"#next-{role.next_roles[0]}")).to_be_in_viewport()


def test_approvers_see_pending_groups_and_departments_over_their_share(
        site: Site, browsing: Browsing) -> None:
    """The draft plan lists each required group as pending (axe-clean in both schemes: the
    tour checks the largest plan page only); the plan whose departments went over their
    budget share marks each of them, with the amount over."""
    from playwright.sync_api import expect

    model = site.model
    draft = next(c for c in model.cycles.values() if c.status in ("collecting", "consolidating"))
    axe, _ = ensure_axe()
    page, problems = browsing.page(axe=axe, color_scheme="light")
    page.goto(site.url(f"/cycles/{draft.id}/plan/"))
    groups = page.locator(".cmap-approver-groups > li")
    expect(groups).to_have_count(len(model.governance.plan_approvers))
    for item in groups.all():
        expect(item).to_be_visible()
        expect(item).to_contain_text(LABELS("group_pending"))
        expect(item.locator("code").first).to_contain_text("@")
    if axe:
        wait_for_scheme(page, "default")
        assert not axe_summary(run_axe(page), SERIOUS)
        toggle_scheme(page, "slate")
        assert not axe_summary(run_axe(page, COLOUR_RULES), SERIOUS)
    over = [(c.id, row) for c in model.cycles.values() for row in over_budget(c)]
    assert over, "the example has departments over their budget share"
    for cycle_id in dict.fromkeys(cycle for cycle, _ in over):
        page.goto(site.url(f"/cycles/{cycle_id}/plan/"))
        marked = page.locator("table.cmap-budget tr.cmap-over")
        expect(marked).to_have_count(sum(1 for c, _ in over if c == cycle_id))
        for row in [row for c, row in over if c == cycle_id]:
            name = model.departments[row.department].name
            expect(marked.filter(has_text=name)).to_contain_text(
                LABELS("over_by", amount=f"{row.over:,.0f}"))
    assert not problems.console, problems.console


def test_what_changed_lists_a_merged_pull_request_and_the_role_page_shows_it(
        site: Site, browsing: Browsing) -> None:
    page, problems = browsing.page()
    page.goto(site.url("/changes/"))
    block = page.locator(".cmap-merge").first
    assert MERGED in page.get_by_role("heading", level=2).first.inner_text()
    assert "Changed Sales representative: summary reworded" in block.inner_text()
    block.get_by_role("link", name="Sales representative").click()
    page.wait_for_url(re.compile(r"/roles/sales-rep/$"))
    recent = page.locator(".cmap-recent-changes").inner_text()
    assert re.search(r"Since \d{4}-\d\d-\d\d \(#112\): Changed Sales representative", recent)
    assert problems.console == [] and problems.failed == []


def test_search_finds_a_competency_by_its_name(site: Site, browsing: Browsing) -> None:
    """The first competency and the one with the longest name; the result opens its page."""
    competencies = sorted(site.model.competencies.values(), key=lambda c: c.id)
    longest = max(competencies, key=lambda c: (len(c.name), c.id))
    page, problems = browsing.page()
    page.goto(site.url("/"))
    for competency in {c.id: c for c in (competencies[0], longest)}.values():
        path = f"/competencies/{competency.id}/"
        found = run_search(page, competency.name, path)
        assert path in found, f"searching {competency.name!r} lists {found[:10]}"
    competency = longest
    link = ".md-search-result__item a.md-search-result__link"
    page.locator(f"{link}[href*='competencies/{competency.id}/']").first.click()
    page.wait_for_url(re.compile(rf"/competencies/{re.escape(competency.id)}/"))
    assert page.locator("h1").inner_text().strip() == competency.name
    assert not problems.console, problems.console


def test_the_guides_render_their_code_blocks_and_keep_their_numbering(
        site: Site, browsing: Browsing) -> None:
    guides = sorted((site.folder / "guides").rglob("*.html"))
    assert len(guides) >= 5
    assert {page.parent.name: fences_rendered_inline(page.read_text(encoding="utf-8"))
            for page in guides} == {page.parent.name: [] for page in guides}
    page, _ = browsing.page()
    page.goto(site.url("/guides/submitting-training-needs/"))
    steps = page.locator("#path-1-in-the-browser-no-installation ~ ol").first
    assert steps.locator(":scope > li").count() == 6
    block = steps.locator(":scope > li pre code").first
    assert block.is_visible() and "submitted_by:" in block.inner_text()


def test_a_role_s_id_is_copied_from_the_keyboard(site: Site, browsing: Browsing) -> None:
    from playwright.sync_api import expect

    role = journey_role(site.model)
    context = browsing.context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site.url(f"/roles/{role.id}/"))
    button = page.get_by_role("button", name=f"Copy the id {role.id}")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".md-dialog")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == role.id


def test_every_page_type_loads_without_console_errors_or_failed_requests(tour: Tour) -> None:
    broken = tour.failures("problems")
    assert not broken, broken


def test_no_request_leaves_localhost(site: Site, tour: Tour, browsing: Browsing) -> None:
    """Every page type with its search index (the tour) and the phone menu; the
    requests to other hosts were aborted, not waited for."""
    from playwright.sync_api import expect

    page, _ = browsing.page(viewport=PHONE)
    page.goto(site.url("/"))
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(page.locator(".md-nav--primary")).to_be_in_viewport()
    offsite = sorted(set(tour.offsite + browsing.offsite))
    assert not offsite, offsite


def test_offsite_pattern_blocks_exactly_the_other_hosts() -> None:
    for url in ("http://127.0.0.1:8000/", "http://127.0.0.1/x.js", "data:image/png;base64,AA",
                "blob:http://127.0.0.1:1/abc", "about:blank"):
        assert is_local(url) and not OFFSITE.match(url), url
    for url in ("https://fonts.googleapis.com/css", "http://127.0.0.10/", "http://localhost/",
                "https://127.0.0.1.example.com/", "ws://example.com/"):
        assert not is_local(url) and OFFSITE.match(url), url


def test_axe_finds_no_serious_violation_on_any_page_type_in_the_light_scheme(tour: Tour) -> None:
    if tour.axe_missing:
        pytest.skip(tour.axe_missing)
    found = tour.failures("axe")
    assert not found, found


def test_axe_finds_no_contrast_violation_on_any_page_type_in_the_dark_scheme(tour: Tour) -> None:
    if tour.axe_missing:
        pytest.skip(tour.axe_missing)
    found = tour.failures("axe_dark")
    assert not found, found


def test_axe_finds_no_serious_violation_in_open_search_results_in_either_scheme(
        site: Site, browsing: Browsing, axe_script: Path) -> None:
    """The search dialog is hidden (so not checked) on the tour: open it, with results, on
    a phone; every rule in the light scheme, the colour rules in the dark one."""
    page, _ = browsing.page(axe=axe_script, color_scheme="light", viewport=PHONE)
    competency = next(iter(site.model.competencies.values()))
    page.goto(site.url("/"))
    wait_for_scheme(page, "default")
    assert run_search(page, competency.name, f"/competencies/{competency.id}/")
    found = {"light": axe_summary(run_axe(page), SERIOUS)}
    toggle_scheme(page, "slate")
    assert page.locator(".md-search-result__item").first.is_visible()
    found["dark"] = axe_summary(run_axe(page, COLOUR_RULES), SERIOUS)
    assert not any(found.values()), found


def test_no_page_type_scrolls_sideways_on_a_390px_phone(tour: Tour) -> None:
    wide = tour.failures("overflow")
    assert not wide, wide


@pytest.mark.parametrize("check", CHECKS)
def test_phone_layout_on_every_page_type(tour: Tour, check: str) -> None:
    """At 390 px: no word broken in the middle, every table in a labelled scroll region,
    no box scrolling up and down inside the page, chart text of at least 11 px."""
    found = {f"{pattern} ({visit.path})": visit.phone[check]
             for pattern, visit in tour.visits.items() if visit.phone.get(check)}
    assert not found, found


def test_phone_layout_checks_catch_what_they_look_for(site: Site, browsing: Browsing) -> None:
    page, _ = browsing.page(viewport=PHONE)
    page.goto(site.url(site.types["/roles/*/"]))
    assert not any(phone_layout(page).values())
    page.evaluate("""() => {
      const content = document.querySelector('.md-content');
      content.insertAdjacentHTML('beforeend',
        "<p style='width:4em;word-break:break-all'>Communication</p><table><tr><td>x</td></tr></table>"
        + "<div style='max-height:2em;overflow:auto'><p>1</p><p>2</p><p>3</p></div>");
      document.querySelector('figure.cmap-chart').style.width = '120px';
    }""")
    found = phone_layout(page)
    assert found["broken_words"] == ["Communication in p"], found
    assert found["unlabelled_tables"] == ["table in div.md-content"], found
    assert len(found["nested_scroll"]) == 1 and found["nested_scroll"][0].startswith("div ("), found
    assert found["small_chart_text"], found


def test_a_desktop_screen_shows_the_cycle_links_and_readable_program_titles(
        site: Site, browsing: Browsing) -> None:
    """At 1280 px the cycles index shows each cycle's Plan and Effect links without
    scrolling its table, and a plan's program titles are not squeezed to a word a line."""
    page, _ = browsing.page(viewport=DESKTOP)
    page.goto(site.url("/cycles/"))
    hidden = page.evaluate("""() => [...document.querySelectorAll('table.cmap-cycles a')]
      .filter(a => { const box = a.getBoundingClientRect();
                     const region = a.closest('.cmap-scroll').getBoundingClientRect();
                     return box.width === 0 || box.right > region.right + 1; })
      .map(a => a.textContent)""")
    links = page.locator("table.cmap-cycles a")
    texts = links.all_inner_texts()
    assert LABELS("plan") in texts and LABELS("effect") in texts, texts
    assert not hidden, hidden
    page.goto(site.url(site.types["/cycles/*/plan/"]))
    widths = page.eval_on_selector_all(
        "table.cmap-programs th[scope='row']", "cells => cells.map(c => c.getBoundingClientRect().width)")
    assert widths and min(widths) >= 160, widths


def test_overflow_check_catches_a_wide_block_but_not_a_scrolling_one(
        site: Site, browsing: Browsing) -> None:
    page, _ = browsing.page(viewport=PHONE)
    page.goto(site.url("/"))

    def add(html: str) -> None:
        page.evaluate("html => document.querySelector('.md-content')"
                      ".insertAdjacentHTML('beforeend', html)", html)

    add("<div class='cmap-scroll' style='overflow-x:auto'><div style='width:900px'>x</div></div>")
    assert horizontal_overflow(page) is None
    add("<div id='too-wide' style='width:900px'>x</div>")
    problem = horizontal_overflow(page)
    assert problem is not None and "div (right edge" in problem, problem


PRINTED = {"role": "/roles/*/", "worksheet": "/worksheets/*/"}
HIDDEN_IN_PRINT = (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".md-top")
SHOWN_JS = """selectors => selectors.flatMap(sel => [...document.querySelectorAll(sel)]
  .filter(el => { const box = el.getBoundingClientRect(); const st = getComputedStyle(el);
                  return st.display !== 'none' && st.visibility !== 'hidden'
                         && box.width > 0 && box.height > 0; })
  .map(() => sel))"""


@pytest.mark.parametrize("kind", sorted(PRINTED))
def test_role_and_worksheet_pages_print_on_a4(site: Site, browsing: Browsing, kind: str) -> None:
    """Printed, a page shows its content only, within the printable width of A4."""
    pattern = PRINTED[kind]
    if pattern not in site.types:
        if kind == "worksheet":
            pytest.skip(f"the built site has no worksheet pages ({pattern}) yet")
        pytest.fail(f"the built site has no {kind} page ({pattern}): {sorted(site.types)}")
    path = site.types[pattern]
    page, problems = browsing.page(viewport={"width": PRINT_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(site.url(path))

    shown = page.evaluate(SHOWN_JS, list(HIDDEN_IN_PRINT))
    assert not shown, f"{path} prints the site's chrome: {sorted(set(shown))}"
    problem = horizontal_overflow(page)
    assert problem is None, f"{path} is wider than the printable width of A4: {problem}"
    content = page.locator(".md-content").bounding_box()
    assert content is not None and content["x"] >= 0
    assert content["x"] + content["width"] <= PRINT_WIDTH_PX + 1

    pdf = page.pdf(format="A4", print_background=True,
                   margin={side: PRINT_MARGIN for side in ("top", "right", "bottom", "left")})
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-64:]
    count = printed_pages(pdf)
    assert 1 <= count <= 30, f"{path} prints on {count} A4 pages"
    assert not problems.console, problems.console
