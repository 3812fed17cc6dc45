"""Co-financing: project and partner contributions in the reporting and local currency."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from promis_analytics.errors import FxError, IndicatorError
from promis_analytics.indicators._converter import SIDES, Converter, convert_sides
from promis_analytics.indicators.common import (
    NONE,
    TOTAL,
    check_by,
    city_keys,
    finish_grouped,
    is_missing,
    require_columns,
    to_datetime,
)
from promis_analytics.indicators.money_columns import MoneyColumns
from promis_analytics.project import DEFAULT_CURRENCY, ProjectSettings
from promis_analytics.rate_basis import RateBasis, rate_basis


def _fx() -> Any:  # imported lazily (tests replace it)
    from promis_analytics import fx

    return fx


if TYPE_CHECKING:
    Rule = str | dict[str, float]

__all__ = [
    "COFINANCING_BY",
    "FX_RULES",
    "cofinancing_at_rates",
    "cofinancing_summary",
]

COFINANCING_BY: tuple[str, ...] = ("fund", "city", "theme", "project_id")

_FUNC = "cofinancing_summary"


def _basis_of(cofinancing: pd.DataFrame, fx: Any) -> RateBasis | None:
    """The ``RateBasis`` given or carried by the register (``attrs["fx"]``), if any."""
    if isinstance(fx, RateBasis):
        return fx
    carried = cofinancing.attrs.get("fx")
    return carried if fx is None and isinstance(carried, RateBasis) else None


def _money(basis: RateBasis | None, currency: str | None, local: str | None) -> MoneyColumns:
    """The reporting and local currency: as given, else the basis's, else the default."""
    from promis_analytics.currencies import is_currency

    cur = currency or (basis.currency if basis else DEFAULT_CURRENCY)
    loc = local or (basis.local if basis else DEFAULT_CURRENCY)
    for name, code in (("currency", cur), ("local", loc)):
        if not is_currency(code):
            raise IndicatorError(f"{_FUNC}: {name}={code!r} is not an ISO 4217 code (e.g. 'EUR')")
    return MoneyColumns(cur, loc)


def _resolve_fx(
    cofinancing: pd.DataFrame, fx: Any, period: Any, money: MoneyColumns
) -> tuple[Rule, Any]:
    """The rate rule and period: a ``RateBasis`` unpacked (given or, with ``fx`` None,
    carried by the register; else the default basis of a folder that declares none), a rule
    name, a dict of fixed pairs, or a number = the pair ``<currency>_<local>``."""
    basis = _basis_of(cofinancing, fx)
    if fx is None and basis is None:
        basis = rate_basis(ProjectSettings(), cofinancing if "date" in cofinancing else None)
    if basis is not None:
        kwargs = basis.summary_kwargs()
        return kwargs["fx"], period if period is not None else kwargs.get("period")
    if isinstance(fx, dict):  # fixed rates per pair, {"EUR_UAH": 42.1}; checked when used
        return {str(k): float(v) for k, v in fx.items()}, period
    if isinstance(fx, bool) or not (isinstance(fx, Real) or fx in ("daily", "period_mean")):
        raise IndicatorError(
            f"{_FUNC}: fx={fx!r}; expected 'daily', 'period_mean', a number ({money.local} per "
            f"{money.currency}), a dict of fixed pairs or a RateBasis (ds.fx)"
        )
    if isinstance(fx, Real):
        if not float(fx) > 0:
            raise IndicatorError(
                f"{_FUNC}: fixed rate fx={fx!r} must be > 0 ({money.local} per {money.currency})"
            )
        return {f"{money.currency}_{money.local}": float(fx)}, period
    return str(fx), period


