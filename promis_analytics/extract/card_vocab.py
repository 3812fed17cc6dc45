"""Vocabulary tables of the monitoring-card reader (event types, instruments, countries, status)."""

from __future__ import annotations

import csv
import re
from functools import cache

from promis_analytics.paths import PACKAGE_DATA_DIR

# Each table is a CSV in package data with columns ``pattern,<value>,note``; patterns are
# case-insensitive regular expressions matched against running text; the first row whose
# pattern matches, in table order, wins.
TABLES: dict[str, str] = {
    "event_type": "event_types.csv",
    "instrument": "card_instruments.csv",
    "country": "card_countries.csv",
    "status": "card_status_words.csv",
}


@cache
def vocabulary(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The table ``name`` (a key of ``TABLES``) as ``(compiled pattern, value)`` pairs."""
    path = PACKAGE_DATA_DIR / TABLES[name]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r[name]) for r in rows)


def first_in_table(name: str, text: str) -> str | None:
    """The value of the first row (table order) whose pattern occurs in ``text``."""
    for pattern, value in vocabulary(name):
        if pattern.search(text):
            return value
    return None
