"""The lookup form of place names: one normalisation shared by every place table."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "strip_punct", "unify"]

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
