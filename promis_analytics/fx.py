"""Official NBU exchange rates and currency conversions that say which rate they used."""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import TypeAlias

import numpy as np
import pandas as pd

from promis_analytics import paths
from promis_analytics.errors import FxError
from promis_analytics.fx_files import FOLDER_RATES, RATES_FILE, rate_files, read_rates

__all__ = [
    "FOLDER_RATES",
    "HOME_CURRENCY",
    "PRECISION",
    "RATES_FILE",
    "Conversion",
    "convert",
    "currencies",
    "date_range",
    "fixed_rate",
    "mean_uah_per_unit",
    "rate_files",
    "rates",
    "uah_per_unit",
]

HOME_CURRENCY = "UAH"
#: Significant digits kept by quotients (UAH→X, cross rates, period means). Products of the
#: CSV's decimal rates with amounts fit in this precision, so X→UAH and fixed-rate
#: conversions are exact.
PRECISION = 40

DateLike: TypeAlias = date | datetime | str | pd.Timestamp


@dataclass(frozen=True)
class Conversion:
    """A converted amount: ``value`` in the target currency, ``rate`` (units of the target
    currency per one unit of the source currency) and ``basis`` (the rate used, in words)."""

    value: Decimal
    rate: Decimal
    basis: str


@dataclass(frozen=True)
class _Table:
    names: str
    exact: dict[tuple[str, date], Decimal]
    frame: pd.DataFrame
    first: date
    last: date
    currencies: tuple[str, ...]


RatePaths = Path | str | Sequence[Path | str] | None


def _rates_path(path: RatePaths) -> tuple[Path, ...]:
    """The rate files: the embedded NBU table (None), one file, or several (``rate_files``)."""
    if path is None:
        return (paths.raw_dir() / RATES_FILE,)
    if isinstance(path, str | Path):
        return (Path(path),)
    return tuple(Path(p) for p in path)


@functools.lru_cache(maxsize=8)
def _load(files: tuple[Path, ...]) -> _Table:
    """Read and check the rate files (``fx_files.read_rates``); every bad row at once."""
    t = read_rates(files)
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime([d for _, d in t.exact]),
            "currency": [c for c, _ in t.exact],
            "uah_per_unit": [float(v) for v in t.exact.values()],
        }
    )
    frame = frame.sort_values(["date", "currency"], ignore_index=True)
    curs = tuple(sorted({c for c, _ in t.exact}))
    return _Table(t.names, t.exact, frame, t.first, t.last, curs)


def rates(path: RatePaths = None) -> pd.DataFrame:
    """The NBU official rates: columns ``date`` (datetime64), ``currency`` (ISO code),
    ``uah_per_unit`` (float, hryvnias per one unit). Cached; a copy is returned.

    Conversions do not use these floats: they use the exact decimals of the CSV text.
    ``path`` defaults to ``data/raw/nbu_official_rates_2014_2022.csv``.
    """
    return _load(_rates_path(path)).frame.copy()


def currencies(path: RatePaths = None) -> tuple[str, ...]:
    """The currencies convertible here: UAH plus those in the rate table."""
    return (HOME_CURRENCY, *_load(_rates_path(path)).currencies)


def date_range(path: RatePaths = None) -> tuple[date, date]:
    """First and last day of the rate table."""
    t = _load(_rates_path(path))
    return t.first, t.last


def _to_date(value: object, what: str) -> date:
    if value is pd.NaT:
        raise FxError(f"{what}: missing date (NaT)")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, np.datetime64) and not np.isnat(value):
        return pd.Timestamp(value).date()
    raise FxError(f"{what}: {value!r} is not a date (give a date, pandas Timestamp or YYYY-MM-DD)")


def _currency(code: object, table: _Table) -> str:
    cur = code.strip().upper() if isinstance(code, str) else code
    if cur != HOME_CURRENCY and cur not in table.currencies:
        known = ", ".join((HOME_CURRENCY, *table.currencies))
        raise FxError(f"unknown currency {code!r}; known: {known}")
    return str(cur)


def _check_in_range(day: date, table: _Table, what: str) -> None:
    if not table.first <= day <= table.last:
        raise FxError(
            f"{what} {day.isoformat()} is outside the NBU rate table "
            f"({table.first.isoformat()}…{table.last.isoformat()}, {table.names})"
        )


def _rate_on(cur: str, day: date, table: _Table) -> Decimal:
    if cur == HOME_CURRENCY:
        return Decimal(1)
    _check_in_range(day, table, "date")
    try:
        return table.exact[(cur, day)]
    except KeyError:
        raise FxError(f"no NBU rate for {cur} on {day.isoformat()} in {table.names}") from None


