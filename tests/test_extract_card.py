"""Monitoring-card extractor on short cards written for the tests (own sentences, card format)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.cli import cli
from promis_analytics.extract import CardExtract, monitoring_card
from promis_analytics.extract.card import EVENT_COLUMNS

HEADER = (
    "Картка\n"
    "Назва проекту (програми) Номер реєстраційної картки Дата попереднього моніторингу "
    "Дата поточного моніторингу\n"
    "Тестовий проект міст 1234-01 від 01.07.2019 30.06.2019 31.12.2019\n"
    "Результати впровадження проекту (програми)\n"
)


def card(body: str, **kw: str) -> CardExtract:
    return monitoring_card(HEADER + body + "\n", source="monitoring_card_2019H2", **kw)


def kinds(x: CardExtract) -> list[str]:
    return [f.kind for f in x.findings]


def test_header_period_registration_project() -> None:
    x = card("Нічого не проведено.")
    # the reporting half-year starts the day after the previous monitoring date (issue 23)
    assert x.period == (date(2019, 7, 1), date(2019, 12, 31))
    assert x.registration == "1234-01"
    assert x.project == "Тестовий проект міст"
    assert list(x.events.columns) == list(EVENT_COLUMNS)
    assert x.events.empty


def test_missing_header_is_a_finding_not_a_crash() -> None:
    x = monitoring_card("Проведено семінар «Тест», 5 вересня 2019 р., м. Полтава (10 учасників)")
    assert x.period is None
    assert "no_period" in kinds(x)
    assert x.events.loc[0, "city"] == "poltava"


# one sentence → the expected single event: (body, type, title, start, end, city, country, n, women)
SINGLE = [
    (
        "Проведено вебінар «Бюджет участі онлайн», 5 листопада 2019 р., м. Полтава (40 учасниць)",
        "webinar",
        "Бюджет участі онлайн",
        date(2019, 11, 5),
        date(2019, 11, 5),
        "poltava",
        None,
        40,
        40,
    ),
    (
        "Проведено круглий стіл «Місто і бізнес», 28 листопада – 2 грудня 2019 р., с. Гута "
        "(12 учасників, з них 7 жінок)",
        "round_table",
        "Місто і бізнес",
        date(2019, 11, 28),
        date(2019, 12, 2),
        "huta",
        None,
        12,
        7,
    ),
    (
        "Організовано навчальний візит до Польщі «Сервіси для мешканців», 14-18 жовтня 2019 р., "
        "мм Варшава-Люблін (9 представників)",
        "study_tour",
        "Сервіси для мешканців",
        date(2019, 10, 14),
        date(2019, 10, 18),
        None,
        "poland",
        9,
        None,
    ),
    (
        "Проведено тренінг «Проектні заявки», 3 вересня 2019 р., м.Івано-Франківськ (25учасників)",
        "training",
        "Проектні заявки",
        date(2019, 9, 3),
        date(2019, 9, 3),
        "ivano_frankivsk",
        None,
        25,
        None,
    ),
    (
        "Проведено конференцію з питань енергоефективності, 2 жовтня 2019 р., м. Запоріжжя "
        "(61 учасник)",
        "conference",
        "Конференцію з питань енергоефективності",
        date(2019, 10, 2),
        date(2019, 10, 2),
        "zaporizhzhia",
        None,
        61,
        None,
    ),
    (
        "Підтримано проведення регіонального форуму «Громада і туризм», 9-10 жовтня, 2019 р., "
        "м. Яремче (73 учасника)",
        "forum",
        "Громада і туризм",
        date(2019, 10, 9),
        date(2019, 10, 10),
        "yaremche",
        None,
        73,
        None,
    ),
    (
        "Проведено засідання Круглого столу «Безпечне місто», 4 грудня 2019 р., Кременчук "
        "(31 учасник)",
        "round_table",
        "Безпечне місто",
        date(2019, 12, 4),
        date(2019, 12, 4),
        "kremenchuk",
        None,
        31,
        None,
    ),
]


@pytest.mark.parametrize(
    ("body", "etype", "title", "start", "end", "city", "country", "n", "women"), SINGLE
)
def test_single_event(body, etype, title, start, end, city, country, n, women) -> None:
    x = card(body)
    assert len(x.events) == 1, x.events
    ev = x.events.iloc[0]
    assert ev["event_id"] == "card2019h2-001"
    assert ev["event_type"] == etype
    assert ev["title"] == title
    assert (ev["date_start"], ev["date_end"]) == (start, end)
    assert (None if pd.isna(ev["city"]) else ev["city"]) == city
    assert (None if pd.isna(ev["country"]) else ev["country"]) == country
    assert ev["participants"] == n
    assert (None if pd.isna(ev["women"]) else ev["women"]) == women
    assert ev["source"] == "monitoring_card_2019H2"
    assert ev["locator"].startswith("char ")
    assert len(ev["locator"].split(": ", 1)[1]) <= 40


def test_several_events_in_one_sentence_share_title_type_and_year() -> None:
    x = card(
        "Проведено 3 семінари «Відкриті дані для громади»: 3-4 вересня 2019 р., м. Полтава "
        "(18 учасників), 10-11 вересня, м. Горішні Плавні (22 учасники), 30 вересня – 1 жовтня, "
        "м. Бердянськ (15 учасників) Розроблено посібник «Інша назва»."
    )
    ev = x.events
    assert list(ev["event_id"]) == ["card2019h2-001", "card2019h2-002", "card2019h2-003"]
    assert set(ev["title"]) == {"Відкриті дані для громади"}
    assert set(ev["event_type"]) == {"seminar"}
    assert list(ev["city"]) == ["poltava", "horishni_plavni", "berdiansk"]
    assert list(ev["participants"]) == [18, 22, 15]
    assert list(ev["date_start"]) == [date(2019, 9, 3), date(2019, 9, 10), date(2019, 9, 30)]
    assert ev["date_end"].iloc[2] == date(2019, 10, 1)
    assert kinds(x).count("year_inherited") == 2
    assert x.participants_total == 55


def test_text_between_events_does_not_leak_titles() -> None:
    x = card(
        "Проведено тренінг «Перший», 2 вересня 2019 р., м. Вінниця (10 учасників). Підготовлено "
        "Посібник «Зайвий заголовок». Організовано навчальну поїздку до м. Кривий Ріг, "
        "5-6 вересня 2019 р. (12 учасників)"
    )
    assert list(x.events["title"]) == ["Перший", "Навчальну поїздку до м. Кривий Ріг"]
    assert list(x.events["city"]) == ["vinnytsia", "kryvyi_rih"]
    assert list(x.events["event_type"]) == ["training", "study_tour"]


@pytest.mark.parametrize(
    ("body", "kind", "severity"),
    [
        (
            "Проведено тренінг «Звітність», 3-4 жовтня листопада 2019 р., м. Київ (10 учасників)",
            "unreadable_date",
            "error",
        ),
        (
            "Проведено форум «Інвестиції», 20 травня 2019 р., м. Вінниця (100 учасників)",
            "outside_period",
            "warning",
        ),
        (
            "Проведено форум «Інвестиції 2020», 14 січня 2020 р., м. Вінниця (100 учасників)",
            "outside_period",
            "warning",
        ),
        ("Проведено семінар «Без місця», 8 жовтня 2019 р. (44 учасники)", "no_place", "warning"),
        ("Проведено семінар «Без дати», м. Долина (14 учасників)", "no_date", "warning"),
        (
            "Проведено семінар «Далеко», 8 жовтня 2019 р., м. Зоряноград (14 учасників)",
            "unknown_place",
            "warning",
        ),
    ],
)
def test_event_findings(body: str, kind: str, severity: str) -> None:
    x = card(body)
    found = [f for f in x.findings if f.kind == kind]
    assert len(found) == 1, x.findings
    assert found[0].severity == severity
    assert found[0].locator.startswith("char ")
    assert len(x.events) == 1  # the event is kept; the finding tells what to check


def test_unreadable_date_keeps_event_with_the_period() -> None:
    """Nothing held back (issue 13): two month names → the card's half-year, precision period."""
    x = card("Проведено тренінг «Звітність», 3-4 жовтня листопада 2019 р., м. Київ (10 учасників)")
    ev = x.events.loc[0]
    assert (ev["date_start"], ev["date_end"]) == (date(2019, 7, 1), date(2019, 12, 31))
    assert ev["date_precision"] == "period" and ev["period_status"] == "in"
    assert ev["city"] == "kyiv" and ev["participants"] == 10
    (f,) = [f for f in x.findings if f.kind == "unreadable_date"]
    assert "kept" in f.message and "2019-07-01…2019-12-31" in f.message


