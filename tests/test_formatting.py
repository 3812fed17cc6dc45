"""Tests for promis_analytics.formatting: uk/en numbers, amounts and percents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.formatting import (
    NBSP,
    amount_parts,
    choose_scale,
    format_amount,
    format_number,
    format_percent,
)

S = NBSP  # the Ukrainian thousands separator, spelled out so the expected strings read clearly


@pytest.mark.parametrize(
    ("value", "decimals", "uk", "en"),
    [
        (1500, None, f"1{S}500", "1,500"),
        (Decimal("229.8"), None, "229,8", "229.8"),
        (Decimal("229.80"), None, "229,80", "229.80"),
        (0, None, "0", "0"),
        (Decimal("0.0"), 1, "0,0", "0.0"),
        (999, None, "999", "999"),
        (1000, None, f"1{S}000", "1,000"),
        (-1500, None, f"−1{S}500", "−1,500"),
        (Decimal("-229.8"), None, "−229,8", "−229.8"),
        (1_234_567_890, None, f"1{S}234{S}567{S}890", "1,234,567,890"),
        (Decimal("6340000.5"), 0, f"6{S}340{S}001", "6,340,001"),
        (Decimal("380"), 2, "380,00", "380.00"),
        (Decimal("1E+3"), None, f"1{S}000", "1,000"),
        (0.1, None, "0,1", "0.1"),
        (12.5, 0, "13", "13"),
        (
            Decimal("12345678901234567890.12"),
            None,
            f"12{S}345{S}678{S}901{S}234{S}567{S}890,12",
            "12,345,678,901,234,567,890.12",
        ),
    ],
)
def test_format_number_uk_en(value, decimals, uk, en):
    assert format_number(value, "uk", decimals) == uk
    assert format_number(value, "en", decimals) == en


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        # ROUND_HALF_UP: halves go away from zero, in exact decimal arithmetic
        (Decimal("2.25"), 1, "2.3"),
        (Decimal("-2.25"), 1, "−2.3"),
        (Decimal("2.35"), 1, "2.4"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("1.5"), 0, "2"),
        (Decimal("2.5"), 0, "3"),  # banker's rounding would give 2
        (Decimal("-0.5"), 0, "−1"),
        (Decimal("2.2499999999999999999"), 1, "2.2"),
        # floats are taken by their shortest repr: 2.675 is 2.67499999… in binary
        (2.675, 2, "2.68"),
        (1.005, 2, "1.01"),
        # values that round to zero lose their sign
        (Decimal("-0.04"), 1, "0.0"),
        (-0.0, None, "0.0"),
    ],
)
def test_rounding_half_up(value, decimals, expected):
    assert format_number(value, "en", decimals) == expected


def test_decimal_input_is_exact():
    # 0.1 + 0.2 in binary float would show 0.30000000000000004
    assert format_number(Decimal("0.1") + Decimal("0.2"), "en") == "0.3"
    assert format_number(Decimal("229800000.0000001"), "en", 7) == "229,800,000.0000001"


@pytest.mark.parametrize(
    ("value", "currency", "scale", "uk", "en"),
    [
        (Decimal("229800000"), "UAH", None, f"229,8{S}млн{S}грн", "UAH 229.8 million"),
        (453_300, "CAD", None, f"453,3{S}тис.{S}CAD", "CAD 453.3 thousand"),
        (317_000, "CAD", None, f"317{S}тис.{S}CAD", "CAD 317 thousand"),
        (1_500_000, "UAH", None, f"1,5{S}млн{S}грн", "UAH 1.5 million"),
        (6_340_000, "UAH", "thousand", f"6{S}340{S}тис.{S}грн", "UAH 6,340 thousand"),
        (1500, "UAH", None, f"1{S}500{S}грн", "UAH 1,500"),
        (270_000, "CAD", None, f"270{S}тис.{S}CAD", "CAD 270 thousand"),
        (2_100_000_000, "EUR", None, f"2,1{S}млрд{S}EUR", "EUR 2.1 billion"),
        (-229_850_000, "UAH", None, f"−229,9{S}млн{S}грн", "UAH −229.9 million"),
        (0, "USD", None, f"0{S}USD", "USD 0"),
        (229_800_000, None, "million", f"229,8{S}млн", "229.8 million"),
        (Decimal("229.8"), "UAH", "unit", f"229,8{S}грн", "UAH 229.8"),
    ],
)
def test_format_amount_uk_en(value, currency, scale, uk, en):
    assert format_amount(value, currency, "uk", scale) == uk
    assert format_amount(value, currency, "en", scale) == en


@pytest.mark.parametrize(
    ("value", "currency", "lang", "parts"),
    [
        (229_800_000, "UAH", "uk", ("229,8", f"млн{S}грн")),
        (229_800_000, "UAH", "en", ("229.8", "UAH million")),
        (453_300, "CAD", "uk", ("453,3", f"тис.{S}CAD")),
        (1500, "UAH", "en", ("1,500", "UAH")),
        (1500, None, "uk", (f"1{S}500", "")),
    ],
)
def test_amount_parts_split_number_and_unit(value, currency, lang, parts):
    assert amount_parts(value, currency, lang) == parts


def test_format_amount_fixed_decimals():
    assert format_amount(317_000, "CAD", "uk", decimals=1) == f"317,0{S}тис.{S}CAD"
    assert format_amount(Decimal("1234.5"), "UAH", "en", "unit", decimals=0) == "UAH 1,235"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "unit"),
        (9999, "unit"),
        (10_000, "thousand"),
        (999_999, "thousand"),
        (1_000_000, "million"),
        (-5_000_000, "million"),
        (Decimal("1E9"), "billion"),
    ],
)
def test_choose_scale(value, expected):
    assert choose_scale(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "uk", "en"),
    [
        (Decimal("43.9"), 1, f"43,9{S}%", "43.9%"),
        (43.9, 1, f"43,9{S}%", "43.9%"),
        (Decimal("35"), 0, f"35{S}%", "35%"),
        (Decimal("100"), 1, f"100,0{S}%", "100.0%"),
        (Decimal("-12.25"), 1, f"−12,3{S}%", "−12.3%"),
        (0, 1, f"0,0{S}%", "0.0%"),
        (Decimal("1250.5"), 1, f"1{S}250,5{S}%", "1,250.5%"),
    ],
)
def test_format_percent_uk_en(value, decimals, uk, en):
    assert format_percent(value, "uk", decimals) == uk
    assert format_percent(value, "en", decimals) == en


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: format_number(1, "de"), ValueError, "unknown language 'de'"),
        (lambda: format_number(float("nan"), "uk"), ValueError, "non-finite"),
        (lambda: format_number(Decimal("Infinity"), "uk"), ValueError, "non-finite"),
        (lambda: format_number(True, "uk"), TypeError, "boolean"),
        (lambda: format_number("229,8", "uk"), ValueError, "plain number"),
        (lambda: format_number(1, "uk", -1), ValueError, "decimals"),
        (lambda: format_amount(1, "грн", "uk"), ValueError, "unknown currency"),
        (lambda: format_amount(1, "UAH", "uk", "lakh"), ValueError, "unknown scale"),
        (lambda: format_number(None, "uk"), TypeError, "expected a number"),
    ],
)
def test_bad_input_raises_clear_error(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


def test_numpy_scalars_are_accepted():
    np = pytest.importorskip("numpy")
    assert format_number(np.int64(1500), "en") == "1,500"
    assert format_number(np.float64(229.8), "uk") == "229,8"


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12
    )
)
def test_uk_and_en_agree_digit_for_digit(value):
    """Both languages write the same digits; only the separators differ (round-trip by hand)."""
    uk = format_number(value, "uk", 2)
    en = format_number(value, "en", 2)
    assert uk.replace(NBSP, "").replace(",", ".") == en.replace(",", "")
    assert Decimal(en.replace(",", "").replace("\u2212", "-")) == value.quantize(Decimal("0.01"))


# --- round trips through promis_analytics.parsing (the one home of reading numbers back) ----

_values = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12
)


@settings(max_examples=300, deadline=None)
@given(value=_values, lang=st.sampled_from(["uk", "en"]))
def test_formatted_numbers_parse_back(value, lang):
    parsing = pytest.importorskip("promis_analytics.parsing")
    text = format_number(value, lang, 2)
    assert parsing.parse_number(text) == value, text


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(
        allow_nan=False, allow_infinity=False, places=1, min_value=0, max_value=10**11
    ),
    currency=st.sampled_from(["UAH", "CAD", "USD", "EUR"]),
    lang=st.sampled_from(["uk", "en"]),
)
def test_formatted_amounts_parse_back(value, currency, lang):
    """The parsed amount equals the value rounded to the shown precision of its scale."""
    parsing = pytest.importorskip("promis_analytics.parsing")
    scale = choose_scale(value)
    text = format_amount(value, currency, lang, decimals=None if scale != "unit" else 1)
    parsed = parsing.parse_amount(text)
    assert parsed.currency == currency, text
    step = {"unit": Decimal("0.1"), "thousand": Decimal(100), "million": Decimal(10) ** 5,
            "billion": Decimal(10) ** 8}[scale]  # fmt: skip
    expected = (value / step).quantize(Decimal(1), rounding="ROUND_HALF_UP") * step
    assert parsed.value == expected, text


@settings(max_examples=200, deadline=None)
@given(
    value=st.decimals(
        allow_nan=False, allow_infinity=False, places=1, min_value=-1000, max_value=1000
    ),
    lang=st.sampled_from(["uk", "en"]),
)
def test_formatted_percents_parse_back(value, lang):
    parsing = pytest.importorskip("promis_analytics.parsing")
    text = format_percent(value, lang)
    assert parsing.parse_percent(text) == value, text
