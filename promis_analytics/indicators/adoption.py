"""Adoption of governance and economic instruments by the 16 partner cities, and its progress."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.adoption_state import (
    NOT_LISTED,
    STATUSES,
    cities_of,
    instrument_order,
    prepare,
    printed_counts,
    state,
)
from promis_analytics.indicators.common import as_records, is_missing, to_datetime

__all__ = [
    "ADOPTION_CHANGES",
    "CHANGE_CODES",
    "COUNT_BASES",
    "COVERAGE_COLUMNS",
    "EARLIER_COUNT_UNNAMED",
    "NOT_LISTED",
    "PROGRESS_COUNTS",
    "PROGRESS_COUNT_COLUMNS",
    "adoption_coverage",
    "adoption_matrix",
    "adoption_progress",
    "adoption_progress_counts",
    "cities_of",
    "printed_counts",
    "report_dates",
]

_EXCLUDED_COLUMNS = ("row", "city", "instrument", "status", "as_of", "reason")

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


def _unnamed(printed: Any, named: int) -> int:
    """Cities a printed count has beyond the ``named`` ones: max(0, printed − named); 0 when
    nothing is printed."""
    return 0 if pd.isna(printed) else max(0, int(printed) - named)


def adoption_matrix(adoptions: pd.DataFrame, *, as_of: date | str | None = None) -> pd.DataFrame:
    """City × instrument table of adoption status as of a date.

    Input: the adoptions register (``city``, ``instrument``, ``status`` = adopted |
    in_progress, ``as_of``, optional ``cities_count``). For every partner city and instrument
    the status is that of the latest statement dated on or before ``as_of`` (all statements
    when ``as_of`` is None; on the same date ``adopted`` outranks ``in_progress``);
    ``"not_listed"`` when no source lists the city for the instrument — which is not the same
    as "not adopted".

    Output: one row per partner city (all 16, brochure order) — column ``city`` (key) — and
    one column per instrument that appears in the register (field-dictionary order), values
    ``"adopted"`` | ``"in_progress"`` | ``"not_listed"``. ``result.attrs["not_named"]`` /
    ``["not_named_in_progress"]``: per instrument, the adopting / in-progress cities a source
    counts but the matrix cannot name = max(0, printed count − named cities) (cities; 0 when
    no count is printed; ``printed_counts``). Rows about other places, without a city,
    instrument or status, or (when ``as_of`` is given) without a date are listed in
    ``result.attrs["excluded"]`` (a tuple of dicts: ``row``, ``city``, ``instrument``,
    ``status``, ``as_of``, ``reason``); printed counts are used, not excluded. Empty input
    gives the 16 rows and no instrument column.
    """
    df, excluded = prepare(adoptions, "adoption_matrix")
    end = pd.Timestamp(as_of) if as_of is not None else None
    if end is not None:
        undated = df.loc[df["as_of"].isna()].rename_axis("row").reset_index()
        excluded = pd.concat([excluded, undated.assign(reason="no as_of")], ignore_index=True)
    current = state(df, None, end)
    printed = {s: printed_counts(adoptions, as_of=as_of, status=s) for s in STATUSES}
    instruments = instrument_order(
        set(df["instrument"].dropna()) | set(printed["adopted"].index)
        | set(printed["in_progress"].index)
    )  # fmt: skip
    wide = current.pivot(index="city", columns="instrument", values="status")
    wide = wide.reindex(index=cities_of(adoptions), columns=instruments)
    wide = wide.astype(object).fillna(NOT_LISTED)  # all-NaN instrument columns are float
    wide.columns.name = None
    out = wide.rename_axis("city").reset_index()
    for status, key in (("adopted", "not_named"), ("in_progress", "not_named_in_progress")):
        out.attrs[key] = {
            i: _unnamed(printed[status].get(i, pd.NA), int((wide[i] == status).sum()))
            for i in instruments
        }
    out.attrs["excluded"] = as_records(excluded, _EXCLUDED_COLUMNS)
    return out


#: Basis of a count of ``adoption_coverage`` / ``adoption_progress_counts``.
COUNT_BASES = ("listed", "printed", "not_reported", "carried")

#: Columns of ``adoption_coverage``.
COVERAGE_COLUMNS: tuple[str, ...] = (
    "instrument",
    "adopted",
    "in_progress",
    "not_listed",
    "cities_total",
    "printed",
    "count",
    "basis",
    "not_named",
    "coverage_pct",
    "in_progress_printed",
    "in_progress_count",
    "in_progress_not_named",
    "adopted_cities",
)


def adoption_coverage(adoptions: pd.DataFrame, *, as_of: date | str | None = None) -> pd.DataFrame:
    """Per instrument: how many of the counted cities have adopted it (as ``adoption_matrix``),
    and what the sources print when they give a count without naming the cities.

    Columns (:data:`COVERAGE_COLUMNS`): ``instrument``, ``adopted`` (cities named as
    adopting), ``in_progress`` (cities named as in progress — never counted as adopted),
    ``not_listed`` (cities), ``cities_total`` (cities in the matrix), ``printed``
    (``printed_counts``: adopting cities the source counts without naming them, <NA> when none
    is printed), ``count`` = max(adopted, printed) (the best known number of adopting
    cities), ``basis`` = ``"printed"`` when the printed count exceeds the named cities, else
    ``"listed"``, ``not_named`` = count − adopted (adopting cities no source names),
    ``coverage_pct`` = 100 × count ÷ cities_total (percent), ``in_progress_printed`` /
    ``in_progress_count`` / ``in_progress_not_named`` the same for cities in progress,
    ``adopted_cities`` (";"-joined keys in brochure order). Instruments with only a printed
    count have zero named cities. Empty input gives no rows.
    """
    m = adoption_matrix(adoptions, as_of=as_of)
    printed = {s: printed_counts(adoptions, as_of=as_of, status=s) for s in STATUSES}
    rows: list[dict[str, Any]] = []
    n = len(m)
    for inst in m.columns[1:]:
        col = m[inst]
        adopted = m.loc[col == "adopted", "city"].tolist()
        named_ip = int((col == "in_progress").sum())
        p, p_ip = printed["adopted"].get(inst, pd.NA), printed["in_progress"].get(inst, pd.NA)
        count = len(adopted) + m.attrs["not_named"][inst]
        rows.append(
            {
                "instrument": inst,
                "adopted": len(adopted),
                "in_progress": named_ip,
                "not_listed": int((col == NOT_LISTED).sum()),
                "cities_total": n,
                "printed": p,
                "count": count,
                "basis": "printed" if count > len(adopted) else "listed",
                "not_named": count - len(adopted),
                "coverage_pct": 100.0 * count / n,
                "in_progress_printed": p_ip,
                "in_progress_count": named_ip + m.attrs["not_named_in_progress"][inst],
                "in_progress_not_named": m.attrs["not_named_in_progress"][inst],
                "adopted_cities": ";".join(adopted),
            }
        )
    out = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))
    for column in ("printed", "in_progress_printed"):
        out[column] = out[column].astype("Int64")
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
    still_in_progress, downgraded, not_listed_later); ``"unknown_earlier"`` for a city not
    named earlier when the earlier count of the instrument names fewer cities than it prints
    (the city may be one of the unnamed: whether it is new is unknown); or
    ``"instrument_not_reported_later"`` when no statement about the instrument at all (named
    or printed) is dated in (from_date, to_date] (the later report is silent on it).

    Columns: ``city``, ``instrument``, ``status_from``, ``status_to`` (adopted | in_progress |
    not_listed), ``change``. One row per (partner city, instrument) stated in either period,
    cities in brochure order, instruments in field-dictionary order. Undated statements are
    left out (listed in ``result.attrs["excluded"]``). Empty input gives no rows.
    """
    a, b = pd.Timestamp(from_date), pd.Timestamp(to_date)
    if not a < b:
        raise IndicatorError(f"adoption_progress: from_date {a.date()} is not before {b.date()}")
    df, excluded = prepare(adoptions, "adoption_progress")
    undated = df.loc[df["as_of"].isna()].rename_axis("row").reset_index()
    excluded = pd.concat([excluded, undated.assign(reason="no as_of")], ignore_index=True)
    df = df.loc[df["as_of"].notna()]
    before = state(df, None, a).rename(columns={"status": "status_from"})
    after = state(df, a, b).rename(columns={"status": "status_to"})
    out = before[["city", "instrument", "status_from"]].merge(
        after[["city", "instrument", "status_to"]],
        on=["city", "instrument"],
        how="outer",
        validate="1:1",
    )
    out["status_from"] = out["status_from"].fillna(NOT_LISTED)
    out["status_to"] = out["status_to"].fillna(NOT_LISTED)
    reported_later = _reported(adoptions, a, b)
    earlier = adoption_matrix(adoptions, as_of=a)
    unnamed = {
        i for i in earlier.columns[1:]
        if earlier.attrs["not_named"][i] + earlier.attrs["not_named_in_progress"][i] > 0
    }  # fmt: skip
    out["change"] = [
        "instrument_not_reported_later" if i not in reported_later
        else "unknown_earlier" if f == NOT_LISTED and i in unnamed
        else ADOPTION_CHANGES[(f, t)]
        for f, t, i in zip(out["status_from"], out["status_to"], out["instrument"], strict=True)
    ]  # fmt: skip
    corder = {k: n for n, k in enumerate(cities_of(adoptions))}
    iorder = {k: n for n, k in enumerate(instrument_order(out["instrument"].unique()))}
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
    "unknown_earlier",
    "instrument_not_reported_later",
)
#: Change counts that are unknown (<NA>) when some cities' earlier status is unknown.
_UNKNOWN_WITH_EARLIER = ("newly_adopted", "started")
#: ``unknown_reason`` of ``adoption_progress_counts``: the earlier count names fewer cities
#: than it prints, so which named cities are new cannot be told.
EARLIER_COUNT_UNNAMED = "earlier_count_unnamed"


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


