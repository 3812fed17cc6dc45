"""The bad-input corpus: one small file generator per case and the exact problems it must give.

Each ``Case`` writes one register file (CSV or XLSX, as a user would produce it) into a folder
and lists the problems ``registers.load`` must report: problem code, sheet, Excel row, column
letter, the raw value and a fragment of what was expected. ``CASES`` is the manifest table.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

EVENTS_EN = (
    "event_id,title,event_type,component,date_start,date_end,city,country,"
    "participants,women,source,locator"
)
EVENTS_UK = [
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
]


def ev(event_id: str = "E1", **change: str) -> str:
    """One valid events CSV line; keyword = canonical column name → replacement text."""
    row = {
        "event_id": event_id,
        "title": "Семінар з бюджету участі",
        "event_type": "seminar",
        "component": "1200",
        "date_start": "2018-10-02",
        "date_end": "2018-10-03",
        "city": "Коломия",
        "country": "Україна",
        "participants": "20",
        "women": "10",
        "source": "monitoring_card_2018H2",
        "locator": "s2",
    }
    row.update(change)
    return ",".join(row.values())


def ev_xlsx(event_id: str = "E1", **change: Any) -> list[Any]:
    """One valid events row as typed Excel cells (dates as dates, numbers as numbers)."""
    row: dict[str, Any] = {
        "event_id": event_id,
        "title": "Тренінг «Бюджет участі»",
        "event_type": "тренінг",
        "component": "1200",
        "date_start": dt.datetime(2019, 3, 12),
        "date_end": dt.datetime(2019, 3, 13),
        "city": "Івано-Франківськ",
        "country": "Україна",
        "participants": 25,
        "women": 14,
        "source": "monitoring_card_2018H2",
        "locator": "s3",
    }
    row.update(change)
    return list(row.values())


@dataclass(frozen=True)
class Expect:
    """One problem the case must report (``value``/``letter``/``row`` None = none shown)."""

    code: str
    row: int | None
    letter: str | None
    value: Any
    expected: str  # fragment of the English "expected" text ("" = none)
    sheet: str | None = None
    severity: str = "error"
    problem: str = ""  # fragment of the English problem text ("" = not checked)


@dataclass(frozen=True)
class Case:
    """One corpus case: ``build(folder) -> path`` writes the file the user would give."""

    id: str
    kind: str
    file: str
    build: Callable[[Path], Path]
    expect: tuple[Expect, ...]
    note: str = ""
    rows: dict[str, int] = field(default_factory=dict)  # expected row counts, if pinned

    @property
    def clean(self) -> bool:
        """The file loads without errors: every expectation is a note or a warning (an input
        that used to be refused and is now read, e.g. an extra column or a vertical merge)."""
        return all(x.severity in ("note", "warning") for x in self.expect)


# --- builders ----------------------------------------------------------------------------


def text(name: str, content: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        p = folder / name
        p.write_bytes(content.encode(encoding))
        return p

    return build


def raw(name: str, content: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        p = folder / name
        p.write_bytes(content)
        return p

    return build


def workbook(
    name: str,
    rows: list[list[Any]],
    *,
    title: str = "Заходи",
    extra: Callable[[Any], None] | None = None,
) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for r in rows:
            ws.append(r)
        if extra:
            extra(wb)
        p = folder / name
        wb.save(p)
        return p

    return build


def csv_events(*lines: str) -> str:
    return "\n".join((EVENTS_EN, *lines)) + "\n"


def _merge(wb: Any) -> None:
    wb.active.merge_cells("G2:G3")


def _hide_row(wb: Any) -> None:
    wb.active.row_dimensions[3].hidden = True


def _formula(wb: Any) -> None:
    wb.active["I3"] = "=I2+1"  # openpyxl stores no cached value: Excel never calculated it


def _error_cell(wb: Any) -> None:
    wb.active["I2"] = "#DIV/0!"
    wb.active["I2"].data_type = "e"


def _two_sheets(wb: Any) -> None:
    ws = wb.create_sheet("Аркуш2")
    ws.append(EVENTS_UK)
    ws.append(ev_xlsx("E9"))
    wb.active.title = "Аркуш1"


def _hidden_sheet(wb: Any) -> None:
    ws = wb.create_sheet("Чернетка")
    ws.append(EVENTS_UK)
    ws.append(ev_xlsx("E9", participants="багато"))
    ws.sheet_state = "hidden"


def _xlsm(folder: Path) -> Path:
    """A macro workbook: a vbaProject.bin part with an auto-run macro name; never executed."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Заходи"
    ws.append(EVENTS_UK)
    ws.append(ev_xlsx("E1"))
    ws.append(ev_xlsx("E2", participants="-3"))
    tmp = folder / "plain.xlsx"
    wb.save(tmp)
    p = folder / "events.xlsm"
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Auto_Open"\nShell "calc"\n')
    tmp.unlink()
    return p


