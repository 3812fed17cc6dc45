"""Recommendation uptake: given, implemented, partially and not implemented, uptake percent."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import (
    NONE,
    TOTAL,
    check_by,
    city_keys,
    decimals_of,
    finish_grouped,
    is_missing,
    require_columns,
)

__all__ = [
    "PARTIAL_RULES",
    "UPTAKE_COLUMNS",
    "UPTAKE_FROM_TOTALS_COLUMNS",
    "recommendation_uptake",
    "recommendation_uptake_from_totals",
    "uptake_by_source",
    "uptake_for_chart",
]

PARTIAL_RULES: tuple[str, ...] = ("separate", "half", "none")
UPTAKE_BY: tuple[str, ...] = ("city", "area", "year_given")
_STATUSES = (
    "implemented",
    "partially_implemented",
    "in_progress",
    "not_implemented",
    "not_applicable",
)
UPTAKE_COLUMNS: tuple[str, ...] = (
    "given",
    "implemented",
    "partially_implemented",
    "in_progress",
    "not_implemented",
    "unknown",
    "not_applicable",
    "uptake_pct",
    "partial_pct",
    "unknown_pct",
    "partial_rule",
)
UPTAKE_FROM_TOTALS_COLUMNS: tuple[str, ...] = (
    "given",
    "implemented_pct_printed",
    "decimals",
    "implemented",
    "candidates",
    "recomputed_pct",
    "consistent",
    "note",
)

_FUNC = "recommendation_uptake"


def recommendation_uptake(
    recommendations: pd.DataFrame,
    *,
    by: Sequence[str] | str = ("city",),
    partial: str = "separate",
) -> pd.DataFrame:
    """Recommendations given and implemented per group of ``by`` (``city``, ``area``,
    ``year_given``), with a totals row.

    Input: the recommendations register (``status`` and the ``by`` columns). Status codes:
    implemented | partially_implemented | in_progress | not_implemented | not_applicable; an
    empty status is counted as ``unknown`` (its own column, reported, never dropped); any other
    code raises.

    - ``not_applicable`` is counted in its own column and **excluded** from ``given``.
    - ``in_progress`` (work started, not finished: «в процесі») has its own column, is part of
      ``given`` and counts as not (yet) implemented in ``uptake_pct``.
    - ``given`` = implemented + partially_implemented + in_progress + not_implemented +
      unknown.
    - ``uptake_pct`` (percent of ``given``), by the ``partial`` rule:
      ``"separate"``: 100 × implemented ÷ given, and ``partial_pct`` = 100 × partially ÷ given
      shown beside it; ``"half"``: 100 × (implemented + ½ × partially) ÷ given (``partial_pct``
      NaN: already inside); ``"none"``: 100 × implemented ÷ given, partial counting as not
      implemented (``partial_pct`` NaN).
    - ``unknown_pct`` = 100 × unknown ÷ given: the uptake is a lower bound when it is > 0.
    - Percentages are NaN when ``given`` is 0.
    - ``row_kind``: ``"group"``, ``"unallocated"`` (no city), ``"total"`` (last row).
      ``year_given`` values are shown as text ("2018") so that the totals label fits; an
      empty area or year is ``"(none)"``.

    Empty input gives the totals row only (all counts 0).
    """
    by_t = check_by(by, UPTAKE_BY, _FUNC)
    if partial not in PARTIAL_RULES:
        raise IndicatorError(f"{_FUNC}: partial={partial!r}; expected one of {PARTIAL_RULES}")
    require_columns(recommendations, ["status", *by_t], _FUNC)
    status = ["unknown" if is_missing(s) else str(s).strip() for s in recommendations["status"]]
    bad = sorted({s for s in status if s not in (*_STATUSES, "unknown")})
    if bad:
        raise IndicatorError(f"{_FUNC}: unknown status code(s) {bad}; expected {_STATUSES}")
    df = pd.DataFrame(index=recommendations.index)
    for col in by_t:
        if col == "city":
            df["city"] = city_keys(recommendations["city"], _FUNC)
        elif col == "year_given":
            df[col] = [NONE if is_missing(v) else str(int(v)) for v in recommendations[col]]
        else:
            df[col] = [NONE if is_missing(v) else str(v) for v in recommendations[col]]
    counted = ("implemented", "partially_implemented", "in_progress", "not_implemented", "unknown")
    for s in (*counted, "not_applicable"):
        df[s] = [int(x == s) for x in status]
    agg = (
        df.groupby(list(by_t), sort=True, dropna=False)[[*counted, "not_applicable"]]
        .sum()
        .reset_index()
    )
    total: dict[str, Any] = {c: TOTAL for c in by_t}
    total |= {s: int(df[s].sum()) for s in (*counted, "not_applicable")}
    out = pd.concat([agg, pd.DataFrame([total])], ignore_index=True)
    for s in (*counted, "not_applicable"):
        out[s] = out[s].astype(int)
    out["given"] = out[list(counted)].sum(axis=1).astype(int)
    if sum(total[s] for s in (*counted, "not_applicable")) != len(recommendations):
        raise IndicatorError(f"{_FUNC}: internal check failed: counts differ from register rows")
    g = out["given"].where(out["given"] > 0).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if partial == "half":
            out["uptake_pct"] = (
                100.0 * (out["implemented"] + 0.5 * out["partially_implemented"]) / g
            )
            out["partial_pct"] = np.nan
        else:
            out["uptake_pct"] = 100.0 * out["implemented"] / g
            out["partial_pct"] = (
                100.0 * out["partially_implemented"] / g if partial == "separate" else np.nan
            )
        out["unknown_pct"] = 100.0 * out["unknown"] / g
    out["partial_rule"] = partial
    return finish_grouped(out, by_t, UPTAKE_COLUMNS)


def _round_half_up(x: Decimal, decimals: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def recommendation_uptake_from_totals(
    given: int,
    implemented_pct: float | str | Decimal,
    *,
    decimals: int | None = None,
) -> pd.DataFrame:
    """The whole number of implemented recommendations behind a published percent.

    ``candidates`` = every whole n in 0…given with round_half_up(100 × n ÷ given, d) equal to
    the printed percent, where d = ``decimals`` or the number of decimals the percent is
    printed with (``"43,9"`` or ``43.9`` → 1; pass text to keep trailing zeros). One row:

    - ``implemented`` = the candidate when exactly one exists, else NA;
    - ``candidates`` = all of them, ``";"``-joined (empty when none);
    - ``recomputed_pct`` = 100 × implemented ÷ given (unrounded percent);
    - ``consistent`` = True when exactly one whole number gives the printed percent;
    - ``note`` says "no whole number …" or "several whole numbers …" otherwise.

    383 given and 43,9 % ⇒ 168 implemented (168 ÷ 383 = 43,86 %). ``given`` must be a whole
    number ≥ 1; the percent must lie in 0…100.
    """
    if isinstance(given, bool) or int(given) != given or given < 1:
        raise IndicatorError(f"recommendation_uptake_from_totals: given={given!r}; expected ≥ 1")
    given = int(given)
    text = str(implemented_pct).strip().replace(",", ".").rstrip("%").strip()
    try:
        pct = Decimal(text)
    except ArithmeticError as e:
        raise IndicatorError(
            f"recommendation_uptake_from_totals: implemented_pct={implemented_pct!r} "
            "is not a number"
        ) from e
    if not Decimal(0) <= pct <= Decimal(100):
        raise IndicatorError(
            f"recommendation_uptake_from_totals: implemented_pct={implemented_pct!r} not in 0…100"
        )
    d = (
        decimals
        if decimals is not None
        else decimals_of(implemented_pct if isinstance(implemented_pct, str) else float(pct))
    )
    if isinstance(implemented_pct, Decimal) and decimals is None:
        d = max(0, -pct.as_tuple().exponent)  # type: ignore[operator]
    target = _round_half_up(pct, d)
    cands = [
        n
        for n in range(given + 1)
        if _round_half_up(Decimal(100 * n) / Decimal(given), d) == target
    ]
    if len(cands) == 1:
        n: Any = cands[0]
        note = ""
    elif not cands:
        n = pd.NA
        note = f"no whole number of {given} gives {target} % at {d} decimal(s)"
    else:
        n = pd.NA
        note = f"several whole numbers of {given} give {target} %: {cands}"
    row = {
        "given": given,
        "implemented_pct_printed": float(pct),
        "decimals": d,
        "implemented": n,
        "candidates": ";".join(str(c) for c in cands),
        "recomputed_pct": (100.0 * n / given) if len(cands) == 1 else np.nan,
        "consistent": len(cands) == 1,
        "note": note,
    }
    out = pd.DataFrame([row], columns=list(UPTAKE_FROM_TOTALS_COLUMNS))
    out["implemented"] = out["implemented"].astype("Int64")
    return out


_GIVEN = "_recommendations_given"
_SHARE = "_recommendations_implemented_share"


def uptake_by_source(facts: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """Implemented recommendations behind each printed (given, implemented %) pair of facts.

    Pairs are facts ``<topic>_recommendations_given`` and
    ``<topic>_recommendations_implemented_share``; when the recommendations register has
    rows, its uptake totals row is appended (``basis = "register"``).
    """
    parts: list[pd.DataFrame] = []
    if len(facts):
        by_metric = facts.set_index("metric")
        for metric in sorted(m for m in facts["metric"].unique() if str(m).endswith(_GIVEN)):
            topic = metric[: -len(_GIVEN)]
            share = topic + _SHARE
            if share not in by_metric.index:
                continue
            given, pct = by_metric.loc[[metric]].iloc[0], by_metric.loc[[share]].iloc[0]
            printed = pct["as_printed"] if isinstance(pct.get("as_printed"), str) else pct["value"]
            t = recommendation_uptake_from_totals(int(given["value"]), printed)
            t.insert(0, "basis", "facts")
            t.insert(0, "topic", topic)
            t["source"] = given["source"]
            t["locator"] = f"{given['locator']}; {pct['locator']}"
            parts.append(t)
    if len(recs):
        u = recommendation_uptake(recs, by=("city",))
        u = u[u["row_kind"] == "total"].copy()
        u.insert(0, "basis", "register")
        u.insert(0, "topic", "all")
        parts.append(u)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["topic"])


def uptake_for_chart(recommendations: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """The uptake a chart draws: the register's own (``recommendation_uptake`` per city, with
    its totals row) when the recommendations register has rows — never printed figures in
    place of a register the user supplied; else the first printed (given, implemented %)
    pair of the facts register; else an empty table. ``attrs["sources"]``: the source ids."""
    if len(recommendations):
        out = recommendation_uptake(recommendations, by=("city",))
        out.attrs["sources"] = sorted(recommendations["source"].dropna().astype(str).unique())
        return out
    printed = uptake_by_source(facts, recommendations)
    printed = printed[printed.get("basis", pd.Series(dtype=str)) == "facts"].head(1)
    out = printed.reset_index(drop=True)
    out.attrs["sources"] = sorted(out["source"].dropna().astype(str).unique()) if len(out) else []
    return out