#: The counts per instrument and date that ``charts.adoption_progress_chart`` draws.
PROGRESS_COUNTS: tuple[str, ...] = (
    "instrument",
    "adopted_from",
    "adopted_to",
    "in_progress_from",
    "in_progress_to",
    "from_basis",
    "to_basis",
    "gain",
)
PROGRESS_COUNT_COLUMNS: tuple[str, ...] = (*PROGRESS_COUNTS, *CHANGE_CODES, "unknown_reason")


def _in_progress_to(adoptions: pd.DataFrame, a: pd.Timestamp, b: pd.Timestamp) -> dict:
    """Per instrument: cities the later report(s) (dated in (a, b]) say are in progress —
    max(named, printed); a city's earlier «in progress» is not carried forward."""
    df, _ = prepare(adoptions, "adoption_progress_counts")
    later = state(df.loc[df["as_of"].notna()], a, b)
    named = later.loc[later["status"] == "in_progress"].groupby("instrument").size()
    printed = printed_counts(adoptions, as_of=b, status="in_progress", after=a)
    return {
        i: max(int(named.get(i, 0)), 0 if pd.isna(printed.get(i, pd.NA)) else int(printed[i]))
        for i in set(named.index) | set(printed.index) | _reported(adoptions, a, b)
    }


def _ends(i: str, a: pd.DataFrame, b: pd.DataFrame, known_a: set, restated: set) -> tuple:
    """(adopted_from, adopted_to, in_progress_from, from_basis, to_basis) of instrument ``i``
    (see ``adoption_progress_counts``)."""
    if i in known_a:
        fa = (int(a.at[i, "count"]), int(a.at[i, "in_progress_count"]), str(a.at[i, "basis"]))
    else:
        fa = (pd.NA, pd.NA, "not_reported")
    if i in restated:
        tb = (int(b.at[i, "count"]), str(b.at[i, "basis"]))
    elif i in known_a:
        tb = (int(b.at[i, "count"]), "carried")
    else:
        tb = (pd.NA, "not_reported")
    return fa[0], tb[0], fa[1], fa[2], tb[1]


