"""write_indicator_report: sheets, formats, exact values, neutralised text, reproducible bytes."""

from __future__ import annotations

import os
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from promis_analytics.build.workbook import NUMBER_FORMATS, SHEETS, write_indicator_report

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
                "promis_cad": [317000.0],
                "promis_uah": [6340000.0],
                "leverage": [-1.5],
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
    ]
    assert [c.value for c in ws[4]] == ["vinnytsia", 3, 54, 43.9, "group"]
    assert ws["D5"].value is None  # NaN → empty cell
    assert ws["D4"].number_format == NUMBER_FORMATS["pct"]
    assert ws["C4"].number_format == NUMBER_FORMATS["int"]
    assert ws.column_dimensions["A"].width >= len("vinnytsia")
    cof = wb[SHEETS["cofinancing"]]
    assert cof["C4"].value == 317000 and cof["C4"].number_format == '#,##0 "CAD"'
    assert cof["D4"].value == 6340000 and cof["D4"].number_format == '#,##0 "грн"'
    assert cof["E4"].value == -1.5  # a negative number stays a number


def test_injection_text_is_neutralised(workbook_path):
    ws = openpyxl.load_workbook(workbook_path)[SHEETS["brochure_checks"]]
    notes = [ws.cell(row=r, column=3).value for r in range(4, 4 + len(INJECTIONS))]
    # a bare CR is kept (openpyxl writes it through lxml); the leading ' is what matters
    assert notes == ["'" + s for s in INJECTIONS]
    assert all(ws.cell(row=r, column=3).data_type == "s" for r in range(4, 4 + len(INJECTIONS)))
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


def test_libreoffice_opens_the_workbook(tmp_path, workbook_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        if os.environ.get("CI") == "true":
            pytest.fail("libreoffice is required in CI")
        pytest.skip("libreoffice is not installed")
    out = tmp_path / "pdf"
    env = {**os.environ, "HOME": str(tmp_path)}  # a private profile, no shared lock
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(workbook_path)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = out / "indicators.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 2000
