"""``indicator_tables``: every indicator table of the report (``TABLE_SPECS``), from one dataset."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from promis_analytics.indicators.specs import TABLE_SPECS, TableInputs
from promis_analytics.project import ProjectSettings
from promis_analytics.rate_basis import rate_basis

__all__ = [
    "TABLE_NAMES",
    "indicator_tables",
]


#: Keys of ``indicator_tables``' result, in report order (``specs.TABLE_SPECS``).
TABLE_NAMES: tuple[str, ...] = tuple(s.name for s in TABLE_SPECS)


def indicator_tables(
    dataset: Mapping[str, pd.DataFrame], *, parquet: Mapping[str, str | Path] | None = None
) -> dict[str, pd.DataFrame]:
    """The indicator tables of ``reports/indicators.xlsx``, keyed as in ``TABLE_NAMES``, one per
    ``specs.TABLE_SPECS`` entry (its ``compute``), in that order.

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
    settings = getattr(dataset, "project", None) or ProjectSettings()  # a Dataset knows it
    cofinancing = dataset["cofinancing"] if "cofinancing" in dataset else pd.DataFrame()
    basis = rate_basis(settings, cofinancing, getattr(dataset, "data_dir", None))
    inputs = TableInputs(dataset, settings, basis, dict(parquet or {}))
    for s in TABLE_SPECS:
        inputs.done[s.name] = s.compute(inputs)
    return dict(inputs.done)
