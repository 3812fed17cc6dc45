"""Percentages as printed («43,9%», «на 35 %»), read as percentage points."""

from __future__ import annotations

import re
from decimal import Decimal

from promis_analytics.errors import ParseError
from promis_analytics.parsing.numbers import reject_bound, signed_number, strip_approx
from promis_analytics.parsing.text import alternation, normalize

__all__ = ["PERCENT_PREPOSITIONS", "PERCENT_WORDS", "parse_percent"]

#: prepositions allowed (and dropped) in front of a percent: "на 35 %", "у 2 %".
PERCENT_PREPOSITIONS: tuple[str, ...] = ("на", "у", "в", "з", "із", "by", "of")

#: percent markers after the number.
PERCENT_WORDS: tuple[str, ...] = (
    "%",
    "відсоток",
    "відсотки",
    "відсотка",
    "відсотків",
    "процент",
    "проценти",
    "процента",
    "процентів",
    "percent",
    "per cent",
)


_PERCENT_EXPECTED = "a percent such as '43,9%', '18 %' or 'на 35 %' / відсоток"
_PERCENT_PREP_RE = re.compile(alternation(PERCENT_PREPOSITIONS) + r"\s+", re.IGNORECASE)
_PERCENT_SUFFIX_RE = re.compile(r"\s?" + alternation(PERCENT_WORDS) + r"$", re.IGNORECASE)


def parse_percent(text: str) -> Decimal:
    """Read a percentage and return the number of percentage points ("43,9%" -> 43.9).

    Accepts an optional preposition ("на 35 %", "у 2 %"), approximation marks (dropped),
    the number as in ``parse_number`` and a marker ("%", "відсотка", "відсотків", "percent").
    Rejects text without a percent marker and bounds ("до 35 %", "понад 50%").
    """
    original = text
    s = normalize(text, _PERCENT_EXPECTED)
    m = _PERCENT_PREP_RE.match(s)
    if m:
        s = s[m.end() :]
    s, _ = strip_approx(s)
    reject_bound(s, original, _PERCENT_EXPECTED)
    m = _PERCENT_SUFFIX_RE.search(s)
    if not m:
        raise ParseError(original, _PERCENT_EXPECTED, "no percent sign or word")
    body = s[: m.start()].rstrip()
    try:
        return signed_number(body, original)
    except ParseError as exc:
        raise ParseError(original, _PERCENT_EXPECTED, exc.detail) from None
