"""Adoption of governance and economic instruments by the 16 partner cities, and its progress."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators._common import (
    UNALLOCATED,
    as_records,
    city_keys,
    city_order,
    is_missing,
    partner_keys,
    require_columns,
    to_datetime,
)

__all__ = [
    "ADOPTION_CHANGES",
    "CHANGE_CODES",
    "COUNT_BASES",
    "NOT_LISTED",
    "PROGRESS_COUNT_COLUMNS",
    "adoption_coverage",
    "adoption_matrix",
    "adoption_progress",
    "adoption_progress_counts",
    "printed_counts",
    "report_dates",
]

#: Cell value of the matrix when no source lists the city for the instrument.
NOT_LISTED = "not_listed"
_EXCLUDED_COLUMNS = ("row", "city", "instrument", "status", "as_of", "reason")
_STATUS_RANK = {"adopted": 2, "in_progress": 1}

#: (status at from_date, status at to_date) → change code of ``adoption_progress``.
ADOPTION_CHANGES: dict[tuple[str, str], str] = {
    (NOT_LISTED, "adopted"): "newly_adopted",
    ("in_progress", "adopted"): "completed",
    ("adopted", "adopted"): "still_adopted",
    (NOT_LISTED, "in_progress"): "started",
    ("in_progress", "in_progress"): "still_in_progress",
    ("adopted", "in_progress"): "downgraded",
    ("adopted", NOT_LISTED): "not_listed_later",
    ("in_progress", NOT_LISTED): "not_listed_later",
}


def _instrument_order(instruments: list[str]) -> list[str]:
    try:
        from promis_analytics.registers.codes import INSTRUMENTS

        known = [i for i in INSTRUMENTS if i in set(instruments)]
    except ImportError:  # pragma: no cover - fields is part of the package
        known = []
    return known + sorted(set(instruments) - set(known))


def cities_of(adoptions: pd.DataFrame) -> list[str]:
    """The cities an adoption table counts: the 16 partner cities when the register names any
    of them (PROMIS's monitoring; statements about other places are left out with a reason),
    else every place the register names, in ``city_order`` (a user's own project)."""
    keys = city_keys(adoptions["city"], "adoption") if len(adoptions) else pd.Series([])
    named = set(keys) - {UNALLOCATED}
    partners = list(partner_keys())
    if not named or named & set(partners):
        return partners
    order = city_order(named)
    return sorted(named, key=lambda k: (order.get(k, len(order)), k))


def _prepare(adoptions: pd.DataFrame, func: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statements about the counted cities (``cities_of``) with keys and timestamps, and the
    rows left out (with reason)."""
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
    excluded = df.loc[reason != ""].assign(reason=reason[reason != ""])
    excluded = excluded.rename_axis("row").reset_index()
    return df.loc[reason == ""], excluded


def _state(df: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
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


def adoption_matrix(adoptions: pd.DataFrame, *, as_of: date | str | None = None) -> pd.DataFrame:
    """City × instrument table of adoption status as of a date.

    Input: the adoptions register (``city``, ``instrument``, ``status`` = adopted |
    in_progress, ``as_of``). For every partner city and instrument the status is that of the
    latest statement dated on or before ``as_of`` (all statements when ``as_of`` is None;
    on the same date ``adopted`` outranks ``in_progress``); ``"not_listed"`` when no source
    lists the city for the instrument — which is not the same as "not adopted".

    Output: one row per partner city (all 16, brochure order) — column ``city`` (key) — and
    one column per instrument that appears in the register (field-dictionary order), values
    ``"adopted"`` | ``"in_progress"`` | ``"not_listed"``. Rows about other places, without a
    city, instrument or status, or (when ``as_of`` is given) without a date are listed in
    ``result.attrs["excluded"]`` (a tuple of dicts: ``row``, ``city``, ``instrument``,
    ``status``, ``as_of``, ``reason``). Empty input gives the 16 rows and no
    instrument column.
    """
    df, excluded = _prepare(adoptions, "adoption_matrix")
    end = pd.Timestamp(as_of) if as_of is not None else None
    if end is not None:
        undated = df.loc[df["as_of"].isna()].rename_axis("row").reset_index()
        excluded = pd.concat([excluded, undated.assign(reason="no as_of")], ignore_index=True)
    state = _state(df, None, end)
    instruments = _instrument_order(list(df["instrument"].unique()))
    wide = state.pivot(index="city", columns="instrument", values="status")
    wide = wide.reindex(index=cities_of(adoptions), columns=instruments)
    wide = wide.astype(object).fillna(NOT_LISTED)  # all-NaN instrument columns are float
    wide.columns.name = None
    out = wide.rename_axis("city").reset_index()
    out.attrs["excluded"] = as_records(excluded, _EXCLUDED_COLUMNS)
    return out


def printed_counts(adoptions: pd.DataFrame, *, as_of: date | str | None = None) -> pd.Series:
    """Per instrument: the count of cities the latest source dated on or before ``as_of`` (all
    when None) prints without naming them — rows with no city and a ``cities_count``.

    Returns an ``Int64`` Series indexed by instrument (only instruments with such a row); a
    register without the ``cities_count`` column gives an empty Series.
    """
    if "cities_count" not in adoptions.columns or adoptions.empty:
        return pd.Series(dtype="Int64", name="printed")
    keys = city_keys(adoptions["city"], "printed_counts")
    count = pd.to_numeric(adoptions["cities_count"], errors="coerce")
    rows = pd.DataFrame(
        {
            "instrument": adoptions["instrument"].to_numpy(),
            "as_of": to_datetime(adoptions["as_of"]).to_numpy(),
            "count": count.to_numpy(),
        }
    ).loc[((keys == UNALLOCATED).to_numpy()) & count.notna().to_numpy()]
    if as_of is not None:
        rows = rows.loc[rows["as_of"].notna() & (rows["as_of"] <= pd.Timestamp(as_of))]
    rows = rows.assign(_d=rows["as_of"].fillna(pd.Timestamp.min)).sort_values(
        ["instrument", "_d"], kind="stable"
    )
    last = rows.groupby("instrument", sort=True).tail(1).set_index("instrument")["count"]
    return last.astype("Int64").rename("printed")


#: Basis of a count of ``adoption_coverage`` / ``adoption_progress_counts``.
COUNT_BASES = ("listed", "printed", "not_reported", "carried")


def adoption_coverage(adoptions: pd.DataFrame, *, as_of: date | str | None = None) -> pd.DataFrame:
    """Per instrument: how many of the counted cities have adopted it (as ``adoption_matrix``),
    and what the sources print when they give a count without naming the cities.

    Columns: ``instrument``, ``adopted`` (cities named as adopting), ``in_progress``,
    ``not_listed`` (cities), ``cities_total`` (cities in the matrix), ``coverage_pct`` =
    100 × adopted ÷ cities_total (percent), ``printed`` (``printed_counts``: cities the source
    counts without naming them, <NA> when none is printed), ``count`` = max(adopted, printed)
    (the best known number of adopting cities), ``basis`` = ``"printed"`` when the printed count
    exceeds the named cities, else ``"listed"``, ``adopted_cities`` (";"-joined keys in brochure
    order). Instruments with only a printed count have zero named cities. Empty input gives no
    rows.
    """
    m = adoption_matrix(adoptions, as_of=as_of)
    printed = printed_counts(adoptions, as_of=as_of)
    instruments = _instrument_order(sorted(set(m.columns[1:]) | set(printed.index)))
    rows: list[dict[str, Any]] = []
    n = len(m)
    for inst in instruments:
        col = m[inst] if inst in m.columns else pd.Series(NOT_LISTED, index=m.index)
        adopted = m.loc[col == "adopted", "city"].tolist()
        p = printed.get(inst, pd.NA)
        known = len(adopted) if pd.isna(p) else max(len(adopted), int(p))
        rows.append(
            {
                "instrument": inst,
                "adopted": len(adopted),
                "in_progress": int((col == "in_progress").sum()),
                "not_listed": int((col == NOT_LISTED).sum()),
                "cities_total": n,
                "coverage_pct": 100.0 * len(adopted) / n,
                "printed": p,
                "count": known,
                "basis": "printed" if known > len(adopted) else "listed",
                "adopted_cities": ";".join(adopted),
            }
        )
    cols = [
        "instrument",
        "adopted",
        "in_progress",
        "not_listed",
        "cities_total",
        "coverage_pct",
        "printed",
        "count",
        "basis",
        "adopted_cities",
    ]
    out = pd.DataFrame(rows, columns=cols)
    out["printed"] = out["printed"].astype("Int64")
    out.attrs["excluded"] = m.attrs["excluded"]
    return out


def adoption_progress(
    adoptions: pd.DataFrame, from_date: date | str, to_date: date | str
) -> pd.DataFrame:
    """What changed between two reports, per partner city and instrument.

    ``status_from`` = latest status dated on or before ``from_date``; ``status_to`` = latest
    status dated after ``from_date`` and on or before ``to_date`` — i.e. what the later
    report(s) say, so that a city the later report does not list shows as
    ``"not_listed_later"`` instead of being carried forward. ``change`` is one of
    ``ADOPTION_CHANGES`` (newly_adopted, completed, still_adopted, started,
    still_in_progress, downgraded, not_listed_later) or ``"instrument_not_reported_later"``
    when no statement about the instrument at all is dated in (from_date, to_date] (the later
    report is silent on it: nothing can be said).

    Columns: ``city``, ``instrument``, ``status_from``, ``status_to`` (adopted | in_progress |
    not_listed), ``change``. One row per (partner city, instrument) stated in either period,
    cities in brochure order, instruments in field-dictionary order. Undated statements are
    left out (listed in ``result.attrs["excluded"]``). Empty input gives no rows.
    """
    a, b = pd.Timestamp(from_date), pd.Timestamp(to_date)
    if not a < b:
        raise IndicatorError(f"adoption_progress: from_date {a.date()} is not before {b.date()}")
    df, excluded = _prepare(adoptions, "adoption_progress")
    undated = df.loc[df["as_of"].isna()].rename_axis("row").reset_index()
    excluded = pd.concat([excluded, undated.assign(reason="no as_of")], ignore_index=True)
    df = df.loc[df["as_of"].notna()]
    before = _state(df, None, a).rename(columns={"status": "status_from"})
    after = _state(df, a, b).rename(columns={"status": "status_to"})
    out = before[["city", "instrument", "status_from"]].merge(
        after[["city", "instrument", "status_to"]],
        on=["city", "instrument"],
        how="outer",
        validate="1:1",
    )
    out["status_from"] = out["status_from"].fillna(NOT_LISTED)
    out["status_to"] = out["status_to"].fillna(NOT_LISTED)
    reported_later = set(after["instrument"])
    out["change"] = [
        ADOPTION_CHANGES[(f, t)] if i in reported_later else "instrument_not_reported_later"
        for f, t, i in zip(out["status_from"], out["status_to"], out["instrument"], strict=True)
    ]
    corder = {k: n for n, k in enumerate(cities_of(adoptions))}
    iorder = {k: n for n, k in enumerate(_instrument_order(list(out["instrument"].unique())))}
    out = out.assign(_c=out["city"].map(corder), _i=out["instrument"].map(iorder))
    out = out.sort_values(["_i", "_c"], kind="stable").drop(columns=["_c", "_i"])
    out = out[["city", "instrument", "status_from", "status_to", "change"]].reset_index(drop=True)
    out.attrs["excluded"] = as_records(excluded, _EXCLUDED_COLUMNS)
    return out


#: Change codes of ``adoption_progress``, in the column order of ``adoption_progress_counts``.
CHANGE_CODES: tuple[str, ...] = (
    "newly_adopted",
    "completed",
    "still_adopted",
    "started",
    "still_in_progress",
    "downgraded",
    "not_listed_later",
    "instrument_not_reported_later",
)


def report_dates(adoptions: pd.DataFrame) -> tuple[date, date] | None:
    """The earliest and the latest ``as_of`` of the register: the two reports a progress
    table compares; None with fewer than two distinct dates (no progress can be shown)."""
    dates = pd.to_datetime(adoptions["as_of"], errors="coerce").dropna().dt.normalize()
    if dates.nunique() < 2:
        return None
    return dates.min().date(), dates.max().date()


def _reported(adoptions: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp) -> set:
    """Instruments with any dated statement (named city or printed count) in (start, end]."""
    when = to_datetime(adoptions["as_of"])
    sel = when.notna() & (when <= end)
    if start is not None:
        sel &= when > start
    return {str(i) for i in adoptions.loc[sel, "instrument"] if not is_missing(i)}


PROGRESS_COUNT_COLUMNS: tuple[str, ...] = (
    "instrument",
    "adopted_from",
    "adopted_to",
    "from_basis",
    "to_basis",
    "gain",
    *CHANGE_CODES,
)


def adoption_progress_counts(
    adoptions: pd.DataFrame, from_date: date | str | None, to_date: date | str | None
) -> pd.DataFrame:
    """Per instrument: cities adopting at each date, what each count rests on, the gain, and
    how many named cities changed how.

    Columns: ``instrument``; ``adopted_from`` / ``adopted_to`` (``Int64``) = the ``count`` of
    ``adoption_coverage`` as of ``from_date`` / ``to_date`` (named cities, or the printed count
    when it is larger), **<NA> when no statement about the instrument is dated on or before
    the date** — unknown, not zero; ``from_basis`` / ``to_basis`` = ``listed`` | ``printed`` |
    ``not_reported`` | ``carried`` (the later report is silent, the earlier count carries
    forward); ``gain`` = adopted_to − adopted_from (cities) only when both ends are stated at
    their dates (neither ``not_reported`` nor ``carried``), else <NA>; then one column per
    ``CHANGE_CODES`` entry = number of named cities of ``adoption_progress`` with that change.
    Instruments in field-dictionary order; empty input (or no dates: ``report_dates`` gave
    None) gives no rows.
    """
    if from_date is None or to_date is None:
        return pd.DataFrame(columns=list(PROGRESS_COUNT_COLUMNS))
    a_day, b_day = pd.Timestamp(from_date), pd.Timestamp(to_date)
    progress = adoption_progress(adoptions, from_date, to_date)
    a = adoption_coverage(adoptions, as_of=from_date).set_index("instrument")
    b = adoption_coverage(adoptions, as_of=to_date).set_index("instrument")
    counts = progress.groupby(["instrument", "change"]).size().unstack(fill_value=0)
    instruments = _instrument_order(sorted(set(a.index) | set(b.index) | set(counts.index)))
    known_a = _reported(adoptions, None, a_day)
    restated = _reported(adoptions, a_day, b_day)
    out = pd.DataFrame({"instrument": instruments})
    rows = []
    for i in instruments:
        fa = (
            (int(a.at[i, "count"]), str(a.at[i, "basis"]))
            if i in known_a
            else (pd.NA, "not_reported")
        )
        if i in restated:
            tb = (int(b.at[i, "count"]), str(b.at[i, "basis"]))
        elif i in known_a:
            tb = (int(b.at[i, "count"]), "carried")
        else:
            tb = (pd.NA, "not_reported")
        both = fa[1] in ("listed", "printed") and tb[1] in ("listed", "printed")
        rows.append((fa[0], tb[0], fa[1], tb[1], tb[0] - fa[0] if both else pd.NA))
    for n, column in enumerate(("adopted_from", "adopted_to", "from_basis", "to_basis", "gain")):
        out[column] = [r[n] for r in rows]
    for column in ("adopted_from", "adopted_to", "gain"):
        out[column] = out[column].astype("Int64")
    for code in CHANGE_CODES:
        col = counts[code] if code in counts.columns else pd.Series(dtype=int)
        out[code] = [int(col.get(i, 0)) for i in instruments]
    return out
