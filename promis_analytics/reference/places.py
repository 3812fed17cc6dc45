"""The curated place table: every place the documents name, aliases; the embedded partners."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from promis_analytics import paths
from promis_analytics.errors import PromisError, UnknownPlaceError
from promis_analytics.reference.text import normalize_text

__all__ = [
    "ALIASES_PATH",
    "CITIES",
    "LOOKUP",
    "PARTNER_CITIES",
    "PARTNER_KEYS",
    "PLACES_PATH",
    "POPULATION",
    "POPULATION_AS_OF",
    "POPULATION_PATH",
    "POPULATION_SOURCE",
    "City",
    "population_hromada",
    "population_table",
]

# Package data (CSV, UTF-8):
# - places.csv: one row per place; Ukrainian names as the seed documents print them, English
#   names in the official national transliteration (Cabinet of Ministers resolution No. 55 of
#   2010-01-27); katottg/category: the place in the codifier. Which places are partners,
#   and in which order, is the embedded dataset's profile (``EMBEDDED_PROFILE`` [project]
#   partners), not this table.
# - place_aliases.csv: alias, key, lang, form, seen_in (";"-separated seed document ids where
#   the form occurs as a whole word; empty for standard case forms and common spellings).
#   places.csv ``origin``: "documents" (named in the seed documents) or "users" (added for
#   the registers people keep: online events, foreign cities of study tours).
PLACES_PATH = paths.PACKAGE_DATA_DIR / "places.csv"
ALIASES_PATH = paths.PACKAGE_DATA_DIR / "place_aliases.csv"
#: aliases of the places kept for users' registers (origin "users": online events, foreign
#: cities of study tours, further case forms) — not claimed to occur in the documents
USER_ALIASES_PATH = paths.PACKAGE_DATA_DIR / "place_aliases_users.csv"
#: The embedded dataset's profile: its ``[project] partners`` (names as places.csv writes
#: them, in the order charts list them) are ``PARTNER_CITIES``; read with the checkout, like
#: the population file below.
EMBEDDED_PROFILE = paths.repo_root() / "data" / "raw" / "promis.toml"
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
    settlement, town, municipality, region, oblast, mountains, country, online.
    ``katottg`` is the place's code in the national codifier (КАТОТТГ) and ``category`` its
    codifier category (M city, K special-status city, X settlement, C village, O oblast) —
    ``None`` for places outside Ukraine and for online events; ``raion_uk`` and ``hromada_uk``
    are filled for places found in the codifier.
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
    katottg: str | None = None
    category: str | None = None
    raion_uk: str | None = None
    hromada_uk: str | None = None

    def name(self, lang: str = "uk") -> str:
        """The name in ``lang`` ("uk" or "en")."""
        return self.name_en if lang == "en" else self.name_uk


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _embedded_partners(places: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """Keys of the embedded profile's ``[project] partners`` in the order declared (none when
    the checkout has no profile); a name places.csv does not hold is an error."""
    if not EMBEDDED_PROFILE.is_file():
        return ()
    with EMBEDDED_PROFILE.open("rb") as fh:
        names = tomllib.load(fh).get("project", {}).get("partners") or []
    by_uk = {p["name_uk"]: k for k, p in places.items()}
    unknown = [n for n in names if n not in by_uk]
    if unknown:
        raise PromisError(f"{EMBEDDED_PROFILE}: [project] partners not in places.csv: {unknown}")
    return tuple(by_uk[n] for n in names)


def load_population(
    path: Path, places: dict[str, dict[str, str]], partners: tuple[str, ...]
) -> dict[str, tuple[int, int]]:
    """Read the population file and check it names exactly the embedded partners."""
    if not path.is_file():
        raise PromisError(
            f"population file not found: {path} (copy shared/data/population_2022.csv)"
        )
    by_uk = {places[k]["name_uk"]: k for k in partners}
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
    partners = _embedded_partners(places)
    population = load_population(POPULATION_PATH, places, partners)
    order = {k: i for i, k in enumerate(partners)}
    cities: dict[str, City] = {}
    for r in sorted(rows, key=lambda r: order.get(r["key"], len(order))):  # stable: file order
        pop = population.get(r["key"])
        cities[r["key"]] = City(
            key=r["key"],
            name_uk=r["name_uk"],
            name_en=r["name_en"],
            oblast_uk=r["oblast_uk"] or None,
            oblast_en=r["oblast_en"] or None,
            is_partner=r["key"] in order,
            population=pop[0] if pop else None,
            kind=r["kind"],
            country=r["country"] or None,
            katottg=r["katottg"] or None,
            category=r["category"] or None,
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
    for path in (ALIASES_PATH, USER_ALIASES_PATH):
        for n, r in enumerate(_read_csv(path), start=2):
            register(r["alias"], r["key"], f"{path.name} row {n}")
    if problems:
        raise PromisError("place alias table is inconsistent:\n" + "\n".join(problems))
    return cities, lookup, population


CITIES, LOOKUP, POPULATION = _build()
#: codifier code → curated key (a codifier place the project already knows keeps its key)
BY_CODE: dict[str, str] = {c.katottg: c.key for c in CITIES.values() if c.katottg}

PARTNER_CITIES: tuple[City, ...] = tuple(c for c in CITIES.values() if c.is_partner)
PARTNER_KEYS: tuple[str, ...] = tuple(c.key for c in PARTNER_CITIES)


def population_hromada(key: str) -> int:
    """Present population of the partner city's whole territorial community on 2022-01-01."""
    if key not in POPULATION:
        raise UnknownPlaceError(key, list(PARTNER_KEYS) if key not in CITIES else [])
    return POPULATION[key][1]


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
