"""Chart geometry: the profile bar chart and the company-map heatmap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.site import charts
from generator.site.charts import BarInput, HeatColumn, HeatRowInput
from generator.site.labels import Labels
from generator.site.templating import render

SVG = "{http://www.w3.org/2000/svg}"


def test_level_bucket_spreads_any_scale_over_five_colours() -> None:
    assert [charts.level_bucket(n, 5) for n in range(1, 6)] == [1, 2, 3, 4, 5]
    assert [charts.level_bucket(n, 3) for n in (1, 2, 3)] == [2, 3, 5]
    assert charts.level_bucket(9, 5) == 5
    assert charts.level_bucket(0, 5) == 1
    assert charts.level_bucket(1, 0) == 1


def test_bar_length_is_the_level_on_the_competencys_own_scale() -> None:
    chart = charts.bar_chart([
        BarInput("A", 5, 5), BarInput("B", 1, 5), BarInput("C", 3, 3), BarInput("D", 0, 5),
    ])
    full = chart.bars[0].width
    assert full == charts.CHART_WIDTH - charts.PAD_LEFT - charts.PAD_RIGHT
    assert chart.bars[1].width == round(full / 5, 1)
    assert chart.bars[2].width == full
    assert chart.bars[3].width == 0
    assert chart.ticks == ()  # mixed scales: no common level ticks
    assert all(b.value_x > b.x + b.width for b in chart.bars)


def test_bars_stack_downwards_and_the_chart_is_tall_enough() -> None:
    chart = charts.bar_chart([BarInput(str(i), 2, 5) for i in range(10)])
    ys = [b.y for b in chart.bars]
    assert ys == sorted(ys) and len(set(ys)) == 10
    assert chart.height > max(b.y + b.height for b in chart.bars)
    assert [t.value for t in chart.ticks] == [1, 2, 3, 4, 5]
    assert chart.ticks[-1].x == chart.bars[0].x + round(
        charts.CHART_WIDTH - charts.PAD_LEFT - charts.PAD_RIGHT, 1)


def test_critical_bars_are_marked_and_long_labels_cut() -> None:
    long = "Very long competency name " * 6
    chart = charts.bar_chart([BarInput(long, 3, 5, critical=True), BarInput("Short", 2, 5)],
                             marker="★")
    first, second = chart.bars
    assert first.critical and first.label.endswith("…") and first.full_label == long
    assert first.truncated and not second.truncated
    assert charts.text_width(first.label) <= charts.CHART_WIDTH
    assert second.label == "Short" and not second.critical
    wide = charts.truncate("销售能力" * 30, 100)
    assert charts.text_width(wide) <= 100 and wide.endswith("…")


def test_bar_chart_svg_is_accessible_and_well_formed() -> None:
    chart = charts.bar_chart([BarInput("<Negotiation>", 4, 5, critical=True, level_name="Adv")],
                             marker="★")
    svg = render("charts/bar.svg.j2", chart=chart, t=Labels("en"), title="Sales & <rep>")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "cmap-chart-title cmap-chart-desc"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Required level per competency for Sales & <rep>"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<Negotiation> ★" in texts and "4" in texts
    assert "&lt;Negotiation&gt;" in svg


def _columns(spec: str) -> list[HeatColumn]:
    """`"aab"` → columns a0, a1 in group a, b0 in group b."""
    seen: dict[str, int] = {}
    columns = []
    for group in spec:
        seen[group] = seen.get(group, -1) + 1
        columns.append(HeatColumn(f"{group}{seen[group]}", f"{group}{seen[group]}",
                                  f"{group}{seen[group]}", group, 5))
    return columns


def test_heatmap_merges_runs_of_empty_cells() -> None:
    columns = _columns("aaabbb")
    rows = [
        HeatRowInput("r1", "R1", "r1", {"a1": (3, True), "b2": (5, False)}),
        HeatRowInput("r2", "R2", "r2", {}),
        HeatRowInput("r3", "R3", "r3", {c.id: (1, False) for c in columns}),
    ]
    heat = charts.heatmap(rows, columns, {"a": "Group A"})
    assert [(g.id, g.label, g.span) for g in heat.groups] == [("a", "Group A", 3), ("b", "b", 3)]
    r1, r2, r3 = heat.rows
    assert [(c.level, c.span, c.critical) for c in r1.cells] == [
        (0, 1, False), (3, 1, True), (0, 3, False), (5, 1, False)]
    assert [(c.level, c.span) for c in r2.cells] == [(0, 6)]
    assert len(r3.cells) == 6
    for row in heat.rows:  # every row spans the full width
        assert sum(c.span for c in row.cells) == len(columns)


def test_heatmap_table_renders_levels_as_text() -> None:
    from generator.site.templating import Links

    columns = _columns("ab")
    heat = charts.heatmap([HeatRowInput("r", "<R>", "r", {"b0": (4, True)})], columns, {})
    out = render("charts/heatmap.html.j2", heat=heat, t=Labels("en"),
                 link=Links("map/x.md"))
    assert '<td class="l4 k">4<span class="cmap-sr"> critical</span></td>' in out
    assert "&lt;R&gt;" in out and 'scope="colgroup"' in out
    ET.fromstring(out)  # well-formed


def test_split_columns_keeps_small_maps_whole() -> None:
    columns = _columns("aabbcc")
    assert charts.split_columns(columns, {}, budget=100, max_columns=10) == [columns]


def test_split_columns_packs_whole_groups_within_the_budget() -> None:
    columns = _columns("aaaabbbbcc")
    fill = {c.id: 3 for c in columns}  # weight 10 per column
    parts = charts.split_columns(columns, fill, budget=60, max_columns=100)
    assert [[c.group for c in part] for part in parts] == [list("aaaa"), list("bbbbcc")]
    parts = charts.split_columns(columns, {}, budget=1000, max_columns=5)
    assert [len(p) for p in parts] == [4, 4, 2]
    assert [c for part in parts for c in part] == columns


def test_split_columns_cuts_a_group_too_big_for_one_part() -> None:
    columns = _columns("a" * 12)
    parts = charts.split_columns(columns, {}, budget=1000, max_columns=5)
    assert [len(p) for p in parts] == [5, 5, 2]
