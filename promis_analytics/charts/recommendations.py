"""Chart: recommendation uptake — given, implemented, partially and not implemented, per row."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError
from promis_analytics.formatting import check_lang, format_number, format_percent
from promis_analytics.indicators import TOTAL, UNALLOCATED

__all__ = ["UPTAKE_SEGMENTS", "recommendation_uptake_chart", "uptake_segments"]

#: Bar segments in drawing order: (segment, legend label key, colour). ``not_broken_down`` is
#: ``given`` minus the stated parts when the table lacks some status columns (a published
#: total that only gives the implemented share).
UPTAKE_SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("implemented", "rec_status.implemented", PALETTE["3000"]),
    ("partially_implemented", "rec_status.partially_implemented", PALETTE["2000"]),
    ("in_progress", "rec_status.in_progress", PALETTE["1000"]),
    ("not_implemented", "rec_status.not_implemented", PALETTE["highlight"]),
    ("unknown", "legend.status_unknown", PALETTE["grey"]),
    ("not_broken_down", "legend.not_broken_down", PALETTE["unallocated"]),
)
_STATUS_COLUMNS = tuple(s for s, _, _ in UPTAKE_SEGMENTS[:-1])
_FUNC = "recommendation_uptake_chart"


def _count(value: object) -> int | None:
    """A whole count ≥ 0, or None when the value is not one."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if number != number or number < 0 or number != int(number):
        return None
    return int(number)


def uptake_segments(table: pd.DataFrame) -> pd.DataFrame:
    """The bar segments of every row of an uptake table (counts of recommendations).

    Input: ``given`` and ``implemented`` (whole counts), optional ``partially_implemented``,
    ``in_progress``, ``not_implemented``, ``unknown`` (as ``indicators.recommendation_uptake``
    returns) and ``city`` / ``row_kind``. Output: one row per input row with the columns of
    ``UPTAKE_SEGMENTS`` (absent status columns are 0) and ``not_broken_down`` = given − sum of
    the stated parts, which must be 0 when every status column is present and never negative.
    Raises ``ChartError`` listing every problem (column, row, value found, what was expected).
    """
    require_columns(
        table,
        ("given", "implemented"),
        _FUNC,
        produced_by="optional: partially_implemented, in_progress, not_implemented, unknown",
    )
    if table.empty:
        require_rows(table, _FUNC)
    present = [c for c in _STATUS_COLUMNS if c in table.columns]
    complete = {"implemented", "partially_implemented", "not_implemented"} <= set(present)
    problems: list[str] = []
    rows: list[dict[str, int]] = []
    for i, row in table.iterrows():
        counts: dict[str, int] = {}
        for column in ("given", *present):
            n = _count(row[column])
            if n is None:
                problems.append(f"row {i}, column {column!r}: {row[column]!r} is not a count ≥ 0")
            counts[column] = n or 0
        parts = {s: counts.get(s, 0) for s in _STATUS_COLUMNS}
        rest = counts["given"] - sum(parts.values())
        if rest < 0:
            problems.append(
                f"row {i}: the parts sum to {sum(parts.values())}, more than given "
                f"{counts['given']}"
            )
        elif rest and complete:
            problems.append(
                f"row {i}: given {counts['given']} but the status columns sum to "
                f"{sum(parts.values())}"
            )
        rows.append({**parts, "not_broken_down": max(rest, 0), "given": counts["given"]})
    if problems:
        raise ChartError(f"{_FUNC}: " + "; ".join(problems))
    return pd.DataFrame(rows, index=table.index)


def _row_label(row: pd.Series, lang: str) -> str:
    """Bar name: the city, "усього / total", or "не розподілено за містами" for no city."""
    kind = row["row_kind"] if "row_kind" in row.index else None
    city = row["city"] if "city" in row.index else None
    if kind == "total" or city == TOTAL or city is None:
        return label("row.total", lang)
    if kind == "unallocated" or city == UNALLOCATED:
        return label("legend.unallocated", lang)
    return label(f"city.{city}", lang)


