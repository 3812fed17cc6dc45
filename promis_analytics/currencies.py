"""ISO 4217 currency codes and their uk/en labels: the one home of the currency vocabulary."""

from __future__ import annotations

import csv
import functools
from importlib import resources

__all__ = ["ISO_4217", "currency_label", "currency_words", "is_currency", "money_words"]

_FILE = "iso4217.csv"


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    """``data/iso4217.csv``: code → (Ukrainian label, English name); a code without a
    Ukrainian label is written as its code in Ukrainian."""
    text = resources.files("promis_analytics").joinpath("data", _FILE).read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {r["code"]: (r["label_uk"] or r["code"], r["label_en"]) for r in rows}


@functools.cache
def _words() -> dict[str, dict[str, str]]:
    """``data/iso4217.csv``: code → the words labels put around an amount (empty: none)."""
    text = resources.files("promis_analytics").joinpath("data", _FILE).read_text("utf-8")
    keys = ("unit_uk", "gen_pl_uk", "loc_pl_uk", "plural_en")
    return {r["code"]: {k: r.get(k) or "" for k in keys} for r in csv.DictReader(text.splitlines())}


#: Every active ISO 4217 code → (Ukrainian label, English name), in code order.
ISO_4217: dict[str, tuple[str, str]] = _table()


def is_currency(code: object) -> bool:
    """True when ``code`` is an active ISO 4217 code (upper case, e.g. "EUR")."""
    return isinstance(code, str) and code in ISO_4217


def currency_label(code: str, lang: str = "uk") -> str:
    """The label of an ISO 4217 code in ``lang`` ("uk": «євро»; "en": "Euro")."""
    uk, en = ISO_4217[code]
    return uk if lang == "uk" else en


#: Word form → the ``data/iso4217.csv`` column of each language (None: the code itself).
_FORMS = {
    "unit": ("unit_uk", None),  # after a number: «20 грн», "20 UAH"; rates «грн/CAD»
    "gen": ("gen_pl_uk", None),  # after «тис.», «млн»: «тис. канадських доларів», "CAD thousand"
    "in": ("loc_pl_uk", "plural_en"),  # «у гривнях», "in hryvnias"
}


def currency_words(code: str, form: str, lang: str = "uk") -> str:
    """The word of ``code`` in a label: ``form`` "unit" (after a number), "gen" (after
    «тис.»/«млн») or "in" (after «у»/"in"), from ``data/iso4217.csv``; the code itself where
    the table gives no word (e.g. «тис. MDL»)."""
    column = _FORMS[form][0 if lang == "uk" else 1]
    return (_words().get(code, {}).get(column) if column else None) or code


def money_words(currency: str, local: str, lang: str) -> dict[str, str]:
    """Placeholders of money labels: ``cur``/``local`` (codes) and ``cur_unit``, ``cur_gen``,
    ``cur_in``, ``local_unit``… (:func:`currency_words`) of the reporting and local currency."""
    out = {"cur": currency, "local": local}
    for name, code in (("cur", currency), ("local", local)):
        out |= {f"{name}_{form}": currency_words(code, form, lang) for form in _FORMS}
    return out
