"""Events and participants per city (oblast, event type, component) from the events register."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import (
    NONE,
    UNALLOCATED,
    as_records,
    check_by,
    city_keys,
    require_columns,
    to_datetime,
    without_attrs,
)
from promis_analytics.indicators.event_sums import (
    PARTICIPANTS_COLUMNS,
    SUM_COLUMNS,
    finish_participants,
    oblast_of,
    partner_keys_of,
)
from promis_analytics.indicators.participants_by import (
    declared_dimensions,
    participants_by_dimension,
)

__all__ = [
    "PARTICIPANTS_BY",
    "PARTICIPANTS_COLUMNS",
    "event_dating",
    "events_in_period",
    "participants_per_city",
]

#: Grouping columns ``participants_per_city`` accepts in ``by=``.
PARTICIPANTS_BY: tuple[str, ...] = ("city", "oblast", "event_type", "component")

_FUNC = "participants_per_city"


def participants_per_city(
    events: pd.DataFrame,
    *,
    partner_only: bool = False,
    partners: Iterable[str] | None = None,
    period: tuple[date | str, date | str] | None = None,
    by: Sequence[str] | str = ("city",),
) -> pd.DataFrame:
    """Events, participants and women per city (and oblast / event type / component).

    Input: the events register (``city``, ``participants``; ``women`` optional;
    ``date_start`` when ``period`` is given; ``event_type`` / ``component`` when in ``by``).
    City cells may hold reference keys or any spelling ``reference.normalize_city`` knows
    ("Запоріжжя" and "zaporizhzhia" count as one city); an unknown spelling raises
    ``IndicatorError`` listing every such row.

    One row per group of ``by`` (any of ``"city"``, ``"oblast"``, ``"event_type"``,
    ``"component"``), columns below. With a declared disaggregation dimension in ``by``
    (``by=("city", "sex")``; ``promis.toml`` ``[[dimensions]]``, built in: sex, idp) the
    result is ``participants_by_dimension``'s tidy table (place, part, participants)
    instead. Columns:

    - ``events`` = number of events (rows); ``participants`` = Σ participants (people) of
      the events that give it — unknown (NA) when none of the group's events does, never 0;
      ``events_missing_participants`` = events whose participants cell is empty (counted in
      ``events``; the sum is then a lower bound).
    - ``women`` = Σ women over the events that report women; ``events_with_women`` = how many
      events report women; ``participants_with_women`` = Σ participants of those events.
    - ``women_share_pct`` = 100 × women ÷ participants_with_women (percent) — computed **only
      over events that report women**, never over all participants; NaN when no event of the
      group reports women or they had no participants.
    - ``population`` = the city's present population on 2022-01-01 (reference);
      ``participants_per_1000`` = 1000 × participants ÷ population (people per 1 000
      residents). Only when ``"city"`` is in ``by`` and the place has a known population;
      otherwise NaN (oblast and total rows: NaN, because the partner cities are not the
      oblast's population and unallocated events have no denominator).
    - Counts of events and people are integers (``Int64``; ``women`` and ``population`` NA
      where unknown); ``women_share_pct`` and ``participants_per_1000`` are floats.
    - ``row_kind``: ``"group"``; ``"unallocated"`` for events with an empty city (label
      ``"(unallocated)"`` in the ``city`` / ``oblast`` column — never spread over cities);
      ``"total"`` for the last row (label ``"(total)"`` in every ``by`` column). An empty
      ``event_type`` / ``component`` / oblast is labelled ``"(none)"``.
    - ``outside_events`` / ``outside_participants`` = the group's events whose
      ``period_status`` is "outside" (dated outside the reporting period of the document
      they come from, e.g. a half-year monitoring card) and Σ their participants — counted in
      ``events`` / ``participants`` and shown apart by the charts (0 without the column).

    The totals row equals the sum of the (filtered) register: Σ participants and the event
    count are checked internally. ``partner_only=True`` keeps only events in the project's
    partner places plus the unallocated events (which may have taken place in them). The
    partner places are ``partners`` (names in any spelling, or keys) if given, else those
    the data folder declares (``promis.toml`` ``[project] partners``, which ``load_dataset``
    attaches to the register as ``attrs["partners"]``); a project that declares none has
    no place to leave out, so every place is kept. ``result.attrs["partners"]`` = the
    partner keys in their declared order (what the chart lists first), None when none are
    known. ``period = (start, end)`` keeps events whose
    ``date_start`` lies in [start, end] (inclusive).
    Events left out by either filter are listed in ``result.attrs["excluded"]`` (a
    tuple of dicts — ``pd.DataFrame(result.attrs["excluded"])`` — with the original row
    label, ``city``, ``participants``, ``reason``), never
    dropped silently. Empty input gives a table with only the totals row (0 events).
    Rows are ordered: partner cities in brochure order, other places by key, unallocated,
    total.
    """
    dims = [d.name for d in declared_dimensions(events)]
    wanted = (by,) if isinstance(by, str) else tuple(by)
    if any(b in dims for b in wanted):
        return _by_dimension(events, wanted, dims, partner_only or period is not None)
    by_t = check_by(by, (*PARTICIPANTS_BY, *dims), _FUNC)
    needed = ["city", "participants"]
    needed += [c for c in ("event_type", "component") if c in by_t]
    if period is not None:
        needed.append("date_start")
    require_columns(events, needed, _FUNC)
    declared = partners if partners is not None else events.attrs.get("partners")
    events = without_attrs(events)  # its attrs are not passed on; copying them is costly

    df = pd.DataFrame(index=events.index)
    df["city"] = city_keys(events["city"], _FUNC)
    df["participants"] = pd.to_numeric(events["participants"], errors="raise").astype(float)
    if "women" in events.columns:
        df["women"] = pd.to_numeric(events["women"], errors="raise").astype(float)
    else:
        df["women"] = np.nan
    for col in ("event_type", "component"):
        if col in by_t:
            df[col] = [NONE if pd.isna(v) or str(v).strip() == "" else str(v) for v in events[col]]

    df["_outside"] = _outside(events)
    excluded: list[pd.DataFrame] = []
    partner_keys = _partner_keys(declared) if declared is not None else None
    if partner_only and partner_keys is not None:
        keep = df["city"].isin(partner_keys) | (df["city"] == UNALLOCATED)
        excluded.append(df.loc[~keep, ["city", "participants"]].assign(reason="not a partner city"))
        df = df.loc[keep]
    if period is not None:
        start, end = (pd.Timestamp(p) for p in period)
        if start > end:
            raise IndicatorError(f"{_FUNC}: period {period!r} starts after it ends")
        when = to_datetime(events.loc[df.index, "date_start"])
        no_date = when.isna()
        outside = ~no_date & ((when < start) | (when > end))
        excluded.append(df.loc[no_date, ["city", "participants"]].assign(reason="no date_start"))
        excluded.append(
            df.loc[outside, ["city", "participants"]].assign(reason="date_start outside period")
        )
        df = df.loc[~no_date & ~outside]

    if "oblast" in by_t:
        df["oblast"] = [oblast_of(k) for k in df["city"]]

    agg = _group_sums(df, by_t)
    sum_p = float(df["participants"].sum())
    out = finish_participants(agg, by_t, rows=len(df), participants=sum_p, func=_FUNC)
    out.attrs["excluded"] = as_records(
        pd.concat(excluded).rename_axis("row").reset_index() if excluded else pd.DataFrame(),
        ["row", "city", "participants", "reason"],
    )
    out.attrs["partners"] = partner_keys
    return out


def _by_dimension(
    events: pd.DataFrame, by: tuple[str, ...], dims: list[str], filtered: bool
) -> pd.DataFrame:
    """``participants_by_dimension`` for a ``by`` that names one declared dimension."""
    named = [b for b in by if b in dims]
    if len(named) > 1 or filtered:
        raise IndicatorError(
            f"{_FUNC}: by={by!r}: один вимір ({', '.join(dims)}) без partner_only і period / "
            f"one dimension ({', '.join(dims)}), without partner_only and period"
        )
    rest = tuple(b for b in by if b not in dims) or ("city",)
    return participants_by_dimension(events, named[0], by=rest)


def _partner_keys(names: Iterable[str]) -> tuple[str, ...]:
    return partner_keys_of(names, _FUNC)


def _group_sums(df: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """The ``SUM_COLUMNS`` of ``event_sums`` per group of ``by`` over the event rows ``df``."""
    has_w = df["women"].notna()
    parts = pd.DataFrame(
        {
            "events": 1,
            "participants": df["participants"],
            "events_missing_participants": df["participants"].isna().astype(int),
            "known_participants": df["participants"].notna().astype(int),
            "events_with_women": has_w.astype(int),
            "participants_with_women": df["participants"].where(has_w, 0.0).fillna(0.0),
            "women": df["women"].fillna(0.0),
            "outside_events": df["_outside"],
            "outside_participants": df["participants"].where(df["_outside"], 0.0).fillna(0.0),
        },
        index=df.index,
    )
    for c in by:
        parts[c] = df[c]
    grouped = parts.groupby(list(by), sort=False, dropna=False)[list(SUM_COLUMNS)].sum()
    return grouped.reset_index()


def _outside(events: pd.DataFrame) -> pd.Series:
    """True for events whose ``period_status`` is "outside" their document's period."""
    if "period_status" not in events.columns:
        return pd.Series(False, index=events.index)
    return events["period_status"].astype("string").eq("outside").fillna(False).astype(bool)


def event_dating(events: pd.DataFrame) -> dict[str, int]:
    """How exactly the events are dated, for captions: ``outside_events`` /
    ``outside_participants`` — events whose ``period_status`` is "outside" (dated outside the
    reporting period of the document they come from) and Σ their participants;
    ``imprecise_events`` / ``imprecise_participants`` — events whose ``date_precision`` is
    not "day" (known only to the month, year or reporting period). Registers without these
    columns count 0. All such events are included in every participant count."""
    out = {}
    for name, column, exact in (
        ("outside", "period_status", "outside"),
        ("imprecise", "date_precision", "day"),
    ):
        if column in events.columns:
            values = events[column].astype("string")
            mask = values.eq(exact) if name == "outside" else values.notna() & values.ne(exact)
            mask = mask.fillna(False).to_numpy(dtype=bool)
        else:
            mask = np.zeros(len(events), dtype=bool)
        people = pd.to_numeric(events.loc[mask, "participants"], errors="coerce")
        out[f"{name}_events"] = int(mask.sum())
        out[f"{name}_participants"] = int(people.fillna(0).sum())
    return out


def events_in_period(events: pd.DataFrame) -> pd.DataFrame:
    """The events dated wholly inside their document's reporting period (``period_status``
    neither "outside" nor "partly" — a course begun before the half-year; every event when
    the column is absent): the rows whose dates say which period a chart covers
    (``periods.span_text(events_in_period(ev), ["date_start", "date_end"], lang)`` →
    «липень–грудень 2018» for a July–December card, however early an event it also reports
    began)."""
    if "period_status" not in events.columns:
        return events
    status = events["period_status"].astype("string")
    return events.loc[~status.isin(["outside", "partly"]).fillna(False).to_numpy()]
