"""What a table row counts: the nouns after «Кількість», a unit after a comma, qualifiers."""

from __future__ import annotations

import re

from promis_analytics.extract.program_report.morphology import (
    is_participle,
    lemma_of,
    lexicon,
    tokens,
)

__all__ = ["counted_nouns", "head_modifiers", "name_nouns", "unit_nouns"]


def counted_nouns(name: str) -> frozenset[str]:
    """The nouns a «Кількість …» indicator counts: the noun after «Кількість» (with its
    alternatives in brackets or after «/»), and the nouns listed after it with commas or
    «та»/«і» («постерів, афіш, вуличних перетяжок»); the list ends at a word that is neither
    an adjective nor a noun, or at an element that starts with a participle («…, наданих
    ІГС»: what the counted thing is, not another counted thing)."""
    m = re.match(r"\s*([^\W\d_][\w\-]*)\.?\s+(.*)", name, re.S)  # «Кількість», «К-сть»
    if not m or lemma_of(m.group(1))[0] != "кількість":
        return frozenset()
    containers = lexicon().get("container", {})  # «засідань ради» counts both
    out: list[str] = []
    for n, part in enumerate(re.split(r",|\s(?:та|і|й)\s", m.group(2))):
        toks = [t for t in tokens(part) if t.kind == "word" or t.text in {"(", ")", "/"}]
        words = [t for t in toks if t.kind == "word"]
        if not words or (n and is_participle(words[0].text)):
            break
        nouns: list[str] = []
        open_bracket = False
        for t in toks:
            if t.text == "(":
                open_bracket = True
            elif t.text == ")":
                open_bracket = False
            elif t.kind == "word" and t.pos in {"NOUN", None}:
                if nouns and not open_bracket and nouns[-1] not in containers:
                    break
                nouns.append(t.lemma)
            elif t.kind == "word" and t.pos not in {"ADJF", "PRTF"}:
                break
        if not nouns and all(w.pos in {"ADJF", "PRTF"} for w in words):
            continue  # «культурологічних та культурно-мистецьких акцій»: adjectives joined
        if not nouns:
            break
        out += nouns
        if len(nouns) < len(words) and not set(w.lemma for w in words) <= set(nouns) | {
            w.lemma for w in words if w.pos in {"ADJF", "PRTF"}
        }:
            break
    return frozenset(out)


def unit_nouns(name: str) -> frozenset[str]:
    """The unit a measured indicator names after its last comma («Протяжність маршруту,
    км» counts км) when it is one plain word, not money, a percent or a scale."""
    head, comma, unit = name.rpartition(",")
    words = [t for t in tokens(unit) if t.kind == "word"] if comma and head else []
    scale = set(lexicon().get("money", {})) | set(lexicon().get("multiplier", {}))
    if len(words) != 1 or "%" in unit or words[0].text.casefold().rstrip(".") in scale:
        return frozenset()
    return frozenset({words[0].lemma})


def name_nouns(name: str) -> frozenset[str]:
    """The nouns of a row's name (not the stop words: «кількість», «рік» …)."""
    stop = lexicon().get("stop", {})
    return frozenset(
        t.lemma
        for t in tokens(name)
        if t.kind == "word" and t.pos == "NOUN" and t.lemma not in stop
    )


def head_modifiers(name: str) -> frozenset[str]:
    """Adjectives (not participles) before the first counted noun: «молодіжних» in
    «Кількість проведених молодіжних форумів»."""
    m = re.match(r"\s*([^\W\d_][\w\-]*)\.?\s+(.*)", name, re.S)
    if m and lemma_of(m.group(1))[0] != "кількість":
        m = None
    out: list[str] = []
    for t in tokens(m.group(2)) if m else []:
        if t.kind != "word" or t.pos not in {"ADJF", "PRTF"}:
            break
        if not is_participle(t.text):
            out.append(t.lemma)
    return frozenset(out)
