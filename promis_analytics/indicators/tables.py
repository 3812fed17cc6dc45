"""``indicator_tables``: every indicator table of the report, computed from one dataset."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from pathlib import Path

import pandas as pd

from promis_analytics.indicators.achievement import achievement
from promis_analytics.indicators.adoption import (
    adoption_coverage,
    adoption_matrix,
    adoption_progress_counts,
    report_dates,
)
from promis_analytics.indicators.brochure import brochure_check_summary, brochure_checks
from promis_analytics.indicators.cofinancing import cofinancing_at_rates
from promis_analytics.indicators.columnar import (
    participants_from_parquet,
    source_counts_from_parquet,
)
from promis_analytics.indicators.common import without_attrs
from promis_analytics.indicators.participants import participants_per_city
from promis_analytics.indicators.participants_by import participants_by_dimensions
from promis_analytics.indicators.recommendations import uptake_by_source
from promis_analytics.indicators.results import pmf_table, results_progress
from promis_analytics.indicators.transparency import TRANSPARENCY_COLUMNS, transparency_gains
from promis_analytics.project import ProjectSettings
from promis_analytics.rate_basis import rate_basis

__all__ = [
    "TABLE_NAMES",
    "indicator_tables",
]


#: Keys of ``indicator_tables``' result, in report order.
TABLE_NAMES: tuple[str, ...] = (
    "participants",
    "participants_by_dimension",
    "cofinancing",
    "transparency",
    "recommendations",
    "achievement",
    "adoption_matrix",
    "adoption_coverage",
    "adoption_progress",
    "brochure_checks",
    "brochure_check_summary",
    "pmf",
    "register_sources",
)


def _empty(dataset: Mapping[str, pd.DataFrame], kind: str) -> pd.DataFrame:
    return dataset[kind] if kind in dataset else pd.DataFrame()


def _transparency(scores: pd.DataFrame) -> pd.DataFrame:
    """Gains of every index for every pair of years in which some city has a score in both."""
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


def _register_sources(
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
    return pd.DataFrame(rows, columns=["register", "source", "rows", "extra_columns"])


def _participants(events: pd.DataFrame, stored: str | Path | None) -> pd.DataFrame:
    """``participants_per_city(events)``, from the register's Parquet copy when given."""
    if stored is None:
        return participants_per_city(events)
    return participants_from_parquet(stored, partners=events.attrs.get("partners"))


def indicator_tables(
    dataset: Mapping[str, pd.DataFrame], *, parquet: Mapping[str, str | Path] | None = None
) -> dict[str, pd.DataFrame]:
    """The indicator tables of ``reports/indicators.xlsx``, keyed as in ``TABLE_NAMES``.

    - ``participants``: ``participants_per_city(events)`` (all places, totals row);
    - ``participants_by_dimension``: ``participants_by_dimensions(events)`` — participants
      per place and part of every declared dimension (``[[dimensions]]``; unknown as NA);
    - ``cofinancing``: ``cofinancing_at_rates`` at the folder's one rate basis
      (``rate_basis``: ``[fx]`` of ``promis.toml``, default the mean NBU rate over the rows'
      dates or the project period) and beside it at the publication's own rate when declared
      (``printed_uah_per_cad``), in the project's currency and local currency, labelled with
      the project's short name (``attrs["column_labels"]``);
    - ``transparency``: ``transparency_gains`` for every index and every pair of years
      (from_year < to_year) in which at least one city has a score in both;
    - ``recommendations``: ``recommendation_uptake_from_totals`` for each printed pair of facts
      (given, implemented %), plus the register's uptake totals when it has rows;
    - ``achievement``: ``achievement(indicators)``;
    - ``adoption_matrix`` / ``adoption_coverage``: as of the latest statement;
      ``adoption_progress``: ``adoption_progress_counts`` from the earliest to the latest
      report date of the register (``report_dates``; empty with fewer than two dates);
    - ``brochure_checks``: ``brochure_checks(facts, dataset, fx=basis)``, and
      ``brochure_check_summary`` of it (independent checks apart from the consistency of one
      document);
    - ``pmf``: ``pmf_table(results_progress(results))`` — the results framework by period;
    - ``register_sources``: rows per register and source id.

    Missing registers count as empty tables (every function accepts empty input).
    ``parquet`` maps register kinds to a Parquet copy of the same rows (the build's processed
    tables of large registers, ``columnar.COLUMNAR_MIN_ROWS``): their participants and
    source counts are then aggregated from it batch by batch (``indicators.columnar``, the same
    table as the pandas functions), not from a pandas frame of every row.
    """
    stored = dict(parquet or {})
    events = _empty(dataset, "events")
    facts = _empty(dataset, "facts")
    adoptions = _empty(dataset, "adoptions")
    cofinancing = _empty(dataset, "cofinancing")
    results = _empty(dataset, "results")
    settings = getattr(dataset, "project", None) or ProjectSettings()  # a Dataset knows it
    basis = rate_basis(settings, cofinancing, getattr(dataset, "data_dir", None))
    checks = brochure_checks(facts, dataset, fx=basis)
    dates = report_dates(adoptions)
    return {
        "participants": _participants(events, stored.get("events")),
        "participants_by_dimension": participants_by_dimensions(
            events, dimensions=settings.dimensions
        ),
        "cofinancing": cofinancing_at_rates(cofinancing, basis, settings),
        "transparency": _transparency(_empty(dataset, "index_scores")),
        "recommendations": uptake_by_source(facts, _empty(dataset, "recommendations")),
        "achievement": achievement(_empty(dataset, "indicators")),
        "adoption_matrix": adoption_matrix(adoptions),
        "adoption_coverage": adoption_coverage(adoptions),
        "adoption_progress": adoption_progress_counts(adoptions, *(dates or (None, None))),
        "brochure_checks": checks,
        "brochure_check_summary": brochure_check_summary(checks),
        "pmf": pmf_table(results_progress(results)) if len(results) else pmf_table(results),
        "register_sources": _register_sources(dataset, stored),
    }
