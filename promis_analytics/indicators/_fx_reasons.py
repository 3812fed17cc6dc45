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
            f"{side}_amount: {_WHAT_UK[what]} {day} поза таблицею курсів НБУ ({span})",
            f"{side}_amount not converted: {what} {day} is outside the NBU rate table ({span})",
        )
    return amount_reason(side, "rate", text)
