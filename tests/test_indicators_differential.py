"""Differential test: every indicator table computed a second, plain way (straight pandas).

The ``_plain_*`` functions below are written apart from the package: they import nothing from
``promis_analytics`` and state each indicator's definition as directly as pandas allows
(group, count, sum, divide). Hypothesis generates small registers with what makes indicators
go wrong — descending indicators, baselines, missing women counts, empty amounts, dates the
NBU rate table does not cover, events dated outside their document's period — and the
package's answer (the public functions and ``indicators.tables.indicator_tables``) must agree
with the plain one, NA for NA.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from promis_analytics import indicators as ind
from promis_analytics.indicators.tables import indicator_tables
from promis_analytics.project import ProjectSettings
from promis_analytics.registers import SCHEMAS
from promis_analytics.registers.check.validate import empty_frame

SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
RATES_CSV = (
    Path(__file__).resolve().parents[1] / "data" / "raw" / "nbu_official_rates_2014_2022.csv"
)
PLACES = ["vinnytsia", "poltava", "kremenchuk", "kyiv", "lviv", None]  # partners and others
POPULATION = {"vinnytsia": 369_739, "poltava": 279_593, "kremenchuk": 215_271}  # 2022-01-01
UNALLOCATED, TOTAL = "(unallocated)", "(total)"


def _same(a: object, b: object, what: str) -> None:
    """Equal numbers, or both unknown (None/NaN/NA): unknown is never zero."""
    a_na, b_na = pd.isna(a), pd.isna(b)
    assert a_na == b_na, f"{what}: package {a!r}, plain {b!r}"
    if not a_na:
        assert float(a) == pytest.approx(float(b), rel=1e-9, abs=1e-9), what


def _rows(table: pd.DataFrame, key: str) -> dict[str, pd.Series]:
    return {str(r[key]): r for _, r in table.iterrows()}


# --- participants ---------------------------------------------------------------------------


@st.composite
def events(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 12))
    rows = []
    for _ in range(n):
        people = draw(st.one_of(st.none(), st.integers(0, 400)))
        women = draw(st.one_of(st.none(), st.integers(0, people or 0)))
        rows.append(
            {
                "city": draw(st.sampled_from(PLACES)),
                "participants": people,
                "women": women,
                "period_status": draw(st.sampled_from(["in", "outside", None])),
                "date_start": pd.Timestamp("2018-05-01")
                + pd.Timedelta(days=draw(st.integers(0, 240))),
            }
        )
    columns = ["city", "participants", "women", "period_status", "date_start"]
    frame = pd.DataFrame(rows, columns=columns)
    for c in ("participants", "women"):
        frame[c] = frame[c].astype("Float64")
    return frame


def _plain_participants(ev: pd.DataFrame, partners: list[str] | None = None) -> pd.DataFrame:
    """Per place: events, Σ participants, women over the events that report them, out-of-period
    events and people, participants per 1 000 residents; the totals row last."""
    df = ev.assign(place=ev["city"].fillna(UNALLOCATED))
    if partners is not None:
        df = df[df["place"].isin([*partners, UNALLOCATED])]
    out = []
    for place, g in [*df.groupby("place", sort=False), (TOTAL, df)]:
        people = g["participants"].astype(float)
        reported = g[g["women"].notna()]
        with_women = reported["participants"].astype(float).fillna(0).sum()
        women = reported["women"].astype(float).sum() if len(reported) else np.nan
        outside = g[g["period_status"] == "outside"]
        pop = POPULATION.get(place, np.nan)
        total = people.sum(min_count=1) if len(g) else 0  # none given: unknown, not 0
        out.append(
            {
                "city": place,
                "events": len(g),
                "participants": total,
                "events_missing_participants": int(people.isna().sum()),
                "events_with_women": len(reported),
                "participants_with_women": with_women,
                "women": women,
                "women_share_pct": 100 * women / with_women if with_women > 0 else np.nan,
                "participants_per_1000": 1000 * total / pop,
                "outside_events": len(outside),
                "outside_participants": outside["participants"].astype(float).fillna(0).sum(),
            }
        )
    return pd.DataFrame(out)


def _compare_participants(package: pd.DataFrame, plain: pd.DataFrame) -> None:
    got, want = _rows(package, "city"), _rows(plain, "city")
    assert set(got) == set(want)
    for place, row in want.items():
        for column in row.index.drop("city"):
            _same(got[place][column], row[column], f"{place} {column}")


@SETTINGS
@given(events())
def test_participants_per_city_agrees_with_plain_pandas(ev: pd.DataFrame) -> None:
    _compare_participants(ind.participants_per_city(ev), _plain_participants(ev))


@SETTINGS
@given(events(), st.lists(st.sampled_from(PLACES[:-1]), min_size=1, unique=True))
def test_partner_only_agrees_with_plain_pandas(ev: pd.DataFrame, partners: list[str]) -> None:
    package = ind.participants_per_city(ev, partner_only=True, partners=partners)
    _compare_participants(package, _plain_participants(ev, partners))
    ev.attrs["partners"] = tuple(partners)  # declared by the folder: the same answer
    declared = ind.participants_per_city(ev, partner_only=True)
    _compare_participants(declared, _plain_participants(ev, partners))


# --- co-financing -----------------------------------------------------------------------------


@st.composite
def cofinancing(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 8))
    days = st.one_of(
        st.integers(0, 2000).map(lambda d: pd.Timestamp("2015-03-01") + pd.Timedelta(days=d)),
        st.integers(0, 600).map(lambda d: pd.Timestamp("2023-02-01") + pd.Timedelta(days=d)),
        st.just(pd.NaT),
    )
    amount = st.one_of(st.none(), st.integers(0, 2_000_000).map(lambda v: v / 100))
    currency = st.sampled_from(["CAD", "UAH", None])
    rows = [
        {
            "fund": draw(st.sampled_from(["dg_fund", "sme_fund"])),
            "date": draw(days),
            "project_amount": draw(amount),
            "project_currency": draw(currency),
            "partner_amount": draw(amount),
            "partner_currency": draw(currency),
        }
        for _ in range(n)
    ]
    columns = ["fund", "date", "project_amount", "project_currency", "partner_amount"]
    frame = pd.DataFrame(rows, columns=[*columns, "partner_currency"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _nbu_cad() -> pd.Series:
    rates = pd.read_csv(RATES_CSV, dtype={"uah_per_unit": str})
    cad = rates[rates["currency"] == "CAD"]
    return pd.Series(cad["uah_per_unit"].astype(float).to_numpy(), index=cad["date"].to_numpy())


NBU_CAD = _nbu_cad()


def _plain_cofinancing(cf: pd.DataFrame, fixed: float | None) -> pd.DataFrame:
    """Per fund: each amount in CAD and UAH at a fixed rate or the NBU rate of its day —
    unknown (NaN) when the amount, currency or rate is missing — summed; a sum with an
    unknown amount in it is unknown."""
    values = {}
    for side in ("project", "partner"):
        rate = (
            pd.Series(fixed, index=cf.index, dtype=float)
            if fixed is not None
            else cf["date"].dt.strftime("%Y-%m-%d").map(NBU_CAD).astype(float)
        )
        amount = cf[f"{side}_amount"].astype(float)
        currency = cf[f"{side}_currency"]
        values[f"{side}_cad"] = amount.where(currency == "CAD", amount / rate)
        values[f"{side}_cad"] = values[f"{side}_cad"].where(currency.notna(), np.nan)
        values[f"{side}_uah"] = amount.where(currency == "UAH", amount * rate)
        values[f"{side}_uah"] = values[f"{side}_uah"].where(currency.notna(), np.nan)
    df = pd.DataFrame(values).assign(fund=cf["fund"])
    out = []
    for fund, g in [*df.groupby("fund"), (TOTAL, df)]:
        sums = {c: g[c].sum(skipna=False) if len(g) else 0.0 for c in values}
        total_cad = sums["project_cad"] + sums["partner_cad"]
        incomplete = g[list(values)].isna().any(axis=1).sum()
        share = 100 * sums["partner_cad"] / total_cad if total_cad > 0 else np.nan
        leverage = sums["partner_cad"] / sums["project_cad"] if sums["project_cad"] > 0 else np.nan
        out.append(
            {
                "fund": fund,
                "projects": len(g),
                **sums,
                "total_cad": total_cad,
                "total_uah": sums["project_uah"] + sums["partner_uah"],
                "partner_share_pct": share,
                "leverage": leverage,
                "rows_incomplete": incomplete,
            }
        )
    return pd.DataFrame(out)


@SETTINGS
@given(cofinancing(), st.one_of(st.none(), st.integers(1000, 6000).map(lambda r: r / 100)))
def test_cofinancing_summary_agrees_with_plain_pandas(cf: pd.DataFrame, fixed: float | None):
    if fixed is not None and cf["date"].isna().all():
        cf = cf.assign(date=pd.Timestamp("2019-01-01"))
    package = ind.cofinancing_summary(
        cf, by="fund", fx=fixed if fixed is not None else "daily", currency="CAD", local="UAH"
    )
    got, want = _rows(package, "fund"), _rows(_plain_cofinancing(cf, fixed), "fund")
    assert set(got) == set(want)
    for fund, row in want.items():
        for column in row.index.drop("fund"):
            _same(got[fund][column], row[column], f"{fund} {column}")
        assert bool(got[fund]["unknown_reason"]) == bool(row["rows_incomplete"])


# --- recommendations ------------------------------------------------------------------------

STATUSES = ["implemented", "partially_implemented", "in_progress", "not_implemented",
            "not_applicable", None]  # fmt: skip


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(STATUSES)), max_size=15),
)
def test_recommendation_uptake_agrees_with_plain_pandas(rows: list) -> None:
    rec = pd.DataFrame(rows, columns=["city", "status"])
    package = _rows(ind.recommendation_uptake(rec), "city")
    df = rec.assign(place=rec["city"].fillna(UNALLOCATED), status=rec["status"].fillna("unknown"))
    for place, g in [*df.groupby("place"), (TOTAL, df)]:
        counts = g["status"].value_counts()
        given_n = int(len(g) - counts.get("not_applicable", 0))
        got = package[place]
        assert got["given"] == given_n
        for status in ("implemented", "partially_implemented", "not_implemented", "unknown"):
            assert got[status] == counts.get(status, 0), (place, status)
        done = counts.get("implemented", 0)
        _same(got["uptake_pct"], 100 * done / given_n if given_n else np.nan, f"{place} uptake")


# --- plan vs actual and the results framework -------------------------------------------------

number = st.one_of(st.none(), st.integers(0, 200).map(float))


@SETTINGS
@given(st.lists(st.tuples(number, number), max_size=10))
def test_achievement_agrees_with_plain_pandas(pairs: list) -> None:
    table = pd.DataFrame(pairs, columns=["target", "actual"], dtype=float)
    package = ind.achievement(table)
    for i, (target, actual) in enumerate(pairs):
        known = target is not None and target != 0 and actual is not None
        ratio = actual / target if known else np.nan
        _same(package.loc[i, "achievement_pct"], 100 * ratio, f"row {i}")
        if not known:
            want = "no target" if target in (None, 0) else "no actual"
        else:
            want = "met" if ratio >= 1 else ("partly met" if ratio >= 0.5 else "not met")
        assert package.loc[i, "status"] == want


@st.composite
def results(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for i in range(draw(st.integers(1, 8))):
        descending = draw(st.booleans())
        rows.append(
            {
                "indicator_id": f"1.{i}",
                "indicator": f"Показник {i}",
                "measure": "unit",
                "direction": "descending" if descending else "ascending",
                "baseline": draw(number),
                "target": draw(number),
                "actual": draw(number),
                "period_start": "2020-01-01",
                "period_end": "2020-12-31",
                "place": draw(st.sampled_from(["vinnytsia", "poltava"])),
                "sex": None,
            }
        )
    return pd.DataFrame(rows)


def _plain_progress(row: pd.Series) -> float:
    """Percent of the way from the baseline to the target; without a baseline the ratio in
    the better direction (actual ÷ target, or target ÷ actual when lower is better)."""
    base, target, actual = row["baseline"], row["target"], row["actual"]
    if pd.isna(target) or pd.isna(actual):
        return np.nan
    if not pd.isna(base) and base != target:
        return 100 * (actual - base) / (target - base)
    low, high = (actual, target) if row["direction"] == "descending" else (target, actual)
    return 100 * high / low if low else np.nan


@SETTINGS
@given(results())
def test_results_progress_agrees_with_plain_pandas(res: pd.DataFrame) -> None:
    package = ind.results_progress(res)
    for i, row in res.iterrows():
        _same(package.loc[i, "achievement_pct"], _plain_progress(row), f"{row['indicator_id']}")


@settings(SETTINGS, phases=(Phase.explicit, Phase.generate))
@given(results())
@example(  # the case: waiting time 34 days against a target of 30, baseline 45
    pd.DataFrame(
        [
            [
                "2.1",
                "Час очікування",
                "unit",
                "descending",
                45.0,
                30.0,
                34.0,
                "2020-01-01",
                "2020-12-31",
                "vinnytsia",
                None,
            ]
        ],
        columns=[
            "indicator_id",
            "indicator",
            "measure",
            "direction",
            "baseline",
            "target",
            "actual",
            "period_start",
            "period_end",
            "place",
            "sex",
        ],
    )
)
def test_results_by_place_agrees_with_plain_pandas(res: pd.DataFrame) -> None:
    by_place = ind.results_by(ind.results_progress(res), by="place")
    for _, got in by_place.iterrows():
        mine = res[(res["indicator_id"] == got["indicator_id"]) & (res["place"] == got["place"])]
        assert len(mine) == 1  # one row per indicator and place: the group is that row
        _same(got["achievement_pct"], _plain_progress(mine.iloc[0]), got["indicator_id"])


# --- the workbook's tables ----------------------------------------------------------------------


@SETTINGS
@given(events(), st.lists(st.tuples(number, number), max_size=6))
def test_indicator_tables_agree_with_plain_pandas(ev: pd.DataFrame, pairs: list) -> None:
    dataset = {kind: empty_frame(schema) for kind, schema in SCHEMAS.items()}
    dataset["events"] = ev
    plan = pd.DataFrame(pairs, columns=["target", "actual"], dtype=float)
    dataset["indicators"] = plan
    tables = indicator_tables(dataset)
    _compare_participants(tables["participants"], _plain_participants(ev))
    achieved = tables["achievement"]["achievement_pct"].tolist()
    for got, (target, actual) in zip(achieved, pairs, strict=True):
        known = target not in (None, 0) and actual is not None
        _same(got, 100 * actual / target if known else math.nan, "achievement_pct")


def _plain_period_mean(cf: pd.DataFrame) -> float:
    """The mean of the NBU daily CAD rates over the rows' first…last date (every calendar
    day once); NaN when the table does not cover a day of it."""
    dates = cf["date"].dropna()
    days = pd.date_range(dates.min(), dates.max(), freq="D").strftime("%Y-%m-%d")
    rates = pd.Series(days).map(NBU_CAD)
    return float(rates.mean()) if rates.notna().all() else np.nan


class _CadFolder(dict):
    """Registers of a folder whose profile reports in CAD (as the embedded one does)."""

    project = ProjectSettings(extra={"currency": "CAD"})


@SETTINGS
@given(cofinancing())
def test_workbook_cofinancing_agrees_with_plain_pandas(cf: pd.DataFrame) -> None:
    dataset = _CadFolder({kind: empty_frame(schema) for kind, schema in SCHEMAS.items()})
    dataset["cofinancing"] = cf
    table = indicator_tables(dataset)["cofinancing"]
    if cf["date"].isna().all():
        return  # no period to take a mean over: the table says so (not_converted)
    rate = _plain_period_mean(cf)
    plain = _plain_cofinancing(cf, rate if not math.isnan(rate) else None)
    total = plain.iloc[-1]
    money = ["project_cad", "partner_cad", "project_uah", "partner_uah"]
    if math.isnan(rate) or total[money].isna().any():
        assert table.empty and table.attrs["not_converted"]  # unknown: left out, said why
        return
    got = table[table["row_kind"] == "total"].iloc[0]
    _same(got["uah_per_cad"], rate, "uah_per_cad")
    for column in money:
        _same(got[column], total[column], column)
