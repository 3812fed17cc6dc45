"""Excel templates: bilingual header, drop-downs, README; a filled template loads back clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from promis_analytics.registers import SCHEMAS, load
from promis_analytics.registers.out.template import write_template
from promis_analytics.registers.schema.fields import FIELDS

FILLED: dict[str, list[dict[str, object]]] = {
    "events": [
        {
            "event_id": "E1",
            "title": "«Бюджет участі»",
            "event_type": "тренінг",
            "component": "1100",
            "date_start": dt.date(2018, 7, 5),
            "date_end": dt.date(2018, 7, 6),
            "city": "Вінниця",
            "country": "Україна",
            "participants": 25,
            "women": 15,
            "source": "monitoring_card_2018H2",
            "locator": "s2",
        },
    ],
    "cofinancing": [
        {
            "project_id": "DG-1",
            "fund": "фонд демократичного врядування",
            "city": "Хмільник",
            "title": "Відкрите місто",
            "date": dt.date(2019, 3, 1),
            "project_amount": 10000,
            "project_currency": "кан. дол.",
            "partner_amount": 12000.5,
            "partner_currency": "CAD",
            "source": "results_brochure_2021",
            "locator": "s3",
        },
    ],
    "index_scores": [
        {
            "index": "Прозорі міста",
            "city": "Кременчук",
            "year": 2018,
            "score": 60.5,
            "max_score": 100,
            "rank": 5,
            "rank_of": 100,
            "source": "https://ti-ukraine.org/",
            "locator": "r1",
        },
    ],
    "recommendations": [
        {
            "recommendation_id": "R1",
            "city": "Горішні Плавні",
            "area": "ЦНАП",
            "year_given": 2017,
            "status": "виконано",
            "status_date": dt.date(2021, 3, 31),
            "source": "results_brochure_2021",
            "locator": "s5",
        },
    ],
    "indicators": [
        {
            "program": "Програма МСП",
            "period": "2019",
            "group": "показник продукту",
            "indicator": "Кількість консультацій",
            "unit": "од.",
            "target": 10,
            "actual": 12,
            "reported_pct": 120,
            "source": "bakhmut_program_report_2019",
            "locator": "t1",
        },
    ],
    "adoptions": [
        {
            "city": "Запоріжжя",
            "instrument": "електронні петиції",
            "status": "запроваджено",
            "as_of": dt.date(2018, 12, 31),
            "source": "monitoring_card_2018H2",
            "locator": "s4",
        },
    ],
    "results": [
        {
            "result_id": "1100",
            "result_title": "Відкрите врядування",
            "level": "безпосередній результат",
            "indicator_id": "1100.1",
            "indicator": "Міста з е-петиціями",
            "indicator_en": "Cities with e-petitions",
            "unit": "міст",
            "measure": "одиниці",
            "direction": "зростання",
            "baseline_year": 2016,
            "baseline": 2,
            "period_start": dt.date(2018, 1, 1),
            "period_end": dt.date(2018, 12, 31),
            "target": 10,
            "actual": 12,
            "place": "",
            "sex": "усі",
            "source": "monitoring_card_2018H2",
            "locator": "s6",
        },
    ],
    "facts": [
        {
            "fact_id": "F1",
            "section": "1",
            "metric": "partner_cities",
            "value": 16,
            "unit": "кількість",
            "cities": "Вінниця; Яремче",
            "as_printed": "16",
            "source": "results_brochure_2021",
            "locator": "s1",
        },
    ],
}


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_filled_template_loads_back_with_zero_problems(tmp_path: Path, kind: str) -> None:
    p = write_template(kind, tmp_path / f"{kind}.xlsx", rows=FILLED[kind])
    reg = load(kind, p)
    assert reg.report.ok and not reg.report.errors
    assert (reg.report.accepted, reg.report.rows_read) == (1, 1)
    first_key = {
        "events": "E1",
        "cofinancing": "DG-1",
        "index_scores": "transparent_cities",
        "recommendations": "R1",
        "indicators": "Програма МСП",
        "adoptions": "zaporizhzhia",
        "facts": "F1",
        "results": "1100.1",
    }
    assert reg.data.iloc[0][SCHEMAS[kind].key[0]] == first_key[kind]


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_template_layout(tmp_path: Path, kind: str) -> None:
    p = write_template(kind, tmp_path / f"{kind}.xlsx", places=("Суми", "Конотоп"))
    wb = openpyxl.load_workbook(p)
    ws = wb[kind]
    schema = SCHEMAS[kind]
    headers = [c.value for c in ws[1]]
    assert headers == [f"{FIELDS[c].label_uk} / {FIELDS[c].label_en}" for c in schema.columns]
    assert ws.freeze_panes == "A2"
    assert all(ws.column_dimensions[c].width >= 12 for c in "ABC")
    assert wb["lists"].sheet_state == "hidden"
    readme = wb["README"]
    described = [r[0].value for r in readme.iter_rows(min_row=2) if r[0].value][: len(headers)]
    assert described == list(schema.columns)
    lists = {c.value: i for i, c in enumerate(wb["lists"][1], start=1)}
    dropdown_cols = {
        c for c in schema.columns if schema.field(c).allowed or FIELDS[c].dtype == "city"
    }
    assert set(lists) == dropdown_cols
    assert len(ws.data_validations.dataValidation) == len(dropdown_cols)


def test_city_dropdown_lists_the_profiles_16_partner_cities(tmp_path: Path) -> None:
    from promis_analytics import paths
    from promis_analytics.project import project_settings
    from promis_analytics.registers.out.template import profile_places

    places = profile_places(project_settings(paths.raw_dir()))  # the embedded PROMIS profile
    wb = openpyxl.load_workbook(write_template("events", tmp_path / "e.xlsx", places=places))
    lists = wb["lists"]
    col = next(c.column for c in lists[1] if c.value == "city")
    names = [lists.cell(row=r, column=col).value for r in range(2, 18)]
    assert names[0] == "Вінниця" and "Мелітополь" in names and len(set(names)) == 16
    dv = next(d for d in wb["events"].data_validations.dataValidation if "G2" in str(d.sqref))
    assert dv.formula1.startswith("lists!$")


def test_without_a_profile_no_city_dropdown_and_no_promis_city(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template("events", tmp_path / "e.xlsx"))
    assert "city" not in [c.value for c in wb["lists"][1]]
    assert "Вінниця" not in {c.value for row in wb["lists"].iter_rows() for c in row}


def test_oblasts_give_their_cities_in_the_dropdown(tmp_path: Path) -> None:
    from promis_analytics.project import settings_from
    from promis_analytics.registers.out.template import profile_places

    places = profile_places(settings_from({"oblasts": ["Харківська", "Сумська"]}))
    assert places[0] == "Балаклія" and "Харків" in places and "Конотоп" in places
    assert places.index("Харків") < places.index("Конотоп")  # by oblast as declared, then name
    assert "Вінниця" not in places


def test_template_refuses_other_extensions(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_template("events", tmp_path / "e.csv")
