"""``TABLE_SPECS``: every indicator table declared once (function, registers, columns, sheet)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from promis_analytics.indicators.achievement import ACHIEVEMENT_COLUMNS, achievement
from promis_analytics.indicators.adoption import (
    COVERAGE_COLUMNS,
    PROGRESS_COUNT_COLUMNS,
    adoption_coverage,
    adoption_matrix,
    adoption_progress_counts,
    report_dates,
)
from promis_analytics.indicators.brochure import (
    BROCHURE_CHECK_COLUMNS,
    SUMMARY_COLUMNS,
    brochure_check_summary,
    brochure_checks,
)
from promis_analytics.indicators.cofinancing import cofinancing_at_rates
from promis_analytics.indicators.columnar import (
    participants_by_dimensions_from_parquet,
    participants_from_parquet,
)
from promis_analytics.indicators.event_sums import PARTICIPANTS_COLUMNS
from promis_analytics.indicators.participants import participants_per_city
from promis_analytics.indicators.participants_by import (
    DIMENSION_COLUMNS,
    declared_dimensions,
    participants_by_dimensions,
)
from promis_analytics.indicators.recommendations import uptake_by_source
from promis_analytics.indicators.results import pmf_table, results_progress
from promis_analytics.indicators.table_parts import (
    REGISTER_SOURCES_COLUMNS,
    register_sources,
    transparency_all_pairs,
)
from promis_analytics.indicators.transparency import TRANSPARENCY_COLUMNS
from promis_analytics.project import ProjectSettings

__all__ = ["TABLE_SPECS", "TableInputs", "TableSpec", "spec", "tables_markdown"]


@dataclass
class TableInputs:
    """What a table's function reads: the dataset, the folder's settings, the rate basis,
    Parquet copies of large registers, and the tables computed before it (in spec order)."""

    dataset: Mapping[str, pd.DataFrame]
    settings: ProjectSettings
    basis: Any
    parquet: Mapping[str, str | Path] = field(default_factory=dict)
    done: dict[str, pd.DataFrame] = field(default_factory=dict)

    def register(self, kind: str) -> pd.DataFrame:
        """The register ``kind`` of the dataset; an empty frame when it is missing."""
        return self.dataset[kind] if kind in self.dataset else pd.DataFrame()

    @cached_property
    def report_dates(self) -> tuple[Any, Any]:
        """Earliest and latest report date of the adoptions register (None, None if < 2)."""
        return report_dates(self.register("adoptions")) or (None, None)


@dataclass(frozen=True)
class TableSpec:
    """One indicator table of ``indicator_tables`` and of ``reports/indicators.xlsx``.

    ``compute`` makes the table from a ``TableInputs``; ``produced_by`` names the public
    function behind it (shown in docs and in chart input errors); ``registers`` are the
    registers it reads (a missing one counts as empty); ``columns`` are the columns the table
    always has (a table may carry more: one per city, period or currency); ``sheet_uk`` /
    ``sheet_en`` name its sheet ("Українська · English", at most 31 characters together);
    ``sheet_key`` is the workbook's key of that sheet when it is not ``name``;
    ``only_with_rows`` leaves the sheet out when the table is empty.
    """

    name: str
    compute: Callable[[TableInputs], pd.DataFrame]
    produced_by: str
    registers: tuple[str, ...]
    columns: tuple[str, ...]
    sheet_uk: str
    sheet_en: str
    sheet_key: str = ""
    only_with_rows: bool = False

    @property
    def sheet(self) -> str:
        """The sheet name, "Українська · English"."""
        return f"{self.sheet_uk} · {self.sheet_en}"

    @property
    def key(self) -> str:
        """The workbook's key of the sheet (``sheet_key``, else ``name``)."""
        return self.sheet_key or self.name


def _participants(t: TableInputs) -> pd.DataFrame:
    """``participants_per_city(events)``, from the register's Parquet copy when given."""
    events, stored = t.register("events"), t.parquet.get("events")
    if stored is None:
        return participants_per_city(events)
    return participants_from_parquet(stored, partners=events.attrs.get("partners"))


def _by_dimension(t: TableInputs) -> pd.DataFrame:
    """``participants_by_dimensions(events)`` at the folder's dimensions, from the register's
    Parquet copy (batch by batch) when given."""
    events, stored = t.register("events"), t.parquet.get("events")
    dims = t.settings.dimensions
    if stored is None:
        return participants_by_dimensions(events, dimensions=dims)
    dims = dims if dims is not None else declared_dimensions(events)
    return participants_by_dimensions_from_parquet(stored, dims)


def _pmf(t: TableInputs) -> pd.DataFrame:
    """The results framework by period; an empty register gives the empty PMF table."""
    results = t.register("results")
    return pmf_table(results_progress(results)) if len(results) else pmf_table(results)


