"""Helpers shared by the indicator modules: column checks, city keys, labels of special rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics import project_codes
from promis_analytics.errors import IndicatorError, UnknownPlaceError
from promis_analytics.project import project_settings

#: Label of the row that collects records without a city (never spread over cities).
UNALLOCATED = "(unallocated)"
#: Label of the totals row in every grouped indicator table.
TOTAL = "(total)"
#: Label of a missing value in a grouping column other than the city.
NONE = "(none)"

#: ``row_kind`` values of grouped tables.
ROW_GROUP = "group"
ROW_UNALLOCATED = "unallocated"
ROW_TOTAL = "total"


def is_missing(value: Any) -> bool:
    """True for None, NaN, NA, NaT and empty/blank strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def require_columns(df: pd.DataFrame, columns: Iterable[str], func: str) -> None:
    """Raise ``IndicatorError`` naming every column of ``columns`` missing from ``df``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise IndicatorError(f"{func}: missing column(s) {missing}; found {list(df.columns)}")


def check_by(by: Sequence[str] | str, allowed: Sequence[str], func: str) -> tuple[str, ...]:
    """Validate a ``by=`` argument against ``allowed``; return it as a tuple."""
    by_t = (by,) if isinstance(by, str) else tuple(by)
    if not by_t:
        raise IndicatorError(f"{func}: by= is empty; expected some of {list(allowed)}")
    bad = [b for b in by_t if b not in allowed]
    if bad or len(set(by_t)) != len(by_t):
        raise IndicatorError(f"{func}: by={by_t!r}: expected distinct values among {list(allowed)}")
    return by_t


def _reference():  # imported lazily: the reference module is owned by another engineer
    from promis_analytics import reference

    return reference


def city_key(value: Any) -> str:
    """The reference key of ``value``: keys pass through, other spellings go through
    ``reference.normalize_city``; missing → ``UNALLOCATED``. Raises ``UnknownPlaceError``."""
    if is_missing(value):
        return UNALLOCATED
    ref = _reference()
    text = str(value).strip()
    try:
        return ref.city(text).key
    except (KeyError, ValueError, LookupError):
        return ref.normalize_city(text).key


def city_keys(values: pd.Series, func: str) -> pd.Series:
    """Map a city column to reference keys (see ``city_key``), collecting every unknown
    spelling into one ``IndicatorError`` (rows named by their index labels).

    Each distinct spelling is looked up once (registers repeat a few cities over many rows);
    the keys are then spread back over the rows with one array take."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    keys = np.empty(len(uniques) + 1, dtype=object)
    keys[-1] = UNALLOCATED  # code -1: a missing cell
    errors: dict[int, UnknownPlaceError] = {}
    for i, v in enumerate(uniques.tolist()):
        try:
            keys[i] = city_key(v)
        except UnknownPlaceError as e:
            errors[i] = e
            keys[i] = UNALLOCATED
    if errors:
        bad = np.flatnonzero(np.isin(codes, list(errors)))
        problems = [f"row {values.index[j]}: {errors[codes[j]]}" for j in bad]
        raise IndicatorError(f"{func}: unknown place(s) in column 'city': " + "; ".join(problems))
    return pd.Series(keys[codes], index=values.index, dtype=object)


