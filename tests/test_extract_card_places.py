"""The same place and time rules for cards as for registers: online words, the oblast written
next to a place, periods in the official template's forms, readable event ids."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics.extract import monitoring_card
from promis_analytics.extract.card import _prefix
from promis_analytics.extract.card.header import written_period
from promis_analytics.extract.card.places import find_places
from promis_analytics.periods import MONTHS
from promis_analytics.reference import normalize_city

HEAD = "Картка\nНазва проекту (програми) Номер реєстраційної картки\nТестовий проект 1234-01\n"


@pytest.mark.parametrize(
    ("segment", "key"),
    [
        ("консультації проведено дистанційно", "online"),
        ("онлайн-тренінг для депутатів", "online"),
        ("семінар у режимі онлайн", "online"),
        ("у с. Миропілля Сумської обл. 12 жовтня", normalize_city("Миропілля, Сумська обл.").key),
        ("у м. Суми", normalize_city("Суми").key),
    ],
)
def test_card_places_resolve_like_registers(segment: str, key: str) -> None:
    assert find_places(segment, 0, [])[-1][0] == key


def test_village_without_its_oblast_stays_ambiguous() -> None:
    assert find_places("тренінг у с. Миропілля", 0, []) == [(None, "с. Миропілля")]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Картка моніторингу за II півріччя 2023 року", (date(2023, 7, 1), date(2023, 12, 31))),
        ("за I півріччя 2021 р.", (date(2021, 1, 1), date(2021, 6, 30))),
        ("за перше півріччя 2020 року", (date(2020, 1, 1), date(2020, 6, 30))),
        ("звітний період 01.07.2023–31.12.2023", (date(2023, 7, 1), date(2023, 12, 31))),
        ("за липень–грудень 2023", (date(2023, 7, 1), date(2023, 12, 31))),
        ("за січень - червень 2022 р.", (date(2022, 1, 1), date(2022, 6, 30))),
        ("без періоду", None),
    ],
)
def test_written_periods(text: str, period: tuple[date, date] | None) -> None:
    assert written_period(text) == period


def test_card_period_from_words_gives_the_ids_and_places() -> None:
    body = (
        "за II півріччя 2023 року\n"
        "Проведено онлайн-тренінг для депутатів 20 листопада 2023 р. (18 учасників). "
        "Проведено семінар у с. Миропілля Сумської обл. 12 жовтня 2023 р. (25 учасників).\n"
    )
    x = monitoring_card(HEAD + body, source="картка_моніторингу_2023h2")
    assert x.period == (date(2023, 7, 1), date(2023, 12, 31))
    assert "no_period" not in [f.kind for f in x.findings]
    assert x.events["event_id"].tolist() == ["card2023h2-001", "card2023h2-002"]
    assert x.events["city"].iloc[0] == "online"
    assert x.events["city"].iloc[1].startswith("UA59")


@pytest.mark.parametrize(
    ("source", "prefix"),
    [
        ("monitoring_card_2018H2", "card2018h2"),
        ("картка_моніторингу_2023h2", "card-kartka-monitorynhu-2023h2"),
        ("card_2023h2", "card2023h2"),
        ("Картка Суми (фінал)", "card-kartka-sumy-final"),
    ],
)
def test_ids_without_a_period_are_readable_slugs(source: str, prefix: str) -> None:
    assert _prefix(None, source) == prefix


@given(
    year=st.integers(min_value=2000, max_value=2099),
    first=st.integers(min_value=1, max_value=12),
    length=st.integers(min_value=0, max_value=11),
    dash=st.sampled_from(["–", "-", " - ", "—"]),
)
def test_property_month_ranges_read_back(year: int, first: int, length: int, dash: str) -> None:
    last = min(12, first + length)
    names = MONTHS["uk"]
    got = written_period(f"звіт за {names[first - 1]}{dash}{names[last - 1]} {year} року")
    assert got == (date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


@given(year=st.integers(min_value=2000, max_value=2099), half=st.sampled_from(["I", "II"]))
def test_property_half_years_read_back(year: int, half: str) -> None:
    start, end = written_period(f"Картка моніторингу за {half} півріччя {year} року")
    assert (start.month, end.month) == ((1, 6) if half == "I" else (7, 12))
    assert start.year == end.year == year
