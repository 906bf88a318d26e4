"""The Downloads page's list of published files, without building a site."""

from __future__ import annotations

from support.factories import small_model

from generator.exchange.case.exporter import Publisher
from generator.site.labels import Labels
from generator.site.page_reads import PageReads
from generator.site.published_files import plan_downloads


def test_worksheets_are_listed_by_title_each_saying_what_it_holds() -> None:
    model = small_model()
    _, sections = plan_downloads(model, Publisher(title="Test"), Labels("en"),
                                 PageReads.of(model))
    sheets = dict(sections)["downloads_worksheets"]
    titles = [sheet.title for sheet in sheets]
    assert titles == sorted(titles, key=str.casefold)
    assert len(titles) == len(model.roles)
    for sheet in sheets:
        role = next(r for r in model.roles.values() if r.title == sheet.title)
        count = len(role.requirements)
        noun = "competency" if count == 1 else "competencies"
        assert sheet.description.startswith(f"The {count} {noun} {role.title} requires"), sheet
