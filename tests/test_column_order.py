"""a ≤ b compared on ranks of the distinct values (pair_checks._greater) gives the per-row
answer; the keys seen merge their sorted runs (stream_checks._merged) as a sort would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.registers.check.pair_checks import Coded, _greater, _ranks
from promis_analytics.registers.check.stream_checks import _merged


def _coded(values: list) -> tuple[np.ndarray, Coded]:
    """Per-row values and the same as codes into distinct values (None last)."""
    distinct = list(dict.fromkeys(v for v in values if v is not None))
    table = np.empty(len(distinct) + 1, dtype=object)
    table[:-1] = distinct
    codes = np.array([-1 if v is None else distinct.index(v) for v in values])
    rows = np.empty(len(values), dtype=object)
    rows[:] = values
    return rows, Coded(codes, table)


CASES = [  # women, participants (or start, end) per row
    ([3, 10, None, 12, Decimal("2.5")], [5, 9, 4, None, 2]),
    (
        [dt.date(2019, 3, 1), dt.date(2019, 3, 5), None],
        [dt.date(2019, 3, 2), dt.date(2019, 3, 4), None],
    ),
    ([1, Decimal("1.0"), 2], [Decimal("1"), 1, Decimal("1.5")]),  # equal values, equal ranks
]


@pytest.mark.parametrize(("a", "b"), CASES)
def test_ranks_give_the_row_answers(a: list, b: list) -> None:
    (va, ca), (vb, cb) = _coded(a), _coded(b)
    normal = np.ones(len(a), dtype=bool)
    expected = [
        k
        for k, (x, y) in enumerate(zip(a, b, strict=True))
        if x is not None and y is not None and x > y
    ]
    assert _greater(va, vb, ca, cb, normal).tolist() == expected
    assert _greater(va, vb, None, None, normal).tolist() == expected


@pytest.mark.parametrize(
    "values",
    [
        [dt.date(2019, 1, 1), dt.datetime(2019, 1, 1, 12)],  # a datetime beside a date
        [True, 2],  # a bool is no count
        [1.5, 2],  # a float may be NaN
        [Decimal("NaN"), 1],
        ["5", 4],  # text beside a number
    ],
)
def test_no_ranks_for_values_not_totally_ordered(values: list) -> None:
    table = np.empty(len(values) + 1, dtype=object)
    table[:-1] = values
    assert _ranks(table, table) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 40), unique=True),
    st.lists(st.integers(0, 40), unique=True),
)
def test_merged_runs_are_sorted_as_one(a: list[int], b: list[int]) -> None:
    b = [x for x in b if x not in a]  # a key is in one run only
    h1, h2 = np.sort(np.array(a, dtype=np.uint64)), np.sort(np.array(b, dtype=np.uint64))
    r1, r2 = h1.astype(np.int64) + 1000, h2.astype(np.int64) + 2000
    h, r = _merged(h1, r1, h2, r2)
    assert h.tolist() == sorted(a + b)
    assert dict(zip(h.tolist(), r.tolist(), strict=True)) == {
        **{int(x): int(y) for x, y in zip(h1, r1, strict=True)},
        **{int(x): int(y) for x, y in zip(h2, r2, strict=True)},
    }
