"""Two indicator tables built from others: transparency over all year pairs, rows per source."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from pathlib import Path

import pandas as pd

from promis_analytics.indicators.columnar import source_counts_from_parquet
from promis_analytics.indicators.common import without_attrs
from promis_analytics.indicators.transparency import TRANSPARENCY_COLUMNS, transparency_gains

__all__ = ["REGISTER_SOURCES_COLUMNS", "register_sources", "transparency_all_pairs"]

#: Columns of ``register_sources``.
REGISTER_SOURCES_COLUMNS: tuple[str, ...] = ("register", "source", "rows", "extra_columns")


def transparency_all_pairs(scores: pd.DataFrame) -> pd.DataFrame:
    """``transparency_gains`` of every index for every pair of years (from_year < to_year) in
    which some city has a score in both; empty (``TRANSPARENCY_COLUMNS``) when there is none."""
    parts: list[pd.DataFrame] = []
    if len(scores):
        scored = scores.dropna(subset=["score"])
        for index in sorted(scored["index"].unique()):
            rows = scored[scored["index"] == index]
            years = sorted(int(y) for y in rows["year"].unique())
            for a, b in combinations(years, 2):
                both = set(rows.loc[rows["year"] == a, "city"]) & set(
                    rows.loc[rows["year"] == b, "city"]
                )
                if not both:
                    continue
                parts.append(transparency_gains(scores, index=index, from_year=a, to_year=b))
    if not parts:
        return pd.DataFrame(columns=list(TRANSPARENCY_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def _source_counts(df: pd.DataFrame, stored: str | Path | None) -> dict[str, int]:
    """Rows per source id of one register: from its Parquet copy when given, else the frame."""
    if stored is not None:
        return source_counts_from_parquet(stored)
    counts = without_attrs(df)["source"].astype("string").fillna("").value_counts()
    return {str(k): int(n) for k, n in counts.items()}


def register_sources(
    dataset: Mapping[str, pd.DataFrame], parquet: Mapping[str, str | Path]
) -> pd.DataFrame:
    """Rows per (register, source id): how much of each register comes from which document,
    and the extra columns the register carries beyond its schema (``extra:<header>``)."""
    rows = []
    for kind in sorted(dataset):
        df = dataset[kind]
        if "source" not in df.columns:
            continue
        extras = "; ".join(c.split(":", 1)[1] for c in df.columns if str(c).startswith("extra:"))
        for source, n in sorted(_source_counts(df, parquet.get(kind)).items()):
            rows.append({"register": kind, "source": source, "rows": n, "extra_columns": extras})
    return pd.DataFrame(rows, columns=list(REGISTER_SOURCES_COLUMNS))
