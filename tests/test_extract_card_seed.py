"""The card extractor over the real 2018 H2 monitoring card; expectations verified by reading it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from promis_analytics.extract import CardExtract, monitoring_card

CARD = "monitoring_card_2018H2.txt"


@pytest.fixture(scope="module")
def card_path(seeds_dir: Path) -> Path:
    return seeds_dir / CARD


@pytest.fixture(scope="module")
def x(card_path: Path) -> CardExtract:
    return monitoring_card(card_path)


@pytest.fixture(scope="module")
def text(card_path: Path) -> str:
    return card_path.read_text(encoding="utf-8")


def offset(locator: str) -> int:
    return int(locator.split(":")[0].removeprefix("char "))


def test_header(x: CardExtract) -> None:
    # previous monitoring 30.06.2018: the half-year is 2018-07-01…2018-12-31 (issue 23)
    assert x.period == (date(2018, 7, 1), date(2018, 12, 31))
    assert x.registration == "3229-02"
    assert x.project == "Партнерство для розвитку міст (ПРОМІС)"


def test_event_count_and_participants_total(x: CardExtract) -> None:
    # 38 events with a participant figure once the second print of the women's congress is
    # dropped (3 777 participants summed by hand from the card), plus the two totals that
    # issue 23 made events: the LED course (161 in 12 dated sessions, five cities) and the
    # DFRR project-writing trainings (146, four sessions 3–20 December, four cities)
    assert len(x.events) == 40
    assert x.participants_total == 3777 + 161 + 146
    assert x.events["event_id"].is_unique
    assert x.events["event_id"].iloc[0] == "card2018h2-001"
    assert set(x.events["source"]) == {"monitoring_card_2018H2"}


def test_counts_by_type(x: CardExtract) -> None:
    # the card says 13 seminars were held and lists all 13 of them
    by_type = x.events["event_type"].value_counts().to_dict()
    assert by_type == {
        "seminar": 13, "training": 9, "forum": 6, "study_tour": 5,
        "conference": 3, "round_table": 2, "other": 2,
    }  # fmt: skip


def row(x: CardExtract, participants: int, **match: object) -> pd.Series:
    ev = x.events[x.events["participants"] == participants]
    for k, v in match.items():
        ev = ev[ev[k] == v]
    assert len(ev) == 1, ev
    return ev.iloc[0]


@pytest.mark.parametrize(
    ("participants", "title_start", "event_type", "start", "end", "city", "country"),
    [
        # three trainings sharing one title; the second and third inherit the year
        (
            20,
            "Гендерно орієнтоване",
            "training",
            date(2018, 11, 1),
            date(2018, 11, 2),
            "melitopol",
            None,
        ),
        (
            21,
            "Гендерно орієнтоване",
            "training",
            date(2018, 11, 8),
            date(2018, 11, 9),
            "horishni_plavni",
            None,
        ),
        (
            15,
            "Гендерно орієнтоване",
            "training",
            date(2018, 11, 26),
            date(2018, 11, 27),
            "ivano_frankivsk",
            None,
        ),
        # city printed without "м."
        (
            25,
            "Журналістика",
            "training",
            date(2018, 7, 12),
            date(2018, 7, 13),
            "zaporizhzhia",
            None,
        ),
        (14, "Журналістика", "training", date(2018, 7, 16), date(2018, 7, 17), "poltava", None),
        # study tours in Canada: country, no city
        (
            10,
            "Навчальну поїздку міських голів",
            "study_tour",
            date(2018, 7, 21),
            date(2018, 7, 31),
            None,
            "canada",
        ),
        (
            11,
            "Соціальне та жіноче",
            "study_tour",
            date(2018, 10, 9),
            date(2018, 10, 18),
            None,
            "canada",
        ),
        (
            21,
            "Моніторинг впровадження",
            "study_tour",
            date(2018, 9, 20),
            date(2018, 9, 21),
            "kryvyi_rih",
            None,
        ),
        # "13 учасники" inside the parenthesis with the date
        (
            13,
            "Експрес-аналіз",
            "training",
            date(2018, 9, 13),
            date(2018, 9, 14),
            "zaporizhzhia",
            None,
        ),
        # cross-month range, outside the half-year
        (
            242,
            "2-го спеціалізованого",
            "forum",
            date(2018, 5, 30),
            date(2018, 6, 1),
            "zaporizhzhia",
            None,
        ),
        # "м.Івано-Франківськ" without a space
        (
            126,
            "Партнерство та Перспектива",
            "forum",
            date(2018, 9, 28),
            date(2018, 9, 28),
            "ivano_frankivsk",
            None,
        ),
        (
            828,
            "ІІ Міжнародного InCco-Forum",
            "forum",
            date(2018, 10, 12),
            date(2018, 10, 12),
            "zaporizhzhia",
            None,
        ),
        # villages
        (
            50,
            "Залучення прямих іноземних",
            "seminar",
            date(2018, 7, 11),
            date(2018, 7, 12),
            "huta",
            None,
        ),
        (
            30,
            "Розробка проектної заявки",
            "seminar",
            date(2018, 10, 23),
            date(2018, 10, 23),
            "stari_bohorodchany",
            None,
        ),
        # "(25учасників)"
        (
            25,
            "Розробка проектної пропозиції",
            "seminar",
            date(2018, 12, 6),
            date(2018, 12, 6),
            "lviv",
            None,
        ),
        (
            104,
            "Українського жіночого конгресу",
            "conference",
            date(2018, 9, 28),
            date(2018, 9, 28),
            "lviv",
            None,
        ),
    ],
)
def test_specific_events(x, participants, title_start, event_type, start, end, city, country):
    ev = x.events[
        (x.events["participants"] == participants) & x.events["title"].str.startswith(title_start)
    ]
    assert len(ev) == 1, ev
    ev = ev.iloc[0]
    assert ev["event_type"] == event_type
    assert (ev["date_start"], ev["date_end"]) == (start, end)
    assert (None if pd.isna(ev["city"]) else ev["city"]) == city
    assert (None if pd.isna(ev["country"]) else ev["country"]) == country


def test_unreadable_date_event_is_kept_with_the_half_year(x: CardExtract) -> None:
    """«8-9 серпня січня 2018 р.» names two months: the event keeps its 20 participants,
    dated by the card's half-year with date_precision "period" (issue 13: nothing held back)."""
    ev = row(x, 20, city="kyiv")
    assert ev["event_type"] == "training"
    assert (ev["date_start"], ev["date_end"]) == (date(2018, 7, 1), date(2018, 12, 31))
    assert ev["date_precision"] == "period"


