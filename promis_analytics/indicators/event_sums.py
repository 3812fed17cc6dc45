"""Per-group partial sums of the events register, finished into the participants table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import (
    NONE,
    TOTAL,
    UNALLOCATED,
    city_info,
    city_keys,
    finish_grouped,
)

__all__ = [
    "PARTICIPANTS_COLUMNS",
    "SUM_COLUMNS",
    "finish_participants",
    "oblast_of",
    "partner_keys_of",
    "population_of",
]

#: Value columns of the participants table, after the ``by`` columns and before ``row_kind``.
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

#: Partial sums per group that ``finish_participants`` takes (combinable: the sums of the
#: partial sums of any split of the rows are the sums over all rows).
#: ``participants`` = Σ participants with empty cells as 0 (people); ``known_participants`` =
#: events whose participants cell is filled; ``participants_with_women`` = Σ participants of
#: the events that report women; ``women`` = Σ women (empty as 0); ``outside_*`` = events
#: dated outside their document's period and Σ their participants.
SUM_COLUMNS: tuple[str, ...] = (
    "events",
    "participants",
    "events_missing_participants",
    "known_participants",
    "events_with_women",
    "participants_with_women",
    "women",
    "outside_events",
    "outside_participants",
)


def oblast_of(key: str) -> str:
    """The English oblast name of place ``key``; ``UNALLOCATED`` stays, none known → ``NONE``."""
    if key == UNALLOCATED:
        return UNALLOCATED
    info = city_info(key)
    oblast = getattr(info, "oblast_en", None) if info is not None else None
    return oblast if oblast else NONE


def population_of(key: str) -> float:
    """Present population of place ``key`` on 2022-01-01 (people); NaN when unknown."""
    info = city_info(key)
    pop = getattr(info, "population", None) if info is not None else None
    return float(pop) if pop else np.nan


def partner_keys_of(names: Iterable[str], func: str) -> tuple[str, ...]:
    """Keys of the partner places ``names`` (any spelling), in their order, each once;
    IndicatorError on an unknown or empty one."""
    if isinstance(names, str):
        names = [names]
    keys = city_keys(pd.Series(list(names), dtype=object), f"{func}(partners=)")
    if not len(keys) or (keys == UNALLOCATED).any():
        raise IndicatorError(
            f"{func}: partners={list(names)!r}: порожні назви міст-партнерів / "
            "empty partner place names"
        )
    return tuple(dict.fromkeys(keys))


def _with_total(agg: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """``agg`` (one row per group) with the totals row appended (``TOTAL`` in every ``by``)."""
    total: dict[str, Any] = {c: TOTAL for c in by}
    for c in SUM_COLUMNS:
        total[c] = agg[c].sum() if len(agg) else 0
    return pd.concat([agg, pd.DataFrame([total])], ignore_index=True)


def _shares_and_rates(out: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Unknown participants as NA, the women share (percent of the participants of the
    events that report women), population and participants per 1 000 residents."""
    # Unknown is not zero: a group none of whose events gives its participants has NA.
    out.loc[(out["known_participants"] == 0) & (out["events"] > 0), "participants"] = np.nan
    for c in ("events", "events_missing_participants", "events_with_women", "outside_events"):
        out[c] = out[c].astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * out["women"] / out["participants_with_women"]
    out["women_share_pct"] = share.where(
        (out["events_with_women"] > 0) & (out["participants_with_women"] > 0)
    )
    out.loc[out["events_with_women"] == 0, "women"] = np.nan
    if "city" in by:
        out["population"] = [population_of(k) for k in out["city"]]
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
        out[c] = out[c].astype(float).round().astype("Int64")
    return out


def finish_participants(
    agg: pd.DataFrame, by: Sequence[str], *, rows: int, participants: float, func: str
) -> pd.DataFrame:
    """The participants table (``PARTICIPANTS_COLUMNS``, see ``participants_per_city``) from
    ``agg``: one row per group of ``by`` with the ``SUM_COLUMNS``.

    ``rows`` and ``participants`` are the register's own row count and Σ participants
    (counted apart from the groups): the totals row must equal them, else IndicatorError."""
    out = _with_total(agg, by)
    total = out.iloc[-1]
    if int(total["events"]) != rows or not np.isclose(
        float(total["participants"]), float(participants)
    ):
        raise IndicatorError(f"{func}: internal check failed: totals row differs from register")
    out = _shares_and_rates(out, by)
    return finish_grouped(out, by, PARTICIPANTS_COLUMNS)