#: Columns every co-financing table has (its money columns are named by currency).
_COFINANCING_COLUMNS = (
    "fx_rule", "fund", "projects", "project_uah", "partner_uah", "total_uah",
    "partner_share_pct", "leverage", "fx_basis", "rows_incomplete", "unknown_reason", "row_kind",
)  # fmt: skip
#: Columns of the indicators register that ``achievement`` keeps, before the ones it adds.
_ACHIEVEMENT_INPUT = (
    "program", "period", "group", "indicator", "indicator_en", "unit", "baseline", "target",
    "actual", "reported_pct", "reported_decimals", "source", "locator",
)  # fmt: skip
#: Columns every PMF table has (then three per period: target, actual, achievement).
_PMF_COLUMNS = (
    "result_id", "level", "indicator_id", "indicator", "unit", "place", "sex",
    "baseline_year", "baseline",
)  # fmt: skip

#: Every indicator table, in report (and workbook sheet) order.
TABLE_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "participants",
        _participants,
        "indicators.participants_per_city",
        ("events",),
        ("city", *PARTICIPANTS_COLUMNS, "row_kind"),
        "Учасники",
        "Participants",
    ),
    TableSpec(
        "participants_by_dimension",
        _by_dimension,
        "indicators.participants_by_dimensions",
        ("events",),
        ("city", "dimension", "part", *DIMENSION_COLUMNS, "row_kind"),
        "Розподіл учасників",
        "Breakdown",
    ),
    TableSpec(
        "cofinancing",
        lambda t: cofinancing_at_rates(t.register("cofinancing"), t.basis, t.settings),
        "indicators.cofinancing_at_rates",
        ("cofinancing",),
        _COFINANCING_COLUMNS,
        "Співфінансування",
        "Co-financing",
    ),
    TableSpec(
        "transparency",
        lambda t: transparency_all_pairs(t.register("index_scores")),
        "indicators.transparency_gains",
        ("index_scores",),
        TRANSPARENCY_COLUMNS,
        "Прозорість",
        "Transparency",
    ),
    TableSpec(
        "recommendations",
        lambda t: uptake_by_source(t.register("facts"), t.register("recommendations")),
        "indicators.uptake_by_source",
        ("facts", "recommendations"),
        ("topic",),
        "Рекомендації",
        "Recommendations",
    ),
    TableSpec(
        "achievement",
        lambda t: achievement(t.register("indicators")),
        "indicators.achievement",
        ("indicators",),
        _ACHIEVEMENT_INPUT + ACHIEVEMENT_COLUMNS,
        "Виконання",
        "Achievement",
    ),
    TableSpec(
        "adoption_matrix",
        lambda t: adoption_matrix(t.register("adoptions")),
        "indicators.adoption_matrix",
        ("adoptions",),
        ("city",),
        "Інструменти",
        "Adoption matrix",
    ),
    TableSpec(
        "adoption_coverage",
        lambda t: adoption_coverage(t.register("adoptions")),
        "indicators.adoption_coverage",
        ("adoptions",),
        COVERAGE_COLUMNS,
        "Охоплення",
        "Adoption coverage",
    ),
    TableSpec(
        "adoption_progress",
        lambda t: adoption_progress_counts(t.register("adoptions"), *t.report_dates),
        "indicators.adoption_progress_counts",
        ("adoptions",),
        PROGRESS_COUNT_COLUMNS,
        "Прогрес",
        "Adoption progress",
    ),
    TableSpec(
        "brochure_checks",
        lambda t: brochure_checks(t.register("facts"), t.dataset, fx=t.basis),
        "indicators.brochure_checks",
        ("facts",),
        BROCHURE_CHECK_COLUMNS,
        "Перевірки",
        "Brochure checks",
        only_with_rows=True,
    ),
    TableSpec(
        "brochure_check_summary",
        lambda t: brochure_check_summary(t.done["brochure_checks"]),
        "indicators.brochure_check_summary",
        ("facts",),
        SUMMARY_COLUMNS,
        "Підсумок перевірок",
        "Summary",
        only_with_rows=True,
    ),
    TableSpec(
        "pmf",
        _pmf,
        "indicators.pmf_table",
        ("results",),
        _PMF_COLUMNS,
        "Рамка результатів",
        "PMF",
    ),
    TableSpec(
        "register_sources",
        lambda t: register_sources(t.dataset, t.parquet),
        "indicators.table_parts.register_sources",
        (),
        REGISTER_SOURCES_COLUMNS,
        "Джерела",
        "Sources",
        sheet_key="sources",
    ),
)


def spec(name: str) -> TableSpec:
    """The spec of the table ``name``; KeyError (naming the known tables) for another name."""
    for s in TABLE_SPECS:
        if s.name == name:
            return s
    raise KeyError(f"no indicator table {name!r}; known: {[s.name for s in TABLE_SPECS]}")


def tables_markdown() -> list[str]:
    """The table of ``docs/indicators.md`` between its ``tables`` markers: one row per spec
    (key, sheet, function, registers, columns always present)."""
    lines = [
        "| Таблиця / Table | Аркуш / Sheet | Функція / Function | Реєстри / Registers "
        "| Стовпці / Columns |",
        "|---|---|---|---|---|",
    ]
    for s in TABLE_SPECS:
        registers = ", ".join(f"`{r}`" for r in s.registers) or "усі / all"
        columns = ", ".join(f"`{c}`" for c in s.columns)
        lines.append(f"| `{s.name}` | {s.sheet} | `{s.produced_by}` | {registers} | {columns} |")
    return lines
