"""Which place a text names: curated aliases first, then codes and renamings, then the
national codifier (КАТОТТГ) with the text's prefix and context — never a silent guess."""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache

from promis_analytics import paths
from promis_analytics.errors import AmbiguousPlaceError, UnknownPlaceError
from promis_analytics.reference import gazetteer as gz
from promis_analytics.reference.context import (
    ContextItem,
    PlaceText,
    parse_context,
    parse_place_text,
    stem,
)
from promis_analytics.reference.inflection import case_forms
from promis_analytics.reference.places import BY_CODE, CITIES, LOOKUP, City
from promis_analytics.reference.text import expand_abbreviations, normalize_text

__all__ = ["RENAMINGS_PATH", "PlaceMatch", "city", "normalize_city", "resolve_place"]

RENAMINGS_PATH = paths.PACKAGE_DATA_DIR / "place_renamings.csv"
_CODE = re.compile(r"UA\d{17}")
_RURAL = {"C", "X"}
_KINDS = {
    "M": "city", "K": "city", "X": "settlement", "C": "village", "O": "oblast", "H": "hromada"
}  # fmt: skip
#: units a text may name as a place of its own («Волинська область», «Ічнянська громада»)
_UNITS = ("O", "H")


@dataclass(frozen=True)
class PlaceMatch:
    """A resolved place, how it was found (``via``: alias, code, renamed, codifier,
    inflected) and a note for the report when the text needed interpreting (uk, en)."""

    place: City
    via: str
    note_uk: str | None = None
    note_en: str | None = None


def city(key: str) -> City:
    """The place with reference key ``key`` (a curated key such as "vinnytsia", or a codifier
    code "UA…"); raises UnknownPlaceError for any other string."""
    if key in CITIES:
        return CITIES[key]
    if isinstance(key, str) and _CODE.fullmatch(key) and key in gz.gazetteer().entries:
        return codifier_city(key)
    raise UnknownPlaceError(key, difflib.get_close_matches(str(key), list(CITIES), n=5))


def normalize_city(text: str, *, context: str | None = None) -> City:
    """The place that ``text`` names (see :func:`resolve_place`)."""
    return resolve_place(text, context=context).place


def resolve_place(text: str, *, context: str | None = None) -> PlaceMatch:
    """Resolve a place as people write it, in this order:

    1. the curated alias table (the 16 partner cities, every place the documents name, online
       events, foreign places) after ``normalize_text`` — today's behaviour, unchanged;
       abbreviated parts of codifier names are written out first
       (``data/place_abbreviations.csv``: «Ів.-Франківськ»);
    2. a reference key or a codifier code («UA05020030010063857»);
    3. a renamed place's old name (Кіровоград → Кропивницький), with a note;
    4. the codifier: the name (or a city's case form, «у Луцьку») among settlements, kept to
       the categories its prefix allows («м.» city, «смт»/«с-ще»/«сел.» settlement, «с.»
       village) and to the oblast/raion/hromada the text or ``context`` names. Several
       candidates: a city (M/K) wins over villages unless a prefix was given; otherwise
       AmbiguousPlaceError lists them with hromada and oblast.

    Raises UnknownPlaceError (with close names) or AmbiguousPlaceError; never guesses.
    """
    if not isinstance(text, str) or not text.strip():
        raise UnknownPlaceError(text, [])
    if _CODE.fullmatch(text.strip()):
        return PlaceMatch(city(text.strip()), "code")
    expanded = expand_abbreviations(text)  # «Ів.-Франківськ» → «Івано-Франківськ»
    if expanded != text:
        return resolve_place(expanded, context=context)
    extra = parse_context(context)
    parsed = parse_place_text(text)
    items = parsed.context + extra
    village_city = None
    for name, ctx in ((normalize_text(text), extra), (parsed.name, items)):
        key = LOOKUP.get(name) if name else None
        if key is None or not _consistent(CITIES[key], ctx):
            continue
        if _village_prefix_on_city(CITIES[key], parsed.categories):
            village_city = CITIES[key]
            break
        return PlaceMatch(CITIES[key], "alias")
    renamed = _renamed(parsed.name)
    if renamed is not None:
        return renamed
    try:
        return _from_codifier(text, parsed, items)
    except AmbiguousPlaceError:
        raise
    except UnknownPlaceError:
        if village_city is None:
            raise
    return PlaceMatch(
        village_city,
        "alias",
        f"«{text.strip()}»: села з такою назвою немає, це місто {village_city.name_uk}",
        f"«{text.strip()}»: no village has this name; it is the city of {village_city.name_en}",
    )


