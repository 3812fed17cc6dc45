"""Tests of recommendation_uptake and recommendation_uptake_from_totals."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators import (
    TOTAL,
    UNALLOCATED,
    recommendation_uptake,
    recommendation_uptake_from_totals,
)


def _recs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "recommendation_id": [f"r{i}" for i in range(1, 9)],
            "city": [
                "Коломия",
                "kolomyia",
                "kolomyia",
                "kolomyia",
                "dolyna",
                "dolyna",
                "dolyna",
                None,
            ],
            "area": ["cnap", "cnap", "budget_transparency", "cnap", "cnap", "cnap", "cnap", "cnap"],
            "year_given": [2018, 2018, 2019, 2019, 2018, 2018, 2018, 2019],
            "status": [
                "implemented",
                "partially_implemented",
                "not_applicable",
                None,  # no status: counted as unknown
                "implemented",
                "not_implemented",
                "partially_implemented",
                "implemented",
            ],
        }
    )


def test_separate_rule_counts_and_percentages() -> None:
    t = recommendation_uptake(_recs()).set_index("city")
    k = t.loc["kolomyia"]
    assert (k["given"], k["implemented"], k["partially_implemented"]) == (3, 1, 1)
    assert (k["unknown"], k["not_applicable"], k["not_implemented"]) == (1, 1, 0)
    assert k["uptake_pct"] == pytest.approx(100 / 3)
    assert k["partial_pct"] == pytest.approx(100 / 3)
    assert k["unknown_pct"] == pytest.approx(100 / 3)
    assert t.loc[UNALLOCATED, "row_kind"] == "unallocated"
    tot = t.loc[TOTAL]
    assert (tot["given"], tot["implemented"], tot["not_applicable"]) == (7, 3, 1)


@pytest.mark.parametrize(
    ("rule", "uptake", "partial"),
    [("separate", 100 / 3, 100 / 3), ("half", 50.0, math.nan), ("none", 100 / 3, math.nan)],
)
def test_partial_rules_for_dolyna(rule: str, uptake: float, partial: float) -> None:
    d = recommendation_uptake(_recs(), partial=rule).set_index("city").loc["dolyna"]
    assert d["given"] == 3
    assert d["uptake_pct"] == pytest.approx(uptake)
    if math.isnan(partial):
        assert math.isnan(d["partial_pct"])
    else:
        assert d["partial_pct"] == pytest.approx(partial)
    assert d["partial_rule"] == rule


def test_by_area_and_year() -> None:
    t = recommendation_uptake(_recs(), by=("area", "year_given"))
    r = t[(t["area"] == "cnap") & (t["year_given"] == "2018")].iloc[0]
    assert (r["given"], r["implemented"]) == (5, 2)
    assert t.iloc[-1]["given"] == 7


def test_only_not_applicable_gives_nan_uptake() -> None:
    df = _recs().iloc[[2]]
    t = recommendation_uptake(df)
    assert t.iloc[0]["given"] == 0 and math.isnan(t.iloc[0]["uptake_pct"])


def test_empty_register() -> None:
    t = recommendation_uptake(_recs().iloc[0:0])
    assert len(t) == 1 and t.iloc[0]["row_kind"] == "total" and t.iloc[0]["given"] == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"partial": "quarter"}, "partial="), ({"by": ("oblast",)}, "by=")],
)
def test_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(IndicatorError, match=message):
        recommendation_uptake(_recs(), **kwargs)


def test_unknown_status_code_raises() -> None:
    df = _recs()
    df.loc[0, "status"] = "виконано"
    with pytest.raises(IndicatorError, match="виконано"):
        recommendation_uptake(df)


@pytest.mark.parametrize("pct", [43.9, "43,9", "43,9 %", Decimal("43.9")])
def test_from_totals_brochure_383_and_43_9(pct: object) -> None:
    r = recommendation_uptake_from_totals(383, pct).iloc[0]
    assert r["implemented"] == 168
    assert r["candidates"] == "168"
    assert r["consistent"]
    assert r["recomputed_pct"] == pytest.approx(100 * 168 / 383)
    assert r["decimals"] == 1


def test_from_totals_no_whole_number() -> None:
    # 1 of 3 = 33,3 %, 2 of 3 = 66,7 %: nothing gives 50,0 %
    r = recommendation_uptake_from_totals(3, "50,0").iloc[0]
    assert pd.isna(r["implemented"]) and not r["consistent"]
    assert r["candidates"] == "" and "no whole number" in r["note"]
    assert r["decimals"] == 1


def test_from_totals_several_whole_numbers() -> None:
    # 0 decimals, 383 given: 43 % covers 163 … 166 (42,56 %…43,34 %)
    r = recommendation_uptake_from_totals(383, 43, decimals=0).iloc[0]
    assert pd.isna(r["implemented"]) and not r["consistent"]
    assert r["candidates"] == "163;164;165;166"
    assert "several" in r["note"]


@pytest.mark.parametrize(("given", "pct"), [(0, 10), (10, 101), (10, "abc"), (2.5, 10)])
def test_from_totals_bad_input(given: object, pct: object) -> None:
    with pytest.raises(IndicatorError):
        recommendation_uptake_from_totals(given, pct)  # type: ignore[arg-type]
