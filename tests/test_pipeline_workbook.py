"""write_indicator_report: sheets, formats, exact values, neutralised text, reproducible bytes."""

from __future__ import annotations

import os
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from promis_analytics.pipeline.workbook import NUMBER_FORMATS, SHEETS, write_indicator_report

INJECTIONS = ["=1+1", "+380 44", "-5 grn", "@SUM(A1)", "\tcmd", "\rx", "\nline"]


def _tables() -> dict[str, pd.DataFrame]:
    return {
        "participants": pd.DataFrame(
            {
                "city": ["vinnytsia", "melitopol", "(total)"],
                "events": [3, 1, 4],
                "participants": [54, 20, 74],
                "women_share_pct": [43.9, float("nan"), 43.9],
                "row_kind": ["group", "group", "total"],
            }
        ),
        "cofinancing": pd.DataFrame(
            {
                "fx_rule": ["fixed 20 UAH/CAD"],
                "fund": ["dg_fund"],
                "project_cad": [317000.0],
                "project_uah": [6340000.0],
                "leverage": [-1.5],
                "uah_per_cad": [20.0],
            }
        ),
        "brochure_checks": pd.DataFrame(
            {
                "fact_id": [f"f{i}" for i in range(len(INJECTIONS))],
                "printed_value": [float(i) for i in range(len(INJECTIONS))],
                "note": INJECTIONS,
            }
        ),
        "register_sources": pd.DataFrame(
            {
                "register": ["events", "facts", "facts"],
                "source": ["monitoring_card_2018H2", "results_brochure_2021", "https://x.ua/n"],
                "rows": [37, 95, 2],
            }
        ),
    }


@pytest.fixture
def workbook_path(tmp_path):
    return write_indicator_report(
        _tables(),
        tmp_path / "indicators.xlsx",
        sources={"monitoring_card_2018H2": "Monitoring card", "results_brochure_2021": "Brochure"},
    )


