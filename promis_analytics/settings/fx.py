"""``[fx]`` of ``promis.toml``: the declared rate basis, checked (every problem at once)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import partial
from typing import Any

from promis_analytics.settings.common import SettingsError, parse_date, unknown_keys

__all__ = ["BASES", "FX_WHERE", "declared_period", "fx_problems"]

#: Allowed ``[fx] basis`` values: the NBU rate on each row's date, the mean NBU rate over the
#: period the money was spent, or one fixed rate.
BASES = ("daily", "period_mean", "fixed")
_KEYS = {"basis", "start", "end", "uah_per_cad", "printed_uah_per_cad", "fixed"}
FX_WHERE = "promis.toml [fx]"


def _number(where: str, value: Any) -> float:
    """A rate in UAH per CAD: a finite number above 0 (not inf, nan, text or a boolean)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not value > 0:
        raise SettingsError(
            f"{where}: очікувалося число > 0 (грн за CAD, скінченне), знайдено {value!r} / "
            f"expected a number > 0 (UAH per CAD, finite), found {value!r}"
        )
    return float(value)


def declared_period(fx: dict[str, Any], where: str) -> tuple[dt.date, dt.date] | None:
    has = ("start" in fx, "end" in fx)
    if not any(has):
        return None
    if not all(has):
        raise SettingsError(f"{where}: потрібні обидві дати start і end / both start and end")
    start = parse_date(f"{where} start", fx["start"])
    end = parse_date(f"{where} end", fx["end"])
    if start > end:
        raise SettingsError(f"{where}: start {start} пізніше за end {end} / start is after end")
    return start, end


def fx_problems(fx: dict[str, Any]) -> list[str]:
    """Every problem of an ``[fx]`` table (uk / en; empty when none): unknown keys (with «did
    you mean»), a basis not in :data:`BASES`, dates, rates that are not finite numbers > 0,
    ``fixed`` without ``uah_per_cad``."""
    problems = [unknown_keys(FX_WHERE, fx, sorted(_KEYS))]
    rule = fx.get("basis", "period_mean")
    if not isinstance(rule, str) or rule not in BASES:
        problems.append(
            f"{FX_WHERE} basis: {rule!r}; очікувалося одне з {list(BASES)} / expected one of "
            f"{list(BASES)}"
        )
    checks: list[Callable[[], object]] = [partial(declared_period, fx, FX_WHERE)]  # any rule
    checks += [
        partial(_number, f"{FX_WHERE} {key}", fx[key])
        for key in ("uah_per_cad", "printed_uah_per_cad")
        if key in fx
    ]
    for check in checks:
        try:
            check()
        except SettingsError as exc:
            problems.append(str(exc))
    problems += _fixed_problems(fx.get("fixed"))
    if rule == "fixed" and "uah_per_cad" not in fx and not fx.get("fixed"):
        problems.append(
            f"{FX_WHERE}: basis = fixed потребує [fx.fixed] (напр. EUR_UAH = 42.1) або uah_per_cad "
            "/ needs [fx.fixed] (e.g. EUR_UAH = 42.1) or uah_per_cad"
        )
    return [p for p in problems if p]


def _fixed_problems(table: Any) -> list[str]:
    """Every problem of ``[fx.fixed]``: keys ``XXX_YYY`` of two ISO 4217 codes, rates > 0."""
    from promis_analytics.currencies import is_currency

    if table is None:
        return []
    if not isinstance(table, dict):
        return [f"{FX_WHERE}.fixed: очікувалася таблиця / expected a table"]
    out = []
    for key, value in table.items():
        parts = key.split("_")
        if len(parts) != 2 or not all(map(is_currency, parts)) or parts[0] == parts[1]:
            out.append(
                f"{FX_WHERE}.fixed {key}: очікувалася пара кодів ISO 4217 на зразок EUR_UAH (грн "
                f"за 1 EUR) / expected a pair of ISO 4217 codes such as EUR_UAH (UAH per EUR)"
            )
            continue
        try:
            _number(f"{FX_WHERE}.fixed {key}", value)
        except SettingsError as exc:
            out.append(
                str(exc)
                .replace("грн за CAD", f"{parts[1]} за {parts[0]}")
                .replace("UAH per CAD", f"{parts[1]} per {parts[0]}")
            )
    return out
