"""Chart: co-financing — project vs partner contribution in CAD and in UAH at each rate basis."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from promis_analytics.charts.annotate import (
    NOTE_SIZE,
    describe_sources,
    illustrative_mark,
    source_line,
)
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.figure_data import attach_data, drawn_table
from promis_analytics.charts.labels import chart_title, label
from promis_analytics.charts.theme import (
    PALETTE,
    brochure_theme,
    constrained_layout,
    settle_layout,
)
from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.formatting import check_lang, format_amount, format_number, format_percent

__all__ = [
    "COFINANCING_CHART_COLUMNS",
    "cofinancing_contributions",
    "rate_basis_text",
    "rate_meta",
    "rate_texts",
]

#: Columns read from ``indicators.cofinancing_summary`` results.
COFINANCING_CHART_COLUMNS: tuple[str, ...] = (
    "promis_cad",
    "partner_cad",
    "promis_uah",
    "partner_uah",
    "uah_per_cad",
    "fx_basis",
    "row_kind",
)

_MARGIN_IN = 0.1  # as in charts.annotate: distance of the notes from the figure edge

_SIDES = (
    ("promis", "legend.project_contribution", "1000"),
    ("partner", "legend.partner_contribution", "2000"),
)
_PERIOD = re.compile(r"^mean NBU official rate (\d{4})-\d\d-\d\d…(\d{4})-\d\d-\d\d$")
_BASIS_PREFIXES = ("fixed rate ", "mean NBU official rate ", "NBU official rate on each row")


def rate_basis_text(fx_basis: str, uah_per_cad: float, lang: str, rule: str = "basis") -> str:
    """The rate basis of a ``cofinancing_summary`` row in ``lang``, with the rate to 2 decimals:
    fixed ("фіксований курс 20,00 грн/CAD"), period mean ("середній курс НБУ 2015–2020:
    19,58 грн/CAD") or daily NBU rates; ``rule`` = ``"printed"`` (``cofinancing_at_rates``'
    ``fx_rule``) names the publication's own rate. An unknown basis raises ChartError."""
    check_lang(lang)
    rate = format_number(Decimal(repr(float(uah_per_cad))), lang, 2)
    if rule == "printed":
        return label("note.rate_printed", lang, rate=rate)
    if fx_basis.startswith("fixed rate "):
        return label("note.rate_fixed", lang, rate=rate)
    match = _PERIOD.match(fx_basis)
    if match:
        return label("note.rate_period_mean", lang, start=match[1], end=match[2], rate=rate)
    if fx_basis.startswith("NBU official rate on each row"):
        return label("note.rate_daily", lang)
    raise ChartError(f"unknown rate basis {fx_basis!r}: expected one of {list(_BASIS_PREFIXES)}")


def rate_texts(table: pd.DataFrame, lang: str) -> list[str]:
    """The rate texts (:func:`rate_basis_text`) of the totals rows of ``cofinancing_at_rates``,
    in row order: the folder's basis first, then the publication's own rate."""
    totals = table[table["row_kind"] == "total"] if "row_kind" in table.columns else table
    rules = totals["fx_rule"] if "fx_rule" in totals.columns else ["basis"] * len(totals)
    return [
        rate_basis_text(str(basis), float(rate), lang, str(rule))
        for rule, basis, rate in zip(rules, totals["fx_basis"], totals["uah_per_cad"], strict=True)
    ]


