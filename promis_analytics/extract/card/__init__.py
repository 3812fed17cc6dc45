"""Read a semi-annual monitoring card into events, aggregates, adoptions and findings.

The steps, one module each: ``header`` (monitoring dates, registration number), ``structure``
(statements, sections, quoted titles), ``events`` (participant figures), ``places``,
``adoptions`` (totals and "у N містах …" statements), ``merge`` (several cards into one
register). Documents in any format come through ``extract.documents``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from promis_analytics.extract.card.adoptions import _adoptions, _aggregates
from promis_analytics.extract.card.events import _events
from promis_analytics.extract.card.form import results_column
from promis_analytics.extract.card.header import _header
from promis_analytics.extract.card.merge import merge_cards
from promis_analytics.extract.card.model import CardExtract
from promis_analytics.extract.card.patterns import (
    ADOPTION_COLUMNS,
    AGGREGATE_COLUMNS,
    EVENT_COLUMNS,
    STATEMENT_COLUMNS,
)
from promis_analytics.extract.card.structure import (
    _offset,
    _quoted_spans,
    _read,
    _sections,
    located,
)
from promis_analytics.extract.findings import Finding

__all__ = [
    "ADOPTION_COLUMNS",
    "AGGREGATE_COLUMNS",
    "EVENT_COLUMNS",
    "STATEMENT_COLUMNS",
    "CardExtract",
    "merge_cards",
    "monitoring_card",
]


def monitoring_card(
    path_or_text: str | Path,
    *,
    source: str | None = None,
    event_prefix: str | None = None,
) -> CardExtract:
    """Read a monitoring card: a path to a document (.txt in any encoding, .docx, .pdf, .doc,
    .rtf, .odt — see ``extract.documents``), or the text itself.

    ``source`` (the document id written to every row) defaults to the file's stem (for text:
    "monitoring_card"). Event ids are ``<prefix>-NNN`` in reading order; the prefix defaults to
    ``card`` + the card's own half-year (``card2019h1`` for a card whose current monitoring
    date lies in January–June 2019), else to ``card`` + the part of ``source`` after
    ``monitoring_card_``. On the official form (.docx with the results as a Word table) only
    the figures of the column «Результати, досягнуті за звітне півріччя» are events; planned
    work is not. Locators are ``char N: …`` offsets of the NFC text, preceded by the page or
    table cell in documents that have them.
    """
    text, doc = _read(path_or_text)
    if source is None:
        source = doc.path.stem if doc is not None else "monitoring_card"
    findings: list[Finding] = []
    period, registration, project = _header(text, findings)
    prefix = event_prefix or _prefix(period, source)
    protected = _quoted_spans(text)
    sections = _sections(text, findings)
    reported = results_column(doc, text, findings)
    events = _events(text, protected, sections, period, source, prefix, findings, reported)
    aggregates = _aggregates(text, source)
    statements, adoptions = _adoptions(text, period, source, findings)
    findings.sort(key=_offset)  # reading order (stable for findings at one place)
    if doc is not None and doc.kind != "txt":
        for frame in (events, aggregates, adoptions, statements):
            frame["locator"] = [located(x, doc) for x in frame["locator"]]
        findings = [replace(f, locator=located(f.locator, doc)) for f in findings]
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


def _prefix(period: tuple[date, date] | None, source: str) -> str:
    """``card2019h1``: the half-year of the current monitoring date; without a period, from
    the source id (``monitoring_card_2018H2`` → ``card2018h2``)."""
    if period is not None:
        end = period[1]
        return f"card{end.year}h{1 if end.month <= 6 else 2}"
    return "card" + source.removeprefix("monitoring_card_").lower()
