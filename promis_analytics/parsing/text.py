"""Text helpers shared by the parsers: one kind of space, word alternations, dash signs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from promis_analytics.errors import ParseError

__all__ = ["ASCII_DIGITS", "DASHES", "MINUS", "NOT_LETTER", "SPACES", "alternation", "normalize"]

ASCII_DIGITS = "0123456789"
MINUS = "-−"  # hyphen-minus and U+2212 MINUS SIGN (an en dash is a range, never a sign)
DASHES = "-–—‒―"  # hyphen, en dash, em dash, figure dash, horizontal bar
SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a]+")
NOT_LETTER = r"(?![^\W\d_])"  # the word ends here (not followed by a letter)


def alternation(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first, each ending at a word boundary."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        pat = re.escape(word).replace(r"\ ", r"\s?")
        if word[-1].isalpha():
            pat += NOT_LETTER
        parts.append(pat)
    return "(?:" + "|".join(parts) + ")"


def normalize(text: object, expected: str) -> str:
    """NFC, every kind of space -> one ASCII space, stripped; non-strings raise ParseError."""
    if not isinstance(text, str):
        raise ParseError(text, expected, "not a string")
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
