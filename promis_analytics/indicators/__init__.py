"""Indicator calculators: pure functions from register DataFrames to tidy indicator tables."""

from __future__ import annotations

from promis_analytics.indicators.achievement import (
    ACHIEVEMENT_COLUMNS,
    STATUSES,
    achievement,
    percent_flags,
)
from promis_analytics.indicators.adoption import (
    ADOPTION_CHANGES,
    CHANGE_CODES,
    NOT_LISTED,
    adoption_coverage,
    adoption_matrix,
    adoption_progress,
    adoption_progress_counts,
    printed_counts,
    report_dates,
)
from promis_analytics.indicators.brochure import (
    BROCHURE_CHECK_COLUMNS,
    BROCHURE_CHECKS,
    BrochureCheck,
    Recomputation,
    brochure_checks,
)
from promis_analytics.indicators.cofinancing import (
    COFINANCING_BY,
    cofinancing_at_rates,
    cofinancing_summary,
)
from promis_analytics.indicators.columnar import (
    participants_by_dimension_of,
    participants_by_dimensions_of,
    participants_of,
)
from promis_analytics.indicators.common import NONE, TOTAL, UNALLOCATED
from promis_analytics.indicators.money_columns import MoneyColumns, money_columns_of
from promis_analytics.indicators.participants import (
    PARTICIPANTS_BY,
    PARTICIPANTS_COLUMNS,
    event_dating,
    events_in_period,
    participants_per_city,
)
from promis_analytics.indicators.participants_by import (
    DATING_COLUMNS,
    participant_columns,
    participants_by_dimension,
    participants_by_dimensions,
)
from promis_analytics.indicators.recommendations import (
    PARTIAL_RULES,
    UPTAKE_COLUMNS,
    UPTAKE_FROM_TOTALS_COLUMNS,
    recommendation_uptake,
    recommendation_uptake_from_totals,
    uptake_by_source,
    uptake_for_chart,
)
from promis_analytics.indicators.results import (
    RESULT_STATUSES,
    achievement_basis,
    achievement_pct,
    activity_rows,
    latest_values,
    results_by,
    results_progress,
)
from promis_analytics.indicators.specs import TABLE_SPECS, TableSpec
from promis_analytics.indicators.tables import TABLE_NAMES, indicator_tables
from promis_analytics.indicators.transparency import (
    TRANSPARENCY_COLUMNS,
    compared_years,
    gains_sources,
    main_index,
    top_three_statements,
    transparency_gains,
)

__all__ = [
    "ACHIEVEMENT_COLUMNS",
    "ADOPTION_CHANGES",
    "BROCHURE_CHECKS",
    "BROCHURE_CHECK_COLUMNS",
    "CHANGE_CODES",
    "COFINANCING_BY",
    "DATING_COLUMNS",
    "NONE",
    "NOT_LISTED",
    "PARTIAL_RULES",
    "PARTICIPANTS_BY",
    "PARTICIPANTS_COLUMNS",
    "RESULT_STATUSES",
    "STATUSES",
    "TABLE_NAMES",
    "TABLE_SPECS",
    "TOTAL",
    "TRANSPARENCY_COLUMNS",
    "UNALLOCATED",
    "UPTAKE_COLUMNS",
    "UPTAKE_FROM_TOTALS_COLUMNS",
    "BrochureCheck",
    "MoneyColumns",
    "Recomputation",
    "TableSpec",
    "achievement",
    "achievement_basis",
    "achievement_pct",
    "activity_rows",
    "adoption_coverage",
    "adoption_matrix",
    "adoption_progress",
    "adoption_progress_counts",
    "brochure_checks",
    "cofinancing_at_rates",
    "cofinancing_summary",
    "compared_years",
    "event_dating",
    "events_in_period",
    "gains_sources",
    "indicator_tables",
    "latest_values",
    "main_index",
    "money_columns_of",
    "participant_columns",
    "participants_by_dimension",
    "participants_by_dimension_of",
    "participants_by_dimensions",
    "participants_by_dimensions_of",
    "participants_of",
    "participants_per_city",
    "percent_flags",
    "printed_counts",
    "recommendation_uptake",
    "recommendation_uptake_from_totals",
    "report_dates",
    "results_by",
    "results_progress",
    "top_three_statements",
    "transparency_gains",
    "uptake_by_source",
    "uptake_for_chart",
]