def cofinancing_summary(
    cofinancing: pd.DataFrame,
    *,
    by: Sequence[str] | str = ("fund",),
    fx: str | float | dict[str, float] | RateBasis | None = None,
    period: tuple[date | str, date | str] | None = None,
    rates: Sequence[Any] | None = None,
    currency: str | None = None,
    local: str | None = None,
) -> pd.DataFrame:
    """Project and partner contributions in the reporting and local currency per group.

    Input: the cofinancing register (``project_amount``, ``project_currency``,
    ``partner_amount``, ``partner_currency``, ``date``, and the ``by`` columns — any of
    ``"fund"``, ``"city"``, ``"theme"``, ``"project_id"``). Amounts are nominal, in their own
    currency (UAH, EUR, USD, CAD…); each is converted to the reporting currency ``currency``
    (``[project] currency``) and to the local one ``local`` (``[project] local_currency``) —
    ISO 4217 codes; default the ``RateBasis``'s, else UAH — by one rate rule (``fx=``):

    - ``None`` (default): the data folder's declared basis — ``promis.toml`` ``[fx]``, which
      ``load_dataset`` attaches to the register (``ds["cofinancing"].attrs["fx"]``, the same
      as ``ds.fx``); a table without it gets the basis of a folder that declares none (the
      mean NBU rate over the rows' dates).
    - a ``RateBasis`` (``ds.fx``): its rule, period, rate files and currencies.
    - ``"daily"``: the official NBU rate on the row's ``date`` (``fx.convert(…, on=date)``).
    - ``"period_mean"``: the mean of the NBU daily rates over one period for every row —
      ``period`` if given, else the span of the rows' dates (earliest to latest ``date`` in
      the whole input, so every group uses the same rate); ``fx_basis`` names the period.
    - a number: a fixed rate in ``local`` units per 1 ``currency`` unit (the pair
      ``<currency>_<local>``); an amount in a third currency is unknown, with the reason.
    - a dict of fixed rates per currency pair (``{"EUR_UAH": 42.1, "USD_UAH": 39.5}``: units
      of the second per one of the first; ``fx.fixed_rate``: the pair, its inverse, or a
      cross rate via UAH); an amount no declared pair converts is unknown, with the reason.

    ``rates``: the rate files of the NBU rules (``fx.rate_files``: the embedded NBU table and
    a folder's ``rates.csv``); a ``RateBasis`` brings its own; None = the embedded table.

    Columns (``MoneyColumns``; e.g. EUR reported, UAH beside: ``project_eur``,
    ``partner_eur``, ``total_eur``, ``project_uah``…, ``uah_per_eur``; one set when the two
    currencies are the same); money is the nominal sum of the converted row amounts:

    - ``projects`` = number of rows; ``total_<cur>`` = project + partner in each currency.
    - ``partner_share_pct`` = 100 × partner ÷ total in the reporting currency (percent; NaN
      when the total is 0).
    - ``leverage`` = partner ÷ project in the reporting currency (partner money per 1 unit of
      project money; NaN when the project put in 0).
    - ``<local>_per_<cur>`` = the rate used: the fixed rate, the period mean, or with daily
      rates the effective Σ total_local ÷ Σ total_cur of the group; ``fx_basis`` = in words.
    - Unknown is not zero: an amount that is empty, has no currency or cannot be converted
      (no date for a daily rate, a date or period the rate tables do not cover, no declared
      pair) is unknown, and so is every sum it enters — NaN, never 0 (an amount keeps its
      value in its own currency). ``rows_incomplete`` = rows with such an amount;
      ``unknown_reason`` = why, in Ukrainian and English (``"uk / en"``, distinct reasons
      joined by "; "); each such amount is listed in ``result.attrs["incomplete"]`` (dicts
      with ``row``, ``side``, ``reason_uk``, ``reason`` in English).
    - ``row_kind``: ``"group"``, ``"unallocated"`` (no city, when ``"city"`` in ``by``),
      ``"total"`` (last row, ``"(total)"`` in every ``by`` column). An empty fund/theme is
      ``"(none)"``.

    Empty input gives the totals row only (zeros, NaN share and leverage). With 1 000 CAD of
    project money, 1 500 CAD of partner money and ``fx=20`` (CAD reported, UAH beside) the
    UAH columns are exactly 20 000 and 30 000.
    """
    by_t = check_by(by, COFINANCING_BY, _FUNC)
    return _summarise(cofinancing, by_t, fx, period, rates, (currency, local))


