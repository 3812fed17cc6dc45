"""Chart: the adoption matrix (partner cities × instruments); the progress chart lives in
``adoption_progress`` and is re-exported here."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import ScaledTranslation

from promis_analytics.charts.adoption_progress import (
    PROGRESS_COLUMNS,
    adoption_progress_chart,
    printed_note,
    source_text,
    unknown_new_note,
)
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_rows
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError
from promis_analytics.formatting import check_lang, format_number

__all__ = [
    "NOT_NAMED_HATCH",
    "PROGRESS_COLUMNS",
    "STATUS_COLOURS",
    "adoption_matrix_chart",
    "adoption_progress_chart",
    "printed_note",
    "unknown_new_note",
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

#: Hatch of the «not named» column: cities a source counts without naming them.
NOT_NAMED_HATCH = "...."


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


def _unnamed(
    matrix: pd.DataFrame, instruments: list[str], given: Mapping | None, key: str
) -> dict[str, int]:
    """Per instrument: cities counted but not named (``given``, else ``matrix.attrs[key]``,
    else none); raises ``ChartError`` listing every key that is not an instrument of the
    matrix and every value that is not a count ≥ 0."""
    counts = dict(matrix.attrs.get(key, {}) if given is None else given)
    problems = [f"{key}: {i!r} is not an instrument column" for i in counts if i not in instruments]
    problems += [
        f"{key}[{i!r}]: {v!r} is not a count ≥ 0"
        for i, v in counts.items()
        if pd.isna(v) or float(v) < 0 or float(v) != int(float(v))
    ]
    if problems:
        raise ChartError("adoption_matrix_chart: " + "; ".join(problems))
    return {i: int(counts.get(i, 0)) for i in instruments}


def _not_named_column(ax, x: float, unnamed: dict, unnamed_ip: dict, instruments: list[str],
                      lang: str) -> None:  # fmt: skip
    """The «not named» column right of the cities: per instrument, the adopting cities (and
    ◐ in-progress cities) a source counts but does not name, in a dotted cell."""
    status = label("adoption_status.in_progress", lang)
    for r, inst in enumerate(instruments):
        n, m = unnamed[inst], unnamed_ip[inst]
        if not (n or m):
            continue
        ax.add_patch(
            Rectangle(
                (x, r), 1.6, 1, facecolor="white", edgecolor=STATUS_COLOURS["adopted"],
                hatch=NOT_NAMED_HATCH, linewidth=0.6, gid=f"not_named_cell:{inst}",
            )
        )  # fmt: skip
        parts = [format_number(n, lang)] if n else []
        parts += [f"{format_number(m, lang)} {status}"] if m else []
        ax.text(
            x + 0.8, r + 0.5, " + ".join(parts), ha="center", va="center", fontsize=7,
            fontweight="bold", gid=f"not_named:{inst}",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )  # fmt: skip


def adoption_matrix_chart(
    matrix: pd.DataFrame,
    *,
    lang: str = "uk",
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
    not_named: Mapping[str, int] | None = None,
    not_named_in_progress: Mapping[str, int] | None = None,
) -> Figure:
    """Draw the heat map of instrument adoption: one row per instrument, one column per city,
    and a «не названо / not named» column with the cities a source counts but does not name.

    ``matrix``: as ``indicators.adoption_matrix`` returns it — column ``city`` (reference keys,
    row order kept: brochure order) and one column per instrument code (column order kept),
    cells ``adopted`` | ``in_progress`` | ``not_listed``. Cell colours are
    :data:`STATUS_COLOURS`; "not listed" is labelled as not stated, never as "no".
    ``not_named`` / ``not_named_in_progress``: instrument → adopting / in-progress cities
    counted but not named (default: ``matrix.attrs`` as ``adoption_matrix`` sets them; none
    when absent), drawn as numbers in dotted cells of the extra column. The right axis gives
    each instrument's coverage ``n/N`` = (cities with ``adopted`` + adopting cities not
    named) ÷ cities in the table. Instrument and city names come from the label catalogue in
    ``lang``. ``source``: the source line's text (default: the adoptions register);
    ``illustrative`` marks synthetic data.
    ``period``: the period the data cover, appended to the title
    (``periods.period_text``).
    """
    check_lang(lang)
    require_rows(matrix, "adoption_matrix_chart")
    instruments = _check_matrix(matrix)
    unnamed = _unnamed(matrix, instruments, not_named, "not_named")
    unnamed_ip = _unnamed(matrix, instruments, not_named_in_progress, "not_named_in_progress")
    cities = matrix["city"].tolist()
    n_cities, n_inst = len(cities), len(instruments)
    extra = any(unnamed.values()) or any(unnamed_ip.values())
    width = n_cities + (2.0 if extra else 0.0)
    size = (max(6.3, 3.2 + 0.3 * width), 2.6 + 0.24 * n_inst)
    with canvas(lang, size, illustrative=illustrative) as c:
        fig, ax = c.fig, c.ax
        c.title(chart_title("title.adoption_matrix", lang, period))
        _cells(ax, matrix, instruments)
        ticks = list(np.arange(n_cities) + 0.5)
        names = [label(f"city.{k}", lang) for k in cities]
        if extra:
            _not_named_column(ax, n_cities + 0.4, unnamed, unnamed_ip, instruments, lang)
            ticks.append(n_cities + 1.2)
            names.append(label("axis.not_named", lang))
        ax.set_xlim(0, width)
        ax.set_ylim(n_inst, 0)
        ax.set_xticks(ticks, names, rotation=90)
        ax.xaxis.tick_top()
        ax.set_yticks(
            np.arange(n_inst) + 0.5, [label(f"instrument.{i}", lang) for i in instruments]
        )
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        _coverage_axis(ax, matrix, instruments, unnamed, lang)
        handles = _legend_handles(extra, lang)
        below = ax.transAxes + ScaledTranslation(0, -0.08, fig.dpi_scale_trans)
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below,
            ncols=2 if extra else 3, handlelength=1.2,
        )  # fmt: skip
        c.source(source_text(matrix, source, lang))
        c.data = _drawn(matrix, instruments, unnamed, unnamed_ip, lang)
    return fig


def _cells(ax: Axes, matrix: pd.DataFrame, instruments: list[str]) -> None:
    """One square per (instrument, city), coloured by status (:data:`STATUS_COLOURS`)."""
    for r, inst in enumerate(instruments):
        for c, (key, status) in enumerate(zip(matrix["city"], matrix[inst], strict=True)):
            ax.add_patch(
                Rectangle(
                    (c, r), 1, 1, facecolor=STATUS_COLOURS[status], edgecolor="white",
                    linewidth=1.0, gid=f"cell:{key}:{inst}",
                )
            )  # fmt: skip


def _legend_handles(extra: bool, lang: str) -> list[Patch]:
    """A patch per status, and the dotted one of counted-but-unnamed cities when drawn."""
    handles = [
        Patch(facecolor=STATUS_COLOURS[s], label=label(_STATUS_LABELS[s], lang))
        for s in STATUS_COLOURS
    ]
    if extra:
        handles.append(
            Patch(facecolor="white", edgecolor=STATUS_COLOURS["adopted"],
                  hatch=NOT_NAMED_HATCH, label=label("legend.printed_unnamed", lang))
        )  # fmt: skip
    return handles


def _drawn(matrix: pd.DataFrame, instruments: list[str], unnamed: dict, unnamed_ip: dict,
           lang: str) -> pd.DataFrame:  # fmt: skip
    """The cells drawn: instrument, city, status; then the cities counted but not named."""
    rows: list[tuple] = []
    for inst in instruments:
        name = label(f"instrument.{inst}", lang)
        rows += [
            (name, label(f"city.{c}", lang), label(_STATUS_LABELS[s], lang), None)
            for c, s in zip(matrix["city"], matrix[inst], strict=True)
        ]
        for status, counts in (("adopted", unnamed), ("in_progress", unnamed_ip)):
            if counts.get(inst):
                status_text = label(_STATUS_LABELS[status], lang)
                rows.append((name, label("axis.not_named", lang), status_text, counts[inst]))
    columns = ["data.instrument", "axis.city", "data.status", "data.cities_count"]
    return drawn_table(rows, columns, lang)


def _coverage_axis(ax, matrix: pd.DataFrame, instruments: list[str], unnamed: dict,
                   lang: str) -> None:  # fmt: skip
    """Right axis: per instrument ``n/N`` = (named adopting + not named) ÷ cities."""
    n_inst, n_cities = len(instruments), len(matrix)
    coverage = ax.twinx()
    coverage.set_gid("coverage_axis")
    coverage.set_ylim(n_inst, 0)
    adopted = [int((matrix[i] == "adopted").sum()) + unnamed[i] for i in instruments]
    coverage.set_yticks(
        np.arange(n_inst) + 0.5,
        [f"{format_number(a, lang)}/{format_number(n_cities, lang)}" for a in adopted],
    )
    coverage.set_ylabel(label("axis.coverage", lang, n=format_number(n_cities, lang)))
    coverage.tick_params(length=0)
    for spine in coverage.spines.values():
        spine.set_visible(False)
