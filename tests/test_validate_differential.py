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
from promis_analytics.registers.reader import FileProblem, RawRow, RawTable, read_table
from promis_analytics.registers.validate import validate_table

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
