"""Loading each register from small Ukrainian-headed .xlsx/.csv files written in tmp_path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from profiles import promis_codes

from promis_analytics.registers import (
    SCHEMAS,
    load,
    load_adoptions,
    load_cofinancing,
    load_events,
    load_facts,
    load_index_scores,
    load_indicators,
    load_recommendations,
)


def write_xlsx(
    path: Path, rows: list[list[object]], *, title: str | None = None, sheet: str = "Аркуш1"
) -> Path:
    """A workbook with an optional merged title row above ``rows``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_events_xlsx_title_row_totals_excel_and_text_dates(tmp_path: Path) -> None:
    p = write_xlsx(
        tmp_path / "events.xlsx",
        [
            [],
            [
                "№ заходу",
                "Назва заходу",
                "Вид заходу",
                "Продукт",
                "Дата початку",
                "Дата завершення",
                "Місто",
                "Країна",
                "Кількість учасників",
                "З них жінок",
                "Джерело",
                "Місце в джерелі",
            ],
            [
                "E1",
                "«Бюджет участі»",
                "тренінг",
                "1100",
                dt.datetime(2018, 7, 5),
                dt.datetime(2018, 7, 6),
                "Вінниця",
                "Україна",
                25,
                15,
                "monitoring_card_2018H2",
                "s2 r1",
            ],
            [],
            [
                "E2",
                "Навчальний візит до Канади",
                "study_tour",
                None,
                "13.09.2018",
                "20 вересня 2018",
                "Кременчук",
                "Канада",
                "12",
                None,
                "monitoring_card_2018H2",
                "s2 r2",
            ],
            ["Всього", None, None, None, None, None, None, None, 37, 15, None, None],
        ],
        title="Реєстр заходів ПРОМІС, 2018 (ІІ півріччя)",
    )
    reg = load("events", p)
    d = reg.data
    assert list(d.columns) == list(SCHEMAS["events"].columns)
    assert d["event_id"].tolist() == ["E1", "E2"]
    assert d["event_type"].tolist() == ["training", "study_tour"]
    assert d.loc[0, "component"] == "1100"
    assert pd.isna(d.loc[1, "component"])
    assert d["date_start"].tolist() == [pd.Timestamp("2018-07-05"), pd.Timestamp("2018-09-13")]
    assert d["date_end"].tolist() == [pd.Timestamp("2018-07-06"), pd.Timestamp("2018-09-20")]
    assert d["city"].tolist() == ["vinnytsia", "kremenchuk"]
    assert d["participants"].tolist() == [25, 12]
    assert str(d["participants"].dtype) == "Int64"
    assert d.loc[0, "women"] == 15 and pd.isna(d.loc[1, "women"])
    assert d.attrs["rows"] == [4, 6]
    r = reg.report
    assert (r.rows_read, r.accepted, r.rejected, r.blank, r.totals) == (4, 2, 0, 1, 1)
    assert r.ok and r.balanced
    assert load_events(p).equals(d)


def test_cofinancing_cp1251_semicolon_csv(tmp_path: Path) -> None:
    promis_codes(tmp_path)  # the PROMIS funds and their names
    p = write_csv(
        tmp_path / "cofinancing.csv",
        [
            "Співфінансування проєктів фонду;;;;;;;;;;;",
            "Код проєкту;Фонд;Місто;Назва;Тема;Дата;Внесок ПРОМІС;Валюта внеску ПРОМІС;"
            "Внесок партнера;Валюта внеску партнера;Джерело;Місце в джерелі",
            "DG-01;фонд демократичного врядування;Полтава;Відкрите місто;e-врядування;"
            "15.03.2019;317,0 тис.;CAD;453,3 тис.;CAD;results_brochure_2021;s3",
            "SME-07;sme_fund;Ладижин;Бізнес-інкубатор;МСП;2019-11-02;30 000;USD;"
            "6 млн 340 тис. грн;UAH;results_brochure_2021;s4",
        ],
        encoding="cp1251",
    )
    reg = load("cofinancing", p)
    d = reg.data
    assert d["project_id"].tolist() == ["DG-01", "SME-07"]
    assert d["fund"].tolist() == ["dg_fund", "sme_fund"]
    assert d["city"].tolist() == ["poltava", "ladyzhyn"]
    assert d["date"].tolist() == [pd.Timestamp("2019-03-15"), pd.Timestamp("2019-11-02")]
    assert d["project_amount"].tolist() == [317000.0, 30000.0]
    assert d["partner_amount"].tolist() == [453300.0, 6340000.0]
    assert d["partner_currency"].tolist() == ["CAD", "UAH"]
    assert reg.report.counts()["rows_read"] == 2
    assert load_cofinancing(p).equals(d)


