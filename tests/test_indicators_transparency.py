"""Tests of transparency_gains on a small index_scores register."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators import TRANSPARENCY_COLUMNS, transparency_gains


def _scores() -> pd.DataFrame:
    rows = [
        # index, city, year, score, max_score, rank, rank_of
        ("transparent_cities", "Вінниця", 2018, 70.3, 100, 3, 100),
        ("transparent_cities", "vinnytsia", 2020, 76.7, 100, 4, 100),
        ("transparent_cities", "poltava", 2018, None, 100, 81, 100),
        ("transparent_cities", "Полтава", 2020, None, 100, 40, 100),
        ("transparent_cities", "kremenchuk", 2018, 49.6, 100, 8, 100),
        ("transparent_cities", "khmilnyk", 2020, 35.75, 100, None, None),
        ("budget_transparency", "vinnytsia", 2018, 50.0, 60, 1, 16),
    ]
    cols = ["index", "city", "year", "score", "max_score", "rank", "rank_of"]
    return pd.DataFrame(rows, columns=cols)


def _gains(**kw) -> pd.DataFrame:
    return transparency_gains(
        _scores(), **({"index": "transparent_cities", "from_year": 2018, "to_year": 2020} | kw)
    )


def test_vinnytsia_points_and_percent() -> None:
    t = _gains().set_index("city")
    v = t.loc["vinnytsia"]
    assert v["gain_points"] == pytest.approx(6.4)
    assert round(v["gain_pct"], 2) == 9.10
    assert v["rank_change"] == -1  # 3rd → 4th: moved down one place
    assert v["reason"] == ""


def test_rank_change_positive_means_moved_up_even_without_scores() -> None:
    p = _gains().set_index("city").loc["poltava"]
    assert p["rank_change"] == 41
    assert math.isnan(p["gain_points"])
    assert p["reason"] == "no score in 2018; no score in 2020"


def test_cities_missing_a_year_are_listed_with_reason() -> None:
    t = _gains().set_index("city")
    assert t.loc["kremenchuk", "reason"] == "not in 2020"
    assert t.loc["khmilnyk", "reason"] == "not in 2018; no rank in 2020"
    assert pd.isna(t.loc["khmilnyk", "rank_change"])


def test_cities_argument_adds_cities_absent_in_both_years_in_brochure_order() -> None:
    t = _gains(cities=["yaremche", "vinnytsia"])
    assert t["city"].tolist() == ["vinnytsia", "khmilnyk", "yaremche", "poltava", "kremenchuk"]
    assert t.set_index("city").loc["yaremche", "reason"] == "not in 2018; not in 2020"


def test_columns_and_empty_input() -> None:
    t = _gains()
    assert tuple(t.columns) == TRANSPARENCY_COLUMNS
    e = transparency_gains(
        _scores().iloc[0:0], index="transparent_cities", from_year=2018, to_year=2020
    )
    assert len(e) == 0 and tuple(e.columns) == TRANSPARENCY_COLUMNS


def test_different_scales_are_flagged() -> None:
    df = _scores()
    df.loc[1, "max_score"] = 120
    v = transparency_gains(df, index="transparent_cities", from_year=2018, to_year=2020)
    assert v.set_index("city").loc["vinnytsia", "reason"] == "max_score differs"


def test_zero_earlier_score_gives_nan_percent() -> None:
    df = _scores()
    df.loc[0, "score"] = 0.0
    v = transparency_gains(df, index="transparent_cities", from_year=2018, to_year=2020)
    row = v.set_index("city").loc["vinnytsia"]
    assert row["gain_points"] == pytest.approx(76.7) and math.isnan(row["gain_pct"])


def test_duplicate_city_year_raises() -> None:
    df = pd.concat([_scores(), _scores().iloc[[0]]], ignore_index=True)
    with pytest.raises(IndicatorError, match="several rows"):
        transparency_gains(df, index="transparent_cities", from_year=2018, to_year=2020)


def test_same_year_raises() -> None:
    with pytest.raises(IndicatorError, match="both 2018"):
        _gains(to_year=2018)


def test_different_number_of_ranked_places_is_flagged() -> None:
    df = pd.DataFrame(
        {
            "index": ["budget_transparency"] * 2,
            "city": ["vinnytsia", "Вінниця"],
            "year": [2018, 2019],
            "score": [None, None],
            "rank": [5, 1],
            "rank_of": [37, 16],
        }
    )
    r = transparency_gains(df, index="budget_transparency", from_year=2018, to_year=2019).iloc[0]
    assert r["rank_change"] == 4
    assert r["reason"] == "no score in 2018; no score in 2019; rank_of differs"
