"""The register's names of the controlled vocabularies (kept in ``metadata.codes``), and the
event types joined with those the active data folder adds.

Each constant is code → (Ukrainian, English) label of one ``data/metadata/vocab/<name>.csv``
(the synonyms people type are in ``data/vocabularies.csv``, read by ``registers.schema.vocab``). A
project's own codes (components, funds, added event types) are the data folder's
(``project_codes``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from promis_analytics import project_codes
from promis_analytics.metadata.codes import code_list

__all__ = [
    "ADOPTION_STATUSES",
    "CURRENCIES",
    "DATE_PRECISIONS",
    "DIRECTIONS",
    "EVENT_TYPES",
    "EVENT_TYPE_LABELS",
    "FACT_QUALIFIERS",
    "FACT_UNITS",
    "INDEXES",
    "INDICATOR_GROUPS",
    "INSTRUMENTS",
    "MEASURES",
    "PERIOD_STATUSES",
    "REC_AREAS",
    "REC_STATUSES",
    "RESULT_LEVELS",
    "SEXES",
]

EVENT_TYPES = code_list("event_type")
#: Any active ISO 4217 code (``currencies.ISO_4217``: one home of the vocabulary).
CURRENCIES = code_list("currency")
INDEXES = code_list("index")
REC_AREAS = code_list("rec_area")
REC_STATUSES = code_list("rec_status")
INDICATOR_GROUPS = code_list("indicator_group")
INSTRUMENTS = code_list("instrument")
DATE_PRECISIONS = code_list("date_precision")
PERIOD_STATUSES = code_list("period_status")
ADOPTION_STATUSES = code_list("adoption_status")
FACT_UNITS = code_list("fact_unit")
#: How a printed figure bounds the true value; empty = printed as exact.
FACT_QUALIFIERS = code_list("fact_qualifier")
#: The results-framework register's vocabularies (GAC logic model levels, IATI measures).
RESULT_LEVELS = code_list("result_level")
MEASURES = code_list("measure")
DIRECTIONS = code_list("direction")
SEXES = code_list("sex")


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
