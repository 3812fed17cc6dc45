"""The results-framework register's own vocabularies and columns (GAC PMF, IATI 2.03)."""

from __future__ import annotations

from typing import Any

__all__ = [
    "DIRECTIONS",
    "MEASURES",
    "RESULT_FIELD_SPECS",
    "RESULT_LEVELS",
    "SEXES",
]

#: Levels of the Global Affairs Canada logic model, top down.
RESULT_LEVELS: dict[str, tuple[str, str]] = {
    "ultimate_outcome": ("кінцевий результат", "ultimate outcome"),
    "intermediate_outcome": ("проміжний результат", "intermediate outcome"),
    "immediate_outcome": ("безпосередній результат", "immediate outcome"),
    "output": ("продукт", "output"),
}

#: How an indicator is measured (IATI IndicatorMeasure 1–5).
MEASURES: dict[str, tuple[str, str]] = {
    "unit": ("одиниці", "unit"),
    "percentage": ("відсоток", "percentage"),
    "nominal": ("номінальний", "nominal"),
    "ordinal": ("порядковий", "ordinal"),
    "qualitative": ("якісний", "qualitative"),
}

#: Whether more is better (ascending) or less is better (descending).
DIRECTIONS: dict[str, tuple[str, str]] = {
    "ascending": ("зростання", "ascending"),
    "descending": ("спадання", "descending"),
}

#: Disaggregation by sex (IATI dimension "sex"); ``all`` = the whole group.
SEXES: dict[str, tuple[str, str]] = {
    "women": ("жінки", "women"),
    "men": ("чоловіки", "men"),
    "all": ("усі", "all"),
}

#: (name, dtype, uk label, en label, description, Ukrainian description, options) of the
#: columns only the results register has; ``registers.fields`` builds them into FIELDS.
RESULT_FIELD_SPECS: tuple[tuple[str, str, str, str, str, str, dict[str, Any]], ...] = (
    ("result_id", "id", "Код результату", "Result ID",
     "Identifier of the expected result (e.g. 1100).",
     "Код очікуваного результату (напр. 1100).", {}),
    ("result_title", "text", "Результат", "Result",
     "The expected result as the framework states it.",
     "Очікуваний результат, як його сформульовано в рамці.", {}),
    ("level", "category", "Рівень", "Level",
     "Level of the logic model: ultimate, intermediate, immediate outcome or output.",
     "Рівень логічної моделі: кінцевий, проміжний, безпосередній результат або продукт.",
     {"allowed": RESULT_LEVELS}),
    ("indicator_id", "id", "Код показника", "Indicator ID",
     "Identifier of the indicator (unique within the framework).",
     "Код показника (унікальний у рамці).", {}),
    ("measure", "category", "Вимір", "Measure",
     "How the indicator is measured: unit, percentage, nominal, ordinal, qualitative.",
     "Як вимірюється показник: одиниці, відсоток, номінальний, порядковий, якісний.",
     {"allowed": MEASURES}),
    ("direction", "category", "Напрям", "Direction",
     "ascending (more is better, the default) or descending (less is better).",
     "зростання (більше — краще, типово) або спадання (менше — краще).",
     {"allowed": DIRECTIONS}),
    ("baseline_year", "year", "Рік базового значення", "Baseline year",
     "Year the baseline was measured.", "Рік, коли виміряно базове значення.", {}),
    ("place", "city", "Місце", "Place",
     "A place the gazetteer knows; empty for project-wide values.",
     "Населений пункт із довідника; порожньо — для всього проєкту.", {}),
    ("sex", "category", "Стать", "Sex",
     "Disaggregation by sex: women, men or all (empty = all).",
     "Розподіл за статтю: жінки, чоловіки або усі (порожньо — усі).", {"allowed": SEXES}),
    ("comment", "text", "Коментар", "Comment",
     "Remarks on the value (how measured, why missing).",
     "Примітки до значення (як виміряно, чому немає).", {}),
)  # fmt: skip
