"""Every number of people a card prints is accounted for (issue 23): courses and series are one
event with their sessions, trainings in several places keep the places, other counts are
findings that say why; the reconciliation table lists each number and where it went."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.cli import cli
from promis_analytics.extract import CardExtract, monitoring_card
from promis_analytics.extract.card import RECONCILIATION_COLUMNS, card_reconciliation
from promis_analytics.extract.card.header import reporting_period
from promis_analytics.extract.card.people import people_numbers

HEADER = (
    "Картка\nНазва проекту (програми) Номер реєстраційної картки Дата попереднього моніторингу "
    "Дата поточного моніторингу\n"
    "Тестовий проект міст 1234-01 від 01.07.2019 31.12.2018 30.06.2019\n"
)


def card(body: str) -> CardExtract:
    return monitoring_card(HEADER + body + "\n", source="monitoring_card_2019H1")


def one_event(x: CardExtract) -> pd.Series:
    assert len(x.events) == 1, x.events
    return x.events.iloc[0]


def kinds(x: CardExtract) -> set[str]:
    return {f.kind for f in x.findings}


# --- the half-year ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("previous", "current", "first", "last"),
    [
        (date(2018, 6, 30), date(2018, 12, 31), date(2018, 7, 1), date(2018, 12, 31)),
        (date(2023, 12, 31), date(2024, 6, 30), date(2024, 1, 1), date(2024, 6, 30)),
        (date(2020, 2, 28), date(2020, 8, 31), date(2020, 2, 29), date(2020, 8, 31)),  # leap
    ],
)
def test_reporting_period_starts_the_day_after_the_previous_monitoring(
    previous: date, current: date, first: date, last: date
) -> None:
    assert reporting_period(previous, current) == (first, last)


def test_an_event_on_the_previous_monitoring_date_is_outside() -> None:
    x = card("Проведено семінар «Бюджет», 31 грудня 2018 р., м. Полтава (10 учасників).")
    assert x.period == (date(2019, 1, 1), date(2019, 6, 30))
    assert one_event(x)["period_status"] == "outside"


# --- courses, series, several places ---------------------------------------------------------
SERIES = [
    # (card text, participants, sessions, start, end, city, cities, precision)
    pytest.param(
        "Проведено серію семінарів «Бюджет участі»: 5 березня, 12 березня та 19 березня "
        "2019 р., м. Полтава (60 учасників).",
        60, 3, date(2019, 3, 5), date(2019, 3, 19), "poltava", None, "day",
        id="series-word-dates-share-a-year",
    ),
    pytest.param(
        "Проведено курс з муніципального маркетингу (6 сесій, 3–20 травня 2019 р., "
        "м. Вінниця, 45 учасників).",
        45, 6, date(2019, 5, 3), date(2019, 5, 20), "vinnytsia", None, "day",
        id="printed-number-of-sessions",
    ),
    pytest.param(
        "Проведено дводенні навчання для службовців ОМС у трьох областях. Загальна кількість "
        "учасників – 120: 14-15 та 21-22 лютого 2019 р. в м. Полтава; 4-5 та 11-12 квітня "
        "в м. Мелітополь; 6-7 травня в м. Долина)",
        120, 5, date(2019, 2, 14), date(2019, 5, 7), None, "poltava;melitopol;dolyna", "day",
        id="total-before-its-sessions-days-sharing-a-month",
    ),
    pytest.param(
        "Проведено навчання для представників ОМС щодо підготовки проектів: 3-4 червня 2019 р., "
        "м. Коломия; 19-20 червня 2019 р., м. Енергодар Навчання пройшли 77 представників "
        "районних рад та громад.",
        77, 2, date(2019, 6, 3), date(2019, 6, 20), None, "kolomyia;enerhodar", "day",
        id="total-after-its-sessions",
    ),
    pytest.param(
        "Проведено навчання з підготовки проектів: 3-4 червня 2019 р., Вінниця; 5-6 червня "
        "2019 р., Полтава. Навчання пройшли 52 представники ОМС.",
        52, 2, date(2019, 6, 3), date(2019, 6, 6), None, "vinnytsia;poltava", "day",
        id="sessions-in-the-sentence-before-places-without-marker",
    ),
    pytest.param(
        "Проведено навчальний курс для працівників ЦНАП у квітні 2019 р., м. Бердянськ. "
        "Загальна кількість слухачів – 31.",
        31, None, date(2019, 4, 1), date(2019, 4, 30), "berdiansk", None, "month",
        id="month-only",
    ),
    pytest.param(
        "Проведено навчання з написання проектів у чотирьох областях. Навчання пройшли "
        "80 представників ОМС.",
        80, None, date(2019, 1, 1), date(2019, 6, 30), None, None, "period",
        id="no-date-keeps-the-half-year",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "n", "sessions", "start", "end", "city", "cities", "precision"), SERIES
)
def test_a_course_or_series_is_one_event(body, n, sessions, start, end, city, cities, precision):
    x = card(body)
    ev = one_event(x)
    assert ev["participants"] == n
    assert (None if pd.isna(ev["sessions"]) else ev["sessions"]) == sessions
    assert (ev["date_start"], ev["date_end"], ev["date_precision"]) == (start, end, precision)
    assert (None if pd.isna(ev["city"]) else ev["city"]) == city
    assert (None if pd.isna(ev["cities"]) else ev["cities"]) == cities
    assert ev["event_type"] in {"training", "seminar"}
    assert list(x.people["verdict"]) == ["event"]
    assert x.people.loc[0, "event_id"] == ev["event_id"]


def test_several_places_are_one_total_with_a_note() -> None:
    x = card(SERIES[2].values[0])
    (note,) = [f for f in x.findings if f.kind == "several_places"]
    assert "3 places" in note.message and "трьох областях" in note.message


def test_a_course_partly_before_the_half_year_is_kept_whole() -> None:
    x = card(
        "Проведено курс «Бюджет». Загальна кількість учасників – 50: 10-11 грудня 2018 р., "
        "м. Полтава; 15-16 січня 2019 р., м. Полтава)"
    )
    ev = one_event(x)
    assert (ev["participants"], ev["sessions"], ev["period_status"]) == (50, 2, "partly")
    assert "partly_outside_period" in kinds(x)


# --- numbers that are not participants -------------------------------------------------------
NOT_COUNTED = [
    (
        "У 8 містах щомісячно проводяться засідання Робочих груп, загальна кількість "
        "учасників – 120.",
        120,
        "members_not_participants",
    ),
    ("До складу Дорадчого комітету увійшли 25 членів громади.", 25, "members_not_participants"),
    (
        "Проведено навчання для 12 регіональних координаторів системи.",
        12,
        "staff_not_participants",
    ),
    ("Відібрано 5 консультантів для супроводу стратегій.", 5, "staff_not_participants"),
    ("Опитано 1200 мешканців міст-партнерів.", 1200, "people_reached_not_participants"),
    (
        "Планується провести навчання для близько 125 представникам ОМС у 5 регіонах.",
        125,
        "planned_not_held",
    ),
    ("Бюджет участі підтримали 300 осіб.", 300, "people_not_event"),
    (
        "Проведено 2 тренінги «Бюджет»: 1 березня 2019 р., м. Полтава (20 учасників), "
        "8 березня, м. Вінниця (21 учасник). Загальна кількість учасників – 41.",
        41,
        "sum_of_events",
    ),
]


@pytest.mark.parametrize(("body", "n", "kind"), NOT_COUNTED)
def test_numbers_of_people_that_are_not_participants_are_findings(body, n, kind) -> None:
    x = card(body)
    (row,) = x.people[x.people["verdict"] != "event"].itertuples()
    assert len(x.events) == (x.people["verdict"] == "event").sum()  # only the sum has events
    assert x.participants_total == x.people.loc[x.people["verdict"] == "event", "number"].sum()
    assert (row.number, row.verdict, row.finding_kind) == (n, "finding", kind)
    finding = x.findings[row.finding_no - 1]
    assert finding.kind == kind and "not counted" in finding.message


def test_staff_trained_at_a_dated_event_are_its_participants() -> None:
    x = card("Проведено тренінг для 30 працівників ЦНАП, 5 березня 2019 р., м. Полтава.")
    ev = one_event(x)
    assert (ev["participants"], ev["city"], ev["date_start"]) == (30, "poltava", date(2019, 3, 5))


def test_an_event_with_people_but_no_number_is_a_finding() -> None:
    x = card(
        "Спільно з партнерами проведено форум «Громади» (14-15 березня 2019 р., м. Полтава), "
        "в якому взяли участь представники міст-партнерів Проекту."
    )
    assert x.events.empty
    (row,) = x.people.itertuples()
    assert pd.isna(row.number) and row.verdict == "finding"
    assert row.finding_kind == "participants_not_counted"


def test_breakdown_women_and_duplicates_point_to_their_event() -> None:
    x = card(
        "Організовано навчальну поїздку до м. Полтава, 5-6 березня 2019 р. (12 представників: "
        "8 – представників міст, 4 – Проект). Проведено тренінг «Бюджет», 7 березня 2019 р., "
        "м. Полтава (20 учасників, з них 12 жінок). Проведено тренінг «Бюджет», 7 березня "
        "2019 р., м. Полтава (20 учасників)."
    )
    assert len(x.events) == 2
    verdicts = list(x.people["verdict"])
    assert verdicts == ["event", "event_part", "event", "event_part", "duplicate"]
    ids = list(x.people["event_id"])
    assert ids == ["card2019h1-001", "card2019h1-001", *["card2019h1-002"] * 3]


# --- the finder ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("(25учасників)", [25]),
        ("для 25 регіональних адміністраторів", [25]),
        ("загальна кількість учасників – 161: 16-17 березня", [161]),
        ("(10 представників України: 8 – представників міст)", [10, 8]),
        ("учасниками системи є 290 міст-членів АМУ; 140 міст – учасників", []),
        ("Надано 245 персональних консультацій координаторам", []),
        ("13 семінарів, 4-х проектів, 87 стор., 2018 р.", []),
    ],
)
def test_people_numbers(text: str, numbers: list[int]) -> None:
    assert [p.n for p in people_numbers(text)] == numbers


CITIES = ["м. Полтава", "м. Вінниця", "м. Мелітополь", "м. Коломия", "м. Енергодар"]
MONTHS = ["лютого", "березня", "квітня", "травня", "червня"]


@st.composite
def statements(draw: st.DrawFn) -> str:
    """One statement of a card written the usual ways, with a random number of people."""
    n = draw(st.integers(1, 999))
    day = draw(st.integers(1, 27))
    month = draw(st.sampled_from(MONTHS))
    city = draw(st.sampled_from(CITIES))
    form = draw(st.integers(0, 4))
    if form == 0:
        return f"Проведено семінар «Тема {n}», {day} {month} 2019 р., {city} ({n} учасників)."
    if form == 1:
        other = draw(st.sampled_from(CITIES))
        return (
            f"Проведено навчання для ОМС: {day}-{day + 1} {month} 2019 р., {city}; "
            f"{day}-{day + 1} {month} 2019 р., {other} Навчання пройшли {n} представників."
        )
    if form == 2:
        return f"Проведено курс «Курс {n}». Загальна кількість учасників – {n}: {day} {month} 2019 р., {city})"  # noqa: E501
    if form == 3:
        return f"Щоквартально проводяться засідання комітетів, загальна кількість учасників – {n}."
    return f"Відібрано {n} консультантів."


@settings(max_examples=25, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=6))
def test_every_number_of_people_is_accounted_for(parts: list[str]) -> None:
    x = card(" ".join(parts))
    people = x.people
    assert len(people) == len(parts)
    assert "unaccounted" not in set(people["verdict"])
    counted = people[people["verdict"] == "event"]
    assert counted["number"].sum() == x.participants_total
    findings = people[people["verdict"] == "finding"]
    pairs = zip(findings["finding_no"], findings["finding_kind"], strict=True)
    assert all(x.findings[i - 1].kind == k for i, k in pairs)


# --- the real card ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed(seeds_dir: Path) -> CardExtract:
    return monitoring_card(seeds_dir / "monitoring_card_2018H2.txt")


def test_the_2018_h2_card_accounts_for_every_number_of_people(seed: CardExtract) -> None:
    people = seed.people
    assert list(people.columns) == list(RECONCILIATION_COLUMNS)
    assert "unaccounted" not in set(people["verdict"])
    assert people["verdict"].value_counts().to_dict() == {
        "event": 40, "finding": 5, "event_part": 1, "duplicate": 1,
    }  # fmt: skip
    counted = people[people["verdict"] == "event"]
    assert counted["number"].sum() == seed.participants_total == 3777 + 161 + 146
    assert set(counted["event_id"]) == set(seed.events["event_id"])
    got = people[people["verdict"] == "finding"][["number", "finding_kind"]]
    assert [(None if pd.isna(n) else int(n), k) for n, k in got.itertuples(index=False)] == [
        (380, "members_not_participants"),  # advisory committees meeting quarterly
        (None, "participants_not_counted"),  # the Irpin forum: «взяли участь представники»
        (5, "staff_not_participants"),  # consultants selected
        (25, "staff_not_participants"),  # regional system administrators, no date
        (125, "planned_not_held"),  # the next half-year's plan
    ]
    assert set(people["line"]) == {12}  # the results column is printed on line 12


@pytest.mark.parametrize(
    ("n", "sessions", "start", "end", "cities"),
    [
        (161, 12, date(2018, 3, 16), date(2018, 11, 30),
         "vinnytsia;poltava;zaporizhzhia;dnipro;ivano_frankivsk"),
        (146, 4, date(2018, 12, 3), date(2018, 12, 20),
         "ivano_frankivsk;vinnytsia;poltava;zaporizhzhia"),
    ],
)  # fmt: skip
def test_the_two_totals_of_the_2018_card_are_events(seed, n, sessions, start, end, cities):
    ev = seed.events[seed.events["participants"] == n].iloc[0]
    assert (ev["event_type"], ev["sessions"], ev["date_precision"]) == ("training", sessions, "day")
    assert (ev["date_start"], ev["date_end"], ev["cities"]) == (start, end, cities)
    # the course begins in March, before the half-year: kept whole, «partly»
    assert pd.isna(ev["city"]) and ev["period_status"] == ("partly" if n == 161 else "in")


def test_card_reconciliation_and_cli(seeds_dir: Path, tmp_path: Path) -> None:
    path = seeds_dir / "monitoring_card_2018H2.txt"
    table = card_reconciliation(path)
    assert len(table) == 47 and (table["source"] == "monitoring_card_2018H2").all()
    out = tmp_path / "people.csv"
    res = CliRunner().invoke(cli, ["extract", "card", str(path), "--reconcile", str(out)])
    assert res.exit_code == 0, res.output
    assert "finding 5" in res.output
    written = pd.read_csv(out)
    assert list(written.columns) == list(RECONCILIATION_COLUMNS) and len(written) == 47
