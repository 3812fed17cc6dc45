"""Controlled vocabularies: the allowed codes of the category columns, each with its uk and en
label (the synonyms people type are in ``data/vocabularies.csv``, read by ``vocab``).
A project's own codes (components, funds, added event types) are the data folder's
(``project_codes``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from promis_analytics import project_codes
from promis_analytics.currencies import ISO_4217

__all__ = [
    "ADOPTION_STATUSES",
    "CURRENCIES",
    "DATE_PRECISIONS",
    "EVENT_TYPES",
    "EVENT_TYPE_LABELS",
    "FACT_QUALIFIERS",
    "FACT_UNITS",
    "INDEXES",
    "INDICATOR_GROUPS",
    "INSTRUMENTS",
    "PERIOD_STATUSES",
    "REC_AREAS",
    "REC_STATUSES",
]


EVENT_TYPES: dict[str, tuple[str, str]] = {
    "training": ("тренінг", "training"),
    "seminar": ("семінар", "seminar"),
    "webinar": ("вебінар", "webinar"),
    "study_tour": ("навчальний візит", "study tour"),
    "conference": ("конференція", "conference"),
    "forum": ("форум", "forum"),
    "round_table": ("круглий стіл", "round table"),
    "meeting": ("зустріч", "meeting"),
    "other": ("інше", "other"),
}


class _EventTypeLabels(Mapping[str, tuple[str, str]]):
    """The built-in event types and those the active data folder adds (``event_types.csv``,
    ``project_codes``; a folder title wins), read live: what chart labels look codes up in."""

    def _merged(self) -> dict[str, tuple[str, str]]:
        return {**EVENT_TYPES, **project_codes.EVENT_TYPE_TITLES}

    def __getitem__(self, code: str) -> tuple[str, str]:
        return self._merged()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._merged())

    def __len__(self) -> int:
        return len(self._merged())


EVENT_TYPE_LABELS: Mapping[str, tuple[str, str]] = _EventTypeLabels()

#: Any active ISO 4217 code (``currencies.ISO_4217``: one home of the vocabulary).
CURRENCIES: dict[str, tuple[str, str]] = dict(ISO_4217)

INDEXES: dict[str, tuple[str, str]] = {
    "budget_transparency": ("індекс прозорості бюджету", "budget transparency index"),
    "transparent_cities": ("Прозорі міста", "Transparent Cities"),
    "transparent_cities_accountability": (
        "Прозорі міста: підзвітність",
        "Transparent Cities: accountability",
    ),
    "city_democracy": ("індекс демократичності міст", "city democracy index"),
    "cnap_quality": ("якість ЦНАП", "ASC (CNAP) quality"),
    "other": ("інше", "other"),
}

REC_AREAS: dict[str, tuple[str, str]] = {
    "budget_transparency": ("прозорість бюджету", "budget transparency"),
    "cnap": ("ЦНАП", "administrative service centre"),
    "business_climate": ("бізнес-клімат", "business climate"),
    "other": ("інше", "other"),
}

REC_STATUSES: dict[str, tuple[str, str]] = {
    "implemented": ("виконано", "implemented"),
    "partially_implemented": ("виконано частково", "partially implemented"),
    "in_progress": ("в процесі", "in progress"),
    "not_implemented": ("не виконано", "not implemented"),
    "not_applicable": ("не застосовно", "not applicable"),
}

INDICATOR_GROUPS: dict[str, tuple[str, str]] = {
    "cost": ("показник витрат", "cost"),
    "product": ("показник продукту", "product"),
    "efficiency": ("показник ефективності", "efficiency"),
    "quality": ("показник якості", "quality"),
    "output": ("результат (output)", "output"),
    "outcome": ("наслідок (outcome)", "outcome"),
}

INSTRUMENTS: dict[str, tuple[str, str]] = {
    "participatory_budget": ("бюджет участі", "participatory budget"),
    "school_participatory_budget": ("шкільний бюджет участі", "school participatory budget"),
    "e_petitions": ("електронні петиції", "e-petitions"),
    "open_city": ("Відкрите місто", "Open City"),
    "prozorro_sales": ("ProZorro.Продажі", "ProZorro.Sales"),
    "development_strategy": ("стратегія розвитку", "development strategy"),
    "marketing_strategy": ("маркетингова стратегія", "marketing strategy"),
    "city_brand": ("бренд міста", "city brand"),
    "communication_strategy": ("комунікаційна стратегія", "communication strategy"),
    "tourism_strategy": ("стратегія розвитку туризму", "tourism strategy"),
    "sme_program": ("програма підтримки МСП", "SME support program"),
    "gender_budgeting": ("гендерно орієнтоване бюджетування", "gender budgeting"),
    "budget_transparency_index": ("індекс прозорості бюджету", "budget transparency index"),
    "investment_passport": ("інвестиційний паспорт", "investment passport"),
    "economic_development_program": (
        "програма економічного розвитку",
        "economic development program",
    ),
    "public_consultations": ("публічні консультації", "public consultations"),
    "open_data": ("відкриті дані", "open data"),
    "advisory_committee": ("консультативна рада", "advisory committee"),
    "business_association": ("бізнес-асоціація", "business association"),
    "eco_passport": ("екологічний паспорт", "eco passport"),
    "economic_development_strategy": (
        "стратегія економічного розвитку",
        "economic development strategy",
    ),
    "export_promotion_program": ("програма сприяння експорту", "export promotion program"),
    "gender_equality_charter": ("Хартія гендерної рівності", "gender equality charter"),
    "investment_program": ("інвестиційна програма", "investment program"),
    "social_enterprise": ("соціальне підприємство", "social enterprise"),
    "strategic_environmental_assessment": (
        "стратегічна екологічна оцінка",
        "strategic environmental assessment",
    ),
    "subregional_development_strategy": (
        "стратегія субрегіонального розвитку",
        "subregional development strategy",
    ),
    "sustainable_development_strategy": (
        "стратегія сталого розвитку",
        "sustainable development strategy",
    ),
    "other": ("інше", "other"),
}

DATE_PRECISIONS: dict[str, tuple[str, str]] = {
    "day": ("день", "day"),
    "month": ("місяць", "month"),
    "year": ("рік", "year"),
    "period": ("звітний період", "reporting period"),
}

PERIOD_STATUSES: dict[str, tuple[str, str]] = {
    "in": ("у звітному періоді", "in the reporting period"),
    "partly": ("частково поза звітним періодом", "partly outside the reporting period"),
    "outside": ("поза звітним періодом", "outside the reporting period"),
}

ADOPTION_STATUSES: dict[str, tuple[str, str]] = {
    "adopted": ("запроваджено", "adopted"),
    "in_progress": ("у процесі", "in progress"),
}

FACT_UNITS: dict[str, tuple[str, str]] = {
    "count": ("кількість", "count"),
    "UAH": ("грн", "UAH"),
    "CAD": ("кан. дол.", "CAD"),
    "USD": ("дол. США", "USD"),
    "EUR": ("євро", "EUR"),
    "percent": ("%", "percent"),
    "points": ("бали", "points"),
    "rank": ("місце", "rank"),
    "years": ("роки", "years"),
    "months": ("місяці", "months"),
    "weeks": ("тижні", "weeks"),
    "days": ("дні", "days"),
    "hours": ("години", "hours"),
    "hectares": ("га", "hectares"),
    "square_metres": ("кв. м", "square metres"),
    "km": ("км", "km"),
    "kg": ("кг", "kg"),
    "litres": ("л", "litres"),
    "megahertz": ("МГц", "megahertz"),
    "people": ("осіб", "people"),
    "cities": ("міст", "cities"),
    "projects": ("проєктів", "projects"),
    "documents": ("документів", "documents"),
    "enterprises": ("підприємств", "enterprises"),
    "jobs": ("робочих місць", "jobs"),
    "events": ("заходів", "events"),
    "votes": ("голосів", "votes"),
    "ratio": ("відношення", "ratio"),
}


#: How a printed figure bounds the true value («щонайменше 5», «понад 90», «майже 60»); empty
#: = printed as exact.
FACT_QUALIFIERS: dict[str, tuple[str, str]] = {
    "at_least": ("щонайменше", "at least"),
    "more_than": ("понад", "more than"),
    "almost": ("майже", "almost"),
    "about": ("близько", "about"),
    "up_to": ("до", "up to"),
}
