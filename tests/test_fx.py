"""Tests for promis_analytics.fx: NBU rates, conversions and their stated basis."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics import fx, paths
from promis_analytics.errors import FxError
from promis_analytics.fx import Conversion, convert, mean_uah_per_unit, uah_per_unit

RAW_RATES = paths.repo_root() / "data" / "raw" / fx.RATES_FILE


@pytest.fixture(scope="module")
def file_rates() -> dict[tuple[str, str], Decimal]:
    """The rate table read independently with the csv module: (currency, ISO date) → Decimal."""
    with RAW_RATES.open(encoding="utf-8", newline="") as fh:
        return {(r["currency"], r["date"]): Decimal(r["uah_per_unit"]) for r in csv.DictReader(fh)}


def test_raw_copy_is_byte_identical(shared_data_dir: Path) -> None:
    assert RAW_RATES.read_bytes() == (shared_data_dir / fx.RATES_FILE).read_bytes()


def test_rates_frame() -> None:
    df = fx.rates()
    assert list(df.columns) == ["date", "currency", "uah_per_unit"]
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert df["uah_per_unit"].dtype == "float64"
    assert len(df) == 14765
    assert set(df["currency"]) == {"CAD", "EUR", "GBP", "PLN", "USD"}
    assert not df.duplicated(["date", "currency"]).any()
    row = df[(df["date"] == "2018-07-02") & (df["currency"] == "CAD")]
    assert row["uah_per_unit"].item() == pytest.approx(19.803158)
    df.loc[0, "uah_per_unit"] = -1.0  # the cached table is not changed through a copy
    assert fx.rates().loc[0, "uah_per_unit"] > 0


def test_range_and_currencies() -> None:
    assert fx.date_range() == (date(2014, 1, 1), date(2022, 1, 31))
    assert fx.currencies() == ("UAH", "CAD", "EUR", "GBP", "PLN", "USD")


@pytest.mark.parametrize(
    ("currency", "on", "expected"),
    [
        ("CAD", date(2018, 7, 2), "19.803158"),
        ("USD", "2018-07-02", "26.327494"),
        ("EUR", pd.Timestamp("2018-07-02"), "30.582017"),
        ("PLN", datetime(2018, 7, 2, 15, 30), "7.05256"),
        ("GBP", np.datetime64("2018-07-02"), "34.684106"),
        ("CAD", "2014-01-01", "7.495438"),
        ("USD", "2022-01-31", "28.7839"),
        ("cad", " 2018-07-02 ", "19.803158"),
        ("UAH", "2018-07-02", "1"),
    ],
)
def test_uah_per_unit_literal_rates(currency: str, on: object, expected: str) -> None:
    value = uah_per_unit(currency, on)  # type: ignore[arg-type]
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


def test_uah_per_unit_is_the_exact_csv_text(file_rates: dict[tuple[str, str], Decimal]) -> None:
    for (cur, day), rate in list(file_rates.items())[::97]:
        assert uah_per_unit(cur, day) == rate


def test_issue_check_fixed_rate() -> None:
    c = convert(Decimal("317000"), "CAD", "UAH", rate=20)
    assert isinstance(c, Conversion)
    assert c.value == Decimal("6340000")
    assert c.rate == Decimal(20)
    assert c.basis.startswith("fixed rate 20.0")
    assert "UAH per CAD" in c.basis


@pytest.mark.parametrize(
    ("amount", "src", "dst", "rate", "expected"),
    [
        ("317000", "CAD", "UAH", "20", "6340000"),
        ("6340000", "UAH", "CAD", "0.05", "317000"),
        ("1500.00", "USD", "UAH", "27.5", "41250"),
        (453300, "CAD", "UAH", Decimal("20.5"), "9292650"),
        (np.int64(1000), "CAD", "UAH", np.float64(20.25), "20250"),
        (0.1, "EUR", "UAH", "3", "0.3"),
    ],
)
def test_fixed_rate_is_to_per_from(
    amount: object, src: str, dst: str, rate: object, expected: str
) -> None:
    assert convert(amount, src, dst, rate=rate).value == Decimal(expected)  # type: ignore[arg-type]


def test_on_date_both_ways(file_rates: dict[tuple[str, str], Decimal]) -> None:
    r = file_rates[("CAD", "2018-07-02")]
    to_uah = convert(Decimal("317000"), "CAD", "UAH", on=date(2018, 7, 2))
    assert to_uah.value == Decimal("317000") * r == Decimal("6277601.086")
    assert to_uah.rate == r
    assert to_uah.basis.startswith("NBU official rate on 2018-07-02")
    assert "19.803158 UAH per CAD" in to_uah.basis
    back = convert(to_uah.value, "UAH", "CAD", on="2018-07-02")
    assert back.value == Decimal("317000")
    assert back.rate * r == pytest.approx(Decimal(1), abs=Decimal("1e-35"))


def test_cross_rate_via_uah(file_rates: dict[tuple[str, str], Decimal]) -> None:
    usd, eur = file_rates[("USD", "2019-03-15")], file_rates[("EUR", "2019-03-15")]
    c = convert(Decimal("30000"), "USD", "EUR", on="2019-03-15")
    assert c.value == pytest.approx(Decimal("30000") * usd / eur, rel=Decimal("1e-30"))
    assert c.rate == pytest.approx(usd / eur, rel=Decimal("1e-30"))
    assert "cross rate via UAH" in c.basis
    assert f"{usd} UAH per USD" in c.basis and f"{eur} UAH per EUR" in c.basis


def _mean(rates: dict[tuple[str, str], Decimal], cur: str, start: date, end: date) -> Decimal:
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return sum((rates[(cur, d.isoformat())] for d in days), Decimal(0)) / len(days)


def test_period_mean_rate(file_rates: dict[tuple[str, str], Decimal]) -> None:
    start, end = date(2017, 7, 1), date(2020, 12, 31)
    expected_mean = _mean(file_rates, "CAD", start, end)
    assert mean_uah_per_unit("CAD", start, end) == pytest.approx(
        expected_mean, rel=Decimal("1e-30")
    )
    c = convert(Decimal("317000"), "CAD", "UAH", period=(start, end))
    assert c.rate == mean_uah_per_unit("CAD", start, end)
    assert c.value == Decimal("317000") * c.rate
    assert c.basis.startswith("mean NBU rate 2017-07-01…2020-12-31")
    assert "1280 daily rates" in c.basis
    # the mean lies within the daily rates it averages
    assert Decimal("16") < c.rate < Decimal("25")


def test_period_of_one_day_equals_on(file_rates: dict[tuple[str, str], Decimal]) -> None:
    one = convert(100, "CAD", "UAH", period=("2018-07-02", "2018-07-02"))
    assert one.value == convert(100, "CAD", "UAH", on="2018-07-02").value
    assert one.rate == file_rates[("CAD", "2018-07-02")]


def test_period_cross_rate_is_ratio_of_means(file_rates: dict[tuple[str, str], Decimal]) -> None:
    start, end = date(2018, 1, 1), date(2018, 12, 31)
    c = convert(1, "USD", "EUR", period=(start, end))
    expected = _mean(file_rates, "USD", start, end) / _mean(file_rates, "EUR", start, end)
    assert c.rate == pytest.approx(expected, rel=Decimal("1e-30"))
    assert "365 daily rates" in c.basis and "cross rate via UAH" in c.basis


def test_same_currency() -> None:
    c = convert(Decimal("12.5"), "UAH", "UAH", on="2018-07-02")
    assert c.value == Decimal("12.5") and c.rate == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of on=, period=, rate=; got none"),
        ({"on": "2018-07-02", "rate": 20}, "got on= and rate="),
        ({"on": "2018-07-02", "period": ("2018-01-01", "2018-02-01")}, "got on= and period="),
        ({"on": "2013-12-31"}, "2013-12-31 is outside the NBU rate table (2014-01-01…2022-01-31"),
        ({"on": "2022-02-01"}, "outside the NBU rate table"),
        ({"on": "02.07.2018"}, "'02.07.2018' is not a date"),
        ({"on": pd.NaT}, "missing date"),
        ({"period": ("2019-01-01", "2018-01-01")}, "period end 2018-01-01 is before its start"),
        ({"period": ("2021-06-01", "2022-03-01")}, "period end 2022-03-01 is outside"),
        ({"period": ("2018-01-01",)}, "pair (start, end)"),
        ({"period": "2018"}, "pair (start, end)"),
        ({"rate": 0}, "rate must be positive"),
        ({"rate": "abc"}, "rate: 'abc' is not a number"),
    ],
)
def test_bad_calls_raise_clearly(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(FxError) as info:
        convert(Decimal("100"), "CAD", "UAH", **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert message in str(info.value)


@pytest.mark.parametrize("currency", ["RUB", "грн", "", "CHF"])
def test_unknown_currency(currency: str) -> None:
    with pytest.raises(FxError, match="known: UAH, CAD, EUR, GBP, PLN, USD"):
        convert(1, currency, "UAH", on="2018-07-02")
    with pytest.raises(FxError, match="unknown currency"):
        uah_per_unit(currency, "2018-07-02")


@pytest.mark.parametrize("amount", [True, None, "1 500", float("nan"), [1], np.nan])
def test_bad_amount(amount: object) -> None:
    with pytest.raises(FxError, match="amount"):
        convert(amount, "CAD", "UAH", rate=20)  # type: ignore[arg-type]


def test_bad_file_reports_every_row(tmp_path: Path) -> None:
    bad = tmp_path / "rates.csv"
    bad.write_text(
        "date,currency,uah_per_unit\n"
        "2018-07-02,CAD,19.803158\n"
        "2018-07-32,CAD,19.8\n"
        "2018-07-03,cad,19.8\n"
        "2018-07-04,CAD,19,8\n"
        "2018-07-02,CAD,19.9\n"
        "2018-07-05,CAD,-1\n",
        encoding="utf-8",
    )
    with pytest.raises(FxError) as info:
        fx.rates(bad)
    msg = str(info.value)
    for needle in [
        "row 3, column date",
        "row 4, column currency",
        "row 5: 4 cells",
        "row 6, column uah_per_unit: another rate for CAD on 2018-07-02",
        "рядок 7, стовпець uah_per_unit",
    ]:
        assert needle in msg


def test_custom_file(tmp_path: Path) -> None:
    small = tmp_path / "rates.csv"
    small.write_text(
        "date,currency,uah_per_unit\n2018-07-02,CAD,20\n2018-07-03,CAD,22\n", encoding="utf-8"
    )
    c = convert(10, "CAD", "UAH", period=("2018-07-02", "2018-07-03"), path=small)
    assert c.value == Decimal("210") and c.rate == Decimal("21")
    with pytest.raises(FxError, match="2018-07-02…2018-07-03"):
        convert(10, "CAD", "UAH", on="2018-07-04", path=small)


_days = st.dates(min_value=date(2014, 1, 1), max_value=date(2022, 1, 31))
_cur = st.sampled_from(["UAH", "CAD", "EUR", "GBP", "PLN", "USD"])
_amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(amount=_amounts, src=_cur, dst=_cur, day=_days)
def test_round_trip_on_a_day(amount: Decimal, src: str, dst: str, day: date) -> None:
    there = convert(amount, src, dst, on=day)
    back = convert(there.value, dst, src, on=day)
    assert back.value == pytest.approx(amount, abs=Decimal("1e-20"))


@given(amount=_amounts, cur=_cur, day=_days)
def test_to_uah_is_exact(amount: Decimal, cur: str, day: date) -> None:
    assert convert(amount, cur, "UAH", on=day).value == amount * uah_per_unit(cur, day)
