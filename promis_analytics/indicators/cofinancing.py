"""Co-financing: project and partner contributions in CAD and UAH, share and leverage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
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
)

_FUNC = "cofinancing_summary"
_SIDES = ("promis", "partner")


def _fx():  # imported lazily: the fx module is owned by another engineer
    from promis_analytics import fx

    return fx


class _Converter:
    """Converts one amount to CAD and UAH under one rate rule and says which rule."""

    def __init__(self, rule: str | float, period: tuple[pd.Timestamp, pd.Timestamp] | None):
        self.rule = rule
        self.period = period

    def __call__(
        self, amount: float, currency: str, on: pd.Timestamp | None
    ) -> tuple[float, float]:
        """(value in CAD, value in UAH); raises FxError/IndicatorError when impossible."""
        fx = _fx()
        if isinstance(self.rule, float):
            if currency not in ("CAD", "UAH"):
                raise IndicatorError(
                    f"{_FUNC}: a fixed rate is UAH per CAD; cannot convert {currency}"
                )
            r = Decimal(repr(self.rule))
            to_cad = {"rate": 1 / r} if currency == "UAH" else None
            to_uah = {"rate": r} if currency == "CAD" else None
            cad = (
                amount
                if to_cad is None
                else float(fx.convert(amount, "UAH", "CAD", **to_cad).value)
            )
            uah = (
                amount
                if to_uah is None
                else float(fx.convert(amount, "CAD", "UAH", **to_uah).value)
            )
            return cad, uah
        if self.rule == "daily":
            if on is None or pd.isna(on):
                raise FxError("no date on the row for a daily rate")
            kw: dict[str, Any] = {"on": on.date()}
        else:
            assert self.period is not None
            kw = {"period": (self.period[0].date(), self.period[1].date())}
        cad = (
            amount if currency == "CAD" else float(fx.convert(amount, currency, "CAD", **kw).value)
        )
        uah = (
            amount if currency == "UAH" else float(fx.convert(amount, currency, "UAH", **kw).value)
        )
        return cad, uah


def cofinancing_summary(
    cofinancing: pd.DataFrame,
    *,
    by: Sequence[str] | str = ("fund",),
    fx: str | float = "daily",
    period: tuple[date | str, date | str] | None = None,
) -> pd.DataFrame:
    """Project (PROMIS) and partner contributions in CAD and UAH per group of ``by``.

    Input: the cofinancing register (``promis_amount``, ``promis_currency``,
    ``partner_amount``, ``partner_currency``, ``date``, and the ``by`` columns — any of
    ``"fund"``, ``"city"``, ``"theme"``, ``"project_id"``). Amounts are nominal, in their own
    currency; each is converted to CAD and to UAH by one of three rules (``fx=``):

    - ``"daily"``: the official NBU rate on the row's ``date`` (``fx.convert(…, on=date)``);
      ``uah_per_cad`` is then the effective rate Σ total_uah ÷ Σ total_cad of the group.
    - ``"period_mean"``: the mean of the NBU daily rates over one period for every row —
      ``period`` if given, else the span of the rows' dates (earliest to latest ``date`` in
      the whole input, so every group uses the same rate); ``fx_basis`` names the period.
    - a number: a fixed rate in UAH per 1 CAD (e.g. ``20``); CAD × rate = UAH and
      UAH ÷ rate = CAD; other currencies cannot be converted with a single rate and raise.

    Columns (money in CAD or UAH as named; nominal sums of the converted row amounts):

    - ``projects`` = number of rows; ``promis_cad``, ``partner_cad``, ``promis_uah``,
      ``partner_uah``; ``total_cad`` = promis_cad + partner_cad; ``total_uah`` likewise.
    - ``partner_share_pct`` = 100 × partner_cad ÷ total_cad (percent; NaN when total is 0).
    - ``leverage`` = partner_cad ÷ promis_cad (CAD of partner money per 1 CAD of project money;
      NaN when the project put in 0).
    - ``uah_per_cad`` = the rate used (see above) and ``fx_basis`` = which rate, in words.
    - ``rows_incomplete`` = rows with an empty amount or currency, or whose amount could not
      be converted (no date for a daily rate, no NBU rate that day); they count in
      ``projects`` but such an amount is left out of **both** the CAD and the UAH sums (even
      when it needs no rate for one of them), so that the two stay comparable. Never silent:
      check this column (each such amount is also listed in ``result.attrs["incomplete"]``, a
      tuple of dicts with ``row`` and ``reason``).
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
    if isinstance(fx, bool) or not (isinstance(fx, Real) or fx in ("daily", "period_mean")):
        raise IndicatorError(
            f"{_FUNC}: fx={fx!r}; expected 'daily', 'period_mean' or a number (UAH per CAD)"
        )
    if isinstance(fx, Real) and not float(fx) > 0:
        raise IndicatorError(f"{_FUNC}: fixed rate fx={fx!r} must be > 0 (UAH per CAD)")
    if fx in ("daily", "period_mean") and period is None:
        require_columns(cofinancing, ["date"], _FUNC)

    dates = (
        to_datetime(cofinancing["date"])
        if "date" in cofinancing.columns
        else pd.Series(pd.NaT, index=cofinancing.index)
    )
    per: tuple[pd.Timestamp, pd.Timestamp] | None = None
    rule: str | float = float(fx) if isinstance(fx, Real) else fx
    if isinstance(rule, float):
        basis = f"fixed rate {rule:g} UAH per CAD"
    elif rule == "daily":
        basis = "NBU official rate on each row's date (uah_per_cad = effective Σ UAH ÷ Σ CAD)"
    else:
        if period is not None:
            per = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
        elif dates.notna().any():
            per = (dates.min(), dates.max())
        elif len(cofinancing):
            raise IndicatorError(f"{_FUNC}: fx='period_mean' needs dates or period=")
        if per is not None:
            basis = f"mean NBU official rate {per[0].date()}…{per[1].date()}"
        else:
            basis = "mean NBU official rate (no rows)"
    conv = _Converter(rule, per)

    df = pd.DataFrame(index=cofinancing.index)
    for col in by_t:
        if col == "city":
            df["city"] = city_keys(cofinancing["city"], _FUNC)
        else:
            df[col] = [NONE if is_missing(v) else str(v) for v in cofinancing[col]]
    problems: list[dict[str, Any]] = []
    incomplete = pd.Series(0, index=cofinancing.index)
    for side in _SIDES:
        cad, uah = [], []
        for idx, amount, currency in zip(
            cofinancing.index,
            cofinancing[f"{side}_amount"],
            cofinancing[f"{side}_currency"],
            strict=True,
        ):
            reason = None
            if is_missing(amount):
                reason = f"{side}_amount empty"
            elif is_missing(currency):
                reason = f"{side}_currency empty"
            else:
                try:
                    c, u = conv(float(amount), str(currency).strip().upper(), dates.loc[idx])
                except FxError as e:
                    reason = f"{side}_amount not converted: {e}"
            if reason is None:
                cad.append(c)
                uah.append(u)
            else:
                cad.append(0.0)
                uah.append(0.0)
                incomplete.loc[idx] = 1
                problems.append({"row": idx, "reason": reason})
        df[f"{side}_cad"] = cad
        df[f"{side}_uah"] = uah
    df["_incomplete"] = incomplete
    df["_row"] = 1

    sums = {
        "projects": ("_row", "sum"),
        "promis_cad": ("promis_cad", "sum"),
        "partner_cad": ("partner_cad", "sum"),
        "promis_uah": ("promis_uah", "sum"),
        "partner_uah": ("partner_uah", "sum"),
        "rows_incomplete": ("_incomplete", "sum"),
    }
    agg = df.groupby(list(by_t), sort=True, dropna=False).agg(**sums).reset_index()
    total = {c: TOTAL for c in by_t} | {c: (agg[c].sum() if len(agg) else 0) for c in sums}
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
        if isinstance(rule, float):
            out["uah_per_cad"] = rule
        elif rule == "daily":
            out["uah_per_cad"] = (out["total_uah"] / out["total_cad"]).where(out["total_cad"] > 0)
        else:
            rate = (
                float(_fx().convert(1, "CAD", "UAH", period=(per[0].date(), per[1].date())).value)
                if per is not None
                else np.nan
            )
            out["uah_per_cad"] = rate
    out["fx_basis"] = basis
    out = finish_grouped(out, by_t, COFINANCING_COLUMNS)
    out.attrs["incomplete"] = tuple(problems)
    return out