def test_events_with_no_place(x: CardExtract) -> None:
    no_city = x.events[x.events["city"].isna() & x.events["country"].isna()]
    no_place = no_city[no_city["cities"].isna()]
    assert sorted(no_place["participants"]) == [114, 354, 375, 592]
    # held in several places: not allocated to a city, the places kept in cities
    several = no_city[no_city["cities"].notna()].set_index("participants")["cities"]
    assert several.to_dict() == {
        161: "vinnytsia;poltava;zaporizhzhia;dnipro;ivano_frankivsk",
        146: "ivano_frankivsk;vinnytsia;poltava;zaporizhzhia",
    }


def test_city_totals(x: CardExtract) -> None:
    totals = x.city_totals().set_index("city")["participants"]
    assert totals["zaporizhzhia"] == 25 + 13 + 242 + 828 + 27 + 36 + 29
    assert totals["kyiv"] == 98 + 20 + 49 + 45
    assert totals["poltava"] == 14 + 89 + 17 + 17
    # no place (4), several places (2), study tours abroad (2: country, no city)
    assert totals[""] == 114 + 354 + 375 + 592 + 161 + 146 + 10 + 11
    assert totals.sum() == 3777 + 161 + 146


def test_aggregates(x: CardExtract, text: str) -> None:
    assert list(x.aggregates["value"]) == [380, 161, 146]
    for loc in x.aggregates["locator"]:
        assert text[offset(loc) :].lower().startswith(("загальна кількість", "пройшли"))


