"""Reference data: partner cities, other places, one alias table, project components."""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from promis_analytics import paths
from promis_analytics.errors import PromisError, UnknownPlaceError

__all__ = [
    "COMPONENTS",
    "PARTNER_CITIES",
    "PARTNER_KEYS",
    "POPULATION_AS_OF",
    "POPULATION_PATH",
    "POPULATION_SOURCE",
    "City",
    "Component",
    "aliases",
    "all_places",
    "city",
    "component",
    "normalize_city",
    "normalize_text",
    "output_component",
    "population_hromada",
    "population_table",
]

# Package data (CSV, UTF-8):
# - places.csv: one row per place; Ukrainian names as the seed documents print them, English
#   names in the official national transliteration (Cabinet of Ministers resolution No. 55 of
#   2010-01-27), partner_order = brochure order within oblast (oblasts: Vinnytsia,
#   Ivano-Frankivsk, Poltava, Zaporizhzhia).
# - place_aliases.csv: alias, key, lang, form, seen_in (";"-separated seed document ids where
#   the form occurs as a whole word; empty for standard case forms and common spellings).
# - components.csv: code, level, parent, short uk/en titles, source document and locator.
PLACES_PATH = paths.PACKAGE_DATA_DIR / "places.csv"
ALIASES_PATH = paths.PACKAGE_DATA_DIR / "place_aliases.csv"
COMPONENTS_PATH = paths.PACKAGE_DATA_DIR / "components.csv"
#: Population is real data kept with the checkout (not under ``PROMIS_RAW_DIR``, which may be
#: pointed at a folder of registers only).
POPULATION_PATH = paths.repo_root() / "data" / "raw" / "population_2022.csv"
POPULATION_AS_OF = date(2022, 1, 1)
POPULATION_SOURCE = (
    "State Statistics Service of Ukraine, «Чисельність наявного населення України на 1 січня "
    "2022 року» (present population, persons), via data/raw/population_2022.csv"
)


@dataclass(frozen=True)
class City:
    """One place of the reference table.

    ``population`` is the present population of the city on 2022-01-01 (persons) for the
    16 partner cities and ``None`` for every other place. ``kind`` is one of city, village,
    settlement, town, municipality, region, oblast, mountains, country.
    """

    key: str
    name_uk: str
    name_en: str
    oblast_uk: str | None
    oblast_en: str | None
    is_partner: bool
    population: int | None
    kind: str = "city"
    country: str | None = "ukraine"

    def name(self, lang: str = "uk") -> str:
        """The name in ``lang`` ("uk" or "en")."""
        return self.name_en if lang == "en" else self.name_uk


@dataclass(frozen=True)
class Component:
    """A project component (1000/2000/3000) or output (1100…3300) with short uk/en titles."""

    code: str
    level: str
    parent: str | None
    title_uk: str
    title_en: str
    source: str
    locator: str

    def title(self, lang: str = "uk") -> str:
        """The title in ``lang`` ("uk" or "en")."""
        return self.title_en if lang == "en" else self.title_uk


# --- normalisation ---------------------------------------------------------------------------

_APOSTROPHES = str.maketrans(dict.fromkeys("’ʼ`‘′´ʹ", "'"))
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—", "-"))
# Words that may stand before a place name and are not part of it: prepositions and the
# abbreviations of settlement types as printed in the documents (longest first).
_PREFIXES = (
    "city of ",
    "town of ",
    "village of ",
    "місто ",
    "міста ",
    "місті ",
    "селище ",
    "село ",
    "смт. ",
    "смт.",
    "смт ",
    "мм. ",
    "мм.",
    "мм ",
    "м. ",
    "м.",
    "м ",
    "с. ",
    "с.",
    "с ",
    "в ",
    "у ",
    "на ",
    "до ",
    "in ",
)
_SUFFIXES = (" city",)
_EDGE_PUNCT = ' \t\n.,;:!?()[]«»"“”„*'


