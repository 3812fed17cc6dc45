"""The lookup form of place names: one normalisation shared by every place table."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["expand_abbreviations", "normalize_text", "strip_punct", "unify"]

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
    "із ",
    "зі ",
    "з ",
    "in ",
)
_SUFFIXES = (" city",)
EDGE_PUNCT = ' \t\n.,;:!?()[]«»"“”„*'


def unify(text: str) -> str:
    """NFC, casefold, one apostrophe and one hyphen style, single spaces, no spaces around
    hyphens, no punctuation at the edges. Cyrillic is never transliterated."""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = s.translate(_APOSTROPHES).translate(_DASHES).replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip(EDGE_PUNCT)
    return re.sub(r"\s*-\s*", "-", s)


def strip_punct(text: str) -> str:
    """``text`` without punctuation and spaces at its edges."""
    return text.strip(EDGE_PUNCT)


def normalize_text(text: str) -> str:
    """The lookup form of a place name: :func:`unify`, then no settlement-type prefix or
    preposition in front («м.», «с.», «у», «до», «з» …) and no «city» behind.

    Cyrillic is never transliterated: "Київ" and "Kyiv" stay different strings.
    """
    s = unify(text)
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if s.startswith(prefix) and len(s) > len(prefix):
                s = s[len(prefix) :].strip(EDGE_PUNCT)
                changed = True
                break
        for suffix in _SUFFIXES:
            if s.endswith(suffix) and len(s) > len(suffix):
                s = s[: -len(suffix)].strip(EDGE_PUNCT)
                changed = True
    return s


@cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    """``data/place_abbreviations.csv`` as patterns: the abbreviation's letter runs with
    optional dots, hyphens and spaces between them («Ів.-Франківськ» also matches
    «Ів-Франківськ», «Ів. Франківськ»), at the start of a word."""
    import csv

    from promis_analytics.paths import PACKAGE_DATA_DIR

    out = []
    with (PACKAGE_DATA_DIR / "place_abbreviations.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            runs = re.findall(r"[^\W\d_]+", unify(row["abbreviation"]))
            body = r"\.?[\s-]*".join(map(re.escape, runs))
            out.append((re.compile(r"(?<![^\W\d_])" + body, re.IGNORECASE), row["full"]))
    return tuple(out)


def expand_abbreviations(text: str) -> str:
    """«м. Ів.-Франківськ» → «м. Івано-Франківськ»: abbreviated parts of codifier names
    written out (``data/place_abbreviations.csv``); other text unchanged."""
    u = unify(text)
    for pattern, full in _abbreviations():
        u2 = pattern.sub(full, u, count=1)
        if u2 != u:
            return u2
    return text
