"""Co-financing in the project's currency: a EUR project's folder with EUR, USD and UAH grants."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from promis_analytics import charts
from promis_analytics.dataset import load_dataset
from promis_analytics.indicators import (
    MoneyColumns,
    cofinancing_at_rates,
    cofinancing_summary,
    indicator_tables,
)
from promis_analytics.pipeline.workbook import write_indicator_report
from promis_analytics.project import ProjectSettings, SettingsError, settings_from

# Micro-grants of a 2023–2024 project in Kharkiv and Sumy oblasts: each in its own currency.
GRANTS = (
    "project_id,fund,title,date,project_amount,project_currency,partner_amount,partner_currency,"
    "source,locator\n"
    """MG-01,other,Ремонт укриття в ліцеї,2023-04-20,12000,EUR,150000,UAH,звіт за 2023,стор. 4
MG-02,other,Сонячні панелі для амбулаторії,2023-04-21,8500,USD,2000,EUR,звіт за 2023,стор. 5
MG-03,other,Обладнання ЦНАП у Краснопіллі,2024-02-14,640000,UAH,300000,UAH,звіт за 2024,стор. 2
MG-04,other,Навчальна поїздка до Любліна,2024-02-15,3000,EUR,1200,USD,звіт за 2024,стор. 3
"""
)

PROFILE = """[project]
title_uk = "Якісні муніципальні послуги"
title_en = "Quality Municipal Services"
short_uk = "ЯМП"
short_en = "QMS"
start = 2022-01-01
end = 2024-12-31
currency = "EUR"

