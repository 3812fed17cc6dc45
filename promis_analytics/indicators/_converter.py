"""One co-financing amount converted to CAD and UAH under one rate rule (``cofinancing``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.errors import FxError

__all__ = ["Converter"]

_TO = ("CAD", "UAH")


def _fx():  # imported lazily (and replaced by tests)
    from promis_analytics import fx

    return fx


class _Partial(FxError):
    """A conversion that gave one of CAD and UAH (``cad``/``uah``; NaN the other)."""

    def __init__(self, message: str, cad: float, uah: float) -> None:
        super().__init__(message)
        self.cad, self.uah = cad, uah


class Converter:
    """Converts one amount to CAD and UAH under one rate rule and says which rule."""

    def __init__(
        self, rule: Any, period: Any, rates: Sequence[Any] | None = None, fx: Any = None
    ) -> None:
        self.rule = rule
        self.period = period
        self.rates = tuple(rates) if rates else None  # rate files (None: the embedded table)
        self.fx = fx  # the fx module (None: promis_analytics.fx)

    def __call__(
        self, amount: float, currency: str, on: pd.Timestamp | None
    ) -> tuple[float, float]:
        """(value in CAD, value in UAH); raises FxError when impossible."""
        fx = self.fx or _fx()
        if isinstance(self.rule, dict):  # fixed rates per currency pair ([fx.fixed])
            value, out, failed = Decimal(repr(float(amount))), [], None
            for target in _TO:
                try:
                    out.append(float(value * fx.fixed_rate(self.rule, currency, target)))
                except FxError as exc:
                    out.append(np.nan)
                    failed = failed or exc
            if failed is not None:  # the side that converts keeps its value
                raise _Partial(str(failed), out[0], out[1])
            return out[0], out[1]
        if isinstance(self.rule, float):
            if currency not in ("CAD", "UAH"):
                raise FxError(f"no fixed rate {currency}→CAD in [fx.fixed] (declared: CAD_UAH)")
            r = Decimal(repr(self.rule))
            if currency == "CAD":
                return amount, float(fx.convert(amount, "CAD", "UAH", rate=r).value)
            return float(fx.convert(amount, "UAH", "CAD", rate=1 / r).value), amount
        if self.rule == "daily":
            if on is None or pd.isna(on):
                raise FxError("no date on the row for a daily rate")
            kw: dict[str, Any] = {"on": on.date()}
        else:
            assert self.period is not None
            kw = {"period": (self.period[0].date(), self.period[1].date())}
        if self.rates:
            kw["path"] = self.rates
        cad = (
            amount if currency == "CAD" else float(fx.convert(amount, currency, "CAD", **kw).value)
        )
        uah = (
            amount if currency == "UAH" else float(fx.convert(amount, currency, "UAH", **kw).value)
        )
        return cad, uah
