"""Parsers read back what the display module prints: percents and amounts in both languages."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.formatting import format_amount, format_number, format_percent
from promis_analytics.parsing import parse_amount, parse_number, parse_percent

SETTINGS = settings(max_examples=1000, deadline=None)
LANGS = st.sampled_from(["uk", "en"])


@SETTINGS
@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False),
    lang=LANGS,
)
def test_percent_round_trip(value: Decimal, lang: str) -> None:
    text = format_percent(value, lang, decimals=1)
    assert parse_percent(text) == value, text


@SETTINGS
@given(value=st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_english_number_round_trip(value: Decimal) -> None:
    text = format_number(value, "en", decimals=2)
    assert parse_number(text) == value, text


@SETTINGS
@given(
    value=st.integers(min_value=0, max_value=999),
    currency=st.sampled_from(["UAH", "CAD", "USD", "EUR"]),
    lang=LANGS,
)
def test_small_amount_round_trip_keeps_currency(value: int, currency: str, lang: str) -> None:
    amount = parse_amount(format_amount(value, currency, lang))
    assert (amount.value, amount.currency) == (value, currency)