[fx]
{fx}
"""

FIXED = {"EUR_UAH": 42.1, "USD_UAH": 39.5}
DAILY = {  # UAH per unit, as the NBU publishes them (recorded for the test)
    ("2023-04-20", "EUR"): 40.1,
    ("2023-04-20", "USD"): 36.57,
    ("2023-04-21", "EUR"): 40.3,
    ("2023-04-21", "USD"): 36.57,
    ("2024-02-14", "EUR"): 40.9,
    ("2024-02-14", "USD"): 38.1,
    ("2024-02-15", "EUR"): 41.0,
    ("2024-02-15", "USD"): 38.2,
}


def _folder(tmp_path: Path, fx: str, grants: str = GRANTS, rates: bool = False) -> Path:
    (tmp_path / "promis.toml").write_text(PROFILE.format(fx=fx), encoding="utf-8")
    (tmp_path / "cofinancing.csv").write_text(grants, encoding="utf-8")
    if rates:
        lines = [f"{d},{c},{r},NBU" for (d, c), r in sorted(DAILY.items())]
        text = "date,currency,uah_per_unit,source\n" + "\n".join(lines) + "\n"
        (tmp_path / "rates.csv").write_text(text, encoding="utf-8")
    return tmp_path


def _fixed_folder(tmp_path: Path, grants: str = GRANTS) -> Path:
    pairs = "\n".join(f"{k} = {v}" for k, v in FIXED.items())
    return _folder(tmp_path, f'basis = "fixed"\n[fx.fixed]\n{pairs}', grants)


def _expected(grants: pd.DataFrame, uah_per_unit) -> pd.DataFrame:
    """The table recomputed with plain pandas: every amount → UAH at its currency's rate,
    → EUR at ÷ the EUR rate of the same day (``uah_per_unit(currency, date)``)."""
    out = {}
    for side in ("project", "partner"):
        amount = grants[f"{side}_amount"].astype(float)
        pairs = zip(grants[f"{side}_currency"], grants["date"], strict=True)
        uah_rate = [uah_per_unit(c, d) for c, d in pairs]
        eur_rate = [uah_per_unit("EUR", d) for d in grants["date"]]
        out[f"{side}_uah"] = amount * pd.Series(uah_rate, index=grants.index)
        out[f"{side}_eur"] = out[f"{side}_uah"] / pd.Series(eur_rate, index=grants.index)
    return pd.DataFrame(out).assign(project_id=grants["project_id"]).set_index("project_id")


def _fixed_rate(currency: str, _day: str) -> float:
    return 1.0 if currency == "UAH" else FIXED[f"{currency}_UAH"]


def _daily_rate(currency: str, day: str) -> float:
    return 1.0 if currency == "UAH" else DAILY[(day, currency)]


@pytest.mark.parametrize(
    ("make", "rate"),
    [
        (_fixed_folder, _fixed_rate),
        (lambda p: _folder(p, 'basis = "daily"', rates=True), _daily_rate),
    ],
    ids=["fixed pairs", "daily rates.csv"],
)
def test_a_eur_project_reports_in_eur_as_pandas_recomputes_it(tmp_path, make, rate) -> None:
    ds = load_dataset(make(tmp_path))
    assert (ds.fx.currency, ds.fx.local) == ("EUR", "UAH")
    t = cofinancing_summary(ds["cofinancing"], by=("project_id",)).set_index("project_id")
    raw = pd.read_csv(tmp_path / "cofinancing.csv", dtype={"date": str})
    want = _expected(raw, rate)
    for column in ("project_eur", "partner_eur", "project_uah", "partner_uah"):
        got = t.loc[want.index, column]
        assert got.to_numpy() == pytest.approx(want[column].to_numpy(), rel=1e-9), column
        assert t.loc["(total)", column] == pytest.approx(want[column].sum(), rel=1e-9)
    total_eur = want["project_eur"].sum() + want["partner_eur"].sum()
    assert t.loc["(total)", "total_eur"] == pytest.approx(total_eur, rel=1e-9)
    assert t.loc["(total)", "partner_share_pct"] == pytest.approx(
        100 * want["partner_eur"].sum() / total_eur, rel=1e-9
    )
    assert t.loc["(total)", "leverage"] == pytest.approx(
        want["partner_eur"].sum() / want["project_eur"].sum(), rel=1e-9
    )
    assert not any(c.endswith("_cad") for c in t.columns) and "uah_per_eur" in t.columns
    assert (t["rows_incomplete"] == 0).all() and (t["unknown_reason"] == "").all()


def test_the_fixed_rate_column_is_uah_per_eur(tmp_path) -> None:
    ds = load_dataset(_fixed_folder(tmp_path))
    t = cofinancing_summary(ds["cofinancing"])
    assert t["uah_per_eur"].tolist() == [42.1, 42.1]
    assert t["fx_basis"].iloc[-1] == "fixed rate per pair: EUR_UAH 42.1, USD_UAH 39.5"


def test_a_missing_rate_makes_the_amount_unknown_with_the_reason(tmp_path) -> None:
    grants = (
        GRANTS + "MG-05,other,Генератор для школи,2024-03-01,900,GBP,0,UAH,звіт за 2024,стор. 6\n"
    )
    ds = load_dataset(_fixed_folder(tmp_path, grants))
    t = cofinancing_summary(ds["cofinancing"], by=("project_id",)).set_index("project_id")
    assert math.isnan(t.loc["MG-05", "project_eur"]) and math.isnan(t.loc["MG-05", "project_uah"])
    assert t.loc["MG-05", "partner_eur"] == 0.0  # a known zero stays zero
    total = t.loc["(total)"]
    assert math.isnan(total["project_eur"]) and math.isnan(total["total_eur"])  # never 0
    assert total["partner_eur"] == pytest.approx(t.loc["MG-01":"MG-04", "partner_eur"].sum())
    assert total["rows_incomplete"] == 1
    reason = t.loc["MG-05", "unknown_reason"]
    assert "немає фіксованого курсу GBP→EUR у [fx.fixed]" in reason
    assert "no fixed rate GBP→EUR in [fx.fixed]" in reason
    # the build goes on: the indicator table says why, the chart is skipped with the reason
    tables = indicator_tables(ds)
    cof = tables["cofinancing"]
    assert cof.empty
    uk, en = cof.attrs["not_converted"][0]
    assert uk.startswith("сума невідома: project_amount: немає фіксованого курсу GBP→EUR")
    assert uk.endswith("; додайте пару") and "add the pair" not in uk  # each language apart
    assert en.startswith("sum unknown: project_amount not converted: no fixed rate GBP→EUR")
    assert "немає" not in en
    skipped = charts.chart_or_skip(charts.cofinancing_contributions, cof, source="x")
    assert not isinstance(skipped, Figure) and "GBP→EUR" in str(skipped)


def test_the_eur_workbook_sheet_speaks_of_the_project_in_eur(tmp_path) -> None:
    (tmp_path / "data").mkdir()
    ds = load_dataset(_fixed_folder(tmp_path / "data"))
    path = write_indicator_report(indicator_tables(ds), tmp_path / "indicators.xlsx")
    ws = openpyxl.load_workbook(path)["Співфінансування · Co-financing"]
    header = {ws.cell(3, j).value: j for j in range(1, ws.max_column + 1)}
    j = header["project_eur"]
    assert ws.cell(1, j).value == "Внесок ЯМП (EUR)"
    assert ws.cell(2, j).value == "Project contribution (EUR)"
    assert ws.cell(4, j).number_format == '#,##0 "EUR"'
    assert ws.cell(1, header["partner_eur"]).value == "Внесок партнерів (EUR)"  # no partners
    assert ws.cell(4, header["project_uah"]).number_format == '#,##0 "грн"'
    assert ws.cell(1, header["uah_per_eur"]).value == "Курс (грн за 1 EUR)"
    assert ws.cell(4, header["uah_per_eur"]).number_format == '0.0000 "грн/EUR"'
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts if "CAD" in t or "ПРОМІС" in t or "міст-партнер" in t]


def _texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("uk", ["тис. євро", "млн гривень", "Курс, грн за 1 EUR", "Проект ЯМП", "партнери"]),
        ("en", ["EUR thousand", "UAH million", "Rate, UAH per EUR", "QMS project", "partners"]),
    ],
)
def test_the_eur_chart_says_eur_not_cad(tmp_path, lang, words) -> None:
    ds = load_dataset(_fixed_folder(tmp_path))
    table = cofinancing_at_rates(ds["cofinancing"], ds.fx, ds.project)
    fig = charts.cofinancing_contributions(table, lang=lang, source="звіт")
    text = _texts(fig)
    for word in words:
        assert word in text
    assert "CAD" not in text and "канадськ" not in text and "міста-партнери" not in text
    bars = {b.get_gid(): b.get_height() for b in fig.findobj(Rectangle) if b.get_gid()}
    total = table[table["row_kind"] == "total"].iloc[0]
    assert bars["cur:project"] == pytest.approx(total["project_eur"] / 1e3)
    assert bars["local:0:partner"] == pytest.approx(total["partner_uah"] / 1e6)
    assert charts.rate_meta(table, lang)["uah_per_eur"] == "42.1000"
    assert "EUR" in charts.rate_meta(table, lang)["rates"]


def test_one_currency_reports_one_set_of_columns() -> None:
    df = pd.DataFrame(
        {
            "fund": ["other", "other"],
            "project_amount": [1000.0, 250.0],
            "project_currency": ["UAH", "UAH"],
            "partner_amount": [500.0, 100.0],
            "partner_currency": ["UAH", "EUR"],
        }
    )
    t = cofinancing_summary(df, fx={"EUR_UAH": 42.0})  # no profile: UAH reported, UAH beside
    assert [c for c in t.columns if c.endswith("_uah")] == [
        "project_uah",
        "partner_uah",
        "total_uah",
        "uah_per_uah",
    ]
    assert t.iloc[-1]["partner_uah"] == 500 + 100 * 42
    assert t.iloc[-1]["uah_per_uah"] == 1.0


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"local_currency": "ГРН"}, "local_currency: 'ГРН'"),
        ({"currency": "euro"}, "currency: 'euro'"),
        ({"short_uk": ""}, "short_uk: очікувався непорожній текст"),
        ({"short_en": 7}, "expected non-empty text, found 7"),
    ],
)
def test_bad_money_settings_are_said_in_both_languages(table, needle) -> None:
    with pytest.raises(SettingsError) as err:
        settings_from(table)
    assert needle in str(err.value) and " / " in str(err.value)


def test_the_embedded_profile_keeps_its_words() -> None:
    labels = MoneyColumns("CAD", "UAH").labels("ПРОМІС", "PROMIS", partners=True)
    assert labels["project_cad"][:2] == ("Внесок ПРОМІС (CAD)", "Project contribution (CAD)")
    assert labels["partner_uah"][0] == "Внесок міст-партнерів (грн)"
    assert labels["uah_per_cad"] == (
        "Курс (грн за 1 CAD)",
        "Rate used (UAH per CAD)",
        "rate:UAH/CAD",
    )
    anonymous = MoneyColumns("USD", "UAH").labels()
    assert anonymous["project_usd"][0] == "Внесок проєкту (USD)"
    assert ProjectSettings(extra={"local_currency": "PLN"}).local_currency == "PLN"


@settings(max_examples=60, deadline=None)
@given(
    amounts=st.lists(
        st.tuples(
            st.integers(0, 10**7), st.sampled_from(["EUR", "USD", "UAH"]), st.integers(0, 10**6)
        ),
        min_size=1,
        max_size=6,
    ),
    eur=st.integers(1, 10**4),
    usd=st.integers(1, 10**4),
)
def test_fixed_pairs_sum_as_pandas_does(amounts, eur, usd) -> None:
    rates = {"EUR_UAH": eur / 100, "USD_UAH": usd / 100}
    df = pd.DataFrame(
        {
            "fund": "other",
            "project_amount": [float(a) for a, _, _ in amounts],
            "project_currency": [c for _, c, _ in amounts],
            "partner_amount": [float(p) for _, _, p in amounts],
            "partner_currency": "UAH",
        }
    )
    t = cofinancing_summary(df, fx=rates, currency="EUR", local="UAH").iloc[-1]
    uah = df["project_currency"].map({"UAH": 1.0, **{k[:3]: v for k, v in rates.items()}})
    project_uah = (df["project_amount"] * uah).sum()
    assert t["project_uah"] == pytest.approx(project_uah, rel=1e-9, abs=1e-6)
    assert t["project_eur"] == pytest.approx(project_uah / rates["EUR_UAH"], rel=1e-9, abs=1e-6)
    assert t["partner_eur"] == pytest.approx(
        df["partner_amount"].sum() / rates["EUR_UAH"], rel=1e-9, abs=1e-6
    )
