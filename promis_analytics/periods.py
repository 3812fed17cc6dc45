"""Periods as readers see them: the date span of data and its wording in titles (uk / en)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from promis_analytics.formatting import check_lang

__all__ = ["MONTHS", "as_of_text", "date_span", "period_text", "span_text"]

#: Month names in the nominative (uk) and in English, January first.
MONTHS: dict[str, tuple[str, ...]] = {
    "uk": (
        "січень", "лютий", "березень", "квітень", "травень", "червень",
        "липень", "серпень", "вересень", "жовтень", "листопад", "грудень",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
_DASH = "–"  # en dash: a range of months or years


def date_span(frame: pd.DataFrame, columns: Iterable[str]) -> tuple[dt.date, dt.date] | None:
    """(earliest, latest) date over the given columns of ``frame`` (columns it lacks and
    cells that are not dates are skipped); None when no cell holds a date."""
    values = [pd.to_datetime(frame[c], errors="coerce") for c in columns if c in frame.columns]
    dates = pd.concat(values).dropna() if values else pd.Series(dtype="datetime64[ns]")
    if not len(dates):
        return None
    return dates.min().date(), dates.max().date()


def _whole_years(start: dt.date, end: dt.date) -> bool:
    return (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31)


def period_text(start: dt.date | str, end: dt.date | str, lang: str) -> str:
    """The period ``start``…``end`` as a title says it: whole calendar years as years
    ("2019", "2015–2020"), months of one year as "липень–грудень 2018" / "July–December 2018",
    one month as "листопад 2018", months across years as "04.2015–03.2021" / "2015-04…2021-03".
    """
    check_lang(lang)
    a, b = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    if a > b:
        raise ValueError(f"period_text: start {a} is after end {b}")
    if _whole_years(a, b) or (a.year == b.year and (a.month, b.month) == (1, 12)):
        return str(a.year) if a.year == b.year else f"{a.year}{_DASH}{b.year}"
    months = MONTHS[lang]
    if a.year == b.year:
        if a.month == b.month:
            return f"{months[a.month - 1]} {a.year}"
        return f"{months[a.month - 1]}{_DASH}{months[b.month - 1]} {a.year}"
    if lang == "uk":
        return f"{a.month:02d}.{a.year}{_DASH}{b.month:02d}.{b.year}"
    return f"{a.year}-{a.month:02d}…{b.year}-{b.month:02d}"


def as_of_text(day: dt.date | str, lang: str) -> str:
    """ "станом на 31.03.2021" / "as of 2021-03-31"."""
    check_lang(lang)
    d = pd.Timestamp(day).date()
    return f"станом на {d:%d.%m.%Y}" if lang == "uk" else f"as of {d.isoformat()}"


def span_text(frame: pd.DataFrame, columns: Iterable[str], lang: str) -> str | None:
    """:func:`period_text` of the :func:`date_span` of ``frame``'s ``columns``; None when no
    cell holds a date (the caller says the period is not given)."""
    span = date_span(frame, columns)
    return period_text(*span, lang) if span is not None else None
