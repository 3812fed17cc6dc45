"""Places named in a card's statements, resolved through ``reference`` (the resolver of the
registers: online words, the oblast/raion/hromada written next to a place); findings for the
rest."""

from __future__ import annotations

import re
from functools import cache

from promis_analytics.errors import AmbiguousPlaceError, UnknownPlaceError
from promis_analytics.extract.card.patterns import (
    PLACE,
)
from promis_analytics.extract.card.structure import in_spans
from promis_analytics.extract.findings import Finding

# --- places ---------------------------------------------------------------------------------
#: an oblast, raion or hromada written after a place, in any case form («Сумської обл.»,
#: «Охтирського р-ну», «Миропільської громади»); ``reference.parse_context`` reads it
_CONTEXT = re.compile(
    r"\A[\s,(]*((?:[А-ЯІЇЄҐ][\w’'-]+\s+(?:обл\.|області|область|р-ну|р-н|району|район|"
    r"громади|громада|ТГ|ОТГ)[\s,]*){1,3})"
)


def _context_after(segment: str, end: int) -> str | None:
    """The oblast/raion/hromada phrase right after offset ``end`` of ``segment``, or None."""
    m = _CONTEXT.match(segment[end:])
    return m.group(1).strip(" ,") if m else None


def city_key(name: str, context: str | None = None) -> str | None:
    """The reference key of ``name`` (with the oblast/raion/hromada ``context`` printed next
    to it), or None when no place (curated or codifier) fits or several do."""
    from promis_analytics.reference import normalize_city

    try:
        return normalize_city(name, context=context).key
    except UnknownPlaceError:
        return None


@cache
def _online_words() -> re.Pattern[str]:
    """The registers' words for an online event (``reference.aliases`` whose place is
    online: «онлайн», «дистанційно» …), as one pattern; a word may go on with a hyphen
    («онлайн-тренінг»)."""
    from promis_analytics.reference import aliases

    words = sorted((a for a, key in aliases().items() if key == "online"), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words if w)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?=-\w|[^\w-]|$)", re.I)


def _online(segment: str, seg_start: int, protected: list[tuple[int, int]]) -> str | None:
    """The online word of ``segment`` outside «…» that the place resolver reads as online."""
    for m in _online_words().finditer(segment):
        if not in_spans(seg_start + m.start(), protected) and city_key(m.group(0)) == "online":
            return m.group(0)
    return None


def place_finding(printed: str, locator: str, what: str) -> Finding:
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


def last_place(
    segment: str, seg_start: int, protected: list[tuple[int, int]]
) -> tuple[str | None, str | None]:
    """(city key, place as printed) of the last place marker in ``segment`` outside «…»."""
    found = find_places(segment, seg_start, protected)
    return found[-1] if found else (None, None)


def find_places(
    segment: str, seg_start: int, protected: list[tuple[int, int]]
) -> list[tuple[str | None, str]]:
    """(city key or None, place as printed) of every place marker in ``segment`` outside
    «…», in reading order («м. Вінниця», «с. Гута», «мм Торонто-…»), resolved with the
    oblast/raion/hromada written after it («с. Миропілля Сумської обл.»); with no marker, an
    online word («дистанційно», «онлайн-тренінг») is the place online."""
    found: list[tuple[str | None, str]] = []
    for m in PLACE.finditer(segment):
        if in_spans(seg_start + m.start(), protected):
            continue
        name = m.group("name")
        words = name.split()
        key = None
        # the marker says what kind of place it is: «с. Запоріжжя» is a village, not the city
        marker = "м. " if m.group("marker").startswith("м") else m.group("marker") + " "
        # try the two-word name first ("Горішні Плавні", "Кривий Ріг"), then the first word
        for cand in [name, words[0]] if len(words) > 1 else [name]:
            end = m.start("name") + len(cand)
            key = city_key(marker + cand.strip("-"), _context_after(segment, end))
            if key:
                found.append((key, cand))
                break
        if not key:
            found.append((None, marker + (words[0] if words else name)))
    if not found:
        word = _online(segment, seg_start, protected)
        if word is not None:
            found.append(("online", word))
    return found
