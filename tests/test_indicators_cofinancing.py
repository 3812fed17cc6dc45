"""Tests of cofinancing_summary: fixed, daily and period-mean rates on small registers."""

from __future__ import annotations

import functools
import math
from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

from promis_analytics.errors import FxError, IndicatorError
from promis_analytics.indicators import TOTAL, cofinancing, cofinancing_summary

# These registers report in CAD with UAH beside (as the embedded profile declares).
summary = functools.partial(cofinancing_summary, currency="CAD", local="UAH")


def _brochure_totals() -> pd.DataFrame:
    # The governance fund totals printed in the brochure (section 1.7): cities 453,3 тис. CAD,
    # project 317,0 тис. CAD.
    return pd.DataFrame(
        {
            "project_id": ["dg_total"],
            "fund": ["dg_fund"],
            "city": [None],
            "date": pd.to_datetime(["2020-12-31"]),
            "project_amount": [317_000.0],
            "project_currency": ["CAD"],
            "partner_amount": [453_300.0],
            "partner_currency": ["CAD"],
        }
    )


def test_fixed_rate_20_reproduces_printed_hryvnia_exactly() -> None:
    t = summary(_brochure_totals(), fx=20)
    r = t.iloc[0]
    assert r["fund"] == "dg_fund"
    assert r["partner_uah"] == 9_066_000.0
    assert r["project_uah"] == 6_340_000.0
    assert r["total_cad"] == 770_300.0
    assert r["partner_share_pct"] == pytest.approx(100 * 453_300 / 770_300)
    assert r["leverage"] == pytest.approx(453_300 / 317_000)  # ≈ 1,43 CAD per 1 CAD
    assert r["uah_per_cad"] == 20.0
    assert r["fx_basis"] == "fixed rate 20 UAH per CAD"
    assert t.iloc[-1]["fund"] == TOTAL and t.iloc[-1]["row_kind"] == "total"


_RATES = {date(2016, 3, 1): 17.0, date(2019, 6, 1): 21.0}
_MEAN = 19.5


def _fake_convert(amount, from_currency, to_currency, *, on=None, period=None, rate=None):
    if period is not None:
        uah_per_cad = _MEAN
        basis = f"mean {period[0]}…{period[1]}"
    else:
        if on not in _RATES:
            raise FxError(f"no rate on {on}")
        uah_per_cad = _RATES[on]
        basis = f"NBU {on}"
    pair = (from_currency, to_currency)
    factor = {("CAD", "UAH"): uah_per_cad, ("UAH", "CAD"): 1 / uah_per_cad}[pair]
    return SimpleNamespace(value=amount * factor, rate=factor, basis=basis)


@pytest.fixture
def fake_fx(monkeypatch: pytest.MonkeyPatch) -> list:
    calls: list = []

    def convert(*args, **kwargs):
        calls.append((args, kwargs))
        return _fake_convert(*args, **kwargs)

    monkeypatch.setattr(cofinancing, "_fx", lambda: SimpleNamespace(convert=convert))
    return calls


def _projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["p1", "p2", "p3"],
            "fund": ["dg_fund", "dg_fund", "sme_fund"],
            "city": ["Вінниця", "vinnytsia", "poltava"],
            "date": pd.to_datetime(["2016-03-01", "2019-06-01", "2019-06-01"]),
            "project_amount": [340_000.0, 10_000.0, 5_000.0],
            "project_currency": ["UAH", "CAD", "CAD"],
            "partner_amount": [170_000.0, 21_000.0, 2_500.0],
            "partner_currency": ["UAH", "UAH", "CAD"],
        }
    )


def test_daily_rate_uses_each_row_date(fake_fx: list) -> None:
    t = summary(_projects(), by=("fund",), fx="daily")
    dg = t[t["fund"] == "dg_fund"].iloc[0]
    # p1: 340 000 UAH / 17 = 20 000 CAD project, 10 000 CAD partner; p2: 10 000 CAD, 1 000 CAD
    assert dg["project_cad"] == pytest.approx(30_000)
    assert dg["partner_cad"] == pytest.approx(11_000)
    assert dg["project_uah"] == pytest.approx(340_000 + 210_000)
    assert dg["partner_uah"] == pytest.approx(170_000 + 21_000)
    assert dg["uah_per_cad"] == pytest.approx((550_000 + 191_000) / 41_000)
    assert {kw["on"] for _, kw in fake_fx} == set(_RATES)
    assert "each row's date" in dg["fx_basis"]


