"""Charts: the adoption matrix (partner cities × instruments) and its card-to-brochure progress."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

from promis_analytics.charts.annotate import (
    describe_sources,
    illustrative_mark,
    source_line,
    title_line,
)
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.labels import chart_title, label
from promis_analytics.charts.theme import PALETTE, brochure_theme, settle_layout
from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.formatting import check_lang, format_number, format_signed

__all__ = [
    "PROGRESS_COLUMNS",
    "STATUS_COLOURS",
    "adoption_matrix_chart",
    "adoption_progress_chart",
    "printed_note",
]

#: Cell colour per status of ``indicators.adoption_matrix``. ``not_listed`` means no source
#: lists the city for the instrument — "not stated", never "not adopted".
STATUS_COLOURS: dict[str, str] = {
    "adopted": PALETTE["1000"],
    "in_progress": PALETTE["2000"],
    "not_listed": PALETTE["grey_light"],
}
_STATUS_LABELS = {
    "adopted": "adoption_status.adopted",
    "in_progress": "adoption_status.in_progress",
    "not_listed": "legend.not_listed",
}

#: Columns ``adoption_progress_chart`` reads (from ``indicators.adoption_progress_counts``).
PROGRESS_COLUMNS: tuple[str, ...] = (
    "instrument",
    "adopted_from",
    "adopted_to",
    "from_basis",
    "to_basis",
    "gain",
)
_BASES = ("listed", "printed", "not_reported", "carried")


def _source(table: pd.DataFrame, source: str | None, lang: str) -> str:
    if source is not None:
        return source
    if "source" in table.columns:
        return describe_sources(table["source"], lang)
    return label("source.register", lang, name="adoptions.csv")


def _check_matrix(matrix: pd.DataFrame) -> list[str]:
    func = "adoption_matrix_chart"
    if "city" not in matrix.columns:
        raise ChartError(
            f"{func}: table lacks column 'city'; found {list(matrix.columns)}, expected 'city' "
            "and one column per instrument (indicators.adoption_matrix)"
        )
    instruments = [c for c in matrix.columns if c not in ("city", "source")]
    problems: list[str] = []
    if matrix.empty:
        problems.append("the table has no cities")
    if not instruments:
        problems.append("the table has no instrument column")
    dup = matrix["city"][matrix["city"].duplicated()].tolist()
    if dup:
        problems.append(f"duplicate city key(s) {dup}")
    for i, key in matrix["city"].items():
        try:
            label(f"city.{key}", "uk")
        except KeyError:
            problems.append(f"row {i}, column 'city': unknown city key {key!r}")
    for inst in instruments:
        try:
            label(f"instrument.{inst}", "uk")
        except KeyError:
            problems.append(f"column {inst!r}: unknown instrument code")
        for i, status in matrix[inst].items():
            if not isinstance(status, str) and pd.isna(status):
                problems.append(f"row {i}, column {inst!r}: empty cell")
            elif status not in STATUS_COLOURS:
                problems.append(
                    f"row {i}, column {inst!r}: status {status!r}; expected one of "
                    f"{', '.join(STATUS_COLOURS)}"
                )
    if problems:
        raise ChartError(f"{func}: " + "; ".join(problems))
    return instruments


def adoption_matrix_chart(
    matrix: pd.DataFrame,
    *,
    lang: str = "uk",
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
) -> Figure:
    """Draw the heat map of instrument adoption: one row per instrument, one column per city.

    ``matrix``: as ``indicators.adoption_matrix`` returns it — column ``city`` (reference keys,
    row order kept: brochure order) and one column per instrument code (column order kept),
    cells ``adopted`` | ``in_progress`` | ``not_listed``. Cell colours are
    :data:`STATUS_COLOURS`; "not listed" is labelled as not stated, never as "no". The right
    axis gives each instrument's coverage ``n/N`` = cities with ``adopted`` ÷ cities in the
    table. Instrument and city names come from the label catalogue in ``lang``. ``source``:
    the source line's text (default: the adoptions register); ``illustrative`` marks
    synthetic data.
    ``period``: the period the data cover, appended to the title
    (``periods.period_text``).
    """
    check_lang(lang)
    require_rows(matrix, "adoption_matrix_chart")
    instruments = _check_matrix(matrix)
    cities = matrix["city"].tolist()
    n_cities, n_inst = len(cities), len(instruments)
    with brochure_theme():
        fig = Figure(
            figsize=(max(6.3, 3.2 + 0.3 * n_cities), 2.6 + 0.24 * n_inst), layout="constrained"
        )
        ax = fig.add_subplot()
        title_line(fig, ax, chart_title("title.adoption_matrix", lang, period))
        for r, inst in enumerate(instruments):
            for c, (key, status) in enumerate(zip(cities, matrix[inst], strict=True)):
                ax.add_patch(
                    Rectangle(
                        (c, r), 1, 1, facecolor=STATUS_COLOURS[status], edgecolor="white",
                        linewidth=1.0, gid=f"cell:{key}:{inst}",
                    )
                )  # fmt: skip
        ax.set_xlim(0, n_cities)
        ax.set_ylim(n_inst, 0)
        ax.set_xticks(
            np.arange(n_cities) + 0.5, [label(f"city.{k}", lang) for k in cities], rotation=90
        )
        ax.xaxis.tick_top()
        ax.set_yticks(
            np.arange(n_inst) + 0.5, [label(f"instrument.{i}", lang) for i in instruments]
        )
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        coverage = ax.twinx()
        coverage.set_gid("coverage_axis")
        coverage.set_ylim(n_inst, 0)
        adopted = [int((matrix[i] == "adopted").sum()) for i in instruments]
        coverage.set_yticks(
            np.arange(n_inst) + 0.5,
            [f"{format_number(a, lang)}/{format_number(n_cities, lang)}" for a in adopted],
        )
        coverage.set_ylabel(label("axis.coverage", lang, n=format_number(n_cities, lang)))
        coverage.tick_params(length=0)
        for spine in coverage.spines.values():
            spine.set_visible(False)
        handles = [
            Patch(facecolor=STATUS_COLOURS[s], label=label(_STATUS_LABELS[s], lang))
            for s in STATUS_COLOURS
        ]
        below = ax.transAxes + ScaledTranslation(0, -0.08, fig.dpi_scale_trans)
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below,
            ncols=3, handlelength=1.2,
        )  # fmt: skip
        source_line(fig, _source(matrix, source, lang), lang)
        if illustrative:
            illustrative_mark(fig, lang)
    settle_layout(fig)
    return fig


def _year(value: date | str) -> str:
    return str(pd.Timestamp(value).year)


def _check_progress(counts: pd.DataFrame, from_date: date | str, to_date: date | str) -> None:
    problems: list[str] = []
    if counts.empty:
        problems.append("the table has no instruments")
    if not pd.Timestamp(from_date) < pd.Timestamp(to_date):
        problems.append(f"from_date {from_date} is not before to_date {to_date}")
    for side in ("from", "to"):
        for i, (v, basis) in enumerate(
            zip(counts[f"adopted_{side}"], counts[f"{side}_basis"], strict=True)
        ):
            if basis not in _BASES:
                problems.append(f"row {i}, column '{side}_basis': {basis!r}; expected {_BASES}")
            elif basis == "not_reported":
                if not pd.isna(v):
                    problems.append(f"row {i}, column 'adopted_{side}': {v!r} but not reported")
            elif pd.isna(v) or float(v) < 0 or float(v) != int(float(v)):
                problems.append(f"row {i}, column 'adopted_{side}': {v!r} is not a count ≥ 0")
    for i, inst in counts["instrument"].items():
        try:
            label(f"instrument.{inst}", "uk")
        except KeyError:
            problems.append(f"row {i}, column 'instrument': unknown instrument code {inst!r}")
    if problems:
        raise ChartError("adoption_progress_chart: " + "; ".join(problems))


#: Bar style per count basis: (face, edge, hatch); None face = the date's colour.
_BAR_STYLE = {
    "listed": (None, None, None),
    "printed": ("white", None, "...."),
    "carried": ("white", None, "////"),
}


def _bar(
    ax, y: float, value: Any, basis: str, colour: str, h: float, gid: str, top: int, lang: str
) -> None:
    """One count: a bar styled by its basis with the count after it; "not reported" is a
    text mark at zero, never a zero bar."""
    if basis == "not_reported":
        ax.text(
            top * 0.005, y, label("legend.not_reported", lang), va="center", ha="left",
            fontsize=7, color=PALETTE["grey_dark"], style="italic", gid=f"unknown_{gid}",
        )  # fmt: skip
        return
    face, edge, hatch = _BAR_STYLE[basis]
    ax.barh(
        y, int(value), height=h, color=face or colour, edgecolor=edge or colour, hatch=hatch,
        linewidth=0.8, gid=gid,
    )  # fmt: skip


def adoption_progress_chart(
    counts: pd.DataFrame,
    *,
    from_date: date | str | None,
    to_date: date | str | None,
    lang: str = "uk",
    source: str | None = None,
    illustrative: bool = False,
) -> Figure:
    """Draw, per instrument, two bars: cities adopting it as of ``from_date`` and as of
    ``to_date`` (grouped horizontal bars, lengths = city counts), with the gain (+n) written
    after the later bar only when both ends are stated at their dates.

    ``counts``: as ``indicators.adoption_progress_counts(adoptions, from_date, to_date)``
    returns it (:data:`PROGRESS_COLUMNS`; row order kept). Each count is drawn by its basis:
    named cities = solid bar; a count the source prints without naming the cities = dotted
    bar; carried forward from the earlier report (the later one is silent) = hatched bar; no
    statement at all = the words "not reported" (unknown is not zero). ``from_date`` /
    ``to_date`` label the legend and title. ``source``: source line text (default: the
    adoptions register); ``illustrative`` marks synthetic data.
    """
    check_lang(lang)
    func = "adoption_progress_chart"
    if from_date is None or to_date is None:
        raise NotEnoughData(
            func,
            "у реєстрі лише одна дата звіту: зміни показати нема з чим",
            "the register has one report date only: no change to show",
        )
    require_rows(counts, func)
    require_columns(
        counts, PROGRESS_COLUMNS, func, produced_by="indicators.adoption_progress_counts"
    )
    _check_progress(counts, from_date, to_date)
    first, last = _year(from_date), _year(to_date)
    n = len(counts)
    before_colour, after_colour = PALETTE["grey"], PALETTE["1000"]
    known = pd.concat([counts["adopted_from"], counts["adopted_to"]]).dropna()
    top = max(1, int(known.max()) if len(known) else 1)
    with brochure_theme():
        fig = Figure(figsize=(6.3, 2.4 + 0.36 * n), layout="constrained")
        ax = fig.add_subplot()
        # a figure title, left-aligned on the figure: the long instrument names sit left of
        # the axes and an axes title would run past the right edge
        fig.suptitle(
            label("title.adoption_progress", lang, first=first, last=last),
            x=0.02, ha="left", fontsize=13, fontweight="bold",
        )  # fmt: skip
        h = 0.38
        for y, (_, row) in enumerate(counts.iterrows()):
            inst = row["instrument"]
            a, b, gain = row["adopted_from"], row["adopted_to"], row["gain"]
            _bar(ax, y - h / 2, a, row["from_basis"], before_colour, h, f"from:{inst}", top, lang)
            _bar(ax, y + h / 2, b, row["to_basis"], after_colour, h, f"to:{inst}", top, lang)
            if not pd.isna(b):
                text = format_number(int(b), lang)
                if not pd.isna(gain) and int(gain) != 0:
                    text += f" ({format_signed(int(gain), lang)})"
                ax.text(
                    int(b) + top * 0.015, y + h / 2, text, va="center", ha="left",
                    fontsize=7.5, gid=f"change:{inst}",
                    color=PALETTE["highlight"] if not pd.isna(gain) and gain > 0
                    else PALETTE["grey_dark"],
                )  # fmt: skip
            if not pd.isna(a):
                ax.text(
                    int(a) + top * 0.015, y - h / 2, format_number(int(a), lang), va="center",
                    ha="left", fontsize=7.5, color=PALETTE["grey_dark"], gid=f"count_from:{inst}",
                )  # fmt: skip
        ax.set_yticks(range(n), [label(f"instrument.{i}", lang) for i in counts["instrument"]])
        ax.set_ylim(n - 0.45, -0.55)
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(label("axis.cities_adopted", lang))
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
        _progress_legend(fig, ax, counts, from_date, to_date, lang)
        source_line(fig, _source(counts, source, lang), lang)
        if illustrative:
            illustrative_mark(fig, lang)
    settle_layout(fig)
    return fig


def _progress_legend(fig, ax, counts, from_date, to_date, lang: str) -> None:
    """Legend below the axes: the two dates, then one entry per count basis drawn."""
    before_colour, after_colour = PALETTE["grey"], PALETTE["1000"]
    first, last = _year(from_date), _year(to_date)
    fmt_date = {
        "uk": lambda d: pd.Timestamp(d).strftime("%d.%m.%Y"),
        "en": lambda d: pd.Timestamp(d).strftime("%Y-%m-%d"),
    }[lang]
    handles = [
        Patch(facecolor=colour, label=label("legend.as_of", lang, date=fmt_date(day)))
        for colour, day in ((before_colour, from_date), (after_colour, to_date))
    ]
    bases = set(counts["from_basis"]) | set(counts["to_basis"])
    if "printed" in bases:
        handles.append(
            Patch(facecolor="white", edgecolor=PALETTE["grey_dark"], hatch="....",
                  label=label("legend.printed_unnamed", lang))
        )  # fmt: skip
    if "carried" in bases:
        handles.append(
            Patch(
                facecolor="white", edgecolor=after_colour, hatch="////",
                label=label("legend.not_reported_later", lang, first=first, last=last),
            )
        )  # fmt: skip
    below = ax.transAxes + ScaledTranslation(0, -0.45, fig.dpi_scale_trans)
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below,
        ncols=1, handlelength=1.6,
    )  # fmt: skip


def printed_note(
    counts: pd.DataFrame, from_date: date | str, to_date: date | str, lang: str
) -> str:
    """The caption's sentence naming the counts printed without the cities, e.g.
    «Кількість надруковано без назв міст: ProZorro.Продажі (2018).»; "" when there are none."""
    check_lang(lang)
    items = []
    for side, day in (("from", from_date), ("to", to_date)):
        for inst in counts.loc[counts[f"{side}_basis"] == "printed", "instrument"]:
            items.append(f"{label(f'instrument.{inst}', lang)} ({_year(day)})")
    if not items:
        return ""
    return label("caption.printed_unnamed", lang, items=", ".join(items))