def _encrypted(folder: Path) -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE compound file, not a zip."""
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    ole += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 98
    ole += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 94
    p = folder / "events.xlsx"
    p.write_bytes(bytes(ole))
    return p


def _corrupt_zip(folder: Path) -> Path:
    good = folder / "good.xlsx"
    workbook("good.xlsx", [EVENTS_UK, ev_xlsx()])(folder)
    data = good.read_bytes()
    good.unlink()
    p = folder / "events.xlsx"
    p.write_bytes(data[: len(data) // 2])  # a download cut in the middle
    return p


def _missing(folder: Path) -> Path:
    return folder / "events_2019.csv"


def _xls(folder: Path) -> Path:
    p = folder / "events.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    return p


# --- the manifest --------------------------------------------------------------------------

E = Expect
S = "Заходи"

CASES: tuple[Case, ...] = (
    # cell problems, events (CSV)
    Case(
        "ev_wrong_type",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", participants="двадцять"))),
        (E("bad_value", 2, "I", "двадцять", "whole number"),),
    ),
    Case(
        "ev_negative",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", participants="-5"))),
        (E("below_minimum", 2, "I", "-5", "at least 0"),),
    ),
    Case(
        "ev_type_and_range",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", participants='"-2,5"', women=""))),
        (
            E("bad_value", 2, "I", "-2,5", "whole number"),
            E("below_minimum", 2, "I", "-2,5", "at least 0"),
        ),
    ),
    Case(
        "ev_unknown_city",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", city="Гадюкине"))),
        (E("unknown_place", 2, "G", "Гадюкине", "city name"),),
    ),
    Case(
        "ev_unknown_category",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", event_type="вебінарр"))),
        (E("not_allowed", 2, "C", "вебінарр", "webinar"),),
    ),
    Case(
        "ev_unknown_component",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", component="4100"))),
        (E("not_allowed", 2, "D", "4100", "1100"),),
    ),
    Case(
        "ev_women_gt_participants",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", participants="20", women="30"))),
        (E("not_le", 2, "J", "30", "≤"),),
    ),
    Case(
        "ev_end_before_start",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", date_start="2018-10-02", date_end="2018-10-01"))),
        (E("not_le", 2, "E", "2018-10-02", "'date_start' ≤ 'date_end'"),),
    ),
    Case(
        "ev_before_project",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", date_start="10.01.2014", date_end=""))),
        (E("outside_project", 2, "E", "10.01.2014", "2015-04-01 to 2021-03-31"),),
    ),
    Case(
        "ev_after_project",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", date_start="2023-01-01", date_end="2023-01-02"))),
        (
            E("outside_project", 2, "E", "2023-01-01", "2015-04-01 to 2021-03-31"),
            E("outside_project", 2, "F", "2023-01-02", "2015-04-01 to 2021-03-31"),
        ),
    ),
    Case(  # after the end, within the year after it: a warning, the row is kept
        "ev_soon_after_project",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", date_start="2021-04-01", date_end="2021-04-02"))),
        (
            E("after_project", 2, "E", "2021-04-01", "2015-04-01…2021-03-31", severity="warning"),
            E("after_project", 2, "F", "2021-04-02", "2015-04-01…2021-03-31", severity="warning"),
        ),
    ),
    Case(
        "ev_duplicate_key",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1"), ev("E2"), ev("E1", city="Вінниця"))),
        (E("duplicate_key", 4, "A", "E1", "unique key"),),
    ),
    Case(
        "ev_missing_required",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", title=""))),
        (E("required", 2, "B", "", "text"),),
    ),
    Case(
        "ev_bad_date",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", date_start="32.13.2018", date_end=""))),
        (E("bad_value", 2, "E", "32.13.2018", "date"),),
    ),
    # cell problems, other registers
    Case(
        "cof_currency_mismatch",
        "cofinancing",
        "cofinancing.csv",
        text(
            "cofinancing.csv",
            "project_id,fund,title,project_amount,project_currency,source,locator\n"
            'P1,dg_fund,Відкритий бюджет,"20 000 грн",CAD,results_brochure_2021,1.7\n',
        ),
        (E("currency_mismatch", 2, "D", "20 000 грн", "CAD"),),
    ),
    Case(
        "cof_unknown_city",
        "cofinancing",
        "cofinancing.csv",
        text(
            "cofinancing.csv",
            "project_id,fund,city,title,source,locator\n"
            "P1,dg_fund,Полтавськ,Відкритий бюджет,results_brochure_2021,1.7\n",
        ),
        (E("unknown_place", 2, "C", "Полтавськ", "city name"),),
    ),
    Case(
        "cof_ambiguous_city",
        "cofinancing",
        "cofinancing.csv",
        text(
            "cofinancing.csv",
            "project_id,fund,city,title,source,locator\n"
            "P1,dg_fund,Полтавка,Відкритий бюджет,results_brochure_2021,1.7\n",
        ),
        (E("ambiguous_place", 2, "C", "Полтавка", "hromada", problem="several places"),),
    ),
    Case(
        "cof_negative_amount",
        "cofinancing",
        "cofinancing.csv",
        text(
            "cofinancing.csv",
            "project_id,fund,title,project_amount,project_currency,source,locator\n"
            "P1,dg_fund,Відкритий бюджет,-100,UAH,results_brochure_2021,1.7\n",
        ),
        (E("below_minimum", 2, "D", "-100", "at least 0"),),
    ),
    Case(
        "idx_score_gt_max",
        "index_scores",
        "index_scores.csv",
        text(
            "index_scores.csv",
            "index,city,year,score,max_score,source,locator\n"
            "transparent_cities,Кременчук,2017,149.6,100,ti,r1\n",
        ),
        (E("not_le", 2, "D", "149.6", "≤"),),
    ),
    Case(
        "idx_year_type",
        "index_scores",
        "index_scores.csv",
        text(
            "index_scores.csv",
            "index,city,year,score,source,locator\n"
            "transparent_cities,Кременчук,2017 р.,49.6,ti,r1\n",
        ),
        (E("bad_value", 2, "C", "2017 р.", "year"),),
    ),
    Case(
        "idx_duplicate_key",
        "index_scores",
        "index_scores.csv",
        text(
            "index_scores.csv",
            "index,city,year,score,source,locator\n"
            "transparent_cities,Кременчук,2017,49.6,ti,r1\n"
            "transparent_cities,kremenchuk,2017,50.1,ti,r2\n",
        ),
        (E("duplicate_key", 3, "A", "transparent_cities + kremenchuk + 2017", "unique key"),),
    ),
    Case(
        "rec_status",
        "recommendations",
        "recommendations.csv",
        text(
            "recommendations.csv",
            "recommendation_id,city,area,status,source,locator\n"
            "R1,Полтава,бюджет,сумнівно,monitoring_card_2018H2,s4\n",
        ),
        (E("not_allowed", 2, "D", "сумнівно", "implemented"),),
    ),
    Case(
        "adopt_status",
        "adoptions",
        "adoptions.csv",
        text(
            "adoptions.csv",
            "city,instrument,status,as_of,source,locator\n"
            "Мелітополь,advisory_committee,планується,2018-12-31,monitoring_card_2018H2,c1\n",
        ),
        (E("not_allowed", 2, "C", "планується", "adopted"),),
    ),
    Case(
        "facts_unit",
        "facts",
        "facts.csv",
        text(
            "facts.csv",
            "fact_id,metric,value,unit,source,locator\n"
            "F1,projects,18,шт,results_brochure_2021,s3\n",
        ),
        (E("not_allowed", 2, "D", "шт", "values of 'Unit'"),),
    ),
    Case(
        "facts_period_reversed",
        "facts",
        "facts.csv",
        text(
            "facts.csv",
            "fact_id,metric,value,unit,period_start,period_end,source,locator\n"
            "F1,projects,18,count,2020-01-01,2019-01-01,results_brochure_2021,s3\n",
        ),
        (E("not_le", 2, "E", "2020-01-01", "'period_start' ≤ 'period_end'"),),
    ),
    Case(
        "ind_duplicate_key",
        "indicators",
        "indicators.csv",
        text(
            "indicators.csv",
            "program,period,group,indicator,actual,source,locator\n"
            "П,2019,cost,Обсяг ресурсів,838.5,bakhmut,t1\n"
            "П,2019,cost,Обсяг ресурсів,840,bakhmut,t2\n",
        ),
        (E("duplicate_key", 3, "A", "П + 2019 + cost + Обсяг ресурсів", "unique key"),),
    ),
    # missing-value words are values, never silent blanks
    Case(
        "none_word",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", participants="None", women=""))),
        (E("bad_value", 2, "I", "None", "whole number"),),
    ),
    Case(
        "na_word",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", participants="NA", women=""))),
        (E("bad_value", 2, "I", "NA", "whole number"),),
    ),
    Case(
        "dash_word",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", participants="-", women=""))),
        (E("required", 2, "I", "-", "whole number"),),
    ),
    # structural problems
    Case(
        "missing_column",
        "events",
        "events.csv",
        text(
            "events.csv",
            EVENTS_EN.replace(",participants", "")
            + "\n"
            + ev("E1").replace(",20,10,", ",10,")
            + "\n",
        ),
        (E("missing_column", 1, None, None, "Participants"),),
    ),
    Case(
        "unknown_column",
        "events",
        "events.csv",
        text("events.csv", EVENTS_EN + ",Примітка\n" + ev("E1") + ",текст\n"),
        (E("extra_column", 1, "M", None, "", severity="note", problem="kept as 'extra:"),),
    ),
    Case(
        "empty_file",
        "events",
        "events.csv",
        text("events.csv", ""),
        (E("empty_file", None, None, None, "header row"),),
    ),
    Case(
        "header_only",
        "events",
        "events.csv",
        text("events.csv", EVENTS_EN + "\n"),
        (E("no_data", 1, None, None, "data row"),),
    ),
    Case(
        "header_not_found",
        "events",
        "events.csv",
        text("events.csv", "Звіт за 2019 рік\n\nКурс,Валюта\n28.9,USD\n"),
        (E("header_not_found", 1, None, None, "column names"),),
    ),
    Case(
        "two_header_rows",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1"), EVENTS_EN, ev("E2"))),
        (E("repeated_header", 3, None, None, "data row"),),
    ),
    Case(
        "short_row",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1"), ev("E2").rsplit(",", 2)[0])),
        (E("row_length", 3, None, None, "12 cells"),),
    ),
    Case(
        "stray_quote",
        "events",
        "events.csv",
        text(
            "events.csv", csv_events(ev("E1", title='"Семінар «Бюджет участі»'), ev("E2"), ev("E3"))
        ),
        (E("swallowed_lines", 2, "B", "Семінар «Бюджет участі»,seminar…", "balanced quotes"),),
    ),
    Case(
        "stray_quote_long_file",
        "events",
        "events.csv",
        text(
            "events.csv",
            csv_events(
                ev("E1"),
                ev("E2", title='"Форум «Відкрите місто»'),
                *(ev(f"E{i}") for i in range(3, 1500)),
            ),
        ),
        (
            E(
                "file_error",
                None,
                None,
                None,
                "balanced quotes",
                problem="record 3 (file line 3): field larger than field limit",
            ),
        ),
        note="the open quote swallows more than the csv field limit (128 KiB)",
    ),
    Case(
        "blank_lines",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1"), "", ",,,,,,,,,,,", ev("E2", participants="x"))),
        (
            E("blank_row", 3, None, None, "", severity="note"),
            E("blank_row", 4, None, None, "", severity="note"),
            E("bad_value", 5, "I", "x", "whole number"),
        ),
    ),
    Case(
        "totals_disagree",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1"), ev("E2"), "Всього,,,,,,,,45,,,")),
        (E("totals_mismatch", 4, "I", "45", "40"),),
    ),
    Case(
        "cp1251_semicolon",
        "events",
        "events.csv",
        text("events.csv", csv_events(ev("E1", city="Жмеринкa-2")).replace(",", ";"), "cp1251"),
        (E("unknown_place", 2, "G", "Жмеринкa-2", "city name"),),
    ),
    Case(
        "utf16_tab",
        "events",
        "events.csv",
        text(
            "events.csv",
            "\ufeff" + csv_events(ev("E1", participants="двадцять")).replace(",", "\t"),
            "utf-16-le",
        ),
        (E("bad_value", 2, "I", "двадцять", "whole number"),),
    ),
    Case(
        "tab_delimiter",
        "events",
        "events.tsv",
        text("events.tsv", csv_events(ev("E1", event_type="семінарр")).replace(",", "\t")),
        (E("not_allowed", 2, "C", "семінарр", "seminar"),),
    ),
    Case(
        "duplicate_column",
        "events",
        "events.csv",
        text("events.csv", EVENTS_EN + ",Місто\n" + ev("E1") + ",Вінниця\n"),
        (E("duplicate_column", 1, "M", "Місто", "one such column"),),
    ),
    # structural problems, workbooks
    Case(
        "xlsx_merged_across_data",
        "events",
        "events.xlsx",
        workbook("events.xlsx", [EVENTS_UK, ev_xlsx("E1"), ev_xlsx("E2", city=None)], extra=_merge),
        (E("merged_filled", 2, "G", None, "", sheet=S, severity="note", problem="every row"),),
    ),
    Case(
        "xlsx_hidden_row",
        "events",
        "events.xlsx",
        workbook(
            "events.xlsx",
            [EVENTS_UK, ev_xlsx("E1"), ev_xlsx("E2", participants=-1)],
            extra=_hide_row,
        ),
        (
            E("hidden_row", 3, None, None, "", sheet=S, severity="note"),
            E("below_minimum", 3, "I", -1, "at least 0", sheet=S),
        ),
    ),
    Case(
        "xlsx_hidden_sheet",
        "events",
        "events.xlsx",
        workbook("events.xlsx", [EVENTS_UK, ev_xlsx("E1", women=40)], extra=_hidden_sheet),
        (
            E("hidden_sheet", None, None, None, "", sheet=S, severity="note"),
            E("not_le", 2, "J", 40, "≤", sheet=S),
        ),
        note="hidden sheet Чернетка is not read; the visible one is",
    ),
    Case(
        "xlsx_several_sheets_none_named",
        "events",
        "events.xlsx",
        workbook("events.xlsx", [EVENTS_UK, ev_xlsx("E1")], extra=_two_sheets),
        (
            E(
                "file_error",
                None,
                None,
                None,
                "sheet name",
                problem="several sheets (Аркуш1, Аркуш2)",
            ),
        ),
    ),
    Case(
        "xlsx_formula_no_value",
        "events",
        "events.xlsx",
        workbook("events.xlsx", [EVENTS_UK, ev_xlsx("E1"), ev_xlsx("E2")], extra=_formula),
        (E("formula_no_value", 3, "I", "=I2+1", "open and save it in Excel", sheet=S),),
    ),
    Case(
        "xlsx_error_cell",
        "events",
        "events.xlsx",
        workbook("events.xlsx", [EVENTS_UK, ev_xlsx("E1")], extra=_error_cell),
        (E("excel_error", 2, "I", "#DIV/0!", "not an error", sheet=S),),
    ),
    Case(
        "xlsx_title_and_text_number",
        "events",
        "events.xlsx",
        workbook(
            "events.xlsx",
            [["Реєстр заходів 2019"], EVENTS_UK, ev_xlsx("E1", participants="двадцять п'ять")],
        ),
        (
            E("above_header", 1, None, "Реєстр заходів 2019", "", sheet=S, severity="note"),
            E("bad_value", 3, "I", "двадцять п'ять", "whole number", sheet=S),
        ),
    ),
    # file-level problems
    Case(
        "xls_broken",
        "events",
        "events.xls",
        _xls,
        (
            E(
                "file_error",
                None,
                None,
                None,
                "Excel or LibreOffice",
                problem="cannot open workbook",
            ),
        ),
    ),
    Case(
        "password_protected",
        "events",
        "events.xlsx",
        _encrypted,
        (
            E(
                "file_error",
                None,
                None,
                None,
                "without a password",
                problem="password-protected workbook (encrypted)",
            ),
        ),
    ),
    Case(
        "xls_renamed_xlsx",
        "events",
        "events.xlsx",
        raw("events.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000),
        (E("file_error", None, None, None, "saved as .xlsx", problem="old .xls format"),),
    ),
    Case(
        "xlsm_macros",
        "events",
        "events.xlsm",
        _xlsm,
        (E("below_minimum", 3, "I", "-3", "at least 0", sheet=S),),
        note="macro part present; values read, nothing run",
    ),
    Case(
        "corrupt_zip",
        "events",
        "events.xlsx",
        _corrupt_zip,
        (
            E(
                "file_error",
                None,
                None,
                None,
                ".xlsx",
                problem="not an Excel workbook (corrupt or not a zip file)",
            ),
        ),
    ),
    Case(
        "not_a_spreadsheet",
        "events",
        "events.xlsx",
        raw("events.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"),
        (E("file_error", None, None, None, ".xlsx", problem="not an Excel workbook"),),
    ),
    Case(
        "binary_as_csv",
        "events",
        "events.csv",
        raw("events.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        (E("file_error", None, None, None, ".csv", problem="binary file, not a CSV text"),),
    ),
    Case(
        "path_missing",
        "events",
        "events_2019.csv",
        _missing,
        (E("file_error", None, None, None, "an existing file", problem="file not found"),),
    ),
)
