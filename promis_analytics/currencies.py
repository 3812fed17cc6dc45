"""ISO 4217 currency codes and their uk/en labels: the one home of the currency vocabulary."""

from __future__ import annotations

import csv
import functools
from importlib import resources

__all__ = ["ISO_4217", "currency_label", "is_currency"]

_FILE = "iso4217.csv"


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    """``data/iso4217.csv``: code → (Ukrainian label, English name); a code without a
    Ukrainian label is written as its code in Ukrainian."""
    text = resources.files("promis_analytics").joinpath("data", _FILE).read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {r["code"]: (r["label_uk"] or r["code"], r["label_en"]) for r in rows}


#: Every active ISO 4217 code → (Ukrainian label, English name), in code order.
ISO_4217: dict[str, tuple[str, str]] = _table()


def is_currency(code: object) -> bool:
    """True when ``code`` is an active ISO 4217 code (upper case, e.g. "EUR")."""
    return isinstance(code, str) and code in ISO_4217


def currency_label(code: str, lang: str = "uk") -> str:
    """The label of an ISO 4217 code in ``lang`` ("uk": «євро»; "en": "Euro")."""
    uk, en = ISO_4217[code]
    return uk if lang == "uk" else en
