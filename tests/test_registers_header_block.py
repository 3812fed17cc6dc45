"""Header blocks: 1–3 header rows (group words over sub-columns, merged or not) joined into one
column name before the aliases are matched; a totals word inside a header is a header."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_builders import write_xlsx

from promis_analytics.registers import load
from promis_analytics.registers.check.header_block import find_header
from promis_analytics.registers.io.rows import RawRow

GROUPED = [
    ["Реєстр заходів проєкту, 2019 рік"],
    ["Назва заходу", "Вид заходу", "Дата", "Місто", "Кількість учасників", None, None, None],
    [None, None, None, None, "усього", "жінок", "чоловіків", "з них ВПО"],
    ["Бюджет участі: старт", "навчання", "18.09.2019", "Луцьк", 25, 14, 11, 3],
    ["Брендинг міста", "воркшоп", "12.03.2019", "Полтава", 30, 20, 10, 0],
    ["Разом", None, None, None, 55, 34, 21, 3],
]
MERGES = ("A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:H2")


def _xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    return write_xlsx(path, rows, merges=merges)


def _check_grouped(reg) -> None:
    r = reg.report
    assert (r.rows_read, r.accepted, r.rejected, r.totals) == (3, 2, 0, 1), r.entries
    assert list(reg.data["participants"]) == [25, 30]
    assert list(reg.data["women"]) == [14, 20]
    assert list(reg.data["idp"]) == [3, 0]  # built-in dimension columns: typed, not extra text
    assert list(reg.data["men"]) == [11, 10]
    notes = {e.code: e for e in r.entries}
    assert notes["header_rows"].params["rows"] == "2–3"
    assert "рядках 2–3" in notes["header_rows"].problem("uk")
    codes = {e.code for e in r.errors}
    assert not codes & {"merged_cells", "totals_not_last", "data_without_header"}


def test_two_row_header_with_merged_group(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "Реєстр заходів.xlsx", GROUPED, MERGES)
    _check_grouped(load("events", path))


def test_two_row_header_unmerged(tmp_path: Path) -> None:
    """The group word stands over the first sub-column only (no merge): it covers the empty
    cells to its right over sub-columns."""
    _check_grouped(load("events", _xlsx(tmp_path / "Заходи.xlsx", GROUPED)))


def test_two_header_lines_in_csv(tmp_path: Path) -> None:
    p = tmp_path / "events.csv"
    lines = [";".join("" if c is None else str(c) for c in row) for row in GROUPED[1:]]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reg = load("events", p)
    r = reg.report
    assert (r.accepted, r.rejected, r.totals) == (2, 0, 1)
    assert list(reg.data["women"]) == [14, 20]
    assert next(e for e in r.entries if e.code == "header_rows").params["rows"] == "1–2"


def test_three_levels() -> None:
    rows = [
        RawRow(1, ("Назва заходу", "Дата", "Учасники заходу", None, None)),
        RawRow(2, (None, None, "Кількість учасників", None, None)),
        RawRow(3, (None, None, "усього", "у тому числі жінок", "з них ВПО")),
        RawRow(4, ("Форум", "01.02.2019", 40, 22, 5)),
    ]
    block = find_header(rows, "events")
    assert block is not None and block.numbers == (1, 2, 3)
    assert block.columns[:4] == ("title", "date_start", "participants", "women")
    assert block.names[4] == "Учасники заходу / Кількість учасників / з них ВПО"


@pytest.mark.parametrize(
    ("rows", "numbers"),
    [
        # a title line over a one-row header is not a level
        (
            [
                RawRow(1, ("Реєстр заходів 2019",)),
                RawRow(2, ("Назва заходу", "Дата", "Учасників")),
                RawRow(3, ("Форум", "01.02.2019", "40")),
            ],
            (2,),
        ),
        # a text-only first data row is not a level (it matches no column)
        (
            [
                RawRow(1, ("Назва заходу", "Вид заходу", "Місто")),
                RawRow(2, ("Форум громад", "конференція", "Луцьк")),
            ],
            (1,),
        ),
        # numbers under the header: data, whatever they say
        (
            [
                RawRow(1, ("Назва заходу", "Учасників", "жінок")),
                RawRow(2, ("усього", 40, 22)),
            ],
            (1,),
        ),
    ],
)
def test_what_is_not_a_header_level(rows: list[RawRow], numbers: tuple[int, ...]) -> None:
    block = find_header(rows, "events")
    assert block is not None and block.numbers == numbers


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_grouped_header_saved_by_libreoffice(tmp_path: Path, fmt: str) -> None:
    from test_registers_formats import soffice_convert

    source = _xlsx(tmp_path / "Реєстр заходів.xlsx", GROUPED, MERGES)
    _check_grouped(load("events", soffice_convert(source, fmt, tmp_path)))