@pytest.mark.parametrize(
    ("date_text", "start", "end", "precision"),
    [
        ("3 жовтня 2019 р.", date(2019, 10, 3), date(2019, 10, 3), "day"),
        ("жовтень 2019 р.", date(2019, 10, 1), date(2019, 10, 31), "month"),
        ("31 вересня 2019 р.", date(2019, 9, 1), date(2019, 9, 30), "month"),
    ],
)
def test_date_precision(date_text: str, start: date, end: date, precision: str) -> None:
    x = card(f"Проведено тренінг «Звітність», {date_text}, м. Київ (10 учасників)")
    ev = x.events.loc[0]
    assert (ev["date_start"], ev["date_end"], ev["date_precision"]) == (start, end, precision)


def test_duplicate_event_is_kept_once() -> None:
    sentence = "Підтримано проведення конгресу громад, 7-8 листопада 2019 р. (300 учасників); "
    x = card(
        sentence
        + "Проведено семінар «Інше», 9 листопада 2019 р., м. Ладижин (12 учасників) "
        + sentence
    )
    assert list(x.events["participants"]) == [300, 12]
    dup = [f for f in x.findings if f.kind == "duplicate_event"]
    assert len(dup) == 1
    assert "kept once" in dup[0].message
    assert list(x.events["event_id"]) == ["card2019h2-001", "card2019h2-002"]


