"""Chart: cities adopting (and working on) each instrument at two report dates, by count basis."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_rows, require_spec
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.formatting import check_lang, format_number, format_signed
from promis_analytics.indicators.adoption import PROGRESS_COUNTS

__all__ = [
    "IN_PROGRESS_HATCH",
    "PROGRESS_COLUMNS",
    "adoption_progress_chart",
    "printed_note",
    "unknown_new_note",
]

#: Columns ``adoption_progress_chart`` reads (from ``indicators.adoption_progress_counts``).
PROGRESS_COLUMNS: tuple[str, ...] = PROGRESS_COUNTS
_BASES = ("listed", "printed", "not_reported", "carried")
#: Hatch of the segment of cities in progress, drawn after (never inside) the adopted bar.
IN_PROGRESS_HATCH = "xxx"
#: Bar style per count basis: (face, hatch); None face = the date's colour.
_BAR_STYLE = {"listed": (None, None), "printed": ("white", "...."), "carried": ("white", "////")}


def source_text(table: pd.DataFrame, source: str | None, lang: str) -> str:
    """The source line of an adoption chart: ``source``, else the table's ``source`` column,
    else the adoptions register."""
    if source is not None:
        return source
    if "source" in table.columns:
        return describe_sources(table["source"], lang)
    return label("source.register", lang, name="adoptions.csv")


def _year(value: date | str) -> str:
    return str(pd.Timestamp(value).year)


def _count_problem(v: Any) -> bool:
    return pd.isna(v) or float(v) < 0 or float(v) != int(float(v))


def _check_progress(counts: pd.DataFrame, from_date: date | str, to_date: date | str) -> None:
    problems: list[str] = []
    if counts.empty:
        problems.append("the table has no instruments")
    if not pd.Timestamp(from_date) < pd.Timestamp(to_date):
        problems.append(f"from_date {from_date} is not before to_date {to_date}")
    for side in ("from", "to"):
        rows = zip(counts[f"adopted_{side}"], counts[f"{side}_basis"], strict=True)
        for i, (v, basis) in enumerate(rows):
            if basis not in _BASES:
                problems.append(f"row {i}, column '{side}_basis': {basis!r}; expected {_BASES}")
            elif basis == "not_reported":
                if not pd.isna(v):
                    problems.append(f"row {i}, column 'adopted_{side}': {v!r} but not reported")
            elif _count_problem(v):
                problems.append(f"row {i}, column 'adopted_{side}': {v!r} is not a count ≥ 0")
        for i, v in enumerate(counts[f"in_progress_{side}"]):
            if not pd.isna(v) and _count_problem(v):
                problems.append(f"row {i}, column 'in_progress_{side}': {v!r} is not a count ≥ 0")
    for i, inst in counts["instrument"].items():
        try:
            label(f"instrument.{inst}", "uk")
        except KeyError:
            problems.append(f"row {i}, column 'instrument': unknown instrument code {inst!r}")
    if problems:
        raise ChartError("adoption_progress_chart: " + "; ".join(problems))


def _bar(ax, y: float, value: Any, in_progress: Any, basis: str, colour: str, h: float,
         gid: str, top: int, lang: str) -> float:  # fmt: skip
    """One count: a bar styled by its basis, then the cities in progress as a hatched segment
    after it (never counted as adopted); "not reported" is a text mark at zero, never a zero
    bar. Returns where the drawn count ends (cities)."""
    if basis == "not_reported":
        ax.text(
            top * 0.005, y, label("legend.not_reported", lang), va="center", ha="left",
            fontsize=7, color=PALETTE["grey_dark"], style="italic", gid=f"unknown_{gid}",
        )  # fmt: skip
        return 0.0
    face, hatch = _BAR_STYLE[basis]
    ax.barh(
        y, int(value), height=h, color=face or colour, edgecolor=colour, hatch=hatch,
        linewidth=0.8, gid=gid,
    )  # fmt: skip
    ip = 0 if pd.isna(in_progress) else int(in_progress)
    if ip:
        ax.barh(
            y, ip, left=int(value), height=h, color="white", edgecolor=colour,
            hatch=IN_PROGRESS_HATCH, linewidth=0.8, gid=f"in_progress_{gid}",
        )  # fmt: skip
    return float(int(value) + ip)


def _count_text(value: Any, in_progress: Any, lang: str) -> str:
    """«8» or «0 + 3 у процесі» / «0 + 3 in progress»."""
    text = format_number(int(value), lang)
    if not pd.isna(in_progress) and int(in_progress):
        status = label("adoption_status.in_progress", lang)
        text += f" + {format_number(int(in_progress), lang)} {status}"
    return text


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
    ``to_date`` (grouped horizontal bars, lengths = city counts), each followed by a hatched
    segment of the cities in progress (``in_progress_from`` / ``in_progress_to``; never
    counted as adopted), with the gain (+n, adopted cities) written after the later bar only
    when both ends are stated at their dates.

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
    require_spec(counts, "adoption_progress", PROGRESS_COLUMNS, func)
    _check_progress(counts, from_date, to_date)
    first, last = _year(from_date), _year(to_date)
    n = len(counts)
    colours = {"from": PALETTE["grey"], "to": PALETTE["1000"]}
    ends = [
        (0 if pd.isna(r[f"adopted_{s}"]) else int(r[f"adopted_{s}"]))
        + (0 if pd.isna(r[f"in_progress_{s}"]) else int(r[f"in_progress_{s}"]))
        for _, r in counts.iterrows()
        for s in ("from", "to")
    ]
    top = max(1, *ends)
    with canvas(lang, (6.3, 2.4 + 0.36 * n), illustrative=illustrative) as c:
        fig, ax = c.fig, c.ax
        # a figure title, left-aligned on the figure: the long instrument names sit left of
        # the axes and an axes title would run past the right edge
        fig.suptitle(
            label("title.adoption_progress", lang, first=first, last=last),
            x=0.02, ha="left", fontsize=13, fontweight="bold",
        )  # fmt: skip
        h = 0.38
        for y, (_, row) in enumerate(counts.iterrows()):
            _instrument_bars(ax, y, row, colours, h, top, lang)
        ax.set_yticks(range(n), [label(f"instrument.{i}", lang) for i in counts["instrument"]])
        ax.set_ylim(n - 0.45, -0.55)
        ax.set_xlim(0, top * 1.45)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(label("axis.cities_adopted", lang))
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.xaxis.grid(True)
        ax.set_axisbelow(True)
        _progress_legend(fig, ax, counts, from_date, to_date, lang)
        c.source(source_text(counts, source, lang))
        c.data = _drawn(counts, from_date, to_date, lang)
    return fig


def _drawn(counts: pd.DataFrame, from_date: Any, to_date: Any, lang: str) -> pd.DataFrame:
    """The bars drawn: per instrument and report date the cities adopted (unknown when not
    reported), in progress, and how the count is known when it is not by names."""
    first, last = _year(from_date), _year(to_date)
    basis_text = {
        "printed": label("legend.printed_unnamed", lang),
        "carried": label("legend.not_reported_later", lang, first=first, last=last),
        "not_reported": label("legend.not_reported", lang),
    }
    rows = [
        (label(f"instrument.{r['instrument']}", lang), str(pd.Timestamp(day).date()),
         r[f"adopted_{side}"], r[f"in_progress_{side}"], basis_text.get(r[f"{side}_basis"], ""))
        for _, r in counts.iterrows()
        for side, day in (("from", from_date), ("to", to_date))
    ]  # fmt: skip
    columns = ["data.instrument", "data.date", "axis.cities_adopted", "data.in_progress"]
    return drawn_table(rows, [*columns, "data.basis"], lang)


def _instrument_bars(ax, y: int, row: pd.Series, colours: dict, h: float, top: int,
                     lang: str) -> None:  # fmt: skip
    """The two bars of one instrument and the counts written after them."""
    inst, gain = row["instrument"], row["gain"]
    for side, dy in (("from", -h / 2), ("to", h / 2)):
        value, ip = row[f"adopted_{side}"], row[f"in_progress_{side}"]
        end = _bar(ax, y + dy, value, ip, row[f"{side}_basis"], colours[side], h,
                   f"{side}:{inst}", top, lang)  # fmt: skip
        if pd.isna(value):
            continue
        text = _count_text(value, ip, lang)
        up = side == "to" and not pd.isna(gain) and int(gain) != 0
        if up:
            text += f" ({format_signed(int(gain), lang)})"
        ax.text(
            end + top * 0.015, y + dy, text, va="center", ha="left", fontsize=7.5,
            gid=f"change:{inst}" if side == "to" else f"count_from:{inst}",
            color=PALETTE["highlight"] if up and gain > 0 else PALETTE["grey_dark"],
        )  # fmt: skip


def _progress_legend(fig, ax, counts, from_date, to_date, lang: str) -> None:
    """Legend below the axes: the two dates, then one entry per count basis drawn and the
    cities in progress when any are drawn."""
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
    ip = pd.concat([counts["in_progress_from"], counts["in_progress_to"]]).dropna()
    if (ip > 0).any():
        handles.append(
            Patch(facecolor="white", edgecolor=PALETTE["grey_dark"], hatch=IN_PROGRESS_HATCH,
                  label=label("legend.in_progress_apart", lang))
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


def unknown_new_note(counts: pd.DataFrame, from_date: date | str, lang: str) -> str:
    """The caption's sentence naming the instruments whose newly adopting cities are unknown
    (``unknown_reason`` set: the earlier count names fewer cities than it prints), e.g.
    «Які міста запровадили нові, невідомо: ProZorro.Продажі (звіт 2018 не називає всіх
    міст).»; "" when there are none or the table has no ``unknown_reason``."""
    check_lang(lang)
    if "unknown_reason" not in counts.columns:
        return ""
    unknown = counts.loc[counts["unknown_reason"].notna(), "instrument"]
    if unknown.empty:
        return ""
    items = ", ".join(label(f"instrument.{i}", lang) for i in unknown)
    return label("caption.unknown_new", lang, items=items, first=_year(from_date))
