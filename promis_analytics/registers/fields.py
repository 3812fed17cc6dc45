"""The field dictionary: every register column's type, unit, uk/en label and allowed values."""

from __future__ import annotations

from promis_analytics.dimensions import BUILTIN_COLUMNS
from promis_analytics.registers.codes import (
    CURRENCIES,
    DATE_PRECISIONS,
    EVENT_TYPES,
    FACT_QUALIFIERS,
    INDEXES,
    INDICATOR_GROUPS,
    INSTRUMENTS,
    PERIOD_STATUSES,
    REC_AREAS,
)
from promis_analytics.registers.field import YEAR_MAX, YEAR_MIN, Field, dimension_field
from promis_analytics.registers.field_descriptions import DESCRIPTIONS_UK
from promis_analytics.registers.results_fields import RESULT_FIELD_SPECS

__all__ = ["FIELDS", "YEAR_MAX", "YEAR_MIN", "Field", "dimension_field", "label"]


def _f(*args: object, **kwargs: object) -> Field:
    return Field(*args, **kwargs)  # type: ignore[arg-type]


_FIELD_LIST: tuple[Field, ...] = (
    # shared provenance and place columns
    _f("source", "text", "Джерело", "Source", "Document id or URL the row comes from."),
    _f("locator", "text", "Місце в джерелі", "Locator", "Section, table row or offset."),
    _f(
        "city",
        "city",
        "Місто",
        "City",
        "Place, stored as its reference key.",
        extra_aliases=("м.", "місто громада", "населений пункт", "place"),
    ),
    _f("cities", "cities", "Міста", "Cities", "Places, ';'-separated reference keys."),
    _f("country", "text", "Країна", "Country", "Country where the event took place."),
    _f("title", "text", "Назва", "Title", "Title as written in the source."),
    # events
    _f("event_id", "id", "Код заходу", "Event ID", "Unique identifier of the event."),
    _f("event_type", "category", "Тип заходу", "Event type", "Kind of event.", allowed=EVENT_TYPES),
    _f(
        "component",
        "text",  # a category of the folder's components.csv when it declares one
        "Продукт проєкту",
        "Project output",
        "Output code of the project's components (components.csv of the data folder; "
        "free text when it declares none), empty if none.",
    ),
    _f("date_start", "date", "Дата початку", "Start date", "First day."),
    _f("date_end", "date", "Дата завершення", "End date", "Last day (≥ start date)."),
    _f(
        "date_precision",
        "category",
        "Точність дати",
        "Date precision",
        "How exactly the dates are known: day, month, year, or only the reporting period "
        "(filled when a cell holds a month or a range).",
        allowed=DATE_PRECISIONS,
    ),
    _f(
        "period_status",
        "category",
        "Звітний період",
        "Reporting period",
        "Whether the event's dates lie in the reporting period of the document it comes from "
        "(a monitoring card's half-year); empty when the document has no period.",
        allowed=PERIOD_STATUSES,
    ),
    _f("description", "text", "Опис", "Description", "What the event was about, as written."),
    _f(
        "text",
        "text",
        "Текст рекомендації",
        "Recommendation text",
        "The recommendation as written.",
        extra_aliases=("рекомендація", "зміст рекомендації", "recommendation"),
    ),
    _f(
        "participants",
        "int",
        "Кількість учасників",
        "Participants",
        "Number of participants.",
        unit="people",
        minimum=0,
        summable=True,
    ),
    _f(
        "sessions",
        "int",
        "Кількість сесій",
        "Sessions",
        "Sessions of a course or series reported as one event (empty: a single event).",
        minimum=1,
    ),
    # cofinancing
    _f("project_id", "id", "Код проєкту", "Project ID", "Unique identifier of the project."),
    _f(
        "fund",
        "text",  # a category of the folder's funds.csv when it declares one
        "Фонд",
        "Fund",
        "Co-financing fund (funds.csv of the data folder; free text when it declares none).",
    ),
    _f("theme", "text", "Тема", "Theme", "Theme of the project."),
    _f("date", "date", "Дата", "Date", "Date of the grant decision or agreement."),
    _f(
        "project_amount",
        "amount",
        "Внесок проєкту",
        "Project amount",
        "Nominal amount from the project, in project_currency.",
        unit="project_currency",
        minimum=0,
        summable=True,
    ),
    _f(
        "project_currency",
        "category",
        "Валюта внеску проєкту",
        "Project currency",
        "ISO 4217 code of project_amount.",
        allowed=CURRENCIES,
    ),
    _f(
        "partner_amount",
        "amount",
        "Внесок партнера",
        "Partner amount",
        "Nominal amount from the city or partner, in partner_currency.",
        unit="partner_currency",
        minimum=0,
        summable=True,
    ),
    _f(
        "partner_currency",
        "category",
        "Валюта внеску партнера",
        "Partner currency",
        "ISO 4217 code of partner_amount.",
        allowed=CURRENCIES,
    ),
    # index_scores
    _f("index", "category", "Індекс", "Index", "Index or ranking.", allowed=INDEXES),
    _f(
        "year",
        "year",
        "Рік",
        "Year",
        "Year of the index edition.",
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
    ),
    _f("score", "number", "Бал", "Score", "Score in the index.", unit="points", minimum=0),
    _f(
        "max_score",
        "number",
        "Максимальний бал",
        "Maximum score",
        "Highest possible score (≥ score).",
        unit="points",
        minimum=0,
    ),
    _f("rank", "int", "Місце", "Rank", "Place in the ranking (1 = best).", unit="rank", minimum=1),
    _f(
        "rank_of",
        "int",
        "Місце з",
        "Ranked cities",
        "Number of places ranked (≥ rank).",
        unit="count",
        minimum=1,
    ),
    # recommendations
    _f(
        "recommendation_id",
        "id",
        "Код рекомендації",
        "Recommendation ID",
        "Unique identifier of the recommendation.",
    ),
    _f("area", "category", "Сфера", "Area", "Area of the recommendation.", allowed=REC_AREAS),
    _f(
        "year_given",
        "year",
        "Рік надання",
        "Year given",
        "Year the recommendation was given (within the project period; the year after it "
        "is a warning).",
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
    ),
    _f("status", "category", "Статус", "Status", "Implementation status."),
    _f("status_date", "date", "Дата статусу", "Status date", "Date the status refers to."),
    # indicators
    _f(
        "program",
        "text",
        "Програма",
        "Program",
        "Program or framework the indicator belongs to; in the results register empty = "
        "the activity's own results, a name = another programme (a city's own target "
        "programme, a partner's project), kept out of the activity's PMF and IATI file.",
    ),
    _f("period", "text", "Період", "Period", "Reporting period, e.g. 2019 or 2018H2."),
    _f(
        "group",
        "category",
        "Група показників",
        "Indicator group",
        "Kind of indicator.",
        allowed=INDICATOR_GROUPS,
    ),
    _f("indicator", "text", "Показник", "Indicator", "Indicator name as written."),
    _f(
        "indicator_en",
        "text",
        "Показник англійською",
        "Indicator (English)",
        "The indicator name in English, for English charts (optional; a translation).",
    ),
    _f("unit", "text", "Одиниця виміру", "Unit", "Unit of measurement as written."),
    _f(
        "baseline", "number", "Базове значення", "Baseline", "Value before the period.", unit="unit"
    ),
    _f("target", "number", "План", "Target", "Planned value.", unit="unit"),
    _f("actual", "number", "Факт", "Actual", "Achieved value.", unit="unit"),
    _f(
        "reported_pct",
        "percent",
        "Виконання, %",
        "Reported %",
        "Execution percent as reported (actual ÷ target × 100).",
        unit="percent",
        minimum=0,
    ),
    _f(
        "reported_decimals",
        "int",
        "Знаків після коми у звіті",
        "Decimals printed",
        "Decimals the report prints the percent with (1 for «97,0», 0 for «116»); a number "
        "forgets them, the audit's verdict needs them. Empty = unknown.",
        minimum=0,
        maximum=6,
    ),
    # adoptions
    _f(
        "instrument",
        "category",
        "Інструмент",
        "Instrument",
        "Governance or economic instrument.",
        allowed=INSTRUMENTS,
    ),
    _f("as_of", "date", "Станом на", "As of", "Date the statement refers to."),
    _f(
        "cities_count",
        "int",
        "Кількість міст без назв",
        "Cities (count, not named)",
        "How many cities the source says have the instrument, on a row without a city: "
        "the source prints a count but does not name the cities.",
        unit="cities",
        minimum=0,
    ),
    # facts
    _f("fact_id", "id", "Код факту", "Fact ID", "Unique identifier of the figure."),
    _f("section", "text", "Розділ", "Section", "Section of the source document."),
    _f("metric", "text", "Метрика", "Metric", "What the figure measures (snake_case)."),
    _f(
        "value",
        "number",
        "Значення",
        "Value",
        "The figure, in unit, without scale words.",
        unit="unit",
    ),
    _f("period_start", "date", "Початок періоду", "Period start", "First day covered."),
    _f("period_end", "date", "Кінець періоду", "Period end", "Last day covered (≥ start)."),
    _f("as_printed", "text", "Як надруковано", "As printed", "The figure exactly as printed."),
    _f(
        "qualifier",
        "category",
        "Уточнення",
        "Qualifier",
        "How the printed figure bounds the value (at least, more than, almost, about, up to); "
        "empty when printed as exact.",
        allowed=FACT_QUALIFIERS,
    ),
)

_DIMENSION_FIELDS = tuple(dimension_field(c) for c in BUILTIN_COLUMNS.values())

_RESULT_FIELDS = tuple(
    Field(name, dtype, uk, en, desc, **opts)
    for name, dtype, uk, en, desc, _desc_uk, opts in RESULT_FIELD_SPECS
)
DESCRIPTIONS_UK.update({spec[0]: spec[5] for spec in RESULT_FIELD_SPECS})

FIELDS: dict[str, Field] = {f.name: f for f in (*_FIELD_LIST, *_DIMENSION_FIELDS, *_RESULT_FIELDS)}
"""Column name → Field. Registers may narrow ``allowed`` per kind (see ``schemas``)."""


def label(column: str, lang: str = "uk") -> str:
    """The user-facing label of ``column`` in ``lang``; the column name if it is unknown."""
    f = FIELDS.get(column)
    return f.label(lang) if f else column
