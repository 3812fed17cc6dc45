"""Any place in Ukraine in a register: zero rejected rows, oblast disaggregation, ambiguity
reported with candidates, renamings noted, codifier columns in the processed table."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from promis_analytics.indicators import participants_per_city
from promis_analytics.registers import load
from promis_analytics.registers.check.places import with_place_columns

HEADER = [
    "ID",
    "Назва заходу",
    "Тип заходу",
    "Дата початку",
    "Місто",
    "Учасники",
    "Джерело",
    "Місце в джерелі",
]


def _register(tmp_path: Path, places: list[str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Заходи"
    ws.append(HEADER)
    for i, place in enumerate(places, start=1):
        ws.append(
            [f"E{i}", f"Захід {i}", "семінар", f"0{i}.03.2019", place, 10 * i, "реєстр", f"r{i}"]
        )
    path = tmp_path / "events.xlsx"
    wb.save(path)
    return path


def test_places_across_ukraine_load_and_disaggregate_by_oblast(tmp_path: Path) -> None:
    places = [
        "Луцьк",
        "Чернігів",
        "м. Біла Церква",
        "онлайн",
        "с. Гута, Буська громада",
        "у Ковелі",
    ]
    reg = load("events", _register(tmp_path, places))
    assert reg.report.rejected == 0 and reg.report.accepted == 6
    assert list(reg.data["city"]) == [
        "UA07080170010083384",
        "UA74100390010054825",
        "UA32020010010081183",
        "online",
        "UA46040030170048538",
        "UA07060190010068509",
    ]
    by_oblast = participants_per_city(reg.data, by=("oblast",))
    got = dict(zip(by_oblast["oblast"], by_oblast["participants"], strict=True))
    assert got == {
        "Volyn Oblast": 10 + 60,
        "Chernihiv Oblast": 20,
        "Kyiv Oblast": 30,
        "Lviv Oblast": 50,
        "(none)": 40,
        "(total)": 210,
    }


def test_processed_table_gains_code_and_oblast(tmp_path: Path) -> None:
    reg = load("events", _register(tmp_path, ["Луцьк", "Вінниця", "онлайн"]))
    out = with_place_columns(reg.data, "events")
    i = list(out.columns).index("city")
    assert list(out.columns[i : i + 3]) == ["city", "city_katottg", "city_oblast"]
    assert list(out["city_katottg"].fillna("")) == [
        "UA07080170010083384",
        "UA05020030010063857",
        "",
    ]
    assert list(out["city_oblast"].fillna("")) == ["Волинська область", "Вінницька область", ""]
    assert len(out) == len(reg.data)


def test_ambiguous_place_is_a_problem_with_candidates(tmp_path: Path) -> None:
    reg = load("events", _register(tmp_path, ["Луцьк", "Гута, Львівська обл."]), strict=False)
    assert reg.report.accepted == 1 and reg.report.rejected == 1
    (e,) = [e for e in reg.report.errors]
    assert (e.code, e.row, e.column_letter) == ("ambiguous_place", 3, "E")
    msg = reg.report.to_frame("uk").iloc[0]
    text = " ".join(str(v) for v in msg.to_numpy())
    assert "Буська громада" in text and "Сокальська громада" in text
    assert "Східницька громада" in text


@pytest.mark.parametrize(
    ("old", "key"), [("Кіровоград", "UA35040210010019355"), ("Комсомольськ", "horishni_plavni")]
)
def test_renamed_place_loads_with_a_note(tmp_path: Path, old: str, key: str) -> None:
    reg = load("events", _register(tmp_path, [old]))
    assert list(reg.data["city"]) == [key]
    notes = [e for e in reg.report.entries if e.code == "place_note"]
    assert len(notes) == 1 and notes[0].row == 2
    assert "перейменовано" in reg.report.to_frame("uk").to_string()


def test_chart_shows_codifier_places_by_name_under_other_places(tmp_path: Path) -> None:
    from promis_analytics.charts import label, participants_by_city

    reg = load("events", _register(tmp_path, ["Луцьк", "Вінниця", "онлайн"]))
    # a project that declares no partners: no «Міста-партнери» group at all
    plain = participants_per_city(reg.data, by=("city", "event_type"))
    fig = participants_by_city(plain, lang="uk", source="реєстр")
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert label("group.partner_cities", "uk") not in ticks
    assert {"Луцьк", "Вінниця", "онлайн"} <= set(ticks)
    # one that declares Вінниця as its partner: the partner first, then the other places
    table = participants_per_city(reg.data, by=("city", "event_type"), partners=["Вінниця"])
    fig = participants_by_city(table, lang="uk", source="реєстр")
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[0] == label("group.partner_cities", "uk") and ticks[1] == "Вінниця"
    other = ticks.index(label("group.other_places", "uk"))
    assert {"Луцьк", "онлайн"} <= set(ticks[other + 1 :])
    assert label("city.UA07080170010083384", "en") == "Lutsk"
