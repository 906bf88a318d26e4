"""A guide's Markdown tables scroll in labelled regions named after their heading."""

from __future__ import annotations

from generator.site.guide_tables import label_tables

TABLE = "<table>\n<thead>\n<tr><th>Field</th></tr>\n</thead>\n</table>"


def test_a_bare_table_is_wrapped_in_a_region_named_after_its_heading() -> None:
    page = ('<h2 id="a">First &amp; <em>one</em><a class="headerlink" href="#a">¶</a></h2>'
            f"<p>x</p>{TABLE}")
    out = label_tables(page, "Guide")
    assert ('<div class="cmap-scroll" role="region" aria-label="First &amp; one" tabindex="0">'
            '<table class="cmap-table">') in out
    assert out.endswith("</table></div>")


def test_each_table_takes_the_nearest_heading_before_it_else_the_page_title() -> None:
    out = label_tables(f'{TABLE}<h3>Later</h3>{TABLE}', 'The "guide"')
    assert out.count('role="region"') == 2
    first, second = out.split("<h3>")
    assert 'aria-label="The &quot;guide&quot;"' in first
    assert 'aria-label="Later"' in second


def test_a_table_written_with_attributes_stays_as_written() -> None:
    page = '<table class="mine"><tr><td>x</td></tr></table>'
    assert label_tables(page, "Guide") == page
