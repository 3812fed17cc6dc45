"""Findings: what an extractor or an audit wants a specialist to look at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "note")


@dataclass(frozen=True)
class Finding:
    """One thing to look at.

    ``kind`` is a short machine name (``duplicate_event``, ``outside_period``,
    ``count_mismatch``, ``unreadable_date``, ``no_place``, ``percent_mismatch`` …; for a
    number of people that is not counted as event participants it says why:
    ``members_not_participants``, ``staff_not_participants``, ``planned_not_held``,
    ``people_reached_not_participants``, ``people_not_event``, ``sum_of_events``,
    ``participants_not_counted`` — see ``extract.card.series``),
    ``severity`` one of error | warning | note, ``message`` a readable sentence in English,
    ``locator`` where in the source it is (character offset, table row, snippet).
    """

    kind: str
    severity: Severity
    message: str
    locator: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """The findings as a DataFrame with columns kind, severity, message, locator."""
    return pd.DataFrame(
        [(f.kind, f.severity, f.message, f.locator) for f in findings],
        columns=["kind", "severity", "message", "locator"],
    )
