"""Chart: participants per place split by a disaggregation dimension, unknown parts hatched."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, label, place_sort_key
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.formatting import check_lang, format_number

__all__ = ["PART_COLOURS", "participants_by_part"]

#: Colours of the declared parts, in declared order (the rest is grey, the unknown hatched).
PART_COLOURS: tuple[str, ...] = ("#1F5A96", "#E08A1E", "#2E8B57", "#7B4F9D", "#6A9BD1", "#C29BD6")
_REST, _UNKNOWN, _UNALLOCATED = "(rest)", "(unknown)", "(unallocated)"
_HATCH = "////"
_FUNC = "participants_by_part"


def _rows(table: pd.DataFrame) -> list[str]:
    """The places drawn, top to bottom: by oblast and name, events without a place last."""
    groups = table[table["row_kind"] == "group"]
    rows = sorted(dict.fromkeys(groups["city"]), key=place_sort_key)
    if (table["row_kind"] == "unallocated").any():
        rows.append(_UNALLOCATED)
    return rows


def _segments(table: pd.DataFrame, dim: str) -> list[tuple[str, str, str]]:
    """(part, colour, hatch) of every segment kind, in drawing order."""
    parts = list(table.attrs.get("parts") or [p for p in dict.fromkeys(table[dim])
                                               if p not in (_REST, _UNKNOWN)])  # fmt: skip
    out = [(p, PART_COLOURS[i % len(PART_COLOURS)], "") for i, p in enumerate(parts)]
    return [*out, (_REST, PALETTE["grey"], ""), (_UNKNOWN, PALETTE["background"], _HATCH)]


def _part_label(table: pd.DataFrame, part: str, lang: str) -> str:
    if part == _REST:
        return label("legend.dimension_rest", lang)
    if part == _UNKNOWN:
        return label("legend.dimension_unknown", lang)
    uk, en = (table.attrs.get("parts") or {}).get(part, (part, part))
    return uk if lang == "uk" else en


def _check(table: pd.DataFrame) -> str:
    """The dimension column; ``NotEnoughData`` when no place has a known part."""
    dim = table.attrs.get("dimension")
    if dim is None or dim not in table.columns:
        raise ChartError(
            f"{_FUNC}: the table does not name its dimension (attrs['dimension']); use "
            "indicators.participants_by_dimension(events, 'sex')"
        )
    require_columns(table, ["city", dim, "participants", "row_kind"], _FUNC)
    known = table[~table[dim].isin([_REST, _UNKNOWN]) & (table["row_kind"] != "total")]
    if not known["participants"].notna().any():
        raise NotEnoughData(
            _FUNC,
            "жоден захід не подає розподілу учасників за цією ознакою",
            "no event gives the participants' breakdown by this dimension",
        )
    return dim


def _legend(ax: Axes, table: pd.DataFrame, dim: str, lang: str) -> None:
    """Drawn parts; a part no event gives is listed as not reported (unknown, not 0)."""
    body = table[table["row_kind"] != "total"]
    handles = []
    for part, colour, hatch in _segments(table, dim):
        given = body.loc[body[dim] == part, "participants"]
        text = _part_label(table, part, lang)
        if part in (_REST, _UNKNOWN) and not (given.fillna(0) > 0).any():
            continue  # nobody outside the parts, nobody unknown: nothing drawn to explain
        if not given.notna().any():
            text = label("legend.part_not_reported", lang, part=text)
            handles.append(Patch(facecolor="none", edgecolor="none", label=text))
            continue
        handles.append(Patch(facecolor=colour, edgecolor=PALETTE["grey"], hatch=hatch, label=text))
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
        frameon=False,
    )  # fmt: skip


def _bar(ax: Axes, y: int, mine: pd.DataFrame, table: pd.DataFrame, dim: str) -> list[tuple]:
    """One place's stacked bar; returns (part, people) of each drawn segment."""
    left, drawn = 0, []
    for part, colour, hatch in _segments(table, dim):
        value = mine.loc[mine[dim] == part, "participants"]
        width = 0 if value.isna().all() else int(value.fillna(0).sum())
        if width == 0:
            continue
        ax.barh(
            y, width, left=left, height=0.7, facecolor=colour, edgecolor=PALETTE["grey"],
            linewidth=0.6, hatch=hatch, gid=f"segment:{mine['city'].iloc[0]}:{part}",
        )  # fmt: skip
        drawn.append((part, width))
        left += width
    return drawn


def participants_by_part(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    period: str | None = None,
) -> Figure:
    """Horizontal stacked bars of participants per place, one segment per part of a dimension.

    ``table``: ``indicators.participants_by_dimension(events, "sex")`` (by city). Per place
    (ordered by oblast and name; events without a place last): the declared parts in their
    colours, the participants known to be in no part in grey, and the participants whose part
    is not reported **hatched** — unknown, drawn as unknown, never as 0 or as a part. A part
    no event gives (e.g. men, when only women are counted) draws nothing and is listed in the
    legend as «не подано» / "not reported". The total at each bar's end is the place's
    participants. ``NotEnoughData`` (a skip) when no event gives any part. Returns the Figure.
    """
    check_lang(lang)
    dim = _check(table)
    rows = _rows(table)
    dim_uk, dim_en = table.attrs.get("dimension_labels") or (dim, dim)
    with canvas(lang, (7.5, 1.6 + 0.26 * len(rows)), ax=ax) as c:
        ax = c.ax
        ticks, drawn, longest = [], [], 0
        for y, key in enumerate(rows):
            mine = table[table["city"] == key]
            name = label("legend.unallocated" if key == _UNALLOCATED else f"city.{key}", lang)
            ticks.append(name)
            segments = _bar(ax, y, mine, table, dim)
            total = sum(w for _, w in segments)
            longest = max(longest, total)
            drawn += [(name, _part_label(table, p, lang), w) for p, w in segments]
            ax.annotate(
                format_number(total, lang), (total, y), xytext=(3, 0),
                textcoords="offset points", ha="left", va="center", fontsize=8,
                color=PALETTE["text"], gid=f"total:{key}",
            )  # fmt: skip
        ax.set_yticks(range(len(rows)), ticks)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(rows) - 0.4, -0.6)
        ax.set_xlim(0, longest * 1.15 if longest else 1)
        ax.xaxis.set_major_formatter(lambda v, _pos: format_number(int(v), lang))
        ax.set_xlabel(label("axis.participants", lang))
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        _legend(ax, table, dim, lang)
        title = chart_title(
            "title.participants_by_dimension", lang, period,
            dimension=dim_uk.lower() if lang == "uk" else dim_en.lower(),
        )  # fmt: skip
        c.title(title)
        if source is None and "source" in table.columns:
            source = describe_sources(table["source"], lang)
        if source is None:
            raise ChartError(f"{_FUNC}: no source text; pass source= (e.g. the register file)")
        c.source(source)
        c.data = drawn_table(drawn, ["data.place", "data.category", "axis.participants"], lang)
    return c.fig
