"""Controlled vocabularies: one CSV per code list (code, uk/en label, colour, order).

``data/metadata/vocab/<name>.csv`` holds the allowed codes of one category column, in the
order charts and templates list them (``order``: 1, 2, …), each with its Ukrainian and English
label and, where a chart colours the codes, its ``colour`` (``#RRGGBB``). The currencies are the
ISO 4217 table (``currencies.ISO_4217``). The words people type for the codes are the one
synonyms table :data:`SYNONYMS_PATH` (read by ``registers.schema.vocab``). A data folder's own codes
(components, funds, added event types) extend these lists through ``project_codes``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from promis_analytics.currencies import ISO_4217
from promis_analytics.metadata.tables import METADATA_DIR, read_table
from promis_analytics.paths import PACKAGE_DATA_DIR

__all__ = [
    "ADDED_COLOURS_PATH",
    "CODE_LISTS",
    "SYNONYMS_PATH",
    "VOCABULARY_DIR",
    "added_colours",
    "code_list",
    "code_rows",
    "colours",
    "read_vocabulary",
]

#: One CSV per vocabulary: ``code, label_uk, label_en, order`` (optional ``colour``).
VOCABULARY_DIR: Path = METADATA_DIR / "vocab"
#: The synonyms of every vocabulary: ``vocabulary, code, synonym, lang, note``.
SYNONYMS_PATH: Path = PACKAGE_DATA_DIR / "vocabularies.csv"
#: Colours of the codes a data folder adds to a vocabulary: ``vocabulary, order, colour``.
ADDED_COLOURS_PATH: Path = METADATA_DIR / "added_colours.csv"
_COLUMNS = ("code", "label_uk", "label_en", "order")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: code lists kept elsewhere at the bottom layer (one home each)
_ELSEWHERE: Mapping[str, Mapping[str, tuple[str, str]]] = {"currency": ISO_4217}


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``vocab/<name>.csv`` in order; KeyError naming the known vocabularies."""
    path = VOCABULARY_DIR / f"{name}.csv"
    if not path.is_file():
        known = ", ".join(sorted([*_names(), *_ELSEWHERE]))
        raise KeyError(f"немає словника {name!r} / no vocabulary {name!r} (known: {known})")
    return read_vocabulary(path)


def read_vocabulary(path: Path) -> tuple[dict[str, str], ...]:
    """The rows of one vocabulary file sorted by ``order``. Raises :class:`MetadataError`
    naming every missing column, empty cell, repeated code, bad order or colour at once."""
    rows = read_table(path, _COLUMNS, unique="code", filled=_COLUMNS, check=_cell_problems)
    return tuple(sorted(rows, key=lambda row: int(row["order"])))


def _cell_problems(row: Mapping[str, str]) -> list[tuple[str, str]]:
    """(uk, en) of what is wrong with the ``order`` and ``colour`` of one row."""
    out = []
    order, colour = row["order"], row.get("colour", "")
    if not order.isdigit():
        out.append(
            (
                f"order {order!r}: очікували ціле число ≥ 0",
                f"order {order!r}: expected a whole number ≥ 0",
            )
        )
    if colour and not _COLOUR.match(colour):
        out.append(
            (f"colour {colour!r}: очікували #RRGGBB", f"colour {colour!r}: expected #RRGGBB")
        )
    return out


def _names() -> list[str]:
    return sorted(p.stem for p in VOCABULARY_DIR.glob("*.csv"))


def code_list(name: str) -> dict[str, tuple[str, str]]:
    """Code → (Ukrainian, English) label of the vocabulary ``name``, in its ``order`` (a new
    dict each call). KeyError naming the known vocabularies for an unknown ``name``."""
    if name in _ELSEWHERE:
        return dict(_ELSEWHERE[name])
    return {row["code"]: (row["label_uk"], row["label_en"]) for row in _rows(name)}


def code_rows(name: str) -> tuple[Mapping[str, str], ...]:
    """The rows of the vocabulary ``name`` in order, with every column of its file (a
    vocabulary may carry more, e.g. ``exclusive`` of ``dimension_kind``)."""
    return tuple(MappingProxyType(row) for row in _rows(name))


def colours(name: str) -> Mapping[str, str]:
    """Code → colour (``#RRGGBB``) of the vocabulary ``name``, in order; codes without one
    are left out."""
    return MappingProxyType({r["code"]: r["colour"] for r in _rows(name) if r.get("colour")})


@cache
def added_colours(name: str) -> tuple[str, ...]:
    """The colours, in order, of the codes a data folder adds to the vocabulary ``name``
    (empty when the table has none)."""
    rows = read_table(ADDED_COLOURS_PATH, ("vocabulary", "order", "colour"), filled=("colour",))
    mine = [r for r in rows if r["vocabulary"] == name]
    return tuple(r["colour"] for r in sorted(mine, key=lambda r: int(r["order"])))


#: Every vocabulary by name (``vocab/*.csv`` plus ``currency``): code → (uk, en) label.
CODE_LISTS: Mapping[str, Mapping[str, tuple[str, str]]] = MappingProxyType(
    {name: MappingProxyType(code_list(name)) for name in [*_names(), *_ELSEWHERE]}
)
