"""Words of a report's text: tokens, dictionary forms (pymorphy3, Ukrainian), the lexicon."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from promis_analytics.parsing import NUMBER_WORDS, find_dates
from promis_analytics.paths import PACKAGE_DATA_DIR

__all__ = [
    "Token",
    "actions",
    "content",
    "is_animate",
    "is_participle",
    "is_plural_noun",
    "lemma_of",
    "lemmas",
    "lexicon",
    "masks",
    "named_masks",
    "noun_reading",
    "number_word",
    "possessive_noun",
    "status_words",
    "tokens",
]

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[ \u00a0]\d{3}(?!\d))*(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:[’'\-][^\W\d_]+)*)"
    r"|(?P<punct>\S)"
)
_URL = re.compile(r"\S+://\S+|№\s*[\d/–\- ]+|\d+\.\d+\.\d{2,4}|\d+-\d+\.\d+")
_NOUNISH = {"NOUN", None}
_ADJ = {"ADJF", "PRTF", "NUMR"}


@dataclass(frozen=True)
class Token:
    kind: str  # num | word | punct
    text: str
    start: int
    lemma: str = ""
    pos: str | None = None
    adj: str = ""


# --- vocabulary --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, str]]:
    """``data/audit_lexicon.csv`` by kind: abbreviation, lemma, container, action, plan, …"""
    out: dict[str, dict[str, str]] = {}
    with open(PACKAGE_DATA_DIR / "audit_lexicon.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["kind"], {})[row["term"]] = row["value"]
    return out


@lru_cache(maxsize=1)
def status_words() -> tuple[tuple[str, str], ...]:
    """``data/audit_status_words.csv``: (phrase, status), longest phrase first."""
    with open(PACKAGE_DATA_DIR / "audit_status_words.csv", encoding="utf-8", newline="") as fh:
        rows = [(r["phrase"].casefold(), r["status"]) for r in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def masks() -> tuple[re.Pattern[str], ...]:
    """``data/audit_masks.csv``: patterns of numbers that count nothing (house numbers,
    times of day, ordinals), blanked out before the text is read."""
    with open(PACKAGE_DATA_DIR / "audit_masks.csv", encoding="utf-8", newline="") as fh:
        return tuple(re.compile(r["pattern"]) for r in csv.DictReader(fh))


@lru_cache(maxsize=1)
def named_masks() -> dict[str, re.Pattern[str]]:
    """``data/audit_masks.csv`` by name («ordinal», «time», «address»)."""
    with open(PACKAGE_DATA_DIR / "audit_masks.csv", encoding="utf-8", newline="") as fh:
        return {r["name"]: re.compile(r["pattern"]) for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


@lru_cache(maxsize=65536)
def lemma_of(word: str) -> tuple[str, str | None, str]:
    """(dictionary form, part of speech, can be an adjective) of a word: abbreviations and
    overrides from the lexicon first; for an unknown word the first analysis whose
    dictionary form is itself a known word («тренінга» → тренінг); all-capital abbreviations
    («ІГС») are nouns."""
    low = word.casefold().replace("'", "’")
    lex = lexicon()
    if low in lex.get("abbreviation", {}):
        full = lex["abbreviation"][low]
        return lemma_of(full) if full != low else (full, "NOUN", "")
    morph = _analyser()
    parses = morph.parse(low)
    best = parses[0]
    if not morph.word_is_known(low):
        compound = _compound(low)
        if compound is not None:
            return compound
        if "-" in low:
            head = low.split("-")[0]
            if morph.word_is_known(head):
                return lemma_of(head)
        best = next((p for p in parses if morph.word_is_known(p.normal_form)), best)
    if best.tag.POS == "NOUN" and "Pltm" in best.tag.grammemes:  # «переходів»: перехід
        best = next(
            (p for p in parses if p.tag.POS == "NOUN" and "Pltm" not in p.tag.grammemes), best
        )
    pos = str(best.tag.POS) if best.tag.POS else None
    adj = next((p for p in parses if p.tag.POS in {"ADJF", "PRTF"}), None)
    base = best.normal_form
    if word.isupper() and len(word) > 1:
        pos = "NOUN"
    base = lex.get("lemma", {}).get(base, lex.get("lemma", {}).get(low, base))
    return base, pos, adj.normal_form if adj is not None else ""


def _compound(low: str) -> tuple[str, str | None, str] | None:
    """An unknown compound whose last part is a known noun keeps its first part and
    declines the last: «блог-турів» → блог-тур, «інфотурів» → інфотур (a first part that
    declines itself, «проєктів-переможців», is the head and is left to the caller; a prefix of at
    least two letters before a known noun of at least four; of its noun readings the
    shortest dictionary form, so that every case gives the same lemma)."""
    morph = _analyser()
    if "-" in low:
        first, _, last = low.rpartition("-")
        if morph.word_is_known(first) and morph.parse(first)[0].normal_form != first:
            return None  # «проєктів-переможців»: the first part declines, it is the head
        cuts = [(first + "-", last)] if first else []
    else:
        cuts = [(low[:i], low[i:]) for i in range(2, len(low) - 3)]
    for head, tail in cuts:
        if len(tail) < 4 or not morph.word_is_known(tail):
            continue
        forms = sorted(
            {
                p.normal_form
                for p in morph.parse(tail)
                if p.tag.POS == "NOUN" and not {"Pltm", "Surn", "Name"} & set(p.tag.grammemes)
            },
            key=lambda f: (len(f), f),
        )
        if forms:  # the shortest reading, the same in every case («тури», «турів» → тур)
            return head + forms[0], "NOUN", ""
    return None


@lru_cache(maxsize=65536)
def noun_reading(word: str) -> str:
    """The dictionary form of the word read as a noun, "" when it cannot be one («школярів»
    reads first as a possessive adjective, and also as the noun школяр)."""
    parses = _analyser().parse(word.casefold().replace("'", "’"))
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    plain = [p for p in nouns if "Pltm" not in p.tag.grammemes]  # «школярі» is a rare reading
    return (plain or nouns)[0].normal_form if nouns else ""


def number_word(t: Token) -> str:
    """The number word a token is («сорок» reads first as a noun), "" when none."""
    if t.kind != "word":
        return ""
    low = t.text.casefold().replace("'", "’")
    return low if low in NUMBER_WORDS else t.lemma if t.lemma in NUMBER_WORDS else ""


@lru_cache(maxsize=65536)
def possessive_noun(word: str) -> str:
    """The noun a word after a number is when the analyser reads it first as a possessive
    adjective in the singular («лікарів», «учителів»: masculine nominative) and also as a
    plural genitive noun (лікар): after a number only the noun fits; "" otherwise."""
    parses = _analyser().parse(word.casefold().replace("'", "’"))
    if not parses or parses[0].tag.POS != "ADJF" or "plur" in parses[0].tag.grammemes:
        return ""
    if not {"masc", "nomn"} <= set(parses[0].tag.grammemes):
        return ""
    nouns = [p for p in parses if p.tag.POS == "NOUN" and {"plur", "gent"} <= set(p.tag.grammemes)]
    plain_nouns = [p for p in nouns if "Pltm" not in p.tag.grammemes]  # «школярі» is rare
    noun = (plain_nouns or nouns or [None])[0]
    if noun is None:
        return ""
    plain = lexicon().get("lemma", {})
    return plain.get(noun.normal_form, noun.normal_form)


@lru_cache(maxsize=65536)
def is_animate(lemma: str) -> bool:
    """The analyser's first noun reading of the word names a living being («ветеран»)."""
    parses = _analyser().parse(lemma.casefold().replace("'", "’"))
    noun = next((p for p in parses if p.tag.POS == "NOUN"), None)
    return noun is not None and "anim" in noun.tag.grammemes


