"""Reference data: places (curated table, then the national codifier) and project components.

Public entry points: :func:`normalize_city` / :func:`resolve_place` (what place a text names),
:func:`city` (a place by key or codifier code), ``PARTNER_CITIES`` and :func:`components`
(the data folder's).
The codifier (КАТОТТГ, ~31 700 objects) is read on the first lookup that needs it, never at
import.
"""

from __future__ import annotations

from promis_analytics.reference.components import (
    Component,
    component,
    components,
    output_component,
)
from promis_analytics.reference.places import (
    ALIASES_PATH,
    CITIES,
    LOOKUP,
    PARTNER_CITIES,
    PARTNER_KEYS,
    PLACES_PATH,
    POPULATION_AS_OF,
    POPULATION_PATH,
    POPULATION_SOURCE,
    City,
    population_hromada,
    population_table,
)
from promis_analytics.reference.resolve import (
    PlaceMatch,
    city,
    codifier_city,
    describe,
    normalize_city,
    resolve_place,
)
from promis_analytics.reference.text import normalize_text

__all__ = [
    "ALIASES_PATH",
    "PARTNER_CITIES",
    "PARTNER_KEYS",
    "PLACES_PATH",
    "POPULATION_AS_OF",
    "POPULATION_PATH",
    "POPULATION_SOURCE",
    "City",
    "Component",
    "PlaceMatch",
    "aliases",
    "all_places",
    "city",
    "codifier_city",
    "component",
    "components",
    "describe",
    "normalize_city",
    "normalize_text",
    "output_component",
    "population_hromada",
    "population_table",
    "resolve_place",
]


def all_places() -> tuple[City, ...]:
    """Every place of the curated table: the 16 partners (brochure order), then the others."""
    return tuple(CITIES.values())


def aliases() -> dict[str, str]:
    """The curated lookup table: normalised alias → key (includes keys and canonical names)."""
    return dict(LOOKUP)
