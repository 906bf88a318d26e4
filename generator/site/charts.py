"""Pictures made at build time: geometry only, the markup is in `templates/charts/`.

`bar_chart` lays out a horizontal bar chart of a competency profile (one bar per
competency, its length the required level on the competency's scale) as plain numbers;
`charts/bar.svg.j2` turns it into an accessible SVG. `heatmap` arranges a roles ×
competencies matrix whose cells `charts/heatmap.html.j2` renders as a coloured table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Bar chart layout, in SVG user units (the SVG scales to its container's width). Narrow
# enough that a 390 px phone shows it at full size: its smallest text stays 11 px.
CHART_WIDTH = 340
PAD_LEFT = 4
PAD_RIGHT = 36
AXIS_HEIGHT = 22
ROW_HEIGHT = 38
LABEL_SIZE = 13
BAR_OFFSET = 19
BAR_HEIGHT = 13
LATIN_CHAR_WIDTH = 7.0
WIDE_CHAR_WIDTH = 13.0

# Heatmap and profile colours come in this many steps (CSS classes l1 … l5).
BUCKETS = 5


@dataclass(frozen=True)
class BarInput:
    """One competency of a profile, as the chart needs it."""

    label: str
    level: int
    maximum: int
    critical: bool = False
    level_name: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    truncated: bool
    label_y: int
    x: int
    y: int
    width: int
    height: int
    value: int
    value_x: int
    value_y: int
    critical: bool
    bucket: int
    level_name: str
    maximum: int


@dataclass(frozen=True)
class Tick:
    value: int
    x: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_y: int
    plot_top: int
    plot_bottom: int


def level_bucket(level: int, maximum: int) -> int:
    """The colour step (1 … BUCKETS) of a level on a scale whose highest level is `maximum`."""
    if maximum <= 0:
        return 1
    return max(1, min(BUCKETS, round(level / maximum * BUCKETS)))


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A rough rendered width: wide (CJK) characters count about twice a Latin one."""
    scale = size / LABEL_SIZE
    total = 0.0
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        total += WIDE_CHAR_WIDTH if wide else LATIN_CHAR_WIDTH
    return total * scale


def truncate(text: str, width: float, size: float = LABEL_SIZE) -> str:
    """`text` cut with an ellipsis so that it fits in `width` units."""
    if text_width(text, size) <= width:
        return text
    result = ""
    budget = width - text_width("…", size)
    for char in text:
        if text_width(result + char, size) > budget:
            break
        result += char
    return result.rstrip() + "…"


def bar_chart(rows: Sequence[BarInput], *, marker: str = "") -> BarChart:
    """Lay out one bar per row: a label line, then the bar and the level number.

    A bar's length is its level relative to the highest level of its own scale, so profiles
    mixing scales stay comparable. Level ticks are drawn when all rows share one scale.
    `marker` is appended to the labels of critical rows (e.g. a star).
    """
    plot_width = CHART_WIDTH - PAD_LEFT - PAD_RIGHT
    maxima = {row.maximum for row in rows}
    common = next(iter(maxima)) if len(maxima) == 1 else 0
    bars: list[Bar] = []
    top = AXIS_HEIGHT
    for i, row in enumerate(rows):
        y0 = top + i * ROW_HEIGHT
        maximum = max(row.maximum, 1)
        fraction = min(max(row.level, 0), maximum) / maximum
        width = round(plot_width * fraction)
        label = row.label + (f" {marker}" if row.critical and marker else "")
        shown = truncate(label, CHART_WIDTH - PAD_LEFT)
        bars.append(
            Bar(
                label=shown,
                full_label=row.label,
                truncated=shown != label,
                label_y=y0 + LABEL_SIZE + 1,
                x=PAD_LEFT,
                y=y0 + BAR_OFFSET,
                width=width,
                height=BAR_HEIGHT,
                value=row.level,
                value_x=PAD_LEFT + width + 5,
                value_y=y0 + BAR_OFFSET + BAR_HEIGHT - 2,
                critical=row.critical,
                bucket=level_bucket(row.level, maximum),
                level_name=row.level_name,
                maximum=maximum,
            )
        )
    height = top + len(rows) * ROW_HEIGHT + 6
    ticks: tuple[Tick, ...] = ()
    if common:
        ticks = tuple(
            Tick(level, round(PAD_LEFT + plot_width * level / common))
            for level in range(1, common + 1)
        )
    return BarChart(
        width=CHART_WIDTH,
        height=height,
        bars=tuple(bars),
        ticks=ticks,
        axis_y=AXIS_HEIGHT - 8,
        plot_top=AXIS_HEIGHT - 4,
        plot_bottom=height - 4,
    )


