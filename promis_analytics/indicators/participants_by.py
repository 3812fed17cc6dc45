"""Participants by a disaggregation dimension (sex, IDP, age group …) per place: a tidy table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    "DATING_COLUMNS",
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


#: The events columns the charts of the participant notebooks read beside the tables
#: (``event_dating``, ``events_in_period`` and the source line), when the tables themselves
#: come from ``participants_of`` / ``participants_by_dimension(s)_of``.
DATING_COLUMNS: tuple[str, ...] = (
    "participants",
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


#: Σ per (``by``, part) of the long table: people (0 where no event reports the part: the
#: caller makes it NA), events, reporting events, participants of the reporting events.
_SPEC: dict[str, Any] = dict(
    participants=("value", "sum"),
    events=("event", "sum"),
    events_reporting=("reporting", "sum"),
    base=("base", "sum"),
)
_SUMS = ("participants", "events", "events_reporting", "base")


def _grouped(events: pd.DataFrame, dim: Dimension, by: tuple[str, ...]) -> pd.DataFrame:
    """``_SPEC`` sums per (``by``, part) of ``events`` (a whole register or one batch of it:
    sums of batches add up to the sums of the whole), in order of first appearance."""
    long = _long(events, dim).join(_groups(events, by))
    return long.groupby([*by, "part"], sort=False, dropna=False).agg(**_SPEC).reset_index()


def _with_totals(groups: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """``groups`` and after them the totals rows (``TOTAL`` in every ``by`` column)."""
    total = groups.groupby("part", sort=False)[list(_SUMS)].sum().reset_index()
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
    out = _with_totals(_grouped(events, dim, by_t), by_t)
    _check_sums(out, by_t, _numbers(events, "participants"), dim)
    return _finish(out, by_t, dim)


def _finish(out: pd.DataFrame, by: tuple[str, ...], dim: Dimension) -> pd.DataFrame:
    """The table of ``participants_by_dimension`` from the sums and totals rows ``out``:
    share (percent), NA where no event reports a part, integer types, order, attrs."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * out["participants"] / out["base"]
    out["share_pct"] = share.where((out["events_reporting"] > 0) & (out["base"] > 0))
    out.loc[out["events_reporting"] == 0, "participants"] = np.nan
    out["participants"] = out["participants"].round().astype("Int64")
    for c in ("events", "events_reporting"):
        out[c] = out[c].astype(int)
    out = out.rename(columns={"part": dim.name})
    out = finish_grouped(out, by, (dim.name, *DIMENSION_COLUMNS))
    out.attrs["dimension"] = dim.name
    out.attrs["parts"] = {c.name: (c.label_uk, c.label_en) for c in dim.columns}
    out.attrs["dimension_labels"] = (dim.label_uk, dim.label_en)
    return out


def participants_by_dimension_batches(
    batches: Iterable[pd.DataFrame],
    dimensions: Sequence[Dimension],
    *,
    by: Sequence[str] | str = ("city",),
) -> dict[str, pd.DataFrame]:
    """``participants_by_dimension`` of every dimension in ``dimensions`` over a register
    given as ``batches`` of its rows (e.g. Parquet record batches as frames): each batch is
    reduced to its sums per (``by``, part), the sums of all batches are added (Σ of sums is
    the sum) and finished as for the whole register — the same tables, name → table,
    without holding the register. Memory: one batch plus one row per group and part."""
    by_t = check_by(by, BY_PLACE, _FUNC)
    parts: dict[str, list[pd.DataFrame]] = {d.name: [] for d in dimensions}
    people = []
    for batch in batches:
        require_columns(batch, ["participants", *(c for c in by_t if c != "oblast")], _FUNC)
        people.append(_numbers(batch, "participants"))
        for d in dimensions:
            parts[d.name].append(_grouped(batch, d, by_t))
    p = pd.concat(people, ignore_index=True) if people else pd.Series([], dtype=float)
    out = {}
    for d in dimensions:
        groups = (
            _regrouped(parts[d.name], by_t)
            if parts[d.name]
            else _grouped(
                pd.DataFrame({"participants": [], **{c: [] for c in by_t if c != "oblast"}}),
                d,
                by_t,
            )
        )
        table = _with_totals(groups, by_t)
        _check_sums(table, by_t, p, d)
        out[d.name] = _finish(table, by_t, d)
    return out


def _regrouped(partials: list[pd.DataFrame], by: tuple[str, ...]) -> pd.DataFrame:
    """The batch sums added per (``by``, part), in the order the whole register gives them:
    parts in declared order, the groups of each part in order of first appearance."""
    both = pd.concat(partials, ignore_index=True)
    groups = both.groupby([*by, "part"], sort=False, dropna=False)[list(_SUMS)].sum()
    groups = groups.reset_index()
    order = {part: i for i, part in enumerate(dict.fromkeys(partials[0]["part"]))}
    rank = groups["part"].map(order)
    return groups.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)


def _check_sums(out: pd.DataFrame, by: tuple[str, ...], p: pd.Series, dim: Dimension) -> None:
    """The parts, REST and UNKNOWN of the totals add up to Σ participants ``p`` of the
    events (exclusive parts)."""
    if not (dim.exclusive or len(dim.columns) == 1) or not len(p) or p.isna().any():
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
    tables = {
        d.name: participants_by_dimension(events, d.name, by=by_t, dimensions=dims) for d in dims
    }
    return combined(tables, dims, by_t)


def combined(
    tables: dict[str, pd.DataFrame], dims: Sequence[Dimension], by: tuple[str, ...]
) -> pd.DataFrame:
    """The per-dimension tables (name → ``participants_by_dimension`` table) as the one long
    table of ``participants_by_dimensions``, with ``attrs["labels"]``."""
    columns = [*by, "dimension", "part", *DIMENSION_COLUMNS, "row_kind"]
    parts, labels = [], {}
    for dim in dims:
        table = tables[dim.name]
        parts.append(table.rename(columns={dim.name: "part"}).assign(dimension=dim.name))
        labels[dim.name] = (dim.label_uk, dim.label_en)
        labels.update({c.name: (c.label_uk, c.label_en) for c in dim.columns})
    out = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    out.attrs["labels"] = labels
    return out