# --- the codifier ----------------------------------------------------------------------------


@cache
def codifier_city(code: str) -> City:
    """The place with codifier ``code`` as a City (the curated place when the project has it):
    English name by the official transliteration (KMU resolution № 55 of 2010, translitua)."""
    if code in BY_CODE:
        return CITIES[BY_CODE[code]]
    from translitua import UkrainianKMU, translit

    g = gz.gazetteer()
    e = g.entries[code]
    levels = g.levels(code)
    first = g.first_level(code)
    oblast_uk, oblast_en = (None, None)
    if first is not None and first.category == "O":
        oblast_uk, oblast_en = g.oblast_uk[first.code], g.oblast_en[first.code]
    raion, hromada = levels.get("P"), levels.get("H")
    unit_uk, unit_en = (" громада", " hromada") if e.category == "H" else ("", "")
    return City(
        key=code,
        name_uk=g.oblast_uk.get(code, e.name + unit_uk),
        name_en=g.oblast_en.get(code) or translit(e.name, UkrainianKMU) + unit_en,
        oblast_uk=oblast_uk,
        oblast_en=oblast_en,
        is_partner=False,
        population=None,
        kind=_KINDS.get(e.category, "place"),
        country="ukraine",
        katottg=code,
        category=e.category,
        raion_uk=f"{raion.name} район" if raion else None,
        hromada_uk=f"{hromada.name} громада" if hromada else None,
    )


def _from_codifier(text: str, parsed: PlaceText, items: tuple[ContextItem, ...]) -> PlaceMatch:
    g = gz.gazetteer()
    if not parsed.name:
        return _unit_only(text, items)
    allowed = parsed.categories
    via = "codifier"
    note: tuple[str, str] | None = None
    cands = [e for e in g.named(parsed.name) if not allowed or e.category in allowed]
    if not cands and allowed and set(allowed) <= _RURAL:
        # «с.» before a place the 2024 codifier calls a settlement (селище), or the reverse
        cands = [e for e in g.named(parsed.name) if e.category in _RURAL]
        note = (
            (
                f"«{text.strip()}»: у кодифікаторі — {gz.CATEGORY_LABELS[cands[0].category][0]}",
                f"«{text.strip()}»: a {gz.CATEGORY_LABELS[cands[0].category][1]} in the codifier",
            )
            if cands
            else None
        )
    if not cands:
        via = "inflected"
        cands = [e for e in g.inflected(parsed.name) if not allowed or e.category in allowed]
    if not cands:
        raise UnknownPlaceError(text, _suggest(parsed.name))
    if items:
        fit = [e for e in cands if all(_fits(e.code, it) for it in items)]
        if not fit:
            fit, note = _widened(cands, items)
        if not fit:
            raise UnknownPlaceError(text, [describe(e.code) for e in cands[:15]])
        cands = fit
    if len(cands) > 1 and allowed is None:
        cities = [e for e in cands if e.category in gz.CITIES]
        cands = cities if len(cities) == 1 else cands
    if len(cands) > 1:
        raise AmbiguousPlaceError(text, [describe(e.code) for e in cands])
    return PlaceMatch(codifier_city(cands[0].code), via, *(note or (None, None)))


def _unit_only(text: str, items: tuple[ContextItem, ...]) -> PlaceMatch:
    """«Волинська область», «Ічнянська громада» (міська, селищна, сільська, територіальна,
    ТГ): a text that names an oblast or a hromada, the units after it narrowing it
    («Ічнянська громада, Чернігівська область»). Several such units: AmbiguousPlaceError."""
    g = gz.gazetteer()
    if items and items[0].category in _UNITS:
        head, rest = items[0], items[1:]
        units = [
            u
            for u in g.units(head.category or "")
            if stem(u.name) == head.stem and all(_fits(u.code, it) for it in rest)
        ]
        if len(units) == 1:
            return PlaceMatch(codifier_city(units[0].code), "codifier")
        if units:
            raise AmbiguousPlaceError(text, [describe(u.code) for u in units])
    raise UnknownPlaceError(text, [])


def _fits(code: str, item: ContextItem) -> bool:
    levels = gz.gazetteer().levels(code)
    cats = (item.category,) if item.category else ("O", "P", "H")
    return any(c in levels and stem(levels[c].name) == item.stem for c in cats)