def normalize_text(text: str) -> str:
    """The lookup form of a place name: NFC, casefold, one apostrophe and one hyphen style,
    single spaces, no spaces around hyphens, no settlement-type prefix or preposition.

    Cyrillic is never transliterated: "Київ" and "Kyiv" stay different strings.
    """
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = s.translate(_APOSTROPHES).translate(_DASHES).replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip(_EDGE_PUNCT)
    s = re.sub(r"\s*-\s*", "-", s)
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if s.startswith(prefix) and len(s) > len(prefix):
                s = s[len(prefix) :].strip(_EDGE_PUNCT)
                changed = True
                break
        for suffix in _SUFFIXES:
            if s.endswith(suffix) and len(s) > len(suffix):
                s = s[: -len(suffix)].strip(_EDGE_PUNCT)
                changed = True
    return s


# --- loading ---------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _load_population(path: Path, places: dict[str, dict[str, str]]) -> dict[str, tuple[int, int]]:
    """Read the population file and check it names exactly the partner cities of places.csv."""
    if not path.is_file():
        raise PromisError(
            f"population file not found: {path} (copy shared/data/population_2022.csv)"
        )
    by_uk = {p["name_uk"]: k for k, p in places.items() if p["is_partner"] == "true"}
    problems: list[str] = []
    result: dict[str, tuple[int, int]] = {}
    for n, row in enumerate(_read_csv(path), start=2):
        key = by_uk.get(row.get("city_uk", ""))
        where = f"{path.name} row {n}"
        if key is None:
            problems.append(f"{where}: city_uk {row.get('city_uk')!r} is not a partner city")
            continue
        place = places[key]
        if row.get("city_en") != place["name_en"]:
            problems.append(
                f"{where}: city_en {row.get('city_en')!r}, expected {place['name_en']!r}"
            )
        if f"{row.get('oblast_en')} Oblast" != place["oblast_en"]:
            problems.append(f"{where}: oblast_en {row.get('oblast_en')!r} does not match {key}")
        if row.get("as_of") != POPULATION_AS_OF.isoformat():
            problems.append(f"{where}: as_of {row.get('as_of')!r}, expected {POPULATION_AS_OF}")
        try:
            result[key] = (int(row["population_city"]), int(row["population_hromada"]))
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: population is not a whole number")
    missing = sorted(set(by_uk.values()) - set(result))
    if missing:
        problems.append(f"{path.name}: no row for {', '.join(missing)}")
    if problems:
        raise PromisError(
            "population file does not match the places table:\n" + "\n".join(problems)
        )
    return result


def _build() -> tuple[dict[str, City], dict[str, str], dict[str, tuple[int, int]]]:
    rows = _read_csv(PLACES_PATH)
    places = {r["key"]: r for r in rows}
    if len(places) != len(rows):
        raise PromisError(f"{PLACES_PATH.name}: duplicate keys")
    population = _load_population(POPULATION_PATH, places)
    cities: dict[str, City] = {}
    for r in sorted(rows, key=lambda r: (r["is_partner"] != "true", int(r["partner_order"] or 0))):
        pop = population.get(r["key"])
        cities[r["key"]] = City(
            key=r["key"],
            name_uk=r["name_uk"],
            name_en=r["name_en"],
            oblast_uk=r["oblast_uk"] or None,
            oblast_en=r["oblast_en"] or None,
            is_partner=r["is_partner"] == "true",
            population=pop[0] if pop else None,
            kind=r["kind"],
            country=r["country"] or None,
        )
    lookup: dict[str, str] = {}
    problems: list[str] = []

    def register(alias: str, key: str, where: str) -> None:
        norm = normalize_text(alias)
        if key not in cities:
            problems.append(f"{where}: alias {alias!r} points to unknown key {key!r}")
        elif lookup.setdefault(norm, key) != key:
            problems.append(f"{where}: {alias!r} means both {lookup[norm]!r} and {key!r}")

    for c in cities.values():
        for name in (c.key, c.name_uk, c.name_en):
            register(name, c.key, f"{PLACES_PATH.name} {c.key}")
    for n, r in enumerate(_read_csv(ALIASES_PATH), start=2):
        register(r["alias"], r["key"], f"{ALIASES_PATH.name} row {n}")
    if problems:
        raise PromisError("place alias table is inconsistent:\n" + "\n".join(problems))
    return cities, lookup, population


