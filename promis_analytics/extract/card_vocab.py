"""Vocabulary tables of the monitoring-card reader (event types, instruments, people, sessions)."""

from __future__ import annotations

import csv
import re
from functools import cache

from promis_analytics.paths import PACKAGE_DATA_DIR

# Each table is a CSV in package data with columns ``pattern,<value>,…``; patterns are
# case-insensitive regular expressions matched against running text; the first row whose
# pattern matches, in table order, wins.
TABLES: dict[str, str] = {
    "event_type": "event_types.csv",
    "instrument": "card_instruments.csv",
    "country": "card_countries.csv",
    "status": "card_status_words.csv",
    # who a printed number of people counts (participants, staff, members …) and why not
    "people": "card_people.csv",
    # what a statement says about its people (planned, a body meeting repeatedly, took part)
    "context": "card_people_context.csv",
    # a printed number of sessions, or a word naming a course or series
    "sessions": "card_sessions.csv",
}


@cache
def rows(name: str) -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """The table ``name`` (a key of ``TABLES``) as ``(compiled pattern, whole row)`` pairs."""
    path = PACKAGE_DATA_DIR / TABLES[name]
    with path.open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r) for r in table)


@cache
def vocabulary(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The table ``name`` (a key of ``TABLES``) as ``(compiled pattern, value)`` pairs."""
    return tuple((pattern, row[name]) for pattern, row in rows(name))


def first_in_table(name: str, text: str) -> str | None:
    """The value of the first row (table order) whose pattern occurs in ``text``."""
    row = first_row(name, text)
    return row[name] if row else None


def first_row(name: str, text: str) -> dict[str, str] | None:
    """The first row (table order) of table ``name`` whose pattern occurs in ``text``."""
    for pattern, row in rows(name):
        if pattern.search(text):
            return row
    return None