def _village_prefix_on_city(place: City, categories: tuple[str, ...] | None) -> bool:
    """«с. Запоріжжя»: the text calls a place a village or settlement and the curated place of
    that name is a city — the codifier decides (the city only if no such village exists)."""
    return bool(categories) and set(categories or ()) <= {"C", "X"} and place.category in gz.CITIES


def _consistent(place: City, items: tuple[ContextItem, ...]) -> bool:
    """Whether the curated ``place`` lies in every unit the context names."""
    if not items:
        return True
    return place.katottg is not None and all(_fits(place.katottg, it) for it in items)


def _widened(cands: list[gz.Entry], items: tuple[ContextItem, ...]) -> tuple[list, tuple | None]:
    """No candidate lies in the named hromada or raion (people still write the units of
    before 2020): look in the unit one level up and say so in a note."""
    g = gz.gazetteer()
    for item in items:
        if item.category not in ("H", "P"):
            continue
        parents = {u.parent for u in g.units(item.category) if stem(u.name) == item.stem}
        others = [it for it in items if it is not item]
        fit = [
            e
            for e in cands
            if {x.code for x in g.levels(e.code).values()} & parents
            and all(_fits(e.code, it) for it in others)
        ]
        if len(fit) == 1:
            where = describe(fit[0].code)
            return fit, (
                f"«{item.text}» не містить цього населеного пункту; знайдено: {where}",
                f"«{item.text}» does not contain this place; found: {where}",
            )
    return [], None


def describe(code: str) -> str:
    """«Гута (село), Солотвинська громада, Івано-Франківський район, Івано-Франківська
    область [UA26…]» — how candidates are listed in problems."""
    g = gz.gazetteer()
    e = g.entries[code]
    lv = g.levels(code)
    parts = [f"{e.name} ({gz.CATEGORY_LABELS[e.category][0]})"]
    if "H" in lv:
        parts.append(f"{lv['H'].name} громада")
    if "P" in lv:
        parts.append(f"{lv['P'].name} район")
    first = g.first_level(code)
    if first is not None and first.code != code:
        parts.append(g.oblast_uk[first.code])
    return ", ".join(parts) + f" [{code}]"


def shortlist(candidates: list[str], prefer_oblast: str | None = None, n: int = 10) -> str:
    """The ``n`` most likely of ``describe``'d candidates, those in ``prefer_oblast`` first
    (order otherwise kept), then «… ще N · … N more» for the rest."""
    first = sorted(candidates, key=lambda c: not (prefer_oblast and prefer_oblast in c))
    shown = "; ".join(first[:n])
    more = len(first) - n
    return shown + (f"; … ще {more} · … {more} more" if more > 0 else "")


# --- renamings and suggestions ---------------------------------------------------------------


@cache
def _renamings() -> dict[str, dict[str, str]]:
    """Old name and its case forms (lookup form) → renaming row."""
    out: dict[str, dict[str, str]] = {}
    with RENAMINGS_PATH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for form in (row["old_name_uk"], *case_forms(row["old_name_uk"])):
                out[normalize_text(form)] = row
    return out


def _renamed(name: str) -> PlaceMatch | None:
    row = _renamings().get(name)
    if row is None:
        return None
    place = codifier_city(row["katottg"])
    old, new, when, act = row["old_name_uk"], place.name_uk, row["renamed_on"], row["act"]
    return PlaceMatch(
        place,
        "renamed",
        f"«{old}» перейменовано на «{new}» {when} ({act})",
        f"«{old}» was renamed «{place.name_en}» on {when} ({act})",
    )


def _suggest(name: str, n: int = 5) -> list[str]:
    """Up to ``n`` close names: curated places first, then codifier settlements."""
    out: list[str] = []
    for m in difflib.get_close_matches(name, list(LOOKUP), n=n * 3, cutoff=0.6):
        c = CITIES[LOOKUP[m]]
        label = f"{c.name_uk} / {c.name_en} ({c.key})"
        if label not in out:
            out.append(label)
    if len(out) < n and name:
        g = gz.gazetteer()
        pool = [k for k in g.by_name if k[:1] == name[:1]]
        for m in difflib.get_close_matches(name, pool, n=n, cutoff=0.75):
            for e in g.named(m)[:2]:
                out.append(describe(e.code))
    return out[:n]
