"""Why a co-financing amount is unknown, in Ukrainian and English (``fx`` says it in English)."""

from __future__ import annotations

import re

from promis_analytics.errors import FxError

__all__ = ["amount_reason", "fx_reason"]


def amount_reason(side: str, problem: str, detail: str = "") -> tuple[str, str]:
    """A row's unknown amount in Ukrainian and English: (reason_uk, reason_en)."""
    return {
        "amount": (f"сума {side}_amount порожня", f"{side}_amount empty"),
        "currency": (f"валюта {side}_currency порожня", f"{side}_currency empty"),
        "no_date": (
            f"{side}_amount: у рядку немає дати, щоб обрати курс НБУ",
            f"{side}_amount not converted: no date on the row for a daily rate",
        ),
        "rate": (
            f"{side}_amount: курс НБУ невідомий ({detail})",
            f"{side}_amount not converted: {detail}",
        ),
    }[problem]


_OUTSIDE = re.compile(
    r"^(date|period start|period end) (\S+) is outside the NBU rate table \((\S+?),"
)
_NO_FIXED = re.compile(r"^no fixed rate (\S+)→(\S+) in \[fx\.fixed\] \(declared: (.*)\)$")
_NO_RATE = re.compile(r"^no NBU rate for (\S+) on (\S+) in (\S+)$")
_UNKNOWN = re.compile(r"^unknown currency '(\S+)'; known: (.*)$")
_WHAT_UK = {"date": "дата", "period start": "початок періоду", "period end": "кінець періоду"}


def fx_reason(side: str, exc: FxError) -> tuple[str, str]:
    """The reason of a failed conversion in Ukrainian and English (``fx`` says it in English)."""
    text = str(exc)
    if text.startswith("no date on the row"):
        return amount_reason(side, "no_date")
    match = _OUTSIDE.match(text)
    if match:
        what, day, span = match.groups()
        return (
            f"{side}_amount: {_WHAT_UK[what]} {day} поза таблицею курсів НБУ ({span}); "
            "додайте курси в rates.csv або «promis fx update»",
            f"{side}_amount not converted: {what} {day} is outside the NBU rate table ({span}); "
            "add rates to rates.csv or run 'promis fx update'",
        )
    for pattern, words in _WORDS:
        match = pattern.match(text)
        if match:
            uk, en = words
            return (f"{side}_amount: " + uk.format(*match.groups()),
                    f"{side}_amount not converted: " + en.format(*match.groups()))  # fmt: skip
    return amount_reason(side, "rate", text)


#: FxError texts (English) → the reason in Ukrainian and English (``{0}``… the groups).
_WORDS = (
    (
        _NO_FIXED,
        (
            "немає фіксованого курсу {0}→{1} у [fx.fixed] (вказано: {2}); додайте пару",
            "no fixed rate {0}→{1} in [fx.fixed] (declared: {2}); add the pair",
        ),
    ),
    (
        _NO_RATE,
        (
            "немає курсу {0} на {1} у {2}; додайте його в rates.csv або «promis fx update»",
            "no rate for {0} on {1} in {2}; add it to rates.csv or run 'promis fx update'",
        ),
    ),
    (
        _UNKNOWN,
        (
            "немає курсів валюти {0} (відомі: {1}); додайте їх у rates.csv",
            "no rates for currency {0} (known: {1}); add them to rates.csv",
        ),
    ),
)