def test_index_scores_xlsx_english_headers_any_order(tmp_path: Path) -> None:
    p = write_xlsx(
        tmp_path / "scores.xlsx",
        [
            [
                "CITY",
                " year ",
                "Index",
                "Score",
                "Max score",
                "Rank",
                "Rank of",
                "Source",
                "Locator",
            ],
            [
                "Івано-Франківськ",
                2017,
                "Прозорі міста",
                54.0,
                100,
                3,
                100,
                "https://ti-ukraine.org/",
                "row 2",
            ],
            [
                "Kremenchuk",
                "2017",
                "transparent_cities",
                "49,6",
                "100",
                "8",
                "100",
                "https://poltava.sq.com.ua/",
                "row 1",
            ],
        ],
    )
    d = load_index_scores(p)
    assert d["city"].tolist() == ["ivano_frankivsk", "kremenchuk"]
    assert d["index"].tolist() == ["transparent_cities"] * 2
    assert d["year"].tolist() == [2017, 2017]
    assert d["score"].tolist() == [54.0, 49.6]
    assert d["rank"].tolist() == [3, 8]


def test_recommendations_utf8_bom_csv(tmp_path: Path) -> None:
    p = write_csv(
        tmp_path / "recommendations.csv",
        [
            "Код рекомендації,Місто,Сфера,Рік надання,Статус,Дата статусу,Джерело,Місце в джерелі",
            'R-001,Жмеринка,ЦНАП,2017,виконано частково,31.03.2021,results_brochure_2021,"s5, p2"',
            "R-002,Мелітополь,budget_transparency,2016,Implemented,2021-03-31,"
            "results_brochure_2021,s5",
        ],
        encoding="utf-8-sig",
    )
    d = load_recommendations(p)
    assert d["city"].tolist() == ["zhmerynka", "melitopol"]
    assert d["area"].tolist() == ["cnap", "budget_transparency"]
    assert d["status"].tolist() == ["partially_implemented", "implemented"]
    assert d["year_given"].tolist() == [2017, 2016]
    assert d["status_date"].tolist() == [pd.Timestamp("2021-03-31")] * 2
    assert d["locator"].tolist() == ["s5, p2", "s5"]


def test_indicators_utf16_tab_csv_keeps_na_text(tmp_path: Path) -> None:
    p = write_csv(
        tmp_path / "indicators.csv",
        [
            "Програма\tПеріод\tГрупа показників\tПоказник\tОдиниця виміру\tБазове значення"
            "\tПлан\tФакт\tВиконання, %\tДжерело\tМісце в джерелі",
            "Програма розвитку МСП\t2019\tпоказник витрат\tОбсяг видатків\tтис. грн\t\t"
            "1 500,0\t1 450,5\t96,7 %\tbakhmut_program_report_2019\tt1 r1",
            "Програма розвитку МСП\t2019\tproduct\tNA\tод.\t0\t12\t12\t100\t"
            "bakhmut_program_report_2019\tt1 r2",
        ],
        encoding="utf-16",
    )
    d = load_indicators(p)
    assert d["group"].tolist() == ["cost", "product"]
    assert d["indicator"].tolist() == ["Обсяг видатків", "NA"]  # "NA" is text, not missing
    assert d["target"].tolist() == [1500.0, 12.0]
    assert d["actual"].tolist() == [1450.5, 12.0]
    assert d["reported_pct"].tolist() == [96.7, 100.0]
    assert pd.isna(d.loc[0, "baseline"]) and d.loc[1, "baseline"] == 0.0


def test_adoptions_xlsx_excel_dates_and_named_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Примітки"
    wb.active.append(["не дані"])
    ws = wb.create_sheet("adoptions")
    ws.append(["м.", "Інструмент", "Статус", "Станом на", "Джерело", "Місце в джерелі"])
    ws.append(
        [
            "Долина",
            "бюджет участі",
            "запроваджено",
            dt.datetime(2018, 12, 31),
            "monitoring_card_2018H2",
            "s4 list 1",
        ]
    )
    ws.append(
        [
            "Енергодар",
            "e_petitions",
            "in_progress",
            "31.12.2018",
            "monitoring_card_2018H2",
            "s4 list 2",
        ]
    )
    p = tmp_path / "adoptions.xlsx"
    wb.save(p)
    d = load_adoptions(p)
    assert d["city"].tolist() == ["dolyna", "enerhodar"]
    assert d["instrument"].tolist() == ["participatory_budget", "e_petitions"]
    assert d["status"].tolist() == ["adopted", "in_progress"]
    assert d["as_of"].tolist() == [pd.Timestamp("2018-12-31")] * 2


