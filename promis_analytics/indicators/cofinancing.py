"""Co-financing: project and partner contributions in CAD and UAH, share and leverage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from promis_analytics.errors import FxError, IndicatorError
from promis_analytics.indicators._common import (
    NONE,
    TOTAL,
    check_by,
    city_keys,
    finish_grouped,
    is_missing,
    require_columns,
    to_datetime,
)
from promis_analytics.indicators._converter import Converter as _Converter
from promis_analytics.indicators._fx_reasons import amount_reason, fx_reason


def _fx():  # imported lazily (tests replace it)
    from promis_analytics import fx

    return fx


if TYPE_CHECKING:
    from promis_analytics.rate_basis import RateBasis

__all__ = [
    "COFINANCING_BY",
    "COFINANCING_COLUMNS",
    "FX_RULES",
    "cofinancing_at_rates",
    "cofinancing_summary",
]

COFINANCING_BY: tuple[str, ...] = ("fund", "city", "theme", "project_id")

COFINANCING_COLUMNS: tuple[str, ...] = (
    "projects",
    "promis_cad",
    "partner_cad",
    "total_cad",
    "promis_uah",
    "partner_uah",
    "total_uah",
    "partner_share_pct",
    "leverage",
    "uah_per_cad",
    "fx_basis",
    "rows_incomplete",
    "unknown_reason",
)

_FUNC = "cofinancing_summary"
_SIDES = ("promis", "partner")


def _resolve_fx(
    cofinancing: pd.DataFrame, fx: Any, period: tuple[date | str, date | str] | None
) -> tuple[str | float, tuple[date | str, date | str] | None]:
    """The rate rule and period: ``fx`` as given, a ``RateBasis`` unpacked, or (None) the
    basis the register carries (``attrs["fx"]``, set by ``load_dataset`` from the folder's
    ``[fx]``), else the default basis of a folder that declares none."""
    from promis_analytics.rate_basis import RateBasis, rate_basis

    if fx is None:
        fx = cofinancing.attrs.get("fx")
        if not isinstance(fx, RateBasis):
            from promis_analytics.project import ProjectSettings

            fx = rate_basis(ProjectSettings(), cofinancing if "date" in cofinancing else None)
    if isinstance(fx, RateBasis):
        kwargs = fx.summary_kwargs()
        return kwargs["fx"], period if period is not None else kwargs.get("period")
    if isinstance(fx, dict):  # fixed rates per pair, {"EUR_UAH": 42.1}; checked when used
        return {str(k): float(v) for k, v in fx.items()}, period
    if isinstance(fx, bool) or not (isinstance(fx, Real) or fx in ("daily", "period_mean")):
        raise IndicatorError(
            f"{_FUNC}: fx={fx!r}; expected 'daily', 'period_mean', a number (UAH per CAD) or "
            "a RateBasis (ds.fx)"
        )
    if isinstance(fx, Real) and not float(fx) > 0:
        raise IndicatorError(f"{_FUNC}: fixed rate fx={fx!r} must be > 0 (UAH per CAD)")
    return (float(fx) if isinstance(fx, Real) else fx), period


def cofinancing_summary(
    cofinancing: pd.DataFrame,
    *,
    by: Sequence[str] | str = ("fund",),
    fx: str | float | dict[str, float] | RateBasis | None = None,
    period: tuple[date | str, date | str] | None = None,
    rates: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """Project (PROMIS) and partner contributions in CAD and UAH per group of ``by``.

    Input: the cofinancing register (``promis_amount``, ``promis_currency``,
    ``partner_amount``, ``partner_currency``, ``date``, and the ``by`` columns — any of
    ``"fund"``, ``"city"``, ``"theme"``, ``"project_id"``). Amounts are nominal, in their own
    currency; each is converted to CAD and to UAH by one rate rule (``fx=``):

    - ``None`` (default): the data folder's declared basis — ``promis.toml`` ``[fx]``, which
      ``load_dataset`` attaches to the register (``ds["cofinancing"].attrs["fx"]``, the same
      as ``ds.fx``); a table without it gets the basis of a folder that declares none (the
      mean NBU rate over the rows' dates).
    - a ``RateBasis`` (``ds.fx``): its rule, period and rate.
    - ``"daily"``: the official NBU rate on the row's ``date`` (``fx.convert(…, on=date)``);
      ``uah_per_cad`` is then the effective rate Σ total_uah ÷ Σ total_cad of the group.
    - ``"period_mean"``: the mean of the NBU daily rates over one period for every row —
      ``period`` if given, else the span of the rows' dates (earliest to latest ``date`` in
      the whole input, so every group uses the same rate); ``fx_basis`` names the period.
    - a number: a fixed rate in UAH per 1 CAD (e.g. ``20``); CAD × rate = UAH and
      UAH ÷ rate = CAD; an amount in another currency is unknown (NaN, with the reason).
    - a dict of fixed rates per currency pair (``{"EUR_UAH": 42.1, "CAD_UAH": 30}``: units of
      the second per one of the first; ``fx.fixed_rate``: the pair, its inverse, or a cross
      rate via UAH); an amount no declared pair converts is unknown, with the reason.

    ``rates``: the rate files of the NBU rules (``fx.rate_files``: the embedded NBU table and
    a folder's ``rates.csv``); a ``RateBasis`` brings its own; None = the embedded table.

    Columns (money in CAD or UAH as named; nominal sums of the converted row amounts):

    - ``projects`` = number of rows; ``promis_cad``, ``partner_cad``, ``promis_uah``,
      ``partner_uah``; ``total_cad`` = promis_cad + partner_cad; ``total_uah`` likewise.
    - ``partner_share_pct`` = 100 × partner_cad ÷ total_cad (percent; NaN when total is 0).
    - ``leverage`` = partner_cad ÷ promis_cad (CAD of partner money per 1 CAD of project money;
      NaN when the project put in 0).
    - ``uah_per_cad`` = the rate used (see above) and ``fx_basis`` = which rate, in words.
    - Unknown is not zero: an amount that is empty, has no currency or cannot be converted
      (no date for a daily rate, a date or period the NBU rate table does not cover) is
      unknown, and so is every sum it enters — NaN, never 0 (an amount already in CAD keeps
      its CAD value; only its UAH value is unknown, and vice versa). ``rows_incomplete`` =
      rows with such an amount (counted in ``projects``); ``unknown_reason`` = why, in
      Ukrainian and English (``"uk / en"``, distinct reasons joined by "; "; empty when every
      sum is known); each such amount is listed in ``result.attrs["incomplete"]`` (dicts
      with ``row``, ``side``, ``reason_uk``, ``reason`` in English).
    - ``row_kind``: ``"group"``, ``"unallocated"`` (no city, when ``"city"`` in ``by``),
      ``"total"`` (last row, ``"(total)"`` in every ``by`` column). An empty fund/theme is
      ``"(none)"``.

    Empty input gives the totals row only (zeros, NaN share and leverage). With the
    brochure's fund totals (453 300 CAD partner, 317 000 CAD project) and ``fx=20`` the UAH
    columns are exactly 9 066 000 and 6 340 000.
    """
    by_t = check_by(by, COFINANCING_BY, _FUNC)
    require_columns(
        cofinancing,
        ["promis_amount", "promis_currency", "partner_amount", "partner_currency", *by_t],
        _FUNC,
    )
    rule, period = _resolve_fx(cofinancing, fx, period)
    basis_of = fx if fx is not None else cofinancing.attrs.get("fx")
    rates = rates if rates is not None else getattr(basis_of, "files", None)
    if rule in ("daily", "period_mean") and period is None:
        require_columns(cofinancing, ["date"], _FUNC)
    dates = (
        to_datetime(cofinancing["date"])
        if "date" in cofinancing.columns
        else pd.Series(pd.NaT, index=cofinancing.index)
    )
    per, basis = _basis(rule, period, dates, len(cofinancing))
    df = _groups(cofinancing, by_t)
    problems = _convert(cofinancing, dates, _Converter(rule, per, rates, _fx()), df)
    out = _aggregate(df, by_t)
    out["uah_per_cad"] = _rate_column(out, rule, per, rates)
    out["fx_basis"] = basis
    out = finish_grouped(out, by_t, COFINANCING_COLUMNS)
    out.attrs["incomplete"] = tuple(problems)
    return out


def _basis(
    rule: str | float, period: Any, dates: pd.Series, rows: int
) -> tuple[tuple[pd.Timestamp, pd.Timestamp] | None, str]:
    """The period of a period-mean rule and the basis in words."""
    if isinstance(rule, dict):
        return None, "fixed rate per pair: " + ", ".join(f"{k} {v:g}" for k, v in rule.items())
    if isinstance(rule, float):
        return None, f"fixed rate {rule:g} UAH per CAD"
    if rule == "daily":
        return None, "NBU official rate on each row's date (uah_per_cad = effective Σ UAH ÷ Σ CAD)"
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


def _convert(
    cofinancing: pd.DataFrame, dates: pd.Series, conv: _Converter, df: pd.DataFrame
) -> list[dict[str, Any]]:
    """Fill ``df`` with each side's CAD and UAH values (NaN where unknown) and the row's
    reasons; return the unknown amounts."""
    problems: list[dict[str, Any]] = []
    reasons: dict[Any, list[str]] = {idx: [] for idx in cofinancing.index}
    for side in _SIDES:
        cad, uah = [], []
        for idx, amount, currency in zip(
            cofinancing.index,
            cofinancing[f"{side}_amount"],
            cofinancing[f"{side}_currency"],
            strict=True,
        ):
            c = u = np.nan
            reason = None
            if is_missing(amount):
                reason = amount_reason(side, "amount")
            elif is_missing(currency):
                reason = amount_reason(side, "currency")
            else:
                cur = str(currency).strip().upper()
                try:
                    c, u = conv(float(amount), cur, dates.loc[idx])
                except FxError as e:
                    reason = fx_reason(side, e)
                    c = float(amount) if cur == "CAD" else getattr(e, "cad", np.nan)
                    u = float(amount) if cur == "UAH" else getattr(e, "uah", np.nan)
            cad.append(c)
            uah.append(u)
            if reason is not None:
                problems.append(
                    {"row": idx, "side": side, "reason_uk": reason[0], "reason": reason[1]}
                )
                reasons[idx].append(f"{reason[0]} / {reason[1]}")
        df[f"{side}_cad"] = cad
        df[f"{side}_uah"] = uah
    df["_reasons"] = [tuple(reasons[idx]) for idx in cofinancing.index]
    return problems


def _known_sum(values: pd.Series) -> float:
    """Σ values, NaN when any is unknown (unknown is not zero)."""
    return float(values.sum(skipna=False)) if len(values) else 0.0


def _join_reasons(groups: pd.Series) -> str:
    return "; ".join(dict.fromkeys(r for row in groups for r in row))


def _aggregate(df: pd.DataFrame, by_t: tuple[str, ...]) -> pd.DataFrame:
    """Group sums, the totals row, totals, share and leverage."""
    money = [f"{s}_{c}" for s in _SIDES for c in ("cad", "uah")]
    df = df.assign(_row=1, _incomplete=[int(bool(r)) for r in df["_reasons"]])
    aggs: dict[str, Any] = {"projects": ("_row", "sum"), "rows_incomplete": ("_incomplete", "sum")}
    aggs |= {c: (c, _known_sum) for c in money}
    aggs["unknown_reason"] = ("_reasons", _join_reasons)
    agg = df.groupby(list(by_t), sort=True, dropna=False).agg(**aggs).reset_index()
    total: dict[str, Any] = {c: TOTAL for c in by_t}
    total |= {"projects": len(df), "rows_incomplete": int(df["_incomplete"].sum())}
    total |= {c: _known_sum(df[c]) for c in money}
    total["unknown_reason"] = _join_reasons(df["_reasons"])
    out = pd.concat([agg, pd.DataFrame([total])], ignore_index=True)
    out["projects"] = out["projects"].astype(int)
    out["rows_incomplete"] = out["rows_incomplete"].astype(int)
    out["total_cad"] = out["promis_cad"] + out["partner_cad"]
    out["total_uah"] = out["promis_uah"] + out["partner_uah"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["partner_share_pct"] = (100.0 * out["partner_cad"] / out["total_cad"]).where(
            out["total_cad"] > 0
        )
        out["leverage"] = (out["partner_cad"] / out["promis_cad"]).where(out["promis_cad"] > 0)
    return out


def _rate_column(out: pd.DataFrame, rule: Any, per: Any, rates: Any = None) -> Any:
    """``uah_per_cad``: the fixed rate, the effective daily rate, or the period mean (NaN
    when the NBU table does not cover the period or no fixed pair gives CAD→UAH)."""
    if isinstance(rule, dict):
        try:
            return float(_fx().fixed_rate(rule, "CAD", "UAH"))
        except FxError:
            return np.nan
    if isinstance(rule, float):
        return rule
    if rule == "daily":
        with np.errstate(divide="ignore", invalid="ignore"):
            return (out["total_uah"] / out["total_cad"]).where(out["total_cad"] > 0)
    if per is None:
        return np.nan
    try:
        kw: dict[str, Any] = {"period": (per[0].date(), per[1].date())}
        if rates:
            kw["path"] = tuple(rates)
        return float(_fx().convert(1, "CAD", "UAH", **kw).value)
    except FxError:
        return np.nan


#: ``fx_rule`` of ``cofinancing_at_rates``: the folder's basis, the publication's own rate.
FX_RULES = ("basis", "printed")


def cofinancing_at_rates(cofinancing: pd.DataFrame, basis: RateBasis) -> pd.DataFrame:
    """Co-financing by fund at the folder's one rate basis (``rate_basis``: ``[fx]`` of
    ``promis.toml``; ``fx_rule`` = ``"basis"``) and, when the folder declares the
    publication's own rate (``printed_uah_per_cad``: the brochure's 20 UAH/CAD for the embedded
    data), beside it at that rate (``fx_rule`` = ``"printed"``) — ``cofinancing_summary`` per
    rule, column ``fx_rule`` first.

    A rule that cannot be computed is left out and said in ``attrs["not_converted"]``
    (``(reason_uk, reason_en)``): no period for the mean rate, or a total that is unknown
    (an empty amount, a date or period the NBU rate table does not cover — never 0). With
    no rule at all the table is empty (a chart of it is skipped with that reason).
    """
    rules: list[tuple[str, dict[str, Any]]] = []
    missing: list[tuple[str, str]] = []
    if basis.convertible:
        rules.append(("basis", basis.summary_kwargs()))
    else:
        missing.append((
            "немає дат, щоб обрати курс НБУ: датуйте рядки або вкажіть період у promis.toml",
            "no dates to choose the NBU rate: date the rows or declare the period in promis.toml",
        ))  # fmt: skip
    if basis.printed is not None:
        rules.append(("printed", {"fx": basis.printed}))
    parts = []
    for rule, kwargs in rules:
        t = cofinancing_summary(cofinancing, by=("fund",), **kwargs)
        total = t.iloc[-1]
        if total[["promis_cad", "partner_cad", "promis_uah", "partner_uah"]].isna().any():
            reasons = [r.split(" / ", 1) for r in str(total["unknown_reason"]).split("; ")]
            uk = "; ".join(r[0] for r in reasons) or "курс НБУ невідомий"
            en = "; ".join(r[-1] for r in reasons) or "NBU rate unknown"
            missing.append((f"сума невідома: {uk}", f"sum unknown: {en}"))
            continue
        t.insert(0, "fx_rule", rule)
        parts.append(t)
    columns = ["fx_rule", "fund", *COFINANCING_COLUMNS, "row_kind"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    out.attrs["not_converted"] = missing
    return out
