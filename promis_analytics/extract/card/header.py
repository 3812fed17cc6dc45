"""The card's header row: monitoring dates, registration card number, project name."""

from __future__ import annotations

from datetime import date, timedelta

from promis_analytics.extract.card.patterns import (
    _HEADER_DATES,
    _REGISTRATION,
)
from promis_analytics.extract.card.structure import _loc
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import parse_date


# --- header ---------------------------------------------------------------------------------
def _header(
    text: str, findings: list[Finding]
) -> tuple[tuple[date, date] | None, str | None, str | None]:
    """The row after the "Дата попереднього/поточного моніторингу" header line: the reporting
    period (:func:`reporting_period` of the two monitoring dates), registration, project."""
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        if "поточного моніторингу" in line and i + 1 < len(lines):
            row = lines[i + 1]
            row_start = offset + len(line) + 1
            m = _HEADER_DATES.search(row)
            reg = _REGISTRATION.search(row)
            period = None
            if m:
                period = reporting_period(parse_date(m.group(1)), parse_date(m.group(2)))
            else:
                findings.append(
                    Finding(
                        "no_period",
                        "error",
                        "header row lacks the previous and current monitoring dates (DD.MM.YYYY)",
                        _loc(text, row_start),
                    )
                )
            project = row[: reg.start()].strip() if reg else None
            return period, reg.group(1) if reg else None, project or None
        offset += len(line) + 1
    findings.append(
        Finding(
            "no_period",
            "error",
            "no header line naming the current monitoring date (Дата поточного моніторингу)",
            "char 0",
        )
    )
    return None, None, None


def reporting_period(previous: date, current: date) -> tuple[date, date]:
    """The days a card reports on: from the day after the previous monitoring date up to and
    including the current one (30.06.2018 → 31.12.2018 is 2018-07-01…2018-12-31)."""
    return previous + timedelta(days=1), current