@lru_cache(maxsize=65536)
def is_plural_noun(word: str) -> bool:
    """The word can be read as a plural noun («учасників», «виставки»; not «конкурсу»)."""
    parses = _analyser().parse(word.casefold().replace("'", "’"))
    return any(p.tag.POS == "NOUN" and "plur" in p.tag.grammemes for p in parses)


@lru_cache(maxsize=65536)
def is_participle(word: str) -> bool:
    """True when the analyser reads the word as a participle («наданих», «спрямованих»)."""
    parse = _analyser().parse(word.casefold().replace("'", "’"))[0]
    return bool({"pssv", "actv"} & set(parse.tag.grammemes))


def tokens(text: str) -> list[Token]:
    """Numbers, words (with lemma and part of speech) and punctuation of a text; dates,
    web addresses and document numbers (№ …) are blanked out first."""
    return _tokens(text)


def _tokens(text: str) -> list[Token]:
    masked = _URL.sub(lambda m: " " * len(m.group()), text)
    for pattern in masks():
        masked = pattern.sub(lambda m: " " * len(m.group()), masked)
    for d in find_dates(masked):
        masked = masked[: d.start] + " " * (d.end - d.start) + masked[d.end :]
    out = []
    for m in _TOKEN.finditer(masked):
        kind = m.lastgroup or "punct"
        if kind == "word":
            lem, pos, adj = lemma_of(m.group())
            out.append(Token(kind, m.group(), m.start(), lem, pos, adj))
        else:
            out.append(Token(kind, m.group(), m.start()))
    # a word that can be an adjective and stands before a noun is one («громадських обговорень»)
    for k, t in enumerate(out):
        if t.kind == "word" and t.adj and t.pos not in _ADJ:
            nxt = next((x for x in out[k + 1 :] if x.text != "."), None)
            if nxt is not None and nxt.kind == "word" and nxt.pos in _NOUNISH:
                out[k] = Token(t.kind, t.text, t.start, t.adj, "ADJF", t.adj)
    return out


def lemmas(text: str) -> frozenset[str]:
    """Content lemmas of a text: nouns, adjectives, participles and unknown words, without
    the lexicon's stop words and number words."""
    stop = lexicon().get("stop", {})
    return frozenset(
        t.lemma
        for t in _tokens(text)
        if t.kind == "word"
        and (t.pos in _NOUNISH or t.pos in {"ADJF", "PRTF"})
        and t.lemma not in stop
        and t.lemma not in NUMBER_WORDS
        and len(t.lemma) > 1
    )


def actions(toks: list[Token]) -> frozenset[str]:
    table = lexicon().get("action", {})
    return frozenset(table[t.lemma] for t in toks if t.kind == "word" and t.lemma in table)


def content(toks: list[Token]) -> frozenset[str]:
    stop = lexicon().get("stop", {})
    return frozenset(
        t.lemma
        for t in toks
        if t.kind == "word"
        and (t.pos in _NOUNISH or t.pos in {"ADJF", "PRTF"})
        and t.lemma not in stop
        and not number_word(t)
        and len(t.lemma) > 1
    )
