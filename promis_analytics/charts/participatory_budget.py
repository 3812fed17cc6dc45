"""Charts: participatory-budget funding per year (with the total) and published per-city sums."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from promis_analytics.charts.annotate import (
    describe_sources,
)
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns, require_rows
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError
from promis_analytics.formatting import check_lang, format_amount, format_number
from promis_analytics.registers.schema.codes import FACT_QUALIFIERS

__all__ = [
    "INFERRED_MARK",
    "PB_CITY_METRICS",
    "PB_YEAR_METRIC",
    "inferred_note",
    "participatory_budget_per_city",
    "participatory_budget_per_year",
    "tick_text",
    "web_sources_text",
]

#: facts metric of the yearly funding of all partner cities (key-deliverables infographic).
PB_YEAR_METRIC = "participatory_budget_funding"

#: facts metrics of per-city published sums → (legend label key, palette colour key).
PB_CITY_METRICS: dict[str, tuple[str, str]] = {
    "participatory_budget_fund": ("legend.pb_fund", "1000"),
    "participatory_budget_winners_total": ("legend.pb_winners_total", "2000"),
    "participatory_budget_annual_fund": ("legend.pb_annual_fund", "3000"),
}

_FACT_COLUMNS = ("metric", "value", "unit", "period_start", "period_end", "source")
_MILLION = 1_000_000


def _check_facts(func: str, table: pd.DataFrame, metrics: tuple[str, ...], *, city: bool) -> None:
    """Collect every problem of a facts slice into one ChartError (row = table index)."""
    needed = (*_FACT_COLUMNS, "cities") if city else _FACT_COLUMNS
    require_columns(table, needed, func)
    if table.empty:
        require_rows(table, func)
    problems: list[str] = []
    for i, row in table.iterrows():
        if row["metric"] not in metrics:
            problems.append(f"row {i}: metric {row['metric']!r}, expected one of {list(metrics)}")
        if row["unit"] != "UAH":
            problems.append(f"row {i}: unit {row['unit']!r}, expected 'UAH'")
        if pd.isna(row["value"]):
            problems.append(f"row {i}: empty 'value'")
        elif row["value"] < 0:
            problems.append(f"row {i}: negative value {row['value']}")
        for column in ("period_start", "period_end"):
            if pd.isna(row[column]):
                problems.append(f"row {i}: empty {column!r}")
        if city:
            cities = "" if pd.isna(row["cities"]) else str(row["cities"]).strip()
            if not cities or ";" in cities:
                problems.append(f"row {i}: 'cities' must name one city, found {cities!r}")
    if problems:
        raise ChartError(f"{func}: " + "; ".join(problems))


def tick_text(value: float, lang: str) -> str:
    """An axis tick in ``lang``: whole numbers without decimals, others with one (2,5)."""
    number = float(value)
    return format_number(number, lang, 0 if number.is_integer() else 1)


def _period_text(start: pd.Timestamp, end: pd.Timestamp) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def participatory_budget_per_year(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    illustrative: bool = False,
) -> Figure:
    """Bars of participatory-budget funding per year in UAH million, the total annotated.

    ``table``: facts rows of metric :data:`PB_YEAR_METRIC` (columns ``metric, value, unit,
    period_start, period_end, source``), one calendar year each, unit UAH. Bar height =
    ``value`` ÷ 10⁶ (UAH million); the annotated total = Σ ``value`` over the rows (e.g.
    17,3 + 31,5 + 36,9 + 62,5 + 81,6 = 229,8 млн грн). Bars are in year order; rows whose
    year was inferred (:func:`inferred_note`) are said so under the chart. Returns the
    Figure (nothing shown or saved).
    """
    func = "participatory_budget_per_year"
    check_lang(lang)
    _check_facts(func, table, (PB_YEAR_METRIC,), city=False)
    years = _calendar_years(func, table)
    data = pd.DataFrame({"year": years.to_numpy(), "value": table["value"].to_numpy()})
    data = data.sort_values("year", kind="stable").reset_index(drop=True)
    heights = data["value"] / _MILLION

    with canvas(lang, (6.3, 3.9), ax=ax, illustrative=illustrative) as c:
        _year_bars(c.ax, data, heights, lang)
        _year_total(c.ax, data, lang)
        if source is None:
            source = describe_sources(table["source"], lang)
        note = inferred_note(table, lang)
        c.source(f"{source}. {note}" if note else source)
        drawn = zip(data["year"], heights, strict=True)
        c.data = drawn_table(drawn, ["axis.year", "axis.amount_uah_million"], lang)
    return c.fig


def _calendar_years(func: str, table: pd.DataFrame) -> pd.Series:
    """The year of each row; ChartError (all problems) when a row spans several years or
    two rows share one."""
    starts = pd.to_datetime(table["period_start"])
    ends = pd.to_datetime(table["period_end"])
    problems = [
        f"row {i}: period {s.date()}…{e.date()} is not one calendar year"
        for i, s, e in zip(table.index, starts, ends, strict=True)
        if s.year != e.year
    ]
    years = starts.dt.year
    dup = sorted(set(years[years.duplicated()].tolist()))
    if dup:
        problems.append(f"several rows for year(s) {dup}")
    if problems:
        raise ChartError(f"{func}: " + "; ".join(problems))
    return years


def _year_bars(ax: Axes, data: pd.DataFrame, heights: pd.Series, lang: str) -> None:
    """One bar per year (UAH million) with its value written on top, the y axis and title."""
    positions = range(len(data))
    for x, year, height, value in zip(positions, data["year"], heights, data["value"], strict=True):
        ax.bar(x, height, width=0.62, color=PALETTE["1000"], gid=f"bar:{year}")
        ax.annotate(
            format_number(Decimal(repr(float(value))) / _MILLION, lang, 1),
            (x, height), xytext=(0, 3), textcoords="offset points",
            ha="center", va="bottom", fontsize=10, fontweight="bold",
            color=PALETTE["text"], gid=f"bar_label:{year}",
        )  # fmt: skip
    ax.set_xticks(list(positions), [str(y) for y in data["year"]])
    ax.set_ylabel(label("axis.amount_uah_million", lang))
    ax.set_ylim(0, float(heights.max()) * 1.18)
    ax.yaxis.set_major_formatter(lambda v, _pos: tick_text(v, lang))
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    first, last = int(data["year"].iloc[0]), int(data["year"].iloc[-1])
    ax.set_title(label("title.pb_funding_per_year", lang, first=first, last=last))


def _year_total(ax: Axes, data: pd.DataFrame, lang: str) -> None:
    """The total over the years (Σ ``value``, exact Decimals) written in the top left."""
    total = sum((Decimal(repr(float(v))) for v in data["value"]), Decimal(0))
    first, last = int(data["year"].iloc[0]), int(data["year"].iloc[-1])
    ax.text(
        0.02, 0.96,
        label("annot.pb_total", lang, first=first, last=last,
              amount=format_amount(total, "UAH", lang, scale="million", decimals=1)),
        transform=ax.transAxes, ha="left", va="top", fontsize=11, fontweight="bold",
        color=PALETTE["highlight"], gid="total",
    )  # fmt: skip


#: Word a facts ``locator`` carries when the row's value or period was inferred, not printed.
INFERRED_MARK = "inferred"


def inferred_note(table: pd.DataFrame, lang: str) -> str:
    """The caption's sentence when any row's ``locator`` says its figure was inferred
    (:data:`INFERRED_MARK`): «Розподіл за роками виведено, а не надруковано…»; else ""."""
    check_lang(lang)
    if "locator" not in table.columns:
        return ""
    if not table["locator"].astype(str).str.contains(INFERRED_MARK, regex=False).any():
        return ""
    return label("caption.inferred_years", lang)


def per_year_title(per_year: pd.DataFrame, lang: str) -> str:
    """Title of the per-year chart with the years the rows cover (``…`` when none)."""
    starts = pd.to_datetime(per_year["period_start"]).dt.year.dropna()
    ends = pd.to_datetime(per_year["period_end"]).dt.year.dropna()
    first = int(starts.min()) if len(starts) else "…"
    last = int(ends.max()) if len(ends) else "…"
    return label("title.pb_funding_per_year", lang, first=first, last=last)


def web_sources_text(table: pd.DataFrame, lang: str) -> str:
    """Source line text (``lang``) of facts rows: documents by name; when more than two web
    pages are cited, they are counted as web publications (the addresses stay in the
    register) — a source line names documents, never data files."""
    is_url = table["source"].astype(str).str.startswith(("http://", "https://"))
    urls = table.loc[is_url, "source"].unique()
    if len(urls) <= 2:
        return describe_sources(table["source"], lang, empty="")
    parts = [describe_sources(table.loc[~is_url, "source"], lang)] if (~is_url).any() else []
    parts.append(label("source.publications", lang, n=format_number(len(urls), lang)))
    return "; ".join(parts)


def _amount_text(value: float, lang: str, qualifier: object = None) -> str:
    """UAH amount in millions with the decimals (0–2) it needs: 8, 2,5, 3,24 млн грн; an amount
    that needs more is written in full (9 998 647 грн) rather than rounded to "10,00". The
    source's ``qualifier`` (``registers.schema.codes.FACT_QUALIFIERS``: almost, about, at least…)
    goes before it, as the source printed it: «майже 2,5 млн грн» / "almost UAH 2.5 million"."""
    exact = Decimal(repr(float(value)))
    millions = exact / _MILLION
    text = format_amount(exact, "UAH", lang, scale="unit", decimals=0)
    for decimals in (0, 1, 2):
        if millions == round(millions, decimals):
            text = format_amount(exact, "UAH", lang, scale="million", decimals=decimals)
            break
    if isinstance(qualifier, str) and qualifier.strip():
        words = FACT_QUALIFIERS.get(qualifier.strip())
        if words is None:
            raise ChartError(
                f"qualifier {qualifier!r}: expected one of {list(FACT_QUALIFIERS)} or empty"
            )
        text = f"{words[0 if lang == 'uk' else 1]} {text}"
    return text


def _city_order(keys: pd.Series) -> list[int]:
    """Sort positions: partner cities in brochure order, then other places by key."""
    from promis_analytics import reference

    order = {k: i for i, k in enumerate(reference.PARTNER_KEYS)}
    return [order.get(k, len(order)) for k in keys]


def participatory_budget_per_city(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
) -> Figure:
    """Horizontal bars of the participatory-budget sums published for single cities.

    ``table``: facts rows whose ``metric`` is one of :data:`PB_CITY_METRICS` (fund, value of
    winning projects, annual fund), ``cities`` one city key, unit UAH. One bar per row,
    labelled "city, year" (a multi-year period is written first–last), length = ``value`` ÷
    10⁶ (UAH million), colour by metric, the amount written at the bar's end with the
    source's ``qualifier`` when the table has one («майже 2,5 млн грн»). Cities in
    brochure order, then by year. Only published figures are drawn: a city without a row has
    no bar (the chart does not estimate). Returns the Figure.
    ``period``: the period the data cover, appended to the title
    (``periods.period_text``).
    """
    func = "participatory_budget_per_city"
    check_lang(lang)
    _check_facts(func, table, tuple(PB_CITY_METRICS), city=True)
    _check_city_keys(func, table)
    data = table.assign(
        _city=table["cities"].str.strip(),
        _start=pd.to_datetime(table["period_start"]),
        _end=pd.to_datetime(table["period_end"]),
    )
    data = data.assign(_order=_city_order(data["_city"]))
    data = data.sort_values(["_order", "_start", "metric"], kind="stable").reset_index(drop=True)
    n = len(data)

    with canvas(lang, (6.3, 1.3 + 0.34 * n), ax=ax, illustrative=illustrative) as c:
        ticks = _city_bars(c.ax, data, lang)
        _city_axes(c.ax, data, ticks, lang)
        c.title(chart_title("title.pb_per_city", lang, period))
        if source is None:
            source = web_sources_text(table, lang)
        c.source(source)
        metrics = [label(PB_CITY_METRICS[m][0], lang) for m in data["metric"]]
        drawn = zip(ticks, metrics, data["value"] / _MILLION, strict=True)
        columns = ["data.place", "data.series", "axis.amount_uah_million"]
        c.data = drawn_table(drawn, columns, lang)
    return c.fig


def _check_city_keys(func: str, table: pd.DataFrame) -> None:
    """ChartError naming every row whose ``cities`` key the reference does not know."""
    from promis_analytics import reference

    problems = []
    for i, key in table["cities"].items():
        try:
            reference.city(str(key).strip())
        except (KeyError, ValueError):
            problems.append(f"row {i}: unknown city key {key!r}")
    if problems:
        raise ChartError(f"{func}: " + "; ".join(problems))


def _city_bars(ax: Axes, data: pd.DataFrame, lang: str) -> list[str]:
    """One horizontal bar per row (UAH million), coloured by metric, its amount at the end;
    returns the tick texts «city, years» in row order."""
    ticks = []
    used: list[str] = []
    for y, row in data.iterrows():
        legend_key, colour_key = PB_CITY_METRICS[row["metric"]]
        width = row["value"] / _MILLION
        ax.barh(
            y, width, height=0.66, color=PALETTE[colour_key],
            gid=f"bar:{row['_city']}:{row['_start'].year}:{row['metric']}",
            label=label(legend_key, lang) if legend_key not in used else None,
        )  # fmt: skip
        if legend_key not in used:
            used.append(legend_key)
        ax.annotate(
            _amount_text(row["value"], lang, row.get("qualifier")),
            (width, y), xytext=(3, 0), textcoords="offset points", ha="left",
            va="center", fontsize=8.5, color=PALETTE["text"],
            gid=f"bar_label:{row['_city']}:{row['_start'].year}:{row['metric']}",
        )  # fmt: skip
        ticks.append(
            f"{label('city.' + row['_city'], lang)}, {_period_text(row['_start'], row['_end'])}"
        )
    return ticks


def _city_axes(ax: Axes, data: pd.DataFrame, ticks: list[str], lang: str) -> None:
    """Ticks, the amount axis (UAH million, 30 % room for the labels), grid and legend."""
    ax.set_yticks(range(len(data)), ticks)
    ax.invert_yaxis()
    ax.set_xlabel(label("axis.amount_uah_million", lang))
    ax.set_xlim(0, float(data["value"].max()) / _MILLION * 1.3)
    ax.xaxis.set_major_formatter(lambda v, _pos: tick_text(v, lang))
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.legend(loc="lower right")
