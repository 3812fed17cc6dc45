"""The date column type: an Excel date cell, an ISO date or a date written in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.errors import ParseError
from promis_analytics.registers.schema.field import Field
from promis_analytics.registers.schema.types.base import CellResult, ColumnType, bad_value

__all__ = ["DATE"]


def _date(t: ColumnType, f: Field, value: Any) -> CellResult:
    """The day of a cell: a spreadsheet date (a datetime's day), an ISO date, else any form
    ``parsing.parse_date`` reads («5 липня 2018»); a number is no date."""
    from promis_analytics.parsing import parse_date

    if isinstance(value, dt.datetime):
        return value.date(), None, []
    if isinstance(value, dt.date):
        return value, None, []
    if isinstance(value, int | float | bool):
        return None, None, [bad_value(t.expected, "a number, not a date")]
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text), None, []
    except ValueError:
        pass
    try:
        return parse_date(text), None, []
    except ParseError as exc:
        return None, None, [bad_value(t.expected, exc.detail)]


def _plain_day(text: str) -> dt.date | None:
    """The day of «2018-07-05» or «05.07.2018», sooner than ``parse``; None otherwise."""
    from promis_analytics.parsing import plain_day

    return plain_day(text)


def _series(values: Sequence[Any] | np.ndarray) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"))


DATE = ColumnType(
    name="date",
    parse=_date,
    quick=_plain_day,
    series=_series,
    pandas_dtype="datetime64[s]",
    expected=("дата, напр. 05.07.2018", "a date, e.g. 2018-07-05"),
    hint=("дата", "date"),
    docs="date (ISO)",
    xlsform="date",
    unit=None,
)