def adoption_progress_counts(
    adoptions: pd.DataFrame, from_date: date | str | None, to_date: date | str | None
) -> pd.DataFrame:
    """Per instrument: cities adopting and in progress at each date, what each count rests
    on, the gain, and how many named cities changed how.

    Columns (:data:`PROGRESS_COUNT_COLUMNS`): ``instrument``; ``adopted_from`` /
    ``adopted_to`` (``Int64``) = the ``count`` of ``adoption_coverage`` as of ``from_date`` /
    ``to_date`` (named cities, or the printed count when it is larger), **<NA> when no
    statement about the instrument is dated on or before the date** — unknown, not zero;
    ``in_progress_from`` = ``in_progress_count`` of ``adoption_coverage`` as of
    ``from_date``; ``in_progress_to`` = cities the later report(s) say are in progress
    (max(named, printed) among statements dated in (from_date, to_date]; an earlier «in
    progress» is not carried forward), <NA> when the later report is silent; cities in
    progress are never counted as adopted. ``from_basis`` / ``to_basis`` = ``listed`` |
    ``printed`` | ``not_reported`` | ``carried`` (the later report is silent, the earlier count
    carries forward); ``gain`` = adopted_to − adopted_from (cities) only when both ends are
    stated at their dates (neither ``not_reported`` nor ``carried``), else <NA>; then one
    column per ``CHANGE_CODES`` entry = number of named cities of ``adoption_progress`` with
    that change — ``newly_adopted`` and ``started`` are <NA> when some cities' earlier status
    is unknown (``unknown_earlier`` > 0), and ``unknown_reason`` then says why
    (``EARLIER_COUNT_UNNAMED``; else <NA>). Instruments in field-dictionary order; empty
    input (or no dates: ``report_dates`` gave None) gives no rows.
    """
    if from_date is None or to_date is None:
        return pd.DataFrame(columns=list(PROGRESS_COUNT_COLUMNS))
    a_day, b_day = pd.Timestamp(from_date), pd.Timestamp(to_date)
    progress = adoption_progress(adoptions, from_date, to_date)
    a = adoption_coverage(adoptions, as_of=from_date).set_index("instrument")
    b = adoption_coverage(adoptions, as_of=to_date).set_index("instrument")
    counts = progress.groupby(["instrument", "change"]).size().unstack(fill_value=0)
    instruments = instrument_order(set(a.index) | set(b.index) | set(counts.index))
    known_a = _reported(adoptions, None, a_day)
    restated = _reported(adoptions, a_day, b_day)
    ip_to = _in_progress_to(adoptions, a_day, b_day)
    rows = [_ends(i, a, b, known_a, restated) for i in instruments]
    out = pd.DataFrame({"instrument": instruments})
    for n, column in enumerate(
        ("adopted_from", "adopted_to", "in_progress_from", "from_basis", "to_basis")
    ):
        out[column] = [r[n] for r in rows]
    out["in_progress_to"] = [ip_to[i] if i in restated else pd.NA for i in instruments]
    stated = out["from_basis"].isin(["listed", "printed"]) & out["to_basis"].isin(
        ["listed", "printed"]
    )
    out["gain"] = [t - f if ok else pd.NA for f, t, ok in zip(out["adopted_from"],
                   out["adopted_to"], stated, strict=True)]  # fmt: skip
    for column in ("adopted_from", "adopted_to", "in_progress_from", "in_progress_to", "gain"):
        out[column] = out[column].astype("Int64")
    for code in CHANGE_CODES:
        col = counts[code] if code in counts.columns else pd.Series(dtype=int)
        out[code] = pd.array([int(col.get(i, 0)) for i in instruments], dtype="Int64")
    unknown = out["unknown_earlier"] > 0
    for code in _UNKNOWN_WITH_EARLIER:
        out.loc[unknown, code] = pd.NA
    out["unknown_reason"] = pd.Series(
        [EARLIER_COUNT_UNNAMED if u else pd.NA for u in unknown], index=out.index, dtype=object
    )
    return out[list(PROGRESS_COUNT_COLUMNS)]
