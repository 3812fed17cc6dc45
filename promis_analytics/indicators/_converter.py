"""Co-financing amounts converted to the reporting and local currency under one rate rule."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.errors import FxError
from promis_analytics.indicators._fx_reasons import amount_reason, fx_reason
from promis_analytics.indicators.common import is_missing
from promis_analytics.indicators.money_columns import MoneyColumns

__all__ = ["Converter", "convert_sides"]

SIDES = ("project", "partner")


def _fx() -> Any:  # imported lazily (and replaced by tests)
    from promis_analytics import fx

    return fx


class _Partial(FxError):
    """A conversion that gave some of the target currencies (``values``; NaN the others)."""

    def __init__(self, message: str, values: tuple[float, ...]) -> None:
        super().__init__(message)
        self.values = values


class Converter:
    """Converts one amount to each of ``targets`` (ISO codes) under one rate rule: a dict
    of fixed pairs (``fx.fixed_rate``), "daily" (the NBU rate on the row's date) or
    "period_mean" (the mean NBU rate over ``period``)."""

    def __init__(
        self,
        rule: Any,
        period: Any,
        rates: Sequence[Any] | None = None,
        fx: Any = None,
        targets: tuple[str, ...] = ("UAH",),
    ) -> None:
        self.rule = rule
        self.period = period
        self.rates = tuple(rates) if rates else None  # rate files (None: the embedded table)
        self.fx = fx  # the fx module (None: promis_analytics.fx)
        self.targets = targets

    def _nbu_kwargs(self, on: pd.Timestamp | None) -> dict[str, Any]:
        if self.rule == "daily":
            if on is None or pd.isna(on):
                raise FxError("no date on the row for a daily rate")
            kw: dict[str, Any] = {"on": on.date()}
        else:
            assert self.period is not None
            kw = {"period": (self.period[0].date(), self.period[1].date())}
        if self.rates:
            kw["path"] = self.rates
        return kw

    def __call__(self, amount: float, currency: str, on: pd.Timestamp | None) -> tuple[float, ...]:
        """The value in each target currency; raises FxError when one is impossible (a
        ``_Partial`` carries the values that could be converted)."""
        fx = self.fx or _fx()
        out: list[float] = []
        failed: FxError | None = None
        kw: dict[str, Any] | None = None
        for target in self.targets:
            try:
                if currency == target:
                    out.append(amount)
                elif isinstance(self.rule, dict):  # fixed rates per pair ([fx.fixed])
                    rate = fx.fixed_rate(self.rule, currency, target)
                    out.append(float(Decimal(repr(float(amount))) * rate))
                else:
                    kw = kw if kw is not None else self._nbu_kwargs(on)
                    out.append(float(fx.convert(amount, currency, target, **kw).value))
            except FxError as exc:
                out.append(np.nan)
                failed = failed or exc
        if failed is not None:  # the targets that convert keep their value
            raise _Partial(str(failed), tuple(out))
        return tuple(out)


def _one(
    conv: Converter, side: str, amount: Any, currency: Any, on: Any
) -> tuple[tuple[float, ...], tuple[str, str] | None]:
    """One amount in every target currency (NaN where unknown) and why it is unknown."""
    nan = tuple(np.nan for _ in conv.targets)
    if is_missing(amount):
        return nan, amount_reason(side, "amount")
    if is_missing(currency):
        return nan, amount_reason(side, "currency")
    try:
        return conv(float(amount), str(currency).strip().upper(), on), None
    except FxError as exc:
        return getattr(exc, "values", nan), fx_reason(side, exc)


def convert_sides(
    cofinancing: pd.DataFrame,
    dates: pd.Series,
    conv: Converter,
    money: MoneyColumns,
    df: pd.DataFrame,
) -> list[dict[str, Any]]:
    """Fill ``df`` with each side's value in the reporting and local currency (columns of
    ``money``; NaN where unknown) and the row's reasons (``_reasons``); return the unknown
    amounts (dicts with ``row``, ``side``, ``reason_uk``, ``reason`` in English)."""
    problems: list[dict[str, Any]] = []
    reasons: dict[Any, list[str]] = {idx: [] for idx in cofinancing.index}
    for side in SIDES:
        values: list[tuple[float, ...]] = []
        for idx, amount, currency in zip(
            cofinancing.index,
            cofinancing[f"{side}_amount"],
            cofinancing[f"{side}_currency"],
            strict=True,
        ):
            value, reason = _one(conv, side, amount, currency, dates.loc[idx])
            values.append(value)
            if reason is not None:
                problems.append(
                    {"row": idx, "side": side, "reason_uk": reason[0], "reason": reason[1]}
                )
                reasons[idx].append(f"{reason[0]} / {reason[1]}")
        for k, which in enumerate(("cur", "local")):
            df[money.of(side, which)] = [v[k] for v in values]
    df["_reasons"] = [tuple(reasons[idx]) for idx in cofinancing.index]
    return problems