def rate_meta(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """The rates a co-financing figure converts at, for its JSON sidecar (text values):
    ``fx_basis`` and ``uah_per_cad`` (4 decimals) of the folder's basis, ``printed_uah_per_cad``
    of the publication's own rate when drawn, and ``rates`` = the texts joined by "; "."""
    totals = table[table["row_kind"] == "total"] if "row_kind" in table.columns else table
    rules = totals["fx_rule"] if "fx_rule" in totals.columns else pd.Series("basis", totals.index)
    out: dict[str, str] = {"rates": "; ".join(rate_texts(table, lang))}
    for rule, basis, rate in zip(rules, totals["fx_basis"], totals["uah_per_cad"], strict=True):
        if rule == "printed":
            out["printed_uah_per_cad"] = f"{float(rate):.4f}"
        elif "fx_basis" not in out:
            out["fx_basis"], out["uah_per_cad"] = str(basis), f"{float(rate):.4f}"
    return out


def _check(table: pd.DataFrame) -> pd.DataFrame:
    require_columns(
        table,
        COFINANCING_CHART_COLUMNS,
        "cofinancing_contributions",
        produced_by="indicators.cofinancing_summary",
    )
    totals = table[table["row_kind"] == "total"]
    if totals.empty:
        raise ChartError(
            "cofinancing_contributions: no totals row (row_kind 'total'); pass the results of "
            "cofinancing_summary, one per rate basis, concatenated"
        )
    problems: list[str] = []
    for i, row in totals.iterrows():
        for column in COFINANCING_CHART_COLUMNS[:5]:
            value = row[column]
            if pd.isna(value):
                problems.append(f"row {i}: empty {column!r}")
            elif value < 0:
                problems.append(f"row {i}: negative {column} {value}")
        basis = row["fx_basis"]
        if not isinstance(basis, str) or not basis.startswith(_BASIS_PREFIXES):
            problems.append(f"row {i}: unknown fx_basis {basis!r}")
    keys = ["fx_rule", "fx_basis"] if "fx_rule" in totals.columns else ["fx_basis"]
    if totals.duplicated(keys).any():
        problems.append(f"rate basis repeated: {totals['fx_basis'].tolist()}")
    if problems:
        raise ChartError("cofinancing_contributions: " + "; ".join(problems))
    return totals.reset_index(drop=True)


def cofinancing_contributions(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
) -> Figure:
    """Two panels: project and partner contributions in CAD thousand (left) and UAH million
    (right), one pair of UAH bars per rate basis; the rates and the UAH difference in a caption.

    ``table``: ``cofinancing_summary`` results at one or more rate bases, concatenated (only
    the ``row_kind == "total"`` rows are read; their CAD sums must agree). Bar heights:
    ``promis_cad`` ÷ 10³ and ``partner_cad`` ÷ 10³; ``promis_uah`` ÷ 10⁶ and ``partner_uah`` ÷
    10⁶ per basis. The caption gives each basis (:func:`rate_basis_text`) and, with two bases,
    the difference of the total in UAH (second − first). ``ax`` is not supported (the chart
    has two panels) and must be None. Returns the Figure.
    ``period``: the period the data cover, appended to the title
    (``periods.period_text``).
    """
    check_lang(lang)
    if ax is not None:
        raise ChartError("cofinancing_contributions draws two panels; ax must be None")
    if table.empty and table.attrs.get("not_converted"):
        reason_uk, reason_en = table.attrs["not_converted"][0]
        raise NotEnoughData("cofinancing_contributions", reason_uk, reason_en)
    require_rows(table, "cofinancing_contributions")
    totals = _check(table)
    bases = rate_texts(totals, lang)

    with brochure_theme():
        fig = Figure(figsize=(6.3, 4.6), layout="constrained")
        cad_ax, uah_ax = fig.subplots(1, 2, width_ratios=[1, max(1.4, 0.9 * len(totals))])
        _cad_panel(cad_ax, totals, lang)
        _uah_panel(uah_ax, totals, lang)
        for axis in (cad_ax, uah_ax):
            axis.grid(axis="y")
            axis.set_axisbelow(True)
        fig.suptitle(
            chart_title("title.cofinancing", lang, period), x=0.02, ha="left", fontweight="bold",
            gid="title",
        )  # fmt: skip

        diff = _change_text(totals, lang)
        caption = label("caption.rate_basis", lang, bases="; ".join(bases), diff=diff)
        lines = textwrap.wrap(caption, 92)
        fig.text(
            _MARGIN_IN / fig.get_figwidth(), (2 * _MARGIN_IN + 1.6 * NOTE_SIZE / 72)
            / fig.get_figheight(), "\n".join(lines), ha="left", va="bottom", fontsize=8,
            color=PALETTE["grey_dark"], linespacing=1.3, gid="rate_caption",
        )  # fmt: skip
        if source is None and "source" in table.columns:
            source = describe_sources(table["source"], lang)
        if source is None:
            raise ChartError(
                "cofinancing_contributions: no source text; pass source= (e.g. the register)"
            )
        source_line(fig, source, lang)
        band = (3 * _MARGIN_IN + 1.6 * NOTE_SIZE / 72 + len(lines) * 8 * 1.45 / 72) / (
            fig.get_figheight()
        )
        # The legend sits below the panels, above the rate caption: at the top it would share
        # the title's line and cover its end («2015–2020»).
        legend = fig.legend(
            handles=[Patch(color=PALETTE[c], label=label(k, lang)) for _, k, c in _SIDES],
            loc="lower center", bbox_to_anchor=(0.5, band), ncols=2, fontsize=8.5,
        )  # fmt: skip
        legend.set_gid("legend")
        height = legend.get_window_extent().height / fig.bbox.height
        constrained_layout(fig).set(rect=(0, band + height, 1, 1 - band - height))
        if illustrative:
            illustrative_mark(fig, lang)
    attach_data(fig, _drawn(totals, lang))
    settle_layout(fig)
    return fig


def _cad_panel(ax: Axes, totals: pd.DataFrame, lang: str) -> None:
    """The CAD panel (thousand): one bar per side at the first rate basis; the title names the
    rate when amounts recorded in UAH make the CAD totals depend on it."""
    first = totals.iloc[0]
    for x, (side, _, colour) in enumerate(_SIDES):
        value = float(first[f"{side}_cad"])
        ax.bar(x, value / 1e3, width=0.6, color=PALETTE[colour], gid=f"cad:{side}")
        ax.annotate(
            format_number(Decimal(repr(value)) / 1000, lang, 1), (x, value / 1e3),
            xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
            fontsize=9.5, fontweight="bold", gid=f"cad_label:{side}",
        )  # fmt: skip
    ax.set_xticks([])
    same = all(totals[c].round(6).nunique() == 1 for c in ("promis_cad", "partner_cad"))
    cad_title = (
        label("panel.cofin_cad", lang)
        if same
        else label("panel.cofin_cad_at", lang, rate=format_number(
            Decimal(repr(float(first["uah_per_cad"]))), lang, 2))
    )  # fmt: skip
    ax.set_title(cad_title, fontsize=10, loc="left", gid="cad_title")
    cad_top = max(float(first["promis_cad"]), float(first["partner_cad"])) / 1e3
    ax.set_ylim(0, cad_top * 1.2)


def _uah_panel(ax: Axes, totals: pd.DataFrame, lang: str) -> None:
    """The UAH panel (million): a pair of bars per rate basis, the first one solid."""
    width = 0.38
    for i, row in totals.iterrows():
        for j, (side, _, colour) in enumerate(_SIDES):
            value = float(row[f"{side}_uah"])
            x = i + (j - 0.5) * width
            ax.bar(
                x, value / 1e6, width=width * 0.92, color=PALETTE[colour],
                alpha=1.0 if i == 0 else 0.7, gid=f"uah:{i}:{side}",
            )  # fmt: skip
            ax.annotate(
                format_number(Decimal(repr(value)) / 1_000_000, lang, 2), (x, value / 1e6),
                xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                fontsize=8.5, fontweight="bold", gid=f"uah_label:{i}:{side}",
            )  # fmt: skip
    ax.set_xticks(
        range(len(totals)),
        [format_number(Decimal(repr(float(r))), lang, 2) for r in totals["uah_per_cad"]],
    )
    ax.set_xlabel(label("axis.uah_per_cad", lang), fontsize=8.5)
    ax.set_title(label("panel.cofin_uah", lang), fontsize=10, loc="left")
    uah_top = max(totals["promis_uah"].max(), totals["partner_uah"].max()) / 1e6
    ax.set_ylim(0, float(uah_top) * 1.2)


def _change_text(totals: pd.DataFrame, lang: str) -> str:
    """How much the UAH total (both sides) changes from the first rate basis to the second,
    in UAH thousand and percent; «—» with one basis."""
    if len(totals) < 2:
        return "—"
    sums = [
        Decimal(repr(float(totals.at[k, "promis_uah"])))
        + Decimal(repr(float(totals.at[k, "partner_uah"])))
        for k in (0, 1)
    ]
    change = sums[1] - sums[0]
    diff = format_amount(change, "UAH", lang, scale="thousand", decimals=0)
    if sums[0]:
        diff += f" ({format_percent(100 * change / sums[0], lang, 1)})"
    return diff


def _drawn(totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The bars drawn: one row per rate basis and side (CAD thousand, UAH million)."""
    rows = [
        (label(key, lang), float(r["uah_per_cad"]), r[f"{side}_cad"] / 1e3, r[f"{side}_uah"] / 1e6)
        for _, r in totals.iterrows()
        for side, key, _ in _SIDES
    ]
    columns = ["data.category", "axis.uah_per_cad", "axis.amount_cad_thousand"]
    return drawn_table(rows, [*columns, "axis.amount_uah_million"], lang)
