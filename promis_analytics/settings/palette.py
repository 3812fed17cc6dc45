"""The named colours of the charts (components, highlight, greys, oblasts): data, no drawing."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CATEGORY_GROUPS", "OBLAST_COLOURS", "OBLAST_COLOUR_TABLE", "PALETTE", "PALETTE_TABLE"]

#: The named palette. One colour per project component (1000 democratic governance,
#: 2000 economic development, 3000 multi-level cooperation), one highlight colour for the
#: figure a chart is about, and greys for context, gridlines and secondary text.
#: Mutable: ``charts.theme.brochure_theme`` swaps ``[charts.palette]`` overrides in for its block.
PALETTE_TABLE: dict[str, str] = dict(
    {
        "1000": "#1F5A96",  # deep blue
        "2000": "#E08A1E",  # amber
        "3000": "#2E8B57",  # sea green
        "highlight": "#C8102E",  # red: the one value the reader should see first
        "unallocated": "#B8B8B8",  # honest grey for "not attributed to a city/component"
        "text": "#222222",
        "grey_dark": "#555555",
        "grey": "#8C8C8C",
        "grey_light": "#D9D9D9",
        "background": "#FFFFFF",
    }
)
#: Read-only view of the palette (``[charts.palette]`` overrides apply inside ``brochure_theme``).
PALETTE: Mapping[str, str] = MappingProxyType(PALETTE_TABLE)

#: One colour per partner oblast, keyed by the slug of its centre city (reference keys).
OBLAST_COLOUR_TABLE: dict[str, str] = dict(
    {
        "vinnytsia": "#1F5A96",
        "ivano_frankivsk": "#2E8B57",
        "poltava": "#E08A1E",
        "zaporizhzhia": "#7B4F9D",
    }
)
OBLAST_COLOURS: Mapping[str, str] = MappingProxyType(OBLAST_COLOUR_TABLE)

#: Colours a reader must tell apart from each other (the default colours; a user palette is
#: checked against them in ``settings.charts.contrast_problems``).
CATEGORY_GROUPS: tuple[Mapping[str, str], ...] = (
    {k: PALETTE_TABLE[k] for k in ("1000", "2000", "3000", "highlight", "unallocated")},
    dict(OBLAST_COLOUR_TABLE),
)
