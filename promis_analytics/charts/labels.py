"""The one uk/en label catalogue of the charts: ``label(key, lang)`` over one editable table."""

from __future__ import annotations

import csv
import difflib
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from promis_analytics import project_codes, reference
from promis_analytics.formatting import check_lang, uk_sort_key
from promis_analytics.metadata.labels import (
    CATALOGUE_PATH,
    DELEGATED_PREFIXES,
    catalogue,
    delegated_keys,
    placeholders,
    table_label,
)
from promis_analytics.paths import PACKAGE_DATA_DIR
from promis_analytics.registers.schema.codes import EVENT_TYPE_LABELS

__all__ = [
    "CATALOGUE_PATH",
    "DELEGATED_PREFIXES",
    "catalogue",
    "chart_title",
    "count_label",
    "dataset_label",
    "known_keys",
    "label",
    "place_sort_key",
    "plural_form",
    "project_label",
]

# Labels with a home other than the catalogue are read from there, never copied
# (``metadata.labels.DELEGATED_PREFIXES``): ``city.*`` from ``reference``; the codes a data folder
# declares or adds (``component.*``, ``fund.*``, its own ``event_type.*``) from ``project_codes``,
# read live; ``field.*`` and the other vocabularies from ``metadata``.
_FOLDER_TITLES: Mapping[str, Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "component": project_codes.COMPONENT_TITLES,
        "fund": project_codes.FUND_TITLES,
        "event_type": EVENT_TYPE_LABELS,
    }
)


def _delegated(prefix: str, rest: str, lang: str) -> str | None:
    """The label of ``<prefix>.<rest>`` from the home of ``prefix``; None if it has no entry."""
    if prefix == "city":
        try:
            place = reference.city(rest)
        except (KeyError, ValueError):
            return None
        return place.name_uk if lang == "uk" else place.name_en
    if prefix in _FOLDER_TITLES:
        pair = _FOLDER_TITLES[prefix].get(rest)
        return None if pair is None else (pair[0] if lang == "uk" else pair[1])
    return table_label(prefix, rest, lang)


def _delegated_keys(prefix: str) -> list[str]:
    if prefix == "city":
        return [f"city.{c.key}" for c in reference.all_places()]
    if prefix in _FOLDER_TITLES:
        return [f"{prefix}.{code}" for code in _FOLDER_TITLES[prefix]]
    return delegated_keys(prefix)


def known_keys() -> list[str]:
    """Every key :func:`label` can answer now: the table's plus the delegated ones."""
    keys = list(catalogue())
    for prefix in DELEGATED_PREFIXES:
        keys.extend(_delegated_keys(prefix))
    return keys


def label(key: str, lang: str, **fields: object) -> str:
    """The ``lang`` ("uk" or "en") text of ``key``; ``fields`` fill ``{placeholders}``.

    Keys of the table (``title.*``, ``axis.*``, ``unit.*``, ``legend.*``, ``caption.*``…) come
    from ``chart_labels.csv``; ``city.<key>`` from ``reference``, ``component.<code>`` and
    ``fund.<code>`` (and a folder's own ``event_type.<code>``) from the data folder's code
    files (``project_codes``); ``field.<column>`` from the field table
    (``metadata.fields``); ``event_type.<code>``, ``instrument.<code>`` and the other
    category prefixes from the vocabularies (``metadata.codes``). An unknown key raises
    ``KeyError`` with the closest known keys. Placeholders are filled with ``str.format``;
    pass numbers already formatted by ``promis_analytics.formatting``.
    """
    check_lang(lang)
    table = catalogue()
    text: str | None = table[key][lang] if key in table else None
    if text is None and "." in key:
        prefix, rest = key.split(".", 1)
        if prefix in DELEGATED_PREFIXES:
            text = _delegated(prefix, rest, lang)
    if text is None:
        close = difflib.get_close_matches(key, known_keys(), n=5, cutoff=0.6)
        hint = f"; closest known keys: {', '.join(close)}" if close else "; no similar key"
        raise KeyError(f"unknown label key {key!r}{hint}")
    if fields:
        missing = placeholders(text) - set(fields)
        if missing:
            raise KeyError(f"label {key!r} needs value(s) for {sorted(missing)}")
        text = text.format(**fields)
    return text