_CITIES, _LOOKUP, _POPULATION = _build()

PARTNER_CITIES: tuple[City, ...] = tuple(c for c in _CITIES.values() if c.is_partner)
PARTNER_KEYS: tuple[str, ...] = tuple(c.key for c in PARTNER_CITIES)

COMPONENTS: dict[str, Component] = {
    r["code"]: Component(
        code=r["code"],
        level=r["level"],
        parent=r["parent"] or None,
        title_uk=r["title_uk"],
        title_en=r["title_en"],
        source=r["source"],
        locator=r["locator"],
    )
    for r in _read_csv(COMPONENTS_PATH)
}


# --- public API ------------------------------------------------------------------------------


def all_places() -> tuple[City, ...]:
    """Every place of the reference table: the 16 partners (brochure order), then the others."""
    return tuple(_CITIES.values())


def city(key: str) -> City:
    """The place with reference key ``key``; raises UnknownPlaceError for any other string."""
    try:
        return _CITIES[key]
    except KeyError:
        raise UnknownPlaceError(key, difflib.get_close_matches(key, list(_CITIES), n=5)) from None


def normalize_city(text: str) -> City:
    """The place that ``text`` names, by exact lookup in the alias table after
    :func:`normalize_text` (accepts keys, Ukrainian and English names, inflected forms and
    variant spellings, with or without "м."/"с."/"у" in front).

    Raises UnknownPlaceError naming the input and up to five closest known names; never guesses.
    """
    if not isinstance(text, str) or not text.strip():
        raise UnknownPlaceError(text, [])
    key = _LOOKUP.get(normalize_text(text))
    if key is None:
        raise UnknownPlaceError(text, _suggest(text))
    return _CITIES[key]


def _suggest(text: str, n: int = 5) -> list[str]:
    norm = normalize_text(text)
    matches = difflib.get_close_matches(norm, list(_LOOKUP), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for m in matches:
        c = _CITIES[_LOOKUP[m]]
        label = f"{c.name_uk} / {c.name_en} ({c.key})"
        if label not in out:
            out.append(label)
    return out[:n]


def aliases() -> dict[str, str]:
    """The full lookup table: normalised alias → key (includes keys and canonical names)."""
    return dict(_LOOKUP)


def population_hromada(key: str) -> int:
    """Present population of the partner city's whole territorial community on 2022-01-01."""
    if key not in _POPULATION:
        raise UnknownPlaceError(key, list(PARTNER_KEYS) if key not in _CITIES else [])
    return _POPULATION[key][1]


def population_table() -> list[dict[str, object]]:
    """One record per partner city: key, population_city, population_hromada, as_of, source,
    locator (``data/raw/population_2022.csv row N``, N counting the header as row 1)."""
    rows = _read_csv(POPULATION_PATH)
    by_uk = {c.name_uk: c.key for c in PARTNER_CITIES}
    return [
        {
            "key": by_uk[r["city_uk"]],
            "population_city": int(r["population_city"]),
            "population_hromada": int(r["population_hromada"]),
            "as_of": date.fromisoformat(r["as_of"]),
            "source": POPULATION_SOURCE,
            "locator": f"data/raw/population_2022.csv row {n}",
        }
        for n, r in enumerate(rows, start=2)
    ]


def component(code: str | int) -> Component:
    """The component or output with ``code`` ("1000"…"3000", "1100"…"3300")."""
    try:
        return COMPONENTS[str(code).strip()]
    except KeyError:
        raise PromisError(
            f"unknown component code {code!r}; known: {', '.join(COMPONENTS)}"
        ) from None


def output_component(code: str | int) -> str:
    """The component an output belongs to: "2300" → "2000" (a component maps to itself)."""
    c = component(code)
    return c.parent or c.code