#: ``fx_rule`` of ``cofinancing_at_rates``: the folder's basis, the publication's own rate.
FX_RULES = ("basis", "printed")


def cofinancing_at_rates(cofinancing: pd.DataFrame, basis: RateBasis) -> pd.DataFrame:
    """Co-financing by fund at the folder's one rate basis (``rate_basis``: ``[fx]`` of
    ``promis.toml``; ``fx_rule`` = ``"basis"``) and, when the folder declares the
    publication's own rate (``printed_uah_per_cad``: the brochure's 20 UAH/CAD for the embedded
    data), beside it at that rate (``fx_rule`` = ``"printed"``) — ``cofinancing_summary`` per
    rule, column ``fx_rule`` first.

    A rule that cannot be computed is left out and said in ``attrs["not_converted"]``
    (``(reason_uk, reason_en)``): no period for the mean rate, or a period the NBU rate table
    does not cover. With no rule at all the table is empty (a chart of it is skipped with that
    reason).
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
        try:
            t = cofinancing_summary(cofinancing, by=("fund",), **kwargs)
        except FxError as exc:
            missing.append((f"курс НБУ невідомий: {exc}", str(exc)))
            continue
        t.insert(0, "fx_rule", rule)
        parts.append(t)
    columns = ["fx_rule", "fund", *COFINANCING_COLUMNS, "row_kind"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    out.attrs["not_converted"] = missing
    return out
