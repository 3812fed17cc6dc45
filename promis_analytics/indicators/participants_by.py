"""Participants by a disaggregation dimension (sex, IDP, age group …) per place: a tidy table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.dimensions import (
    BUILTIN_COLUMNS,
    DEFAULT_DIMENSIONS,
    Dimension,
    parse_dimensions,
)
from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import (
    NONE,
    TOTAL,
    UNALLOCATED,
    check_by,
    city_info,
    city_keys,
    finish_grouped,
    require_columns,
    without_attrs,
)

__all__ = [
    "BY_PLACE",
    "DIMENSION_COLUMNS",
    "EVENT_COLUMNS",
    "REST",
    "UNKNOWN",
    "declared_dimensions",
    "participant_columns",
    "participants_by_dimension",
]

#: Grouping columns ``participants_by_dimension`` accepts in ``by=`` beside the dimension.
BY_PLACE: tuple[str, ...] = ("city", "oblast", "event_type", "component")
#: The part label of the participants known to be in none of the parts (e.g. not IDPs).
REST = "(rest)"
#: The part label of the participants whose part the register does not give.
UNKNOWN = "(unknown)"
#: Value columns of the result, after the ``by`` columns and the dimension column.
DIMENSION_COLUMNS: tuple[str, ...] = (
    "participants",
    "events",
    "events_reporting",
    "share_pct",
)

_FUNC = "participants_by_dimension"

#: The events columns the participant tables (``participants_per_city``, ``event_dating``,
#: ``events_in_period``, ``participants_by_dimension``) and their charts' source and period
#: lines read, beside the dimension columns (``participant_columns``).
EVENT_COLUMNS: tuple[str, ...] = (
    "city",
    "event_type",
    "component",
    "participants",
    "women",
    "date_start",
    "date_end",
    "date_precision",
    "period_status",
    "source",
)


def participant_columns(dimensions: Sequence[Dimension] = ()) -> tuple[str, ...]:
    """``EVENT_COLUMNS``, the built-in dimension columns and those of ``dimensions`` (a
    folder's declared ones): what ``Dataset.columns("events", …)`` needs to read for the
    participant tables, so a 10⁷-row register is not read whole."""
    declared = (name for d in dimensions for name in d.column_names)
    return tuple(dict.fromkeys([*EVENT_COLUMNS, *BUILTIN_COLUMNS, *declared]))


def declared_dimensions(events: pd.DataFrame) -> tuple[Dimension, ...]:
    """The dimensions the events register was loaded with (``attrs["dimensions"]``, which
    ``load_dataset`` sets from ``promis.toml``), else the built-in ones (sex, IDP)."""
    tables = events.attrs.get("dimensions")
    return DEFAULT_DIMENSIONS if tables is None else parse_dimensions(tables, "attrs")[0]


def _dimension(name: str, dimensions: Sequence[Dimension]) -> Dimension:
    found = {d.name: d for d in dimensions}
    if name not in found:
        raise IndicatorError(
            f"{_FUNC}: невідомий вимір «{name}»; оголошені: {', '.join(found)} / "
            f"unknown dimension '{name}'; declared: {', '.join(found)}"
        )
    return found[name]


def _oblast(key: str) -> str:
    if key == UNALLOCATED:
        return UNALLOCATED
    info = city_info(key)
    oblast = getattr(info, "oblast_en", None) if info is not None else None
    return oblast if oblast else NONE


def _groups(events: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """The ``by`` columns of every event: place keys, oblast, labelled empty codes."""
    df = pd.DataFrame(index=events.index)
    if "city" in by or "oblast" in by:
        keys = city_keys(events["city"], _FUNC)
        if "city" in by:
            df["city"] = keys
        if "oblast" in by:
            df["oblast"] = [_oblast(k) for k in keys]
    for col in ("event_type", "component"):
        if col in by:
            df[col] = [NONE if pd.isna(v) or str(v).strip() == "" else str(v) for v in events[col]]
    return df[list(by)]


def _numbers(events: pd.DataFrame, column: str) -> pd.Series:
    """A people column as floats (NaN = not given); all NaN when the register lacks it."""
    if column not in events.columns:
        return pd.Series(np.nan, index=events.index)
    return pd.to_numeric(events[column], errors="raise").astype(float)


def _long(events: pd.DataFrame, dim: Dimension) -> pd.DataFrame:
    """One row per event and part: ``value`` (people, NaN = not given), ``reporting`` (the
    event gives it), ``base`` (the event's participants when it reports, else 0)."""
    p = _numbers(events, "participants")
    parts = {c.name: _numbers(events, c.name) for c in dim.columns}
    given = pd.DataFrame({k: v.notna() for k, v in parts.items()})
    given_sum = pd.DataFrame(parts).fillna(0.0).sum(axis=1)
    all_given = given.all(axis=1) & p.notna()
    pieces = {k: (v, v.notna()) for k, v in parts.items()}
    if dim.exclusive or len(dim.columns) == 1:
        pieces[REST] = ((p - given_sum).where(all_given), all_given)
        unknown = (p - given_sum).where(p.notna() & ~all_given, 0.0).where(p.notna())
    else:  # overlapping parts: what is outside them is not known; unknown = no part given
        pieces[REST] = (pd.Series(np.nan, index=p.index), pd.Series(False, index=p.index))
        unknown = p.where(~given.any(axis=1), 0.0).where(p.notna())
    pieces[UNKNOWN] = (unknown, p.notna())
    frames = [
        pd.DataFrame({"part": part, "value": v, "reporting": r.astype(int),
                      "base": p.where(r, 0.0).fillna(0.0), "event": 1}, index=events.index)
        for part, (v, r) in pieces.items()
    ]  # fmt: skip
    return pd.concat(frames)


def _aggregate(long: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """Σ per (``by``, part): people (0 where no event reports the part: the caller makes it
    NA), events, reporting events, participants of the reporting events; the totals rows
    (``TOTAL``) after them."""
    spec: dict[str, Any] = dict(
        participants=("value", "sum"),  # NA where no event reports it: set by the caller
        events=("event", "sum"),
        events_reporting=("reporting", "sum"),
        base=("base", "sum"),
    )
    groups = long.groupby([*by, "part"], sort=False, dropna=False).agg(**spec).reset_index()
    total = long.groupby("part", sort=False).agg(**spec).reset_index()
    for c in by:
        total[c] = TOTAL
    return pd.concat([groups, total[groups.columns]], ignore_index=True)


def participants_by_dimension(
    events: pd.DataFrame,
    dimension: str = "sex",
    *,
    by: Sequence[str] | str = ("city",),
    dimensions: Sequence[Dimension] | None = None,
) -> pd.DataFrame:
    """Participants per place (``by``) and part of a declared ``dimension``, a tidy table.

    ``dimensions``: the folder's declared dimensions (default ``declared_dimensions(events)``:
    ``promis.toml`` ``[[dimensions]]``, else sex = women, men and IDP = idp). One row per
    group of ``by`` (any of city, oblast, event_type, component) and part; the column named
    after the dimension (e.g. ``sex``) holds the part: each declared column (``women``,
    ``men``), then ``REST`` and ``UNKNOWN``:

    - a part's ``participants`` = Σ of its column over the events that give it — NA when no
      event of the group gives it (unknown, never 0); ``events_reporting`` = those events;
      ``share_pct`` = 100 × participants ÷ Σ participants of those events (percent; NA
      when none);
    - ``REST`` = Σ (participants − Σ parts) over the events that give every part (people
      known to be in no part: not IDPs, of no listed sex); NA when no event gives every part
      or the parts overlap (a non-exclusive dimension of several columns);
    - ``UNKNOWN`` = people whose part is not given: Σ (participants − Σ given parts) over the
      other events (for overlapping parts: participants of the events giving no part);
      ``share_pct`` = its percent of all participants;
    - ``events`` = events of the group. Integers are ``Int64``; the last rows (``TOTAL`` in
      every ``by`` column) total the register. For exclusive dimensions the parts, REST and
      UNKNOWN of a group add up to its participants (checked).
    """
    dims = tuple(dimensions) if dimensions is not None else declared_dimensions(events)
    dim = _dimension(dimension, dims)
    by_t = check_by(by, BY_PLACE, _FUNC)
    require_columns(events, ["participants", *(c for c in by_t if c != "oblast")], _FUNC)
    if "oblast" in by_t:
        require_columns(events, ["city"], _FUNC)
    events = without_attrs(events)
    long = _long(events, dim)
    groups = _groups(events, by_t)
    long = long.join(groups)
    out = _aggregate(long, by_t)
    _check_sums(out, by_t, events, dim)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * out["participants"] / out["base"]
    out["share_pct"] = share.where((out["events_reporting"] > 0) & (out["base"] > 0))
    out.loc[out["events_reporting"] == 0, "participants"] = np.nan
    out["participants"] = out["participants"].round().astype("Int64")
    for c in ("events", "events_reporting"):
        out[c] = out[c].astype(int)
    out = out.rename(columns={"part": dim.name})
    out = finish_grouped(out, by_t, (dim.name, *DIMENSION_COLUMNS))
    out.attrs["dimension"] = dim.name
    out.attrs["parts"] = {c.name: (c.label_uk, c.label_en) for c in dim.columns}
    out.attrs["dimension_labels"] = (dim.label_uk, dim.label_en)
    return out


def _check_sums(
    out: pd.DataFrame, by: tuple[str, ...], events: pd.DataFrame, dim: Dimension
) -> None:
    """The parts, REST and UNKNOWN of the totals add up to Σ participants (exclusive parts)."""
    p = _numbers(events, "participants")
    if not (dim.exclusive or len(dim.columns) == 1) or not len(events) or p.isna().any():
        return
    total = out[(out[list(by)] == TOTAL).all(axis=1)]
    people = float(total["participants"].fillna(0).sum())
    expected = float(p.sum())
    if not np.isclose(people, expected):
        raise IndicatorError(
            f"{_FUNC}: internal check failed: {people} ≠ Σ participants {expected}"
        )


def participants_by_dimensions(
    events: pd.DataFrame,
    *,
    by: Sequence[str] | str = ("city",),
    dimensions: Sequence[Dimension] | None = None,
) -> pd.DataFrame:
    """Every declared dimension's ``participants_by_dimension`` table in one long table (the
    workbook sheet): ``[*by, "dimension", "part", *DIMENSION_COLUMNS, "row_kind"]``, the
    dimensions in declared order; ``attrs["labels"]`` maps each dimension and part code to
    its (uk, en) labels from the profile."""
    dims = tuple(dimensions) if dimensions is not None else declared_dimensions(events)
    by_t = check_by(by, BY_PLACE, _FUNC)
    columns = [*by_t, "dimension", "part", *DIMENSION_COLUMNS, "row_kind"]
    parts, labels = [], {}
    for dim in dims:
        table = participants_by_dimension(events, dim.name, by=by_t, dimensions=dims)
        parts.append(table.rename(columns={dim.name: "part"}).assign(dimension=dim.name))
        labels[dim.name] = (dim.label_uk, dim.label_en)
        labels.update({c.name: (c.label_uk, c.label_en) for c in dim.columns})
    out = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    out.attrs["labels"] = labels
    return out
