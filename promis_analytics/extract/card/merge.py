"""Several monitoring cards as one register: events of every card, the same event reported in
two cards kept once (a finding names both), IDs unique across cards."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from promis_analytics.extract.card.model import CardExtract
from promis_analytics.extract.findings import Finding

__all__ = ["merge_cards"]

#: what makes two reported events one event
SAME_EVENT = ("event_type", "date_start", "date_end", "city", "participants", "title")


def merge_cards(cards: list[CardExtract]) -> CardExtract:
    """One ``CardExtract`` for ``cards`` in the order given.

    Events: concatenated; an event whose ``SAME_EVENT`` columns equal an event of an earlier
    card is dropped with a ``duplicate_across_cards`` finding naming both sources and
    locators. Event IDs carry each card's own half-year (``card2018h2-…``, ``card2019h1-…``);
    two cards of one half-year get ``-2``, ``-3`` … after their later IDs. Findings keep the
    card they come from in their locator («<source>: …»). ``period`` spans all cards;
    ``people`` (the reconciliations) are concatenated, their event ids those of each card
    (an event dropped here as a duplicate across cards is named by a finding).
    """
    if not cards:
        raise ValueError("merge_cards: no cards")
    if len(cards) == 1:
        return cards[0]
    findings: list[Finding] = []
    events: list[pd.DataFrame] = []
    seen: dict[tuple, str] = {}
    used: set[str] = set()
    for k, c in enumerate(cards, start=1):
        findings += [replace(f, locator=f"{c.source}: {f.locator}") for f in c.findings]
        keep = []
        for i, row in c.events.iterrows():
            key = tuple(str(row[col]) for col in SAME_EVENT)
            if key in seen:
                findings.append(
                    Finding(
                        "duplicate_across_cards",
                        "warning",
                        f"the same event ({row['participants']} participants, "
                        f"{row['date_start']}) is reported in two cards; kept once, from "
                        f"{seen[key]}",
                        f"{c.source}: {row['locator']}",
                    )
                )
                continue
            seen[key] = f"{c.source}: {row['locator']}"
            keep.append(i)
        ev = c.events.loc[keep].copy()
        ev["event_id"] = [_unique(x, used, k) for x in ev["event_id"]]
        events.append(ev)
    periods = [c.period for c in cards if c.period]
    return CardExtract(
        source="; ".join(c.source for c in cards),
        period=(min(p[0] for p in periods), max(p[1] for p in periods)) if periods else None,
        registration=next((c.registration for c in cards if c.registration), None),
        project=next((c.project for c in cards if c.project), None),
        events=pd.concat(events, ignore_index=True),
        aggregates=pd.concat([c.aggregates for c in cards], ignore_index=True),
        adoptions=pd.concat([c.adoptions for c in cards], ignore_index=True),
        statements=pd.concat([c.statements for c in cards], ignore_index=True),
        findings=findings,
        people=pd.concat([c.people for c in cards], ignore_index=True),
    )


def _unique(event_id: str, used: set[str], card_no: int) -> str:
    out = event_id if event_id not in used else f"{event_id}-{card_no}"
    used.add(out)
    return out
