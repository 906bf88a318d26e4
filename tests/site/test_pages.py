"""Generated pages: golden files, cross-references, career paths, escaping, labels, sizes.

Golden files live in tests/golden/; after an intended change of the pages, regenerate them
with `CMAP_UPDATE_GOLDEN=1 pytest tests/site/test_pages.py`: the run rewrites the files that
differ and fails, listing them, so that nothing passes until the diff has been reviewed and
the tests run again without the variable. Under CI the variable is refused.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import markdown
import pytest
import yaml
from support import GOLDEN, ROOT
from support.factories import HOSTILE, hostile_model, small_model, synthetic_model
from support.html_checks import assert_inert

from generator.analysis.career import career_step
from generator.analysis.site_index import SiteIndex
from generator.model.competency_map import Requirement
from generator.site.generate import generate_pages
from generator.site.labels import Labels, catalogue, normalize_language
from generator.site.renderer import Page
from generator.site.settings import SiteSettings

# Chinese labels are checked on one page of each kind.
ZH_GOLDEN = ("index.md", "roles/sales-manager.md", "competencies/communication.md",
             "departments/index.md", "map/sales.md", "cycles/2026-h1/index.md",
             "cycles/2026-h1/plan.md", "cycles/2026-h1/effect.md", "worksheets/sales-rep.md")
UPDATE = os.environ.get("CMAP_UPDATE_GOLDEN") == "1"
SETTINGS = SiteSettings(
    today=date(2026, 11, 23),
    site_name="Jiahe competency map",
    repo_url="https://git.example.com/jiahe/map",
    source_base="https://git.example.com/jiahe/map/blob/main/",
)


def _pages(model=None, settings=SETTINGS) -> dict[str, Page]:  # type: ignore[no-untyped-def]
    return {p.path: p for p in generate_pages(model or small_model(), settings)}


def _golden_name(path: str, language: str) -> str:
    return f"{language}__{path.replace('/', '__')}"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_pages_match_golden_files(language: str) -> None:
    if UPDATE and os.environ.get("CI"):
        pytest.fail("CMAP_UPDATE_GOLDEN is refused under CI: golden files change only by hand.")
    pages = _pages(settings=replace(SETTINGS, language=language))
    expected: dict[str, str] = {}
    for path, page in pages.items():
        if language == "zh" and path not in ZH_GOLDEN:
            continue
        expected[_golden_name(path, language)] = page.content
    stale = sorted({p.name for p in GOLDEN.glob(f"{language}__*")} - set(expected))
    if UPDATE:
        rewritten = update_golden(expected, stale)
        if rewritten:
            pytest.fail("Rewrote these golden files: review the diff, then run the tests again "
                        "without CMAP_UPDATE_GOLDEN:\n  " + "\n  ".join(rewritten))
    for name, content in expected.items():
        golden = GOLDEN / name
        assert golden.is_file(), f"missing golden file {name}; run with CMAP_UPDATE_GOLDEN=1"
        assert content == golden.read_text(encoding="utf-8"), f"{name} changed"
    assert not stale, f"golden files of pages no longer generated: {stale}"


def update_golden(expected: dict[str, str], stale: list[str]) -> list[str]:
    """Write the golden files that differ, delete the stale ones; what was changed."""
    GOLDEN.mkdir(exist_ok=True)
    rewritten = []
    for name, content in expected.items():
        golden = GOLDEN / name
        if not golden.is_file() or golden.read_text(encoding="utf-8") != content:
            golden.write_text(content, encoding="utf-8")
            rewritten.append(name)
    for name in stale:
        (GOLDEN / name).unlink()
        rewritten.append(f"{name} (deleted)")
    return rewritten


def test_updating_golden_files_fails_with_the_list_and_is_refused_under_ci(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "GOLDEN", tmp_path)
    (tmp_path / "en__old.md").write_text("gone", encoding="utf-8")
    (tmp_path / "en__same.md").write_text("same", encoding="utf-8")
    assert update_golden({"en__same.md": "same", "en__new.md": "new"}, ["en__old.md"]) == [
        "en__new.md", "en__old.md (deleted)"]
    assert update_golden({"en__same.md": "same", "en__new.md": "new"}, []) == []
    monkeypatch.setattr(module, "UPDATE", True)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="refused under CI"):
        test_pages_match_golden_files("en")


def test_every_model_object_gets_a_page_at_a_readable_path() -> None:
    model = small_model()
    pages = _pages(model)
    assert "index.md" in pages
    for kind, ids in (("competencies", model.competencies), ("roles", model.roles),
                      ("departments", model.departments)):
        assert f"{kind}/index.md" in pages
        for identifier in ids:
            assert f"{kind}/{identifier}.md" in pages
    assert {"map/index.md", "map/sales.md", "map/customer-service.md",
            "map/departments/south-region.md"} <= set(pages)
    assert pages["roles/sales-rep.md"].source == "competency-map/roles/sales-rep.yml"


def test_generated_pages_link_their_yaml_source() -> None:
    pages = _pages()
    role = pages["roles/sales-rep.md"].content
    assert ('<a href="https://git.example.com/jiahe/map/blob/main/competency-map/roles/'
            'sales-rep.yml"><code>competency-map/roles/sales-rep.yml</code></a>') in role
    plain = _pages(settings=SiteSettings())["roles/sales-rep.md"].content
    assert "<code>competency-map/roles/sales-rep.yml</code>" in plain and "blob/" not in plain


def test_competency_and_role_pages_link_a_suggested_change_of_their_file() -> None:
    pages = _pages()
    role = pages["roles/sales-rep.md"].content
    assert ('<a href="https://git.example.com/jiahe/map/issues/new?template=model-change.yml'
            '&amp;title=Model%20change%3A%20Sales%20representative'
            '&amp;page=Sales%20representative'
            '&amp;file=competency-map%2Froles%2Fsales-rep.yml">Suggest a change</a>') in role
    assert "template=model-change.yml" in pages["competencies/communication.md"].content
    assert "Suggest a change" not in pages["departments/hr.md"].content
    plain = _pages(settings=SiteSettings())
    assert "Suggest a change" not in plain["roles/sales-rep.md"].content
    assert "Suggest a change" not in plain["competencies/communication.md"].content
    zh = _pages(settings=replace(SETTINGS, language="zh"))["roles/sales-rep.md"].content
    assert ">提出修改建议</a>" in zh and "title=%E6%A8%A1%E5%9E%8B" in zh


def test_prose_fields_render_their_markdown_and_names_stay_as_typed() -> None:
    model = small_model()
    model.competencies["teamwork"] = replace(
        model.competencies["teamwork"], name="Team **work**",
        description="Works *with* others:\n- shares [news](https://example.com)",
        indicators={1: ("Asks `why`.",)})
    model.roles["sales-rep"] = replace(model.roles["sales-rep"], summary="Sells **a lot**.")
    pages = _pages(model)
    comp = pages["competencies/teamwork.md"].content
    assert ('<p>Works <em>with</em> others:</p><ul><li>shares <a href="https://example.com" '
            'rel="noopener noreferrer">news</a></li></ul>') in comp
    assert "<li>Asks <code>why</code>.</li>" in comp
    assert "<strong>work</strong>" not in comp and "Team **work**" in comp
    index = pages["competencies/index.md"].content
    assert "<br>Works with others: shares news</li>" in index
    assert 'title: "Team **work**"' in comp
    role_index = pages["roles/index.md"].content
    assert "<td>Sells a lot.</td>" in role_index
    assert '<p class="cmap-lead">Sells <strong>a lot</strong>.</p>' in pages[
        "roles/sales-rep.md"].content


def test_links_between_pages_point_at_generated_pages() -> None:
    pages = _pages()
    urls = {p[:-3] + "/" if not p.endswith("index.md") else p[: -len("index.md")]
            for p in pages}
    for path, page in pages.items():
        base = Path("/" + (path[: -len("index.md")] if path.endswith("index.md")
                           else path[:-3] + "/"))
        for href in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', page.content):
            if not href or href.startswith("http"):
                continue
            target = os.path.normpath(base / href).lstrip("/")
            if target.startswith("downloads/"):
                continue  # published files, checked on the built site (test_site_downloads)
            target = "" if target == "." else target + "/"
            assert target in urls, f"{path}: broken link {href}"


def test_competency_page_lists_roles_by_required_level() -> None:
    page = _pages()["competencies/communication.md"].content
    needs_table = page[page.index("{#roles}"):]
    rows = re.findall(r'<tr><th scope="row"><span class="cmap-lv cmap-l(\d)">', needs_table)
    assert rows == ["3", "4"]
    needs = page[page.index("{#roles}"):]
    level4 = needs[needs.index('cmap-l4">4</span> Advanced</th>'):]
    level4 = level4[: level4.index("</tr>")]
    assert "Branch head" in level4 and "Sales manager" in level4
    assert level4.count('class="cmap-crit"') == 2


def test_role_page_groups_responsibilities_by_area_in_areas_order() -> None:
    page = _pages()["roles/sales-rep.md"].content
    assert page.index("### Own tasks {#area-task}") < page.index(
        "### External client relations {#area-external-clients}")
    assert "Meets the monthly sales target." in page


def test_career_step_lists_added_raised_lowered_and_dropped() -> None:
    model = small_model()
    step = career_step(model.roles["sales-manager"], model.roles["branch-head"])
    assert [r.competency for r in step.added] == ["complaint-handling"]
    assert [(c.competency, c.before, c.after) for c in step.raised] == [
        ("coaching", 3, 4), ("business-planning", 2, 4)]
    assert [r.competency for r in step.dropped] == ["consultative-selling"]
    # Communication stays at level 4, but the branch head states what it expects there.
    assert [(c.competency, c.before, c.after) for c in step.reworded] == [("communication", 4, 4)]
    assert step.lowered == () and step.unchanged == 0
    assert step.newly_critical == ("business-planning",)
    down = career_step(model.roles["branch-head"], model.roles["sales-manager"])
    assert [(c.competency, c.before, c.after) for c in down.lowered] == [
        ("coaching", 4, 3), ("business-planning", 4, 2)]
    same = career_step(model.roles["sales-rep"], model.roles["sales-rep"])
    assert same.is_same_profile and same.unchanged == 3


def _row(html_text: str, marker: str) -> str:
    """The table row (`<tr>…</tr>`) or list item (`<li>…</li>`) that holds `marker`."""
    at = html_text.index(marker)
    tag = "tr" if html_text.rfind("<tr>", 0, at) > html_text.rfind("<li>", 0, at) else "li"
    start = html_text.rfind(f"<{tag}>", 0, at)
    return html_text[start: html_text.index(f"</{tag}>", at) + len(tag) + 3]


def test_role_page_shows_the_roles_expectations_in_its_profile() -> None:
    pages = _pages()
    page = pages["roles/sales-rep.md"].content
    profile = page[page.index("{#profile}"):page.index("{#career}")]
    assert '<th scope="col">Expected in this role</th>' in profile
    communication = _row(profile, ">Communication</a>")
    assert ('<ul class="cmap-expectations"><li>Explains product differences to retailer buyers in '
            'plain words.</li><li>Writes a short visit report after every retailer visit.</li></ul>'
            ) in communication
    # A competency without expectations points at what its level describes.
    selling = _row(profile, ">Consultative selling</a>")
    assert ('<a class="cmap-muted" href="../../competencies/consultative-selling/#level-3">What the '
            'level describes</a>') in selling
    # A role that states none keeps the profile table as it was.
    assert "Expected in this role" not in pages["roles/service-supervisor.md"].content


def test_career_path_shows_new_expectations_even_at_the_same_level() -> None:
    pages = _pages()
    agent = pages["roles/service-agent.md"].content
    to_rep = agent[agent.index("{#next-sales-rep}"):agent.index("{#comes-from}")]
    assert "<h4>Same level, new expectations</h4>" in to_rep
    assert "stays the same" not in to_rep
    reworded = _row(to_rep, ">Communication</a>")
    assert ('<span class="cmap-muted">The next role expects:</span><ul class="cmap-expectations">'
            '<li>Explains product differences to retailer buyers in plain words.</li>') in reworded
    # The supervisor states none: it expects what the level describes.
    to_supervisor = agent[agent.index("{#next-service-supervisor}"):agent.index("{#next-sales-rep}")]
    assert ('<a class="cmap-muted" href="../../competencies/communication/#level-3">The next role '
            'expects what the level describes.</a>') in _row(to_supervisor, ">Communication</a>")
    # A raised level brings the next role's own statements with it.
    rep = pages["roles/sales-rep.md"].content
    raised = _row(rep[rep.index("{#next-sales-manager}"):], ">Consultative selling</a>")
    assert "→" in raised and "Joins representatives on their hardest retailer visits" in raised
    manager = pages["roles/sales-manager.md"].content
    assert "Presents the branch plan to the region" in manager[manager.index("{#next-branch-head}"):]


def test_competency_page_shows_each_roles_expectations_at_its_level() -> None:
    page = _pages()["competencies/communication.md"].content
    level3 = _row(page[page.index("{#roles}"):], 'cmap-l3">3</span>')
    plain, listed = level3.split('<dl class="cmap-role-expectations">')
    assert "Service supervisor" in plain and "Sales representative" not in plain
    assert ('<dt><a href="../../roles/service-agent/">Service agent</a></dt><dd><ul class='
            '"cmap-expectations"><li>Explains a repair booking and the warranty terms to a caller '
            'in plain words.</li></ul></dd>') in listed
    assert "Writes a short visit report after every retailer visit." in listed


def test_worksheet_rates_against_the_roles_expectations_where_it_states_them() -> None:
    pages = _pages()
    sheet = pages["worksheets/sales-rep.md"].content
    assert "judged by what this role is expected to do where that is written" in sheet
    communication = _row(sheet, ">Communication</a>")
    assert "Expected in this role" in communication
    assert "Writes a short visit report after every retailer visit." in communication
    assert "Writes short, clear visit reports." not in communication  # the level's indicator
    assert "Shows consultative selling at level 3." in _row(sheet, ">Consultative selling</a>")
    plain = pages["worksheets/service-supervisor.md"].content
    assert "Expected in this role" not in plain and "judged by the indicators" in plain


def test_site_index_cross_references() -> None:
    model = small_model()
    index = SiteIndex.of(model)
    assert [e.role.id for e in index.requirements_of("communication")] == [
        "sales-rep", "service-agent", "service-supervisor", "branch-head", "sales-manager"]
    assert [r.id for r in index.roles_by_family["sales"]] == [
        "sales-rep", "sales-manager", "branch-head"]
    assert [r.id for r in index.predecessors["sales-rep"]] == ["service-agent"]
    assert [(d.id, depth) for d, depth in index.walk()] == [
        ("jiahe", 0), ("south-region", 1), ("guangzhou-branch", 2), ("shenzhen-branch", 2),
        ("hr", 1)]
    assert index.subtree_headcount["south-region"] == 1 + 24 + 15
    assert index.subtree_staffing("south-region")["sales-rep"] == 23


def test_department_cycles_do_not_hang_the_tree() -> None:
    model = small_model()
    model.departments["hr"] = replace(model.departments["hr"], parent="hr")
    model.departments["jiahe"] = replace(model.departments["jiahe"], parent="south-region")
    index = SiteIndex.of(model)
    assert sorted(d.id for d, _ in index.walk()) == sorted(model.departments)
    assert "departments/index.md" in _pages(model)


def test_markup_in_yaml_comes_out_inert_in_markdown_and_html() -> None:
    pages = _pages(hostile_model())
    md = markdown.Markdown(extensions=["attr_list", "tables", "toc", "admonition", "def_list"])
    for path, page in pages.items():
        assert "<script>" not in page.content and "<img" not in page.content, path
        # {{ 7*7 }} stays as typed: no 49 of its own (a number such as x="249" may hold one).
        assert not re.search(r"(?<!\d)49(?!\d)", page.content), path
        md.reset()
        html_text = md.convert(page.content.split("---\n", 2)[-1])
        assert_inert(html_text, path)
        if page.content.startswith("---"):
            title = yaml.safe_load(page.content.split("---\n")[1])["title"]
            assert "<" not in title and ">" not in title, path
    role = pages["roles/sales-rep.md"].content
    assert "{{ 7*7 }}" in role and "*em*" in role
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in role
    title = yaml.safe_load(role.split("---\n")[1])["title"]
    assert title.startswith("Sales representative &lt;script&gt;")
    assert all(sample.startswith(("[", "{", "*")) or sample not in role for sample in HOSTILE)


def test_label_catalogues_have_the_same_keys_and_placeholders() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    assert set(en) == set(zh)
    for key, text in en.items():
        other = zh[key]
        holes = set(re.findall(r"\{(\w+)\}", str(text)))
        assert holes == set(re.findall(r"\{(\w+)\}", str(other))), key
        assert isinstance(text, str) == isinstance(other, str), key


def test_templates_use_only_known_labels() -> None:
    used = set()
    for template in (ROOT / "generator" / "templates").rglob("*.j2"):
        used |= set(re.findall(r"\bt(?:\.count)?\('([a-z_]+)'[,)]", template.read_text()))
    assert used <= set(catalogue("en"))


def test_language_follows_theme_language() -> None:
    assert [normalize_language(c) for c in ("zh", "zh-CN", "zh_Hans", "en", "de", None)] == [
        "zh", "zh", "zh", "en", "en", "en"]
    assert normalize_language("zh-TW") == "en"
    zh = _pages(settings=replace(SETTINGS, language="zh"))
    assert "## 岗位职责 {#responsibilities}" in zh["roles/sales-rep.md"].content
    assert Labels("zh").count("n_roles", 3) == "3 个岗位"
    assert Labels("en").count("n_roles", 1) == "1 role"


def test_directory_urls_off_gives_html_links() -> None:
    pages = _pages(settings=replace(SETTINGS, directory_urls=False))
    assert 'href="../competencies/communication.html"' in pages["roles/sales-rep.md"].content


def test_invalid_ids_are_refused() -> None:
    model = small_model()
    model.roles["../evil"] = replace(model.roles["sales-rep"], id="../evil")
    with pytest.raises(ValueError, match="not a valid id"):
        generate_pages(model, SETTINGS)


def test_page_sizes_stay_bounded_for_a_large_company() -> None:
    model = synthetic_model(roles=120, competencies=160, departments=30, families=4,
                            per_role=40)
    pages = generate_pages(model, SETTINGS)
    for page in pages:
        size = len(page.content.encode())
        if page.kind in ("role", "competency"):
            assert size < 36_000, (page.path, size)  # the theme adds about 20 KB
        assert size < 250_000, (page.path, size)
    maps = [p for p in pages if p.kind == "map"]
    assert any("/" in p.path[len("map/"):] for p in maps), "large maps are split into parts"


def test_large_maps_split_into_parts_that_link_each_other() -> None:
    import generator.site.pages.company_map as pages_module

    model = small_model()
    old = pages_module.HEATMAP_MAX_COLUMNS
    pages_module.HEATMAP_MAX_COLUMNS = 2
    try:
        pages = _pages(model)
    finally:
        pages_module.HEATMAP_MAX_COLUMNS = old
    parts = sorted(p for p in pages if p.startswith("map/sales/"))
    assert parts and "map/sales.md" in pages
    overview = pages["map/sales.md"].content
    assert "cmap-heat" not in overview
    for part in parts:
        assert f'href="{part.rsplit("/", 1)[-1][:-3]}/"' in overview
        assert 'class="cmap-heat"' in pages[part].content


def test_requirement_on_unknown_competency_does_not_break_pages() -> None:
    model = small_model()
    role = model.roles["sales-rep"]
    model.roles["sales-rep"] = replace(
        role, requirements=(*role.requirements, Requirement("ghost", 2)))
    assert "ghost" in _pages(model)["roles/sales-rep.md"].content
