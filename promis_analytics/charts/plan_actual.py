"""Chart: plan vs actual of an indicators register, as achievement bars with the audit's flags."""

from __future__ import annotations

import textwrap
from typing import cast

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_rows, require_spec
from promis_analytics.charts.contradiction_notes import (
    contradiction_handle,
    contradiction_notes,
    draw_contradiction_notes,
    mark_contradictions,
    notes_height,
    row_numbers,
)
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError
from promis_analytics.formatting import check_lang, format_number, format_percent
from promis_analytics.indicators.achievement import percent_flags
from promis_analytics.percents import FLAGGED_VERDICTS, register_percent_verdict

__all__ = [
    "FLAGGED",
    "PLAN_ACTUAL_COLUMNS",
    "indicator_names",
    "indicator_row_labels",
    "plan_vs_actual",
]

#: Columns the chart reads (``indicators.achievement`` output; ``group`` names the rows).
PLAN_ACTUAL_COLUMNS: tuple[str, ...] = (
    "group",
    "target",
    "actual",
    "reported_pct",
    "achievement_pct",
)
#: Audit verdicts drawn as flags: the audit's items (``ok`` and ``rounded`` are correct).
FLAGGED: tuple[str, ...] = FLAGGED_VERDICTS

_FUNC = "plan_vs_actual"
#: Share of the largest percent added left of the bars for the contradiction markers.
MARKER_ROOM = 0.3


#: Characters of an indicator's name kept on a bar's label (then "…"), and per label line.
NAME_WIDTH, LINE_WIDTH = 76, 40


def indicator_names(table: pd.DataFrame, lang: str) -> list[str]:
    """Each row's full indicator name in ``lang``: ``indicator_en`` for English when the
    register gives it, else the name as the source writes it (``indicator``); "" without
    an ``indicator`` column."""
    check_lang(lang)
    names = []
    for i in table.index:
        name = table.at[i, "indicator"] if "indicator" in table.columns else ""
        if lang == "en" and "indicator_en" in table.columns:
            en = table.at[i, "indicator_en"]
            name = en if isinstance(en, str) and en.strip() else name
        names.append(" ".join(str(name).split()) if isinstance(name, str) else "")
    return names


def indicator_row_labels(table: pd.DataFrame, lang: str) -> list[str]:
    """Row names: the indicator group's label with the row's number within its group
    (register order) and the indicator's name shortened to :data:`NAME_WIDTH` characters at
    a word boundary, on at most two lines, e.g. "продукт 2: Кількість проектів, спрямованих
    на…" (the full name is in the SVG title and the sidecar: :func:`indicator_names`);
    without names, the group's full label and number ("показник продукту 2")."""
    check_lang(lang)
    seen: dict[str, int] = {}
    labels = []
    for group, name in zip(table["group"], indicator_names(table, lang), strict=True):
        seen[group] = seen.get(group, 0) + 1
        head = f"{label(f'indicator_group.{group}', lang)} {seen[group]}"
        if name:
            head = f"{label(f'indicator_short.{group}', lang)} {seen[group]}"
            text, width = f"{head}: {name}", NAME_WIDTH
            lines = textwrap.wrap(textwrap.shorten(text, width, placeholder="…"), LINE_WIDTH)
            while len(lines) > 2:
                width -= 4
                lines = textwrap.wrap(textwrap.shorten(text, width, placeholder="…"), LINE_WIDTH)
            head = "\n".join(lines)
        labels.append(head)
    return labels


def _verdict_note(row: pd.Series, flag: str, lang: str) -> str:
    """The flag of a mismatching or truncated printed percent: the printed figure at its
    printed precision and the recomputed one (100 × actual ÷ target, two decimals)."""
    decimals = row.get("reported_decimals")
    _, recomputed, _, known = register_percent_verdict(
        row["target"], row["actual"], row["reported_pct"], decimals
    )
    places = int(decimals) if known else None
    printed = format_number(float(row["reported_pct"]), lang, decimals=places)
    exact = format_percent(recomputed, lang, decimals=2)  # type: ignore[arg-type]
    return label(f"flag.{flag}", lang, printed=printed, recomputed=exact)


