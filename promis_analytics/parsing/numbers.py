"""Numbers as printed in Ukrainian reports: plain numbers, counts of people, number words."""

from __future__ import annotations

import re
from decimal import Decimal

from promis_analytics.errors import ParseError
from promis_analytics.parsing.text import MINUS, alternation, normalize

__all__ = [
    "APPROX_WORDS",
    "BOUND_WORDS",
    "COUNT_WORDS",
    "NUMBER_WORDS",
    "parse_count",
    "parse_number",
    "parse_number_words",
    "reject_bound",
    "signed_number",
    "strip_approx",
]

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

_NUMBER_EXPECTED = (
    "one number such as '1 500,00', '229,8', '270,000' (thousands) or '229.8' / одне число"
)
_APPROX_RE = re.compile(r"(?:" + alternation(APPROX_WORDS) + r")\s*", re.IGNORECASE)
_BOUND_RE = re.compile(alternation(BOUND_WORDS), re.IGNORECASE)

_SPACED = re.compile(
    r"([0-9]{1,3}(?: [0-9]{3})+)(?:,([0-9]*)|\.([0-9]+))?"
)  # "1 500,00", "1 500.5"
_COMMA_THOUSANDS = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")  # "270,000" -> 270000
_EN_GROUPED = re.compile(r"([1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.([0-9]+))?")  # "1,234,567.5"
_DOT_AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")  # "1.234": thousands or decimal?
_PLAIN = re.compile(r"([0-9]+)(?:,([0-9]*)|\.([0-9]+))?")  # "229,8", "512,", "229.8", "7"


def strip_approx(s: str) -> tuple[str, bool]:
    """``s`` without a leading approximation mark (``APPROX_WORDS``), and whether it had one."""
    m = _APPROX_RE.match(s)
    if m:
        return s[m.end() :], True
    return s, False


def reject_bound(s: str, original: str, expected: str) -> None:
    """Raise ParseError when ``s`` starts with a bound word («понад», «до», ``BOUND_WORDS``)."""
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


def signed_number(s: str, original: str) -> Decimal:
    """Optional sign + unsigned number; ``s`` is normalized and stripped of approx words."""
    if not s:
        raise ParseError(original, _NUMBER_EXPECTED, "empty / порожньо")
    sign = 1
    if s[:1] in MINUS or s[:1] == "+":
        sign = -1 if s[0] in MINUS else 1
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
    s = normalize(text, _NUMBER_EXPECTED)
    s, _ = strip_approx(s)
    reject_bound(s, original, _NUMBER_EXPECTED)
    return signed_number(s, original)


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