# -- heatmap --------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatColumn:
    id: str
    label: str
    href: str
    group: str
    maximum: int


@dataclass(frozen=True)
class HeatGroup:
    id: str
    label: str
    span: int


@dataclass(frozen=True)
class HeatCell:
    """A filled cell, or (level 0) a run of `span` empty cells merged into one."""

    level: int = 0
    bucket: int = 0
    critical: bool = False
    span: int = 1


@dataclass(frozen=True)
class HeatRowInput:
    id: str
    label: str
    href: str
    levels: dict[str, tuple[int, bool]]
    note: str = ""


@dataclass(frozen=True)
class HeatRow:
    id: str
    label: str
    href: str
    cells: tuple[HeatCell, ...]
    note: str = ""


@dataclass(frozen=True)
class Heatmap:
    groups: tuple[HeatGroup, ...]
    columns: tuple[HeatColumn, ...]
    rows: tuple[HeatRow, ...]

    @property
    def cell_count(self) -> int:
        return len(self.rows) * len(self.columns)


EMPTY = HeatCell()


def _empty(span: int) -> HeatCell:
    return EMPTY if span == 1 else HeatCell(span=span)


def heatmap(rows: Sequence[HeatRowInput], columns: Sequence[HeatColumn],
            group_labels: dict[str, str]) -> Heatmap:
    """The matrix of rows × columns; a cell holds the row's level for the column, if any.

    Columns must come grouped (all columns of a group next to each other); consecutive
    columns with the same group share one group header. Consecutive empty cells of a row
    become one cell spanning them: role profiles are sparse, and the page's weight (and
    the time mkdocs needs to parse it) then grows with the filled cells only.
    """
    groups: list[HeatGroup] = []
    for column in columns:
        if groups and groups[-1].id == column.group:
            last = groups[-1]
            groups[-1] = HeatGroup(last.id, last.label, last.span + 1)
        else:
            groups.append(HeatGroup(column.group, group_labels.get(column.group, column.group), 1))
    position = {column.id: i for i, column in enumerate(columns)}
    built: list[HeatRow] = []
    for row in rows:
        filled = sorted(
            (position[cid], level, critical)
            for cid, (level, critical) in row.levels.items() if cid in position
        )
        cells: list[HeatCell] = []
        at = 0
        for index, level, critical in filled:
            if index > at:
                cells.append(_empty(index - at))
            cells.append(HeatCell(level, level_bucket(level, columns[index].maximum), critical))
            at = index + 1
        if at < len(columns):
            cells.append(_empty(len(columns) - at))
        built.append(HeatRow(row.id, row.label, row.href, tuple(cells), row.note))
    return Heatmap(tuple(groups), tuple(columns), tuple(built))


def split_columns(columns: Sequence[HeatColumn], fill: dict[str, int], *, budget: int,
                  max_columns: int) -> list[list[HeatColumn]]:
    """Pack grouped columns into parts small enough for one page each.

    A part's weight is what its table costs in markup: one header per column plus, per
    filled cell, the cell, at most one merged empty cell and at most one row header
    (`1 + 3 × fill` per column, `fill` = how many rows have a level in that column). A part
    stays within `budget` and `max_columns`; whole groups stay together when they fit and
    a group too large for one part is cut into chunks. One part when everything fits.
    """
    def weight(column: HeatColumn) -> int:
        return 1 + 3 * fill.get(column.id, 0)

    if len(columns) <= max_columns and sum(weight(c) for c in columns) <= budget:
        return [list(columns)]
    grouped: list[list[HeatColumn]] = []
    for column in columns:
        if grouped and grouped[-1][0].group == column.group:
            grouped[-1].append(column)
        else:
            grouped.append([column])
    parts: list[list[HeatColumn]] = []
    current: list[HeatColumn] = []
    current_weight = 0
    for group in grouped:
        group_weight = sum(weight(c) for c in group)
        if (len(current) + len(group) <= max_columns
                and current_weight + group_weight <= budget):
            current.extend(group)
            current_weight += group_weight
            continue
        if current:
            parts.append(current)
            current, current_weight = [], 0
        for column in group:
            if current and (len(current) >= max_columns
                            or current_weight + weight(column) > budget):
                parts.append(current)
                current, current_weight = [], 0
            current.append(column)
            current_weight += weight(column)
    if current:
        parts.append(current)
    return parts
