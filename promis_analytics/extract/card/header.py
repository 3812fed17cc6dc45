"""The card's header row: monitoring dates, registration card number, project name."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from promis_analytics.errors import ParseError
from promis_analytics.extract.card.patterns import (
    HEADER_DATES,
    REGISTRATION,
)
from promis_analytics.extract.card.structure import loc
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import MONTH_NAMES, parse_date

#: how far into the card (characters) a period written in words is looked for
HEAD_CHARS = 3000
_HALF = re.compile(r"\b(I{1,2}|[12]|перш\w*|друг\w*)\s+півріччя\s+(\d{4})", re.I)
_DAYS = re.compile(r"(\d{2}\.\d{2}\.\d{4})\s*[-–—]\s*(\d{2}\.\d{2}\.\d{4})")
_MONTH = r"[а-яіїєґ’']+"
_MONTHS = re.compile(rf"\b({_MONTH})\s*[-–—]\s*({_MONTH})\s+(\d{{4}})", re.I)


# --- header ---------------------------------------------------------------------------------
def read_header(
    text: str, findings: list[Finding]
) -> tuple[tuple[date, date] | None, str | None, str | None]:
    """The row after the "Дата попереднього/поточного моніторингу" header line: the reporting
    period (:func:`reporting_period` of the two monitoring dates), registration, project.
    Without the two dates, the period written in words in the card's head
    (:func:`written_period`); without either, a ``no_period`` finding."""
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        if "поточного моніторингу" in line and i + 1 < len(lines):
            row = lines[i + 1]
            row_start = offset + len(line) + 1
            m = HEADER_DATES.search(row)
            reg = REGISTRATION.search(row)
            period = None
            if m:
                period = reporting_period(parse_date(m.group(1)), parse_date(m.group(2)))
            else:
                period = written_period(text[:HEAD_CHARS])
            if period is None:
                findings.append(
                    Finding(
                        "no_period",
                        "error",
                        "header row lacks the previous and current monitoring dates (DD.MM.YYYY)",
                        loc(text, row_start),
                    )
                )
            project = row[: reg.start()].strip() if reg else None
            return period, reg.group(1) if reg else None, project or None
        offset += len(line) + 1
    period = written_period(text[:HEAD_CHARS])
    if period is not None:
        return period, None, None
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


def written_period(text: str) -> tuple[date, date] | None:
    """The reporting period written in words in a card's header, in the forms the official
    template uses: «за II півріччя 2023 року» (I: January–June, II: July–December),
    «01.07.2023–31.12.2023», «липень–грудень 2023»; None when none is found."""
    m = _HALF.search(text)
    if m:
        year, first = int(m.group(2)), m.group(1).casefold()
        if first in {"i", "1"} or first.startswith("перш"):
            return date(year, 1, 1), date(year, 6, 30)
        return date(year, 7, 1), date(year, 12, 31)
    m = _DAYS.search(text)
    if m:
        try:
            return parse_date(m.group(1)), parse_date(m.group(2))
        except (ParseError, ValueError):
            pass
    for m in _MONTHS.finditer(text):
        a, b = (MONTH_NAMES.get(w.casefold()) for w in (m.group(1), m.group(2)))
        if a and b:
            year = int(m.group(3))
            return date(year, a, 1), date(year, b, calendar.monthrange(year, b)[1])
    return None
