"""Header matching: Ukrainian/English spellings of a column header → canonical column name."""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from functools import cache, lru_cache

from promis_analytics.paths import PACKAGE_DATA_DIR
from promis_analytics.registers.schema.schemas import SCHEMAS, Schema

ALIASES_FILE = PACKAGE_DATA_DIR / "header_aliases.csv"

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'", "‘": "'"})
_NON_WORD = re.compile(r"[^\w%№']+")


@lru_cache(maxsize=65536, typed=True)  # register cells repeat: fold each spelling once
def fold(text: object) -> str:
    """NFC + casefold + unified apostrophes; punctuation and whitespace folded to one space."""
    s = unicodedata.normalize("NFC", str(text)).casefold().translate(_APOSTROPHES)
    s = s.replace("_", " ")
    return _NON_WORD.sub(" ", s).strip()


@cache
def _alias_rows() -> tuple[tuple[str, str, str], ...]:
    with ALIASES_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple((r["alias"], r["column"], r["kind"]) for r in csv.DictReader(fh))


@cache
def aliases(kind: str | Schema) -> dict[str, str]:
    """Folded header spelling → canonical column, for register ``kind`` (its name, or the
    schema of a folder that declares more columns: ``schemas.schema_for``).

    Built from the canonical names, the uk/en labels of the field dictionary and the
    ``header_aliases.csv`` table (rows with an empty ``kind`` apply to every register;
    register-specific rows win).
    """
    schema = kind if isinstance(kind, Schema) else SCHEMAS[kind]
    kind = schema.kind
    out: dict[str, str] = {}
    for f in schema.fields():
        for spelling in (f.name, f.label_uk, f.label_en, f.bilingual(), *f.extra_aliases):
            out.setdefault(fold(spelling), f.name)
    generic = [(a, c) for a, c, k in _alias_rows() if not k and c in schema.columns]
    specific = [(a, c) for a, c, k in _alias_rows() if k == kind and c in schema.columns]
    for a, c in generic:
        out.setdefault(fold(a), c)
    for a, c in specific:
        out[fold(a)] = c
    return out


def match(header: object, kind: str | Schema) -> str | None:
    """The canonical column for a header cell, or None.

    Tries the whole header, then without text in parentheses, then each side of a "/" or
    a line break ("Місто / City"), then without a trailing unit after a comma.
    """
    if header is None:
        return None
    return _match(str(header), kind)


@lru_cache(maxsize=65536)
def _match(raw: str, kind: str | Schema) -> str | None:
    table = aliases(kind)
    candidates = [raw, re.sub(r"\(.*?\)", " ", raw)]
    for part in re.split(r"\s/\s|\n|/", raw):
        candidates += [part, re.sub(r"\(.*?\)", " ", part), part.split(",")[0]]
    candidates.append(raw.split(",")[0])
    for c in candidates:
        key = fold(c)
        if key and key in table:
            return table[key]
    return None


def close_matches(header: object, kind: str | Schema, n: int = 3) -> list[str]:
    """Canonical column names (with labels) that look like ``header``."""
    table = aliases(kind)
    found = difflib.get_close_matches(fold(header), list(table), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for f in found:
        if table[f] not in out:
            out.append(table[f])
    return out[:n]