def _summarise(
    cofinancing: pd.DataFrame,
    by_t: tuple[str, ...],
    fx: Any,
    period: Any,
    rates: Sequence[Any] | None,
    currencies: tuple[str | None, str | None],
) -> pd.DataFrame:
    """``cofinancing_summary`` after its arguments are read: convert, group, sum."""
    require_columns(
        cofinancing,
        ["project_amount", "project_currency", "partner_amount", "partner_currency", *by_t],
        _FUNC,
    )
    basis = _basis_of(cofinancing, fx)
    money = _money(basis, *currencies)
    rule, period = _resolve_fx(cofinancing, fx, period, money)
    rates = rates if rates is not None else (basis.files if basis is not None else None)
    if rule in ("daily", "period_mean") and period is None:
        require_columns(cofinancing, ["date"], _FUNC)
    dates = (
        to_datetime(cofinancing["date"])
        if "date" in cofinancing.columns
        else pd.Series(pd.NaT, index=cofinancing.index)
    )
    per, words = _basis(rule, period, dates, len(cofinancing))
    df = _groups(cofinancing, by_t)
    targets = (money.currency, money.local)
    conv = Converter(rule, per, rates, _fx(), targets)
    problems = convert_sides(cofinancing, dates, conv, money, df)
    out = _aggregate(df, by_t, money)
    out[money.rate] = _rate_column(out, rule, per, rates, money)
    out["fx_basis"] = words
    out = finish_grouped(out, by_t, money.columns())
    out.attrs["incomplete"] = tuple(problems)
    return out


def _basis(
    rule: Rule, period: Any, dates: pd.Series, rows: int
) -> tuple[tuple[pd.Timestamp, pd.Timestamp] | None, str]:
    """The period of a period-mean rule and the basis in words."""
    if isinstance(rule, dict):
        if len(rule) == 1:
            ((pair, value),) = rule.items()
            src, dst = pair.split("_")
            return None, f"fixed rate {value:g} {dst} per {src}"
        return None, "fixed rate per pair: " + ", ".join(f"{k} {v:g}" for k, v in rule.items())
    if rule == "daily":
        return None, "NBU official rate on each row's date (rate = effective Σ local ÷ Σ reported)"
    per = None
    if period is not None:
        per = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    elif dates.notna().any():
        per = (dates.min(), dates.max())
    elif rows:
        raise IndicatorError(f"{_FUNC}: fx='period_mean' needs dates or period=")
    if per is None:
        return None, "mean NBU official rate (no rows)"
    return per, f"mean NBU official rate {per[0].date()}…{per[1].date()}"