def test_findings_kinds_and_places(x: CardExtract, text: str) -> None:
    kinds = Counter(f.kind for f in x.findings)
    assert kinds["unreadable_date"] == 1
    assert kinds["duplicate_event"] == 1
    assert kinds["outside_period"] == 2
    assert kinds["count_mismatch"] == 1
    assert kinds["year_inherited"] == 2
    assert kinds["component_unknown"] == 1
    by_kind = {k: [f for f in x.findings if f.kind == k] for k in kinds}
    assert text[offset(by_kind["unreadable_date"][0].locator) :].startswith("8-9 серпня січня")
    assert by_kind["unreadable_date"][0].severity == "error"
    assert "592" in by_kind["duplicate_event"][0].message
    outside = [text[offset(f.locator) :][:120] for f in by_kind["outside_period"]]
    assert any("бізнес-форуму" in t and "травня" in t for t in outside)  # 10-11 May, Kremenchuk
    assert any("ECO FORUM" in t for t in outside)  # 30 May – 1 June, Zaporizhzhia
    # the gender mini-grant statement: 7 regions printed, 4 names listed (a comma is missing)
    mismatch = by_kind["count_mismatch"][0]
    assert mismatch.severity == "error"
    assert "printed 7" in mismatch.message and "4 names" in mismatch.message
    # the second print of the congress is dropped with its own findings
    assert sorted(int(f.message.split()[0]) for f in by_kind["no_place"]) == [114, 354, 375, 592]
    # findings come in reading order
    offsets = [offset(f.locator) for f in x.findings]
    assert offsets == sorted(offsets)


ADOPTED = {
    "advisory_committee": ("adopted", 16),  # listed by oblast inside a parenthesis
    "open_city": ("adopted", 7),
    "e_petitions": ("adopted", 12),
    "sustainable_development_strategy": ("adopted", 8),
    "economic_development_strategy": ("adopted", 1),
    "subregional_development_strategy": ("adopted", 2),
    "tourism_strategy": ("adopted", 2),
    "marketing_strategy": ("adopted", 7),  # working groups first, then adopted: kept adopted
    "city_brand": ("adopted", 3),
    "sme_program": ("adopted", 4),
    "export_promotion_program": ("adopted", 4),
    "participatory_budget": ("adopted", 15),
    "gender_budgeting": ("in_progress", 3),
}


def test_adoptions(x: CardExtract) -> None:
    a = x.adoptions
    assert set(a["as_of"]) == {date(2018, 12, 31)}
    got = {
        inst: (grp["status"].iloc[0], len(grp))
        for inst, grp in a.groupby("instrument")
        if grp["status"].nunique() == 1
    }
    assert got == ADOPTED
    # development strategies: adopted in 13 cities, working groups set up in 2 more
    dev = a[a["instrument"] == "development_strategy"]
    assert dev["status"].value_counts().to_dict() == {"adopted": 13, "in_progress": 2}
    assert set(dev.loc[dev["status"] == "in_progress", "city"]) == {"zhmerynka", "melitopol"}
    assert len(a) == 99
    pb = set(a.loc[a["instrument"] == "participatory_budget", "city"])
    assert "yaremche" in pb and "ladyzhyn" not in pb
    assert set(a.loc[a["instrument"] == "open_city", "city"]) == {
        "dolyna", "kolomyia", "myrhorod", "kremenchuk", "zaporizhzhia", "enerhodar", "melitopol",
    }  # fmt: skip
    per_statement = a.groupby(["instrument", "status"])["city"].transform("size")
    assert (a["printed_n"] == per_statement).all()
    assert not a.duplicated(["city", "instrument"]).any()


def test_committed_events_file_is_reproduced(card_path: Path, tmp_path: Path) -> None:
    """data/raw/events.csv is exactly what ``promis extract card`` writes for the seed card."""
    from click.testing import CliRunner

    from promis_analytics import paths
    from promis_analytics.cli import cli

    out = tmp_path / "events.csv"
    res = CliRunner().invoke(cli, ["extract", "card", str(card_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == (paths.raw_dir() / "events.csv").read_bytes()
