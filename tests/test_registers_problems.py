"""Every planted problem is reported with its Excel row and column; no row disappears."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles import promis_codes

from promis_analytics.errors import RegisterError
from promis_analytics.registers import load

HEADER = [
    "Код заходу",
    "Назва",
    "Тип заходу",
    "Продукт проєкту",
    "Дата початку",
    "Дата завершення",
    "Місто",
    "Країна",
    "Кількість учасників",
    "З них жінок",
    "Джерело",
    "Місце в джерелі",
    "Примітка",
]


def good(event_id: str, **change: object) -> list[object]:
    row: list[object] = [
        event_id,
        "Семінар з бюджету участі",
        "семінар",
        "1200",
        dt.datetime(2018, 10, 2),
        dt.datetime(2018, 10, 3),
        "Коломия",
        "Україна",
        20,
        10,
        "monitoring_card_2018H2",
        "s2",
        None,
    ]
    for col, value in change.items():
        row["ABCDEFGHIJKLMN".index(col)] = value
    return row


@pytest.fixture()
def planted(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Заходи"
    ws.append(["Реєстр заходів"])  # 1 title
    ws.append(HEADER)  # 2 header (M not in the schema: carried as an extra column)
    ws.append(good("E1"))  # 3 valid
    ws.append(good("E2", C="вебінарр"))  # 4 unknown category
    ws.append(good("E3", I="-2,5", J=None))  # 5 type + range
    ws.append(good("E4", I=20, J=30))  # 6 women > participants
    ws.append(good("E5", F=dt.datetime(2018, 10, 1)))  # 7 end before start
    ws.append(good("E6", G="Гадюкине"))  # 8 unknown city
    ws.append(good("E1"))  # 9 duplicate key
    ws.append(good("E7", E="10.01.2014", F=None))  # 10 outside the project period
    ws.append(good("E8", B=None))  # 11 required empty
    ws.append(good("E9", I="None", J=None))  # 12 "None" is not a number
    ws.append(good("E10", I="=I3+1"))  # 13 formula without a cached value
    ws.append(good("E11", D="4100"))  # 14 unknown output code
    ws.append([])  # 15 blank
    row16 = good("E12")
    row16.append("зайве")  # 16 data in column N, no header
    ws.append(row16)
    ws.append(["Всього", None, None, None, None, None, None, None, 999])  # 17 totals
    p = tmp_path / "events.xlsx"
    wb.save(p)
    promis_codes(tmp_path)  # the PROMIS components (row 14 names one it does not have)
    # the PROMIS project period, declared as a user would (row 10 lies outside it)
    (tmp_path / "promis.toml").write_text(
        "[project]\nstart = 2015-04-01\nend = 2021-03-31\n", encoding="utf-8"
    )
    return p


EXPECTED = [
    (4, "C", "not_allowed"),
    (5, "I", "bad_value"),
    (5, "I", "below_minimum"),
    (6, "J", "not_le"),
    (7, "E", "not_le"),
    (8, "G", "unknown_place"),
    (10, "E", "outside_project"),
    (11, "B", "required"),
    (12, "I", "bad_value"),
    (13, "I", "formula_no_value"),
    (14, "D", "not_allowed"),
    (16, "N", "unnamed_column"),
    (9, "A", "duplicate_key"),
    (17, "I", "totals_mismatch"),
]


def test_every_planted_problem_is_reported_with_row_and_letter(planted: Path) -> None:
    reg = load("events", planted, strict=False)
    r = reg.report
    found = [(e.row, e.column_letter, e.code) for e in r.errors]
    assert sorted(found) == sorted(EXPECTED)
    assert all(e.file == "events.xlsx" and e.sheet == "Заходи" for e in r.entries)
    notes = [(e.row, e.column_letter, e.code) for e in r.entries if e.severity == "note"]
    assert (2, "M", "extra_column") in notes
    assert "extra:Примітка" in reg.data.columns
    by_code = {e.code: e for e in r.errors}
    assert by_code["unknown_place"].value == "Гадюкине"
    assert by_code["unknown_place"].column == "Місто"
    assert "webinar" in by_code["not_allowed"].problem("en") or "4100" in str(
        by_code["not_allowed"].value
    )
    assert "row 3" in by_code["duplicate_key"].problem("en")
    assert "999" in by_code["totals_mismatch"].problem("en")
    assert by_code["totals_mismatch"].expected("en") == "197.5"  # -2,5 counts; "None" cannot


def test_row_invariant_and_rejects(planted: Path) -> None:
    reg = load("events", planted, strict=False)
    r = reg.report
    assert (r.rows_read, r.accepted, r.rejected, r.blank, r.totals) == (15, 1, 12, 1, 1)
    assert r.rows_read == r.accepted + r.rejected + r.blank + r.totals
    assert reg.data["event_id"].tolist() == ["E1"]
    assert reg.rejects["row"].tolist() == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16]
    assert reg.rejects.loc[reg.rejects["row"] == 12, "participants"].item() == "None"
    notes = [(e.row, e.code) for e in r.entries if e.severity == "note"]
    assert notes == [
        (1, "above_header"),
        (2, "extra_column"),
        (15, "blank_row"),
        (17, "totals_row"),
    ]


def test_strict_raises_with_report_and_readable_summary(planted: Path) -> None:
    with pytest.raises(RegisterError) as info:
        load("events", planted)
    assert info.value.report.rejected == 12
    msg = str(info.value)
    assert "14 problems" in msg
    assert "events.xlsx [Заходи] row 8 column G Місто: unknown place" in msg


def test_report_frame_is_bilingual(planted: Path) -> None:
    report = load("events", planted, strict=False).report
    uk = report.to_frame("uk", notes=False)
    en = report.to_frame("en", notes=False)
    assert len(uk) == len(en) == len(EXPECTED)
    assert "невідомий населений пункт" in set(uk["problem"].str.split(" \\(").str[0])
    assert list(en.columns)[:6] == ["file", "sheet", "row", "column", "column_letter", "value"]


def test_more_than_twenty_problems_are_summarised(tmp_path: Path) -> None:
    lines = ["fact_id,metric,value,unit,source,locator"]
    lines += [f"F{i},m{i},x{i},count,results_brochure_2021,s1" for i in range(25)]
    p = tmp_path / "facts.csv"
    p.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load("facts", p)
    assert "… 5 more" in str(info.value)
    assert str(info.value).count("cannot read the value") == 20


def test_missing_and_unknown_columns_with_close_matches(tmp_path: Path) -> None:
    p = tmp_path / "events.csv"
    p.write_text(
        "Код заходу,Назва,Тип заходу,Дата початку,Учасникi,Джерело,Місце в джерелі\n"
        "E1,Форум,форум,2018-11-20,40,monitoring_card_2018H2,s2\n",
        encoding="utf-8",
    )
    r = load("events", p, strict=False).report
    codes = {e.code: e for e in r.entries}
    assert codes["extra_column"].column_letter == "E" and codes["extra_column"].severity == "note"
    assert "participants" in codes["extra_column"].problem("en")
    assert codes["missing_column"].column == "participants"
    assert codes["missing_column"].problem("en") == (
        "required column 'participants' is missing (similar headers: Учасникi)"
    )


def test_short_and_long_csv_rows_are_problems(tmp_path: Path) -> None:
    p = tmp_path / "adoptions.csv"
    p.write_text(
        "city,instrument,status,as_of,source,locator\n"
        "Яремче,open_city,adopted,2018-12-31,monitoring_card_2018H2\n"
        "Бердянськ,open_city,adopted,2018-12-31,monitoring_card_2018H2,s4,extra\n",
        encoding="utf-8",
    )
    r = load("adoptions", p, strict=False).report
    assert [(e.row, e.code, e.params["found"]) for e in r.errors] == [
        (2, "row_length", 5),
        (3, "row_length", 7),
    ]
    assert r.rejected == 2 and r.balanced


def test_both_type_and_range_problem_reported(tmp_path: Path) -> None:
    p = tmp_path / "index_scores.csv"
    p.write_text(
        "index,city,year,rank,rank_of,source,locator\n"
        'transparent_cities,Полтава,2018,"-0,5",100,https://ti-ukraine.org/,r1\n',
        encoding="utf-8",
    )
    r = load("index_scores", p, strict=False).report
    assert sorted(e.code for e in r.errors) == ["below_minimum", "bad_value"][::-1]
    assert {e.column_letter for e in r.errors} == {"D"}


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("events.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "cannot open workbook"),
        ("events.ods", b"PK\x03\x04", "corrupt workbook|cannot open workbook"),
        ("events.numbers", b"PK\x03\x04", "Apple Numbers files are not read"),
        # a bare OLE header: an old .xls renamed (encrypted workbooks are OLE files too)
        ("events.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "password-protected|old .xls"),
        ("events.xlsx", b"just text, not a workbook", "not an Excel workbook"),
        ("events.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
    ],
)
def test_file_level_problems(tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(RegisterError) as info:
        load("events", p)
    assert any(f in str(info.value) for f in fragment.split("|"))
    assert info.value.report.errors[0].code == "file_error"


def test_missing_file_and_corrupt_zip(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="file not found"):
        load("events", tmp_path / "nope.csv")
    p = tmp_path / "events.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "no workbook here")
    with pytest.raises(RegisterError, match="cannot open workbook"):
        load("events", p)


def test_several_sheets_none_named(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.create_sheet("Лист2")
    p = tmp_path / "x.xlsx"
    wb.save(p)
    with pytest.raises(RegisterError, match="several sheets"):
        load("events", p)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_file"),
        ("\n\n", "empty_file"),
        ("fact_id,metric,value,unit,source,locator\n", "no_data"),
        ("a,b\n1,2\n", "header_not_found"),
    ],
)
def test_empty_and_header_problems(tmp_path: Path, text: str, code: str) -> None:
    p = tmp_path / "facts.csv"
    p.write_text(text, encoding="utf-8")
    r = load("facts", p, strict=False).report
    assert [e.code for e in r.errors] == [code]


def test_repeated_header_row_is_rejected_not_lost(tmp_path: Path) -> None:
    p = tmp_path / "adoptions.csv"
    p.write_text(
        "Місто,Інструмент,Статус,Станом на,Джерело,Місце в джерелі\n"
        "city,instrument,status,as_of,source,locator\n"
        "Миргород,city_brand,adopted,2021-03-31,results_brochure_2021,s6\n",
        encoding="utf-8",
    )
    reg = load("adoptions", p, strict=False)
    assert [(e.row, e.code) for e in reg.report.errors] == [(2, "repeated_header")]
    assert reg.data["city"].tolist() == ["myrhorod"]
    assert reg.report.balanced


def test_merged_cells_down_data_rows_and_hidden_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Місто", "Інструмент", "Статус", "Станом на", "Джерело", "Місце в джерелі"])
    ws.append(["Бердянськ", "open_city", "adopted", "2018-12-31", "mc", "s1"])
    ws.append([None, "city_brand", "adopted", "2018-12-31", "mc", "s2"])
    ws.append(["Мелітополь", "e_petitions", "adopted", "2018-12-31", "mc", "s3"])
    ws.merge_cells("A2:A3")
    ws.row_dimensions[4].hidden = True
    p = tmp_path / "adoptions.xlsx"
    wb.save(p)
    reg = load("adoptions", p, strict=False)
    r = reg.report
    assert r.errors == []  # a vertical merge gives every covered row the value (issue 11)
    notes = [(e.row, e.column_letter, e.code) for e in r.entries if e.severity == "note"]
    assert (2, "A", "merged_filled") in notes and (4, None, "hidden_row") in notes
    assert "A2:A3" in next(e for e in r.entries if e.code == "merged_filled").problem("en")
    assert reg.data["city"].tolist() == ["berdiansk", "berdiansk", "melitopol"]


def test_percent_formatted_excel_cell_reads_as_percent(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "Програма",
            "Період",
            "Група",
            "Показник",
            "План",
            "Факт",
            "Виконання, %",
            "Джерело",
            "Місце в джерелі",
        ]
    )
    ws.append(["П", "2019", "cost", "Видатки", 100, 43.9, 0.439, "bakhmut", "t1"])
    ws["G2"].number_format = "0.0%"
    p = tmp_path / "indicators.xlsx"
    wb.save(p)
    d = load("indicators", p).data
    assert d["reported_pct"].tolist() == [43.9]
    assert d["actual"].tolist() == [43.9]


def test_stray_quote_that_swallows_lines_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "facts.csv"
    p.write_text(
        "fact_id;metric;value;unit;as_printed;source;locator\n"
        'F1;cities;16;count;"16 міст;results_brochure_2021;s1\n'
        "F2;projects;18;count;18;results_brochure_2021;s3\n"
        "F3;sme;45;count;45;results_brochure_2021;s4\n",
        encoding="utf-8",
    )
    r = load("facts", p, strict=False).report
    assert ("swallowed_lines", 2) in [(e.code, e.row) for e in r.errors]
    assert r.balanced


@pytest.mark.parametrize("token", ["None", "NA", "N/A", "null", "NaN"])
def test_missing_value_words_stay_text(tmp_path: Path, token: str) -> None:
    p = tmp_path / "indicators.csv"
    p.write_text(
        "program;period;group;indicator;unit;actual;source;locator\n"
        f"П;2019;cost;{token};{token};;bakhmut;t1\n",
        encoding="utf-8",
    )
    d = load("indicators", p).data
    assert d.loc[0, "indicator"] == token and d.loc[0, "unit"] == token
    assert pd.isna(d.loc[0, "actual"])


@pytest.mark.parametrize("token", ["-", "—", "–", "н/д", "Н/Д", "н.д.", "немає даних", " - "])
def test_no_data_words_mean_empty(tmp_path: Path, token: str) -> None:
    """«-», «—», «н/д», «немає даних» in an optional column are an empty cell; in a required
    column they are a missing value, not text."""
    p = tmp_path / "indicators.csv"
    p.write_text(
        "program;period;group;indicator;unit;actual;source;locator\n"
        f"П;2019;cost;Обсяг;{token};{token};bakhmut;t1\n"
        f"П;2019;cost;{token};грн;5;bakhmut;t2\n",
        encoding="utf-8",
    )
    reg = load("indicators", p, strict=False)
    assert reg.report.accepted == 1
    assert pd.isna(reg.data.loc[0, "unit"]) and pd.isna(reg.data.loc[0, "actual"])
    assert [(e.code, e.row, e.column_letter) for e in reg.report.errors] == [("required", 3, "D")]


def test_workbooks_are_refused_without_defusedxml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import xml as openpyxl_xml

    wb = openpyxl.Workbook()
    p = tmp_path / "events.xlsx"
    wb.save(p)
    monkeypatch.setattr(openpyxl_xml, "DEFUSEDXML", False)
    with pytest.raises(RegisterError, match="defusedxml is not active"):
        load("events", p)


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])
def test_excel_error_cells_are_problems_even_in_text_columns(tmp_path: Path, error: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["fact_id", "metric", "value", "unit", "source", "locator"])
    ws.append(["F1", "projects", 18, "count", "results_brochure_2021", error])
    ws["F2"].data_type = "e"
    p = tmp_path / "facts.xlsx"
    wb.save(p)
    r = load("facts", p, strict=False).report
    assert [(e.row, e.column_letter, e.code, str(e.value)) for e in r.errors] == [
        (2, "F", "excel_error", error)
    ]


_CELL = st.sampled_from(
    [
        "",
        " ",
        "Вінниця",
        "Гадюкине",
        "open_city",
        "бюджет участі",
        "adopted",
        "у процесі",
        "2018-12-31",
        "31.12.2018",
        "32.13.2018",
        "None",
        "NA",
        "-",
        "Всього",
        "Разом",
        "x,y",
        "=1+1",
        '"',
        "mc",
        "s1",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(_CELL, min_size=0, max_size=8), max_size=15))
def test_row_invariant_holds_for_any_rows(tmp_path: Path, rows: list[list[str]]) -> None:
    """rows read = accepted + rejected + blank + totals, whatever the rows hold."""
    p = tmp_path / "adoptions.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Місто", "Інструмент", "Статус", "Станом на", "Джерело", "Місце в джерелі"])
        w.writerows(rows)
    reg = load("adoptions", p, strict=False)
    r = reg.report
    assert r.balanced
    assert r.accepted == len(reg.data) and r.rejected == len(reg.rejects)
    assert r.rows_read <= len(rows)
    assert set(reg.rejects["row"]) | set(reg.data.attrs["rows"]) <= set(range(2, len(rows) + 2))


def test_sheet_whose_last_cell_is_xfd1048576_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["fact_id", "metric", "value", "unit", "source", "locator"])
    ws["XFD1048576"] = "x"
    p = tmp_path / "facts.xlsx"
    wb.save(p)
    with pytest.raises(RegisterError, match=r"too large \(1048576 rows × 16384 columns\)"):
        load("facts", p)


def test_highly_compressed_workbook_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "facts.xlsx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)
    with pytest.raises(RegisterError, match="refused"):
        load("facts", p)
