"""The one rate basis of a data folder: declared once in ``promis.toml`` ``[fx]``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from promis_analytics.periods import date_span, period_text
from promis_analytics.project import DEFAULT_CURRENCY, ProjectSettings
from promis_analytics.settings.common import SettingsError
from promis_analytics.settings.fx import BASES, FX_WHERE, declared_period, fx_problems

__all__ = ["BASES", "RateBasis", "fx_problems", "rate_basis"]


@dataclass(frozen=True)
class RateBasis:
    """How every output converts CAD to UAH.

    ``rule``: one of :data:`BASES`; ``period``: (start, end) the money was spent over (the
    period of the ``period_mean`` rate; None for the other rules); ``uah_per_cad``: the rate of
    the ``fixed`` rule; ``printed``: the publication's own rate (UAH per CAD), shown beside the
    basis and never used in its place; ``declared``: True when ``[fx]`` set the basis (False:
    the default, the mean NBU rate over the rows' dates or the project period); ``fixed``:
    the ``fixed`` rule's declared pairs (``[fx.fixed]`` ``"EUR_UAH" = 42.1``: UAH per EUR;
    ``uah_per_cad`` is the pair ``CAD_UAH``); ``files``: the rate files conversions read
    (``fx.rate_files``: the embedded NBU table and the folder's ``rates.csv``; empty = the
    embedded table); ``currency``: the reporting currency (``[project] currency``) and
    ``local``: the currency reported beside it (``[project] local_currency``).
    """

    rule: str
    period: tuple[dt.date, dt.date] | None = None
    uah_per_cad: float | None = None
    printed: float | None = None
    declared: bool = False
    fixed: tuple[tuple[str, float], ...] = ()
    files: tuple[Path, ...] = ()
    currency: str = DEFAULT_CURRENCY
    local: str = DEFAULT_CURRENCY

    def pairs(self) -> dict[str, float]:
        """The fixed rule's pairs, ``uah_per_cad`` included as ``CAD_UAH``."""
        out = dict(self.fixed)
        if self.uah_per_cad is not None:
            out.setdefault("CAD_UAH", self.uah_per_cad)
        return out

    def summary_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``indicators.cofinancing_summary`` for this basis."""
        money = {"currency": self.currency, "local": self.local}
        rates = {"rates": self.files} if self.files else {}
        if self.rule == "fixed":
            return {"fx": self.pairs(), **money}
        if self.rule == "period_mean":
            return {"fx": "period_mean", "period": self.period, **rates, **money}
        return {"fx": "daily", **rates, **money}

    def printed_kwargs(self) -> dict[str, Any] | None:
        """Keyword arguments of ``cofinancing_summary`` at the publication's own rate (the
        pair ``CAD_UAH`` = ``printed_uah_per_cad``); None when not declared."""
        if self.printed is None:
            return None
        return {"fx": {"CAD_UAH": self.printed}, "currency": self.currency, "local": self.local}

    def __str__(self) -> str:
        if self.rule == "fixed" and not self.fixed:
            text = f"fixed rate {self.uah_per_cad:g} UAH per CAD"
        elif self.rule == "fixed":
            text = "fixed rate per pair: " + ", ".join(
                f"{k} {v:g}" for k, v in self.pairs().items()
            )
        elif self.rule == "daily":
            text = "NBU official rate on each row's date"
        elif self.period is None:
            text = "mean NBU official rate (no period: nothing can be converted)"
        else:
            text = f"mean NBU official rate {self.period[0]}…{self.period[1]}"
        if self.printed is not None:
            text += f"; the publication's own rate {self.printed:g} UAH per CAD shown beside"
        return text

    def period_text(self, lang: str) -> str | None:
        """The period the money was spent, as titles say it (``periods.period_text``);
        None for the daily and fixed rules."""
        return period_text(*self.period, lang) if self.period is not None else None

    @property
    def convertible(self) -> bool:
        """False when the basis cannot convert anything (period mean without a period)."""
        return not (self.rule == "period_mean" and self.period is None)


def rate_basis(
    settings: ProjectSettings,
    cofinancing: pd.DataFrame | None = None,
    folder: Path | str | None = None,
) -> RateBasis:
    """The folder's rate basis.

    ``[fx]`` in ``promis.toml``: ``basis`` = daily | period_mean | fixed (default
    period_mean); ``start`` / ``end``: the period the money was spent (period_mean; default:
    the earliest to the latest ``date`` of the co-financing rows, else the ``[project]``
    period); ``[fx.fixed]``: the rates of ``fixed`` per currency pair (``EUR_UAH = 42.1``;
    ``uah_per_cad`` = the pair ``CAD_UAH``); ``printed_uah_per_cad``: the publication's own
    rate, shown beside. ``folder``: where a ``rates.csv`` of the user's own rates may be
    (``fx.rate_files``). Raises ``SettingsError`` (uk and en) on a bad value.
    """
    from promis_analytics.fx_files import rate_files

    fx = dict(settings.fx)
    problems = fx_problems(fx)
    if problems:
        raise SettingsError("\n".join(problems))
    rule = fx.get("basis", "period_mean")
    printed = fx.get("printed_uah_per_cad")
    printed = float(printed) if printed is not None else None
    files = rate_files(folder) if folder is not None else ()
    files = files if len(files) > 1 else ()  # the embedded table alone: the default
    cur, local = settings.currency, settings.local_currency
    if rule == "fixed":
        cad = fx.get("uah_per_cad")
        fixed = tuple((k, float(v)) for k, v in sorted((fx.get("fixed") or {}).items()))
        cad = None if cad is None else float(cad)
        return RateBasis("fixed", None, cad, printed, True, fixed, (), cur, local)
    if rule == "daily":
        return RateBasis("daily", None, None, printed, True, (), files, cur, local)
    rows = date_span(cofinancing, ["date"]) if cofinancing is not None else None
    period = declared_period(fx, FX_WHERE) or rows or settings.period
    return RateBasis("period_mean", period, None, printed, bool(fx), (), files, cur, local)
