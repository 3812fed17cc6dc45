"""Money amounts with scale words («229,8 млн грн») and the currency a cell names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, Rounded, localcontext

from promis_analytics.errors import ParseError
from promis_analytics.parsing.numbers import reject_bound, signed_number, strip_approx
from promis_analytics.parsing.text import ASCII_DIGITS, NOT_LETTER, SPACES, alternation, normalize

__all__ = ["CURRENCY_WORDS", "SCALE_WORDS", "Amount", "currency_code", "parse_amount"]

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


def currency_code(text: str) -> str | None:
    """The ISO code a whole cell names as a currency («гривень», «грн.», «₴», «дол. США»,
    «Євро»), from ``CURRENCY_WORDS`` (case and inner spaces ignored), or None."""
    return _CURRENCY_COMPACT.get(SPACES.sub("", str(text).casefold().strip()))


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


_SCALE_RE = re.compile(alternation(SCALE_WORDS), re.IGNORECASE)
_CURRENCY_RE = re.compile(alternation(CURRENCY_WORDS), re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"[+\-−]?\s?[0-9][0-9 ,.]*")
_BARE_DOLLARS = re.compile(r"(?:долар\w*|дол\.|dollars?)" + NOT_LETTER, re.IGNORECASE)


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
    s = normalize(text, _AMOUNT_EXPECTED)
    s, approximate = strip_approx(s)
    reject_bound(s, original, _AMOUNT_EXPECTED)
    prefix_currency = None
    m = _CURRENCY_RE.match(s)
    if m and s[:1] not in ASCII_DIGITS:
        prefix_currency = _currency_code(m.group(0))
        s = s[m.end() :].lstrip()
    pos = 0
    parts: list[tuple[Decimal, int | None]] = []
    while True:
        m = _NUMBER_TOKEN.match(s, pos)
        if not m:
            raise ParseError(original, _AMOUNT_EXPECTED, "no number where one was expected")
        token = m.group(0).rstrip(" ")
        number = signed_number(token, original)
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
        if pos < len(s) and s[pos] in ASCII_DIGITS:
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
    return _CURRENCY_COMPACT[SPACES.sub("", word.casefold())]


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
