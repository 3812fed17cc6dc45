"""Events and participants per city (oblast, event type, component) from the events register."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators._common import (
    NONE,
    TOTAL,
    UNALLOCATED,
    as_records,
    check_by,
    city_info,
    city_keys,
    finish_grouped,
    require_columns,
    to_datetime,
    without_attrs,
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

#: Value columns of the result, after the ``by`` columns and before ``row_kind``.
PARTICIPANTS_COLUMNS: tuple[str, ...] = (
    "events",
    "participants",
    "events_missing_participants",
    "events_with_women",
    "participants_with_women",
    "women",
    "women_share_pct",
    "population",
    "participants_per_1000",
    "outside_events",
    "outside_participants",
)

_FUNC = "participants_per_city"


def _oblast(key: str) -> str:
    if key == UNALLOCATED:
        return UNALLOCATED
    info = city_info(key)
    oblast = getattr(info, "oblast_en", None) if info is not None else None
    return oblast if oblast else NONE


def _population(key: str) -> float:
    info = city_info(key)
    pop = getattr(info, "population", None) if info is not None else None
    return float(pop) if pop else np.nan


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
        df["oblast"] = [_oblast(k) for k in df["city"]]

    has_w = df["women"].notna()
    df["_event"] = 1
    df["_missing_p"] = df["participants"].isna().astype(int)
    df["_known_p"] = 1 - df["_missing_p"]
    df["_has_w"] = has_w.astype(int)
    df["_p_with_w"] = df["participants"].where(has_w, 0.0).fillna(0.0)
    df["_w"] = df["women"].fillna(0.0)
    df["_out_p"] = df["participants"].where(df["_outside"], 0.0).fillna(0.0)

    agg = (
        df.groupby(list(by_t), sort=False, dropna=False)
        .agg(
            events=("_event", "sum"),
            participants=("participants", "sum"),
            events_missing_participants=("_missing_p", "sum"),
            _known_p=("_known_p", "sum"),
            events_with_women=("_has_w", "sum"),
            participants_with_women=("_p_with_w", "sum"),
            women=("_w", "sum"),
            outside_events=("_outside", "sum"),
            outside_participants=("_out_p", "sum"),
        )
        .reset_index()
    )
    total: dict[str, Any] = {c: TOTAL for c in by_t}
    for c in (
        "events",
        "participants",
        "events_missing_participants",
        "_known_p",
        "events_with_women",
        "participants_with_women",
        "women",
        "outside_events",
        "outside_participants",
    ):
        total[c] = agg[c].sum() if len(agg) else 0
    # The totals row must equal the register itself, not just the sum of the groups.
    if int(total["events"]) != len(df) or not np.isclose(
        float(total["participants"]), float(df["participants"].sum())
    ):
        raise IndicatorError(f"{_FUNC}: internal check failed: totals row differs from register")
    out = pd.concat([agg, pd.DataFrame([total])], ignore_index=True)
    # Unknown is not zero: a group none of whose events gives its participants has NA.
    out.loc[(out["_known_p"] == 0) & (out["events"] > 0), "participants"] = np.nan

    for c in ("events", "events_missing_participants", "events_with_women", "outside_events"):
        out[c] = out[c].astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * out["women"] / out["participants_with_women"]
    out["women_share_pct"] = share.where(
        (out["events_with_women"] > 0) & (out["participants_with_women"] > 0)
    )
    out.loc[out["events_with_women"] == 0, "women"] = np.nan
    if "city" in by_t:
        out["population"] = [_population(k) for k in out["city"]]
    else:
        out["population"] = np.nan
    out["participants_per_1000"] = 1000.0 * out["participants"] / out["population"]
    # People are whole numbers: show them as such (NA where unknown), rates stay float.
    for c in (
        "participants",
        "participants_with_women",
        "women",
        "population",
        "outside_participants",
    ):
        out[c] = out[c].round().astype("Int64")

    out = finish_grouped(out, by_t, PARTICIPANTS_COLUMNS)
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
    """Keys of the partner places ``names`` (any spelling), in their order, each once;
    IndicatorError on an unknown or empty one."""
    if isinstance(names, str):
        names = [names]
    keys = city_keys(pd.Series(list(names), dtype=object), f"{_FUNC}(partners=)")
    if not len(keys) or (keys == UNALLOCATED).any():
        raise IndicatorError(
            f"{_FUNC}: partners={list(names)!r}: порожні назви міст-партнерів / "
            "empty partner place names"
        )
    return tuple(dict.fromkeys(keys))


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