def uah_per_unit(currency: str, on: DateLike, *, path: RatePaths = None) -> Decimal:
    """The NBU official rate of ``currency`` on day ``on``: hryvnias per one unit (exact
    decimal as published; ``Decimal(1)`` for UAH)."""
    table = _load(_rates_path(path))
    return _rate_on(_currency(currency, table), _to_date(on, "on"), table)


def _period_mean(cur: str, start: date, end: date, table: _Table) -> tuple[Decimal, int]:
    if cur == HOME_CURRENCY:
        return Decimal(1), (end - start).days + 1
    values = [
        _rate_on(cur, start + timedelta(days=i), table) for i in range((end - start).days + 1)
    ]
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return sum(values, Decimal(0)) / len(values), len(values)


def _period(period: object) -> tuple[date, date]:
    if isinstance(period, str) or not isinstance(period, Sequence) or len(period) != 2:
        raise FxError(f"period must be a pair (start, end) of dates; got {period!r}")
    start, end = _to_date(period[0], "period start"), _to_date(period[1], "period end")
    if end < start:
        raise FxError(f"period end {end.isoformat()} is before its start {start.isoformat()}")
    return start, end


def mean_uah_per_unit(
    currency: str, start: DateLike, end: DateLike, *, path: RatePaths = None
) -> Decimal:
    """Arithmetic mean of the daily NBU rates of ``currency`` (UAH per unit) over the closed
    range ``start``…``end``: ``sum(rate[d] for d in start..end) / number_of_days``.

    The table has one rate per calendar day, so weekends and holidays count like other days.
    Rounded to :data:`PRECISION` significant digits.
    """
    table = _load(_rates_path(path))
    s, e = _period((start, end))
    _check_in_range(s, table, "period start")
    _check_in_range(e, table, "period end")
    return _period_mean(_currency(currency, table), s, e, table)[0]


