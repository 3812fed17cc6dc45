"""Columns of a register as distinct values and codes, and rows viewed over them (issue 16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.registers.io.rows import CodedCells, ColumnRows, RawRow, distinct, row_lengths


def _reference(values: list[Any]) -> tuple[list[int], list[Any]]:
    """Distinct values one at a time: equal values of one type share a code."""
    index: dict[Any, int] = {}
    uniques: list[Any] = []
    codes = []
    for v in values:
        if v is None:
            codes.append(-1)
            continue
        key = (type(v), v)
        if key not in index:
            index[key] = len(uniques)
            uniques.append(v)
        codes.append(index[key])
    return codes, uniques


_CELL = st.one_of(
    st.none(),
    st.sampled_from(["", "Вінниця", "у Луцьку", "н/д", "1", "1.0", "True"]),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.5, -1.0]),
    st.sampled_from([Decimal("1"), Decimal("1.0"), Decimal("2.50")]),
    st.sampled_from([dt.date(2018, 7, 5), dt.datetime(2018, 7, 5), dt.datetime(2018, 7, 5, 9)]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, max_size=40))
def test_distinct_keeps_types_apart_and_equal_values_together(values: list[Any]) -> None:
    codes, uniques = distinct(values)
    ref_codes, ref_uniques = _reference(values)
    assert len(uniques) == len(ref_uniques)
    for k, v in enumerate(values):  # the same partition, the same values and types
        if v is None:
            assert codes[k] == -1
            continue
        u = uniques[codes[k]]
        assert type(u) is type(v) and u == v
        same = [j for j in range(len(values)) if ref_codes[j] == ref_codes[k]]
        assert {int(codes[j]) for j in same} == {int(codes[k])}


def test_rows_over_columns_drop_trailing_empty_cells() -> None:
    """A row is its cells up to the last one with a value; a record without cells (a blank
    line) is an empty row; numbers count records from 1."""
    a = CodedCells(np.array([0, 1, -1, 2]), ["Код", "E1", "E2"])
    b = CodedCells(np.array([0, -1, -1, 1]), ["Назва", "Захід"])
    rows = ColumnRows([a, b])
    assert list(rows) == [
        RawRow(1, ("Код", "Назва")),
        RawRow(2, ("E1",)),
        RawRow(3, ()),
        RawRow(4, ("E2", "Захід")),
    ]
    assert row_lengths(rows).tolist() == [2, 1, 0, 2]
    assert list(rows[1:3]) == [RawRow(2, ("E1",)), RawRow(3, ())]
    assert rows[-1].number == 4 and len(rows[1:]) == 3


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list(" \t\u00a0\u2003\x1c\x00-–—нНд/ аєи")), max_size=8)
        | st.sampled_from(["н/д", " Н/Д ", "немає   даних", "—", "-", "нарада", ""]),
        min_size=1,
        max_size=30,
    )
)
def test_empty_cells_are_found_in_the_joined_texts_as_one_by_one(texts: list[str]) -> None:
    """Blank texts and "no data" words found by one search of a column's joined texts are
    exactly the cells ``is_empty`` calls empty (whitespace of every kind, NUL inside a text)."""
    from promis_analytics.registers.check.cells import is_empty
    from promis_analytics.registers.check.column import Column

    column = Column.of(tuple(texts))
    assert column.empty_uniques() == [is_empty(u) for u in column.uniques]


@settings(max_examples=400, deadline=None)
@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from(
        ["{y:04d}-{m:02d}-{d:02d}", "{d:02d}.{m:02d}.{y:04d}", " {d:02d}.{m:02d}.{y:04d} "]
    ),
    st.integers(0, 3),
)
def test_plain_days_read_as_the_date_parsers_read_them(day, form, shift) -> None:
    """The shortcut for «2018-07-05» and «05.07.2018» gives what the span and date parsers give
    (a day that does not exist, «31.02.2019», is left to them and their message)."""
    from promis_analytics.parsing import plain_day
    from promis_analytics.registers.check.cell_forms import date_span_in_cell as date_span
    from promis_analytics.registers.check.cells import parse_cell
    from promis_analytics.registers.schema.schemas import SCHEMAS

    d = min(day.day + shift, 31)  # sometimes a day the month does not have
    text = form.format(y=day.year, m=day.month, d=d)
    schema = SCHEMAS["events"]
    value, _, problems = parse_cell(schema.field("date_start"), text)
    assert date_span(schema, "date_start", text) is None
    assert plain_day(text) == (value if not problems else None)
