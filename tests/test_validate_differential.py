"""The columnar checks give exactly the answers of the row-by-row checks they replaced
(``tests/legacy_validate.py``): same typed frame, same rejects, same problems in the same
order — on the bad-input corpus, the embedded data and generated messy registers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import legacy_validate
import pandas as pd
import pytest
from bad_inputs.cases import CASES as BASE_CASES
from bad_inputs.matrix import MATRIX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promis_analytics import paths
from promis_analytics.registers import SCHEMAS
from promis_analytics.registers.check.validate import validate_table
from promis_analytics.registers.io.formats import read_table
from promis_analytics.registers.io.reader import FileProblem, RawRow, RawTable

# The old path always checked the PROMIS period; the new one checks the period it is given.
PROMIS_PERIOD = (
    dt.date.fromisoformat(legacy_validate.PROJECT_START),
    dt.date.fromisoformat(legacy_validate.PROJECT_END),
)

CASES = BASE_CASES + MATRIX


def _entries(report) -> list[tuple]:
    return [
        (e.code, e.file, e.sheet, e.row, e.column, e.column_letter, repr(e.value), e.severity,
         tuple(sorted((k, repr(v)) for k, v in e.params.items())))
        for e in report.entries
    ]  # fmt: skip


def assert_same(table: RawTable, kind: str) -> None:
    new = validate_table(table, kind, period=PROMIS_PERIOD)
    old = legacy_validate.validate_table(table, kind)
    pd.testing.assert_frame_equal(new[0], old[0])
    assert new[0].attrs == old[0].attrs
    pd.testing.assert_frame_equal(new[1], old[1])
    assert _entries(new[2]) == _entries(old[2])
    assert new[2].counts() == old[2].counts()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_corpus(case, tmp_path: Path) -> None:
    folder = tmp_path / case.id
    folder.mkdir()
    path = case.build(folder)
    try:
        table = read_table(path, prefer=(case.kind, SCHEMAS[case.kind].label_uk))
    except (FileProblem, FileNotFoundError):
        pytest.skip("the file is refused before any row is checked")
    assert_same(table, case.kind)


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_embedded_data(kind: str) -> None:
    path = paths.raw_dir() / f"{kind}.csv"
    if not path.is_file():
        pytest.skip(f"no {kind}.csv in data/raw")
    assert_same(read_table(path), kind)


HEADERS = {
    "events": ["№ з/п", "Назва", "Тип заходу", "Дата", "Дата завершення", "Місто", "Учасники",
               "З них жінок", "Примітки"],
    "cofinancing": ["Код проєкту", "Фонд", "Місто", "Назва", "Дата", "Внесок ПРОМІС",
                    "Валюта внеску ПРОМІС", "Джерело"],
}  # fmt: skip
WORDS = {
    "events": [
        ["Захід", "Форум міст", "", "Всього", "Назва"],
        ["семінар", "навчання", "воркшоп", "пікнік", "", "Тип заходу", "Круглий стіл"],
        ["12.03.2019", "18-19.09.2019", "березень 2019", "12.03.19", "2014-01-01", "31.02.2019",
         "", "вчора", "2019-05-06"],
        ["", "2019-03-20", "01.01.2019", "н/д"],
        ["Вінниця", "у Луцьку", "с. Гута, Буська громада", "Гута", "онлайн", "Гадюкине", "",
         "Кіровоград", "м. Полтава"],
        ["25", "0", "-3", "двадцять", "", "1 200", "12,5", "—", "999"],
        ["", "10", "30", "н/д", "-1"],
        ["", "примітка", "Р-01"],
    ],
    "cofinancing": [
        ["P1", "P2", "", "P1", "Р-3"],
        ["фонд МСП", "ФДВ", "dg_fund", "фонд ініціатив", ""],
        ["Долина", "", "Коломия", "Київ"],
        ["Проєкт", "", "Разом"],
        ["2019-02-01", "", "2013-01-01", "01.02.2019"],
        ["15 тис.", "453,3 тис. CAD", "1 000 грн", "", "багато", "-5"],
        ["CAD", "грн", "", "USD", "гривня"],
        ["картка", ""],
    ],
}  # fmt: skip


@st.composite
def registers(draw, kind: str) -> tuple[RawTable, str]:
    header = HEADERS[kind]
    rows = [RawRow(1, tuple(header))]
    n = draw(st.integers(min_value=0, max_value=25))
    number = 2
    for _ in range(n):
        shape = draw(
            st.sampled_from(["row", "row", "row", "row", "blank", "header", "short", "long"])
        )
        if shape == "blank":
            cells = ("",) * len(header)
        elif shape == "header":
            cells = tuple(header)
        else:
            cells = tuple(draw(st.sampled_from(words)) for words in WORDS[kind])
            if shape == "short":
                cells = cells[: draw(st.integers(1, len(cells) - 1))]
            elif shape == "long":
                cells = (*cells, "зайве")
        rows.append(RawRow(number, cells))
        number += 1
    table = RawTable(Path(f"{kind}.csv"), None, rows, fixed_width=True, delimiter=",")
    return table, kind


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(registers("events"), registers("cofinancing")))
def test_generated_messy_registers(generated: tuple[RawTable, str]) -> None:
    table, kind = generated
    assert_same(table, kind)


@settings(max_examples=60, deadline=None)
@given(registers("events"))
def test_generated_workbook_like_tables(generated: tuple[RawTable, str]) -> None:
    """The same rows as a workbook sheet would give them: any width, numbers as numbers."""
    table, kind = generated
    rows = [
        RawRow(
            r.number, tuple(int(c) if isinstance(c, str) and c.isdigit() else c for c in r.cells)
        )
        for r in table.rows
    ]
    sheet = RawTable(Path("events.xlsx"), "Заходи", rows, fixed_width=False)
    assert_same(sheet, kind)


# --- streamed batches (registers.out.stream): the same answers as the whole file ------------------

STREAM_HEADER = "Код заходу,Назва заходу,Тип заходу,Дата початку,Дата завершення,Місто,Кількість учасників,З них жінок,Джерело,Місце в джерелі"  # noqa: E501
STREAM_CELLS = [
    ["З-1", "З-2", "З-3", "", "З-4"],  # codes repeat: duplicate keys within and across batches
    ["Форум міст", '"Семінар, практикум"', '"Назва\nз двох рядків"', "'=SUM(A1)", ""],
    ["семінар", "навчальний курс", "пікнік", "форум", ""],
    ["12.03.2019", "18-19.09.2019", "березень 2019", "31.02.2019", "вчора", "2019-05-06", ""],
    ["", "2019-03-20", "27 січня 2019", "н/д"],
    ["Вінниця", "у Луцьку", "Запоріжжя", "онлайн", "Гадюкине", "Гута", ""],
    ["25", "0", "-3", "двадцять", "", "1 200", '"12,5"'],
    ["", "10", "30", "н/д"],
    ["synthetic", ""],
    ["рядок 1", ""],
]


def _stream_csv(seed: int, totals: str) -> str:
    """A messy events CSV: bad and good cells, blank lines (runs of them too), the header
    repeated, a totals row (``totals``: its participants cell) and blank lines after it."""
    import random

    rng = random.Random(seed)
    lines = [STREAM_HEADER]
    for k in range(240):
        shape = rng.choice(["row"] * 12 + ["blank", "blank2", "header"])
        if shape == "blank":
            lines.append("")
        elif shape == "blank2":
            lines += ["", ""]
        elif shape == "header":
            lines.append(STREAM_HEADER)
        else:
            cells = [rng.choice(words) for words in STREAM_CELLS]
            cells[0] = cells[0] if rng.random() < 0.3 else f"З-{k:04d}"
            lines.append(",".join(cells))
    lines += [f"Всього,,,,,,{totals},,,", "", ""]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("block", [300, 1000])
@pytest.mark.parametrize("totals", ["", "1 234", "99999"])
def test_streamed_batches_same_as_whole_file(
    seed: int, block: int, totals: str, tmp_path: Path, monkeypatch
) -> None:
    from promis_analytics.registers import load
    from promis_analytics.registers.check.stream_checks import Checker
    from promis_analytics.registers.out.stream import validate_stream

    path = tmp_path / "events.csv"
    path.write_text(_stream_csv(seed, totals), encoding="utf-8")
    whole = load("events", path, strict=False)
    starts: list[int] = []
    batch = Checker.batch

    def spy(self, cols, base):  # the first record of each batch
        starts.append(base + 1)
        return batch(self, cols, base)

    monkeypatch.setattr(Checker, "batch", spy)
    out = tmp_path / "events.parquet"
    streamed = validate_stream("events", path, out=out, block_bytes=block)
    assert len(starts) > 3  # the file was read in batches
    assert _entries(streamed.report) == _entries(whole.report)
    assert streamed.report.counts() == whole.report.counts()
    pd.testing.assert_frame_equal(streamed.rejects, whole.rejects)
    data = pd.read_parquet(out)
    assert data.pop("__promis_source_row__").tolist() == whole.data.attrs["rows"]
    expected = whole.data.copy()
    expected.attrs = {}
    for c in data.columns:  # Parquet keeps datetime64[s] as ms, Int64 without a missing as int64
        data[c] = data[c].astype(expected[c].dtype)
    pd.testing.assert_frame_equal(data, expected)
    # what the comparison covered: a problem on a batch's first row, a key first met in an
    # earlier batch, the totals row in the last batch
    rows_with_problem = {e.row for e in whole.report.errors}
    assert rows_with_problem & set(starts[1:])
    dups = [e for e in whole.report.entries if e.code == "duplicate_key"]
    assert any(max(s for s in starts if s <= e.params["first_row"]) < max(
        s for s in starts if s <= e.row) for e in dups)  # fmt: skip
    assert next(e.row for e in whole.report.entries if e.code == "totals_row") >= starts[-1]


def test_streamed_blank_line_at_a_batch_boundary(tmp_path: Path) -> None:
    """Blank lines at the start and the end of batches, and a batch of blank lines only,
    are counted as the whole file counts them (trailing ones not at all)."""
    from promis_analytics.registers import load
    from promis_analytics.registers.out.stream import validate_stream

    row = "З-{k},Форум міст,семінар,12.03.2019,,Вінниця,25,10,synthetic,рядок"
    lines = [STREAM_HEADER]
    for k in range(200):
        lines.append(row.format(k=k))
        if k % 37 == 0:
            lines += [""] * 40  # a run of blank lines longer than one block
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines + [""] * 30) + "\n", encoding="utf-8")
    whole = load("events", path, strict=False)
    streamed = validate_stream("events", path, block_bytes=256)
    assert whole.report.blank > 100
    assert _entries(streamed.report) == _entries(whole.report)
    assert streamed.report.counts() == whole.report.counts()


@pytest.mark.parametrize(
    "text",
    [
        "Код заходу;Назва заходу\r\nЗ-1;a\rb\r\n",  # a bare carriage return
        "\nКод заходу,Назва заходу\n",  # a line break first
        "Код заходу,Назва заходу\nЗ-1,a,зайве\n",  # a record of another width
        "Назва\n" + "\n".join("x" for _ in range(100)),  # no header
    ],
)
def test_streamed_path_declines_what_the_whole_file_reads(text: str, tmp_path: Path) -> None:
    from promis_analytics.registers import load
    from promis_analytics.registers.out.stream import Declined, validate_file, validate_stream

    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Declined):
        validate_stream("events", path, block_bytes=256)
    report = validate_file("events", path, min_bytes=0, block_bytes=256)
    assert _entries(report) == _entries(load("events", path, strict=False).report)


@pytest.mark.parametrize("totals", ["", "1 234"])
def test_load_cached_streams_into_its_parquet_entry(
    totals: str, tmp_path: Path, monkeypatch
) -> None:
    """``load_cached`` of a large CSV (here: any size) checks it in batches and gives the
    frame, rejects and counts of ``load``; a file without problems is kept as the cache entry
    and read from it the next time."""
    from promis_analytics.registers import load
    from promis_analytics.registers.out import stream
    from promis_analytics.registers.out.cache import load_cached

    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 400)
    calls: list[Path] = []
    checked = stream.validate_stream

    def spy(kind, path, **kw):
        calls.append(path)
        return checked(kind, path, **kw)

    monkeypatch.setattr(stream, "validate_stream", spy)
    clean = "\n".join(
        [STREAM_HEADER]
        + [
            f"З-{k},Форум міст,семінар,12.03.2019,,Вінниця,25,10,synthetic,рядок"
            for k in range(150)
        ]
    )
    for text in (_stream_csv(4, totals), clean + "\n"):
        folder = tmp_path / str(len(text))
        folder.mkdir()
        path = folder / "events.csv"
        path.write_text(text, encoding="utf-8")
        whole = load("events", path, strict=False)
        for _ in range(2):
            reg = load_cached("events", path, strict=False, cache=folder / "cache")
            pd.testing.assert_frame_equal(reg.data, whole.data)
            assert reg.data.attrs["rows"] == whole.data.attrs["rows"]
            pd.testing.assert_frame_equal(reg.rejects, whole.rejects)
            assert reg.report.counts() == whole.report.counts()
        assert calls[-1] == path  # checked in batches (the second call of a clean file: a hit)
        kept = sorted(p.suffix for p in (folder / "cache").iterdir())
        assert kept == ([] if whole.report.entries else [".json", ".parquet"])