def test_period_mean_uses_one_rate_over_the_rows_span(fake_fx: list) -> None:
    t = summary(_projects(), by=("city",), fx="period_mean")
    v = t[t["city"] == "vinnytsia"].iloc[0]  # two spellings, one city
    assert v["projects"] == 2
    assert v["project_cad"] == pytest.approx(340_000 / _MEAN + 10_000)
    assert v["uah_per_cad"] == _MEAN
    assert v["fx_basis"] == "mean NBU official rate 2016-03-01…2019-06-01"
    assert {kw["period"] for _, kw in fake_fx} == {(date(2016, 3, 1), date(2019, 6, 1))}
    assert t["city"].tolist() == ["vinnytsia", "poltava", TOTAL]


def test_row_without_date_is_unknown_not_zero(fake_fx: list) -> None:
    df = _projects()
    df.loc[2, "date"] = pd.NaT
    t = summary(df, fx="daily")
    sme = t[t["fund"] == "sme_fund"].iloc[0]
    assert (sme["projects"], sme["rows_incomplete"]) == (1, 1)
    # The CAD amounts need no rate and stay; their UAH value is unknown (NaN), never 0.
    assert (sme["project_cad"], sme["partner_cad"]) == (5_000, 2_500)
    assert math.isnan(sme["project_uah"]) and math.isnan(sme["partner_uah"])
    assert "немає дати" in sme["unknown_reason"] and "no date" in sme["unknown_reason"]
    total = t.iloc[-1]
    assert total["rows_incomplete"] == 1 and math.isnan(total["total_uah"])
    assert [e["row"] for e in t.attrs["incomplete"]] == [2, 2]
    dg = t[t["fund"] == "dg_fund"].iloc[0]
    assert dg["unknown_reason"] == "" and dg["project_uah"] == pytest.approx(550_000)


def test_missing_amount_is_unknown_with_its_reason() -> None:
    df = _projects()
    df.loc[0, "partner_amount"] = None
    t = summary(df, fx=20, by="project_id")
    p1 = t[t["project_id"] == "p1"].iloc[0]
    assert p1["rows_incomplete"] == 1
    assert math.isnan(p1["partner_cad"]) and math.isnan(p1["partner_share_pct"])
    assert p1["project_cad"] == pytest.approx(17_000)  # 340 000 UAH ÷ 20
    assert [e["reason"] for e in t.attrs["incomplete"]] == ["partner_amount empty"]
    assert p1["unknown_reason"] == "сума partner_amount порожня / partner_amount empty"


def _after_the_rate_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fund": ["city_fund", "city_fund"],
            "date": pd.to_datetime(["2023-05-10", "2024-02-01"]),
            "project_amount": [120_000.0, 80_000.0],
            "project_currency": ["UAH", "UAH"],
            "partner_amount": [50_000.0, 30_000.0],
            "partner_currency": ["UAH", "UAH"],
        }
    )


@pytest.mark.parametrize("rule", ["daily", "period_mean", None])
def test_dates_after_the_rate_table_are_unknown_never_zero(rule: str | None) -> None:
    pytest.importorskip("promis_analytics.fx")
    t = summary(_after_the_rate_table(), fx=rule)
    total = t.iloc[-1]
    for column in ("project_cad", "partner_cad", "total_cad", "uah_per_cad", "leverage"):
        assert math.isnan(total[column]), column
    assert total["project_uah"] == 200_000 and total["partner_uah"] == 80_000  # needs no rate
    assert total["rows_incomplete"] == 2
    assert "поза таблицею курсів НБУ" in total["unknown_reason"]
    assert "outside the NBU rate table" in total["unknown_reason"]
    what = ("дата 2023-05-10", "date 2023-05-10") if rule == "daily" else (
        "початок періоду 2023-05-10", "period start 2023-05-10")  # fmt: skip
    assert all(w in total["unknown_reason"] for w in what)