def _check(table: pd.DataFrame) -> None:
    require_spec(table, "achievement", PLAN_ACTUAL_COLUMNS, _FUNC)
    problems: list[str] = []
    if table.empty:
        problems.append("the table has no indicators")
    for column in PLAN_ACTUAL_COLUMNS[1:]:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = table.index[values.isna() & table[column].notna()]
        problems += [f"row {i}, column {column!r}: {table.at[i, column]!r} is not a number"
                     for i in bad]  # fmt: skip
        negative = table.index[values < 0]
        problems += [f"row {i}, column {column!r}: negative value {table.at[i, column]}"
                     for i in negative]  # fmt: skip
    for i, group in table["group"].items():
        try:
            label(f"indicator_group.{group}", "uk")
        except KeyError:
            problems.append(f"row {i}, column 'group': unknown indicator group {group!r}")
    if problems:
        raise ChartError(f"{_FUNC}: " + "; ".join(problems))


def plan_vs_actual(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
    contradictions: pd.DataFrame | None = None,
) -> Figure:
    """Draw one bar per indicator: ``achievement_pct`` (``indicators.achievement``: percent
    of target without a baseline), a dashed line at 100 % (the plan), a black tick at the
    percent printed in the report, and the audit's verdict (``audit_status``, the verdict of
    ``promis audit program-report``; :data:`FLAGGED`) in the highlight colour: a mismatching
    or truncated bar is red and labelled with the printed and the recomputed percent (100 ×
    actual ÷ target); a row without target or actual gets a note with the printed percent
    instead of a bar.

    ``table``: ``indicators.achievement`` output (:data:`PLAN_ACTUAL_COLUMNS`, row order
    kept); rows are named by :func:`indicator_row_labels`. ``source``: source line text
    (default: from the table's ``source`` column, else the indicators register);
    ``illustrative`` marks synthetic data.
    ``period``: the period the data cover, appended to the title
    (``periods.period_text``). ``contradictions``: the narrative audit's
    ``audit_tables.row_contradictions`` of the reports (matched on ``locator``, and
    ``source`` when both have it): each row the report's text contradicts gets «◆ n» right
    of the axes, and numbered notes under the chart give both lines and both values.
    """
    check_lang(lang)
    require_rows(table, _FUNC)
    _check(table)
    numbers = row_numbers(table, contradictions, _FUNC)
    notes: list[str] = []
    if numbers and contradictions is not None:
        notes = contradiction_notes(contradictions, numbers, lang)
    names = indicator_row_labels(table, lang)
    pct = pd.to_numeric(table["achievement_pct"], errors="coerce").astype(float)
    reported = pd.to_numeric(table["reported_pct"], errors="coerce").astype(float)
    top = float(pd.concat([pct, reported, pd.Series([100.0])]).max())
    n = len(table)
    with canvas(lang, illustrative=illustrative) as cv:
        named = any("\n" in name or ":" in name for name in names)
        height = 1.9 + (0.4 if named else 0.27) * n
        extra = notes_height(notes) if notes else 0.0
        fig = cv.figure((6.3, height + extra))
        # room for hinting: small text is measured at the screen's dpi, saved at 300 dpi
        engine = fig.get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):
            engine.set(w_pad=0.12)
        parts = (  # an array of two subfigures (matplotlib types it as one or an array)
            cast("np.ndarray", fig.subfigures(2, 1, height_ratios=[height, extra]))
            if notes
            else None
        )
        ax = parts[0].add_subplot() if parts is not None else fig.add_subplot()
        ax.set_title(chart_title("title.plan_vs_actual", lang, period))
        _draw_rows(ax, table, pct, reported, top, lang)
        left = -top * MARKER_ROOM if numbers else 0.0  # a column for the markers
        mark_contradictions(ax, list(table.index), numbers, left)
        full = _name_rows(fig, ax, names, indicator_names(table, lang))
        ax.set_xlim(left, top * 1.45)
        if numbers:  # no negative percent on the axis
            ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= top * 1.45])
        progress = (
            "achievement_basis" in table and (table["achievement_basis"] == "from_baseline").any()
        )
        ax.set_xlabel(
            label("axis.achievement_progress" if progress else "axis.achievement_pct", lang)
        )
        _legend(fig, ax, lang, bool(numbers))
        if parts is not None:  # the notes take the figure's whole width, under the legend
            draw_contradiction_notes(parts[1].add_subplot(), notes)
        cv.source(source if source is not None else _source_text(table, lang))
        cv.data = _drawn(table, full, pct, reported, numbers, contradictions, lang)
    return fig


def _source_text(table: pd.DataFrame, lang: str) -> str:
    """The documents of the table's ``source`` column, else the indicators register."""
    if "source" in table.columns:
        return describe_sources(table["source"], lang)
    return label("source.register", lang, name="indicators.csv")


