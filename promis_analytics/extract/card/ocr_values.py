"""Numbers of a card read by OCR: each event's participants with the confidence and page of
the recognised word; doubtful ones as findings for a person to confirm."""

from __future__ import annotations

import pandas as pd

from promis_analytics.extract.card.events import Event
from promis_analytics.extract.card.structure import loc
from promis_analytics.extract.documents import Document
from promis_analytics.extract.findings import Finding

__all__ = ["LOW_CONFIDENCE", "OCR_COLUMNS", "ocr_values"]

#: a number recognised with less confidence than this (Tesseract's 0–100) is to be confirmed
LOW_CONFIDENCE = 85.0
OCR_COLUMNS = ("event_id", "value", "printed", "confidence", "page", "locator")


def ocr_values(
    doc: Document | None, text: str, events: list[Event], findings: list[Finding]
) -> pd.DataFrame:
    """One row per registered event whose participants were read by OCR (``OCR_COLUMNS``:
    the word as recognised, its confidence 0–100 and page). A ``ocr_pages`` note names the
    recognised pages; a value under ``LOW_CONFIDENCE`` is an ``ocr_low_confidence`` warning."""
    if doc is None or not doc.ocr_pages:
        return pd.DataFrame(columns=list(OCR_COLUMNS))
    pages = ", ".join(str(p) for p in doc.ocr_pages)
    findings.append(
        Finding(
            "ocr_pages",
            "note",
            f"pages {pages} have no text layer and were recognised by OCR (Tesseract); every "
            "number read from them carries its confidence (CardExtract.ocr)",
            "char 0",
        )
    )
    rows = []
    for ev in sorted((e for e in events if e.event_id), key=lambda e: e.n_at):
        word = doc.ocr_word_at(ev.n_at)
        if word is None:
            continue
        locator = loc(text, ev.n_at)
        rows.append(
            {
                "event_id": ev.event_id,
                "value": ev.participants,
                "printed": word.text,
                "confidence": word.confidence,
                "page": word.page,
                "locator": locator,
            }
        )
        if word.confidence < LOW_CONFIDENCE:
            findings.append(
                Finding(
                    "ocr_low_confidence",
                    "warning",
                    f"{ev.event_id}: {ev.participants} participants read by OCR from «{word.text}» "
                    f"with confidence {word.confidence:.0f} (under {LOW_CONFIDENCE:.0f}) on "
                    f"page {word.page}; confirm it against the scan",
                    locator,
                )
            )
    return pd.DataFrame(rows, columns=list(OCR_COLUMNS))