def without_attrs(df: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy of ``df`` with empty ``attrs`` (no data copied).

    Registers carry their source row numbers in ``attrs["rows"]`` (one entry per row), and
    pandas deep-copies ``attrs`` into the result of every operation: on a large register
    that copy costs more than the computation. Indicators that do not pass input ``attrs``
    on to their result work on this copy."""
    if not df.attrs:
        return df
    return pd.DataFrame(df, copy=False)  # the constructor does not carry attrs over (copy() does)


def partner_keys() -> tuple[str, ...]:
    """Keys of the partner places the data folder's ``[project] partners`` declares, in the
    order declared (``project_codes.active_folder``: the build's data folder, else the
    embedded dataset); empty when it declares none."""
    return _keys_of(project_settings(project_codes.active_folder()).partners or ())


@lru_cache(maxsize=8)
def _keys_of(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_reference().normalize_city(n).key for n in names)


def city_info(key: str) -> Any | None:
    """The reference ``City`` of ``key``, or None for the special labels."""
    if key in (UNALLOCATED, TOTAL, NONE):
        return None
    return _reference().city(key)


def city_order(keys: Iterable[str]) -> dict[str, int]:
    """Sort rank of city keys: partner cities in brochure order, then other places by key,
    then ``UNALLOCATED``, then ``TOTAL``."""
    partners = partner_keys()
    rank = {k: i for i, k in enumerate(partners)}
    others = sorted(k for k in set(keys) if k not in rank and k not in (UNALLOCATED, TOTAL))
    for k in others:
        rank[k] = len(rank)
    rank[UNALLOCATED] = len(rank)
    rank[TOTAL] = len(rank) + 1
    return rank


def finish_grouped(out: pd.DataFrame, by: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """Label ``row_kind`` and order a grouped table; keep ``[*by, *columns, "row_kind"]``.

    ``row_kind`` is ``total`` where every ``by`` column holds ``TOTAL``, ``unallocated`` where
    the location column (``city``, else ``oblast``, when in ``by``) holds ``UNALLOCATED``,
    ``group`` otherwise. Rows come in the order: groups (cities in brochure order, then the
    other ``by`` columns), the unallocated rows, the totals row last.
    """
    by = tuple(by)
    loc = "city" if "city" in by else ("oblast" if "oblast" in by else None)
    is_total = (out[list(by)] == TOTAL).all(axis=1) if by else pd.Series(False, index=out.index)
    is_unalloc = ~is_total & (out[loc] == UNALLOCATED) if loc else is_total & False
    out = out.assign(
        row_kind=np.select([is_total, is_unalloc], [ROW_TOTAL, ROW_UNALLOCATED], ROW_GROUP),
        _o_total=is_total.astype(int),
        _o_unalloc=is_unalloc.astype(int),
    )
    keys = ["_o_total", "_o_unalloc"]
    if "city" in by:
        out["_o_city"] = out["city"].map(city_order(out["city"]))
        keys.append("_o_city")
    keys += [c for c in by if c != "city"]
    out = out.sort_values(keys, kind="stable")
    return out[[*by, *columns, "row_kind"]].reset_index(drop=True)


def to_datetime(values: pd.Series) -> pd.Series:
    """A date column as ``datetime64`` (``NaT`` where missing)."""
    return pd.to_datetime(values, errors="raise")


def decimals_of(value: Any) -> int:
    """Number of decimals a printed figure carries: ``43.9`` → 1, ``100.0`` → 0, ``"43,90"`` → 2.

    Floats carry no trailing zeros, so ``100.0`` counts as 0 decimals; pass text to keep them.
    """
    if isinstance(value, str):
        text = value.strip().replace(",", ".").rstrip("%").strip()
        return len(text.split(".", 1)[1]) if "." in text else 0
    text = repr(float(value))
    if "e" in text:
        return 6
    frac = text.split(".", 1)[1].rstrip("0")
    return len(frac)


def round_half_up(value: float, decimals: int) -> float:
    """Round as printed documents do (half away from zero), not Python's half-to-even."""
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(q)


def as_records(df: pd.DataFrame, columns: Sequence[str]) -> tuple[dict[str, Any], ...]:
    """Rows of ``df`` as plain dicts for ``DataFrame.attrs`` (``pd.DataFrame(records)`` turns
    them back into a table). Not a DataFrame, because pandas compares ``attrs`` with ``==``
    when concatenating and DataFrames in ``attrs`` make that fail."""
    if len(df) == 0:
        return ()
    return tuple(df[list(columns)].astype(object).to_dict("records"))
