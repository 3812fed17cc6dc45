"""Tests of brochure_checks: printed figures beside values recomputed from small registers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd
import pytest

from promis_analytics.indicators import brochure
from promis_analytics.indicators.brochure import (
    BROCHURE_CHECK_COLUMNS,
    BROCHURE_CHECKS,
    BrochureCheck,
    Recomputation,
    brochure_checks,
)
from promis_analytics.rate_basis import RateBasis

FACT_COLUMNS = [
    "fact_id",
    "section",
    "metric",
    "value",
    "unit",
    "period_start",
    "period_end",
    "cities",
    "as_printed",
    "source",
]
BROCHURE = "results_brochure_2021"
CARD = "monitoring_card_2018H2"


def _facts(*rows: tuple) -> pd.DataFrame:
    """Fact rows; a row without a 10th value is printed by the brochure."""
    return pd.DataFrame([r if len(r) == 10 else (*r, BROCHURE) for r in rows], columns=FACT_COLUMNS)


F_PARTNER_UAH = (
    "f_city_uah",
    "1.7",
    "dg_fund_city_contribution_approx",
    9_066_000.0,
    "UAH",
    "2015-01-01",
    "2020-12-31",
    None,
    "≈9 млн 66 тис. грн",
)
F_PARTNER_CAD = (
    "f_city_cad",
    "1.7",
    "dg_fund_city_contribution",
    453_300.0,
    "CAD",
    "2015-01-01",
    "2020-12-31",
    None,
    "453,3 тис. CAD",
)
F_GIVEN = (
    "f_given",
    "1.3",
    "budget_transparency_recommendations_given",
    383.0,
    "count",
    None,
    None,
    None,
    "383",
)
F_SHARE = (
    "f_share",
    "1.3",
    "budget_transparency_recommendations_implemented_share",
    43.9,
    "percent",
    None,
    None,
    None,
    "43,9%",
)
F_PB = (
    "f_pb",
    "1.3",
    "participatory_budget_cities",
    3.0,
    "cities",
    "2016-01-01",
    "2020-12-31",
    "vinnytsia;poltava;dolyna",
    "три",
)
F_OTHER = ("f_other", "2.1", "business_school_duration", 15.0, "weeks", None, None, None, "15")


def _cofinancing() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["dg_total"],
            "fund": ["dg_fund"],
            "city": [None],
            "date": [pd.NaT],
            "project_amount": [317_000.0],
            "project_currency": ["CAD"],
            "partner_amount": [453_300.0],
            "partner_currency": ["CAD"],
            "source": [BROCHURE],
        }
    )


def _adoptions() -> pd.DataFrame:
    rows = [
        ("vinnytsia", "participatory_budget", "adopted", "2018-12-31"),
        ("Полтава", "participatory_budget", "in_progress", "2018-12-31"),
        ("kremenchuk", "participatory_budget", "adopted", "2018-12-31"),
        ("dolyna", "participatory_budget", "adopted", "2021-03-31"),  # after the period
    ]
    df = pd.DataFrame(rows, columns=["city", "instrument", "status", "as_of"])
    return df.assign(source=CARD)


def _row(t: pd.DataFrame, fact_id: str) -> pd.DataFrame:
    return t.loc[t["fact_id"] == fact_id].reset_index(drop=True)


#: The brochure's fund in CAD, reported with UAH beside (as the embedded profile declares).
FUND_BASIS = RateBasis(
    "period_mean", (dt.date(2015, 1, 1), dt.date(2020, 12, 31)), printed=20.0, currency="CAD"
)


def test_cofinancing_uah_at_the_folder_basis_and_the_printed_rate() -> None:
    facts = _facts(F_PARTNER_UAH, F_PARTNER_CAD)
    t = brochure_checks(facts, {"cofinancing": _cofinancing()}, fx=FUND_BASIS)
    uah = _row(t, "f_city_uah")
    assert len(uah) == 2  # the folder's basis, then the publication's own rate
    basis, printed = uah.iloc[0], uah.iloc[1]
    assert "mean NBU official rate 2015-01-01…2020-12-31" in basis["recomputed_from"]
    assert "(19.5774 UAH/CAD)" in basis["recomputed_from"]
    assert "fixed rate 20 UAH per CAD" in printed["recomputed_from"]
    assert printed["recomputed_value"] == 9_066_000
    for r in (basis, printed):
        assert r["difference"] == pytest.approx(r["recomputed_value"] - 9_066_000)
        assert r["difference_pct"] == pytest.approx(100 * r["difference"] / 9_066_000)
        # the amount is the brochure's own: never a "match"
        assert not r["independent"]
        assert r["printed_source"] == BROCHURE
    # the NBU rate is another document: the brochure's CAD at it is a consistency check
    assert basis["status"] == "consistent within one document"
    assert basis["recomputed_sources"] == f"{BROCHURE};nbu_official_rates"
    # the brochure's one fund-total row at the rate its own figures imply gives the printed
    # figure back: it cannot fail, so it is not a check; nor is the CAD total itself
    assert printed["status"] == "not a check" and "cannot fail" in printed["note"]
    cad = _row(t, "f_city_cad").iloc[0]
    assert (cad["recomputed_value"], cad["status"]) == (453_300.0, "not a check")


def test_a_figure_printed_in_cad_is_compared_with_a_cad_sum_in_a_eur_folder() -> None:
    eur = dataclasses.replace(FUND_BASIS, currency="EUR")  # the folder reports in EUR
    t = brochure_checks(
        _facts(F_PARTNER_CAD, F_PARTNER_UAH), {"cofinancing": _cofinancing()}, fx=eur
    )
    cad = _row(t, "f_city_cad").iloc[0]
    assert cad["recomputed_value"] == 453_300.0 and "in CAD" in cad["recomputed_from"]
    printed = _row(t, "f_city_uah").iloc[1]  # the publication's own 20 UAH per CAD
    assert printed["recomputed_value"] == 9_066_000


def test_register_rows_summed_from_the_own_document_stay_a_consistency_check() -> None:
    cf = pd.concat([_cofinancing()] * 2, ignore_index=True).assign(
        project_id=["dg_a", "dg_b"], partner_amount=[200_000.0, 253_300.0]
    )
    t = brochure_checks(_facts(F_PARTNER_CAD), {"cofinancing": cf}, fx=FUND_BASIS)
    assert t.loc[0, "status"] == "consistent within one document"  # two rows summed: can fail


F_CARD_PROJECTS = ("card_projects", None, "dg_fund_projects", 18.0, "projects", None,
                   "2018-12-31", None, "18", CARD)  # fmt: skip
F_BROCHURE_PROJECTS = ("s1_7_projects", "1.7", "dg_fund_projects", 18.0, "projects",
                       "2015-01-01", "2020-12-31", None, "18")  # fmt: skip


def test_a_comparison_written_in_reverse_counts_once() -> None:
    from promis_analytics.indicators.brochure import brochure_check_summary

    t = brochure_checks(_facts(F_BROCHURE_PROJECTS, F_CARD_PROJECTS), {})
    assert t["status"].tolist() == ["match", "the same check reversed"]
    assert t["independent"].tolist() == [True, False]
    assert "counted once" in t.loc[1, "note"]
    summary = brochure_check_summary(t).set_index(["kind", "status"])["checks"]
    assert summary[("independent", "match")] == 1
    assert summary[("repeat", "the same check reversed")] == 1


def test_the_printed_percent_behind_a_count_is_not_a_check() -> None:
    t = brochure_checks(_facts(F_GIVEN, F_SHARE), {})
    share = _row(t, "f_share").iloc[0]
    assert share["recomputed_value"] == pytest.approx(100 * 168 / 383)
    assert share["status"] == "not a check"  # 168 comes from 43.9 % of 383 itself
    assert not share["independent"]
    assert "168 implemented of 383" in share["recomputed_from"]
    given = _row(t, "f_given").iloc[0]
    assert given["status"] == "not recomputable"
    assert given["note"] == "no recommendations register given"
    assert math.isnan(given["recomputed_value"])


def test_recommendations_from_register_counts_unknown_status() -> None:
    recs = pd.DataFrame(
        {
            "city": ["dolyna", "dolyna", "kolomyia", "kolomyia", "poltava"],
            "area": ["budget_transparency"] * 4 + ["cnap"],
            "status": ["implemented", None, "not_applicable", "not_implemented", "implemented"],
            "source": ["звіт міста 2020"] * 5,
        }
    )
    t = brochure_checks(_facts(F_GIVEN, F_SHARE), {"recommendations": recs})
    given = _row(t, "f_given").iloc[0]
    assert (given["recomputed_value"], given["status"]) == (3.0, "differs")
    assert given["independent"] and given["recomputed_sources"] == "звіт міста 2020"
    share = _row(t, "f_share").iloc[0]
    assert share["recomputed_value"] == pytest.approx(100 / 3)
    assert share["note"] == "1 without status"


def test_adoption_count_as_of_period_end_and_city_lists_compared() -> None:
    t = brochure_checks(_facts(F_PB), {"adoptions": _adoptions()})
    r = t.iloc[0]
    assert r["recomputed_value"] == 3.0  # vinnytsia, poltava (in progress), kremenchuk
    assert r["status"] == "match" and r["independent"]  # the card's rows, the brochure's figure
    assert r["recomputed_sources"] == CARD
    assert "2 adopted + 1 in progress" in r["recomputed_from"]
    assert r["note"] == (
        "printed cities not in register: ['dolyna']; register only: ['kremenchuk']"
    )


def test_facts_without_a_check_are_not_listed_and_empty_facts() -> None:
    t = brochure_checks(_facts(F_OTHER), {})
    assert len(t) == 0 and tuple(t.columns) == BROCHURE_CHECK_COLUMNS
    assert len(brochure_checks(_facts(), {})) == 0


def test_missing_register_is_not_recomputable() -> None:
    t = brochure_checks(_facts(F_PB, F_PARTNER_UAH), {"adoptions": _adoptions().iloc[0:0]})
    assert t["status"].tolist() == ["not recomputable", "not recomputable"]
    assert t["note"].tolist() == ["adoptions register is empty", "no cofinancing register given"]


def test_partner_cities_and_oblasts_from_reference() -> None:
    f = _facts(
        ("a", "about", "partner_cities", 16.0, "cities", None, None, None, "16"),
        ("b", "about", "partner_oblasts", 4.0, "count", None, None, None, "4"),
    )
    t = brochure_checks(f, {})
    assert t["recomputed_value"].tolist() == [16.0, 4.0]
    assert t["status"].tolist() == ["match", "match"]


def test_participatory_budget_sum_of_yearly_facts() -> None:
    f = _facts(
        (
            "tot",
            "1.3",
            "participatory_budget_supported_projects_value",
            229_800_000.0,
            "UAH",
            "2016-01-01",
            "2020-12-31",
            None,
            "229,8 млн грн",
        ),
        (
            "y16",
            None,
            "participatory_budget_funding",
            17_300_000.0,
            "UAH",
            "2016-01-01",
            "2016-12-31",
            None,
            "17.3 million UAH",
            "city reports",
        ),
        (
            "y20",
            None,
            "participatory_budget_funding",
            212_500_000.0,
            "UAH",
            "2020-01-01",
            "2020-12-31",
            None,
            "212.5 million UAH",
            "city reports",
        ),
        (
            "y21",
            None,
            "participatory_budget_funding",
            1.0,
            "UAH",
            "2021-01-01",
            "2021-12-31",
            None,
            "1 UAH",
        ),  # outside the period: not summed
    )
    r = brochure_checks(f, {}).iloc[0]
    assert r["recomputed_value"] == 229_800_000.0 and r["status"] == "match"
    assert r["recomputed_sources"] == "city reports"
    assert "2016, 2020; 2 rows" in r["recomputed_from"]


@pytest.mark.parametrize(
    ("value", "recomputed", "approx", "status"),
    [
        (43.9, 43.86, False, "match"),
        (43.9, 43.84, False, "differs"),
        (453_300.0, 453_349.0, False, "match"),
        (9_066_000.0, 8_874_439.0, True, "approximately"),
        (9_066_000.0, 8_874_439.0, False, "differs"),
        (9_066_000.0, 10_024_910.0, True, "differs"),
    ],
)
def test_status_rules(value: float, recomputed: float, approx: bool, status: str) -> None:
    other = [Recomputation(recomputed, "test", "", ("another document",))]
    check = BrochureCheck("m", (), lambda *_: other, "test")
    printed = ("≈" if approx else "") + str(value)
    f = _facts(("x", None, "m", value, "count", None, None, None, printed))
    assert brochure_checks(f, {}, checks=(check,)).iloc[0]["status"] == status


def test_check_table_is_data_with_one_check_per_metric() -> None:
    metrics = [c.metric for c in BROCHURE_CHECKS]
    assert len(metrics) == len(set(metrics))
    assert "dg_fund_city_contribution_approx" in metrics
    assert set(brochure.ADOPTION_METRICS) <= set(metrics)


def test_embedded_dataset_key_figures() -> None:
    """The real registers in data/raw against the brochure's recomputable figures."""
    from promis_analytics.dataset import load_dataset

    ds = load_dataset()
    t = brochure_checks(ds["facts"], ds, fx=ds.fx).set_index("fact_id")
    # Σ 2016…2020 of the key-deliverables' yearly figures: another document
    assert t.loc["s1_3_pb_supported_projects_uah", "status"] == "match"
    share = t.loc["s1_3_budget_transparency_recommendations_implemented_pct"]
    assert share["status"] == "not a check" and "168 implemented of 383" in share["recomputed_from"]
    # the register's fund total is the printed figure transcribed: not a check
    assert t.loc["s1_7_dg_fund_city_contribution_cad", "status"] == "not a check"
    # the 18 fund projects: the 2018 card counts them too — an independent match
    projects = t.loc["s1_7_dg_fund_projects"]
    assert (projects["status"], projects["independent"]) == ("match", True)
    assert projects["recomputed_sources"] == CARD
    uah = t.loc[["s1_7_dg_fund_city_contribution_uah"]]
    assert uah["recomputed_from"].str.contains("19.5774 UAH/CAD").sum() == 1
    assert t.loc["about_partner_cities", "recomputed_value"] == 16
    # the card's 18 against the brochure's is the same comparison reversed: counted once
    assert t.loc["card_dg_fund_projects", "status"] == "the same check reversed"
    # five rows give their printed figure back (CAD totals, UAH at the implied 20 UAH/CAD)
    itself = t.loc[t["note"].str.contains("cannot fail", na=False)]
    assert sorted(itself.index) == [
        "s1_7_dg_fund_city_contribution_cad", "s1_7_dg_fund_city_contribution_uah",
        "s1_7_dg_fund_projects_value_uah", "s1_7_dg_fund_promis_contribution_cad",
        "s1_7_dg_fund_promis_contribution_uah",
    ]  # fmt: skip


