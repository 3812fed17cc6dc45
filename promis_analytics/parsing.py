"""Read numbers, amounts, percents and dates as printed in Ukrainian PROMIS reports.

Public API (every failure raises :class:`promis_analytics.errors.ParseError`, a ``ValueError``
whose message quotes the input and says what was expected; no function guesses):

- ``parse_number(text) -> Decimal``
- ``parse_count(text) -> Decimal``: a number with a unit word after it («20 осіб»)
- ``currency_code(text) -> str | None``: the currency a whole cell names («гривень», «₴»)
- ``parse_amount(text) -> Amount(value, currency, approximate)``
- ``parse_percent(text) -> Decimal`` (percentage points: "43,9%" -> Decimal("43.9"))
- ``parse_date(text, default_year=None) -> date``
- ``parse_date_range(text, default_year=None) -> tuple[date, date]`` (both ends inclusive)
- ``plain_day(text) -> date | None``: only «2018-07-05» and «05.07.2018», quickly
- ``find_dates(text) -> list[DateMatch]`` and ``DATE_PATTERN``: locate date-shaped spans in
  running text (for extractors); pass each ``DateMatch.text`` to ``parse_date_range``.
- Vocabulary tables: ``MONTHS``, ``MONTH_NAMES``, ``SCALE_WORDS``, ``CURRENCY_WORDS``,
  ``APPROX_WORDS``, ``BOUND_WORDS``, ``COUNT_WORDS``, ``PERCENT_WORDS``, ``YEAR_WORDS``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, Inexact, Rounded, localcontext
from typing import NamedTuple

from promis_analytics.errors import ParseError

__all__ = [
    "APPROX_WORDS",
    "BOUND_WORDS",
    "COUNT_WORDS",
    "CURRENCY_WORDS",
    "DATE_PATTERN",
    "MONTHS",
    "MONTH_NAMES",
    "NUMBER_WORDS",
    "PERCENT_WORDS",
    "SCALE_WORDS",
    "YEAR_WORDS",
    "Amount",
    "DateMatch",
    "currency_code",
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

# --------------------------------------------------------------------------------------------
# Vocabulary (one home: extractors import these tables, they never re-type month names)
# --------------------------------------------------------------------------------------------

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

#: scale word (lower case) -> multiplier. "m" is deliberately absent (metres vs million).
SCALE_WORDS: dict[str, int] = {
    **dict.fromkeys(["тис.", "тис", "тисяч", "тисячі", "тисяча", "тыс."], 10**3),
    **dict.fromkeys(["млн", "млн.", "мільйон", "мільйона", "мільйони", "мільйонів"], 10**6),
    **dict.fromkeys(["млрд", "млрд.", "мільярд", "мільярда", "мільярди", "мільярдів"], 10**9),
    **dict.fromkeys(["thousand", "thousands", "k", "th."], 10**3),
    **dict.fromkeys(["million", "millions", "mln", "mln."], 10**6),
    **dict.fromkeys(["billion", "billions", "bn", "bln"], 10**9),
}

#: currency word or sign (lower case) -> ISO 4217 code.
#: A bare "доларів"/"dollars" is NOT here: in a Canadian project it may mean CAD or USD.
CURRENCY_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "грн",
            "грн.",
            "гривень",
            "гривні",
            "гривня",
            "гривню",
            "гривнях",
            "гривнею",
            "гривнями",
            "гривням",
            "гривен",
            "українських гривень",
            "uah",
            "₴",
            "hryvnia",
            "hryvnias",
        ],
        "UAH",
    ),
    **dict.fromkeys(
        [
            "cad",
            "c$",
            "ca$",
            "канадських доларів",
            "канадських дол.",
            "канадський долар",
            "канадські долари",
            "канадських долари",
            "кан. дол.",
            "кан.дол.",
            "канадського долара",
            "канадських доларах",
            "канадськими доларами",
            "дол. канади",
            "доларів канади",
            "canadian dollars",
            "canadian dollar",
        ],
        "CAD",
    ),
    **dict.fromkeys(
        [
            "usd",
            "$",
            "us$",
            "дол. сша",
            "дол.сша",
            "доларів сша",
            "долари сша",
            "долар сша",
            "долара сша",
            "доларах сша",
            "доларами сша",
            "дол сша",
            "us dollars",
            "us dollar",
        ],
        "USD",
    ),
    **dict.fromkeys(["євро", "eur", "€", "euro", "euros"], "EUR"),
}

#: unit words after a count of people («20 осіб», «12 учасників»), dropped by parse_count.
COUNT_WORDS: tuple[str, ...] = (
    "осіб",
    "особи",
    "особа",
    "ос.",
    "ос",
    "чол.",
    "чол",
    "чоловік",
    "людей",
    "люди",
    "людини",
    "учасників",
    "учасники",
    "учасника",
    "учасник",
    "учасниць",
    "учасниці",
    "учасниця",
    "жінок",
    "жінки",
    "жінка",
    "people",
    "persons",
    "person",
    "participants",
    "participant",
    "women",
)

#: words/signs in front of a figure that mark it approximate (dropped by parse_number).
APPROX_WORDS: tuple[str, ...] = (
    "≈",
    "~",
    "близько",
    "приблизно",
    "орієнтовно",
    "майже",
    "about",
    "approximately",
    "approx.",
    "around",
)

#: words in front of a figure that make it a bound, not a value: always rejected.
BOUND_WORDS: tuple[str, ...] = (
    "понад",
    "більше ніж",
    "більш ніж",
    "більше",
    "менше ніж",
    "менше",
    "до",
    "від",
    "over",
    "more than",
    "less than",
    "up to",
    ">",
    "<",
    "≥",
    "≤",
)

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

_ASCII_DIGITS = "0123456789"
_MINUS = "-−"  # hyphen-minus and U+2212 MINUS SIGN (an en dash is a range, never a sign)
_DASHES = "-–—‒―"  # hyphen, en dash, em dash, figure dash, horizontal bar
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a]+")
_NOT_LETTER = r"(?![^\W\d_])"  # the word ends here (not followed by a letter)


def _alternation(words: object) -> str:
    """Regex alternation of ``words``, longest first, each ending at a word boundary."""
    parts = []
    for word in sorted(words, key=len, reverse=True):  # type: ignore[arg-type]
        pat = re.escape(word).replace(r"\ ", r"\s?")
        if word[-1].isalpha():
            pat += _NOT_LETTER
        parts.append(pat)
    return "(?:" + "|".join(parts) + ")"


def _normalize(text: object, expected: str) -> str:
    """NFC, every kind of space -> one ASCII space, stripped; non-strings raise ParseError."""
    if not isinstance(text, str):
        raise ParseError(text, expected, "not a string")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_NUMBER_EXPECTED = (
    "one number such as '1 500,00', '229,8', '270,000' (thousands) or '229.8' / одне число"
)
_APPROX_RE = re.compile(r"(?:" + _alternation(APPROX_WORDS) + r")\s*", re.IGNORECASE)
_BOUND_RE = re.compile(_alternation(BOUND_WORDS), re.IGNORECASE)

_SPACED = re.compile(
    r"([0-9]{1,3}(?: [0-9]{3})+)(?:,([0-9]*)|\.([0-9]+))?"
)  # "1 500,00", "1 500.5"
_COMMA_THOUSANDS = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")  # "270,000" -> 270000
_EN_GROUPED = re.compile(r"([1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.([0-9]+))?")  # "1,234,567.5"
_DOT_AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")  # "1.234": thousands or decimal?
_PLAIN = re.compile(r"([0-9]+)(?:,([0-9]*)|\.([0-9]+))?")  # "229,8", "512,", "229.8", "7"


def _strip_approx(s: str) -> tuple[str, bool]:
    m = _APPROX_RE.match(s)
    if m:
        return s[m.end() :], True
    return s, False


def _reject_bound(s: str, original: str, expected: str) -> None:
    m = _BOUND_RE.match(s)
    if m:
        raise ParseError(
            original,
            expected,
            f"{m.group(0)!r} makes it a bound, not a value / межа, а не значення",
        )


def _decimal(integer: str, fraction: str | None) -> Decimal:
    """Exact Decimal from digit strings; no fraction digits gives an integer Decimal."""
    return Decimal(f"{integer}.{fraction}" if fraction else integer)


def _unsigned(body: str, original: str) -> Decimal:
    """Digits with grouping and a decimal mark -> exact Decimal (see parse_number)."""
    if _COMMA_THOUSANDS.fullmatch(body):
        return Decimal(body.replace(",", ""))
    if _DOT_AMBIGUOUS.fullmatch(body):
        raise ParseError(
            original,
            _NUMBER_EXPECTED,
            "a dot followed by exactly three digits may be a thousands separator or a decimal"
            " point; write '1 234' or '1,234' / неоднозначно",
        )
    m = _SPACED.fullmatch(body)
    if m:
        return _decimal(m.group(1).replace(" ", ""), m.group(2) or m.group(3))
    m = _EN_GROUPED.fullmatch(body)
    if m and (m.group(2) is not None or body.count(",") > 1):
        return _decimal(m.group(1).replace(",", ""), m.group(2))
    m = _PLAIN.fullmatch(body)
    if m:
        return _decimal(m.group(1), m.group(2) or m.group(3))
    raise ParseError(original, _NUMBER_EXPECTED)


def _number(s: str, original: str) -> Decimal:
    """Optional sign + unsigned number; ``s`` is normalized and stripped of approx words."""
    if not s:
        raise ParseError(original, _NUMBER_EXPECTED, "empty / порожньо")
    sign = 1
    if s[:1] in _MINUS or s[:1] == "+":
        sign = -1 if s[0] in _MINUS else 1
        s = s[1:].lstrip()
    if not s:
        raise ParseError(original, _NUMBER_EXPECTED, "no digits")
    value = _unsigned(s, original)
    return value.copy_negate() if sign < 0 else value


def parse_number(text: str) -> Decimal:
    """Read one number as printed in Ukrainian documents and return it as an exact Decimal.

    Accepts: spaces, no-break spaces (U+00A0) and narrow no-break spaces (U+202F) as thousands
    separators ("1 500,00" -> 1500.00); comma as decimal mark ("229,8" -> 229.8; "512," -> 512);
    a lone comma followed by exactly three digits, with a 1-3 digit integer part not starting
    with 0, as thousands ("270,000" -> 270000; "0,500" -> 0.500); English grouping with dot
    decimals ("1,234,567.5"); a dot decimal when unambiguous ("229.8"); signs "+", "-", "−";
    and approximation marks "≈", "~", "близько", "приблизно" (dropped here; ``parse_amount``
    records them). Rejects (ParseError): empty text, letters, several numbers ("12 34,5",
    "12-15", "1,2,3"), mixed styles ("1.234,5"), a dot followed by exactly three digits
    ("1.234": thousands or decimal?), and bounds such as "понад 100" / "до 5".
    """
    original = text
    s = _normalize(text, _NUMBER_EXPECTED)
    s, _ = _strip_approx(s)
    _reject_bound(s, original, _NUMBER_EXPECTED)
    return _number(s, original)


_COUNT_RE = re.compile(r"\s?(?:" + "|".join(
    re.escape(w) for w in sorted(COUNT_WORDS, key=len, reverse=True)
) + r")$", re.IGNORECASE)  # fmt: skip


def parse_count(text: str) -> Decimal:
    """A count of people as typed: a number (``parse_number``) with an optional unit word
    after it from ``COUNT_WORDS`` («20 осіб», «12 учасників», «7 чол.» → 20, 12, 7)."""
    stripped = _COUNT_RE.sub("", text.strip()) if text else text
    try:
        return parse_number(stripped if stripped else text)
    except ParseError as exc:
        raise ParseError(text, exc.expected, exc.detail) from None


def currency_code(text: str) -> str | None:
    """The ISO code a whole cell names as a currency («гривень», «грн.», «₴», «дол. США»,
    «Євро»), from ``CURRENCY_WORDS`` (case and inner spaces ignored), or None."""
    return _CURRENCY_COMPACT.get(_SPACES.sub("", str(text).casefold().strip()))


# --------------------------------------------------------------------------------------------
# Amounts
# --------------------------------------------------------------------------------------------

_AMOUNT_EXPECTED = (
    "an amount such as '229,8 млн грн', '≈9 млн 66 тис. грн', '$30 000' or "
    "'UAH 229.8 million' / сума"
)


@dataclass(frozen=True)
class Amount:
    """A money amount: ``value`` in units of ``currency`` (ISO code or None when not printed).

    ``approximate`` is True when the text carried "≈", "~", "близько", … in front.
    """

    value: Decimal
    currency: str | None
    approximate: bool


_SCALE_RE = re.compile(_alternation(SCALE_WORDS), re.IGNORECASE)
_CURRENCY_RE = re.compile(_alternation(CURRENCY_WORDS), re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"[+\-−]?\s?[0-9][0-9 ,.]*")
_BARE_DOLLARS = re.compile(r"(?:долар\w*|дол\.|dollars?)" + _NOT_LETTER, re.IGNORECASE)


def _exact_product(a: Decimal, b: int) -> Decimal:
    with localcontext(Context(prec=len(a.as_tuple().digits) + 20, traps=[Inexact, Rounded])):
        return a * b


def _exact_sum(values: list[Decimal]) -> Decimal:
    digits = max(len(v.as_tuple().digits) for v in values) + 20
    with localcontext(Context(prec=digits, traps=[Inexact, Rounded])):
        return sum(values, Decimal(0))


def parse_amount(text: str) -> Amount:
    """Read a money amount with optional scale words and currency; value is exact.

    Grammar: [approx mark] [currency sign/code] number [scale] {number scale} [currency word].
    Scale words (``SCALE_WORDS``): тис./тисяч/млн/мільйон(ів)/млрд/… and thousand/million/
    billion/k/mln/bn. Compound forms add up with strictly falling scales, each part smaller
    than the unit before it: "≈9 млн 66 тис. грн" -> 9 000 000 + 66 000 = 9 066 000 UAH,
    approximate. value = number × scale exactly ("229,8 млн грн" -> 229 800 000).
    Currencies (``CURRENCY_WORDS``) map to "UAH", "CAD", "USD", "EUR"; no currency -> None.
    Rejects: a bare "доларів"/"dollars" (CAD or USD?), currency printed twice, a scaled part
    followed by an unscaled number ("9 млн 66"), rising scales, bounds ("понад 5 млн").
    """
    original = text
    s = _normalize(text, _AMOUNT_EXPECTED)
    s, approximate = _strip_approx(s)
    _reject_bound(s, original, _AMOUNT_EXPECTED)
    prefix_currency = None
    m = _CURRENCY_RE.match(s)
    if m and s[:1] not in _ASCII_DIGITS:
        prefix_currency = _currency_code(m.group(0))
        s = s[m.end() :].lstrip()
    pos = 0
    parts: list[tuple[Decimal, int | None]] = []
    while True:
        m = _NUMBER_TOKEN.match(s, pos)
        if not m:
            raise ParseError(original, _AMOUNT_EXPECTED, "no number where one was expected")
        token = m.group(0).rstrip(" ")
        number = _number(token, original)
        pos = m.start() + len(token)
        while pos < len(s) and s[pos] == " ":
            pos += 1
        scale = None
        sm = _SCALE_RE.match(s, pos)
        if sm:
            scale = SCALE_WORDS[sm.group(0).casefold()]
            pos = sm.end()
            while pos < len(s) and s[pos] == " ":
                pos += 1
        parts.append((number, scale))
        if pos < len(s) and s[pos] in _ASCII_DIGITS:
            continue
        break
    rest = s[pos:]
    suffix_currency = None
    if rest:
        cm = _CURRENCY_RE.match(rest)
        if cm and cm.end() == len(rest.rstrip()):
            suffix_currency = _currency_code(cm.group(0))
        elif _BARE_DOLLARS.match(rest):
            raise ParseError(
                original,
                _AMOUNT_EXPECTED,
                "dollars without a country: write 'дол. США' or 'канадських доларів' "
                "/ долари якої країни?",
            )
        else:
            raise ParseError(original, _AMOUNT_EXPECTED, f"unexpected {rest!r} after the number")
    if prefix_currency and suffix_currency:
        raise ParseError(original, _AMOUNT_EXPECTED, "the currency is printed twice")
    value = _combine(parts, original)
    return Amount(value, prefix_currency or suffix_currency, approximate)


_CURRENCY_COMPACT = {re.sub(r"\s", "", w): code for w, code in CURRENCY_WORDS.items()}


def _currency_code(word: str) -> str:
    """ISO code of a matched currency word (spaces inside it are optional)."""
    return _CURRENCY_COMPACT[_SPACES.sub("", word.casefold())]


def _combine(parts: list[tuple[Decimal, int | None]], original: str) -> Decimal:
    """Sum compound parts (number × scale), checking that scales fall and parts fit."""
    if len(parts) > 1:
        if parts[0][0].is_signed():
            raise ParseError(original, _AMOUNT_EXPECTED, "a sign on a compound amount is ambiguous")
        for i, (number, scale) in enumerate(parts):
            if scale is None:
                raise ParseError(
                    original, _AMOUNT_EXPECTED, "every part of a compound amount needs a scale"
                )
            if i and (parts[i - 1][1] or 0) <= scale:
                raise ParseError(original, _AMOUNT_EXPECTED, "scales must fall (млн, then тис.)")
            if i and (number < 0 or number * scale >= parts[i - 1][1]):  # type: ignore[operator]
                raise ParseError(
                    original,
                    _AMOUNT_EXPECTED,
                    f"part {number} × {scale} does not fit below the previous unit",
                )
    values = [_exact_product(n, sc) if sc else n for n, sc in parts]
    return values[0] if len(values) == 1 else _exact_sum(values)


# --------------------------------------------------------------------------------------------
# Percents
# --------------------------------------------------------------------------------------------

_PERCENT_EXPECTED = "a percent such as '43,9%', '18 %' or 'на 35 %' / відсоток"
_PERCENT_PREP_RE = re.compile(_alternation(PERCENT_PREPOSITIONS) + r"\s+", re.IGNORECASE)
_PERCENT_SUFFIX_RE = re.compile(r"\s?" + _alternation(PERCENT_WORDS) + r"$", re.IGNORECASE)


def parse_percent(text: str) -> Decimal:
    """Read a percentage and return the number of percentage points ("43,9%" -> 43.9).

    Accepts an optional preposition ("на 35 %", "у 2 %"), approximation marks (dropped),
    the number as in ``parse_number`` and a marker ("%", "відсотка", "відсотків", "percent").
    Rejects text without a percent marker and bounds ("до 35 %", "понад 50%").
    """
    original = text
    s = _normalize(text, _PERCENT_EXPECTED)
    m = _PERCENT_PREP_RE.match(s)
    if m:
        s = s[m.end() :]
    s, _ = _strip_approx(s)
    _reject_bound(s, original, _PERCENT_EXPECTED)
    m = _PERCENT_SUFFIX_RE.search(s)
    if not m:
        raise ParseError(original, _PERCENT_EXPECTED, "no percent sign or word")
    body = s[: m.start()].rstrip()
    try:
        return _number(body, original)
    except ParseError as exc:
        raise ParseError(original, _PERCENT_EXPECTED, exc.detail) from None


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_DATE_EXPECTED = (
    "a date or range such as '7 вересня 2018', '13-14 вересня 2018 р.', "
    "'30 травня – 1 червня 2018 року', '06.07.2018', 'вересень 2018' or '2017-2020 роки' / дата"
)
_MONTH = _alternation(MONTH_NAMES)
_YEAR_SUFFIX = r"(?:\s?" + _alternation(YEAR_WORDS) + r")"
_DASH = r"\s?[" + _DASHES + r"]\s?"


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
    s = _normalize(text, _DATE_EXPECTED)
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
    m = _RANGE_RE.fullmatch(_normalize(text, _DATE_EXPECTED))
    if not m:
        raise ParseError(text, _DATE_EXPECTED)
    return _read_point(m, "a").kind  # type: ignore[union-attr]


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
    m = _RANGE_RE.fullmatch(_normalize(text, _DATE_EXPECTED))
    return bool(m) and _read_point(m, "a").kind == "day"  # type: ignore[union-attr]


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


# --------------------------------------------------------------------------------------------
# Numbers written as words («двадцять п’ять», «сто двадцять», «дві тисячі»)
# --------------------------------------------------------------------------------------------

#: number word (dictionary form, lower case, apostrophe ’) -> value; «тисяча» multiplies.
NUMBER_WORDS: dict[str, int] = {
    "один": 1, "два": 2, "три": 3, "чотири": 4, "п’ять": 5, "шість": 6, "сім": 7,
    "вісім": 8, "дев’ять": 9, "десять": 10, "одинадцять": 11, "дванадцять": 12,
    "тринадцять": 13, "чотирнадцять": 14, "п’ятнадцять": 15, "шістнадцять": 16,
    "сімнадцять": 17, "вісімнадцять": 18, "дев’ятнадцять": 19, "двадцять": 20,
    "тридцять": 30, "сорок": 40, "п’ятдесят": 50, "шістдесят": 60, "сімдесят": 70,
    "вісімдесят": 80, "дев’яносто": 90, "сто": 100, "двісті": 200, "триста": 300,
    "чотириста": 400, "п’ятсот": 500, "шістсот": 600, "сімсот": 700, "вісімсот": 800,
    "дев’ятсот": 900, "тисяча": 1000,
}  # fmt: skip


def parse_number_words(words: list[str]) -> Decimal | None:
    """The value of consecutive number words given in their dictionary form
    (["двадцять", "п’ять"] → 25; ["два", "тисяча", "сто"] → 2100); None when ``words`` is
    empty or one of them is not a number word. Units add up; «тисяча» multiplies what is
    before it (1 when nothing is)."""
    if not words:
        return None
    total, current = 0, 0
    for word in words:
        value = NUMBER_WORDS.get(word.casefold().replace("'", "’").replace("ʼ", "’"))
        if value is None:
            return None
        if value == 1000:
            total += (current or 1) * 1000
            current = 0
        else:
            current += value
    return Decimal(total + current)
