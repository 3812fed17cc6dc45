"""Case forms of Ukrainian city names («у Луцьку», «до Чернігова», «в Білій Церкві»).

The rules are data (``data/place_inflections.csv``): for a word's role (``noun`` or ``adj``)
and its longest matching nominative ending, the endings of the genitive, dative, accusative,
instrumental and locative (variants separated by ``|``). A name of several words (or
hyphenated parts) is inflected word by word in the same case: adjectives before the last
word, nouns last, single words ending «-е»/«-ська»/«-ий» as adjectives. The forms are used
only for cities (codifier categories M and K), looked up after the nominative names, so an
over-generated form can never hide a real name.
"""

from __future__ import annotations

import csv
import itertools
import re
from functools import cache

from promis_analytics import paths

__all__ = ["CASES", "case_forms"]

RULES_PATH = paths.PACKAGE_DATA_DIR / "place_inflections.csv"
CASES = ("gen", "dat", "acc", "ins", "loc")
_ADJ_ENDINGS = ("ий", "ій", "ська", "цька", "ське", "цьке", "е", "є")
_MAX_FORMS = 64


@cache
def _rules() -> dict[str, list[tuple[str, tuple[tuple[str, ...], ...]]]]:
    """role → [(ending, (variants per case …))], longest ending first."""
    out: dict[str, list[tuple[str, tuple[tuple[str, ...], ...]]]] = {"noun": [], "adj": []}
    with RULES_PATH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            variants = tuple(tuple(row[c].split("|")) for c in CASES)
            out[row["role"]].append((row["ending"], variants))
    for rules in out.values():
        rules.sort(key=lambda r: -len(r[0]))
    return out


def _role(word: str, last: bool) -> str:
    """Adjective for «-ий», «-е», «-ська» …; before the last word also «-а», «-і» (Нова, Старі)."""
    if word.endswith(_ADJ_ENDINGS):
        return "adj"
    if not last and any(word.endswith(e) for e, _ in _rules()["adj"]):
        return "adj"
    return "noun"


def _word_forms(word: str, role: str) -> tuple[tuple[str, ...], ...]:
    """Forms of one word per case; a word no rule fits (e.g. «Івано») stays as it is."""
    if len(word) < 2 or word.endswith("о"):
        return tuple((word,) for _ in CASES)
    for ending, variants in _rules()[role]:
        if word.endswith(ending) and len(word) > len(ending):
            stem = word[: len(word) - len(ending)]
            return tuple(tuple(stem + v for v in case) for case in variants)
    return tuple((word,) for _ in CASES)


def case_forms(name: str) -> set[str]:
    """Every generated case form of ``name`` (the nominative itself not included).

    >>> sorted(case_forms("Луцьк"))
    ['Луцька', 'Луцьком', 'Луцьку']
    """
    words = re.split(r"([ -])", name.strip())
    parts = [w for w in words[::2]]
    seps = words[1::2]
    per_word = [
        _word_forms(w, _role(w, last=i == len(parts) - 1)) if w else tuple(("",) for _ in CASES)
        for i, w in enumerate(parts)
    ]
    forms: set[str] = set()
    for ci in range(len(CASES)):
        choices = [pw[ci] for pw in per_word]
        for combo in itertools.islice(itertools.product(*choices), _MAX_FORMS):
            text = combo[0] + "".join(s + w for s, w in zip(seps, combo[1:], strict=True))
            forms.add(text)
    forms.discard(name.strip())
    return forms
