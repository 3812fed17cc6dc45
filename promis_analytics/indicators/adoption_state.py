"""Adoption statements as of a date: named cities per status, and counts printed without names."""

from __future__ import annotations

from datetime import date

import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import (
    UNALLOCATED,
    city_keys,
    city_order,
    is_missing,
    partner_keys,
    require_columns,
    to_datetime,
)

__all__ = ["NOT_LISTED", "STATUSES", "cities_of", "printed_counts"]

#: Cell value of the matrix when no source lists the city for the instrument.
NOT_LISTED = "not_listed"
#: Statuses of the adoptions register; on the same date a higher rank wins.
STATUSES = ("adopted", "in_progress")
_STATUS_RANK = {"adopted": 2, "in_progress": 1}


def instrument_order(instruments) -> list[str]:
    """Instrument codes in field-dictionary order, unknown codes after them (sorted)."""
    from promis_analytics.registers.schema.codes import INSTRUMENTS

    present = {str(i) for i in instruments}
    known = [i for i in INSTRUMENTS if i in present]
    return known + sorted(present - set(known))


def cities_of(adoptions: pd.DataFrame) -> list[str]:
    """The cities an adoption table counts: the declared partners when the register names any
    of them (a monitoring of partners; statements about other places are left out with a reason),
    else every place the register names, in ``city_order`` (a user's own project)."""
    keys = city_keys(adoptions["city"], "adoption") if len(adoptions) else pd.Series([])
    named = set(keys) - {UNALLOCATED}
    partners = list(partner_keys())
    if not named or named & set(partners):
        return partners
    order = city_order(named)
    return sorted(named, key=lambda k: (order.get(k, len(order)), k))


def _printed_mask(adoptions: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Rows that print a count of cities without naming them (no city, a ``cities_count``)."""
    if "cities_count" not in adoptions.columns:
        return pd.Series(False, index=adoptions.index)
    count = pd.to_numeric(adoptions["cities_count"], errors="coerce")
    return (keys == UNALLOCATED) & count.notna()


def prepare(adoptions: pd.DataFrame, func: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statements about the counted cities (``cities_of``) with keys and timestamps, and the
    rows left out (with reason). Rows that print a count without naming the cities are
    neither: ``printed_counts`` reads them."""
    require_columns(adoptions, ["city", "instrument", "status", "as_of"], func)
    df = pd.DataFrame(index=adoptions.index)
    df["city"] = city_keys(adoptions["city"], func)
    df["instrument"] = [None if is_missing(v) else str(v) for v in adoptions["instrument"]]
    df["status"] = [None if is_missing(v) else str(v).strip() for v in adoptions["status"]]
    df["as_of"] = to_datetime(adoptions["as_of"])
    bad = sorted({s for s in df["status"].dropna() if s not in _STATUS_RANK})
    if bad:
        raise IndicatorError(f"{func}: unknown status code(s) {bad}; expected {list(_STATUS_RANK)}")
    counted = set(cities_of(adoptions))
    reason = pd.Series("", index=df.index, dtype=object)
    reason[df["city"] == UNALLOCATED] = "no city"
    reason[(reason == "") & ~df["city"].isin(counted)] = "not a partner city"
    reason[(reason == "") & df["instrument"].isna()] = "no instrument"
    reason[(reason == "") & df["status"].isna()] = "no status"
    printed = _printed_mask(adoptions, df["city"])
    excluded = df.loc[(reason != "") & ~printed].assign(reason=reason[(reason != "") & ~printed])
    excluded = excluded.rename_axis("row").reset_index()
    return df.loc[reason == ""], excluded


def state(df: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
    """Latest status per (city, instrument) among statements with start < as_of ≤ end
    (missing bounds are open; rows without as_of count only when both bounds are open);
    on the same date ``adopted`` outranks ``in_progress``."""
    sel = df
    if start is not None or end is not None:
        sel = sel.loc[sel["as_of"].notna()]
    if start is not None:
        sel = sel.loc[sel["as_of"] > start]
    if end is not None:
        sel = sel.loc[sel["as_of"] <= end]
    sel = sel.assign(
        _d=sel["as_of"].fillna(pd.Timestamp.min), _r=sel["status"].map(_STATUS_RANK)
    ).sort_values(["city", "instrument", "_d", "_r"], kind="stable")
    return sel.groupby(["city", "instrument"], sort=True).tail(1)[
        ["city", "instrument", "status", "as_of"]
    ]


def printed_counts(
    adoptions: pd.DataFrame,
    *,
    as_of: date | str | None = None,
    status: str = "adopted",
    after: date | str | None = None,
) -> pd.Series:
    """Per instrument: the count of cities with ``status`` that the latest source dated in
    (``after``, ``as_of``] (open bounds when None) prints without naming them — rows with no
    city and a ``cities_count``.

    Returns an ``Int64`` Series indexed by instrument (only instruments with such a row); a
    register without the ``cities_count`` column gives an empty Series.
    """
    if status not in _STATUS_RANK:
        raise IndicatorError(f"printed_counts: status {status!r}; expected {list(_STATUS_RANK)}")
    if "cities_count" not in adoptions.columns or adoptions.empty:
        return pd.Series(dtype="Int64", name="printed")
    keys = city_keys(adoptions["city"], "printed_counts")
    rows = pd.DataFrame(
        {
            "instrument": adoptions["instrument"].to_numpy(),
            "status": [None if is_missing(v) else str(v).strip() for v in adoptions["status"]],
            "as_of": to_datetime(adoptions["as_of"]).to_numpy(),
            "count": pd.to_numeric(adoptions["cities_count"], errors="coerce").to_numpy(),
        }
    ).loc[_printed_mask(adoptions, keys).to_numpy()]
    rows = rows.loc[rows["status"] == status]
    if as_of is not None or after is not None:
        rows = rows.loc[rows["as_of"].notna()]
    if as_of is not None:
        rows = rows.loc[rows["as_of"] <= pd.Timestamp(as_of)]
    if after is not None:
        rows = rows.loc[rows["as_of"] > pd.Timestamp(after)]
    rows = rows.assign(_d=rows["as_of"].fillna(pd.Timestamp.min)).sort_values(
        ["instrument", "_d"], kind="stable"
    )
    last = rows.groupby("instrument", sort=True).tail(1).set_index("instrument")["count"]
    return last.astype("Int64").rename("printed")
