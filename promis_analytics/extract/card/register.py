"""The card's events as register rows: reading order, duplicates dropped, period status, ids."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from promis_analytics.extract.card.events import Event
from promis_analytics.extract.card.patterns import EVENT_COLUMNS
from promis_analytics.extract.findings import Finding


def register_rows(
    events: list[Event],
    period: tuple[date, date] | None,
    source: str,
    prefix: str,
    findings: list[Finding],
) -> pd.DataFrame:
    """The events register rows of ``events`` (any order; sorted into reading order here).

    An event printed twice is kept once (``duplicate_event``; the dropped one points to the
    kept one in ``duplicate_of``); the findings of kept events join ``findings``; an event
    lying wholly before or after the reporting half-year is ``period_status`` = outside (a
    course that only starts before it is ``partly``, with a ``partly_outside_period`` finding).
    IDs are ``<prefix>-NNN`` in reading order and are written back to each kept event."""
    kept = _drop_duplicates(sorted(events, key=lambda ev: ev.start), findings)
    for ev in kept:
        findings.extend(ev.findings)
    status = {id(ev): _status(ev, period, findings) for ev in kept}
    rows = []
    for i, ev in enumerate(kept, start=1):
        ev.event_id = f"{prefix}-{i:03d}"
        rows.append(
            {
                "event_id": ev.event_id,
                "title": ev.title,
                "event_type": ev.event_type,
                "component": ev.component,
                "date_start": ev.date_start,
                "date_end": ev.date_end,
                "city": ev.city,
                "cities": ";".join(ev.cities) or None,
                "country": ev.country,
                "participants": ev.participants,
                "women": ev.women,
                "sessions": ev.sessions,
                "date_precision": ev.precision,
                "period_status": status[id(ev)],
                "source": source,
                "locator": ev.locator,
            }
        )
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    for col in ("participants", "women", "sessions"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _status(ev: Event, period: tuple[date, date] | None, findings: list[Finding]) -> str | None:
    """«in», «partly» (begins or ends beyond it) or «outside» the reporting half-year
    ``period`` (first day, last day); None when the card or the event has no dates."""
    if period is None or ev.date_start is None:
        return None
    first, last = period
    end = ev.date_end or ev.date_start
    half = f"{first.isoformat()}…{last.isoformat()}"
    if end < first or ev.date_start > last:
        findings.append(
            Finding(
                "outside_period",
                "warning",
                f"event dated {ev.date_start.isoformat()}…{end.isoformat()} lies outside the "
                f"reporting half-year {half}; kept, marked period_status = outside",
                ev.locator,
            )
        )
        return "outside"
    if ev.date_start < first or end > last:
        findings.append(
            Finding(
                "partly_outside_period",
                "warning",
                f"{ev.participants} participants over {ev.date_start.isoformat()}…"
                f"{end.isoformat()}, partly outside the reporting half-year {half}; the card "
                "prints one total, which cannot be split by date: kept whole, "
                "period_status = partly",
                ev.locator,
            )
        )
        return "partly"
    return "in"


def _drop_duplicates(events: list[Event], findings: list[Finding]) -> list[Event]:
    kept: list[Event] = []
    seen: dict[tuple, Event] = {}
    for ev in events:
        key = (
            ev.event_type,
            ev.date_start,
            ev.date_end,
            ev.city,
            ev.participants,
            re.sub(r"\W+", " ", ev.title.casefold()).strip() if ev.title_own else None,
        )
        if ev.date_start is not None and key in seen:
            first = seen[key]
            ev.duplicate_of = first
            findings.append(
                Finding(
                    "duplicate_event",
                    "warning",
                    f"same event printed twice ({ev.participants} participants, "
                    f"{ev.date_start.isoformat()}); kept once, at {first.locator.split(':')[0]}",
                    ev.locator,
                )
            )
            continue
        seen[key] = ev
        kept.append(ev)
    return kept
