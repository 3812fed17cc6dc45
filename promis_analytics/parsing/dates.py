"""Dates, date ranges and periods as printed in Ukrainian reports, and dates in running text."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple

from promis_analytics.errors import ParseError
from promis_analytics.parsing.text import DASHES, alternation, normalize

__all__ = [
    "DATE_PATTERN",
    "MONTHS",
    "MONTH_NAMES",
    "YEAR_WORDS",
    "DateMatch",
    "date_precision",
    "find_dates",
    "parse_date",
    "parse_date_range",
    "plain_day",
]

#: month number -> (nominative, genitive, locative) Ukrainian month names, lower case.
MONTHS: dict[int, tuple[str, str, str]] = {
    1: ("січень", "січня", "січні"),
    2: ("лютий", "лютого", "лютому"),
    3: ("березень", "березня", "березні"),
    4: ("квітень", "квітня", "квітні"),
    5: ("травень", "травня", "травні"),
    6: ("червень", "червня", "червні"),
    7: ("липень", "липня", "липні"),
    8: ("серпень", "серпня", "серпні"),
    9: ("вересень", "вересня", "вересні"),
    10: ("жовтень", "жовтня", "жовтні"),
    11: ("листопад", "листопада", "листопаді"),
    12: ("грудень", "грудня", "грудні"),
}

#: every accepted month spelling (lower case) -> month number.
MONTH_NAMES: dict[str, int] = {name: num for num, names in MONTHS.items() for name in names}

#: words after a printed year ("2018 р.", "2017-2020 роки").
YEAR_WORDS: tuple[str, ...] = (
    "р.р.",
    "р. р.",
    "рр.",
    "рр",
    "р.",
    "р",
    "рік",
    "року",
    "році",
    "роки",
    "років",
    "роках",
    "year",
    "years",
)


_DATE_EXPECTED = (
    "a date or range such as '7 вересня 2018', '13-14 вересня 2018 р.', "
    "'30 травня – 1 червня 2018 року', '06.07.2018', 'вересень 2018' or '2017-2020 роки' / дата"
)
_MONTH = alternation(MONTH_NAMES)
_YEAR_SUFFIX = r"(?:\s?" + alternation(YEAR_WORDS) + r")"
_DASH = r"\s?[" + DASHES + r"]\s?"


def _point(p: str) -> str:
    """Regex of one end of a range, named groups prefixed with ``p``."""
    return (
        "(?:"
        rf"(?P<{p}nd>[0-9]{{1,2}})\.(?P<{p}nm>[0-9]{{1,2}})\.(?P<{p}ny>[0-9]{{4}}|[0-9]{{2}})"
        rf"{_YEAR_SUFFIX}?"
        rf"|(?P<{p}iy>[0-9]{{4}})-(?P<{p}im>[0-9]{{2}})-(?P<{p}id>[0-9]{{2}})"
        rf"|(?P<{p}d>[0-9]{{1,2}})(?:\s?(?P<{p}m>{_MONTH})(?:,?\s?(?P<{p}y>[0-9]{{4}}){_YEAR_SUFFIX}?)?)?"
        rf"|(?P<{p}mo>{_MONTH})(?:,?\s?(?P<{p}my>[0-9]{{4}}){_YEAR_SUFFIX}?)?"
        rf"|(?P<{p}yy>[0-9]{{4}}){_YEAR_SUFFIX}?"
        ")"
    )


# "30.05–01.06.2018": a day and month without a year, only as the start of a range
_SHORT_START = r"(?:(?P<sd>[0-9]{1,2})\.(?P<sm>[0-9]{1,2})(?=" + _DASH + r"[0-9]))"
_RANGE_RE = re.compile(
    "(?:" + _SHORT_START + "|" + _point("a") + ")(?:" + _DASH + _point("b") + ")?",
    re.IGNORECASE,
)
_TWO_MONTHS_RE = re.compile(_MONTH + r",?\s?" + _MONTH, re.IGNORECASE)


class _Point(NamedTuple):
    kind: str  # "day", "month" or "year"
    day: int | None
    month: int | None
    year: int | None


def _read_point(m: re.Match[str], p: str) -> _Point | None:
    g = m.groupdict()
    if p == "a" and g["sd"]:
        return _Point("day", int(g["sd"]), int(g["sm"]), None)
    if g[p + "nd"]:
        return _Point("day", int(g[p + "nd"]), int(g[p + "nm"]), _full_year(g[p + "ny"]))
    if g[p + "iy"]:
        return _Point("day", int(g[p + "id"]), int(g[p + "im"]), int(g[p + "iy"]))
    if g[p + "d"]:
        month = MONTH_NAMES[g[p + "m"].casefold()] if g[p + "m"] else None
        return _Point("day", int(g[p + "d"]), month, int(g[p + "y"]) if g[p + "y"] else None)
    if g[p + "mo"]:
        year = int(g[p + "my"]) if g[p + "my"] else None
        return _Point("month", None, MONTH_NAMES[g[p + "mo"].casefold()], year)
    if g[p + "yy"]:
        return _Point("year", None, None, int(g[p + "yy"]))
    return None


def _full_year(digits: str) -> int:
    """A year as typed: four digits as they are; two digits ("12.03.19") in 2000–2099."""
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _make_date(original: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(
            original,
            _DATE_EXPECTED,
            f"no such day: {day:02d}.{month:02d}.{year} / такого дня немає",
        ) from None


def _bounds(original: str, pt: _Point, last: bool) -> date:
    """First (or last) day covered by a fully specified point."""
    assert pt.year is not None
    if pt.kind == "year":
        return (
            _make_date(original, pt.year, 12, 31) if last else _make_date(original, pt.year, 1, 1)
        )
    assert pt.month is not None
    if pt.kind == "month":
        day = calendar.monthrange(pt.year, pt.month)[1] if last else 1
        return _make_date(original, pt.year, pt.month, day)
    assert pt.day is not None
    return _make_date(original, pt.year, pt.month, pt.day)


def parse_date_range(text: str, default_year: int | None = None) -> tuple[date, date]:
    """Read a date or a date range and return ``(first_day, last_day)``, both inclusive.

    Forms: "7 вересня 2018", "03 грудня 2018р." (a day: start == end); "13-14 вересня 2018 р.",
    "9-18 жовтня, 2018 р."; "30 травня – 1 червня 2018 року"; "06.07.2018", "12.03.19" (a
    two-digit year is 20yy), "27.06.2017-31.12.2018", "18-19.09.2019", "30.05–01.06.2018",
    "2018-07-06"; "вересень 2018" (the whole month); "2018 рік"
    (the whole year); "2017-2020 роки" (2017-01-01 … 2020-12-31). Month names in nominative,
    genitive or locative (``MONTHS``), any case; dashes "-", "–", "—" with or without spaces.
    A range end missing the month or year takes it from the other end; a year missing on
    both ends comes from ``default_year``, else ParseError. Raises ParseError for two month
    names in a row ("8-9 серпня січня 2018 р."), impossible days ("31 лютого 2018"), an end
    before the start, or ends of different precision ("2018 – 5 травня 2019").
    """
    original = text
    s = normalize(text, _DATE_EXPECTED)
    m = _RANGE_RE.fullmatch(s)
    if not m:
        detail = None
        two = _TWO_MONTHS_RE.search(s)
        if two:
            detail = f"two month names in a row: {two.group(0)!r} / дві назви місяця поспіль"
        raise ParseError(original, _DATE_EXPECTED, detail)
    a = _read_point(m, "a")
    b = _read_point(m, "b")
    assert a is not None
    if b is None:
        b = a
        single = True
    else:
        single = False
    if a.kind != b.kind:
        raise ParseError(original, _DATE_EXPECTED, "the two ends have different precision")
    if b.kind == "day" and b.month is None:
        raise ParseError(original, _DATE_EXPECTED, "no month / немає місяця")
    end_year = b.year if b.year is not None else (a.year if single else None)
    if end_year is None:
        if a.year is not None:
            raise ParseError(original, _DATE_EXPECTED, "the year is printed only at the start")
        end_year = default_year
    if end_year is None:
        raise ParseError(original, _DATE_EXPECTED, "no year and no default_year / немає року")
    b = b._replace(year=end_year)
    a = a._replace(
        year=a.year if a.year is not None else end_year,
        month=a.month if a.month is not None else b.month,
    )
    if a.kind == "day" and a.month is None:
        raise ParseError(original, _DATE_EXPECTED, "no month / немає місяця")
    start, end = _bounds(original, a, last=False), _bounds(original, b, last=True)
    if end < start:
        raise ParseError(
            original, _DATE_EXPECTED, f"the end {end} is before the start {start} / кінець раніше"
        )
    return start, end


def date_precision(text: str) -> str:
    """How exactly a date text is known: "day" ("18-19.09.2019", "06.07.2018"), "month"
    ("березень 2019") or "year" ("2019"). Raises ParseError for text that is no date."""
    m = _RANGE_RE.fullmatch(normalize(text, _DATE_EXPECTED))
    point = _read_point(m, "a") if m else None
    if point is None:
        raise ParseError(text, _DATE_EXPECTED)
    return point.kind


def parse_date(text: str, default_year: int | None = None) -> date:
    """Read exactly one day ("7 вересня 2018", "03 грудня 2018р.", "06.07.2018").

    Same grammar as ``parse_date_range``; text naming more than one day (a range, a whole
    month or year) raises ParseError.
    """
    start, end = parse_date_range(text, default_year)
    if start != end or not _is_single_day(text):
        raise ParseError(
            text,
            "one day such as '7 вересня 2018' or '06.07.2018' / один день",
            f"it covers {start} … {end}",
        )
    return start


_PLAIN_DAY = re.compile(
    r"\s*(?:([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{2})\.([0-9]{2})\.([0-9]{4}))\s*"
)


def plain_day(text: str) -> date | None:
    """The day of a text in one of the two forms most registers use — «2018-07-05» and
    «05.07.2018» (day first) — when it is a real day; None for anything else (read it with
    :func:`parse_date`, which also explains what is wrong). Same day as ``parse_date``,
    without the full date grammar, so a column of dates is read quickly."""
    m = _PLAIN_DAY.fullmatch(text)
    if m is None:
        return None
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[6], m[5], m[4])
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _is_single_day(text: str) -> bool:
    m = _RANGE_RE.fullmatch(normalize(text, _DATE_EXPECTED))
    point = _read_point(m, "a") if m else None
    return point is not None and point.kind == "day"


# --------------------------------------------------------------------------------------------
# Finding dates in running text
# --------------------------------------------------------------------------------------------

_F_YEAR = r"(?:19|20)[0-9]{2}"
_F_MONTHS = _MONTH + r"(?:\s" + _MONTH + r")*"  # loose: keeps "серпня січня" together
_F_DAYS = r"[0-9]{1,2}(?:" + _DASH + r"[0-9]{1,2})?"
_F_YEAR_TAIL = r"(?:,?\s?" + _F_YEAR + _YEAR_SUFFIX + "?)"
_F_NUMERIC = r"[0-9]{1,2}\.[0-9]{1,2}\." + _F_YEAR
_F_ALTERNATIVES = (
    # 30 травня 2018 – 1 червня 2019 / 30 травня – 1 червня 2018 року
    r"[0-9]{1,2}\s?"
    + _F_MONTHS
    + _F_YEAR_TAIL
    + "?"
    + _DASH
    + r"[0-9]{1,2}\s?"
    + _F_MONTHS
    + _F_YEAR_TAIL
    + "?",
    # 13-14 вересня 2018 р. / 7 вересня / 9-18 жовтня, 2018 р.
    _F_DAYS + r"\s?" + _F_MONTHS + _F_YEAR_TAIL + "?",
    # 27.06.2017 – 31.12.2018 / 06.07.2018
    _F_NUMERIC + "(?:" + _DASH + _F_NUMERIC + ")?" + _YEAR_SUFFIX + "?",
    # вересень 2018
    r"(?<![^\W\d_])" + _MONTH + r",?\s?" + _F_YEAR + _YEAR_SUFFIX + "?",
    # 2017-2020 роки / 2015–2020
    _F_YEAR + _DASH + _F_YEAR + _YEAR_SUFFIX + "?",
    # 2018 рік / 2019 року
    _F_YEAR + _YEAR_SUFFIX,
)

#: Compiled search pattern of date-shaped spans in running text (a superset of what
#: ``parse_date_range`` accepts: e.g. it keeps "8-9 серпня січня 2018 р." whole so the
#: caller can report it). Use via ``find_dates``.
DATE_PATTERN: re.Pattern[str] = re.compile(
    r"(?<![0-9.,])(?:" + "|".join(_F_ALTERNATIVES) + r")(?![0-9])", re.IGNORECASE
)


class DateMatch(NamedTuple):
    """A date-shaped span of running text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def find_dates(text: str) -> list[DateMatch]:
    """Every date-shaped span in ``text``, left to right, as ``(start, end, text)`` tuples.

    Offsets index the original string. Spans cover day ranges with month names
    ("13-14 вересня 2018 р.", "30 травня – 1 червня 2018 року", also without a year:
    "26-27 листопада"), numeric dates ("06.07.2018"), "вересень 2018", year ranges
    ("2017-2020 роки", "2015–2020") and years with a year word ("2018 рік"). Bare numbers
    such as "2018" are not dates. Each span still has to be read with ``parse_date_range``
    (with ``default_year`` for year-less spans), which raises ParseError for malformed ones.
    Limitation: in "18-19 та 25-26 жовтня" only "25-26 жовтня" is found.
    """
    return [DateMatch(m.start(), m.end(), m.group(0)) for m in DATE_PATTERN.finditer(text)]