@pytest.mark.parametrize(
    ("body", "value"),
    [
        (
            "Проведено навчання для службовців. Загальна кількість учасників – 55: у трьох містах",
            55,
        ),
        ("Навчання з управління проектами пройшли 30 представників громад.", 30),
    ],
)
def test_totals_without_a_date_are_one_event_of_the_half_year(body: str, value: int) -> None:
    """A total printed apart from a figure («загальна кількість учасників – 55», «пройшли 30
    представників») is one event (issue 23: no count of people dropped); with no date it
    keeps the card's half-year, date_precision «period»; no place: city empty."""
    x = card(body)
    assert list(x.aggregates["value"]) == [value]
    assert x.aggregates.loc[0, "refers_to"]
    assert x.aggregates.loc[0, "locator"].startswith("char ")
    assert len(x.events) == 1
    ev = x.events.iloc[0]
    assert (ev["participants"], ev["event_type"]) == (value, "training")
    assert (ev["date_start"], ev["date_end"]) == (date(2019, 7, 1), date(2019, 12, 31))
    assert ev["date_precision"] == "period"
    assert pd.isna(ev["city"]) and pd.isna(ev["cities"]) and pd.isna(ev["sessions"])
    assert {"no_date", "no_place"} <= set(kinds(x))
    assert list(x.people["verdict"]) == ["event"]


ADOPTIONS = [
    (
        "Запроваджено систему електронних петицій у 3 містах-партнерах Проекту: Жмеринка, "
        "Долина, Енергодар.",
        "e_petitions",
        "adopted",
        3,
        ["zhmerynka", "dolyna", "enerhodar"],
    ),
    (
        "Надано допомогу містам-партнерам Проекту (2 міста: Коломия, Миргород) у запровадженні "
        "моделі гендерного бюджетування.",
        "gender_budgeting",
        "in_progress",
        2,
        ["kolomyia", "myrhorod"],
    ),
    (
        "В 2-х містах-партнерах (Хмільник, Мелітополь) розроблені програми підтримки розвитку МСП.",
        "sme_program",
        "adopted",
        2,
        ["khmilnyk", "melitopol"],
    ),
    (
        "Ухвалено маркетингові стратегії 2 міст-партнерів Проекту: Вінниця та Бердянськ.",
        "marketing_strategy",
        "adopted",
        2,
        ["vinnytsia", "berdiansk"],
    ),
]


