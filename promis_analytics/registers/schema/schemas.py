"""One schema per register: columns, required cells, allowed values, primary key, row checks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from promis_analytics import project_codes
from promis_analytics.dimensions import (
    BUILTIN_COLUMNS,
    DEFAULT_DIMENSIONS,
    Dimension,
    dimension_columns,
)
from promis_analytics.project import SettingsError
from promis_analytics.registers.schema.codes import ADOPTION_STATUSES, FACT_UNITS, REC_STATUSES
from promis_analytics.registers.schema.fields import FIELDS, Field, dimension_field

# Row checks: (kind of check, column a, column b). "le": a ≤ b when both are present.
RowCheck = tuple[str, str, str]


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the header caches
class Schema:
    """The shape of one register.

    ``columns`` are canonical names in file order; ``required`` columns must be present in
    the header and non-empty in every row; ``key`` is the primary key (proved unique);
    ``allowed`` narrows a field's allowed values for this register; ``le`` lists pairs
    (a, b) with the row check a ≤ b; ``project_period`` lists date columns that must lie in
    the project period declared in ``promis.toml``; ``project_years`` lists year columns
    checked against it (``registers.check.period_bounds``: the year after it is a warning);
    ``spans`` lists (start, end) date pairs whose start cell may hold a range or a month
    («18-19.09.2019», «березень 2019»), filling the end;
    ``precision`` is the column that records how exact such dates are; ``unless`` maps a
    required column to the column whose value may stand in for it (a row without a city but
    with a printed count of cities); ``rules`` names checks across rows
    (``registers.check.table_rules.RULES``).
    """

    kind: str
    label_uk: str
    label_en: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    key: tuple[str, ...]
    allowed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    le: tuple[tuple[str, str], ...] = ()
    project_period: tuple[str, ...] = ()
    project_years: tuple[str, ...] = ()
    spans: tuple[tuple[str, str], ...] = ()
    precision: str | None = None
    unless: dict[str, str] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    sums: tuple[tuple[tuple[str, ...], str], ...] = ()
    extra_fields: tuple[Field, ...] = ()

    def field(self, column: str) -> Field:
        """The Field of ``column`` with this register's allowed values applied, and the
        codes the data folder declares (``project_codes``: components and funds replace free
        text; event types join the built-in ones)."""
        base = next((f for f in self.extra_fields if f.name == column), None) or FIELDS[column]
        declared = project_codes.declared(column)
        if declared is not None and column in project_codes.EXTENDING:
            base = replace(base, allowed={**(base.allowed or {}), **declared})
        elif declared is not None:
            base = replace(base, allowed=dict(declared))
        if column in self.allowed:
            return replace(base, allowed=self.allowed[column], vocabulary=f"{self.kind}.{column}")
        return base

    def fields(self) -> list[Field]:
        """Fields of all columns, in order."""
        return [self.field(c) for c in self.columns]


_PROV = ("source", "locator")

SCHEMAS: dict[str, Schema] = {
    s.kind: s
    for s in (
        Schema(
            "events",
            "Заходи",
            "Events",
            columns=(
                "event_id",
                "title",
                "event_type",
                "component",
                "date_start",
                "date_end",
                "city",
                "cities",
                "country",
                "participants",
                "women",
                "men",
                "idp",
                "sessions",
                "date_precision",
                "period_status",
                "description",
                *_PROV,
            ),
            required=("event_id", "title", "event_type", "date_start", "participants", *_PROV),
            key=("event_id",),
            le=(
                ("women", "participants"),
                ("men", "participants"),
                ("idp", "participants"),
                ("date_start", "date_end"),
            ),
            sums=((("women", "men"), "participants"),),
            project_period=("date_start", "date_end"),
            spans=(("date_start", "date_end"),),
            precision="date_precision",
        ),
        Schema(
            "cofinancing",
            "Співфінансування",
            "Co-financing",
            columns=(
                "project_id",
                "fund",
                "city",
                "title",
                "theme",
                "date",
                "project_amount",
                "project_currency",
                "partner_amount",
                "partner_currency",
                *_PROV,
            ),
            required=("project_id", "fund", "title", *_PROV),
            key=("project_id",),
            project_period=("date",),
        ),
        Schema(
            "index_scores",
            "Індекси та рейтинги",
            "Index scores",
            columns=(
                "index",
                "city",
                "year",
                "score",
                "max_score",
                "rank",
                "rank_of",
                *_PROV,
            ),
            required=("index", "city", "year", *_PROV),
            key=("index", "city", "year"),
            le=(("score", "max_score"), ("rank", "rank_of")),
        ),
        Schema(
            "recommendations",
            "Рекомендації",
            "Recommendations",
            columns=(
                "recommendation_id",
                "city",
                "area",
                "year_given",
                "status",
                "status_date",
                "text",
                *_PROV,
            ),
            required=("recommendation_id", "city", "area", *_PROV),
            key=("recommendation_id",),
            allowed={"status": REC_STATUSES},
            project_years=("year_given",),
        ),
        Schema(
            "indicators",
            "Показники програм",
            "Indicators",
            columns=(
                "program",
                "period",
                "group",
                "indicator",
                "indicator_en",
                "unit",
                "baseline",
                "target",
                "actual",
                "reported_pct",
                "reported_decimals",
                *_PROV,
            ),
            required=("program", "period", "group", "indicator", *_PROV),
            key=("program", "period", "group", "indicator"),
        ),
        Schema(
            "adoptions",
            "Запроваджені інструменти",
            "Adoptions",
            columns=("city", "instrument", "status", "as_of", "cities_count", *_PROV),
            required=("city", "instrument", "status", "as_of", *_PROV),
            key=("city", "instrument", "as_of"),
            allowed={"status": ADOPTION_STATUSES},
            unless={"city": "cities_count"},
        ),
        Schema(
            "facts",
            "Факти з публікацій",
            "Published facts",
            columns=(
                "fact_id",
                "section",
                "metric",
                "value",
                "unit",
                "period_start",
                "period_end",
                "cities",
                "as_printed",
                "qualifier",
                *_PROV,
            ),
            required=("fact_id", "metric", "value", "unit", *_PROV),
            key=("fact_id",),
            allowed={"unit": FACT_UNITS},
            le=(("period_start", "period_end"),),
            spans=(("period_start", "period_end"),),
        ),
        Schema(
            "results",
            "Рамка результатів",
            "Results framework",
            columns=(
                "result_id",
                "result_title",
                "level",
                "indicator_id",
                "indicator",
                "indicator_en",
                "unit",
                "measure",
                "direction",
                "baseline_year",
                "baseline",
                "period_start",
                "period_end",
                "target",
                "actual",
                "place",
                "sex",
                "comment",
                "program",
                *_PROV,
            ),
            required=(
                "result_id",
                "level",
                "indicator_id",
                "indicator",
                "measure",
                "period_start",
                "period_end",
                *_PROV,
            ),
            key=("indicator_id", "period_start", "period_end", "place", "sex"),
            le=(("period_start", "period_end"),),
            rules=("percent_range", "one_unit", "one_level", "baseline_given", "sex_within_all"),
        ),
    )
}
"""Register kind → Schema (events, cofinancing, index_scores, recommendations, indicators,
adoptions, results, facts)."""

# Amount column → its currency column (checked together).
CURRENCY_OF: dict[str, str] = {
    "project_amount": "project_currency",
    "partner_amount": "partner_currency",
}

#: Where the columns of declared dimensions go in the events register: after this column.
_DIMENSIONS_AFTER = "idp"


@lru_cache(maxsize=64)
def schema_for(kind: str, dimensions: tuple[Dimension, ...] = DEFAULT_DIMENSIONS) -> Schema:
    """The schema of ``kind`` for a folder that declares ``dimensions``: the events register
    gains each declared column that is not built in (a non-negative integer of people, its
    header aliases), the check column ≤ participants for each, and Σ parts ≤ participants
    for each exclusive dimension of two or more columns. Other kinds, and the built-in
    dimensions, give ``SCHEMAS[kind]`` itself. ``SettingsError`` when a declared column
    takes the name of another register column."""
    base = SCHEMAS[kind]
    if kind != "events" or dimensions == DEFAULT_DIMENSIONS:
        return base
    declared = dimension_columns(dimensions)
    taken = [c.name for c in declared if c.name in FIELDS and c.name not in BUILTIN_COLUMNS]
    new = [c for c in declared if c.name not in base.columns]
    if taken:
        raise SettingsError(
            f"promis.toml [[dimensions]]: стовпці {taken} уже є в реєстрах — оберіть інші назви / "
            f"columns {taken} already exist in the registers — choose other names"
        )
    at = base.columns.index(_DIMENSIONS_AFTER) + 1
    columns = (*base.columns[:at], *(c.name for c in new), *base.columns[at:])
    le = (*base.le, *((c.name, "participants") for c in new))
    sums = tuple(
        (d.column_names, "participants") for d in dimensions if d.exclusive and len(d.columns) > 1
    )
    sums = tuple(dict.fromkeys((*base.sums, *sums)))
    if not new and sums == base.sums:
        return base
    extra = tuple(dimension_field(c) for c in new)
    return replace(base, columns=columns, le=le, sums=sums, extra_fields=extra)


__all__ = ["CURRENCY_OF", "SCHEMAS", "Schema", "schema_for"]
