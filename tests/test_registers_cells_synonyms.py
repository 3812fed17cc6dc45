"""What people type, read through the synonym tables: counts with unit words, abbreviated city
names, fund names with з/із/зі and abbreviations, currency words and signs in every case, an
amount that carries its currency, title headers of other projects."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from profiles import promis_codes

from promis_analytics.errors import ParseError
from promis_analytics.parsing import COUNT_WORDS, currency_code, parse_count
from promis_analytics.reference import resolve_place
from promis_analytics.registers import load
from promis_analytics.registers.check.cells import parse_cell
from promis_analytics.registers.schema.headers import match
from promis_analytics.registers.schema.schemas import SCHEMAS

EVENTS = SCHEMAS["events"]
COFIN = SCHEMAS["cofinancing"]


@pytest.mark.parametrize(
    ("text", "want"),
    [("20 осіб", 20), ("12 учасників", 12), ("7 чол.", 7), ("1 500 осіб", 1500), ("14 жінок", 14)],
)
def test_counts_with_unit_words(text: str, want: int) -> None:
    assert parse_cell(EVENTS.field("participants"), text) == (want, None, [])


@pytest.mark.parametrize("text", ["20 гривень", "осіб", "20 осіб 5", "близько 20 осіб і 5"])
def test_counts_still_refused(text: str) -> None:
    value, _, problems = parse_cell(EVENTS.field("participants"), text)
    assert value is None and problems[0][0] == "bad_value"


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(COUNT_WORDS))
def test_parse_count_property(n: int, word: str) -> None:
    assert parse_count(f"{n} {word}") == Decimal(n)
    assert parse_count(f"{n}") == Decimal(n)


def test_parse_count_refuses_a_word_alone() -> None:
    with pytest.raises(ParseError):
        parse_count("осіб")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ів.-Франківськ", "ivano_frankivsk"),
        ("м. Ів.-Франківськ", "ivano_frankivsk"),
        ("Ів-Франківськ", "ivano_frankivsk"),
        ("у Ів.-Франківську", "ivano_frankivsk"),
        ("Кр. Ріг", "kryvyi_rih"),
        ("Б.-Дністровський", "UA51040010010048834"),
        ("К.-Подільський", "UA68020110010097898"),
        ("Б. Церква", "UA32020010010081183"),
    ],
)
def test_abbreviated_city_names(text: str, key: str) -> None:
    assert resolve_place(text).place.key == key


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Фонд підтримки ініціатив з демократичного врядування", "dg_fund"),
        ("Фонд підтримки ініціатив зі демократичного врядування та розвитку", "dg_fund"),
        ("Фонд підтримки ініціатив із демократичного врядування та розвитку", "dg_fund"),
        ("ФПІ", "dg_fund"),
        ("фді", None),
        ("ФМСП", "sme_fund"),
    ],
)
def test_fund_names(text: str, code: str | None) -> None:
    value, _, problems = parse_cell(COFIN.field("fund"), text)
    assert value == code
    assert bool(problems) == (code is None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("гривень", "UAH"),
        ("Гривні", "UAH"),
        ("гривнями", "UAH"),
        ("грн.", "UAH"),
        ("₴", "UAH"),
        ("євро", "EUR"),
        ("€", "EUR"),
        ("дол. США", "USD"),
        ("доларів США", "USD"),
        ("доларами США", "USD"),
        ("канадських доларів", "CAD"),
        ("кан. дол.", "CAD"),
        ("CAD", "CAD"),
        ("доларів", None),  # a bare dollar: CAD or USD? never guessed
    ],
)
def test_currency_words_every_case(text: str, code: str | None) -> None:
    assert currency_code(text) == code
    value, _, problems = parse_cell(COFIN.field("project_currency"), text)
    assert value == code and bool(problems) == (code is None)


@pytest.mark.parametrize("header", ["Назва мікропроєкту", "Назва гранту", "Назва ініціативи"])
def test_title_headers_of_other_projects(header: str) -> None:
    assert match(header, "cofinancing") == "title"


def test_amount_carries_its_currency(tmp_path: Path) -> None:
    promis_codes(tmp_path)  # the PROMIS funds and the short names people type for them
    p = tmp_path / "cofinancing.csv"
    p.write_text(
        "Код проєкту;Фонд;Назва мікропроєкту;Внесок ПРОМІС;Валюта внеску ПРОМІС\n"
        "М-1;ФПІ;Кав'ярня на площі;350 000 грн;\n"
        "М-2;Фонд підтримки ініціатив з демократичного врядування;Пекарня;1 000;гривень\n",
        encoding="utf-8",
    )
    reg = load("cofinancing", p)
    assert list(reg.data["project_amount"]) == [350000.0, 1000.0]
    assert list(reg.data["project_currency"]) == ["UAH", "UAH"]
    assert list(reg.data["fund"]) == ["dg_fund", "dg_fund"]
    assert list(reg.data["title"]) == ["Кав'ярня на площі", "Пекарня"]
