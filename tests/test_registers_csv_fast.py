"""Arrow's CSV fast path gives exactly ``csv.reader``'s cells, or declines (issue 16)."""

from __future__ import annotations

import csv
import io
from itertools import zip_longest
from pathlib import Path

import pytest
from bad_inputs.cases import CASES as BASE_CASES
from bad_inputs.matrix import MATRIX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promis_analytics import paths
from promis_analytics.encodings import decode_text
from promis_analytics.registers.io.csv_fast import arrow_columns
from promis_analytics.registers.io.formats import read_table
from promis_analytics.registers.io.reader import sniff_delimiter


def _reference(text: str, delimiter: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [list(c) for c in zip_longest(*rows)] if rows else []


def _same_or_declined(text: str, delimiter: str) -> bool:
    """True when the fast path answered (and then it must equal the reference)."""
    fast = arrow_columns(text, delimiter, min_bytes=0)
    if fast is None:
        return False
    assert fast == _reference(text, delimiter)
    return True


CSV_CASES = [c for c in BASE_CASES + MATRIX if c.file.endswith(".csv")]


@pytest.mark.parametrize("case", CSV_CASES, ids=[c.id for c in CSV_CASES])
def test_the_bad_input_corpus(case, tmp_path: Path) -> None:
    path = case.build(tmp_path)
    if not path.is_file():
        return  # the missing-file case
    data = path.read_bytes()
    if b"\x00" in data:
        return  # refused before any parser runs
    try:
        text, _ = decode_text(data)
    except Exception:
        return
    _same_or_declined(text, sniff_delimiter(text))


@pytest.mark.parametrize("name", ["events.csv", "facts.csv", "adoptions.csv", "results.csv"])
def test_the_embedded_registers(name: str) -> None:
    text = (paths.raw_dir() / name).read_text(encoding="utf-8")
    assert _same_or_declined(text, ",")  # rectangular files take the fast path


_CELL = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab ЇїЄ«»,;\"'\t\n\r=-+1.")), max_size=8),
    st.sampled_from(["", "  "]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=12),
    delimiter=st.sampled_from([",", ";", "\t"]),
    terminator=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_generated_files_written_by_csv_writer(rows, delimiter, terminator, quoting) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=terminator, quoting=quoting).writerows(rows)
    _same_or_declined(buf.getvalue(), delimiter)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab,;\"\n\r '")), min_size=1, max_size=60))
def test_generated_raw_text(text: str) -> None:
    """Hand-made text, quotes in odd places included: equal or declined, never different."""
    try:
        _reference(text, ",")
    except csv.Error:
        return
    _same_or_declined(text, ",")


