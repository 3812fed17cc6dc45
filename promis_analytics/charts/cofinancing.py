"""Chart: co-financing — project vs partner contribution in the reporting and local currency."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from promis_analytics.charts.annotate import (
    NOTE_SIZE,
    describe_sources,
)
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, label, project_label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.currencies import money_words
from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.formatting import check_lang, format_amount, format_number, format_percent
from promis_analytics.indicators.money_columns import MoneyColumns, money_columns_of

__all__ = [
    "cofinancing_contributions",
    "cofinancing_words",
    "rate_basis_text",
    "rate_meta",
    "rate_texts",
]

_MARGIN_IN = 0.1  # as in charts.annotate: distance of the notes from the figure edge

_SIDES = (("project", "1000"), ("partner", "2000"))
_PERIOD = re.compile(r"^mean NBU official rate (\d{4})-\d\d-\d\d…(\d{4})-\d\d-\d\d$")
_BASIS_PREFIXES = ("fixed rate ", "mean NBU official rate ", "NBU official rate on each row")


def _money(table: pd.DataFrame) -> MoneyColumns:
    """The currencies of a ``cofinancing_summary`` table (its rate column); ChartError."""
    try:
        return money_columns_of(table.columns)
    except ValueError as exc:
        raise ChartError(
            f"cofinancing_contributions: {exc} (indicators.cofinancing_summary)"
        ) from None


def cofinancing_words(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """The currency words of a co-financing table's labels in ``lang``
    (``currencies.money_words`` of its reporting and local currency: ``cur_in``…)."""
    m = _money(table)
    return money_words(m.currency, m.local, lang)


def rate_basis_text(
    fx_basis: str,
    rate: float,
    lang: str,
    rule: str = "basis",
    money: MoneyColumns | None = None,
) -> str:
    """The rate basis of a ``cofinancing_summary`` row in ``lang``, with the rate (local units
    per one reporting unit, ``money``; default UAH for both) to 2 decimals: fixed
    («фіксований курс 20,00 грн/CAD»), period mean («середній курс НБУ 2015–2020: 19,58
    грн/CAD») or daily NBU rates; ``rule`` = ``"printed"`` (``cofinancing_at_rates``'
    ``fx_rule``) names the publication's own rate. An unknown basis raises ChartError."""
    check_lang(lang)
    m = money or MoneyColumns()
    words = money_words(m.currency, m.local, lang)
    text = format_number(Decimal(repr(float(rate))), lang, 2)
    if rule == "printed":
        return label("note.rate_printed", lang, rate=text, **words)
    if fx_basis.startswith("fixed rate "):
        return label("note.rate_fixed", lang, rate=text, **words)
    match = _PERIOD.match(fx_basis)
    if match:
        return label(
            "note.rate_period_mean", lang, start=match[1], end=match[2], rate=text, **words
        )
    if fx_basis.startswith("NBU official rate on each row"):
        return label("note.rate_daily", lang)
    raise ChartError(f"unknown rate basis {fx_basis!r}: expected one of {list(_BASIS_PREFIXES)}")