def test_facts_csv_title_row_and_city_lists(tmp_path: Path) -> None:
    p = write_csv(
        tmp_path / "facts.csv",
        [
            "Факти брошури #МістаТаЗміни",
            "",
            "fact_id,section,metric,value,unit,period_start,period_end,cities,as_printed,"
            "source,locator",
            "F1,2,participatory_budget_total,229800000,UAH,2016-01-01,2020-12-31,,"
            '"229,8 млн грн",results_brochure_2021,s2',
            'F2,2,recommendations_implemented_share,"43,9",percent,,,"Вінниця; Полтава",'
            '"43,9 %",results_brochure_2021,s5',
        ],
    )
    reg = load("facts", p)
    d = reg.data
    assert d["value"].tolist() == [229800000.0, 43.9]
    assert d["unit"].tolist() == ["UAH", "percent"]
    assert pd.isna(d.loc[0, "cities"])
    assert d.loc[1, "cities"] == "vinnytsia;poltava"
    assert d["as_printed"].tolist() == ["229,8 млн грн", "43,9 %"]
    assert d.attrs["rows"] == [4, 5]
    assert load_facts(p).equals(d)


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_key_columns_are_declared_columns(kind: str) -> None:
    s = SCHEMAS[kind]
    assert set(s.key) <= set(s.columns) and set(s.required) <= set(s.columns)
    # optional key parts are those whose emptiness means something (results: project-wide, all)
    assert set(s.key) - set(s.required) <= {"place", "sex"}


def test_xlsm_is_read_values_only_and_sheet_can_be_named(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Дані"
    wb.active.append(["city", "instrument", "status", "as_of", "source", "locator"])
    wb.active.append(["Хмільник", "open_city", "adopted", "2018-12-31", "mc", "=1+1"])
    wb.create_sheet("Інше").append(["x"])
    p = tmp_path / "reg.xlsm"
    wb.save(p)
    reg = load("adoptions", p, sheet="Дані", strict=False)
    # a formula is never run: with no cached value it is reported, not computed or dropped
    assert [(e.row, e.column_letter, e.code) for e in reg.report.errors] == [
        (2, "F", "formula_no_value")
    ]
    assert reg.rejects["locator"].tolist() == ["=1+1"]


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown register kind 'people'"):
        load("people", tmp_path / "x.csv")


@pytest.mark.parametrize(
    ("total", "problems"),
    [("27 500,5", []), ("27 600", [(5, "I", "totals_mismatch")])],
)
def test_cofinancing_totals_row_is_checked_not_loaded(
    tmp_path: Path, total: str, problems: list[tuple[int, str, str]]
) -> None:
    p = write_csv(
        tmp_path / "cofinancing.csv",
        [
            "Гендерні ініціативи;;;;;;;;;;;",
            "Код проєкту;Фонд;Місто;Назва;Тема;Дата;Внесок ПРОМІС;Валюта внеску ПРОМІС;"
            "Внесок міста;Валюта внеску міста;Джерело;Місце в джерелі",
            "G-1;гендерні ініціативи;Мелітополь;Школа лідерок;гендер;1 березня 2020;10 000;CAD;"
            "12 500,5;UAH;results_brochure_2021;s7",
            "G-2;gender_initiatives;Бердянськ;Жінки в бізнесі;гендер;2020-03-02;20 000;CAD;"
            "15 000;UAH;results_brochure_2021;s7",
            f"Разом;;;;;;30 000;;{total};;;",
        ],
        encoding="cp1251",
    )
    reg = load("cofinancing", p, strict=False)
    assert [(e.row, e.column_letter, e.code) for e in reg.report.errors] == problems
    assert reg.data["project_amount"].tolist() == [10000.0, 20000.0]
    assert reg.data["date"].tolist() == [pd.Timestamp("2020-03-01"), pd.Timestamp("2020-03-02")]
    assert (reg.report.rows_read, reg.report.accepted, reg.report.totals) == (3, 2, 1)


@pytest.mark.parametrize(
    ("amount", "currency", "expected", "codes"),
    [
        ("453,3 тис. CAD", "", ("CAD", 453300.0), []),
        ("453,3 тис. CAD", "CAD", ("CAD", 453300.0), []),
        ("9 млн 66 тис. грн", "UAH", ("UAH", 9066000.0), []),
        ("453,3 тис. CAD", "UAH", None, ["currency_mismatch"]),
        ("453,3 тис.", "", None, ["currency_missing"]),
    ],
)
def test_amount_and_currency_cells_agree(
    tmp_path: Path,
    amount: str,
    currency: str,
    expected: tuple[str, float] | None,
    codes: list[str],
) -> None:
    p = write_csv(
        tmp_path / "cofinancing.csv",
        [
            "project_id,fund,title,partner_amount,partner_currency,source,locator",
            f'P1,dg_fund,Проєкт,"{amount}",{currency},results_brochure_2021,s3',
        ],
    )
    reg = load("cofinancing", p, strict=False)
    assert [e.code for e in reg.report.errors] == codes
    if expected:
        row = reg.data.iloc[0]
        assert (row["partner_currency"], row["partner_amount"]) == expected
