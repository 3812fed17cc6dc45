"""Transparency gains: score and rank of each city in two editions of an index or ranking."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import (
    UNALLOCATED,
    city_keys,
    city_order,
    require_columns,
)

__all__ = [
    "TRANSPARENCY_COLUMNS",
    "compared_years",
    "gains_sources",
    "main_index",
    "top_three_statements",
    "transparency_gains",
]

TRANSPARENCY_COLUMNS: tuple[str, ...] = (
    "city",
    "index",
    "from_year",
    "to_year",
    "score_from",
    "score_to",
    "max_score_from",
    "max_score_to",
    "rank_from",
    "rank_to",
    "rank_of_from",
    "rank_of_to",
    "gain_points",
    "gain_pct",
    "rank_change",
    "reason",
)

_FUNC = "transparency_gains"
_VALUES = ("score", "max_score", "rank", "rank_of")


def _year_frame(df: pd.DataFrame, year: int, suffix: str) -> pd.DataFrame:
    part = df.loc[df["year"] == year, ["city", *_VALUES]]
    dup = part["city"][part["city"].duplicated()].tolist()
    if dup:
        raise IndicatorError(f"{_FUNC}: several rows for city {sorted(set(dup))} in {year}")
    return part.rename(columns={c: f"{c}_{suffix}" for c in _VALUES})


def main_index(index_scores: pd.DataFrame) -> str | None:
    """The index with the most scored or ranked rows (ties: alphabetical); None when none."""
    rated = index_scores[index_scores["score"].notna() | _ranked(index_scores)]
    if rated.empty:
        return None
    counts = rated.groupby("index").size()
    return str(sorted(counts.index, key=lambda i: (-counts[i], str(i)))[0])


def _ranked(df: pd.DataFrame) -> pd.Series:
    return df["rank"].notna() if "rank" in df.columns else pd.Series(False, index=df.index)


def compared_years(index_scores: pd.DataFrame, index: str) -> tuple[int, int] | None:
    """The two editions of ``index`` to compare: the earliest and the latest year with a
    city scored or ranked in both (the widest span any city allows); None when no city has
    two years."""
    df = index_scores.loc[index_scores["index"] == index]
    df = df[df["score"].notna() | _ranked(df)]
    by_city = df.groupby(city_keys(df["city"], _FUNC).to_numpy())["year"]
    spans = {(int(y.min()), int(y.max())) for _, y in by_city if y.nunique() > 1}
    if not spans:
        return None
    return sorted(spans, key=lambda p: (p[0] - p[1], p[0]))[0]


def gains_sources(index_scores: pd.DataFrame, gains: pd.DataFrame) -> pd.Series:
    """The ``source`` of every register row a gains table was computed from (its index, its
    two years), for the chart's source line."""
    if gains.empty:
        return index_scores["source"].iloc[:0]
    rows = index_scores["index"].isin(gains["index"].unique()) & index_scores["year"].isin(
        [*gains["from_year"].unique(), *gains["to_year"].unique()]
    )
    return index_scores.loc[rows, "source"]


def top_three_statements(index_scores: pd.DataFrame) -> pd.DataFrame:
    """Placement statements: rows with ``rank_of`` but no score whose rank is empty or at most
    3 («among the top three of the N cities», ordered or not) — what a report says about a
    city's place in a small group, drawn apart from the full rankings."""
    df = index_scores
    rank = df["rank"] if "rank" in df.columns else pd.Series(np.nan, index=df.index)
    mask = df["rank_of"].notna() & df["score"].isna() & (rank.isna() | (rank <= 3))
    return df.loc[mask]


def _index_rows(index_scores: pd.DataFrame, index: str | None) -> pd.DataFrame:
    """The rows of ``index`` with numeric values and years and city keys; IndicatorError
    for a row without a city."""
    df = index_scores.loc[index_scores["index"] == index].copy()
    for c in _VALUES:
        if c not in df.columns:
            df[c] = np.nan
        df[c] = pd.to_numeric(df[c], errors="raise").astype(float)
    df["year"] = pd.to_numeric(df["year"], errors="raise")
    df["city"] = city_keys(df["city"], _FUNC)
    if (df["city"] == UNALLOCATED).any():
        raise IndicatorError(f"{_FUNC}: rows without a city in index {index!r}")
    return df


