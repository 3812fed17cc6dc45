"""Fast .xlsx reading (python-calamine) gives the same raw cells as openpyxl; Parquet cache."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from promis_analytics import safety
from promis_analytics.registers.io import xlsx, xlsx_scan
from promis_analytics.registers.io.formats import read_table
from promis_analytics.registers.io.reader import (
    ExcelErrorValue,
    ExcelPercent,
    FormulaNoValue,
)

HEADER = ["event_id", "title", "event_type", "date_start", "city", "participants", "women"]
ROWS = [
    ["e1", "Бюджет участі: досвід міст", "тренінг", dt.datetime(2018, 11, 1), "Вінниця", 20, 9],
    ["e2", "'=SUM(A1)", "семінар", dt.datetime(2018, 11, 8), "м. Запоріжжя", 21.5, None],
    ["e3", "Гендерно орієнтоване бюджетування", "вебінар", "08.11.2018", "Мелітополь", 7, True],
    [None, None, None, None, None, None, None],
    ["e4", "  пробіли  ", "форум", dt.datetime(2019, 2, 1, 10, 30), "Кременчук", 0, 0],
]


def _openpyxl_only(monkeypatch, path, **kw):
    monkeypatch.setattr(xlsx, "_read_xlsx_fast", lambda *a, **k: None)
    return read_table(path, **kw)


def _write(tmp_path, rows=ROWS, edit=None, name="events.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "events"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    if edit:
        edit(wb, ws)
    path = tmp_path / name
    wb.save(path)
    return path


def _same(tmp_path, monkeypatch, path):
    fast = read_table(path)
    calls = []
    original = xlsx._read_xlsx_fast
    with monkeypatch.context() as m:
        m.setattr(xlsx, "_read_xlsx_fast", lambda *a, **k: calls.append(a) or None)
        slow = read_table(path)
    assert calls  # the slow run really went through the openpyxl path
    assert original is xlsx._read_xlsx_fast
    assert [(r.number, r.cells) for r in fast.rows] == [(r.number, r.cells) for r in slow.rows]
    assert (fast.merged, fast.hidden_rows, fast.sheet) == (
        slow.merged,
        slow.hidden_rows,
        slow.sheet,
    )
    return fast


def test_plain_values_read_by_calamine(tmp_path, monkeypatch):
    path = _write(tmp_path)
    seen = []
    original = xlsx._read_xlsx_fast
    monkeypatch.setattr(xlsx, "_read_xlsx_fast", lambda *a: seen.append(r := original(*a)) or r)
    table = read_table(path)
    assert seen and seen[0] is not None  # calamine path taken
    monkeypatch.undo()
    cells = {r.number: r.cells for r in table.rows}
    assert cells[2] == (
        "e1",
        "Бюджет участі: досвід міст",
        "тренінг",
        dt.datetime(2018, 11, 1),
        "Вінниця",
        20,
        9,
    )
    assert cells[3][1] == "=SUM(A1)"  # the export's ' prefix is undone
    assert cells[3][5] == 21.5 and cells[3][6:] == ()
    assert cells[4][-1] is True
    assert cells[5] == ()
    assert cells[6][3] == dt.datetime(2019, 2, 1, 10, 30)
    assert isinstance(cells[2][5], int)
    _same(tmp_path, monkeypatch, path)


def test_merged_and_hidden_rows_match_openpyxl(tmp_path, monkeypatch):
    def edit(wb, ws):
        ws.merge_cells("B2:B3")
        ws.row_dimensions[4].hidden = True
        ws.merge_cells("C5:D5")

    table = _same(tmp_path, monkeypatch, _write(tmp_path, edit=edit))
    assert sorted(table.merged) == [(2, 2, 3, 2), (5, 3, 5, 4)]
    assert table.hidden_rows == {4}


@pytest.mark.parametrize(
    ("edit", "expected_type"),
    [
        (lambda wb, ws: ws.__setitem__("F2", "=F3*2"), FormulaNoValue),
        (lambda wb, ws: setattr(ws["F2"], "number_format", "0.0%"), ExcelPercent),
        (lambda wb, ws: setattr(ws["F2"], "number_format", "0%"), ExcelPercent),
    ],
)
def test_cells_calamine_cannot_tell_fall_back_to_openpyxl(
    tmp_path, monkeypatch, edit, expected_type
):
    path = _write(tmp_path, edit=edit)
    seen = []
    original = xlsx._read_xlsx_fast
    monkeypatch.setattr(xlsx, "_read_xlsx_fast", lambda *a: seen.append(r := original(*a)) or r)
    table = read_table(path)
    assert seen == [None]
    assert isinstance(table.rows[1].cells[5], expected_type)


def test_error_cells_fall_back(tmp_path):
    path = _write(tmp_path)
    # write an error cell the way Excel stores it: t="e" with a cached #DIV/0!
    import zipfile

    src = zipfile.ZipFile(path)
    patched = tmp_path / "err.xlsx"
    with zipfile.ZipFile(patched, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<c r="F2" t="n"><v>20</v></c>', b'<c r="F2" t="e"><v>#DIV/0!</v></c>'
                )
                assert b"#DIV/0!" in data
            dst.writestr(info, data)
    assert xlsx_scan.scan_sheet(patched, "xl/worksheets/sheet1.xml").needs_openpyxl is True
    table = read_table(patched)
    assert isinstance(table.rows[1].cells[5], ExcelErrorValue)


def test_scan_finds_patterns_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_CHUNK", 64)
    monkeypatch.setattr(xlsx_scan, "SCAN_OVERLAP", 200)

    def edit(wb, ws):
        for r in (3, 5, 6):
            ws.row_dimensions[r].hidden = True
        ws.merge_cells("A2:A3")
        ws.merge_cells("E5:F6")

    path = _write(tmp_path, edit=edit)
    scan = xlsx_scan.scan_sheet(path, "xl/worksheets/sheet1.xml")
    assert scan.hidden == {3, 5, 6}
    assert sorted(scan.merged) == [(2, 1, 3, 1), (5, 5, 6, 6)]
    assert scan.needs_openpyxl is False


def test_register_load_is_the_same_through_both_paths(tmp_path, monkeypatch):
    from promis_analytics.demo import write_demo
    from promis_analytics.registers import load

    write_demo(tmp_path, rows=60, seed=4, fmt="xlsx", kinds=("events", "cofinancing"))
    for kind in ("events", "cofinancing"):
        fast = load(kind, tmp_path / f"{kind}.xlsx")
        with monkeypatch.context() as m:
            m.setattr(xlsx, "_read_xlsx_fast", lambda *a, **k: None)
            slow = load(kind, tmp_path / f"{kind}.xlsx")
        pd.testing.assert_frame_equal(fast.data, slow.data)
        assert fast.report.accepted == slow.report.accepted == 60


def test_parquet_cache_reuses_an_unchanged_file(tmp_path, monkeypatch):
    from promis_analytics.demo import write_demo
    from promis_analytics.registers import load
    from promis_analytics.registers.out import cache as reg_cache

    write_demo(tmp_path, rows=40, seed=5, fmt="xlsx", kinds=("events",))
    path = tmp_path / "events.xlsx"
    store = tmp_path / "cache"
    first = reg_cache.load_cached("events", path, cache=store)
    assert len(list(store.glob("events-*.parquet"))) == 1
    calls = []
    monkeypatch.setattr(reg_cache, "load", lambda *a, **k: calls.append(a) or load(*a, **k))
    second = reg_cache.load_cached("events", path, cache=store)
    assert calls == []  # served from the cache, the workbook was not parsed
    pd.testing.assert_frame_equal(second.data, first.data)
    assert second.data.attrs["rows"] == first.data.attrs["rows"]
    assert (second.report.accepted, second.report.rows_read) == (40, first.report.rows_read)
    # a changed file is parsed again and cached under a new key
    write_demo(tmp_path, rows=41, seed=5, fmt="xlsx", kinds=("events",))
    third = reg_cache.load_cached("events", path, cache=store)
    assert len(calls) == 1 and len(third.data) == 41
    assert len(list(store.glob("events-*.parquet"))) == 2


def test_files_with_problems_are_not_cached(tmp_path):
    from promis_analytics.errors import RegisterError
    from promis_analytics.registers.out.cache import load_cached

    path = _write(
        tmp_path, rows=[["e1", "Назва", "тренінг", dt.datetime(2030, 1, 1), "Вінниця", 5, 9]]
    )
    with pytest.raises(RegisterError):
        load_cached("events", path, cache=tmp_path / "cache")
    reg = load_cached("events", path, strict=False, cache=tmp_path / "cache")
    assert not reg.report.ok
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


@pytest.mark.parametrize(
    ("cell", "needs"),
    [
        (b'<c r="A1"><f>SUM(B1:B3)</f></c>', True),  # a formula Excel never calculated
        (b'<c r="A1"><f t="shared" si="0"/></c>', True),
        (b'<c r="A1"><f>SUM(B1:B3)</f><v>6</v></c>', False),  # its cached value is there
        (b'<c r="A1" t="e"><v>#DIV/0!</v></c>', True),
        (b'<c r="A1" t="s"><v>0</v></c>', False),
    ],
)
def test_the_scan_sees_a_cell_cut_at_every_tag(cell: bytes, needs: bool) -> None:
    """The safety pass hands the sheet over in parts cut before a tag: a formula's end may
    come in the next part, and the scan still finds it."""
    xml = b'<sheetData><row r="1">' + cell + b"</row></sheetData>"
    cuts = [i for i in range(1, len(xml)) if xml[i : i + 1] == b"<"]
    for cut in cuts:
        scan = xlsx_scan.SheetScan(None)
        scan.feed(xml[:cut])
        scan.feed(xml[cut:])
        assert scan.needs_openpyxl is needs, (cut, xml[:cut])


def test_values_that_become_equal_read_the_same_either_way(tmp_path, monkeypatch) -> None:
    """Columns where calamine's values meet after conversion — a date and the same day as a
    date-time, 3.0 and 3, a text and its neutralised copy, empty text — read exactly as
    openpyxl reads them, with the columns coded once."""
    rows = [
        ["e1", "'-5 %", "тренінг", dt.date(2018, 11, 1), "Вінниця", 3, True],
        ["e2", "-5 %", "тренінг", dt.datetime(2018, 11, 1), "Вінниця", 3.0, 1],
        ["e3", "", "семінар", dt.datetime(2018, 11, 1, 9, 30), "", 2.5, None],
        ["e4", "-5 %", "семінар", "01.11.2018", "Вінниця", "3", False],
    ]

    def edit(wb, ws):
        ws["D2"].number_format = "yyyy-mm-dd"
        ws["D3"].number_format = "yyyy-mm-dd hh:mm"

    path = _write(tmp_path, rows=rows, edit=edit)
    table = read_table(path)
    assert table.columns is not None  # the coded path
    for column in table.columns:  # one code per value: equal values were merged
        assert len({(type(u), u) for u in column.uniques}) == len(column.uniques)
        assert None not in column.uniques  # an empty cell is code -1
    _same(tmp_path, monkeypatch, path)
