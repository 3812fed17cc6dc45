"""Periods in titles: the data's date span worded as readers say it, in uk and en."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics.periods import as_of_text, date_span, period_text, span_text


@pytest.mark.parametrize(
    ("start", "end", "uk", "en"),
    [
        ("2019-01-01", "2019-12-31", "2019", "2019"),
        ("2015-01-01", "2020-12-31", "2015–2020", "2015–2020"),
        ("2018-07-01", "2018-12-31", "липень–грудень 2018", "July–December 2018"),
        ("2018-11-01", "2018-11-30", "листопад 2018", "November 2018"),
        ("2018-05-17", "2018-12-10", "травень–грудень 2018", "May–December 2018"),
        ("2015-04-01", "2021-03-31", "04.2015–03.2021", "2015-04…2021-03"),
    ],
)
def test_period_text(start: str, end: str, uk: str, en: str) -> None:
    assert period_text(start, end, "uk") == uk
    assert period_text(start, end, "en") == en


def test_as_of_and_spans() -> None:
    assert as_of_text("2021-03-31", "uk") == "станом на 31.03.2021"
    assert as_of_text(dt.date(2021, 3, 31), "en") == "as of 2021-03-31"
    events = pd.DataFrame(
        {"date_start": ["2018-07-12", None, "2018-11-26"], "date_end": [None, "2018-12-02", ""]}
    )
    assert date_span(events, ["date_start", "date_end", "no_such"]) == (
        dt.date(2018, 7, 12), dt.date(2018, 12, 2)
    )  # fmt: skip
    assert span_text(events, ["date_start", "date_end"], "uk") == "липень–грудень 2018"
    assert span_text(pd.DataFrame({"date": [None]}), ["date"], "en") is None


@given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)), st.integers(0, 5000))
def test_every_period_names_its_years(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    for lang in ("uk", "en"):
        text = period_text(start, end, lang)
        assert str(start.year) in text and str(end.year) in text
