"""``CHARTS``: every chart of the report declared once (function, table spec, notebook, labels)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from promis_analytics.charts.adoption import adoption_matrix_chart
from promis_analytics.charts.adoption_progress import adoption_progress_chart
from promis_analytics.charts.cofinancing import cofinancing_contributions
from promis_analytics.charts.headline_tiles import headline_tiles
from promis_analytics.charts.participants import participants_by_city
from promis_analytics.charts.participants_dimension import participants_by_part
from promis_analytics.charts.participatory_budget import (
    participatory_budget_per_city,
    participatory_budget_per_year,
)
from promis_analytics.charts.partner_cities import partner_cities_by_oblast
from promis_analytics.charts.plan_actual import plan_vs_actual
from promis_analytics.charts.recommendations import recommendation_uptake_chart
from promis_analytics.charts.results import results_bullets, results_place_multiples
from promis_analytics.charts.transparency import transparency_ranks

__all__ = ["CHARTS", "ChartEntry", "chart_entry", "chart_meta", "charts_markdown"]


@dataclass(frozen=True)
class ChartEntry:
    """One chart: ``id`` (its file stem without the language, ``<id>.<lang>.png``), the
    ``function`` that draws it, the ``TableSpec`` name of the indicator table it draws
    (``table``; empty when it draws another frame: places, facts, results by period), the
    ``notebook`` that draws and saves it, and the label keys of its ``title`` and
    ``caption`` (``charts/labels``)."""

    id: str
    function: Callable[..., Any]
    table: str
    notebook: str
    title: str
    caption: str

    @property
    def function_name(self) -> str:
        """The drawing function's name (the sidecar's ``chart``)."""
        return self.function.__name__


#: Every chart, in notebook order.
CHARTS: tuple[ChartEntry, ...] = (
    ChartEntry(
        "partner_cities_by_oblast",
        partner_cities_by_oblast,
        "",
        "01_partner_cities.ipynb",
        "title.partner_cities_by_oblast",
        "caption.fig_partner_cities",
    ),
    ChartEntry(
        "about_tiles",
        headline_tiles,
        "",
        "01_partner_cities.ipynb",
        "title.about_tiles",
        "caption.fig_about_tiles",
    ),
    ChartEntry(
        "participants_per_city",
        participants_by_city,
        "participants",
        "02_participants.ipynb",
        "title.participants_per_city",
        "caption.fig_participants",
    ),
    ChartEntry(
        "cofinancing",
        cofinancing_contributions,
        "cofinancing",
        "03_cofinancing.ipynb",
        "title.cofinancing",
        "caption.fig_cofinancing",
    ),
    ChartEntry(
        "transparency_ranks",
        transparency_ranks,
        "transparency",
        "04_transparency.ipynb",
        "title.transparency",
        "caption.fig_transparency",
    ),
    ChartEntry(
        "recommendation_uptake",
        recommendation_uptake_chart,
        "",
        "05_recommendations.ipynb",
        "title.recommendation_uptake",
        "caption.fig_recommendation_uptake",
    ),
    ChartEntry(
        "adoption_matrix",
        adoption_matrix_chart,
        "adoption_matrix",
        "06_governance_instruments.ipynb",
        "title.adoption_matrix",
        "caption.fig_adoption_matrix",
    ),
    ChartEntry(
        "adoption_progress",
        adoption_progress_chart,
        "adoption_progress",
        "06_governance_instruments.ipynb",
        "title.adoption_progress",
        "caption.fig_adoption_progress",
    ),
    ChartEntry(
        "plan_vs_actual",
        plan_vs_actual,
        "achievement",
        "07_program_indicators.ipynb",
        "title.plan_vs_actual",
        "caption.fig_plan_vs_actual",
    ),
    ChartEntry(
        "participatory_budget_per_year",
        participatory_budget_per_year,
        "",
        "08_participatory_budget.ipynb",
        "title.pb_funding_per_year",
        "caption.fig_pb_per_year",
    ),
    ChartEntry(
        "participatory_budget_per_city",
        participatory_budget_per_city,
        "",
        "08_participatory_budget.ipynb",
        "title.pb_per_city",
        "caption.fig_pb_per_city",
    ),
    ChartEntry(
        "participatory_budget_tiles",
        headline_tiles,
        "",
        "08_participatory_budget.ipynb",
        "title.participatory_budget",
        "caption.fig_pb_tiles",
    ),
    ChartEntry(
        "results_bullets",
        results_bullets,
        "",
        "09_results_framework.ipynb",
        "title.results_bullets",
        "caption.fig_results_bullets",
    ),
    ChartEntry(
        "results_by_place",
        results_place_multiples,
        "",
        "09_results_framework.ipynb",
        "title.results_by_place",
        "caption.fig_results_by_place",
    ),
    ChartEntry(
        "participants_by_dimension",
        participants_by_part,
        "",
        "10_participants_by_dimension.ipynb",
        "title.participants_by_dimension",
        "caption.participants_by_dimension",
    ),
)


def chart_entry(chart_id: str) -> ChartEntry | None:
    """The catalogue entry of ``chart_id`` (a file stem without the language), or None."""
    return next((c for c in CHARTS if c.id == chart_id), None)


def chart_meta(chart_id: str) -> dict[str, str]:
    """The sidecar fields the catalogue knows of ``chart_id``: ``chart`` (the function's
    name) and ``notebook``; empty for a chart the catalogue does not list."""
    entry = chart_entry(chart_id)
    if entry is None:
        return {}
    return {"chart": entry.function_name, "notebook": entry.notebook}


def charts_markdown() -> list[str]:
    """The table of ``docs/charts.md`` between its ``catalogue`` markers: one row per chart."""
    lines = [
        "| Рисунок / Chart | Функція / Function | Таблиця / Table | Блокнот / Notebook |",
        "|---|---|---|---|",
    ]
    for c in CHARTS:
        table = f"`{c.table}`" if c.table else "—"
        lines.append(f"| `{c.id}` | `{c.function_name}` | {table} | `{c.notebook}` |")
    return lines