def test_default_rate_is_the_basis_the_register_carries() -> None:
    from promis_analytics.rate_basis import RateBasis

    df = _after_the_rate_table()
    df.attrs["fx"] = RateBasis("fixed", None, 40.0, None, True)  # as load_dataset attaches it
    t = summary(df)
    assert t.iloc[-1]["project_cad"] == pytest.approx(5_000)  # 200 000 UAH ÷ 40
    assert t.iloc[-1]["fx_basis"] == "fixed rate 40 UAH per CAD"
    assert summary(df, fx=RateBasis("fixed", None, 20.0)).iloc[-1]["project_cad"] == 10_000


def test_empty_register_gives_totals_row() -> None:
    t = summary(_projects().iloc[0:0], fx=20)
    assert len(t) == 1 and t.iloc[0]["projects"] == 0
    assert math.isnan(t.iloc[0]["partner_share_pct"]) and math.isnan(t.iloc[0]["leverage"])


def test_zero_project_money_gives_nan_leverage() -> None:
    df = _projects().iloc[[2]].assign(project_amount=0.0)
    r = summary(df, fx=20).iloc[0]
    assert math.isnan(r["leverage"]) and r["partner_share_pct"] == 100.0


@pytest.mark.parametrize("bad", ["monthly", 0, -3, True])
def test_bad_fx_rule_raises(bad: object) -> None:
    with pytest.raises(IndicatorError, match="fx="):
        summary(_projects(), fx=bad)  # type: ignore[arg-type]


def test_fixed_rate_leaves_a_third_currency_unknown_with_the_reason() -> None:
    df = _projects().assign(partner_currency="USD")
    t = summary(df, fx=20)
    total = t.iloc[-1]
    assert math.isnan(total["partner_cad"]) and math.isnan(total["partner_uah"])
    assert total["project_cad"] == pytest.approx(340_000 / 20 + 15_000)  # known side kept
    assert "немає фіксованого курсу USD→CAD" in total["unknown_reason"]
    assert "no fixed rate USD→CAD" in total["unknown_reason"]


def test_fixed_rates_per_pair_convert_eur_usd_and_uah() -> None:
    df = pd.DataFrame(
        {
            "project_id": ["g1", "g2", "g3"],
            "fund": ["micro", "micro", "micro"],
            "date": pd.to_datetime(["2023-05-02", "2023-06-01", "2024-02-01"]),
            "project_amount": [1_000.0, 500.0, 42_100.0],
            "project_currency": ["EUR", "USD", "UAH"],
            "partner_amount": [100.0, 50.0, 0.0],
            "partner_currency": ["EUR", "USD", "UAH"],
        }
    )
    pairs = {"EUR_UAH": 42.1, "USD_UAH": 37.0, "CAD_UAH": 27.5}
    r = summary(df, fx=pairs).iloc[-1]
    uah = 1_100 * 42.1 + 550 * 37.0 + 42_100
    assert r["project_uah"] + r["partner_uah"] == pytest.approx(uah)
    assert r["total_cad"] == pytest.approx(uah / 27.5)
    assert r["uah_per_cad"] == pytest.approx(27.5)
    assert r["fx_basis"] == "fixed rate per pair: EUR_UAH 42.1, USD_UAH 37, CAD_UAH 27.5"
    assert r["rows_incomplete"] == 0


def test_a_missing_pair_is_unknown_not_zero() -> None:
    df = _projects().assign(partner_currency="EUR")
    r = summary(df, fx={"CAD_UAH": 30.0}).iloc[-1]
    assert math.isnan(r["partner_uah"]) and r["rows_incomplete"] == 3
    assert "додайте пару" in r["unknown_reason"] and "add the pair" in r["unknown_reason"]


def test_real_nbu_rates_differ_from_the_printed_approximation() -> None:
    pytest.importorskip("promis_analytics.fx")
    t = summary(_brochure_totals(), fx="period_mean", period=("2015-04-01", "2020-12-31"))
    r = t.iloc[0]
    # The official mean rate over the fund's years is not 20 UAH per CAD, so the UAH values
    # differ from the printed ≈ 9 066 000 / 6 340 000 by the rate difference exactly.
    assert r["uah_per_cad"] != 20
    assert r["partner_uah"] == pytest.approx(453_300 * r["uah_per_cad"])
    assert r["partner_uah"] - 9_066_000 == pytest.approx(453_300 * (r["uah_per_cad"] - 20))
