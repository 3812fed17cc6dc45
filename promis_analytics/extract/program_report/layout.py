"""Layout tables of city program reports (section titles, header spellings, units) and patterns."""

from __future__ import annotations

import re
from decimal import Decimal

from promis_analytics.registers.schema.schemas import SCHEMAS

# --- layout tables (data, not code) ----------------------------------------------------------

# Section key → how its heading title begins.
SECTION_TITLES: dict[str, str] = {
    "measures": "Виконання заходів",
    "indicators": "Виконання результативних показників",
    "assessment": "Оцінка ефективності",
}

# Indicator group headers ("І. Показники витрат" …) → register `group` values.
INDICATOR_GROUPS: dict[str, str] = {
    "витрат": "cost",
    "продукту": "product",
    "ефективності": "efficiency",
    "якості": "quality",
}

# Header cell of the measures table (keyword, case-insensitive) → canonical column.
MEASURE_HEADER_ALIASES: tuple[tuple[str, str], ...] = (
    ("з/п", "number"),
    ("джерел", "funding_source"),
    ("завдання", "task"),
    ("зміст заходів", "measure"),
    ("найменування заходу", "measure"),
    ("строк", "period"),
    ("термін", "period"),
    ("виконавці", "executors"),
    ("виконавець", "executors"),
    ("обсяг фінансування", "planned"),
    ("передбачено", "planned"),
    ("фактично", "actual"),
    ("використано", "actual"),
    ("відсоток", "reported_pct"),
    ("інформація", "comment"),
    # the lower cells of a header merged over several columns («Фінансування / план / факт»)
    ("план", "planned"),
    ("факт", "actual"),
    ("%", "reported_pct"),
    ("примітк", "comment"),
)

# Header cell of the indicators table naming a unit column (casefolded substring): its cell
# is read as the row's unit, not as a figure.
INDICATOR_UNIT_HEADERS: tuple[str, ...] = ("одиниц", "од. вим")

# Funding-source spellings (casefolded prefix) → funding kind used to match the
# "у тому числі …" totals.
FUNDING_KINDS: tuple[tuple[str, str], ...] = (
    ("міськ", "city_budget"),
    ("місцев", "city_budget"),
    ("бюджет міста", "city_budget"),
    ("обласн", "regional_budget"),
    ("державн", "state_budget"),
    ("інш", "other"),
)

# Totals rows: label regex → scope (None = every row; else a funding kind).
TOTAL_LABELS: tuple[tuple[str, str | None], ...] = ((r"^(всього|разом|усього)\b", None),)

# Units read from the indicator name (casefolded substring → unit).
UNIT_MARKERS: tuple[tuple[str, str], ...] = (
    ("тис.грн", "thousand_uah"),
    ("тис. грн", "thousand_uah"),
    ("млн грн", "million_uah"),
    ("грн", "uah"),
    ("відсот", "percent"),
    ("%", "percent"),
    ("кількість", "count"),
)

MEASURE_COLUMNS: tuple[str, ...] = (
    "task_no",
    "task",
    "measure_no",
    "measure",
    "period",
    "executors",
    "planned_thousand_uah",
    "actual_thousand_uah",
    "funding_source",
    "reported_pct",
    "comment",
    "locator",
)
#: the indicators register's columns (``registers.schema.schemas``): a report yields register rows
INDICATOR_COLUMNS: tuple[str, ...] = SCHEMAS["indicators"].columns
TOTALS_CHECK_COLUMNS: tuple[str, ...] = (
    "total",
    "column",
    "printed",
    "recomputed",
    "difference",
    "rows_summed",
    "ok",
    "locator",
)
PERCENT_CHECK_COLUMNS: tuple[str, ...] = (
    "table",
    "row",
    "planned",
    "actual",
    "reported_pct",
    "reported_decimals",
    "recomputed_pct",
    "difference_pp",
    "status",
    "locator",
)

CENT = Decimal("0.01")  # shown precision of recomputed percents (half up)

DASHES = {"", "-", "–", "—", "х", "x"}
MEASURE_NO = re.compile(r"^(\d+(?:\.\d+)+)\.?\s*(.*)$", re.S)
ROW_NO = re.compile(r"^(\d+)\.?$")
AMOUNT_LINE = re.compile(r"^[+-]?\d[\d\s]*(?:[.,]\d*)?$")
TRAILING_SEP = re.compile(r"^(\d[\d\s]*)[.,]$")
