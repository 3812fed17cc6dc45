"""Language-aware display formatting of numbers, amounts and percents (uk / en)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from promis_analytics.currencies import ISO_4217

__all__ = [
    "CURRENCIES",
    "LANGS",
    "MINUS",
    "NBSP",
    "SCALES",
    "amount_parts",
    "check_lang",
    "choose_scale",
    "format_amount",
    "format_number",
    "format_percent",
    "format_signed",
    "to_decimal",
    "uk_sort_key",
]

#: Languages every user-facing label exists in (Ukrainian first).
LANGS: tuple[str, ...] = ("uk", "en")

#: U+00A0 NO-BREAK SPACE: the Ukrainian thousands separator and the space before units,
#: so that a printed number never breaks across lines.
NBSP = "\u00a0"

#: Currencies the toolkit displays: every active ISO 4217 code (``currencies.ISO_4217``);
#: UAH is written «грн» in Ukrainian.
CURRENCIES: tuple[str, ...] = tuple(ISO_4217)

Scale = Literal["unit", "thousand", "million", "billion"]

#: Scale name → (divisor, Ukrainian word, English word).
SCALES: dict[str, tuple[Decimal, str, str]] = {
    "unit": (Decimal(1), "", ""),
    "thousand": (Decimal(10) ** 3, "тис.", "thousand"),
    "million": (Decimal(10) ** 6, "млн", "million"),
    "billion": (Decimal(10) ** 9, "млрд", "billion"),
}

_SEPARATORS = {"uk": (NBSP, ","), "en": (",", ".")}
_CURRENCY_UK = {"UAH": "грн"}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


def to_decimal(value: Decimal | int | float | str) -> Decimal:
    """Convert ``value`` to a finite ``Decimal`` without binary-float noise.

    ``Decimal`` and ``int`` are taken exactly; a ``float`` is taken through its shortest
    ``repr`` (``0.1`` → ``Decimal("0.1")``, not ``0.1000000000000000055…``), so that what the
    user typed is what gets rounded; a ``str`` must be a plain number with a decimal point
    (``"229.8"``) — localized text is for ``promis_analytics.parsing``.
    """
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got the boolean {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot format the non-finite number {value!r}")
        result = Decimal(float.__repr__(value))  # np.float64 subclasses float
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(
                f"cannot format {value!r}: expected a plain number such as '229.8' "
                "(use promis_analytics.parsing for localized text)"
            ) from None
    else:
        # numpy scalars and similar: go through their Python equivalent
        try:
            item = value.item()
        except AttributeError:
            raise TypeError(f"expected a number, got {type(value).__name__}: {value!r}") from None
        return to_decimal(item)
    if not result.is_finite():
        raise ValueError(f"cannot format the non-finite number {value!r}")
    return result


def _round(value: Decimal, decimals: int | None) -> Decimal:
    """Round half away from zero (``ROUND_HALF_UP``) to ``decimals`` places; None keeps all."""
    if decimals is None:
        return value
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _digits(value: Decimal, lang: str) -> str:
    """Write an already rounded Decimal with the language's separators (no exponent)."""
    thousands, point = _SEPARATORS[lang]
    text = f"{abs(value):f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    body = thousands.join(reversed(groups))
    if frac:
        body += point + frac
    # a value that rounds to zero is written without a sign ("0,0", never "−0,0")
    negative = value < 0 and value != 0
    return (MINUS if negative else "") + body


#: The typographic minus sign (U+2212) of negative numbers and differences.
MINUS = "\u2212"


def format_signed(
    value: Decimal | int | float | str, lang: str, decimals: int | None = None
) -> str:
    """A change with its sign: ``"+81"``, ``"−1"``, ``"+6,4"``; zero has none (``"0"``)."""
    text = format_number(value, lang, decimals)
    return text if text.startswith(MINUS) or _is_zero(text) else "+" + text


def _is_zero(text: str) -> bool:
    return not any(ch in "123456789" for ch in text)


def format_number(
    value: Decimal | int | float | str, lang: str, decimals: int | None = None
) -> str:
    """Format a number for display: uk ``"1 500"`` / ``"229,8"``, en ``"1,500"`` / ``"229.8"``.

    Ukrainian groups thousands with a no-break space (U+00A0) and uses a decimal comma;
    English groups with a comma and uses a decimal point. Every group of three digits is
    separated, four-digit numbers included ("1 500"). Negative numbers take the typographic
    minus sign «−» (U+2212) in both languages, as typeset text does (``parsing`` reads it back).

    ``decimals=None`` keeps the value's own precision (``Decimal("229.80")`` → ``"229,80"``,
    ``1500`` → ``"1 500"``); an integer rounds to that many places with ``ROUND_HALF_UP``
    (half away from zero: 2.25 → 2.3, -2.25 → -2.3), exactly, in decimal arithmetic.
    """
    check_lang(lang)
    return _digits(_round(to_decimal(value), decimals), lang)


