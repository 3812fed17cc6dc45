"""Charts of a results framework: bullet charts per indicator and small multiples per place."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, label
from promis_analytics.charts.theme import (
    PALETTE,
    constrained_layout,
)
from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.formatting import check_lang, format_number, format_percent
from promis_analytics.indicators.results import achievement_basis, activity_rows

__all__ = ["BULLET_COLUMNS", "results_bullets", "results_place_multiples", "row_name"]

#: Columns the bullet charts read (``indicators.results_progress`` output).
BULLET_COLUMNS: tuple[str, ...] = (
    "indicator_id", "indicator", "baseline", "target", "actual", "achievement_pct", "status",
)  # fmt: skip
_NAME_WIDTH = 58
_MAX_PANELS = 6


def row_name(row: pd.Series, lang: str, width: int = _NAME_WIDTH) -> str:
    """The indicator's name in ``lang`` (``indicator_en`` for English when given), shortened
    to ``width`` characters at a word boundary and wrapped on two lines."""
    name = row.get("indicator")
    if lang == "en" and isinstance(row.get("indicator_en"), str) and row["indicator_en"].strip():
        name = row["indicator_en"]
    text = textwrap.shorten(" ".join(str(name).split()), width, placeholder="…")
    return "\n".join(textwrap.wrap(text, (width + 1) // 2)[:2])


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _amount(value: float, lang: str) -> str:
    return format_number(Decimal(repr(value)).normalize(), lang, None)


def _bullet(ax: Axes, y: float, row: pd.Series, top: float, lang: str, gid: str) -> None:
    """One bullet: the target band (light), the actual bar (dark), the baseline tick, the
    values written after it; no bar for an unknown actual (the words say why)."""
    base, target, actual = _num(row["baseline"]), _num(row["target"]), _num(row["actual"])
    if target is not None:
        ax.barh(y, target, height=0.7, color=PALETTE["grey_light"], gid=f"target:{gid}")
    if actual is not None:
        ax.barh(y, actual, height=0.3, color=PALETTE["1000"], gid=f"actual:{gid}")
    if base is not None:
        ax.plot([base, base], [y - 0.35, y + 0.35], color=PALETTE["text"], linewidth=1.6,
                solid_capstyle="butt", gid=f"baseline:{gid}")  # fmt: skip
    text = _amount(actual, lang) if actual is not None else label("results.no_actual", lang)
    if target is not None:
        text += " " + label("results.of_target", lang, target=_amount(target, lang))
    pct = _num(row["achievement_pct"])
    if pct is not None:
        basis = achievement_basis(target, base)
        start = _amount(base, lang) if base is not None else ""
        words = label(
            f"results.pct_{basis}", lang, pct=format_percent(pct, lang, 0), baseline=start
        )
        text += f" ({words})"
    parts = [text]
    if target is None:
        parts.append(label("results.no_target", lang))
    if row.get("direction") == "descending":
        parts.append(label("results.less_is_better", lang))
    end = max(v for v in (base, target, actual, 0.0) if v is not None)
    ax.text(end + top * 0.02, y, " · ".join(parts), va="center", ha="left", fontsize=7.5,
            color=PALETTE["grey_dark"], gid=f"values:{gid}")  # fmt: skip


def _drawn(table: pd.DataFrame, lang: str, place: bool = False) -> pd.DataFrame:
    """The bullets drawn: indicator (and place), baseline, target, actual, achievement %."""
    values = ("baseline", "target", "actual", "achievement_pct")
    rows = [
        (row_name(r, lang, 10_000).replace("\n", " "),  # the name in full
         *([label(f"city.{r['place']}", lang)] if place else []),
         *(_num(r[c]) for c in values))
        for _, r in table.iterrows()
    ]  # fmt: skip
    columns = ["data.indicator", *(["data.place"] if place else [])]
    return drawn_table(rows, [*columns, "data.baseline", "data.target", "data.actual",
                              "data.achievement"], lang)  # fmt: skip


def _legend(fig: Figure, ax: Axes, lang: str) -> None:
    """The legend under the last panel (below its tick labels)."""
    handles = [
        Patch(facecolor=PALETTE["grey_light"], label=label("results.legend_target", lang)),
        Patch(facecolor=PALETTE["1000"], label=label("results.legend_actual", lang)),
        Line2D([], [], color=PALETTE["text"], linewidth=1.6,
               label=label("results.legend_baseline", lang)),
    ]  # fmt: skip
    below = ax.transAxes + ScaledTranslation(0, -0.32, fig.dpi_scale_trans)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below,
              ncols=3, fontsize=8, handlelength=1.4)  # fmt: skip


def _sources(table: pd.DataFrame, lang: str) -> str:
    """The documents of the rows drawn; the register itself when the rows name none."""
    fallback = label("source.register", lang, name="results")
    return describe_sources(table.get("source", []), lang, empty=fallback)


def _check(table: pd.DataFrame, func: str) -> None:
    require_rows(table, func)
    require_columns(table, BULLET_COLUMNS, func, produced_by="indicators.results_progress")
    problems = []
    for column in ("baseline", "target", "actual"):
        values = pd.to_numeric(table[column], errors="coerce")
        for i in table.index[values.isna() & table[column].notna()]:
            problems.append(f"row {i}, column {column!r}: {table.at[i, column]!r} is not a number")
    if problems:
        raise ChartError(f"{func}: " + "; ".join(problems))


def results_bullets(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    period: str | None = None,
    source: str | None = None,
    illustrative: bool = False,
) -> Figure:
    """One bullet per row of ``table`` (one indicator each), each on its own scale (units
    differ): a light band from 0 to the target, a dark bar from 0 to the actual, a black tick
    at the baseline, and "actual of target (percent)" after it — "no target" / "no data" when
    the register gives none (unknown is not zero). ``table``: rows of
    ``indicators.results_progress`` (:data:`BULLET_COLUMNS`; row order kept), e.g. the
    latest project-wide value of each indicator. ``period`` joins the title; ``source``
    defaults to the rows' documents.
    """
    check_lang(lang)
    func = "results_bullets"
    _check(table, func)
    n = len(table)
    with canvas(lang, illustrative=illustrative) as cv:
        fig = cv.figure((6.3, 1.3 + 0.62 * n))
        constrained_layout(fig).set(w_pad=0.12)
        axes = fig.subplots(n, 1, squeeze=False)[:, 0]
        fig.suptitle(chart_title("title.results_bullets", lang, period), x=0.02, ha="left",
                     fontsize=12, fontweight="bold")  # fmt: skip
        for ax, (_, row) in zip(axes, table.iterrows(), strict=True):
            values = [_num(row[c]) for c in ("baseline", "target", "actual")]
            top = max([v for v in values if v is not None] + [1.0])
            _bullet(ax, 0, row, top, lang, str(row["indicator_id"]))
            ax.set_xlim(0, top * 1.75)
            ax.set_ylim(-0.5, 0.5)
            ax.set_yticks([0], [row_name(row, lang)], fontsize=7.5)
            ax.tick_params(axis="x", labelsize=7)
            for side in ("top", "right", "left"):
                ax.spines[side].set_visible(False)
        _legend(fig, axes[-1], lang)
        cv.source(source if source is not None else _sources(table, lang))
        cv.data = _drawn(table, lang)
    return fig


def results_place_multiples(
    progress: pd.DataFrame,
    *,
    lang: str = "uk",
    period: str | None = None,
    source: str | None = None,
    illustrative: bool = False,
) -> Figure:
    """Small multiples: one panel per indicator of the activity (``indicators.activity_rows``:
    another programme's rows are not drawn) that has values by place — at most six, the
    ones with most places first, then in register order; the title says «показано 6 з 22 ·
    6 of 22 shown» when more exist — one bullet per place on the panel's common scale, the
    latest period of each place. ``progress``: ``indicators.results_progress`` output (rows
    with a ``place`` and sex ``all`` are drawn). Raises ``NotEnoughData`` when no row names
    a place."""
    check_lang(lang)
    func = "results_place_multiples"
    require_columns(progress, (*BULLET_COLUMNS, "place", "sex", "period_end"), func,
                    produced_by="indicators.results_progress")  # fmt: skip
    own = activity_rows(progress)
    rows = own.loc[own["place"].notna() & (own["sex"] == "all")]
    if rows.empty:
        raise NotEnoughData(func, "у реєстрі немає значень за населеними пунктами",
                            "the register has no values by place")  # fmt: skip
    rows = rows.assign(_end=pd.to_datetime(rows["period_end"])).sort_values("_end", kind="stable")
    latest = rows.groupby(["indicator_id", "place"], sort=False).tail(1)
    counts = latest["indicator_id"].value_counts(sort=False)
    first = {k: n for n, k in enumerate(dict.fromkeys(progress["indicator_id"]))}
    order = sorted(counts.index, key=lambda k: (-counts[k], first[k]))  # most places first
    panels = order[:_MAX_PANELS]
    heights = [max(2, int(counts[k])) for k in panels]
    with canvas(lang, illustrative=illustrative) as cv:
        fig = cv.figure((6.3, 1.4 + 0.28 * sum(heights) + 0.45 * len(panels)))
        axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
        title = chart_title("title.results_by_place", lang, period)
        if len(order) > len(panels):
            title += " · " + label("results.panels_shown", lang, shown=len(panels),
                                   total=len(order))  # fmt: skip
        fig.suptitle(title, x=0.02, ha="left", fontsize=12, fontweight="bold")
        for ax, key in zip(axes, panels, strict=True):
            part = latest.loc[latest["indicator_id"] == key]
            values = pd.concat([pd.to_numeric(part[c], errors="coerce")
                                for c in ("baseline", "target", "actual")]).dropna()  # fmt: skip
            top = max(float(values.max()) if len(values) else 1.0, 1.0)
            for y, (_, row) in enumerate(part.iterrows()):
                _bullet(ax, y, row, top, lang, f"{key}:{row['place']}")
            ax.set_yticks(range(len(part)), [label(f"city.{p}", lang) for p in part["place"]],
                          fontsize=7.5)  # fmt: skip
            ax.set_ylim(len(part) - 0.5, -0.5)
            ax.set_xlim(0, top * 1.75)
            name = row_name(part.iloc[0], lang, 2 * _NAME_WIDTH).replace("\n", " ")
            ax.set_title(textwrap.shorten(name, 80, placeholder="…"), fontsize=8.5, loc="left")
            ax.tick_params(axis="x", labelsize=7)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        _legend(fig, axes[-1], lang)
        cv.source(source if source is not None else _sources(latest, lang))
        cv.data = _drawn(latest[latest["indicator_id"].isin(panels)], lang, place=True)
    return fig
