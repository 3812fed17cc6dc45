"""A folder's own rates.csv and [fx.fixed] pairs: amounts of a 2023 EUR project convert."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from promis_analytics import fx
from promis_analytics.errors import FxError
from promis_analytics.indicators.cofinancing import cofinancing_summary
from promis_analytics.project import ProjectSettings, SettingsError
from promis_analytics.rate_basis import rate_basis

#: These folders report in CAD with UAH beside.
CAD_REPORT = {"currency": "CAD"}

RATES = (
    "date,currency,uah_per_unit,source\n"
    "2023-04-20,EUR,40.1,NBU\n"
    "2023-04-21,EUR,40.3,NBU\n"
    "2023-04-20,CAD,27.2,NBU\n"
    "2023-04-21,CAD,27.0,NBU\n"
)


def _grants() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["g1", "g2"],
            "fund": ["micro", "micro"],
            "date": pd.to_datetime(["2023-04-20", "2023-04-21"]),
            "project_amount": [1_000.0, 2_000.0],
            "project_currency": ["EUR", "UAH"],
            "partner_amount": [100.0, None],
            "partner_currency": ["EUR", None],
        }
    )


def test_the_folders_rates_extend_the_embedded_table(tmp_path: Path) -> None:
    (tmp_path / "rates.csv").write_text(RATES, encoding="utf-8")
    files = fx.rate_files(tmp_path)
    assert [p.name for p in files] == ["nbu_official_rates_2014_2022.csv", "rates.csv"]
    assert str(fx.uah_per_unit("EUR", "2023-04-21", path=files)) == "40.3"
    basis = rate_basis(
        ProjectSettings(extra=CAD_REPORT, fx={"basis": "daily"}), _grants(), tmp_path
    )
    t = cofinancing_summary(_grants(), by=("project_id",), fx=basis).set_index("project_id")
    assert t.loc["g1", "partner_uah"] == pytest.approx(100 * 40.1)
    r = t.loc["(total)"]
    assert r["project_uah"] == pytest.approx(1_000 * 40.1 + 2_000)
    assert r["project_cad"] == pytest.approx(1_000 * 40.1 / 27.2 + 2_000 / 27.0)
    assert math.isnan(r["partner_uah"])  # g2 has no partner amount: unknown, not 0
    assert r["rows_incomplete"] == 1


def test_without_the_rate_the_amount_is_unknown_in_both_languages(tmp_path: Path) -> None:
    basis = rate_basis(
        ProjectSettings(extra=CAD_REPORT, fx={"basis": "daily"}), _grants(), tmp_path
    )
    r = cofinancing_summary(_grants(), fx=basis).iloc[-1]
    assert math.isnan(r["project_uah"])
    assert "поза таблицею курсів НБУ" in r["unknown_reason"]
    assert "promis fx update" in r["unknown_reason"]


def test_a_bad_rates_csv_names_file_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "rates.csv").write_text(
        "date,currency,uah_per_unit,source\n2023-04-20,EUR,40.1,NBU\n"
        "2023-02-30,EUR,40,NBU\n2023-04-21,EVRO,40,NBU\n2023-04-22,EUR,сорок,NBU\n",
        encoding="utf-8",
    )
    with pytest.raises(FxError) as info:
        fx.rates(fx.rate_files(tmp_path))
    msg = str(info.value)
    for needle in (
        "rates.csv, рядок 3, стовпець date",
        "row 4, column currency: 'EVRO' is not an ISO 4217 code",
        "рядок 5, стовпець uah_per_unit",
    ):
        assert needle in msg


def test_fixed_pairs_from_the_profile() -> None:
    settings = ProjectSettings(
        extra=CAD_REPORT, fx={"basis": "fixed", "fixed": {"EUR_UAH": 42.1, "USD_UAH": 37}}
    )
    basis = rate_basis(settings)
    assert basis.pairs() == {"EUR_UAH": 42.1, "USD_UAH": 37.0}
    r = cofinancing_summary(_grants(), fx=basis).iloc[-1]
    assert math.isnan(r["project_cad"])  # no pair leads to CAD: unknown, with the reason
    assert "немає фіксованого курсу EUR→CAD" in r["unknown_reason"]
    assert r["project_uah"] == pytest.approx(42_100 + 2_000)  # the UAH side is known
    with_cad = rate_basis(
        ProjectSettings(
            extra=CAD_REPORT, fx={"basis": "fixed", "fixed": {"EUR_UAH": 42.1, "CAD_UAH": 30}}
        )
    )
    t = cofinancing_summary(_grants(), by=("project_id",), fx=with_cad).set_index("project_id")
    assert t.loc["(total)", "project_uah"] == pytest.approx(42_100 + 2_000)
    assert t.loc["(total)", "project_cad"] == pytest.approx(44_100 / 30)


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        ({"EURUAH": 42.1}, "pair of ISO 4217 codes"),
        ({"EUR_XXY": 42.1}, "pair of ISO 4217 codes"),
        ({"EUR_UAH": 0}, "expected a number > 0"),
        ({"EUR_UAH": "42,1"}, "UAH per EUR"),
    ],
)
def test_bad_fixed_pairs_are_refused(fixed: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        rate_basis(ProjectSettings(extra=CAD_REPORT, fx={"basis": "fixed", "fixed": fixed}))


def test_promis_validate_checks_the_folders_rates_like_a_register(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from promis_analytics.cli import cli

    (tmp_path / "recommendations.csv").write_text(
        "Код рекомендації,Місто,Сфера,Рік надання,Джерело,Локатор\n"
        "R1,Суми,Прозорість бюджету,2023,звіт,стор. 1\n",
        encoding="utf-8",
    )
    (tmp_path / "rates.csv").write_text(
        "date,currency,uah_per_unit,source\n2023-04-20,EUR,40.1,NBU\n"
        "2023-02-30,EUR,40,NBU\n2023-04-21,EVRO,сорок,NBU\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    for text in ("2023-02-30", "not an ISO date", "EVRO", "not an ISO 4217 code", "сорок",
                 "rates.csv: 3 rows read, 1 accepted, 2 rejected"):  # fmt: skip
        assert text in out


def test_the_cofinancing_chart_draws_a_per_pair_basis() -> None:
    from promis_analytics import charts
    from promis_analytics.indicators.cofinancing import cofinancing_at_rates

    basis = rate_basis(
        ProjectSettings(
            extra=CAD_REPORT, fx={"basis": "fixed", "fixed": {"EUR_UAH": 42.1, "CAD_UAH": 30.2}}
        )
    )
    df = _grants().assign(partner_amount=[100.0, 50.0], partner_currency=["EUR", "UAH"])
    table = cofinancing_at_rates(df, basis)
    assert list(table["fx_basis"].unique()) == ["fixed rate per pair: CAD_UAH 30.2, EUR_UAH 42.1"]
    fig = charts.cofinancing_contributions(table, lang="uk", source="cofinancing.csv")
    texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    assert "30,20" in texts  # the rate drawn is the declared CAD_UAH pair
