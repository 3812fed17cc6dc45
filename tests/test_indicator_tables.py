"""indicator_tables: the report's tables computed from a dataset (inline and embedded data)."""

from __future__ import annotations

import pandas as pd
import pytest

from promis_analytics.dataset import load_dataset
from promis_analytics.indicators import TABLE_NAMES, indicator_tables
from promis_analytics.registers import KINDS, SCHEMAS
from promis_analytics.registers.check.validate import empty_frame


def _empty_dataset() -> dict[str, pd.DataFrame]:
    return {kind: empty_frame(SCHEMAS[kind]) for kind in KINDS}


def test_empty_dataset_gives_every_table():
    tables = indicator_tables(_empty_dataset())
    assert tuple(tables) == TABLE_NAMES
    assert tables["register_sources"].empty
    assert tables["transparency"].empty
    assert tables["recommendations"].empty


def test_inline_registers():
    ds = _empty_dataset()
    ds["events"] = pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3"],
            "city": ["vinnytsia", "vinnytsia", "melitopol"],
            "participants": [20, 25, 7],
            "women": [10, None, 3],
            "date_start": pd.to_datetime(["2018-11-01", "2018-11-08", "2019-02-01"]),
            "source": ["monitoring_card_2018H2"] * 3,
            "locator": ["a", "b", "c"],
        }
    )
    ds["index_scores"] = pd.DataFrame(
        {
            "index": ["transparent_cities"] * 4,
            "city": ["vinnytsia", "vinnytsia", "poltava", "poltava"],
            "year": [2018, 2020, 2018, 2019],
            "score": [70.3, 76.7, 40.0, 45.0],
            "max_score": [100.0] * 4,
            "rank": [5, 1, 30, 20],
            "rank_of": [100] * 4,
            "source": ["x"] * 4,
            "locator": ["1", "2", "3", "4"],
        }
    )
    ds["facts"] = pd.DataFrame(
        {
            "fact_id": ["g", "s"],
            "metric": [
                "budget_transparency_recommendations_given",
                "budget_transparency_recommendations_implemented_share",
            ],
            "value": [383.0, 43.9],
            "unit": ["count", "percent"],
            "as_printed": ["383", "43,9%"],
            "source": ["results_brochure_2021"] * 2,
            "locator": ["1.3", "1.3"],
        }
    )
    tables = indicator_tables(ds)
    part = tables["participants"].set_index("city")
    assert part.loc["vinnytsia", "participants"] == 45
    assert part.loc["(total)", "participants"] == 52
    # pairs with a city scored in both years: 2018→2019 (poltava), 2018→2020 (vinnytsia)
    pairs = set(
        zip(tables["transparency"]["from_year"], tables["transparency"]["to_year"], strict=True)
    )
    assert pairs == {(2018, 2019), (2018, 2020)}
    t = tables["transparency"]
    vin = t[(t["city"] == "vinnytsia") & (t["to_year"] == 2020)].iloc[0]
    assert vin["gain_points"] == pytest.approx(6.4)
    rec = tables["recommendations"].iloc[0]
    assert (rec["topic"], rec["given"], rec["implemented"]) == ("budget_transparency", 383, 168)
    src = tables["register_sources"]
    assert src.to_dict("records") == [
        {"register": "events", "source": "monitoring_card_2018H2", "rows": 3, "extra_columns": ""},
        {"register": "facts", "source": "results_brochure_2021", "rows": 2, "extra_columns": ""},
        {"register": "index_scores", "source": "x", "rows": 4, "extra_columns": ""},
    ]


def test_embedded_dataset():
    ds = load_dataset()
    tables = indicator_tables(ds)
    cof = tables["cofinancing"]
    assert sorted(cof["fx_rule"].unique()) == ["basis", "printed"]
    fixed = cof[(cof["fx_rule"] == "printed") & (cof["row_kind"] == "total")].iloc[0]
    assert fixed["total_uah"] == pytest.approx(fixed["total_cad"] * 20)
    assert fixed["uah_per_cad"] == 20
    basis = cof[(cof["fx_rule"] == "basis") & (cof["row_kind"] == "total")].iloc[0]
    assert basis["fx_basis"] == "mean NBU official rate 2015-01-01…2020-12-31"  # promis.toml [fx]
    assert len(tables["adoption_matrix"]) == 16
    assert tables["register_sources"]["rows"].sum() == sum(len(ds[k]) for k in ds)
    progress = tables["adoption_progress"]
    assert {"adopted_from", "adopted_to"} <= set(progress.columns)
    assert len(tables["brochure_checks"]) > 0
