"""Controlled vocabularies: the words people type for each coded field, kept as data.

``data/vocabularies.csv`` has one row per synonym: ``vocabulary, code, synonym, lang, note``.
A field's vocabulary is its name, ``<register>.<field>`` where a register narrows the allowed
codes (``recommendations.status``), and ``currency`` for both currency columns. A cell matches
a code when its word key equals the key of the code, of the code's uk/en label or of one of
its synonyms. The word key ignores case, apostrophe style, hyphens, punctuation, extra spaces
and word order: «Виконано частково», «частково-виконано» and «ЧАСТКОВО ВИКОНАНО» are one key.
A data folder's ``vocabularies.csv`` (same columns; ``project_codes``) adds its own words.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from functools import cache

from promis_analytics import project_codes
from promis_analytics.errors import PromisError
from promis_analytics.metadata.codes import SYNONYMS_PATH
from promis_analytics.paths import PACKAGE_DATA_DIR
from promis_analytics.registers.schema.fields import Field
from promis_analytics.registers.schema.headers import fold

__all__ = ["VOCABULARIES_PATH", "accepted_words", "lookup", "synonym_rows", "word_key"]

VOCABULARIES_PATH = SYNONYMS_PATH
VARIANTS_PATH = PACKAGE_DATA_DIR / "word_variants.csv"
_SHARED = {"project_currency": "currency", "partner_currency": "currency"}


def word_key(text: object) -> str:
    """Case-, apostrophe-, hyphen-, punctuation-, space- and word-order-insensitive key;
    spelling variants of one word are one word (``data/word_variants.csv``: з/із/зі)."""
    variants = _variants()
    return " ".join(sorted(variants.get(w, w) for w in fold(text).split()))


@cache
def _variants() -> dict[str, str]:
    with VARIANTS_PATH.open(encoding="utf-8", newline="") as fh:
        return {fold(r["variant"]): fold(r["word"]) for r in csv.DictReader(fh)}


@cache
def synonym_rows() -> tuple[dict[str, str], ...]:
    """Every row of the vocabulary table."""
    with VOCABULARIES_PATH.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def _words(rows: Iterable[Mapping[str, str]], name: str) -> dict[str, dict[str, str]]:
    """vocabulary → word key → code of ``rows``; a key that means two codes is an error of
    the table ``name``."""
    out: dict[str, dict[str, str]] = {}
    problems = []
    for n, row in enumerate(rows, start=2):
        words = out.setdefault(row["vocabulary"], {})
        key = word_key(row["synonym"])
        if words.setdefault(key, row["code"]) != row["code"]:
            problems.append(f"row {n}: {row['synonym']!r} means {words[key]!r} and {row['code']!r}")
    if problems:
        raise PromisError(
            f"{name}: одне слово означає два коди / is inconsistent: " + "; ".join(problems)
        )
    return out


@cache
def _table() -> dict[str, dict[str, str]]:
    """The built-in table: vocabulary → word key → code."""
    return _words(synonym_rows(), VOCABULARIES_PATH.name)


_FOLDER_TABLES: dict[int, tuple[project_codes.FolderCodes, dict[str, dict[str, str]]]] = {}


def _folder_table() -> dict[str, dict[str, str]]:
    """The active data folder's own words (``project_codes``), read once per folder state."""
    codes = project_codes.active()
    if not codes.synonyms:
        return {}
    hit = _FOLDER_TABLES.get(id(codes))
    if hit is None or hit[0] is not codes:
        hit = (codes, _words(codes.synonyms, project_codes.VOCABULARY_FILE))
        _FOLDER_TABLES[id(codes)] = hit
    return hit[1]


def vocabulary_of(f: Field) -> str:
    """The vocabulary a field's cells are read with."""
    return f.vocabulary or _SHARED.get(f.name, f.name)


def lookup(f: Field, value: object) -> str | None:
    """The allowed code of ``f`` that ``value`` names (code, uk/en label or synonym), or None."""
    assert f.allowed is not None
    if vocabulary_of(f) == "currency":  # currency words have one home: parsing
        from promis_analytics.parsing import currency_code

        code = currency_code(str(value))
        if code in f.allowed:
            return code
    key = word_key(value)
    if not key:
        return None
    for code, (uk, en) in f.allowed.items():
        if key in (word_key(code), word_key(uk), word_key(en)):
            return code
    code = _table().get(vocabulary_of(f), {}).get(key)
    if code is None:
        code = _folder_table().get(vocabulary_of(f), {}).get(key)
    return code if code in f.allowed else None


def accepted_words(f: Field, lang: str) -> list[str]:
    """The words listed as "expected" for ``f`` in ``lang``: the allowed codes' labels."""
    assert f.allowed is not None
    return [uk if lang == "uk" else en for uk, en in f.allowed.values()]
