"""What one monitoring card says: ``CardExtract``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from promis_analytics.extract.findings import Finding

__all__ = ["CardExtract"]


@dataclass
class CardExtract:
    """What one monitoring card says.

    ``period`` is the reporting half-year (first day, last day): the day after the previous
    monitoring date printed in the header up to and including the current one.
    ``events`` has the ``events`` register columns; ``aggregates`` the participant totals printed
    apart from an event's figure (value, unit, refers_to, source, locator; the event or
    finding each became is in ``people``); ``adoptions`` the ``adoptions``
    register columns plus ``printed_n`` (the N printed in the statement); ``statements`` one row
    per "у N містах …" statement (instrument, status, printed_n, listed_n, cities); ``findings``
    everything a specialist should look at; ``people`` every number of people the card prints
    and where it went (``extract.card.reconcile.RECONCILIATION_COLUMNS``).
    """

    source: str
    period: tuple[date, date] | None
    registration: str | None
    project: str | None
    events: pd.DataFrame
    aggregates: pd.DataFrame
    adoptions: pd.DataFrame
    statements: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    people: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: scanned cards: each event's participants as recognised, with confidence and page
    #: (``extract.card.ocr_values.OCR_COLUMNS``); empty for documents with a text layer
    ocr: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def participants_total(self) -> int:
        """Sum of ``participants`` over the events (duplicates already removed)."""
        return int(self.events["participants"].sum()) if len(self.events) else 0

    def city_totals(self) -> pd.DataFrame:
        """Events and participants per city (empty city shown as ""), sorted by participants."""
        ev = self.events.assign(city=self.events["city"].fillna(""))
        out = ev.groupby("city", dropna=False).agg(
            events=("event_id", "count"), participants=("participants", "sum")
        )
        return out.reset_index().sort_values(["participants", "city"], ascending=[False, True])