def test_sheets_headers_and_formats(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == [
        SHEETS["participants"],
        SHEETS["cofinancing"],
        SHEETS["brochure_checks"],
        SHEETS["sources"],
    ]
    assert all(len(name) <= 31 for name in SHEETS.values())
    ws = wb[SHEETS["participants"]]
    assert ws.freeze_panes == "A4"
    assert [c.value for c in ws[1]][:3] == ["Місто", "Кількість заходів", "Кількість учасників"]
    assert [c.value for c in ws[2]][1:3] == ["Events", "Participants"]
    assert [c.value for c in ws[3]] == [
        "city",
        "events",
        "participants",
        "women_share_pct",
        "row_kind",
        "city_key",
        "row_kind_key",
    ]
    # people read names; the codes trail in hidden key columns
    assert [c.value for c in ws[4]] == [
        "Вінниця / Vinnytsia", 3, 54, 43.9, "група / group", "vinnytsia", "group"
    ]  # fmt: skip
    assert ws["A6"].value == "разом / total"
    assert ws.column_dimensions["F"].hidden and ws.column_dimensions["G"].hidden
    assert not ws.column_dimensions["A"].hidden
    assert ws["F1"].value == "Код: Місто" and ws["F2"].value == "Key: City"
    assert ws["D5"].value is None  # NaN → empty cell
    assert ws["D4"].number_format == NUMBER_FORMATS["pct"]
    assert ws["C4"].number_format == NUMBER_FORMATS["int"]
    assert ws.column_dimensions["A"].width >= len("Вінниця / Vinnytsia")
    cof = wb[SHEETS["cofinancing"]]
    assert cof["B4"].value == "фонд демократичного врядування / democratic governance fund"
    assert cof["C4"].value == 317000 and cof["C4"].number_format == '#,##0 "CAD"'
    assert cof["D4"].value == 6340000 and cof["D4"].number_format == '#,##0 "грн"'
    assert cof["E4"].value == -1.5  # a negative number stays a number
    assert cof["F4"].number_format == '0.0000 "грн/CAD"'
    assert [cof["C1"].value, cof["C2"].value] == [
        "Внесок проєкту (CAD)",
        "Project contribution (CAD)",
    ]


def test_injection_text_is_neutralised(workbook_path):
    ws = openpyxl.load_workbook(workbook_path)[SHEETS["brochure_checks"]]
    notes = [ws.cell(row=r, column=3).value for r in range(4, 4 + len(INJECTIONS))]
    # a bare CR is kept (openpyxl writes it through lxml); the leading ' is what matters
    assert notes == ["'" + s for s in INJECTIONS]
    assert all(ws.cell(row=r, column=3).data_type == "s" for r in range(4, 4 + len(INJECTIONS)))
    # a relabelled value is neutralised too (a city key that looks like a formula)
    tables = {"participants": pd.DataFrame({"city": ["=HYPERLINK(1)"], "events": [1]})}
    path = write_indicator_report(tables, workbook_path.parent / "inj.xlsx")
    cells = [c.value for c in openpyxl.load_workbook(path)[SHEETS["participants"]][4]]
    assert cells == ["'=HYPERLINK(1)", 1, "'=HYPERLINK(1)"]
    assert ws.cell(row=5, column=2).value == 1.0


def test_sources_sheet(workbook_path):
    ws = openpyxl.load_workbook(workbook_path)[SHEETS["sources"]]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("source", "document", "events", "facts", "total")
    assert rows[1:] == [
        ("monitoring_card_2018H2", "Monitoring card", 37, 0, 37),
        ("results_brochure_2021", "Brochure", 0, 95, 95),
        ("https://x.ua/n", "https://x.ua/n", 0, 2, 2),
    ]
    assert ws["C1"].value == "Заходи" and ws["C2"].value == "Events"


def test_default_sources_come_from_sources_md(tmp_path):
    path = write_indicator_report(_tables(), tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path)[SHEETS["sources"]]
    docs = {r[0]: r[1] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert "monitoring card" in docs["monitoring_card_2018H2"].lower()
    assert "bakhmut_program_report_2019" in docs


def test_two_writes_give_identical_bytes(tmp_path):
    a = write_indicator_report(_tables(), tmp_path / "a.xlsx")
    b = write_indicator_report(_tables(), tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    props = openpyxl.load_workbook(a).properties
    assert props.created == props.modified
    assert not list(tmp_path.glob(".*.tmp"))


def test_embedded_report_opens(tmp_path):
    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators import indicator_tables

    path = write_indicator_report(indicator_tables(load_dataset()), tmp_path / "indicators.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS.values())
    checks = wb[SHEETS["brochure_checks"]]
    assert checks.max_row > 3


def _to_pdf(tmp_path, workbook) -> bytes:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        if os.environ.get("CI") == "true":
            pytest.fail("libreoffice is required in CI")
        pytest.skip("libreoffice is not installed")
    out = tmp_path / "pdf"
    env = {**os.environ, "HOME": str(tmp_path)}  # a private profile, no shared lock
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(workbook)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = out / f"{workbook.stem}.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    return pdf.read_bytes()


@pytest.mark.slow
def test_libreoffice_opens_the_workbook(tmp_path, workbook_path):
    assert len(_to_pdf(tmp_path, workbook_path)) > 2000


@pytest.mark.slow
def test_the_embedded_workbook_prints_on_a_handful_of_pages(tmp_path):
    """Landscape A4, fitted to the width, header rows repeated: the LibreOffice PDF of the
    whole workbook has about one page per sheet (63 before the print setup)."""
    import re

    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators import indicator_tables

    path = write_indicator_report(indicator_tables(load_dataset()), tmp_path / "indicators.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$3"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", _to_pdf(tmp_path, path)))
    assert len(wb.sheetnames) <= pages <= 2 * len(wb.sheetnames)


def test_the_adoption_matrix_prints_instruments_by_city(tmp_path):
    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators import indicator_tables

    path = write_indicator_report(indicator_tables(load_dataset()), tmp_path / "indicators.xlsx")
    ws = openpyxl.load_workbook(path)[SHEETS["adoption_matrix"]]
    header = [c.value for c in ws[1]]
    assert header[0].startswith("Інструмент: ✓ запроваджено")
    assert header[1] == "Вінниця" and ws["B2"].value == "Vinnytsia"
    rows = {r[0]: r[1:17] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert set(rows["ProZorro.Продажі / ProZorro.Sales"]) == {"✓"}
    assert set().union(*map(set, rows.values())) <= {"✓", "◐", "—"}
    # the cities a source counts but does not name follow the city columns
    unnamed = header.index("Запровадили без назв міст")
    assert unnamed == 17
    named = {r[0]: r[unnamed] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert named["маркетингова стратегія / marketing strategy"] == 2
    assert named["Відкрите місто / Open City"] == 1
    assert named["ProZorro.Продажі / ProZorro.Sales"] == 0