def _draw_rows(
    ax: Axes, table: pd.DataFrame, pct: pd.Series, reported: pd.Series, top: float, lang: str
) -> None:
    """Each row's bar (red when the audit flags its percent), value, printed tick and flag."""
    flags = percent_flags(table)
    for y, i in enumerate(table.index):
        flag = flags[i]
        if pd.notna(pct[i]):
            colour = PALETTE["highlight"] if flag in FLAGGED else PALETTE["1000"]
            ax.barh(y, pct[i], height=0.62, color=colour, gid=f"bar:{i}")
            end = max(pct[i], reported[i]) if pd.notna(reported[i]) else pct[i]
            ax.text(
                end + top * 0.012, y, format_percent(pct[i], lang, decimals=1),
                va="center", ha="left", fontsize=7.5, color=PALETTE["grey_dark"],
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4},
                gid=f"value:{i}",
            )  # fmt: skip
        if pd.notna(reported[i]) and flag not in ("no_plan", "no_actual"):
            ax.plot(
                [reported[i], reported[i]], [y - 0.38, y + 0.38], color=PALETTE["text"],
                linewidth=1.6, solid_capstyle="butt", gid=f"reported:{i}",
            )  # fmt: skip
        note = None
        if flag in ("mismatch", "truncated"):
            note = _verdict_note(table.loc[i], flag, lang)
            x = max(pct[i], reported[i]) + top * 0.2  # after the value label
        elif flag in ("no_plan", "no_actual"):
            places = table.loc[i].get("reported_decimals")
            places = None if pd.isna(places) else int(places)
            printed = format_percent(reported[i], lang, decimals=places)
            note = label(f"flag.{flag}", lang, pct=printed)
            x = top * 0.01
        if note:
            ax.text(
                x, y, f"⚑ {note}", va="center", ha="left", fontsize=7.5,
                color=PALETTE["highlight"], fontweight="bold", gid=f"flag:{i}",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4},
            )  # fmt: skip
    ax.axvline(100, color=PALETTE["grey_dark"], linestyle="--", linewidth=0.9, gid="target")


def _name_rows(fig: Figure, ax: Axes, names: list[str], full: list[str]) -> list[str]:
    """Row labels on the y axis (gid ``name:<y>``), full names as SVG tooltips; top row first."""
    named = any("\n" in name or ":" in name for name in names)
    ax.set_yticks(range(len(names)), names, fontsize=7.5 if named else None)
    titles: dict[str, str] = {}  # gid → tooltip text of the SVG (charts.save_figure writes it)
    for y, (tick, name) in enumerate(zip(ax.get_yticklabels(), full, strict=True)):
        tick.set_gid(f"name:{y}")
        if name:
            titles[f"name:{y}"] = name
    fig.svg_titles = titles  # type: ignore[attr-defined]  # read by charts.save_figure
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    return full


def _legend(fig: Figure, ax: Axes, lang: str, contradicted: bool) -> None:
    handles = [
        Patch(facecolor=PALETTE["1000"], label=label("legend.actual", lang)),
        Line2D([], [], color=PALETTE["text"], linewidth=1.6,
               label=label("legend.reported_pct", lang)),
        Line2D([], [], color=PALETTE["grey_dark"], linestyle="--",
               label=label("legend.target_line", lang)),
        Patch(facecolor=PALETTE["highlight"], label=label("note.flagged", lang)),
    ]  # fmt: skip
    if contradicted:
        handles.append(contradiction_handle(lang))
    below = ax.transAxes + ScaledTranslation(0, -0.45, fig.dpi_scale_trans)
    x = 0.0
    if contradicted:  # five entries: from the figure's left edge, so both columns fit
        below = blended_transform_factory(fig.transFigure, below)
        x = 0.02
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(x, 0), bbox_transform=below,
        ncols=2, handlelength=1.6,
    )  # fmt: skip


def _drawn(table, full, pct, reported, numbers, contradictions, lang) -> pd.DataFrame:
    """The values drawn, one row per bar; with a contradictions table, the note numbers."""
    columns = ["data.indicator", "data.achievement_pct", "data.reported_pct"]
    rows = [list(r) for r in zip(full, pct, reported, strict=True)]
    if contradictions is not None:
        columns.append("data.text_contradictions")
        for r, i in zip(rows, table.index, strict=True):
            r.append(", ".join(str(n) for n in numbers.get(i, [])))
    return drawn_table(rows, columns, lang)
