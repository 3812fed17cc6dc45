"""Brochure charts: one theme, one uk/en label catalogue, one chart function per brochure chart.

Every chart function takes tidy tables (never file paths) and ``lang="uk" | "en"``, draws
inside :func:`brochure_theme` and returns the Figure; nothing is shown or saved inside.
:func:`save_figure` writes byte-stable PNG/SVG/PDF files.
"""

from __future__ import annotations

from promis_analytics.charts.annotate import describe_sources, illustrative_mark, source_line
from promis_analytics.charts.headline_tiles import headline_tiles, tile_text
from promis_analytics.charts.labels import count_label, label
from promis_analytics.charts.partner_cities import partner_cities_by_oblast, partner_cities_frame
from promis_analytics.charts.save import save_figure
from promis_analytics.charts.theme import (
    FONT_FAMILY,
    OBLAST_COLOURS,
    PALETTE,
    apply_theme,
    brochure_theme,
    component_colour,
    font_path,
    oblast_colour,
)

__all__ = [
    "FONT_FAMILY",
    "OBLAST_COLOURS",
    "PALETTE",
    "apply_theme",
    "brochure_theme",
    "component_colour",
    "count_label",
    "describe_sources",
    "font_path",
    "headline_tiles",
    "illustrative_mark",
    "label",
    "oblast_colour",
    "partner_cities_by_oblast",
    "partner_cities_frame",
    "save_figure",
    "source_line",
    "tile_text",
]