@pytest.mark.parametrize(("body", "instrument", "status", "n", "cities"), ADOPTIONS)
def test_adoption_statements(body, instrument, status, n, cities) -> None:
    x = card(body)
    assert list(x.adoptions["city"]) == cities
    assert set(x.adoptions["instrument"]) == {instrument}
    assert set(x.adoptions["status"]) == {status}
    assert set(x.adoptions["as_of"]) == {date(2019, 12, 31)}
    assert set(x.adoptions["printed_n"]) == {n}
    assert "count_mismatch" not in kinds(x)


def test_count_mismatch_keeps_the_listed_cities() -> None:
    x = card(
        "Громадський бюджет запроваджено у 4 містах-партнерах Проекту: Вінниця, Полтава, "
        "Мелітополь."
    )
    assert list(x.adoptions["city"]) == ["vinnytsia", "poltava", "melitopol"]
    mism = [f for f in x.findings if f.kind == "count_mismatch"]
    assert len(mism) == 1 and mism[0].severity == "error"
    assert "printed 4" in mism[0].message and "3 names" in mism[0].message
    assert x.statements.loc[0, "printed_n"] == 4 and x.statements.loc[0, "listed_n"] == 3


def test_list_without_instrument_is_reported_not_written() -> None:
    x = card("У 2 містах-партнерах Проекту (Долина, Яремче) створено клуби любителів шахів.")
    assert x.adoptions.empty
    assert "unmapped_statement" in kinds(x)


def test_in_progress_then_adopted_keeps_adopted() -> None:
    x = card(
        "Надано консультативну підтримку з розробки маркетингових стратегій для 2 міст-партнерів "
        "Проекту: Долина, Коломия. Ухвалено маркетингові стратегії 2 міст-партнерів Проекту: "
        "Долина, Коломия."
    )
    assert list(x.statements["status"]) == ["in_progress", "adopted"]
    assert list(x.adoptions["status"]) == ["adopted", "adopted"]


def test_components_from_output_sections() -> None:
    x = card(
        "1100. Відкрите врядування. Проведено семінар «А», 5 вересня 2019 р., м. Полтава "
        "(10 учасників). 2100. Розвиток МСП. Проведено тренінг «Б», 6 вересня 2019 р., "
        "м. Вінниця (11 учасників)."
    )
    assert list(x.events["component"]) == ["1100", "2100"]
    assert "component_unknown" not in kinds(x)


def test_output_headings_printed_as_a_list_give_no_component() -> None:
    x = card(
        "1100. Відкрите врядування. 1200. Стратегічне планування. 1300. Послуги. "
        "Проведено семінар «А», 5 вересня 2019 р., м. Полтава (10 учасників)."
    )
    assert x.events["component"].isna().all()
    assert "component_unknown" in kinds(x)


def test_event_prefix_and_source_parameters() -> None:
    x = monitoring_card(
        HEADER + "Проведено семінар «А», 5 вересня 2019 р., м. Полтава (10 учасників)",
        source="monitoring_card_2019H2",
        event_prefix="demo",
    )
    assert list(x.events["event_id"]) == ["demo-001"]


def test_city_totals() -> None:
    x = card(
        "Проведено семінар «А», 5 вересня 2019 р., м. Полтава (10 учасників) Проведено семінар "
        "«Б», 6 вересня 2019 р., м. Полтава (5 учасників) Проведено семінар «В», 7 вересня "
        "2019 р., м. Долина (7 учасників)"
    )
    totals = x.city_totals().set_index("city")
    assert totals.loc["poltava", "participants"] == 15 and totals.loc["poltava", "events"] == 2
    assert totals.loc["dolyna", "participants"] == 7


