"""Table-driven tests of promis_analytics.parsing on real Ukrainian spellings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from promis_analytics.errors import ParseError
from promis_analytics.parsing import (
    CURRENCY_WORDS,
    DATE_PATTERN,
    MONTH_NAMES,
    MONTHS,
    SCALE_WORDS,
    Amount,
    DateMatch,
    find_dates,
    parse_amount,
    parse_date,
    parse_date_range,
    parse_number,
    parse_percent,
)

D = Decimal

# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 500,00", D("1500.00")),
        ("1\u00a0500,00", D("1500")),
        ("1\u202f500,00", D("1500")),
        ("12\u00a0345\u00a0678,9", D("12345678.9")),
        ("229,8", D("229.8")),
        ("512,", D("512")),
        ("270,000", D("270000")),  # lone comma + three digits = thousands
        ("0,500", D("0.5")),  # … but not after a zero
        ("1234,567", D("1234.567")),  # … nor after four digits
        ("229.8", D("229.8")),
        ("1,234,567", D("1234567")),
        ("1,234.5", D("1234.5")),
        ("865,0", D("865")),
        ("97,0", D("97")),
        ("7", D("7")),
        ("007", D("7")),
        ("+5", D("5")),
        ("-5", D("-5")),
        ("−3,5", D("-3.5")),
        ("- 3,5", D("-3.5")),
        ("≈9", D("9")),
        ("~6340", D("6340")),
        ("≈ 12,5", D("12.5")),
        ("близько 20", D("20")),
        ("  30 000  ", D("30000")),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_parse_number_is_exact() -> None:
    value = parse_number("0,1")
    assert value == D("0.1") and isinstance(value, Decimal)
    assert parse_number("123456789012345678901234567890,123") == D(
        "123456789012345678901234567890.123"
    )


@pytest.mark.parametrize(
    ("text", "detail_part"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", None),
        ("12 34,5,6", None),
        ("12 34", None),
        ("1,2,3", None),
        ("12-15", None),
        ("1.234,5", None),  # German style: never guessed
        ("1.234", "thousands separator or a decimal"),
        ("06.07.2018", None),
        ("0,500,000", None),
        (",5", None),
        ("5 %", None),
        ("229,8 млн", None),
        ("понад 100", "bound"),
        ("більше 5", "bound"),
        ("до 5", "bound"),
        ("٣", None),  # Arabic-Indic digit: not a digit of these documents
        ("1e5", None),
        ("NaN", None),
        ("Infinity", None),
    ],
)
def test_parse_number_rejects(text: str, detail_part: str | None) -> None:
    with pytest.raises(ParseError) as info:
        parse_number(text)
    assert info.value.text == text
    assert repr(text) in str(info.value)
    assert "expected one number" in str(info.value)
    if detail_part:
        assert detail_part in (info.value.detail or "")


def test_parse_number_rejects_non_string() -> None:
    with pytest.raises(ParseError, match="not a string"):
        parse_number(12)  # type: ignore[arg-type]


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency", "approximate"),
    [
        ("≈9 млн 66 тис. грн", D("9066000"), "UAH", True),
        ("≈9 млн\n66 тис. грн", D("9066000"), "UAH", True),
        ("≈6 млн 340 тис. грн", D("6340000"), "UAH", True),
        ("~6340 тис. грн", D("6340000"), "UAH", True),
        ("$30 000", D("30000"), "USD", False),
        ("30 тис. дол. США", D("30000"), "USD", False),
        ("30 тис. доларів США", D("30000"), "USD", False),
        ("453,3 тис. CAD", D("453300"), "CAD", False),
        ("317,0 тис. CAD", D("317000"), "CAD", False),
        ("270,000 CAD", D("270000"), "CAD", False),
        ("229,8 млн грн", D("229800000"), "UAH", False),
        ("UAH 229.8 million", D("229800000"), "UAH", False),
        ("28,16 млн грн.", D("28160000"), "UAH", False),
        ("478,6 тис.грн.", D("478600"), "UAH", False),
        ("120,0 тис. грн.", D("120000"), "UAH", False),
        ("1,5 млн гривень", D("1500000"), "UAH", False),
        ("11 млн грн", D("11000000"), "UAH", False),
        ("150 000 грн.", D("150000"), "UAH", False),
        ("400 тис. грн", D("400000"), "UAH", False),
        ("2 мільйони гривень", D("2000000"), "UAH", False),
        ("5 мільйонів гривень", D("5000000"), "UAH", False),
        ("1,2 млрд грн", D("1200000000"), "UAH", False),
        ("3 мільярди гривень", D("3000000000"), "UAH", False),
        ("100 тисяч гривень", D("100000"), "UAH", False),
        ("2 тисячі гривень", D("2000"), "UAH", False),
        ("1 гривня", D("1"), "UAH", False),
        ("₴1 500", D("1500"), "UAH", False),
        ("500 канадських доларів", D("500"), "CAD", False),
        ("20 кан. дол.", D("20"), "CAD", False),
        ("USD 30 000", D("30000"), "USD", False),
        ("1 000 євро", D("1000"), "EUR", False),
        ("€1 000", D("1000"), "EUR", False),
        ("5 тис. EUR", D("5000"), "EUR", False),
        ("CAD 18.5 million", D("18500000"), "CAD", False),
        ("30k USD", D("30000"), "USD", False),
        ("1.2 billion UAH", D("1200000000"), "UAH", False),
        ("близько 2 млн грн", D("2000000"), "UAH", True),
        ("30 000", D("30000"), None, False),
        ("50 тисяч", D("50000"), None, False),
        ("865,0", D("865"), None, False),
        ("-5 тис. грн", D("-5000"), "UAH", False),
    ],
)
def test_parse_amount(text: str, value: Decimal, currency: str | None, approximate: bool) -> None:
    assert parse_amount(text) == Amount(value, currency, approximate)


def test_scaled_amount_is_exact() -> None:
    assert parse_amount("229,8 млн грн").value == D("229.8") * 10**6
    big = parse_amount("123456789012345678901234567,89 млрд грн").value
    assert big == D("123456789012345678901234567890000000")


@pytest.mark.parametrize(
    ("text", "detail_part"),
    [
        ("30 тисяч доларів", "dollars without a country"),
        ("30 тис. дол.", "dollars without a country"),
        ("9 млн 66", "needs a scale"),
        ("5 тис. 3 млн грн", "scales must fall"),
        ("9 млн 1000 тис. грн", "does not fit"),
        ("$30 000 USD", "printed twice"),
        ("понад 5 млн грн", "bound"),
        ("тис. грн", "no number"),
        ("грн", "no number"),
        ("5 тис.. грн", "unexpected"),
        ("5 грн 3 коп.", "unexpected"),
        ("5 млн -3 тис. грн", "unexpected"),
        ("-5 млн 3 тис. грн", "sign on a compound"),
        ("-0 млн 3 тис. грн", "sign on a compound"),
        ("5 m UAH", "unexpected"),  # "m" is not a scale word (metres or million?)
        ("12 34 грн", None),
        ("1.234 грн", "thousands separator or a decimal"),
        ("", "no number"),
    ],
)
def test_parse_amount_rejects(text: str, detail_part: str | None) -> None:
    with pytest.raises(ParseError) as info:
        parse_amount(text)
    assert repr(text) in str(info.value)
    assert "expected an amount" in str(info.value) or "expected one number" in str(info.value)
    if detail_part:
        assert detail_part in (info.value.detail or "")


def test_vocabulary_tables_are_consistent() -> None:
    assert set(CURRENCY_WORDS.values()) == {"UAH", "CAD", "USD", "EUR"}
    assert set(SCALE_WORDS.values()) == {10**3, 10**6, 10**9}
    assert all(word == word.casefold() for word in [*CURRENCY_WORDS, *SCALE_WORDS])
    assert sorted(MONTHS) == list(range(1, 13))
    assert len(MONTH_NAMES) == 36  # nominative, genitive, locative: all distinct


# --- percents --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("43,9%", D("43.9")),
        ("18 %", D("18")),
        ("18\u00a0%", D("18")),
        ("на 35 %", D("35")),
        ("97,0 %", D("97")),
        ("43,9 відсотка", D("43.9")),
        ("5 відсотків", D("5")),
        ("1 відсоток", D("1")),
        ("12.5 percent", D("12.5")),
        ("-2,5 %", D("-2.5")),
        ("≈ 30%", D("30")),
        ("у 2 %", D("2")),
    ],
)
def test_parse_percent(text: str, expected: Decimal) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["43,9", "%", "до 35 %", "понад 50%", "12-15 %", "5 % 6 %", ""])
def test_parse_percent_rejects(text: str) -> None:
    with pytest.raises(ParseError, match="expected a percent"):
        parse_percent(text)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("13-14 вересня 2018 р.", date(2018, 9, 13), date(2018, 9, 14)),
        ("30 травня – 1 червня 2018 року", date(2018, 5, 30), date(2018, 6, 1)),
        ("28 лютого – 1 березня 2019 р.", date(2019, 2, 28), date(2019, 3, 1)),
        ("9-18 жовтня, 2018 р.", date(2018, 10, 9), date(2018, 10, 18)),
        ("03 грудня 2018р.", date(2018, 12, 3), date(2018, 12, 3)),
        ("7 вересня 2018", date(2018, 9, 7), date(2018, 9, 7)),
        ("19-21 вересня 2018 р", date(2018, 9, 19), date(2018, 9, 21)),
        ("1 - 2 листопада 2018", date(2018, 11, 1), date(2018, 11, 2)),
        ("1—2 листопада 2018", date(2018, 11, 1), date(2018, 11, 2)),
        ("06.07.2018", date(2018, 7, 6), date(2018, 7, 6)),
        ("31.12.2018 року", date(2018, 12, 31), date(2018, 12, 31)),
        ("27.06.2017 – 31.12.2018", date(2017, 6, 27), date(2018, 12, 31)),
        ("2018-07-06", date(2018, 7, 6), date(2018, 7, 6)),
        ("2017-2020 роки", date(2017, 1, 1), date(2020, 12, 31)),
        ("2017- 2020 роки", date(2017, 1, 1), date(2020, 12, 31)),
        ("2015–2020", date(2015, 1, 1), date(2020, 12, 31)),
        ("2019-2021 р.р.", date(2019, 1, 1), date(2021, 12, 31)),
        ("2017-2019 рр.", date(2017, 1, 1), date(2019, 12, 31)),
        ("2018 рік", date(2018, 1, 1), date(2018, 12, 31)),
        ("2019 році", date(2019, 1, 1), date(2019, 12, 31)),
        ("вересень 2018", date(2018, 9, 1), date(2018, 9, 30)),
        ("лютий 2020 р.", date(2020, 2, 1), date(2020, 2, 29)),
        ("квітня 2015 року", date(2015, 4, 1), date(2015, 4, 30)),
        ("у травні 2019".removeprefix("у "), date(2019, 5, 1), date(2019, 5, 31)),
        ("ВЕРЕСНЯ 2018", date(2018, 9, 1), date(2018, 9, 30)),
        ("листопад – грудень 2018", date(2018, 11, 1), date(2018, 12, 31)),
        ("29 лютого 2020", date(2020, 2, 29), date(2020, 2, 29)),
    ],
)
def test_parse_date_range(text: str, start: date, end: date) -> None:
    assert parse_date_range(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "default_year", "start", "end"),
    [
        ("8-9 листопада", 2018, date(2018, 11, 8), date(2018, 11, 9)),
        ("27-28 вересня", 2018, date(2018, 9, 27), date(2018, 9, 28)),
        ("30 листопада", 2018, date(2018, 11, 30), date(2018, 11, 30)),
        ("вересень", 2018, date(2018, 9, 1), date(2018, 9, 30)),
        ("7 вересня 2019", 2018, date(2019, 9, 7), date(2019, 9, 7)),  # printed year wins
    ],
)
def test_parse_date_range_default_year(
    text: str, default_year: int, start: date, end: date
) -> None:
    assert parse_date_range(text, default_year=default_year) == (start, end)


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("case", [0, 1])
def test_every_month_name(month: int, case: int) -> None:
    name = MONTHS[month][case]
    assert parse_date(f"15 {name} 2018 р.") == date(2018, month, 15)
    assert parse_date_range(f"{name} 2018")[0] == date(2018, month, 1)


@pytest.mark.parametrize(
    ("text", "default_year", "detail_part"),
    [
        ("8-9 серпня січня 2018 р.", None, "two month names"),
        ("31 лютого 2018", None, "no such day"),
        ("29 лютого 2019", None, "no such day"),
        ("14-13 вересня 2018", None, "before the start"),
        ("2020-2017 роки", None, "before the start"),
        ("30 грудня – 2 січня 2019", None, "before the start"),  # year of the start unknown
        ("7 вересня", None, "no year"),
        ("12-15", None, "no month"),
        ("2018 – 5 травня 2019", None, "different precision"),
        ("7 вересня 2018 – 9 вересня", None, "only at the start"),
        ("13 вереснь 2018", None, None),
        ("вчора", None, None),
        ("", None, None),
        ("32.01.2018", None, "no such day"),
        ("7 вересня 2018 р. та 8 вересня 2018 р.", None, None),
    ],
)
def test_parse_date_range_rejects(text: str, default_year: int | None, detail_part: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_date_range(text, default_year=default_year)
    assert repr(text) in str(info.value)
    assert "expected a date or range" in str(info.value)
    if detail_part:
        assert detail_part in (info.value.detail or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 вересня 2018", date(2018, 9, 7)),
        ("03 грудня 2018р.", date(2018, 12, 3)),
        ("06.07.2018", date(2018, 7, 6)),
        ("29 серпня 2019 року", date(2019, 8, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["13-14 вересня 2018 р.", "вересень 2018", "2018 рік", "2018"])
def test_parse_date_rejects_ranges(text: str) -> None:
    with pytest.raises(ParseError, match="one day"):
        parse_date(text)


# --- finding dates in running text -----------------------------------------------------------


def test_find_dates_offsets_and_spans() -> None:
    text = (
        "Семінар 13-14 вересня 2018 р., м. Запоріжжя; тренінг 30 травня – 1 червня 2018 року; "
        "програма на 2017-2020 роки; звіт від 06.07.2018; у вересні 2018; "
        "8-9 листопада, м. Полтава; "
        "помилка 8-9 серпня січня 2018 р.; 150 учасників; 2018; телефон 12-15"
    )
    found = find_dates(text)
    assert [m.text for m in found] == [
        "13-14 вересня 2018 р.",
        "30 травня – 1 червня 2018 року",
        "2017-2020 роки",
        "06.07.2018",
        "вересні 2018",
        "8-9 листопада",
        "8-9 серпня січня 2018 р.",
    ]
    for m in found:
        assert isinstance(m, DateMatch)
        start, end, matched = m
        assert text[start:end] == matched
    assert [m.group(0) for m in DATE_PATTERN.finditer(text)] == [m.text for m in found]
    with pytest.raises(ParseError, match="two month names"):
        parse_date_range(found[-1].text)
    assert parse_date_range(found[5].text, default_year=2018) == (
        date(2018, 11, 8),
        date(2018, 11, 9),
    )


def test_year_zero_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no such day"):
        parse_date_range("0000 рік")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("06.07.18", date(2018, 7, 6), date(2018, 7, 6)),  # a two-digit year is 20yy
        ("12.03.19", date(2019, 3, 12), date(2019, 3, 12)),
        ("12.03.2019 р.", date(2019, 3, 12), date(2019, 3, 12)),
        ("18-19.09.2019", date(2019, 9, 18), date(2019, 9, 19)),
        ("30.05–01.06.2018", date(2018, 5, 30), date(2018, 6, 1)),
        ("30.05 - 01.06.18", date(2018, 5, 30), date(2018, 6, 1)),
        ("березень 2019", date(2019, 3, 1), date(2019, 3, 31)),
    ],
)
def test_dates_as_typed_in_registers(text: str, start: date, end: date) -> None:
    assert parse_date_range(text) == (start, end)
