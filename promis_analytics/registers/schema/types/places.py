"""Place column types: one place, or several separated by «;», stored as reference keys."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from promis_analytics.errors import AmbiguousPlaceError, UnknownPlaceError
from promis_analytics.registers.schema.field import Field
from promis_analytics.registers.schema.report import NOTE
from promis_analytics.registers.schema.types.base import (
    CellResult,
    ColumnType,
    Problem,
    cell_text,
    text_from_codes,
    text_series,
)

__all__ = ["CITIES", "CITY"]


def _city(t: ColumnType, f: Field, value: Any) -> CellResult:
    """The reference key of the place a cell names (``reference.resolve_place``)."""
    key, probs = _place_cached(cell_text(value))
    return key, None, list(probs)


def _cities(t: ColumnType, f: Field, value: Any) -> CellResult:
    """The «;»-joined keys of the places a cell lists (split at «;», else at «,»); None
    when any of them is an error (notes do not count)."""
    text = cell_text(value)
    parts = [p.strip() for p in (text.split(";") if ";" in text else text.split(","))]
    keys: list[str | None] = []
    probs: list[Problem] = []
    for part in parts:
        if not part:
            continue
        k, pr = _place_cached(part)
        keys.append(k)
        probs += pr
    errors = [p for p in probs if p[1].get("severity") != NOTE]
    return (None if errors else ";".join(k for k in keys if k)), None, probs


@lru_cache(maxsize=4096)
def _place_cached(text: str) -> tuple[str | None, tuple[Problem, ...]]:
    """Key of the place ``text`` names, or the problem: unknown, or ambiguous with the
    candidates. A renamed place or a widened context resolves with a note."""
    from promis_analytics.reference import resolve_place

    try:
        match = resolve_place(text)
    except AmbiguousPlaceError as exc:
        from promis_analytics.reference.resolve import shortlist

        return None, (("ambiguous_place", {"candidates": shortlist(exc.candidates)}),)
    except UnknownPlaceError as exc:
        close = ", ".join(exc.suggestions)
        return None, (("unknown_place", {"closest": close}),)
    if match.note_uk:
        note = {"note_uk": match.note_uk, "note_en": match.note_en, "severity": NOTE}
        return match.place.key, (("place_note", note),)
    return match.place.key, ()


CITY = ColumnType(
    name="city",
    parse=_city,
    series=text_series,
    from_codes=text_from_codes,
    pandas_dtype="str",
    expected=("назва міста з довідника", "a city name from the reference table"),
    hint=("місто", "city"),
    docs="city key",
    xlsform="select_one",
    places=True,
    one_place=True,
)

CITIES = ColumnType(
    name="cities",
    parse=_cities,
    series=text_series,
    from_codes=text_from_codes,
    pandas_dtype="str",
    expected=("назви міст через «;»", "city names separated by ';'"),
    hint=("міста через «;»", "cities separated by ';'"),
    docs="city keys, `;`-separated",
    xlsform="select_multiple",
    places=True,
)
