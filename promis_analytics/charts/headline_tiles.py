"""Chart: headline tiles — a section's big printed numbers with their units and captions."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
from matplotlib.figure import Figure

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import count_label, label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError
from promis_analytics.formatting import (
    CURRENCIES,
    amount_parts,
    check_lang,
    format_number,
    to_decimal,
)

__all__ = ["TILE_COLUMNS", "headline_tiles", "tile_text"]

#: Required columns of the tiles table; optional: ``decimals`` (int), ``colour`` (a PALETTE
#: key such as "1000" or "highlight"; default "1000").
TILE_COLUMNS: tuple[str, ...] = ("value", "unit", "caption_key")

_NUMBER_PT = 30.0  # largest size of the printed number
_UNIT_PT = 12.0
_CAPTION_PT = 9.0
_TILE_WIDTH_IN = 2.1  # width of one tile at print scale


def tile_text(
    value: object, unit: object, lang: str, decimals: int | None = None
) -> tuple[str, str]:
    """The (number, unit) a tile prints for ``value`` in ``unit``.

    ``unit`` is an ISO currency code (the amount is scaled: 229 800 000 UAH → "229,8",
    "млн грн"), ``"percent"`` (43.9 → "43,9", "%"), a count unit key of the label catalogue
    such as ``"unit.cities"`` (15 → "15", "міст", the word agreeing with the number), or
    empty for a bare number. Rounding is that of ``promis_analytics.formatting``.
    """
    check_lang(lang)
    unit_text = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit)
    if unit_text in CURRENCIES:
        return amount_parts(value, unit_text, lang, decimals=decimals)  # type: ignore[arg-type]
    number = format_number(value, lang, decimals)  # type: ignore[arg-type]
    if unit_text == "percent":
        return number, "%"
    if unit_text == "":
        return number, ""
    return number, count_label(unit_text, to_decimal(value), lang)  # type: ignore[arg-type]


def _check_tiles(tiles: pd.DataFrame) -> None:
    require_columns(tiles, TILE_COLUMNS, "headline_tiles")
    if tiles.empty:
        require_rows(tiles, "headline_tiles", "tiles")
    problems = [f"row {i}: empty 'value'" for i in tiles.index[tiles["value"].isna()]]
    problems += [f"row {i}: empty 'caption_key'" for i in tiles.index[tiles["caption_key"].isna()]]
    if "colour" in tiles.columns:
        problems += [
            f"row {i}: unknown colour {c!r} (expected one of {', '.join(PALETTE)})"
            for i, c in tiles["colour"].items()
            if isinstance(c, str) and c not in PALETTE
        ]
    if problems:
        raise ChartError("headline_tiles: " + "; ".join(problems))


def headline_tiles(
    tiles: pd.DataFrame,
    *,
    lang: str = "uk",
    title_key: str | None = None,
    source: str | None = None,
    illustrative: bool = False,
) -> Figure:
    """Draw one tile per row: the number big, its unit under it, the caption in grey below.

    ``tiles``: columns :data:`TILE_COLUMNS` (``value`` number, ``unit`` as in
    :func:`tile_text`, ``caption_key`` a label key), optional ``decimals`` and ``colour``.
    Row order is tile order, left to right. The number's size shrinks (down from 30 pt) so the
    longest number fits its tile; captions wrap to the tile width. ``title_key`` is a label
    key for the title; ``source`` is the source line's text (default: built from the table's
    ``source`` column by ``annotate.describe_sources``); ``illustrative`` marks synthetic data.
    Returns the Figure (nothing is shown or saved).
    """
    check_lang(lang)
    _check_tiles(tiles)
    rows = []
    for _, row in tiles.iterrows():
        decimals = row.get("decimals")
        decimals = None if decimals is None or pd.isna(decimals) else int(decimals)
        number, unit = tile_text(row["value"], row["unit"], lang, decimals)
        colour = row.get("colour")
        colour = PALETTE[colour] if isinstance(colour, str) else PALETTE["1000"]
        rows.append((number, unit, label(str(row["caption_key"]), lang), colour))

    n = len(rows)
    width = max(6.3, _TILE_WIDTH_IN * n)
    tile_in = width / n
    longest = max(len(r[0]) for r in rows)
    number_pt = min(_NUMBER_PT, 0.85 * tile_in * 72 / (0.65 * longest))
    wrap = max(12, int(0.8 * tile_in * 72 / (0.65 * _CAPTION_PT)))  # Cyrillic ≈ 0.65 em
    captions = [textwrap.fill(r[2], wrap, break_on_hyphens=False) for r in rows]
    caption_lines = max(c.count("\n") + 1 for c in captions)
    height = 0.35 + (number_pt + _UNIT_PT * 1.6 + _CAPTION_PT * 1.35 * caption_lines) / 72 + 0.3
    if title_key:
        height += 0.35

    with canvas(lang, (width, height), illustrative=illustrative) as c:
        ax = c.ax
        ax.set_axis_off()
        ax.set_xlim(0, n)
        ax.set_ylim(1, -0.06)  # a little air between the title and the numbers
        if title_key:
            ax.set_title(label(title_key, lang))
        for i, ((number, unit, _, colour), caption) in enumerate(zip(rows, captions, strict=True)):
            x = i + 0.5
            ax.text(
                x, 0.0, number, ha="center", va="top", fontsize=number_pt,
                fontweight="bold", color=colour, gid=f"tile_number:{i}",
            )  # fmt: skip
            ax.annotate(
                unit, (x, 0.0), xytext=(0, -number_pt * 1.15), textcoords="offset points",
                ha="center", va="top", fontsize=_UNIT_PT, fontweight="bold", color=colour,
                gid=f"tile_unit:{i}",
            )  # fmt: skip
            ax.annotate(
                caption, (x, 0.0),
                xytext=(0, -number_pt * 1.15 - _UNIT_PT * 1.6), textcoords="offset points",
                ha="center", va="top", fontsize=_CAPTION_PT, color=PALETTE["grey_dark"],
                linespacing=1.25, gid=f"tile_caption:{i}",
            )  # fmt: skip
            if i:
                ax.axvline(i, color=PALETTE["grey_light"], linewidth=0.8, ymin=0.05, ymax=0.95)
        if source is None and "source" in tiles.columns:
            source = describe_sources(tiles["source"], lang)
        if source:
            c.source(source)
        drawn = [(r[2], v, r[0], r[1]) for r, v in zip(rows, tiles["value"], strict=True)]
        columns = ["data.caption", "data.value", "data.value_text", "data.unit"]
        c.data = drawn_table(drawn, columns, lang)
    return c.fig
