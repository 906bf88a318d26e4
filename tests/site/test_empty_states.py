"""The pages of a new map while it has nothing to list: each shows the first file to add,
and that file, saved where the page says, passes `cmap validate` as written."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from generator.rules.repository import load_repository
from generator.site.empty_states import next_cycle
from generator.site.generate import generate_pages
from generator.site.settings import SiteSettings
from generator.starter.new_repository import write_starter

SAMPLE = re.compile(r"<code>(competency-map/[\w/.-]+\.yml)</code></p>\n<pre><code>(.*?)</code></pre>",
                    re.DOTALL)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_sample_file_passes_validation_as_written(tmp_path: Path, language: str) -> None:
    write_starter(tmp_path, "Northwind Trading", language)
    model = load_repository(tmp_path).model
    settings = SiteSettings(language=language, today=date(2026, 11, 23))
    pages = {page.path: page.content for page in generate_pages(model, settings)}
    samples = {rel: html.unescape(text) for content in pages.values()
               for rel, text in SAMPLE.findall(content)}
    assert sorted(samples) == ["competency-map/competencies/giving-feedback.yml",
                               "competency-map/departments/north-office.yml",
                               "competency-map/roles/team-lead.yml"]
    assert "cmap new cycle 2027-h1" in pages["cycles/index.md"]
    for rel, text in samples.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text + "\n", encoding="utf-8")
    result = load_repository(tmp_path)
    assert result.problems == []
    assert set(result.model.roles) == {"team-lead"} and len(result.model.departments) == 2


def test_with_a_role_the_pages_show_the_map_s_own_entries_and_no_samples(tmp_path: Path) -> None:
    write_starter(tmp_path, "Northwind Trading")
    rel = "competency-map/competencies/giving-feedback.yml"
    pages = {p.path: p.content for p in generate_pages(load_repository(tmp_path).model,
                                                         SiteSettings(today=date(2026, 11, 23)))}
    text = html.unescape(dict(SAMPLE.findall(pages["competencies/index.md"]))[rel])
    (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / rel).write_text(text + "\n", encoding="utf-8")
    pages = {p.path: p.content for p in generate_pages(load_repository(tmp_path).model,
                                                         SiteSettings(today=date(2026, 11, 23)))}
    assert "cmap-empty" not in pages["competencies/index.md"]
    assert "cmap-empty" in pages["roles/index.md"] and "This map is new" not in pages["index.md"]
    role = dict(SAMPLE.findall(pages["roles/index.md"]))["competency-map/roles/team-lead.yml"]
    assert "competency: giving-feedback\n    level: 3" in html.unescape(role)  # a level it describes


@pytest.mark.parametrize(("today", "cycle"), [
    (date(2026, 11, 23), "2027-h1"), (date(2027, 1, 5), "2027-h2"), (date(2027, 6, 30), "2027-h2"),
    (date(2027, 7, 1), "2028-h1")])
def test_the_sample_cycle_is_the_next_half_year(today: date, cycle: str) -> None:
    assert next_cycle(today) == cycle
