"""Places named in a card's statements, resolved through ``reference``; findings for the rest."""

from __future__ import annotations

from promis_analytics.errors import AmbiguousPlaceError, UnknownPlaceError
from promis_analytics.extract.card.patterns import (
    _PLACE,
)
from promis_analytics.extract.card.structure import _inside
from promis_analytics.extract.findings import Finding


# --- places ---------------------------------------------------------------------------------
def _city_key(name: str) -> str | None:
    """The reference key of ``name``, or None when no place (curated or codifier) fits."""
    from promis_analytics.reference import normalize_city

    try:
        return normalize_city(name).key
    except UnknownPlaceError:
        return None


def _place_finding(printed: str, locator: str, what: str) -> Finding:
    """The finding for a place that did not resolve: ambiguous (with the candidates) or
    unknown (with the closest names)."""
    from promis_analytics.reference import normalize_city

    try:
        normalize_city(printed)
    except AmbiguousPlaceError as exc:
        return Finding(
            "ambiguous_place",
            "warning",
            f"{what} {printed!r} fits several places: {'; '.join(exc.candidates)}; city left empty",
            locator,
        )
    except UnknownPlaceError as exc:
        close = f" (closest: {', '.join(exc.suggestions[:3])})" if exc.suggestions else ""
        return Finding(
            "unknown_place", "warning", f"{what} {printed!r} is not a known place{close}", locator
        )
    raise AssertionError(f"{printed!r} resolves")  # pragma: no cover - callers checked it


def _place(
    segment: str, seg_start: int, protected: list[tuple[int, int]]
) -> tuple[str | None, str | None]:
    """(city key, place as printed) of the last place marker in ``segment`` outside «…»."""
    found = _places(segment, seg_start, protected)
    return found[-1] if found else (None, None)


def _places(
    segment: str, seg_start: int, protected: list[tuple[int, int]]
) -> list[tuple[str | None, str]]:
    """(city key or None, place as printed) of every place marker in ``segment`` outside
    «…», in reading order («м. Вінниця», «с. Гута», «мм Торонто-…»)."""
    found: list[tuple[str | None, str]] = []
    for m in _PLACE.finditer(segment):
        if _inside(seg_start + m.start(), protected):
            continue
        name = m.group("name")
        words = name.split()
        key = None
        # the marker says what kind of place it is: «с. Запоріжжя» is a village, not the city
        marker = "м. " if m.group("marker").startswith("м") else m.group("marker") + " "
        # try the two-word name first ("Горішні Плавні", "Кривий Ріг"), then the first word
        for cand in [name, words[0]] if len(words) > 1 else [name]:
            key = _city_key(marker + cand.strip("-"))
            if key:
                found.append((key, cand))
                break
        if not key:
            found.append((None, marker + (words[0] if words else name)))
    return found
