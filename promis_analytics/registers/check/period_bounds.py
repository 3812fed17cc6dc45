"""Register years against the declared project period: outside an error, the next year a warning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from promis_analytics.registers.io.reader import column_letter
from promis_analytics.registers.schema.report import WARNING, ValidationReport
from promis_analytics.registers.schema.schemas import Schema

__all__ = ["FIRST_YEAR", "check_period", "last_sane_year", "tolerated"]

#: Without a declared period a year is only checked for sanity: from Ukraine's independence
#: (1991) to ten years from today.
FIRST_YEAR = 1991
_AHEAD = 10


def last_sane_year(today: dt.date | None = None) -> int:
    """The latest year accepted without a declared period: today's year + 10."""
    return (today or dt.date.today()).year + _AHEAD


def tolerated(period: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    """The span a year may fall in without an error: the period's start to 31 December of
    the year after its end (the year after the end is a warning, not an error)."""
    if period is None:
        return None
    return period[0], dt.date(period[1].year + 1, 12, 31)


def check_period(
    typed: dict[str, Any],
    errors: dict[int, list],
    numbers: list[int],
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    report: ValidationReport,
    period: tuple[dt.date, dt.date] | None,
) -> None:
    """The schema's ``project_years`` against ``period``: a year before the start year or
    more than one year after the end year is an error (the row is rejected); the year after
    the end year is a warning (a recommendation given after the project ended). Dates
    (``project_period``) are checked where they are read: outside the period an error.
    Without a period nothing is checked here (the fields' sanity bounds apply)."""
    if period is None:
        return
    start, end = period
    index_of = {col: i for i, col in colmap.items()}

    def add(code: str, p: int, col: str, value: Any, reject: bool) -> None:
        i = index_of[col]
        extra = {} if reject else {"severity": WARNING}
        e = report.add(
            code, row=numbers[p], column=written[i], column_letter=column_letter(i),
            value=value, start=str(start), end=str(end), **extra,
        )  # fmt: skip
        if reject:
            errors.setdefault(p, []).append(e)

    for col in schema.project_years:
        values = typed.get(col)
        if col not in index_of or values is None:
            continue
        for p, v in enumerate(values):
            if v is None or (isinstance(v, float) and v != v):
                continue
            year = int(v)
            if year < start.year or year > end.year + 1:
                add("year_outside_project", p, col, year, True)
            elif year > end.year:
                add("after_project", p, col, year, False)