def _to_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool):
        raise FxError(f"{what}: {value!r} is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Real | str):  # int, float and their numpy kin
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise FxError(f"{what}: {value!r} is not a number") from None
    else:
        raise FxError(f"{what}: {value!r} is not a number (give a Decimal, int or str)")
    if not result.is_finite():
        raise FxError(f"{what}: {value!r} is not a finite number")
    return result


def _show(rate: Decimal) -> str:
    text = format(rate, "f")
    return text if "." in text else text + ".0"


def convert(
    amount: Decimal | int | str,
    from_currency: str,
    to_currency: str,
    *,
    on: DateLike | None = None,
    period: tuple[DateLike, DateLike] | None = None,
    rate: Decimal | int | str | None = None,
    path: RatePaths = None,
) -> Conversion:
    """Convert ``amount`` of ``from_currency`` into ``to_currency``; give exactly one of:

    - ``on``: the NBU official rate of that day;
    - ``period=(start, end)``: the arithmetic mean of the daily NBU rates over the closed range
      (see :func:`mean_uah_per_unit`);
    - ``rate``: a fixed rate in **units of ``to_currency`` per one unit of ``from_currency``**
      (``convert(317000, "CAD", "UAH", rate=20)`` → 6 340 000 UAH).

    NBU rates are UAH per unit, so with ``r(X)`` the rate (or period mean) of X and r(UAH)=1:
    ``rate = r(from) / r(to)`` and ``value = amount × r(from) / r(to)``. Between two foreign
    currencies this is a cross rate via UAH (the ratio of the two means for a period), and the
    basis says so. X→UAH and fixed-rate products are exact Decimals (no rounding); quotients
    keep :data:`PRECISION` significant digits. Round for display only (``formatting``).

    ``amount`` and ``rate`` may be Decimal, int, str or float (a float is read through its
    ``str``: 0.1 → Decimal("0.1")); dates may be ``date``, ``datetime``, pandas ``Timestamp``,
    ``numpy.datetime64`` or ``"YYYY-MM-DD"``. Raises FxError on any bad input.
    """
    table = _load(_rates_path(path))
    given = [name for name, v in (("on", on), ("period", period), ("rate", rate)) if v is not None]
    if len(given) != 1:
        got = "none" if not given else " and ".join(f"{g}=" for g in given)
        raise FxError(f"give exactly one of on=, period=, rate=; got {got}")
    value_in = _to_decimal(amount, "amount")
    src, dst = _currency(from_currency, table), _currency(to_currency, table)

    with localcontext() as ctx:
        ctx.prec = PRECISION
        if rate is not None:
            return _fixed_conversion(value_in, rate, src, dst)
        r_src, r_dst, head = _nbu_rates(src, dst, on, period, table)
        if src == dst:
            return Conversion(value=value_in, rate=Decimal(1), basis=f"{head}; same currency")
        conv_rate = r_src / r_dst
        value = value_in * r_src if r_dst == 1 else value_in * r_src / r_dst
        if period is not None:  # show means to 6 decimals in words; ``rate`` keeps them all
            r_src, r_dst = (
                r if r == 1 else r.quantize(Decimal("0.000001")) for r in (r_src, r_dst)
            )
        detail = _rates_in_words(src, dst, r_src, r_dst)
        return Conversion(value=value, rate=conv_rate, basis=f"{head}: {detail}")


def _fixed_conversion(value_in: Decimal, rate: object, src: str, dst: str) -> Conversion:
    """``value_in × rate`` for a rate given by the caller (units of ``dst`` per ``src``)."""
    fixed = _to_decimal(rate, "rate")
    if fixed <= 0:
        raise FxError(f"rate must be positive; got {rate!r}")
    if src == dst and fixed != 1:
        raise FxError(f"rate {rate!r} given for converting {src} into itself")
    return Conversion(
        value=value_in * fixed,
        rate=fixed,
        basis=f"fixed rate {_show(fixed)} {dst} per {src}",
    )


def _nbu_rates(
    src: str,
    dst: str,
    on: DateLike | None,
    period: tuple[DateLike, DateLike] | None,
    table: _Table,
) -> tuple[Decimal, Decimal, str]:
    """UAH per unit of ``src`` and of ``dst`` on the day ``on`` (else the means over
    ``period``), and the head of the basis text that names where they come from."""
    if on is not None:
        day = _to_date(on, "on")
        _check_in_range(day, table, "date")
        head = f"NBU official rate on {day.isoformat()}"
        return _rate_on(src, day, table), _rate_on(dst, day, table), head
    start, end = _period(period)
    _check_in_range(start, table, "period start")
    _check_in_range(end, table, "period end")
    (r_src, n), (r_dst, _) = (
        _period_mean(src, start, end, table),
        _period_mean(dst, start, end, table),
    )
    head = (
        f"mean NBU rate {start.isoformat()}…{end.isoformat()} (arithmetic mean of {n} daily rates)"
    )
    return r_src, r_dst, head


def _rates_in_words(src: str, dst: str, r_src: Decimal, r_dst: Decimal) -> str:
    """«41.5 UAH per USD» when one side is the home currency, else the cross rate via UAH."""
    if HOME_CURRENCY in (src, dst):
        foreign = dst if src == HOME_CURRENCY else src
        r_foreign = r_dst if src == HOME_CURRENCY else r_src
        return f"{_show(r_foreign)} UAH per {foreign}"
    return f"cross rate via UAH: {_show(r_src)} UAH per {src}, {_show(r_dst)} UAH per {dst}"


def _pair_rate(pairs: Mapping[str, object], src: str, dst: str) -> Decimal | None:
    """A declared pair ``SRC_DST`` (dst per src), or the inverse of ``DST_SRC``; None."""
    if f"{src}_{dst}" in pairs:
        return _to_decimal(pairs[f"{src}_{dst}"], f"{src}_{dst}")
    if f"{dst}_{src}" in pairs:
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return 1 / _to_decimal(pairs[f"{dst}_{src}"], f"{dst}_{src}")
    return None


def fixed_rate(pairs: Mapping[str, object], from_currency: str, to_currency: str) -> Decimal:
    """Units of ``to_currency`` per one ``from_currency`` from declared fixed rates
    (``[fx.fixed]``: ``"EUR_UAH" = 42.1`` means 42.1 UAH per EUR): the pair itself, its
    inverse (1 ÷ rate), or a cross rate via UAH (r(from→UAH) × r(UAH→to)); 1 for the same
    currency. Raises FxError when no declared pair leads from one to the other."""
    src, dst = from_currency.upper(), to_currency.upper()
    if src == dst:
        return Decimal(1)
    direct = _pair_rate(pairs, src, dst)
    if direct is not None:
        return direct
    a, b = _pair_rate(pairs, src, HOME_CURRENCY), _pair_rate(pairs, HOME_CURRENCY, dst)
    if a is None or b is None:
        raise FxError(f"no fixed rate {src}→{dst} in [fx.fixed] (declared: {', '.join(pairs)})")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return a * b
