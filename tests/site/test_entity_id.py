"""Role and competency pages show their id with a copy button (`partials/entity_id.j2`):
a needs file names roles and competencies by id, and a department head copies it from there."""

from __future__ import annotations

import re

import pytest
from support.factories import small_model

from generator.site.generate import generate_pages
from generator.site.settings import SiteSettings


@pytest.mark.parametrize(("language", "path", "ident", "button"), [
    ("en", "roles/sales-rep.md", "sales-rep", 'aria-label="Copy the id sales-rep">Copy</button>'),
    ("zh", "competencies/consultative-selling.md", "consultative-selling",
     'aria-label="复制标识 consultative-selling">复制</button>'),
])
def test_the_page_shows_its_id_and_a_labelled_button_that_copies_it(
        language: str, path: str, ident: str, button: str) -> None:
    pages = {p.path: p for p in generate_pages(small_model(), SiteSettings(language=language))}
    row = re.search(r"<dd><code>[^<]*</code> <button [^>]*>[^<]*</button></dd>", pages[path].content)
    assert row, path
    assert row.group(0).startswith(f"<dd><code>{ident}</code> <button type=\"button\"")
    assert f'data-clipboard-text="{ident}"' in row.group(0) and row.group(0).endswith(button + "</dd>")
