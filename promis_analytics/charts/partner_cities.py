"""Chart: the partner cities grouped by oblast (brochure page «16 міст-партнерів»)."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import label
from promis_analytics.charts.theme import (
    OBLAST_COLOURS,
    PALETTE,
    oblast_colour,
)
from promis_analytics.errors import ChartError
from promis_analytics.formatting import check_lang, format_number

__all__ = ["CITY_COLUMNS", "partner_cities_by_oblast", "partner_cities_frame"]

#: Columns the chart reads: city key, oblast slug, names in both languages.
CITY_COLUMNS: tuple[str, ...] = ("key", "oblast", "name_uk", "name_en", "oblast_uk", "oblast_en")

_PANEL_COLUMNS = 2  # oblast panels per row
_CITY_COLUMNS_PER_PANEL = 2  # city boxes per row inside a panel


def partner_cities_frame() -> pd.DataFrame:
    """The partner cities from ``reference.PARTNER_CITIES`` as a tidy table, brochure order.

    Columns: :data:`CITY_COLUMNS` plus ``population``. ``oblast`` is the slug of the oblast's
    centre city (the partner city whose English name starts the English oblast name, e.g.
    ``vinnytsia`` for Vinnytsia Oblast), which keys ``theme.OBLAST_COLOURS``.
    """
    from promis_analytics import reference  # owned by the reference module; imported late

    cities = list(reference.PARTNER_CITIES)
    no_oblast = [c.key for c in cities if c.oblast_en is None]
    if no_oblast:
        raise ChartError(f"partner cities {no_oblast} have no oblast; cannot key their colour")
    oblast = {c.key: str(c.oblast_en) for c in cities}
    centres = {}
    for c in cities:
        for other in cities:
            if oblast[c.key].casefold().startswith(other.name_en.casefold()):
                centres[oblast[c.key]] = other.key
    missing = sorted(set(oblast.values()) - set(centres))
    if missing:
        raise ChartError(f"no partner city names the oblast(s) {missing}; cannot key their colour")
    return pd.DataFrame(
        {
            "key": [c.key for c in cities],
            "oblast": [centres[oblast[c.key]] for c in cities],
            "name_uk": [c.name_uk for c in cities],
            "name_en": [c.name_en for c in cities],
            "oblast_uk": [c.oblast_uk for c in cities],
            "oblast_en": [c.oblast_en for c in cities],
            "population": [c.population for c in cities],
        }
    )


def _check_table(cities: pd.DataFrame) -> None:
    require_columns(cities, CITY_COLUMNS, "partner_cities_by_oblast")
    problems = []
    for column in CITY_COLUMNS:
        empty = cities.index[cities[column].isna() | (cities[column].astype(str).str.strip() == "")]
        problems += [f"row {i}: empty {column!r}" for i in empty]
    duplicated = cities["key"][cities["key"].duplicated()].tolist()
    if duplicated:
        problems.append(f"duplicate city key(s) {duplicated}")
    names = cities.groupby("oblast", sort=False)[["oblast_uk", "oblast_en"]].nunique()
    for oblast in names.index[(names > 1).any(axis=1)]:
        problems.append(f"oblast {oblast!r} has more than one name")
    unknown = [o for o in cities["oblast"].dropna().unique() if o not in OBLAST_COLOURS]
    problems += [
        f"no colour for oblast {o!r} (expected one of {', '.join(OBLAST_COLOURS)})" for o in unknown
    ]
    if problems:
        raise ChartError("partner_cities_by_oblast: " + "; ".join(problems))


def partner_cities_by_oblast(
    cities: pd.DataFrame,
    *,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    illustrative: bool = False,
) -> Figure:
    """Draw the partner cities as named boxes grouped in one panel per oblast.

    ``cities``: one row per city with :data:`CITY_COLUMNS` (see :func:`partner_cities_frame`);
    row order is kept (brochure order), oblasts appear in order of their first city. Each
    oblast panel has a header in the oblast's colour and its city count; the title counts
    cities and oblasts from the table. ``source`` is the source line's text (default: built
    from the table's ``source`` column by ``annotate.describe_sources``); ``illustrative``
    marks synthetic data. Returns the Figure (nothing is shown or saved).
    """
    check_lang(lang)
    _check_table(cities)
    if cities.empty:
        require_rows(cities, "partner_cities_by_oblast", "cities")
    groups = list(cities.groupby("oblast", sort=False))
    n_rows = -(-len(groups) // _PANEL_COLUMNS)
    with canvas(lang, (6.3, 1.0 + 1.45 * n_rows), ax=ax, illustrative=illustrative) as c:
        ax = c.ax
        ax.set_axis_off()
        ax.set_xlim(0, _PANEL_COLUMNS)
        ax.set_ylim(n_rows, 0)
        ax.set_title(
            label(
                "title.partner_cities_by_oblast",
                lang,
                n_cities=format_number(len(cities), lang),
                n_oblasts=format_number(len(groups), lang),
            )
        )
        for index, (oblast, table) in enumerate(groups):
            _draw_panel(ax, index % _PANEL_COLUMNS, index // _PANEL_COLUMNS, oblast, table, lang)
        if source is None and "source" in cities.columns:
            source = describe_sources(cities["source"], lang)
        if source:
            c.source(source)
        drawn = cities[[f"oblast_{lang}", f"name_{lang}"]].itertuples(index=False, name=None)
        c.data = drawn_table(drawn, ["data.oblast", "axis.city"], lang)
    return c.fig


def _draw_panel(ax: Axes, col: int, row: int, oblast: str, table: pd.DataFrame, lang: str) -> None:
    """One oblast: a coloured header band with its name and city count, then city boxes."""
    colour = oblast_colour(str(oblast))
    pad = 0.04
    x0, y0, width = col + pad, row + pad, 1 - 2 * pad
    header_h = 0.26
    ax.add_patch(
        FancyBboxPatch(
            (x0, y0),
            width,
            header_h,
            boxstyle="round,pad=0,rounding_size=0.03",
            facecolor=colour,
            edgecolor="none",
            gid=f"oblast_header:{oblast}",
        )
    )
    name = str(table[f"oblast_{lang}"].iloc[0])
    ax.text(
        x0 + 0.03,
        y0 + header_h / 2,
        textwrap.shorten(name, 40, placeholder="…"),
        ha="left",
        va="center",
        color="white",
        fontsize=10,
        fontweight="bold",
        gid=f"oblast_name:{oblast}",
    )
    ax.text(
        x0 + width - 0.03,
        y0 + header_h / 2,
        format_number(len(table), lang),
        ha="right",
        va="center",
        color="white",
        fontsize=10,
        fontweight="bold",
        gid=f"oblast_count:{oblast}",
    )
    names = table[f"name_{lang}"].astype(str).tolist()
    per_row = _CITY_COLUMNS_PER_PANEL
    box_rows = -(-len(names) // per_row)
    area_top = y0 + header_h + 0.05
    box_h = min(0.26, (1 - 2 * pad - header_h - 0.05) / max(box_rows, 1) - 0.04)
    box_w = (width - 0.04 * (per_row - 1)) / per_row
    for i, (key, city_name) in enumerate(zip(table["key"], names, strict=True)):
        bx = x0 + (i % per_row) * (box_w + 0.04)
        by = area_top + (i // per_row) * (box_h + 0.04)
        ax.add_patch(
            FancyBboxPatch(
                (bx, by),
                box_w,
                box_h,
                boxstyle="round,pad=0,rounding_size=0.03",
                facecolor="white",
                edgecolor=colour,
                linewidth=1.2,
                gid=f"city_box:{key}",
            )
        )
        ax.text(
            bx + box_w / 2,
            by + box_h / 2,
            city_name,
            ha="center",
            va="center",
            fontsize=9,
            color=PALETTE["text"],
            gid=f"city_name:{key}",
        )
