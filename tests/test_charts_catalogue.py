"""The chart catalogue: notebooks, catalogue, table specs and saved sidecars agree."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.catalogue import CHARTS, chart_entry, chart_meta, charts_markdown
from promis_analytics.charts.figure_data import figure_data
from promis_analytics.charts.labels import label
from promis_analytics.charts.save import save_figure
from promis_analytics.errors import ChartError
from promis_analytics.indicators import TABLE_NAMES
from promis_analytics.indicators.specs import spec
from promis_analytics.pipeline.charts_index import catalogue_mismatches, notebook_charts

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_catalogue_and_notebooks_agree() -> None:
    assert catalogue_mismatches(NOTEBOOKS) == []
    assert len({c.id for c in CHARTS}) == len(CHARTS)


def test_a_chart_missing_from_the_catalogue_is_named(tmp_path: Path) -> None:
    code = 'save_figure(fig, f"нова_діаграма.{lang}", meta={})'
    nb = {"cells": [{"cell_type": "code", "source": code}], "metadata": {}, "nbformat": 4}
    path = tmp_path / "11_new.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert notebook_charts(path) == ("нова_діаграма",)
    lines = catalogue_mismatches([*NOTEBOOKS, path])
    assert len(lines) == 1 and "'нова_діаграма'" in lines[0] and "11_new.ipynb" in lines[0]


def test_every_table_of_a_chart_is_a_spec_and_labels_exist() -> None:
    for c in CHARTS:
        assert not c.table or c.table in TABLE_NAMES, c.id
        for key in (c.title, c.caption):
            assert label(key, "uk") and label(key, "en"), key


@pytest.mark.parametrize("chart_id", ["transparency_ranks", "plan_vs_actual"])
def test_a_chart_rejects_a_table_without_its_spec_columns(chart_id: str) -> None:
    entry = chart_entry(chart_id)
    assert entry is not None
    table = pd.DataFrame({"city": ["vinnytsia"], "source": ["x"], "indicator": ["Учасники"]})
    with pytest.raises(ChartError, match="lacks column") as info:
        entry.function(table, lang="uk")
    assert spec(entry.table).produced_by in str(info.value)


def test_save_figure_fills_chart_and_notebook(tmp_path: Path) -> None:
    fig = Figure()
    fig.add_subplot().plot([1, 2], [3, 4])
    save_figure(fig, "results_bullets.uk", formats=("svg",), out_dir=tmp_path, meta={"title": "Т"})
    meta = json.loads((tmp_path / "results_bullets.uk.json").read_text(encoding="utf-8"))
    assert meta["chart"] == "results_bullets"
    assert meta["notebook"] == "09_results_framework.ipynb"
    save_figure(fig, "власний.uk", formats=("svg",), out_dir=tmp_path, meta={"title": "Т"})
    own = json.loads((tmp_path / "vlasnyi.uk.json").read_text(encoding="utf-8"))
    assert "chart" not in own and "notebook" not in own
    assert chart_meta("власний") == {}


def test_docs_list_every_chart() -> None:
    text = (ROOT / "docs" / "charts.md").read_text(encoding="utf-8")
    inside = text.split("<!-- catalogue:start -->", 1)[1].split("<!-- catalogue:end -->", 1)[0]
    assert inside.strip().splitlines() == charts_markdown()


def test_canvas_draws_marks_attaches_data_and_checks_language() -> None:
    data = pd.DataFrame({"Місто": ["Вінниця"], "Учасники": [20]})
    with canvas("uk", (3.0, 2.0), illustrative=True) as c:
        c.ax.bar([0], [20])
        c.title("Учасники")
        c.source("реєстр подій")
        c.data = data
    texts = [t.get_text() for t in c.fig.texts]
    assert any("реєстр подій" in t for t in texts)
    assert any("ілюстративні" in t for t in texts)
    assert not isinstance(c.fig.get_layout_engine(), ConstrainedLayoutEngine)  # settled
    pd.testing.assert_frame_equal(figure_data(c.fig), data)
    with pytest.raises(ValueError, match="unknown language"), canvas("de", (3.0, 2.0)):
        pass


def test_canvas_on_the_callers_axes_leaves_the_layout_alone() -> None:
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    with canvas("en", ax=ax) as c:
        c.title("Participants")
    assert c.fig is fig and not c.own_figure
    assert "Participants" in [ax.get_title(loc) for loc in ("left", "center", "right")]
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)  # the caller's
