"""The one writer: injection-safe text cells, numbers kept as numbers, atomic replacement."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promis_analytics import export
from promis_analytics.registers.io.formats import read_table

ATTACKS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil","клік")',
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    '=IMPORTXML(A1,"//a")',
    "+cmd|'/c calc'!A0",
    "-2+3+cmd|'/c calc'!A0",
    "@cmd|'/c notepad'!A0",
    '=DDE("cmd";"/C calc";"!A0")',
    '=WEBSERVICE("http://x")',
    "=1/0",
    "==1",
    "=-1",
    "+",
    "-",
    "@",
    "=",
    "-5 тис. грн",
    "+380 67 000 00 00",
    "=SUM(A1:A9)",
    "@@",
    "\t",
    "\n",
    "\r",
    '=ГІПЕРПОСИЛАННЯ("x")',
    "-=1",
    "+=1",
]
SAFE = ["Вінниця", "43,9 %", "229,8 млн грн", "'already", "a=b", " =leading space", ""]


def test_neutralise_prefixes_every_attack_string() -> None:
    assert len(ATTACKS) >= 30
    for s in ATTACKS:
        assert export.neutralise(s) == "'" + s
    for s in SAFE:
        assert export.neutralise(s) == s
    for v in (-5, -1.5, 0, None):
        assert export.neutralise(v) == v


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_written_files_read_back_safe_and_typed(tmp_path: Path, suffix: str) -> None:
    df = pd.DataFrame(
        {"text": ATTACKS + SAFE, "number": [-float(i) for i in range(len(ATTACKS) + len(SAFE))]}
    )
    p = export.write(df, tmp_path / f"out{suffix}")
    if suffix == ".xlsx":
        wb = openpyxl.load_workbook(p)
        ws = wb.active
        cells = list(ws.iter_rows(min_row=2, values_only=True))
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
        texts = [r[0] for r in cells]
        assert [r[1] for r in cells][1:4] == [-1, -2, -3]
    else:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
        texts = [r[0] for r in rows]
        assert rows[1][1] == "-1.0"

    # both formats keep a bare CR (openpyxl writes it through lxml as a character reference)
    def cr(s: str) -> str:
        return s

    for written, original in zip(texts, ATTACKS, strict=False):
        assert written == cr("'" + original)
    # our own reader undoes the prefix, so data round-trips exactly
    raw = [r.cells[0] for r in read_table(p).rows[1:]]
    assert [("" if v is None else v) for v in raw[: len(ATTACKS)]] == [cr(a) for a in ATTACKS]


def test_workbook_cells_are_neutralised(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["=2+2", 5, "ok"])
    p = export.write(wb, tmp_path / "w.xlsx")
    ws = openpyxl.load_workbook(p).active
    assert [c.value for c in ws[1]] == ["'=2+2", 5, "ok"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old\n", encoding="utf-8")

    def boom(tmp: Path) -> None:
        tmp.write_text("partial", encoding="utf-8")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        export.atomic_write(target, boom)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_csv_is_utf8_comma_newline(tmp_path: Path) -> None:
    df = pd.DataFrame({"місто": ["Вінниця"], "value": [1.5]})
    p = export.write(df, tmp_path / "x.csv")
    assert p.read_bytes() == "місто,value\nВінниця,1.5\n".encode()
    export.write(df, p, bom=True)
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"use \.csv or \.xlsx"):
        export.write(pd.DataFrame(), tmp_path / "x.json")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            *[
                st.text(
                    st.characters(exclude_characters="\x00", exclude_categories=("Cs",)),
                    max_size=12,
                )
            ]
            * 3
        ),
        min_size=1,
        max_size=5,
    )
)
def test_csv_round_trip_through_export_and_reader_is_exact(
    tmp_path: Path, rows: list[tuple[str, str, str]]
) -> None:
    """Whatever text goes out through ``export.write`` comes back cell for cell."""
    df = pd.DataFrame(rows, columns=["перший", "second", "третій"], dtype=object)
    p = export.write(df, tmp_path / "rt.csv")
    table = read_table(p)
    assert [r.cells for r in table.rows] == [tuple(df.columns), *rows]


def test_csv_written_in_chunks_is_the_same_file(tmp_path, monkeypatch):
    """A large table is neutralised and written in slices: the bytes are those of one write."""
    df = pd.DataFrame(
        {
            "місто": ["Вінниця", "=1+1", None, "рядок\rз CR", "-5"],
            "учасники": pd.array([12, None, 7, 30, 1], dtype="Int64"),
        }
    )
    whole = export.write(df, tmp_path / "whole.csv", bom=True).read_bytes()
    monkeypatch.setattr(export, "CSV_CHUNK_ROWS", 2)
    chunked = export.write(df, tmp_path / "chunked.csv", bom=True).read_bytes()
    assert chunked == whole
    assert whole.startswith(b"\xef\xbb\xbf") and whole.count(b"\xef\xbb\xbf") == 1
    assert b'"\'=1+1"' in whole  # quoted everywhere because of the bare CR
