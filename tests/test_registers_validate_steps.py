"""validate_table as named steps over one CheckContext: what each step leaves for the next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from promis_analytics.registers.check.validate import (
    CheckContext,
    check_cells,
    check_columns,
    check_row_order,
    check_rules,
    find_table_header,
    to_frames,
    validate_table,
)
from promis_analytics.registers.io.formats import read_table
from promis_analytics.registers.schema.report import ValidationReport
from promis_analytics.registers.schema.schemas import SCHEMAS

PERIOD = (dt.date(2015, 4, 1), dt.date(2021, 3, 31))
LINES = [
    "Перелік рекомендацій,,,,,",
    "Код рекомендації,Місто,Сфера,Рік надання,Джерело,Локатор",
    "R1,Харків,Прозорість бюджету,2017,звіт 2017,стор. 3",
    "R1,Вінниця,Прозорість бюджету,2018,звіт 2018,стор. 4",
    "R3,Дніпро,Прозорість бюджету,2030,звіт 2019,стор. 5",
    ",,,,,",
]


def _context(tmp_path: Path, lines: list[str]) -> CheckContext:
    path = tmp_path / "recommendations.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(path)
    report = ValidationReport(table.file, table.sheet, "recommendations")
    return CheckContext(table, "recommendations", SCHEMAS["recommendations"], report, PERIOD)


def _codes(ctx: CheckContext) -> list[tuple[str, int | None]]:
    return [(e.code, e.row) for e in ctx.report.entries]


def test_each_step_adds_its_own_problems_in_order(tmp_path: Path) -> None:
    ctx = _context(tmp_path, LINES)
    assert ctx.file == "recommendations.csv" and ctx.sheet is None
    assert find_table_header(ctx)
    assert ctx.block is not None and ctx.block.row.number == 2
    assert _codes(ctx) == [("above_header", 1)]
    check_columns(ctx)
    assert list(ctx.colmap.values()) == [
        "recommendation_id", "city", "area", "year_given", "source"
    ]  # fmt: skip
    assert ("extra_column", 2) in _codes(ctx)  # «Локатор» is not a header the schema knows
    assert [r.number for r in ctx.data_rows] == [3, 4, 5]  # the empty last row is not read
    check_cells(ctx)
    assert ctx.numbers == [3, 4, 5]
    check_row_order(ctx)
    assert ("duplicate_key", 4) in _codes(ctx)
    assert ("year_outside_project", 5) not in _codes(ctx)
    check_rules(ctx)
    assert ("year_outside_project", 5) in _codes(ctx)
    data, rejects, report = to_frames(ctx)
    assert list(data["recommendation_id"]) == ["R1"] and list(rejects["row"]) == [4, 5]
    assert report.accepted == 1 and report.rejected == 2


def test_the_steps_give_what_validate_table_gives(tmp_path: Path) -> None:
    ctx = _context(tmp_path, LINES)
    assert find_table_header(ctx)
    for step in (check_columns, check_cells, check_row_order, check_rules):
        step(ctx)
    data, rejects, report = to_frames(ctx)
    table = read_table(tmp_path / "recommendations.csv")
    data2, rejects2, report2 = validate_table(table, "recommendations", period=PERIOD)
    assert data.equals(data2) and rejects.equals(rejects2)
    assert report.entries == report2.entries


@pytest.mark.parametrize(
    ("lines", "code"),
    [([",,", ",,"], "empty_file"), (["щось,інше", "1,2"], "header_not_found")],
)
def test_no_header_stops_after_the_first_step(tmp_path: Path, lines, code) -> None:
    ctx = _context(tmp_path, lines)
    assert not find_table_header(ctx)
    assert [c for c, _ in _codes(ctx)] == [code]
    with pytest.raises(RuntimeError, match="find_table_header"):
        check_columns(ctx)