MONTHS = ["липня", "серпня", "вересня", "жовтня", "листопада", "грудня"]
CITIES = [("м. Полтава", "poltava"), ("м. Долина", "dolyna"), ("м.Бердянськ", "berdiansk")]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 27), st.integers(0, 5), st.integers(0, 2), st.integers(1, 999)),
        min_size=1,
        max_size=6,
        unique_by=lambda t: (t[0], t[1], t[2]),  # the same session twice is a duplicate
    )
)
def test_property_every_listed_event_is_read(items) -> None:
    """A sentence listing k sessions with date, place and count yields exactly those k events."""
    parts = [
        f"{d}-{d + 1} {MONTHS[m]}{' 2019 р.' if i == 0 else ''}, {CITIES[c][0]} ({n} учасників)"
        for i, (d, m, c, n) in enumerate(items)
    ]
    x = card("Проведено тренінги «Властивість»: " + ", ".join(parts))
    assert list(x.events["participants"]) == [n for *_, n in items]
    assert list(x.events["city"]) == [CITIES[c][1] for _, _, c, _ in items]
    assert list(x.events["date_start"]) == [date(2019, 7 + m, d) for d, m, _, _ in items]
    assert set(x.events["title"]) == {"Властивість"}


def test_cli_card_writes_registers(tmp_path) -> None:
    path = tmp_path / "card.txt"
    path.write_text(
        HEADER
        + "Проведено семінар «А», 5 вересня 2019 р., м. Полтава (10 учасників) Проведено тренінг "
        "«Б», 3-4 жовтня листопада 2019 р., м. Київ (8 учасників) Запроваджено систему "
        "електронних петиції у 2 містах-партнерах Проекту: Долина, Яремче.\n",
        encoding="utf-8",
    )
    out, adopt = tmp_path / "events.csv", tmp_path / "adoptions.csv"
    res = CliRunner().invoke(
        cli,
        [
            "extract",
            "card",
            str(path),
            "-o",
            str(out),
            "--adoptions",
            str(adopt),
            "--source",
            "monitoring_card_2019H2",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Events: 2" in res.output and "Participants: 18" in res.output
    assert "unreadable_date" in res.output and "Held back" not in res.output
    events = pd.read_csv(out, dtype=str)
    assert list(events.columns) == list(EVENT_COLUMNS)
    # nothing held back: the event with an unreadable date is dated by the half-year
    assert list(events["event_id"]) == ["card2019h2-001", "card2019h2-002"]
    assert list(events["date_precision"]) == ["day", "period"]
    assert "Dates not exact to the day: 1 (8 participants)" in res.output
    adoptions = pd.read_csv(adopt, dtype=str)
    assert list(adoptions["city"]) == ["dolyna", "yaremche"]
    assert list(adoptions.columns) == ["city", "instrument", "status", "as_of", "source", "locator"]


def test_missing_file_is_a_clear_error(tmp_path) -> None:
    from promis_analytics.extract.documents import DocumentError

    with pytest.raises(DocumentError, match=r"card_2019H2\.txt: file not found"):
        monitoring_card(str(tmp_path / "card_2019H2.txt"))


def test_reads_a_path(tmp_path) -> None:
    path = tmp_path / "card.txt"
    path.write_text(
        HEADER + "Проведено семінар «А», 5 вересня 2019 р., м. Полтава (10 учасників)",
        encoding="utf-8",
    )
    assert monitoring_card(path).participants_total == 10
    assert monitoring_card(str(path)).participants_total == 10


def test_vocabulary_values_are_register_values() -> None:
    from promis_analytics.extract.card_vocab import vocabulary
    from promis_analytics.registers.schema.codes import EVENT_TYPES

    assert {v for _, v in vocabulary("event_type")} <= set(EVENT_TYPES)
    assert {v for _, v in vocabulary("status")} <= {"adopted", "in_progress"}


@pytest.mark.parametrize(
    ("place", "city", "finding"),
    [
        ("м. Луцьк", "UA07080170010083384", None),
        ("у Чернігові", "UA74100390010054825", None),
        ("с. Запоріжжя", None, "ambiguous_place"),
        ("м. Зоряноград", None, "unknown_place"),
    ],
)
def test_event_places_resolve_through_the_codifier(
    place: str, city: str | None, finding: str | None
) -> None:
    x = card(f"Проведено семінар «Досвід», 8 жовтня 2019 р., {place} (14 учасників)")
    assert list(x.events["city"].fillna("")) == [city or ""]
    kinds = {f.kind for f in x.findings} & {"ambiguous_place", "unknown_place"}
    assert kinds == ({finding} if finding else set())
    if finding == "ambiguous_place":
        (f,) = [f for f in x.findings if f.kind == finding]
        assert "Пологівський район" in f.message
