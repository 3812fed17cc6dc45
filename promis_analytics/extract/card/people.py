"""Every number of people a card prints («25 учасників», «кількість учасників – 161»)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from promis_analytics.extract.card_vocab import first_row, rows

__all__ = ["PeopleNumber", "people_numbers"]

# up to two adjectives between the number and the noun: «25 регіональних адміністраторів»
_ADJECTIVES = r"(?:[^\W\d_][\w’'-]*(?:их|іх|ого|ої|им|ім|ні)\s+){0,2}"


@dataclass(frozen=True)
class PeopleNumber:
    """A number of people as printed: ``n`` at offset ``n_at``; ``phrase`` from ``start`` to
    ``end`` (number and noun in either order); ``people`` the row of ``card_people.csv`` whose
    noun it is (participants, participants_if_dated, not_participants)."""

    n: int
    n_at: int
    start: int
    end: int
    phrase: str
    people: str
    finding: str
    reason: str


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    nouns = "|".join(f"(?:{p.pattern})" for p, _ in rows("people"))
    after = re.compile(
        rf"(?<![\d.,/\w])(?P<n>\d{{1,6}})(?!\s*[.,/]\d)(?:-?(?:х|ти|ом))?\s*(?:[–—-]\s*)?"
        rf"(?:(?:близько|понад|майже)\s+)?{_ADJECTIVES}(?P<noun>(?<![^\W\d_])(?:{nouns}))",
        re.IGNORECASE,
    )
    before = re.compile(
        rf"кількість\s+(?P<noun>(?:{nouns}))\s*(?:[–—:-]|становить|складає)?\s*"
        rf"(?P<n>\d{{1,6}})(?![\d.,]\d)",
        re.IGNORECASE,
    )
    return after, before


def people_numbers(text: str) -> list[PeopleNumber]:
    """Every number followed by a people noun of ``card_people.csv`` (any case: учасників,
    осіб, представників, членів, адміністраторів …, up to two adjectives between), and every
    «кількість <noun> – N», in reading order (one entry per printed number)."""
    found: dict[int, PeopleNumber] = {}
    for pattern in _patterns():
        for m in pattern.finditer(text):
            row = first_row("people", m.group("noun"))
            if row is None or m.start("n") in found:  # pragma: no cover - noun is from the table
                continue
            found[m.start("n")] = PeopleNumber(
                n=int(m.group("n")),
                n_at=m.start("n"),
                start=m.start(),
                end=m.end(),
                phrase=" ".join(m.group(0).split()),
                people=row["people"],
                finding=row["finding"],
                reason=row["reason"],
            )
    return [found[k] for k in sorted(found)]