def chart_title(key: str, lang: str, period: str | None = None, **fields: object) -> str:
    """A chart's title: :func:`label` of ``key``, followed by ", " and the ``period`` the data
    cover (``periods.period_text`` / ``periods.as_of_text``) when one is given."""
    text = label(key, lang, **fields)
    return f"{text}, {period}" if period else text


def plural_form(n: int, lang: str) -> str:
    """CLDR plural category of a whole number: uk ``one``/``few``/``many``, en ``one``/``other``.

    Ukrainian: n mod 10 = 1 and n mod 100 ≠ 11 → one (21 місто); n mod 10 in 2…4 and
    n mod 100 not in 12…14 → few (3 міста); otherwise many (15 міст).
    """
    check_lang(lang)
    n = abs(int(n))
    if lang == "en":
        return "one" if n == 1 else "other"
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def count_label(key: str, n: object, lang: str) -> str:
    """The unit word of ``key`` agreeing with the count ``n`` (``unit.cities``: 1 місто, 3 міста,
    15 міст). Table keys ``<key>|one`` / ``<key>|few`` hold the other forms; the plain key holds
    the many/other form. A count that is not a whole number takes the plain key."""
    table = catalogue()
    try:
        whole = int(n)  # type: ignore[call-overload]
        is_whole = whole == n
    except (TypeError, ValueError):
        is_whole = False
    if is_whole:
        variant = f"{key}|{plural_form(whole, lang)}"
        if variant in table:
            return table[variant][lang]
    return label(key, lang)


@cache
def _variants() -> dict[str, tuple[str, str]]:
    """``data/caption_variants.csv``: key → (what it needs, the key to use without it)."""
    with (PACKAGE_DATA_DIR / "caption_variants.csv").open(encoding="utf-8", newline="") as fh:
        return {r["key"]: (r["needs"], r["variant"]) for r in csv.DictReader(fh)}


def project_label(
    key: str,
    lang: str,
    *,
    partners: bool,
    sources: frozenset[str] | set[str] = frozenset(),
    **fields: object,
) -> str:
    """:func:`label` of ``key`` as the user's project can say it: a text that speaks of
    partner cities only when the project declares partners (``partners``: ``[project]
    partners`` is set), and names a document (the brochure) only when the dataset's
    ``sources`` include it. ``data/caption_variants.csv`` says what each key needs
    (``partners`` or ``source:<id>``) and which key stands in without it (followed until
    a key's needs are met)."""
    seen = set()
    while key in _variants() and key not in seen:
        seen.add(key)
        needs, variant = _variants()[key]
        met = partners if needs == "partners" else needs.removeprefix("source:") in sources
        if met:
            break
        key = variant
    return label(key, lang, **fields)


def dataset_label(key: str, lang: str, dataset: object, **fields: object) -> str:
    """:func:`project_label` for a loaded ``Dataset``: partners from its ``[project]``,
    sources from the ``source`` column of its registers."""
    tables = getattr(dataset, "tables", {}) or {}
    sources = {
        str(v) for t in tables.values() if "source" in t for v in t["source"].dropna().unique()
    }
    partners = getattr(dataset, "project", None)
    has = partners is not None and partners.partners is not None
    return project_label(key, lang, partners=has, sources=sources, **fields)


def place_sort_key(key: str) -> tuple:
    """How charts order places: by oblast, then by name, in Ukrainian alphabetical order
    (not by codifier code); a key the reference does not know sorts last, by itself."""
    from promis_analytics.errors import UnknownPlaceError
    from promis_analytics.reference import city

    try:
        place = city(key)
    except (UnknownPlaceError, TypeError):
        return (1, (), uk_sort_key(str(key)))
    return (0, uk_sort_key(place.oblast_uk or ""), uk_sort_key(place.name_uk))