def recommendation_uptake_chart(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
) -> Figure:
    """Draw one horizontal stacked bar per row: implemented, partially, not implemented,
    unknown and "not broken down in the source", each segment as long as its count.

    ``table``: see :func:`uptake_segments`. With a ``city`` column (per-city register,
    ``indicators.recommendation_uptake``) there is one bar per city, the totals row
    (``row_kind == "total"``) first and in bold; without it (published totals,
    ``indicators.recommendation_uptake_from_totals``) one bar. Each segment carries its count
    and its share of ``given`` (percent); the number given is written after the bar.
    ``source`` is the source line's text (default: from the table's ``source`` column, else
    the recommendations register); ``illustrative`` marks synthetic data.
    ``period``: the period the data cover, appended to the title
    (``periods.period_text``).
    """
    check_lang(lang)
    segments = uptake_segments(table)
    labels = [_row_label(row, lang) for _, row in table.iterrows()]
    is_total = [
        ("row_kind" in table.columns and row.get("row_kind") == "total")
        or "city" not in table.columns
        for _, row in table.iterrows()
    ]
    order = sorted(range(len(table)), key=lambda k: (not is_total[k], k))
    n = len(order)
    shown = [s for s in UPTAKE_SEGMENTS if int(segments[s[0]].sum()) > 0]
    with canvas(lang, (6.3, 2.4 + 0.32 * n), illustrative=illustrative) as c:
        fig, ax = c.fig, c.ax
        ax.set_title(chart_title("title.recommendation_uptake", lang, period))
        widest = int(segments["given"].max()) or 1
        for y, k in enumerate(order):
            _uptake_bar(ax, y, k, segments.iloc[k], shown, widest, lang)
        ax.set_yticks(range(n), [labels[k] for k in order])
        for tick, k in zip(ax.get_yticklabels(), order, strict=True):
            if is_total[k]:
                tick.set_fontweight("bold")
        ax.invert_yaxis()
        ax.set_xlim(0, widest * 1.4)
        ax.set_xlabel(label("axis.recommendations", lang))
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        handles = [Patch(facecolor=colour, label=label(key, lang)) for _, key, colour in shown]
        below = ax.transAxes + ScaledTranslation(0, -0.5, fig.dpi_scale_trans)
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below,
            ncols=min(len(handles), 3), handlelength=1.2,
        )  # fmt: skip
        if source is None:
            source = _source_text(table, lang)
        c.source(source)
        c.data = _drawn(segments, [labels[k] for k in order], order, shown, lang)
    return fig


def _uptake_bar(
    ax: Axes, y: int, k: int, seg: pd.Series, shown: list, widest: int, lang: str
) -> None:
    """One stacked bar (row ``k`` drawn at ``y``): a segment per shown category with its
    count and share of ``given`` when wide enough (≥ 8 % of the widest bar), then the number
    given after the bar."""
    left = 0
    for name, _, colour in shown:
        width = int(seg[name])
        if width == 0:
            continue
        ax.barh(
            y, width, left=left, height=0.6, color=colour, edgecolor="white",
            linewidth=0.6, gid=f"bar:{k}:{name}",
        )  # fmt: skip
        if width / widest >= 0.08:
            share = format_percent(100 * width / int(seg["given"]), lang, decimals=1)
            ax.text(
                left + width / 2, y, f"{format_number(width, lang)}\n{share}",
                ha="center", va="center", fontsize=8, color="white",
                fontweight="bold", linespacing=1.1, gid=f"value:{k}:{name}",
            )  # fmt: skip
        left += width
    ax.text(
        left + widest * 0.01, y,
        label("caption.recommendations_given", lang, n=format_number(int(seg["given"]), lang)),
        ha="left", va="center", fontsize=8, color=PALETTE["grey_dark"], gid=f"given:{k}",
    )  # fmt: skip


def _source_text(table: pd.DataFrame, lang: str) -> str:
    """The source line of an uptake table: its ``source`` column, else the sources it carries
    (``attrs["sources"]``: the register's file, e.g. «Рекомендації_2023-2024.xlsx», as
    ``uptake_for_chart`` records them); never a file name the table does not give."""
    sources = list(table["source"]) if "source" in table.columns else []
    sources = [s for s in sources if isinstance(s, str) and s.strip()]
    sources = sources or list(table.attrs.get("sources") or [])
    if not sources:
        raise ChartError(
            f"{_FUNC}: no source text; pass source= (e.g. the register file) or a table from "
            "uptake_for_chart, which records it"
        )
    return describe_sources(sources, lang)


def _drawn(segments: pd.DataFrame, names: list[str], order: list[int], shown: list, lang: str):
    """The segments drawn (count and share of the recommendations given), then the given."""
    rows: list[tuple[str, str, int, float | None]] = []
    for name, k in zip(names, order, strict=True):
        seg = segments.iloc[k]
        given = int(seg["given"])
        for part, key, _ in shown:
            if int(seg[part]):
                rows.append((name, label(key, lang), int(seg[part]), 100 * int(seg[part]) / given))
        rows.append((name, label("legend.given", lang), given, 100.0 if given else None))
    columns = ["data.place", "data.category", "axis.recommendations", "axis.share_percent"]
    return drawn_table(rows, columns, lang)