def _groups(cofinancing: pd.DataFrame, by_t: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame(index=cofinancing.index)
    for col in by_t:
        if col == "city":
            df["city"] = city_keys(cofinancing["city"], _FUNC)
        else:
            df[col] = [NONE if is_missing(v) else str(v) for v in cofinancing[col]]
    return df


def _known_sum(values: pd.Series) -> float:
    """Σ values, NaN when any is unknown (unknown is not zero)."""
    return float(values.sum(skipna=False)) if len(values) else 0.0


def _join_reasons(groups: pd.Series) -> str:
    return "; ".join(dict.fromkeys(r for row in groups for r in row))


def _aggregate(df: pd.DataFrame, by_t: tuple[str, ...], money: MoneyColumns) -> pd.DataFrame:
    """Group sums, the totals row, totals, share and leverage."""
    df = df.assign(_row=1, _incomplete=[int(bool(r)) for r in df["_reasons"]])
    aggs: dict[str, Any] = {"projects": ("_row", "sum"), "rows_incomplete": ("_incomplete", "sum")}
    aggs |= {c: (c, _known_sum) for c in money.amounts}
    aggs["unknown_reason"] = ("_reasons", _join_reasons)
    agg = df.groupby(list(by_t), sort=True, dropna=False).agg(**aggs).reset_index()
    total: dict[str, Any] = {c: TOTAL for c in by_t}
    total |= {"projects": len(df), "rows_incomplete": int(df["_incomplete"].sum())}
    total |= {c: _known_sum(df[c]) for c in money.amounts}
    total["unknown_reason"] = _join_reasons(df["_reasons"])
    out = pd.concat([agg, pd.DataFrame([total])], ignore_index=True)
    out["projects"] = out["projects"].astype(int)
    out["rows_incomplete"] = out["rows_incomplete"].astype(int)
    for which in ("cur", "local"):
        sides = [out[money.of(s, which)] for s in SIDES]
        out[money.of("total", which)] = sides[0] + sides[1]
    project, partner = (out[money.of(s, "cur")] for s in SIDES)
    total_cur = out[money.of("total", "cur")]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["partner_share_pct"] = (100.0 * partner / total_cur).where(total_cur > 0)
        out["leverage"] = (partner / project).where(project > 0)
    return out


def _rate_column(out: pd.DataFrame, rule: Rule, per: Any, rates: Any, money: MoneyColumns) -> Any:
    """Local units per one reporting unit: the fixed rate, the effective daily rate, or the
    period mean (NaN when the rate tables do not cover the period or no fixed pair gives it)."""
    cur, local = money.currency, money.local
    if isinstance(rule, dict):
        try:
            return float(_fx().fixed_rate(rule, cur, local))
        except FxError:
            return np.nan
    if rule == "daily":
        total_cur, total_local = out[money.of("total", "cur")], out[money.of("total", "local")]
        with np.errstate(divide="ignore", invalid="ignore"):
            return (total_local / total_cur).where(total_cur > 0)
    if per is None:
        return np.nan
    try:
        kw: dict[str, Any] = {"period": (per[0].date(), per[1].date())}
        if rates:
            kw["path"] = tuple(rates)
        return float(_fx().convert(1, cur, local, **kw).value)
    except FxError:
        return np.nan


#: ``fx_rule`` of ``cofinancing_at_rates``: the folder's basis, the publication's own rate.
FX_RULES = ("basis", "printed")


def cofinancing_at_rates(
    cofinancing: pd.DataFrame, basis: RateBasis, settings: ProjectSettings | None = None
) -> pd.DataFrame:
    """Co-financing by fund at the folder's one rate basis (``rate_basis``: ``[fx]`` of
    ``promis.toml``; ``fx_rule`` = ``"basis"``) and, when the folder declares the
    publication's own rate (``printed_uah_per_cad``), beside it at that rate (``fx_rule`` =
    ``"printed"``) — ``cofinancing_summary`` per rule in the basis's currencies, column
    ``fx_rule`` first.

    A rule that cannot be computed is left out and said in ``attrs["not_converted"]``
    (``(reason_uk, reason_en)``): no period for the mean rate, or a total that is unknown
    (an empty amount, a date or period the rate tables do not cover — never 0). With no rule
    at all the table is empty (a chart of it is skipped with that reason).

    ``attrs["column_labels"]``: column → (uk, en, unit) of the money columns
    (``MoneyColumns.labels``) with the project's short name and partner wording from
    ``settings`` (``[project] short_uk``/``short_en``, ``partners``); ``attrs["names"]``:
    the short names (``{"uk": …, "en": …}``, None when not declared) and
    ``attrs["partners"]`` (True when ``[project] partners`` is declared) for charts.
    """
    money = MoneyColumns(basis.currency, basis.local)
    rules: list[tuple[str, dict[str, Any]]] = []
    missing: list[tuple[str, str]] = []
    if basis.convertible:
        rules.append(("basis", basis.summary_kwargs()))
    else:
        missing.append((
            "немає дат, щоб обрати курс НБУ: датуйте рядки або вкажіть період у promis.toml",
            "no dates to choose the NBU rate: date the rows or declare the period in promis.toml",
        ))  # fmt: skip
    printed = basis.printed_kwargs()
    if printed is not None:
        rules.append(("printed", printed))
    parts = []
    for rule, kwargs in rules:
        t = cofinancing_summary(cofinancing, by=("fund",), **kwargs)
        total = t.iloc[-1]
        if total[list(money.amounts)].isna().any():
            missing.append(_unknown_total(t.attrs["incomplete"]))
            continue
        t.insert(0, "fx_rule", rule)
        parts.append(t)
    columns = ["fx_rule", "fund", *money.columns(), "row_kind"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    out.attrs["not_converted"] = missing
    settings = settings or ProjectSettings()
    names = {lang: settings.short_name(lang) for lang in ("uk", "en")}
    out.attrs["names"] = names
    out.attrs["partners"] = settings.partners is not None
    out.attrs["column_labels"] = money.labels(names["uk"], names["en"], out.attrs["partners"])
    return out


def _unknown_total(incomplete: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """Why a rule's total is unknown (uk, en): its unknown amounts' distinct reasons
    (``attrs["incomplete"]`` of ``cofinancing_summary``), each language apart."""
    uk = "; ".join(dict.fromkeys(p["reason_uk"] for p in incomplete)) or "курс невідомий"
    en = "; ".join(dict.fromkeys(p["reason"] for p in incomplete)) or "rate unknown"
    return f"сума невідома: {uk}", f"sum unknown: {en}"
