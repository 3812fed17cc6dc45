"""Read a semi-annual monitoring card into events, aggregates, adoptions and findings.

The steps, one module each: ``header`` (monitoring dates, registration number), ``structure``
(statements, sections, quoted titles), ``events`` (participant figures), ``places``,
``adoptions`` (totals and "у N містах …" statements), ``merge`` (several cards into one
register). Documents in any format come through ``extract.documents``.
"""

from __future__ import annotations

from pathlib import Path

from promis_analytics.extract.card.adoptions import _adoptions, _aggregates
from promis_analytics.extract.card.events import _events
from promis_analytics.extract.card.header import _header
from promis_analytics.extract.card.model import CardExtract
from promis_analytics.extract.card.patterns import (
    ADOPTION_COLUMNS,
    AGGREGATE_COLUMNS,
    EVENT_COLUMNS,
    STATEMENT_COLUMNS,
)
from promis_analytics.extract.card.structure import _offset, _quoted_spans, _read, _sections
from promis_analytics.extract.findings import Finding

__all__ = [
    "ADOPTION_COLUMNS",
    "AGGREGATE_COLUMNS",
    "EVENT_COLUMNS",
    "STATEMENT_COLUMNS",
    "CardExtract",
    "monitoring_card",
]


def monitoring_card(
    path_or_text: str | Path,
    *,
    source: str = "monitoring_card_2018H2",
    event_prefix: str | None = None,
) -> CardExtract:
    """Read a monitoring card (a path to a UTF-8 text file, or the text itself).

    ``source`` is the document id written to every row; event ids are ``<prefix>-NNN`` numbered
    by position in the text (prefix defaults to ``card`` + the part of ``source`` after
    ``monitoring_card_``, lower case: ``card2018h2``). Character offsets in locators index the
    NFC-normalised text.
    """
    text = _read(path_or_text)
    prefix = event_prefix or "card" + source.removeprefix("monitoring_card_").lower()
    findings: list[Finding] = []
    period, registration, project = _header(text, findings)
    protected = _quoted_spans(text)
    sections = _sections(text, findings)
    events = _events(text, protected, sections, period, source, prefix, findings)
    aggregates = _aggregates(text, source)
    statements, adoptions = _adoptions(text, period, source, findings)
    findings.sort(key=_offset)  # reading order (stable for findings at one place)
    return CardExtract(
        source=source,
        period=period,
        registration=registration,
        project=project,
        events=events,
        aggregates=aggregates,
        adoptions=adoptions,
        statements=statements,
        findings=findings,
    )
