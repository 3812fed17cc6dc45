"""Cell forms the row checks know: a date span typed in one cell, swallowed lines, shown values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from promis_analytics.errors import ParseError
from promis_analytics.parsing import date_precision, parse_date_range
from promis_analytics.registers.schema.schemas import Schema

__all__ = ["date_span_in_cell", "shown", "swallowed_lines"]


def date_span_in_cell(schema: Schema, col: str, raw: Any) -> tuple[Any, str, Any, str] | None:
    """A range or a month typed in the start cell of a date span («18-19.09.2019»,
    «березень 2019»): (start, end column, end, precision), or None for anything else (one
    day, an Excel date, text that is no date — those go through ``parse_cell``)."""
    end_col = dict(schema.spans).get(col)
    if end_col is None or not isinstance(raw, str):
        return None
    try:
        start, end = parse_date_range(raw)
        precision = date_precision(raw)
    except ParseError:
        return None
    if start == end and precision == "day":
        return None
    return start, end_col, end, precision


def swallowed_lines(cell: Any, delimiter: str, width: int) -> bool:
    """True when a CSV cell holds line breaks followed by whole rows of delimited text —
    the sign of a stray quote that joined the following lines into one cell."""
    if not isinstance(cell, str) or "\n" not in cell or width < 3:
        return False
    return any(line.count(delimiter) >= width - 2 for line in cell.splitlines()[1:])


def shown(v: Any) -> str:
    """A typed value as a message shows it: 40 (not 4E+1), dates in ISO form."""
    if isinstance(v, Decimal):
        return format(v, "f")  # 40, not 4E+1 (normalize() gives exponents)
    return v.isoformat() if isinstance(v, dt.date) else str(v)
