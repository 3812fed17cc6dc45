"""Issue 15: every output converts the fund's CAD at one rate, with one basis text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from promis_analytics import paths
from promis_analytics.dataset import load_dataset
from promis_analytics.pipeline.workbook import SHEETS
from promis_analytics.project import SettingsError, settings_from
from promis_analytics.rate_basis import rate_basis

ROOT = paths.REPO_ROOT
BASIS = re.compile(r"mean NBU official rate (\d{4}-\d\d-\d\d…\d{4}-\d\d-\d\d)")
RATE = re.compile(r"(\d{2}\.\d{2,6}) UAH/CAD")


def _notebook_text(name: str) -> str:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return "\n".join(
        "".join(out.get("text", ""))
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream"
    )


def _collect() -> list[tuple[str, str, float]]:
    """(where, basis period, UAH per CAD) of every converted co-financing output."""
    found: list[tuple[str, str, float]] = []
    for lang in ("uk", "en"):
        meta = json.loads((ROOT / "figures" / f"cofinancing.{lang}.json").read_text("utf-8"))
        period = BASIS.match(meta["fx_basis"])[1]
        found.append((f"cofinancing.{lang}.json", period, float(meta["uah_per_cad"])))
    for name in ("00_data_inventory.ipynb", "03_cofinancing.ipynb"):
        for line in _notebook_text(name).splitlines():
            m = BASIS.search(line)
            if m and line.split()[0] == "basis":
                rate = float(line[: m.start()].split()[-1])
                found.append((name, m[1], rate))
    wb = openpyxl.load_workbook(ROOT / "reports" / "indicators.xlsx", read_only=True)
    rows = list(wb[SHEETS["cofinancing"]].iter_rows(min_row=3, values_only=True))
    header = rows[0]
    for row in rows[1:]:
        r = dict(zip(header, row, strict=False))
        if r["fx_rule_key"] == "basis":  # the human label is in fx_rule
            found.append(("workbook co-financing", BASIS.match(r["fx_basis"])[1], r["uah_per_cad"]))
    rows = list(wb[SHEETS["brochure_checks"]].iter_rows(min_row=3, values_only=True))
    header = rows[0]
    for row in rows[1:]:
        text = str(dict(zip(header, row, strict=False))["recomputed_from"])
        m = BASIS.search(text)
        if m:
            found.append(("workbook brochure checks", m[1], float(RATE.search(text)[1])))
    return found


def test_every_output_uses_the_same_rate_and_basis() -> None:
    found = _collect()
    wheres = {w for w, _, _ in found}
    assert {"cofinancing.uk.json", "03_cofinancing.ipynb", "00_data_inventory.ipynb"} <= wheres
    assert {"workbook co-financing", "workbook brochure checks"} <= wheres
    assert len({period for _, period, _ in found}) == 1, found
    assert len({round(rate, 2) for _, _, rate in found}) == 1, found
    basis = load_dataset().fx
    (period,) = {p for _, p, _ in found}
    assert period == f"{basis.period[0]}…{basis.period[1]}"  # what promis.toml [fx] declares


@pytest.mark.parametrize(
    ("fx", "message"),
    [
        ({"basis": "щомісячний"}, "expected one of"),
        ({"basis": "fixed"}, "or uah_per_cad"),
        ({"basis": "fixed", "uah_per_cad": -20}, "expected a number > 0"),
        ({"start": "2015-01-01"}, "both start and end"),
        ({"start": "2021-01-01", "end": "2015-01-01"}, "start is after end"),
        ({"курс": 20}, "unknown key курс"),
    ],
)
def test_a_bad_fx_setting_is_refused_in_both_languages(fx: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as err:
        rate_basis(settings_from({}, "promis.toml", None, fx))
    assert "/" in str(err.value)  # Ukrainian / English


def test_the_default_basis_is_the_rows_dates_else_the_project_period(tmp_path: Path) -> None:
    import datetime as dt

    import pandas as pd

    project = settings_from({"start": "2019-01-01", "end": "2020-12-31"})
    assert rate_basis(project).period == (dt.date(2019, 1, 1), dt.date(2020, 12, 31))
    rows = pd.DataFrame({"date": ["2019-03-01", "2019-09-30"]})
    basis = rate_basis(project, rows)
    assert (basis.rule, basis.period) == (
        "period_mean",
        (dt.date(2019, 3, 1), dt.date(2019, 9, 30)),
    )
    assert not basis.declared
