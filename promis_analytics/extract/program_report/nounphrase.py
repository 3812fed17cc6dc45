"""The noun a number counts: after it (adjectives, containers), before it, or elided."""

from __future__ import annotations

from promis_analytics.extract.program_report.figures import money_scale
from promis_analytics.extract.program_report.morphology import (
    Token,
    is_participle,
    is_plural_noun,
    lexicon,
    noun_reading,
    possessive_noun,
)

__all__ = ["coordinated", "fill_ellipsis", "forms_of", "noun_before", "noun_phrase"]

_NOUNISH = {"NOUN", None}
_ADJ = {"ADJF", "PRTF", "NUMR"}
_LINKS = {"та", "і", "й"}
_LEADS = {":", "–", "—", "-"}


def noun_phrase(toks: list[Token], j: int) -> tuple[str, str, int, list[str]]:
    """(counted noun, unit, index after the phrase, adjectives) of the words after a number."""
    containers = lexicon().get("container", {})
    while j < len(toks) and toks[j].text in {"«", '"', "“", "„"}:
        j += 1
    if money_scale(toks, j) is not None:
        return "", "thousand_uah", j + 1, []
    possessive = possessive_noun(toks[j].text) if j < len(toks) and toks[j].kind == "word" else ""
    if possessive:  # «38 лікарів загальної практики»: лікарів is the noun, not «лікарів» adj.
        return possessive, "count", j + 1, []
    adjs: list[str] = []
    while j < len(toks) and (toks[j].pos in _ADJ or (toks[j].text == "." and adjs)):
        if toks[j].kind == "word" and not is_participle(toks[j].text):
            adjs.append(toks[j].lemma)
        j += 1
    if j < len(toks) and toks[j].kind == "word" and toks[j].pos in _NOUNISH:
        noun = toks[j].lemma
        j += 1
        if noun in containers:
            k, inner = j, []
            while k < len(toks) and (toks[k].pos in _ADJ or toks[k].text in {"«", ".", "»"}):
                inner += [toks[k].lemma] if toks[k].kind == "word" else []
                k += 1
            if k < len(toks) and toks[k].kind == "word" and toks[k].pos in _NOUNISH:
                return toks[k].lemma, "count", k + 1, inner
            if not adjs and j >= 3 and toks[j - 3].text in _LEADS:  # «Валідатори: 62 шт.»
                return "", "count", j - 1, adjs  # the noun before the mark counts
        return noun, "count", j, adjs
    last = toks[j - 1] if adjs and j > 0 else None
    if last is not None and last.kind == "word" and noun_reading(last.text):
        return noun_reading(last.text), "count", j, adjs[:-1]
    return "", "count", j, adjs


def coordinated(toks: list[Token], j: int, hi: int) -> list[str]:
    """Nouns joined to the counted one by «та»/«і»: «31 постер та білборд» → [білборд]."""
    out = []
    while j + 1 < hi and toks[j].text.casefold() in _LINKS:
        k = j + 1
        while k < hi and toks[k].pos in _ADJ:
            k += 1
        if k < hi and toks[k].kind == "word" and toks[k].pos in _NOUNISH:
            out.append(toks[k].lemma)
            j = k + 1
        else:
            break
    return out


def forms_of(toks: list[Token]) -> frozenset[str]:
    """Nouns after «у формі …»/«у вигляді …»: what an aggregate count is made of."""
    marks = lexicon().get("aggregate", {})
    for k, t in enumerate(toks):
        if t.kind == "word" and t.lemma in marks and k and toks[k - 1].text in {"у", "в"}:
            stop = lexicon().get("stop", {})
            return frozenset(
                x.lemma
                for x in toks[k + 1 :]
                if x.kind == "word" and x.pos in _NOUNISH and x.lemma not in stop
            )
    return frozenset()


def fill_ellipsis(found: list[dict]) -> None:
    """A number without a noun counts the next noun when adjectives follow it («4
    спортивних, 7 освітніх заходів»), else the noun before it («22 публікації …, 12 на …»)."""
    for k, q in enumerate(found):
        if q["lemma"] or q["unit"] != "count":
            continue
        ahead = q["adjs"] or q.get("chained")  # «4 спортивних, …», «3 + 5 + 2 виставки»
        order = found[k + 1 :] if ahead else found[k - 1 :: -1] if k else []
        donor = next((d for d in order if d["lemma"] and d["unit"] == "count"), None)
        if donor is None and q["adjs"]:
            donor = next((d for d in found[k - 1 :: -1] if d["lemma"]), None) if k else None
        if donor is not None:
            q["lemma"] = donor["lemma"]
            q["nouns"] = q["nouns"] | {donor["lemma"]}


def noun_before(toks: list[Token], i: int, lo: int) -> str:
    """The counted noun of a number that stands after a dash or a colon with no noun after
    it («Кількість учасників конкурсу – 45», «Проведено тренінгів: 12»): the nearest plural
    noun before the mark, back to ``lo`` (the previous phrase) or a comma; "" when none."""
    if i < 2 or toks[i - 1].text not in _LEADS:
        return ""
    stop = lexicon().get("stop", {})
    for k in range(i - 2, lo - 1, -1):
        t = toks[k]
        if t.text in {",", ";", "."} or t.kind == "num":
            return ""
        if t.kind == "word" and t.pos == "NOUN" and t.lemma not in stop and is_plural_noun(t.text):
            return t.lemma
    return ""
