"""Number column types: whole numbers, years, decimals, money amounts and percents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.errors import ParseError
from promis_analytics.registers.schema.field import Field
from promis_analytics.registers.schema.types.base import (
    CellResult,
    ColumnType,
    DecimalReader,
    Problem,
    bad_value,
    float_series,
    in_range,
)

__all__ = ["AMOUNT", "INT", "NUMBER", "PERCENT", "YEAR", "read_decimal"]


def _number(text: str) -> tuple[Decimal, str | None]:
    from promis_analytics.parsing import parse_number

    return parse_number(text), None


def _count(text: str) -> tuple[Decimal, str | None]:
    """A whole number, also with its unit word («20 осіб»)."""
    from promis_analytics.parsing import parse_count

    return parse_count(text), None


def _amount(text: str) -> tuple[Decimal, str | None]:
    """A money amount and the currency it names, if any («453,3 тис. грн»)."""
    from promis_analytics.parsing import parse_amount

    a = parse_amount(text)
    return a.value, a.currency


def _percent(text: str) -> tuple[Decimal, str | None]:
    """43,9 % → 43.9; a bare number in a percent column is taken as it is."""
    from promis_analytics.parsing import parse_percent

    try:
        return parse_percent(text), None
    except ParseError:
        return _number(text)


def read_decimal(
    value: Any, expected: tuple[str, str], decimal: DecimalReader | None = None
) -> tuple[Decimal | None, str | None, list[Problem]]:
    """A number from a cell: spreadsheet numbers (a percent cell already × 100) directly, text
    through ``decimal`` (a type's ``ColumnType.decimal``; default ``parse_number``). Returns
    (number or None, currency or None, problems — ``bad_value`` with ``expected``)."""
    if isinstance(value, bool | dt.date | dt.time):
        return None, None, [bad_value(expected, "not a number")]
    if isinstance(value, Decimal):
        return Decimal(value), None, []
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value), None, []
    try:
        number, currency = (decimal or _number)(str(value).strip())
    except ParseError as exc:
        return None, None, [bad_value(expected, exc.detail)]
    return number, currency, []


def _number_cell(t: ColumnType, f: Field, value: Any, whole: bool) -> CellResult:
    """A number cell (whole: an int, else a float) within the field's bounds; a type and a
    range problem are both reported."""
    number, currency, probs = read_decimal(value, t.expected, t.decimal)
    if number is None:
        return None, None, probs
    if whole and number != number.to_integral_value():
        probs.append(bad_value(t.expected, "not a whole number"))
    probs += in_range(f, number)
    if probs:
        return None, currency, probs
    return (int(number) if whole else float(number)), currency, []


def _whole(t: ColumnType, f: Field, value: Any) -> CellResult:
    return _number_cell(t, f, value, whole=True)


def _fraction(t: ColumnType, f: Field, value: Any) -> CellResult:
    return _number_cell(t, f, value, whole=False)


def _int_series(values: Sequence[Any] | np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="Int64")


def _int_from_codes(codes: np.ndarray, value_u: np.ndarray) -> pd.Series | None:
    """``value_u[codes]`` (code -1: missing) as a nullable Int64 column, without a Python
    object per row; None when a distinct value is not an int."""
    kinds = set(map(type, value_u)) - {type(None)}
    if not kinds <= {int}:
        return None
    missing = np.fromiter((v is None for v in value_u), dtype=bool, count=len(value_u))
    ints = np.array([0 if v is None else v for v in value_u], dtype=np.int64)
    return pd.Series(pd.arrays.IntegerArray(ints[codes], missing[codes] | (codes < 0)))


INT = ColumnType(
    name="int",
    decimal=_count,
    parse=_whole,
    series=_int_series,
    from_codes=_int_from_codes,
    pandas_dtype="Int64",
    expected=("ціле число, напр. 25", "a whole number, e.g. 25"),
    hint=("ціле число", "whole number"),
    docs="integer",
    xlsform="integer",
    unit="int",
)

YEAR = ColumnType(
    name="year",
    decimal=_number,
    parse=_whole,
    series=_int_series,
    from_codes=_int_from_codes,
    pandas_dtype="Int64",
    expected=("рік, напр. 2019", "a year, e.g. 2019"),
    hint=("рік", "year"),
    docs="year",
    xlsform="integer",
    unit="year",
)

NUMBER = ColumnType(
    name="number",
    decimal=_number,
    parse=_fraction,
    series=float_series,
    pandas_dtype="float64",
    expected=("число, напр. 1 234,5", "a number, e.g. 1 234.5"),
    hint=("число", "number"),
    docs="number",
    xlsform="decimal",
    unit="num",
)

AMOUNT = ColumnType(
    name="amount",
    decimal=_amount,
    parse=_fraction,
    series=float_series,
    pandas_dtype="float64",
    expected=("сума, напр. 453,3 тис.", "an amount, e.g. 453.3 thousand"),
    hint=("сума", "amount"),
    docs="amount (nominal)",
    xlsform="decimal",
    unit="num",
)

PERCENT = ColumnType(
    name="percent",
    decimal=_percent,
    parse=_fraction,
    series=float_series,
    pandas_dtype="float64",
    expected=("відсоток, напр. 43,9 %", "a percent, e.g. 43.9%"),
    hint=("відсоток", "percent"),
    docs="percent (43.9 = 43,9 %)",
    xlsform="decimal",
    unit="pct",
)
