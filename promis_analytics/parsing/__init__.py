"""Read numbers, amounts, percents and dates as printed in Ukrainian reports and registers.

Public API (every failure raises :class:`promis_analytics.errors.ParseError`, a ``ValueError``
whose message quotes the input and says what was expected; no function guesses), one module
per data type:

- :mod:`.numbers`: ``parse_number(text) -> Decimal``; ``parse_count(text) -> Decimal``, a
  number with a unit word after it («20 осіб»); ``parse_number_words(words)``
- :mod:`.amounts`: ``currency_code(text) -> str | None``, the currency a whole cell names
  («гривень», «₴»); ``parse_amount(text) -> Amount(value, currency, approximate)``
- :mod:`.percents`: ``parse_percent(text) -> Decimal`` (percentage points: "43,9%" -> 43.9)
- :mod:`.dates`: ``parse_date(text, default_year=None) -> date``;
  ``parse_date_range(text, default_year=None) -> tuple[date, date]`` (both ends inclusive);
  ``date_precision(text)``; ``plain_day(text) -> date | None``: only «2018-07-05» and
  «05.07.2018», quickly; ``find_dates(text) -> list[DateMatch]`` and ``DATE_PATTERN``: locate
  date-shaped spans in running text (for extractors); pass each ``DateMatch.text`` to
  ``parse_date_range``.
- Vocabulary tables: ``MONTHS``, ``MONTH_NAMES``, ``SCALE_WORDS``, ``CURRENCY_WORDS``,
  ``APPROX_WORDS``, ``BOUND_WORDS``, ``COUNT_WORDS``, ``PERCENT_WORDS``, ``YEAR_WORDS``,
  ``NUMBER_WORDS``.
"""

from __future__ import annotations

from promis_analytics.parsing.amounts import (
    CURRENCY_WORDS,
    SCALE_WORDS,
    Amount,
    currency_code,
    parse_amount,
)
from promis_analytics.parsing.dates import (
    DATE_PATTERN,
    MONTH_NAMES,
    MONTHS,
    YEAR_WORDS,
    DateMatch,
    date_precision,
    find_dates,
    parse_date,
    parse_date_range,
    plain_day,
)
from promis_analytics.parsing.numbers import (
    APPROX_WORDS,
    BOUND_WORDS,
    COUNT_WORDS,
    NUMBER_WORDS,
    parse_count,
    parse_number,
    parse_number_words,
)
from promis_analytics.parsing.percents import PERCENT_PREPOSITIONS, PERCENT_WORDS, parse_percent

__all__ = [
    "APPROX_WORDS",
    "BOUND_WORDS",
    "COUNT_WORDS",
    "CURRENCY_WORDS",
    "DATE_PATTERN",
    "MONTHS",
    "MONTH_NAMES",
    "NUMBER_WORDS",
    "PERCENT_PREPOSITIONS",
    "PERCENT_WORDS",
    "SCALE_WORDS",
    "YEAR_WORDS",
    "Amount",
    "DateMatch",
    "currency_code",
    "date_precision",
    "find_dates",
    "parse_amount",
    "parse_count",
    "parse_date",
    "parse_date_range",
    "parse_number",
    "parse_number_words",
    "parse_percent",
    "plain_day",
]