def test_a_large_file_reads_the_same_either_way(tmp_path: Path) -> None:
    lines = ["a,b,c"] + [f'{i},"x, «{i}»",""' for i in range(60000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(path)
    assert table.columns is not None  # over MIN_BYTES: the fast path was taken
    assert [r.cells for r in table.rows[:2]] == [("a", "b", "c"), ("0", "x, «0»", "")]
    assert len(table.rows) == 60001 and table.rows[-1].number == 60001


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_large_register_loads_the_same_through_either_reader(
    tmp_path: Path, monkeypatch, newline: str
) -> None:
    """End to end: a messy register of more than a megabyte — everyday words, Ukrainian dates,
    inflected places, bad cells, a repeated header, blank lines (one inside a quoted cell), a
    totals row — gives the same typed frame, rejects and report through Arrow's columns as
    through csv.reader."""
    import pandas as pd

    from promis_analytics.registers import load
    from promis_analytics.registers.io import csv_fast
    from promis_analytics.registers.io.formats import read_table

    head = ("Код заходу,Назва,Тип заходу,Дата початку,Місто,Кількість учасників,З них жінок,"
            "Джерело,Місце в джерелі")  # fmt: skip
    forms = [("тренінг", "05.07.2018", "Вінниця", "25", "10"),
             ("навчання", "2018-07-06", "у Луцьку", "30", ""),
             ("семінар", "березень 2019", "м. Чернігів", "н/д", "3"),
             ("тренінг", "31.02.2019", "Атлантида", "багато", "40")]  # fmt: skip
    lines = [head]
    for i in range(14000):
        kind, day, place, n, w = forms[i % 4]
        lines.append(f'E{i},"Захід {i}, «тема»",{kind},{day},{place},{n},{w},звіт,р. {i}')
        if i == 7000:
            lines.append(head)  # a repeated header row
        if i % 3000 == 5:
            lines += ["", ""] if i == 5 else [""]  # blank lines, two at once once
        if i == 9000:
            lines.append(
                f'E{i}b,"Захід{newline}{newline}з порожнім рядком",тренінг,{day},{place},1,,звіт,р'
            )
        if i == 10000:
            lines.append(",,,,,,,,")  # a row of empty cells as Excel writes it
    lines.append("Всього,,,,,,,,")
    path = tmp_path / "Заходи.csv"
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    assert path.stat().st_size > csv_fast.MIN_BYTES

    assert read_table(path).columns is not None
    fast = load("events", path, strict=False)
    monkeypatch.setattr(csv_fast, "MIN_BYTES", 1 << 40)  # the reference reader only
    assert read_table(path).columns is None
    slow = load("events", path, strict=False)
    pd.testing.assert_frame_equal(fast.data, slow.data)
    pd.testing.assert_frame_equal(fast.rejects, slow.rejects)
    assert fast.data.attrs["rows"] == slow.data.attrs["rows"]
    key = [(e.code, e.row, e.column_letter, repr(e.value), e.severity) for e in fast.report.entries]
    assert key == [
        (e.code, e.row, e.column_letter, repr(e.value), e.severity) for e in slow.report.entries
    ]
    assert fast.report.rejected > 3000 and fast.report.totals == 1
    assert fast.report.blank == 7  # six blank lines and the row of empty cells
    assert "порожнім" in " ".join(fast.data["title"].tolist() + fast.rejects["title"].tolist())


def test_a_neutralised_copy_of_a_key_is_the_same_key_in_the_fast_path(
    tmp_path: Path, monkeypatch
) -> None:
    """«'-5» is «-5» written by our export: in a large file read by Arrow the two share one
    value, so the second row is a repeated key — as through csv.reader."""
    from promis_analytics.registers import load
    from promis_analytics.registers.io import csv_fast

    head = "Код заходу,Назва,Тип заходу,Дата початку,Місто,Кількість учасників,Джерело,Місце"
    lines = [head, "-5,Форум,форум,05.07.2018,Вінниця,10,звіт,р. 1"]
    lines += [f"E{i},Захід {i},тренінг,05.07.2018,Вінниця,12,звіт,р. {i}" for i in range(20000)]
    lines.append("'-5,Форум,форум,06.07.2018,Вінниця,11,звіт,р. 2")
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > csv_fast.MIN_BYTES

    fast = load("events", path, strict=False)
    monkeypatch.setattr(csv_fast, "MIN_BYTES", 1 << 40)  # the reference reader only
    slow = load("events", path, strict=False)
    repeated = [(e.code, e.row) for e in fast.report.errors if e.code == "duplicate_key"]
    assert repeated == [("duplicate_key", 20003)]
    assert repeated == [(e.code, e.row) for e in slow.report.errors if e.code == "duplicate_key"]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet='a,"\n\r', max_size=60).filter(lambda t: "\r" not in t.replace("\r\n", "")),
    st.integers(min_value=1, max_value=7),
)
def test_streamed_marks_equal_whole_file_marks(text: str, chunk: int) -> None:
    """The streamed reader marks blank lines chunk by chunk exactly as ``csv_fast`` marks the
    whole file (a blank line or a CR LF cut by a chunk boundary included)."""
    import io as _io

    from promis_analytics.registers.io import csv_fast
    from promis_analytics.registers.out.stream import _Source

    data = text.encode()
    source = _Source(_io.BytesIO(b"\xef\xbb\xbf" + data), 3, b"\x00,,", chunk=chunk)
    got = b""
    while block := source.read(5):
        got += block
    assert got == csv_fast._marked(data, b"\x00,,")[0]
