"""The national codifier of places (КАТОТТГ) as a lazily loaded gazetteer.

Package data ``data/katottg.csv.gz`` is built from the Ministry's open-data file by
``tools/build_gazetteer.py``: one row per object, ``code, category, name, parent``. Nothing is
read until the first lookup (importing the package or starting ``promis`` does not load it).
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property

from promis_analytics import paths
from promis_analytics.reference.inflection import case_forms
from promis_analytics.reference.text import unify

__all__ = [
    "CATEGORY_LABELS",
    "GAZETTEER_PATH",
    "OBLASTS_PATH",
    "Entry",
    "Gazetteer",
    "gazetteer",
    "is_loaded",
]

GAZETTEER_PATH = paths.PACKAGE_DATA_DIR / "katottg.csv.gz"
OBLASTS_PATH = paths.PACKAGE_DATA_DIR / "oblasts.csv"
EDITION = "2025-05-16"
ATTRIBUTION = (
    "Кодифікатор адміністративно-територіальних одиниць та територій територіальних громад "
    f"(КАТОТТГ), редакція {EDITION}; Міністерство розвитку громад та територій України, CC BY 4.0"
)
#: Settlement categories a place name can resolve to.
SETTLEMENTS = ("M", "K", "X", "C")
CITIES = ("M", "K")
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "O": ("область", "oblast"),
    "K": ("місто зі спеціальним статусом", "city with special status"),
    "P": ("район", "raion"),
    "H": ("територіальна громада", "hromada"),
    "M": ("місто", "city"),
    "X": ("селище", "settlement"),
    "C": ("село", "village"),
    "B": ("район у місті", "city district"),
}


@dataclass(frozen=True)
class Entry:
    """One codifier object: ``code`` (UA + 17 digits), ``category`` (O K P H M X C B),
    Ukrainian ``name``, ``parent`` code (empty for the first level)."""

    code: str
    category: str
    name: str
    parent: str


class Gazetteer:
    """Codifier objects with lookups by code, by name and by a city's case forms."""

    def __init__(self, entries: list[Entry], oblasts: list[dict[str, str]]) -> None:
        self.entries = {e.code: e for e in entries}
        #: first-level code → Ukrainian / English name («Вінницька область», "Vinnytsia Oblast")
        self.oblast_uk = {r["code"]: r["name_uk"] for r in oblasts}
        self.oblast_en = {r["code"]: r["name_en"] for r in oblasts}
        by_name: dict[str, list[str]] = defaultdict(list)
        for e in entries:
            if e.category in SETTLEMENTS:
                by_name[unify(e.name)].append(e.code)
        self.by_name = {k: tuple(v) for k, v in by_name.items()}

    def __len__(self) -> int:
        return len(self.entries)

    def levels(self, code: str) -> dict[str, Entry]:
        """The object and its ancestors by category: e.g. {"C": village, "H": hromada,
        "P": raion, "O": oblast}."""
        out: dict[str, Entry] = {}
        e = self.entries.get(code)
        while e is not None:
            out.setdefault(e.category, e)
            e = self.entries.get(e.parent)
        return out

    def first_level(self, code: str) -> Entry | None:
        """The oblast, Crimea or special-status city the object lies in."""
        lv = self.levels(code)
        return lv.get("O") or lv.get("K")

    def named(self, name: str) -> tuple[Entry, ...]:
        """Settlements (M, K, X, C) whose name is ``name`` (compared after ``unify``)."""
        return tuple(self.entries[c] for c in self.by_name.get(unify(name), ()))

    @cached_property
    def city_forms(self) -> dict[str, tuple[str, ...]]:
        """Case form (unified) → codes of the cities (M, K) that have it."""
        out: dict[str, list[str]] = defaultdict(list)
        for e in self.entries.values():
            if e.category in CITIES:
                for form in case_forms(e.name):
                    out[unify(form)].append(e.code)
        return {k: tuple(v) for k, v in out.items()}

    def inflected(self, form: str) -> tuple[Entry, ...]:
        """Cities (M, K) one of whose generated case forms is ``form``."""
        return tuple(self.entries[c] for c in self.city_forms.get(unify(form), ()))

    def units(self, category: str) -> tuple[Entry, ...]:
        """Every object of ``category`` (e.g. "O", "P", "H")."""
        return self._by_category.get(category, ())

    @cached_property
    def _by_category(self) -> dict[str, tuple[Entry, ...]]:
        out: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries.values():
            out[e.category].append(e)
        return {k: tuple(v) for k, v in out.items()}


def _read_entries() -> list[Entry]:
    with gzip.open(GAZETTEER_PATH, "rb") as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        return [
            Entry(r["code"], r["category"], r["name"], r["parent"]) for r in csv.DictReader(text)
        ]


def _read_oblasts() -> list[dict[str, str]]:
    with OBLASTS_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def gazetteer() -> Gazetteer:
    """The codifier, read on the first call (about 0.2 s) and kept for the process."""
    return Gazetteer(_read_entries(), _read_oblasts())


def is_loaded() -> bool:
    """Whether the codifier has been read in this process."""
    return gazetteer.cache_info().currsize > 0
