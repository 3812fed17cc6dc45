"""Tests of achievement (plan vs actual): zero target, missing values, reported percents."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators import ACHIEVEMENT_COLUMNS, achievement


def _indicators() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program": ["Програма А"] * 7,
            "group": ["product", "product", "cost", "efficiency", "quality", "product", "product"],
            "indicator": [
                "кількість заходів",
                "кількість учасників",
                "обсяг видатків",
                "витрати на 1 захід",
                "частка охоплених",
                "кількість звернень",
                "кількість консультацій",
            ],
            "target": [10, 200, 1000.0, 0, 80, None, 40],
            "actual": [12, 150, 400.0, 5, 79.6, 30, None],
            "reported_pct": [120, 75.0, 40.0, None, 100.0, None, None],
        }
    )


@pytest.mark.parametrize(
    ("row", "pct", "status"),
    [
        (0, 120.0, "met"),
        (1, 75.0, "partly met"),
        (2, 40.0, "not met"),
        (3, math.nan, "no target"),  # zero target: ratio undefined
        (4, 99.5, "partly met"),
        (5, math.nan, "no target"),
        (6, math.nan, "no actual"),
    ],
)
def test_status_and_percent(row: int, pct: float, status: str) -> None:
    r = achievement(_indicators()).iloc[row]
    assert r["status"] == status
    if math.isnan(pct):
        assert math.isnan(r["achievement_pct"])
    else:
        assert r["achievement_pct"] == pytest.approx(pct)


def test_zero_target_is_explained() -> None:
    r = achievement(_indicators()).iloc[3]
    assert r["note"] == "target is zero: ratio undefined"


def test_reported_percent_comparison_uses_printed_precision() -> None:
    t = achievement(_indicators())
    # 79,6 ÷ 80 = 99,5 % (99.4999… in binary) rounds half up to the reported 100
    assert t.loc[4, "reported_diff_pts"] == pytest.approx(-0.5)
    assert bool(t.loc[4, "reported_matches"])
    assert bool(t.loc[0, "reported_matches"]) and bool(t.loc[2, "reported_matches"])
    assert pd.isna(t.loc[3, "reported_matches"])


def test_mismatch_is_flagged() -> None:
    df = _indicators()
    df.loc[1, "reported_pct"] = 80.0
    t = achievement(df)
    assert t.loc[1, "reported_diff_pts"] == pytest.approx(-5.0)
    assert not bool(t.loc[1, "reported_matches"])


def test_threshold_is_a_parameter() -> None:
    t = achievement(_indicators(), partly_from=0.8)
    assert t.loc[1, "status"] == "not met"
    with pytest.raises(IndicatorError, match="partly_from"):
        achievement(_indicators(), partly_from=1.5)


def test_keeps_rows_and_columns() -> None:
    df = _indicators()
    t = achievement(df)
    assert len(t) == len(df)
    assert list(t.columns) == [*df.columns, *ACHIEVEMENT_COLUMNS]


def test_without_reported_column_and_empty() -> None:
    t = achievement(_indicators().drop(columns="reported_pct"))
    assert t["reported_matches"].isna().all()
    e = achievement(_indicators().iloc[0:0])
    assert len(e) == 0 and "status" in e.columns


def test_missing_column() -> None:
    with pytest.raises(IndicatorError, match="target"):
        achievement(_indicators().drop(columns="target"))


@pytest.mark.parametrize(
    ("target", "actual", "printed", "decimals", "verdict", "matches"),
    [
        (865.0, 838.5, 97.0, 1, "mismatch", False),  # «97,0»: 96,94 is 96,9 at one decimal
        (838.0, 807.5, 96.3, 1, "truncated", False),  # 96,36 cut, not rounded
        (30.0, 35.0, 116.0, 0, "truncated", False),  # 116,67 → «116»
        (35.0, 30.0, 85.0, 0, "truncated", False),  # 85,71 → «85»
        (27.0, 31.0, 115.0, 0, "rounded", True),  # 114,81 → «115»: correct, never flagged
        (17.0, 8.0, 47.0, 0, "ok", True),  # 47,06: rounded and cut agree
        (None, 12.0, 120.0, 0, "no_plan", None),
        (865.0, 838.5, 97.0, None, "rounded", True),  # precision unknown: read as «97»
    ],
)
def test_the_audit_verdict_of_each_row(target, actual, printed, decimals, verdict, matches):
    df = pd.DataFrame(
        {"target": [target], "actual": [actual], "reported_pct": [printed],
         "reported_decimals": pd.array([decimals], dtype="Int64")}
    )  # fmt: skip
    r = achievement(df).iloc[0]
    assert r["audit_status"] == verdict
    assert (pd.isna(r["reported_matches"]) and matches is None) or r["reported_matches"] == matches
    assert ("printed precision unknown" in r["note"]) == (decimals is None)
