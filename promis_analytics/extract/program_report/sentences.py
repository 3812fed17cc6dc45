"""A line of a report's text split into sentences; a bracket naming a year set apart."""

from __future__ import annotations

import re

from promis_analytics.extract.program_report.morphology import lexicon

__all__ = ["sentences"]


# --- sentences -------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Split a line into sentences at «. » before a capital, a quote or a digit, unless the
    word before the dot is short and lower case («м.», «тис.»; but «грн.» may end one) or a
    known abbreviation, or
    no word stands before it (a closing quote) and no number does either."""
    abbrev = lexicon().get("abbreviation", {})
    ends = lexicon().get("sentence_end", {})
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[«\"A-ZА-ЯҐЄІЇ\d])", text):
        before = re.search(r"([^\W\d_]+)$", text[start : m.start()])
        word = before.group(1) if before else ""
        short = bool(word) and word.islower() and len(word) <= 3 and word not in ends
        after_number = not word and text[m.start() - 1 : m.start()].isdigit()
        if m.group() == "." and (short or word.casefold() in abbrev or not (word or after_number)):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [part for s in out if s for part in _asides(s)]


_DATED_ASIDE = re.compile(r"\s*\(([^()]*\b(?:19|20)\d\d\b[^()]*)\)")


def _asides(sentence: str) -> list[str]:
    """A sentence and, after it, each bracket that names a year («скоротився до 17 хвилин
    (у 2019 році – 26 хвилин)»): the bracket speaks of its own period, the rest of the
    sentence is read without it."""
    inner = [m.group(1).strip() for m in _DATED_ASIDE.finditer(sentence)]
    return [_DATED_ASIDE.sub("", sentence).strip(), *inner] if inner else [sentence]