def _gain_reason(row: pd.Series, years: dict[str, tuple[int, set[str]]]) -> str:
    """Why a gain of ``row`` is missing or not like for like (see transparency_gains);
    ``years``: per side ("from", "to") its year and the cities rated in it."""
    r = []
    for s, (year, present) in years.items():
        if row["city"] not in present:
            r.append(f"not in {year}")
            continue
        if pd.isna(row[f"score_{s}"]):
            r.append(f"no score in {year}")
        if pd.isna(row[f"rank_{s}"]):
            r.append(f"no rank in {year}")
    ma, mb = row["max_score_from"], row["max_score_to"]
    if pd.notna(ma) and pd.notna(mb) and ma != mb:
        r.append("max_score differs")
    na, nb = row["rank_of_from"], row["rank_of_to"]
    if pd.notna(na) and pd.notna(nb) and na != nb:
        r.append("rank_of differs")
    return "; ".join(r)


def transparency_gains(
    index_scores: pd.DataFrame,
    *,
    index: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    cities: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Score and rank of every city in ``from_year`` and ``to_year`` of one index, and the gains.

    From the data when not given: ``index`` = ``main_index`` (the one with most rated rows);
    the years = ``compared_years`` (earliest and latest edition some city is rated in). When
    no city is rated in two years the result is an empty table (a chart of it is skipped).

    Input: the index_scores register (``index``, ``city``, ``year``, ``score``; ``max_score``,
    ``rank``, ``rank_of`` optional). Cities may be keys or spellings known to the reference.

    Per city (one row each; ``cities`` adds cities that appear in neither year):

    - ``gain_points`` = score_to − score_from (index points);
    - ``gain_pct`` = 100 × (score_to − score_from) ÷ score_from (percent of the earlier score;
      NaN when score_from is 0) — 70,3 → 76,7 is +6,4 points and +9,10 %;
    - ``rank_change`` = rank_from − rank_to (places; positive = moved up: 81st → 40th is +41).
    - ``reason`` says why a gain is missing: ``"not in <year>"`` when the city has no row in
      that year, ``"no score in <year>"`` / ``"no rank in <year>"`` when the row lacks it,
      and ``"max_score differs"`` when the two editions use different scales (gain in points
      is still computed; compare with care) and ``"rank_of differs"`` when the two editions
      rank a different number of places (rank change still computed: 5th of 37 → 1st of 16
      is +4 but not like for like). Empty when everything is there.

    Gains are rounded to 10 decimals to drop binary floating-point noise. Cities are ordered
    partner cities first (brochure order), then other places by key. Empty input (or an index
    with no rows) gives an empty table with these columns, unless ``cities`` lists some.
    """
    require_columns(index_scores, ["index", "city", "year", "score"], _FUNC)
    if index is None:
        index = main_index(index_scores)
    if from_year is None or to_year is None:
        pair = compared_years(index_scores, index) if index is not None else None
        if pair is None:
            return pd.DataFrame(columns=list(TRANSPARENCY_COLUMNS))
        from_year, to_year = pair
    if from_year == to_year:
        raise IndicatorError(f"{_FUNC}: from_year and to_year are both {from_year}")
    df = _index_rows(index_scores, index)
    a = _year_frame(df, from_year, "from")
    b = _year_frame(df, to_year, "to")
    out = a.merge(b, on="city", how="outer", validate="1:1")
    if cities is not None:
        extra = pd.DataFrame({"city": [c for c in cities if c not in set(out["city"])]})
        out = pd.concat([out, extra], ignore_index=True) if len(extra) else out
    for c in _VALUES:
        for s in ("from", "to"):
            col = f"{c}_{s}"
            if col not in out.columns:
                out[col] = np.nan
            out[col] = out[col].astype(float)

    out["gain_points"] = (out["score_to"] - out["score_from"]).round(10)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100.0 * (out["score_to"] - out["score_from"]) / out["score_from"]
    out["gain_pct"] = pct.where(out["score_from"] != 0).round(10)
    out["rank_change"] = (out["rank_from"] - out["rank_to"]).astype("Int64")
    years = {"from": (from_year, set(a["city"])), "to": (to_year, set(b["city"]))}
    out["reason"] = [_gain_reason(row, years) for _, row in out.iterrows()]
    out["index"] = index
    out["from_year"] = from_year
    out["to_year"] = to_year
    for col in ("rank_from", "rank_to", "rank_of_from", "rank_of_to"):
        out[col] = out[col].astype("Int64")
    order = city_order(out["city"]) if len(out) else {}
    out["_o"] = out["city"].map(order)
    out = out.sort_values("_o", kind="stable").drop(columns="_o")
    return out[list(TRANSPARENCY_COLUMNS)].reset_index(drop=True)