def format_percent(value: Decimal | int | float | str, lang: str, decimals: int | None = 1) -> str:
    """Format a percentage given in percent units: 43.9 → uk ``"43,9 %"``, en ``"43.9%"``.

    ``value`` is already in percent (a share of 0.439 must be multiplied by 100 first), as
    ``parsing.parse_percent`` returns it. Ukrainian puts a no-break space before ``%``.
    Rounding as in :func:`format_number` (``ROUND_HALF_UP``, default one decimal).
    """
    number = format_number(value, lang, decimals)
    return f"{number}{NBSP}%" if lang == "uk" else f"{number}%"


def choose_scale(value: Decimal | int | float | str) -> str:
    """Pick the display scale for an amount by its magnitude.

    ``|v| ≥ 10⁹`` → ``"billion"``, ``≥ 10⁶`` → ``"million"``, ``≥ 10⁴`` → ``"thousand"``,
    smaller → ``"unit"`` (so 1 500 stays "1 500 грн" but 453 300 becomes "453,3 тис.").
    """
    magnitude = abs(to_decimal(value))
    if magnitude >= SCALES["billion"][0]:
        return "billion"
    if magnitude >= SCALES["million"][0]:
        return "million"
    if magnitude >= 10 * SCALES["thousand"][0]:
        return "thousand"
    return "unit"


def amount_parts(
    value: Decimal | int | float | str,
    currency: str | None,
    lang: str,
    scale: Scale | None = None,
    decimals: int | None = None,
) -> tuple[str, str]:
    """Split an amount into its printed number and its unit: uk ``("229,8", "млн грн")``,
    en ``("229.8", "UAH million")`` — for big printed numbers with the unit set smaller.

    Arguments and rounding as in :func:`format_amount`; the unit part may be empty.
    """
    check_lang(lang)
    if currency is not None and currency not in CURRENCIES:
        raise ValueError(f"unknown currency {currency!r}: expected an ISO 4217 code")
    amount = to_decimal(value)
    if scale is None:
        scale = choose_scale(amount)  # type: ignore[assignment]
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: expected one of {', '.join(SCALES)}")
    divisor, word_uk, word_en = SCALES[scale]
    scaled = amount / divisor
    if decimals is None and scale != "unit":
        scaled = _round(scaled, 1)
        if scaled == scaled.to_integral_value():
            scaled = _round(scaled, 0)
        number = _digits(scaled, lang)
    else:
        number = format_number(scaled, lang, decimals)
    if lang == "uk":
        cur = _CURRENCY_UK.get(currency, currency) if currency else ""
        return number, NBSP.join(part for part in (word_uk, cur) if part)
    return number, " ".join(part for part in (currency or "", word_en) if part)


def format_amount(
    value: Decimal | int | float | str,
    currency: str | None,
    lang: str,
    scale: Scale | None = None,
    decimals: int | None = None,
) -> str:
    """Format a money amount: uk ``"229,8 млн грн"`` / en ``"UAH 229.8 million"``.

    ``value`` is in units of ``currency`` (an ISO code from :data:`CURRENCIES`, or None for a
    bare scaled number). The shown number is ``value / 10^k`` for the scale (``"unit"``,
    ``"thousand"``, ``"million"``, ``"billion"``; None chooses by :func:`choose_scale`).
    Ukrainian: number, scale word (тис. / млн / млрд), currency («грн» for UAH, otherwise the
    ISO code), joined by no-break spaces: ``"453,3 тис. CAD"``. English: ISO code first, then
    number and scale word: ``"CAD 453.3 thousand"``.

    ``decimals=None`` shows scaled amounts with at most one decimal, dropping a zero one
    (229 800 000 → "229,8 млн", 270 000 → "270 тис."), and unscaled amounts with the value's
    own precision; an integer fixes the number of places. Rounding is ``ROUND_HALF_UP``.
    """
    number, unit = amount_parts(value, currency, lang, scale, decimals)
    if lang == "uk":
        return NBSP.join(part for part in (number, unit) if part)
    if currency is None:
        return " ".join(part for part in (number, unit) if part)
    word = unit.removeprefix(currency).strip()
    return " ".join(part for part in (currency, number, word) if part)


#: The Ukrainian alphabet in its order (Python's code-point order puts «є», «і», «ї», «ґ»
#: out of place).
_UK_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_UK_RANK = {ch: i for i, ch in enumerate(_UK_ALPHABET)}


def uk_sort_key(text: str) -> tuple:
    """Sort key of ``text`` in Ukrainian alphabetical order (case-insensitive); other
    characters after the alphabet, by code point."""
    return tuple((_UK_RANK.get(ch, 100 + ord(ch)),) for ch in text.lower())
