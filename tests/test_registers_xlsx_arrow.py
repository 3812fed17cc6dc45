"""A large .xlsx read through Arrow (``registers.io.xlsx_arrow``) gives exactly the cells and the
report of the whole-sheet python-calamine path: typed cells, a header block not on row 1,
merged header cells, blank and totals rows, several sheets; what it cannot promise it
declines. Small workbooks are sent through it by lowering ``ARROW_FROM``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bad_inputs.cases import CASES as BASE_CASES
from bad_inputs.matrix import MATRIX
from doc_builders import write_xlsx
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics.registers import SCHEMAS, load
from promis_analytics.registers.io import xlsx_arrow
from promis_analytics.registers.io.formats import read_table
from promis_analytics.registers.io.reader import FileProblem

HEADER = ["event_id", "Назва заходу", "Тип заходу", "Дата початку", "Місто", "Учасників",
          "Жінок", "Чоловіків"]  # fmt: skip


def _rows(n: int, start: int = 1) -> list[list[object]]:
    cities = ["Краматорськ", "Сєвєродонецьк", "Маріуполь", "Бахмут"]
    return [
        [f"ev-{k:04d}", f"Навчання {k}", "тренінг", dt.datetime(2019, 1, 1) + dt.timedelta(days=k),
         cities[k % 4], 10 + k % 7, 5 + k % 3, 5 + k % 7 - k % 3]
        for k in range(start, start + n)
    ]  # fmt: skip


def _spied(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Send every sheet through the Arrow path; the list records whether it gave columns."""
    taken: list[bool] = []
    real = xlsx_arrow.read_arrow

    def spy(*args):
        out = real(*args)
        taken.append(out is not None)
        return out

    monkeypatch.setattr(xlsx_arrow, "ARROW_FROM", 0)
    monkeypatch.setattr(xlsx_arrow, "read_arrow", spy)
    return taken


def _cells(table) -> list[tuple]:
    """Row number, cells (by ``repr``: a formula without a value has no ``==``), cell types."""
    return [(r.number, tuple(map(repr, r.cells)), tuple(map(type, r.cells))) for r in table.rows]


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, kind: str = "events"):
    """(Arrow read, whole read, whether Arrow gave the columns) of ``path``."""
    prefer = (kind, SCHEMAS[kind].label_uk)
    with monkeypatch.context() as m:
        taken = _spied(m)
        arrow = read_table(path, prefer=prefer)
        arrow_report = load(kind, path, strict=False).report
    whole = read_table(path, prefer=prefer)
    whole_report = load(kind, path, strict=False).report
    assert _cells(arrow) == _cells(whole)
    assert (arrow.merged, arrow.hidden_rows, arrow.hidden_sheets, arrow.sheet) == (
        whole.merged, whole.hidden_rows, whole.hidden_sheets, whole.sheet,
    )  # fmt: skip
    assert [(e.code, e.row, e.column, repr(e.value)) for e in arrow_report.entries] == [
        (e.code, e.row, e.column, repr(e.value)) for e in whole_report.entries
    ]
    assert arrow_report.counts() == whole_report.counts()
    return whole_report, bool(taken) and all(taken)


LAYOUTS = {
    "header on row 1": [HEADER, *_rows(40)],
    "title rows above the header": [["Реєстр заходів ПРОМІС, Донецька область"], [], HEADER,
                                    *_rows(40)],
    "blank row and totals row": [HEADER, *_rows(20), [], *_rows(5, 30),
                                 ["Разом", None, None, None, None, 300]],
    "neutralised text and empty texts": [HEADER, ["'=SUM(A1)", "'-5", "тренінг", "",
                                         "Бахмут", 3, 1, 2], *_rows(40)],
    "numbers stored as text in the first rows": [HEADER, ["ev-9", "Н", "тренінг", "05.03.2019",
                                                 "Бахмут", "12", "6", "6"], *_rows(40)],
    "bools and fractions": [[*HEADER, "Онлайн"], *[[*r, k % 2 == 0] for k, r in
                                                  enumerate(_rows(40))],
                            ["ev-x", "Н", "тренінг", dt.datetime(2019, 5, 1, 13, 45, 12),
                             "Бахмут", 2.5, 1, 1.5, False]],
}  # fmt: skip


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_arrow_read_equals_the_whole_sheet(
    layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "events.xlsx", LAYOUTS[layout])
    _, taken = _both(path, monkeypatch)
    assert taken


def test_merged_header_and_several_sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    path = write_xlsx(
        tmp_path / "events.xlsx",
        [["Учасники", None, None, None, None, "Кількість", None, None], HEADER, *_rows(40)],
        merges=("A1:E1", "F1:H1"),
    )
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Довідник").append(["Місто", "Область"])
    hidden = wb.create_sheet("Приховано")
    hidden.append([1, 2])
    hidden.sheet_state = "hidden"
    wb.save(path)
    report, taken = _both(path, monkeypatch)
    assert taken
    assert "hidden_sheet" in {e.code for e in report.entries}


def test_declines_a_column_of_mixed_types_below_the_first_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [HEADER, *_rows(80)]
    rows[75][5] = "н/д"  # text among numbers, below the rows python-calamine reads first
    path = write_xlsx(tmp_path / "events.xlsx", rows)
    report, taken = _both(path, monkeypatch)
    assert not taken
    assert any(e.row == 76 for e in report.errors)


def test_declines_times_of_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[*HEADER, "Час"], *[[*r, dt.time(10, k % 60)] for k, r in enumerate(_rows(40))]]
    path = write_xlsx(tmp_path / "events.xlsx", rows)
    _, taken = _both(path, monkeypatch)
    assert not taken


def test_header_beyond_the_first_rows_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_arrow, "HEAD_ROWS", 4)
    rows = [["Звіт"], *[[f"примітка {k}"] for k in range(6)], HEADER, *_rows(30)]
    path = write_xlsx(tmp_path / "events.xlsx", rows)
    _both(path, monkeypatch)  # either path: the same cells and report


XLSX_CASES = [c for c in BASE_CASES + MATRIX if str(c.file).lower().endswith((".xlsx", ".xlsm"))]


@pytest.mark.parametrize("case", XLSX_CASES, ids=[c.id for c in XLSX_CASES])
def test_bad_input_workbooks(case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = case.build(tmp_path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        pytest.skip("not a workbook")
    try:
        read_table(path, prefer=(case.kind, SCHEMAS[case.kind].label_uk))
    except (FileProblem, FileNotFoundError):
        with monkeypatch.context() as m:
            _spied(m)
            with pytest.raises((FileProblem, FileNotFoundError)):
                read_table(path, prefer=(case.kind, SCHEMAS[case.kind].label_uk))
        return
    _both(path, monkeypatch, case.kind)


CELL = st.one_of(
    st.none(),
    st.text(max_size=3),
    st.integers(-5, 5),
    st.floats(allow_nan=False, width=32),
    st.booleans(),
    st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2050, 1, 1)),
)


@given(st.lists(st.lists(CELL, max_size=5), min_size=1, max_size=12))
def test_split_row_leaves_one_cell_type_per_column(head: list[list[object]]) -> None:
    rows = [tuple(r) for r in head]
    split = xlsx_arrow.split_row(rows)
    assert split >= 1
    width = max(len(r) for r in rows)
    for j in range(width):
        kinds = {xlsx_arrow._kind(r[j]) for r in rows[split:] if j < len(r)} - {None}
        assert len(kinds) <= 1
