"""The dated sessions of one statement: «16-17 та 23-24 березня 2018 р., 5-6 липня …»."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from promis_analytics.errors import ParseError
from promis_analytics.extract.card.patterns import YEAR
from promis_analytics.extract.card.structure import loc
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import DateMatch, date_precision, parse_date_range

__all__ = ["Session", "sessions_in"]

# day ranges printed before a date and sharing its month: «16-17 та », «5, 12 і »
_SHARED_MONTH = re.compile(r"(?:(?<!\d)\d{1,2}(?:\s*[-–—]\s*\d{1,2})?\s*(?:,|та|і|й)\s+)+$")
_DAYS = re.compile(r"(?P<a>\d{1,2})(?:\s*[-–—]\s*(?P<b>\d{1,2}))?")
_PRECISION_ORDER = ("day", "month", "year", "period")


class Session(NamedTuple):
    """One dated session: first day, last day, how exactly they are known."""

    start: date
    end: date
    precision: str


def sessions_in(
    text: str, dates: list[DateMatch], start: int, end: int, default_year: int | None
) -> tuple[list[Session], list[Finding]]:
    """Every dated session printed in ``text[start:end]``: each date of ``dates`` there, plus
    the day ranges printed before it that share its month and year («16-17 та 23-24 березня
    2018 р.» is two sessions). A date without a year takes the year of the session before it,
    else ``default_year``. A date that cannot be read is not a session; a finding says so."""
    out: list[Session] = []
    findings: list[Finding] = []
    year = default_year
    for d in (d for d in dates if start <= d.start < end):
        y = None if YEAR.search(d.text) else year
        try:
            a, b = parse_date_range(d.text, default_year=y)
        except ParseError:
            findings.append(
                Finding(
                    "unreadable_date",
                    "error",
                    f"session date {d.text!r} cannot be read; it is not counted as a session",
                    loc(text, d.start),
                )
            )
            continue
        precision = date_precision(d.text)
        lead = _SHARED_MONTH.search(text, start, d.start) if precision == "day" else None
        if lead and a.month == b.month:
            for m in _DAYS.finditer(lead.group(0)):
                first, last = int(m.group("a")), int(m.group("b") or m.group("a"))
                try:
                    out.append(Session(a.replace(day=first), a.replace(day=last), "day"))
                except ValueError:
                    findings.append(
                        Finding(
                            "unreadable_date",
                            "error",
                            f"session days {m.group(0)!r} do not exist in {a:%m.%Y}",
                            loc(text, lead.start()),
                        )
                    )
        out.append(Session(a, b, precision))
        year = b.year
    return out, findings


def coarsest(precisions: list[str]) -> str:
    """The least exact of ``precisions`` (day < month < year < period)."""
    return max(precisions, key=_PRECISION_ORDER.index)
