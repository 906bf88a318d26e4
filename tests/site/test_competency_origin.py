"""An imported competency's page says where it comes from (its `origin`), and links to the
framework's item only when that is a web address; the framework's text stays text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import markdown
from support.factories import hostile_text, small_model
from support.html_checks import assert_inert

from generator.model.competency_map import CompetencyMap, Origin
from generator.site.generate import generate_pages
from generator.site.settings import SiteSettings

SETTINGS = SiteSettings(today=date(2026, 11, 23), site_name="Jiahe competency map")
ORIGIN = Origin(framework="https://case.example.org/uri/doc", identifier="S1",
                framework_title="Sales standards", creator="Example Guild",
                item="https://case.example.org/uri/S1", code="SALES.1",
                path=("Selling", "Finding the need"), education_levels=("adult",),
                notes="Taught in the first month.")


def _page(origin: Origin, language: str = "en") -> str:
    model: CompetencyMap = small_model()
    comp = model.competencies["communication"]
    model.competencies["communication"] = replace(comp, origin=origin)
    pages = {p.path: p for p in generate_pages(model, replace(SETTINGS, language=language))}
    return pages["competencies/communication.md"].content


def test_the_page_names_the_framework_and_links_to_the_item() -> None:
    content = _page(ORIGIN)
    assert ('From the framework “Sales standards” (Example Guild): <a href="https://case.example.org'
            '/uri/S1"><code>SALES.1</code></a> · Selling › Finding the need · adult') in content
    assert "<p>Taught in the first month.</p>" in content
    assert "来自框架《Sales standards》（Example Guild）：" in _page(ORIGIN, "zh")


def test_origin_text_is_escaped_and_only_web_addresses_become_links() -> None:
    content = _page(replace(ORIGIN, item="javascript:alert(1)", source_url="data:text/html,x",
                            framework_title=hostile_text("title"), code=hostile_text("code"),
                            creator=hostile_text("creator"), notes=hostile_text("notes"),
                            path=(hostile_text("path"),)))
    origin = content[content.index("cmap-origin"):content.index("cmap-origin") + 2000]
    assert "<a " not in origin.split("</p>")[0]  # neither address is a web address
    assert "&lt;script&gt;" in origin and "<script>" not in content
    assert_inert(markdown.markdown(content.split("---\n", 2)[-1]), "competencies/communication.md")