def test_no_same_source_row_is_a_match_and_the_summary_keeps_them_apart() -> None:
    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators.brochure import brochure_check_summary

    ds = load_dataset()
    t = brochure_checks(ds["facts"], ds, fx=ds.fx)
    assert {"independent", "printed_source", "recomputed_sources"} <= set(t.columns)
    same = t.loc[~t["independent"].astype(bool)]
    assert not same["status"].isin(["match", "approximately", "within the bound"]).any()
    for _, row in t.loc[t["independent"].astype(bool)].iterrows():
        assert row["printed_source"] not in row["recomputed_sources"].split(";")
    summary = brochure_check_summary(t)
    assert list(summary.columns) == ["kind", "status", "checks"]
    assert summary["checks"].sum() == len(t)
    kinds = summary.groupby("kind")["checks"].sum()
    assert kinds["independent"] == int(t["independent"].sum())
    assert set(summary.loc[summary["kind"] == "within one document", "status"]) <= {
        "consistent within one document", "inconsistent within one document"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("qualifier", "value", "printed", "status"),
    [
        ("", 90.0, 90.0, "match"),
        ("more_than", 95.0, 91.0, "within the bound"),  # «понад 91»: 95 respects it
        ("more_than", 80.0, 91.0, "differs"),
        ("at_least", 5.0, 5.0, "match"),
        ("at_least", 7.0, 5.0, "within the bound"),
        ("up_to", 11.0, 12.0, "within the bound"),
        ("almost", 59.5, 61.0, "approximately"),  # «майже 61»: a little under
        ("almost", 62.5, 61.0, "differs"),  # «майже» is never above the printed figure
        ("about", 42.5, 41.0, "approximately"),
        ("", 42.5, 41.0, "differs"),
    ],
)
def test_checks_respect_the_printed_qualifier(qualifier, value, printed, status) -> None:
    from promis_analytics.indicators.brochure import _printed_unit, _status

    assert _status(qualifier, value, printed, _printed_unit(printed) / 2, 0.05) == status


def test_facts_keep_the_printed_qualifier() -> None:
    from promis_analytics.dataset import load_dataset

    facts = load_dataset()["facts"].set_index("fact_id")
    for fact_id, printed, qualifier in (
        ("s1_1_strategy_horizon_years_min", "щонайменше на 5", "at_least"),
        ("s1_3_prozorro_start_price_increase_min", "перевищує 33 %", "more_than"),
        ("s1_3_ivano_frankivsk_sales_plan_ratio", "майже в шість разів", "almost"),
        ("s1_1_kolomyia_strategy_project_ideas_min", "понад 90", "more_than"),
    ):
        assert facts.at[fact_id, "as_printed"] == printed
        assert facts.at[fact_id, "qualifier"] == qualifier
