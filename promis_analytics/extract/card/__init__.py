"""Read a semi-annual monitoring card into events, aggregates, adoptions and findings.

The steps, one module each: ``header`` (monitoring dates, registration number), ``structure``
(statements, sections, quoted titles), ``events`` (participant figures), ``people`` (every
number of people printed), ``series`` (courses, series and trainings in several places; the
numbers that are not participants), ``register`` (register rows), ``reconcile`` (where each
number of people went), ``places``, ``tables`` (events tables matched with the narrative),
``adoptions`` (totals and "у N містах …" statements), ``merge`` (several cards into one
register). Documents in any format come through
``extract.documents``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from promis_analytics.extract.card.adoptions import read_adoptions, read_aggregates
from promis_analytics.extract.card.events import figure_events
from promis_analytics.extract.card.form import results_column
from promis_analytics.extract.card.header import read_header
from promis_analytics.extract.card.merge import merge_cards
from promis_analytics.extract.card.model import CardExtract
from promis_analytics.extract.card.ocr_values import ocr_values
from promis_analytics.extract.card.patterns import (
    ADOPTION_COLUMNS,
    AGGREGATE_COLUMNS,
    EVENT_COLUMNS,
    STATEMENT_COLUMNS,
)
from promis_analytics.extract.card.people import people_numbers
from promis_analytics.extract.card.reconcile import (
    RECONCILIATION_COLUMNS,
    reconcile_people,
    table_people,
)
from promis_analytics.extract.card.register import register_rows
from promis_analytics.extract.card.series import Card, people_events
from promis_analytics.extract.card.structure import (
    finding_offset,
    in_spans,
    located,
    output_sections,
    quoted_spans,
    read_card,
    statement_starts,
)
from promis_analytics.extract.card.tables import in_events_tables, table_events
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import find_dates

__all__ = [
    "ADOPTION_COLUMNS",
    "AGGREGATE_COLUMNS",
    "EVENT_COLUMNS",
    "RECONCILIATION_COLUMNS",
    "STATEMENT_COLUMNS",
    "CardExtract",
    "card_reconciliation",
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
    .rtf, .odt, scans — see ``extract.documents``), or the text itself.

    ``source`` (the document id written to every row) defaults to the file's stem (for text:
    "monitoring_card"). Event ids are ``<prefix>-NNN`` in reading order; the prefix defaults to
    ``card`` + the card's own half-year (``card2019h1`` for a card whose current monitoring
    date lies in January–June 2019, the period read from the monitoring dates or as written in
    the header), else to ``card`` + a transliterated slug of ``source`` (``_prefix``). On the
    official form (.docx with the results as a Word table) only the figures of the column
    «Результати, досягнуті за звітне півріччя» are events; planned work is not. An events
    table (date, place, event, participants) is matched with the narrative (``tables``); a
    scan's numbers carry their OCR confidence (``ocr``). Locators are ``char N: …`` offsets
    of the NFC text, preceded by the page or table cell in documents that have them.

    Every number of people the card prints is accounted for in ``people`` (see
    :func:`card_reconciliation`): an event's participants, a course or series of sessions
    (one event with ``sessions``), a training held in several places (one event, ``cities``),
    or a finding saying why it is not counted (members of a body, staff, plans …).
    """
    text, doc = read_card(path_or_text)
    if source is None:
        source = doc.path.stem if doc is not None else "monitoring_card"
    findings: list[Finding] = []
    period, registration, project = read_header(text, findings)
    prefix = event_prefix or _prefix(period, source)
    protected = quoted_spans(text)
    sections = output_sections(text, findings)
    reported = results_column(doc, text, findings)
    figures = figure_events(text, protected, sections, period, reported)
    numbers = [n for n in people_numbers(text) if not in_events_tables(doc, n.n_at)]
    card = Card(
        text=text,
        protected=protected,
        bounds=statement_starts(text, protected),
        dates=[d for d in find_dates(text) if not in_spans(d.start, protected)],
        sections=sections,
        period=period,
        numbers=tuple(numbers),
    )
    more, accounts = people_events(card, numbers, figures, findings, reported)
    from_tables, table_rows = table_events(doc, figures + more, period, findings)
    events = register_rows(figures + more + from_tables, period, source, prefix, findings)
    ocr = ocr_values(doc, text, figures + more + from_tables, findings)
    aggregates = read_aggregates(text, source)
    statements, adoptions = read_adoptions(text, period, source, findings)
    findings.sort(key=finding_offset)  # reading order (stable for findings at one place)
    people = reconcile_people(
        text, numbers, figures + more, accounts, findings, reported, protected, source
    )
    people = table_people(people, table_rows, findings, text, source)
    if doc is not None and doc.kind != "txt":
        for frame in (events, aggregates, adoptions, statements, people, ocr):
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
        people=people,
        ocr=ocr,
    )


def card_reconciliation(path_or_text: str | Path, *, source: str | None = None) -> pd.DataFrame:
    """Every number of people a monitoring card prints and where it went (columns
    ``RECONCILIATION_COLUMNS``): ``verdict`` event / event_part / duplicate / finding /
    quoted / other_column, or ``unaccounted`` when the reader missed one (a bug: none should
    be); the ``event_id`` or ``finding_no`` (1-based, in ``monitoring_card(…).findings``) and
    the ``reason``. Same input as :func:`monitoring_card`."""
    return monitoring_card(path_or_text, source=source).people


def _prefix(period: tuple[date, date] | None, source: str) -> str:
    """``card2019h1``: the half-year of the current monitoring date; without a period, from
    the source id as a readable slug (``monitoring_card_2018H2`` → ``card2018h2``,
    ``картка_моніторингу_2023h2`` → ``card-kartka-monitorynhu-2023h2``)."""
    if period is not None:
        end = period[1]
        return f"card{end.year}h{1 if end.month <= 6 else 2}"
    slug = _slug(source)
    for lead in ("monitoring-card-", "card-", "card"):
        if slug.startswith(lead):
            return "card" + slug.removeprefix(lead)
    return f"card-{slug}" if slug else "card"


def _slug(name: str) -> str:
    """``name`` transliterated (KMU 2010, translitua), lower case, runs of other characters
    as single hyphens."""
    from translitua import UkrainianKMU, translit

    return re.sub(r"[^a-z0-9]+", "-", translit(name, UkrainianKMU).lower()).strip("-")