def _totals(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The totals rows and their ``fx_rule`` ("basis" when the table has none)."""
    totals = table[table["row_kind"] == "total"] if "row_kind" in table.columns else table
    if "fx_rule" in totals.columns:
        return totals, totals["fx_rule"]
    return totals, pd.Series("basis", index=totals.index)


def rate_texts(table: pd.DataFrame, lang: str) -> list[str]:
    """The rate texts (:func:`rate_basis_text`) of the totals rows of ``cofinancing_at_rates``,
    in row order: the folder's basis first, then the publication's own rate."""
    m = _money(table)
    totals, rules = _totals(table)
    return [
        rate_basis_text(str(basis), float(rate), lang, str(rule), m)
        for rule, basis, rate in zip(rules, totals["fx_basis"], totals[m.rate], strict=True)
    ]


def rate_meta(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """The rates a co-financing figure converts at, for its JSON sidecar (text values):
    ``fx_basis`` and the rate column (``uah_per_eur``…, 4 decimals) of the folder's basis,
    ``printed_<rate column>`` of the publication's own rate when drawn, and ``rates`` = the
    texts joined by "; "."""
    m = _money(table)
    totals, rules = _totals(table)
    out: dict[str, str] = {"rates": "; ".join(rate_texts(table, lang))}
    for rule, basis, rate in zip(rules, totals["fx_basis"], totals[m.rate], strict=True):
        if rule == "printed":
            out[f"printed_{m.rate}"] = f"{float(rate):.4f}"
        elif "fx_basis" not in out:
            out["fx_basis"], out[m.rate] = str(basis), f"{float(rate):.4f}"
    return out


def _check(table: pd.DataFrame, m: MoneyColumns) -> pd.DataFrame:
    """The totals rows of a valid table; ChartError naming every problem."""
    drawn = [m.of(s, w) for w in ("cur", "local") for s, _ in _SIDES]
    require_columns(
        table,
        (*drawn, m.rate, "fx_basis", "row_kind"),
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
        for column in (*dict.fromkeys(drawn), m.rate):
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


def _legend_labels(table: pd.DataFrame, lang: str) -> list[str]:
    """The project by its short name (``attrs["names"]``; «Проєкт» without one) and the
    partners («міста-партнери» only when the project declares partners, ``attrs["partners"]``)."""
    name = (table.attrs.get("names") or {}).get(lang)
    project = (
        label("legend.project_contribution", lang, short=name)
        if name
        else label("legend.project_contribution.anonymous", lang)
    )
    partners = bool(table.attrs.get("partners", False))
    return [project, project_label("legend.partner_contribution", lang, partners=partners)]


def _cur_panel(ax: Axes, totals: pd.DataFrame, m: MoneyColumns, lang: str) -> None:
    """Left panel: project and partner money of the first basis, reporting currency ÷ 10³."""
    words = money_words(m.currency, m.local, lang)
    first = totals.iloc[0]
    for x, (side, colour) in enumerate(_SIDES):
        value = float(first[m.of(side, "cur")])
        ax.bar(x, value / 1e3, width=0.6, color=PALETTE[colour], gid=f"cur:{side}")
        ax.annotate(
            format_number(Decimal(repr(value)) / 1000, lang, 1), (x, value / 1e3),
            xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
            fontsize=9.5, fontweight="bold", gid=f"cur_label:{side}",
        )  # fmt: skip
    ax.set_xticks([])
    # Amounts in other currencies make the reporting totals depend on the rate: say which.
    same = all(totals[m.of(s, "cur")].round(6).nunique() == 1 for s, _ in _SIDES)
    rate = format_number(Decimal(repr(float(first[m.rate]))), lang, 2)
    title = (
        label("panel.cofin_cur", lang, **words)
        if same
        else label("panel.cofin_cur_at", lang, rate=rate, **words)
    )
    ax.set_title(title, fontsize=10, loc="left", gid="cur_title")
    top = max(float(first[m.of(s, "cur")]) for s, _ in _SIDES) / 1e3
    ax.set_ylim(0, top * 1.2)


def _local_panel(ax: Axes, totals: pd.DataFrame, m: MoneyColumns, lang: str) -> None:
    """Right panel: one pair of bars per rate basis, local currency ÷ 10⁶."""
    words = money_words(m.currency, m.local, lang)
    width = 0.38
    for i, row in totals.iterrows():
        for j, (side, colour) in enumerate(_SIDES):
            value = float(row[m.of(side, "local")])
            x = int(i) + (j - 0.5) * width
            ax.bar(
                x, value / 1e6, width=width * 0.92, color=PALETTE[colour],
                alpha=1.0 if i == 0 else 0.7, gid=f"local:{i}:{side}",
            )  # fmt: skip
            ax.annotate(
                format_number(Decimal(repr(value)) / 1_000_000, lang, 2), (x, value / 1e6),
                xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                fontsize=8.5, fontweight="bold", gid=f"local_label:{i}:{side}",
            )  # fmt: skip
    ax.set_xticks(
        range(len(totals)),
        [format_number(Decimal(repr(float(r))), lang, 2) for r in totals[m.rate]],
    )
    ax.set_xlabel(label("axis.rate_local_per_cur", lang, **words), fontsize=8.5)
    ax.set_title(label("panel.cofin_local", lang, **words), fontsize=10, loc="left")
    top = max(totals[m.of(s, "local")].max() for s, _ in _SIDES) / 1e6
    ax.set_ylim(0, float(top) * 1.2)


def _caption(fig: Figure, totals: pd.DataFrame, m: MoneyColumns, lang: str) -> int:
    """The rate caption (each basis and, with two, the difference of the total in the local
    currency: second − first); returns its number of lines."""
    diff = "—"
    if len(totals) >= 2:
        local = totals[m.of("project", "local")] + totals[m.of("partner", "local")]
        sums = [Decimal(repr(float(v))) for v in local.iloc[:2]]
        change = sums[1] - sums[0]
        diff = format_amount(change, m.local, lang, scale="thousand", decimals=0)
        if sums[0]:
            diff += f" ({format_percent(100 * change / sums[0], lang, 1)})"
    caption = label(
        "caption.rate_basis", lang, bases="; ".join(rate_texts(totals, lang)), diff=diff
    )
    lines = textwrap.wrap(caption, 92)
    fig.text(
        _MARGIN_IN / fig.get_figwidth(), (2 * _MARGIN_IN + 1.6 * NOTE_SIZE / 72)
        / fig.get_figheight(), "\n".join(lines), ha="left", va="bottom", fontsize=8,
        color=PALETTE["grey_dark"], linespacing=1.3, gid="rate_caption",
    )  # fmt: skip
    return len(lines)


def _legend(fig: Figure, names: list[str], lines: int) -> None:
    """The legend below the panels, above the rate caption: at the top it would share the
    title's line and cover its end («2015–2020»)."""
    band = (3 * _MARGIN_IN + 1.6 * NOTE_SIZE / 72 + lines * 8 * 1.45 / 72) / fig.get_figheight()
    legend = fig.legend(
        handles=[Patch(color=PALETTE[c], label=n) for (_, c), n in zip(_SIDES, names, strict=True)],
        loc="lower center", bbox_to_anchor=(0.5, band), ncols=2, fontsize=8.5,
    )  # fmt: skip
    legend.set_gid("legend")
    height = legend.get_window_extent().height / fig.bbox.height
    layout = fig.get_layout_engine()
    layout.set(rect=(0, band + height, 1, 1 - band - height))  # type: ignore[union-attr,call-arg]


def cofinancing_contributions(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
) -> Figure:
    """Two panels: project and partner contributions in thousands of the reporting currency
    (left) and millions of the local currency (right), one pair of local bars per rate
    basis; the rates and the local difference in a caption.

    ``table``: ``cofinancing_summary`` results at one or more rate bases, concatenated (only
    the ``row_kind == "total"`` rows are read; the currencies come from the rate column,
    ``uah_per_eur`` → EUR and UAH). Bar heights: ``project_<cur>`` ÷ 10³ and
    ``partner_<cur>`` ÷ 10³; ``project_<local>`` ÷ 10⁶ and ``partner_<local>`` ÷ 10⁶ per
    basis. The legend names the project by ``table.attrs["names"]`` (``cofinancing_at_rates``)
    and says «міста-партнери» only with ``attrs["partners"]``. ``ax`` is not supported (two
    panels) and must be None. ``period``: appended to the title (``periods.period_text``).
    """
    check_lang(lang)
    if ax is not None:
        raise ChartError("cofinancing_contributions draws two panels; ax must be None")
    if table.empty and table.attrs.get("not_converted"):
        reason_uk, reason_en = table.attrs["not_converted"][0]
        raise NotEnoughData("cofinancing_contributions", reason_uk, reason_en)
    require_rows(table, "cofinancing_contributions")
    m = _money(table)
    totals = _check(table, m)
    if source is None and "source" in table.columns:
        source = describe_sources(table["source"], lang)
    if source is None:
        raise ChartError(
            "cofinancing_contributions: no source text; pass source= (e.g. the register)"
        )
    names = _legend_labels(table, lang)
    with canvas(lang, illustrative=illustrative) as c:
        fig = c.figure((6.3, 4.6))
        cur_ax, local_ax = fig.subplots(1, 2, width_ratios=[1, max(1.4, 0.9 * len(totals))])
        _cur_panel(cur_ax, totals, m, lang)
        _local_panel(local_ax, totals, m, lang)
        for axis in (cur_ax, local_ax):
            axis.grid(axis="y")
            axis.set_axisbelow(True)
        fig.suptitle(
            chart_title("title.cofinancing", lang, period), x=0.02, ha="left", fontweight="bold",
            gid="title",
        )  # fmt: skip
        lines = _caption(fig, totals, m, lang)
        c.source(source)
        _legend(fig, names, lines)
        c.data = _drawn(totals, m, names, lang)
    return fig


def _drawn(totals: pd.DataFrame, m: MoneyColumns, names: list[str], lang: str) -> pd.DataFrame:
    """The bars drawn: one row per rate basis and side (reporting thousand, local million)."""
    rows: list[Any] = [
        (name, float(r[m.rate]), r[m.of(side, "cur")] / 1e3, r[m.of(side, "local")] / 1e6)
        for _, r in totals.iterrows()
        for (side, _), name in zip(_SIDES, names, strict=True)
    ]
    words = money_words(m.currency, m.local, lang)
    columns: list[str | tuple[str, Mapping[str, object]]] = [
        "data.category",
        ("axis.rate_local_per_cur", words),
        ("axis.amount_cur_thousand", words),
        ("axis.amount_local_million", words),
    ]
    return drawn_table(rows, columns, lang)
