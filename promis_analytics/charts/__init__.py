"""Brochure charts: one theme, one uk/en label catalogue, one function per chart, one saver."""

# How a chart function is written (see participants.py and partner_cities.py):
#   def my_chart(table: pd.DataFrame, *, lang="uk", ax=None, source=None, illustrative=False)
#       -> Figure
#   1. check_lang(lang); check the table's columns against its indicator table's spec
#      (``checks.require_spec``) and its values, collecting every problem into one ChartError
#      (name the column and row);
#   2. draw everything inside ``with canvas(lang, figsize, ax=ax, illustrative=...) as c:``
#      (``canvas.py``: theme, figure, axes; never pyplot, never show() or savefig());
#   3. every user-visible string comes from ``label(key, lang)`` / ``count_label``, every
#      number from ``promis_analytics.formatting``; colours from ``PALETTE`` /
#      ``component_colour`` / ``oblast_colour``; give artists a ``gid`` so tests can find them;
#   4. finish with ``c.source(...)`` (default text: ``describe_sources(table["source"],
#      lang)``) and ``c.data = drawn_table(...)``; return ``c.fig`` (the canvas adds the
#      illustrative mark, attaches the data and settles the layout);
#   5. add one row to ``catalogue.CHARTS`` (id, function, table spec, notebook, labels).
# Notebooks then call ``save_figure(fig, "<chart_id>.<lang>", meta=...)``.

from __future__ import annotations

from promis_analytics.charts.adoption import (
    adoption_matrix_chart,
    adoption_progress_chart,
    printed_note,
    unknown_new_note,
)
from promis_analytics.charts.annotate import describe_sources, illustrative_mark, source_line
from promis_analytics.charts.cofinancing import (
    cofinancing_contributions,
    cofinancing_words,
    rate_basis_text,
    rate_meta,
)
from promis_analytics.charts.fact_tiles import tiles_for_view, tiles_from_facts
from promis_analytics.charts.headline_tiles import headline_tiles, tile_text
from promis_analytics.charts.labels import (
    chart_title,
    count_label,
    dataset_label,
    label,
    project_label,
)
from promis_analytics.charts.participants import (
    EVENT_TYPE_COLOURS,
    participants_by_city,
    participants_caption,
)
from promis_analytics.charts.participants_dimension import participants_by_part
from promis_analytics.charts.participatory_budget import (
    participatory_budget_per_city,
    participatory_budget_per_year,
)
from promis_analytics.charts.partner_cities import partner_cities_by_oblast, partner_cities_frame
from promis_analytics.charts.plan_actual import (
    indicator_names,
    indicator_row_labels,
    plan_vs_actual,
)
from promis_analytics.charts.recommendations import recommendation_uptake_chart, uptake_segments
from promis_analytics.charts.results import results_bullets, results_place_multiples
from promis_analytics.charts.save import save_figure
from promis_analytics.charts.skip import SkippedChart, chart_or_skip, not_enough_data
from promis_analytics.charts.theme import (
    FONT_FAMILY,
    OBLAST_COLOURS,
    PALETTE,
    apply_theme,
    brochure_theme,
    check_fonts,
    component_colour,
    font_path,
    oblast_colour,
)
from promis_analytics.charts.transparency import transparency_ranks

__all__ = [
    "EVENT_TYPE_COLOURS",
    "FONT_FAMILY",
    "OBLAST_COLOURS",
    "PALETTE",
    "SkippedChart",
    "adoption_matrix_chart",
    "adoption_progress_chart",
    "apply_theme",
    "brochure_theme",
    "chart_or_skip",
    "chart_title",
    "check_fonts",
    "cofinancing_contributions",
    "cofinancing_words",
    "component_colour",
    "count_label",
    "dataset_label",
    "describe_sources",
    "font_path",
    "headline_tiles",
    "illustrative_mark",
    "indicator_names",
    "indicator_row_labels",
    "label",
    "not_enough_data",
    "oblast_colour",
    "participants_by_city",
    "participants_by_part",
    "participants_caption",
    "participatory_budget_per_city",
    "participatory_budget_per_year",
    "partner_cities_by_oblast",
    "partner_cities_frame",
    "plan_vs_actual",
    "printed_note",
    "project_label",
    "rate_basis_text",
    "rate_meta",
    "recommendation_uptake_chart",
    "results_bullets",
    "results_place_multiples",
    "save_figure",
    "source_line",
    "tile_text",
    "tiles_for_view",
    "tiles_from_facts",
    "transparency_ranks",
    "unknown_new_note",
    "uptake_segments",
]
