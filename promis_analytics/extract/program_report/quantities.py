"""Quantities stated in a report's text: value, counted noun (lemma), qualifiers, status, line."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from promis_analytics.parsing import NUMBER_WORDS, find_dates, parse_number, parse_number_words
from promis_analytics.paths import PACKAGE_DATA_DIR

__all__ = [
    "Quantity",
    "Token",
    "is_participle",
    "lemma_of",
    "lemmas",
    "quantities",
    "sentences",
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
_LINKS = {"та", "і", "й"}
_MONEY = {("тис", "грн"): "thousand_uah", ("млн", "грн"): "million_uah", ("грн",): "uah"}


@dataclass(frozen=True)
class Token:
    kind: str  # num | word | punct
    text: str
    start: int
    lemma: str = ""
    pos: str | None = None
    adj: str = ""


@dataclass(frozen=True)
class Quantity:
    """One statement of a quantity (or of a status) in a sentence.

    ``value`` is the sum of ``items`` (an enumeration of the same noun in one sentence:
    «22 публікації …, 12 на …, 11 на …» → 45), None for a status statement; ``lemma`` the
    counted noun's dictionary form; ``unit`` count | thousand_uah | uah | million_uah;
    ``near`` the lemmas of the words around the number (its clause), ``context`` those of the
    whole sentence and the sentence before it, ``background`` those of the table row the
    text stands in (its name); ``modifiers`` the adjectives on the counted noun; ``actions``
    the action classes of its verbs (produce, place, hold …); ``status`` full | postponed |
    not_done | ""; ``plan`` the sentence speaks of the plan; ``forms`` the nouns after «у
    формі» (the parts an aggregate is made of); ``line`` 1-based; ``home`` the row key of a
    table comment ("" in the narrative); ``passage`` the cell or paragraph it stands in.
    """

    value: Decimal | None
    lemma: str
    unit: str
    sentence: str
    line: int
    items: tuple[Decimal, ...] = ()
    nouns: frozenset[str] = frozenset()
    near: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    status: str = ""
    plan: bool = False
    forms: frozenset[str] = frozenset()
    home: str = ""
    passage: int = 0
    decimals: int = 0
    lines: tuple[int, ...] = field(default=())
    modifiers: frozenset[str] = frozenset()
    background: frozenset[str] = frozenset()


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
        if "-" in low:
            head = low.split("-")[0]
            if morph.word_is_known(head):
                return lemma_of(head)
        best = next((p for p in parses if morph.word_is_known(p.normal_form)), best)
    pos = str(best.tag.POS) if best.tag.POS else None
    adj = next((p for p in parses if p.tag.POS in {"ADJF", "PRTF"}), None)
    base = best.normal_form
    if word.isupper() and len(word) > 1:
        pos = "NOUN"
    base = lex.get("lemma", {}).get(base, lex.get("lemma", {}).get(low, base))
    return base, pos, adj.normal_form if adj is not None else ""


@lru_cache(maxsize=65536)
def noun_reading(word: str) -> str:
    """The dictionary form of the word read as a noun, "" when it cannot be one («школярів»
    reads first as a possessive adjective, and also as the noun школяр)."""
    parses = _analyser().parse(word.casefold().replace("'", "’"))
    noun = next((p for p in parses if p.tag.POS == "NOUN"), None)
    return noun.normal_form if noun is not None else ""


def _number_word(t: Token) -> str:
    """The number word a token is («сорок» reads first as a noun), "" when none."""
    if t.kind != "word":
        return ""
    low = t.text.casefold().replace("'", "’")
    return low if low in NUMBER_WORDS else t.lemma if t.lemma in NUMBER_WORDS else ""


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


def _actions(tokens: list[Token]) -> frozenset[str]:
    table = lexicon().get("action", {})
    return frozenset(table[t.lemma] for t in tokens if t.kind == "word" and t.lemma in table)


# --- sentences -------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Split a line into sentences at «. » before a capital, a quote or a digit, unless the
    word before the dot is short and lower case («м.», «тис.») or a known abbreviation, or
    no word stands before it (a closing quote) and no number does either."""
    abbrev = lexicon().get("abbreviation", {})
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[«\"A-ZА-ЯҐЄІЇ\d])", text):
        before = re.search(r"([^\W\d_]+)$", text[start : m.start()])
        word = before.group(1) if before else ""
        short = bool(word) and word.islower() and len(word) <= 3
        after_number = not word and text[m.start() - 1 : m.start()].isdigit()
        if m.group() == "." and (short or word.casefold() in abbrev or not (word or after_number)):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


# --- quantities ------------------------------------------------------------------------------


def quantities(
    lines: list[tuple[int, str]],
    *,
    home: str = "",
    home_lemmas: frozenset[str] = frozenset(),
    passage: int = 0,
) -> list[Quantity]:
    """Every quantity and status stated in ``lines`` ((line number, text) of one cell or
    paragraph): numbers in digits or words followed by what they count, enumerations of one
    noun in a sentence summed, status phrases (``data/audit_status_words.csv``)."""
    out: list[Quantity] = []
    previous: frozenset[str] = frozenset()
    for line_no, line in lines:
        for sent in sentences(line):
            toks = _tokens(sent)
            own = _content(toks)
            base = dict(
                sentence=sent,
                line=line_no,
                home=home,
                passage=passage,
                lines=(line_no,),
                background=home_lemmas,
            )
            ctx = own | previous
            out += _counted(toks, ctx, base)
            out += _statuses(sent, toks, ctx, base)
            previous = own
    return out


def _content(toks: list[Token]) -> frozenset[str]:
    stop = lexicon().get("stop", {})
    return frozenset(
        t.lemma
        for t in toks
        if t.kind == "word"
        and (t.pos in _NOUNISH or t.pos in {"ADJF", "PRTF"})
        and t.lemma not in stop
        and not _number_word(t)
        and len(t.lemma) > 1
    )


def _numbers(toks: list[Token]) -> list[tuple[int, int, Decimal, int]]:
    """(first token, token after, value, decimals) of each number that counts something."""
    found = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if _number_word(t):
            j = i
            while j < len(toks) and _number_word(toks[j]):
                j += 1
            value = parse_number_words([_number_word(x) for x in toks[i:j]])
            if value is not None and j < len(toks) and toks[j].pos in _NOUNISH | _ADJ:
                found.append((i, j, value, 0))
            i = j
            continue
        if t.kind == "num" and not _skip_number(toks, i):
            dec = re.search(r"[.,](\d+)$", t.text)
            found.append((i, i + 1, parse_number(t.text), len(dec.group(1)) if dec else 0))
        i += 1
    return found


def _skip_number(toks: list[Token], i: int) -> bool:
    """A list marker «1)», a number sign, a percent, a range, a year or a date remnant."""
    prev = toks[i - 1].text if i > 0 else ""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev in {"№", "/"} or (nxt is not None and nxt.text in {")", "%", "/"}):
        return True
    if (
        nxt is not None
        and nxt.text in {"-", "–"}
        and i + 2 < len(toks)
        and toks[i + 2].kind == "num"
    ):
        return True
    if prev in {"-", "–"} and i > 1 and toks[i - 2].kind == "num":
        return True
    value = toks[i].text
    if value.isdigit() and 1900 <= int(value) <= 2100:
        years = lexicon().get("year", {})
        return nxt is None or nxt.pos not in _NOUNISH or nxt.lemma in years or nxt.kind != "word"
    return False


def _noun_phrase(toks: list[Token], j: int) -> tuple[str, str, int, list[str]]:
    """(counted noun, unit, index after the phrase, adjectives) of the words after a number."""
    containers = lexicon().get("container", {})
    while j < len(toks) and toks[j].text in {"«", '"', "“", "„"}:
        j += 1
    unit = _money(toks, j)
    if unit:
        return "", unit, j + 1, []
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
        return noun, "count", j, adjs
    last = toks[j - 1] if adjs and j > 0 else None
    if last is not None and last.kind == "word" and noun_reading(last.text):
        return noun_reading(last.text), "count", j, adjs[:-1]
    return "", "count", j, adjs


def _money(toks: list[Token], j: int) -> str:
    words = [t.lemma for t in toks[j : j + 4] if t.kind == "word"][:2]
    for key, unit in _MONEY.items():
        if tuple(words[: len(key)]) == key:
            return unit
    return ""


def _counted(toks: list[Token], ctx: frozenset[str], base: dict) -> list[Quantity]:
    nums = _numbers(toks)
    found: list[dict] = []
    ends = [_noun_phrase(toks, j)[2] for _, j, _, _ in nums]
    for k, (i, j, value, decimals) in enumerate(nums):
        noun, unit, end, adjs = _noun_phrase(toks, j)
        window = toks[
            _clause_start(toks, i, ends[k - 1] if k else 0) : _clause_end(
                toks, end, nums[k + 1][0] if k + 1 < len(nums) else len(toks)
            )
        ]
        hi = nums[k + 1][0] if k + 1 < len(nums) else len(toks)
        acts = _actions(window) or _actions(toks[:i])
        coordinated = _coordinated(toks, end, hi)
        forms = _forms(toks[end:hi])
        found.append(
            dict(
                value=value,
                lemma=noun,
                unit=unit,
                adjs=bool(adjs),
                near=_content(window) | frozenset(adjs),
                actions=acts,
                nouns=frozenset([noun, *coordinated]) - {""},
                forms=forms,
                decimals=decimals,
                modifiers=frozenset(adjs),
            )
        )
    _fill_ellipsis(found)
    plan = bool(_content(toks) & set(lexicon().get("plan", {}))) or any(
        t.lemma in lexicon().get("plan", {}) for t in toks if t.kind == "word"
    )
    return _grouped(found, ctx, plan, base)


def _clause_start(toks: list[Token], i: int, lo: int) -> int:
    """After the last «,», «;» or «:» before the number, not before the previous phrase."""
    for k in range(i - 1, lo - 1, -1):
        if toks[k].text in {",", ";", ":"}:
            return k + 1
    return lo


def _clause_end(toks: list[Token], end: int, hi: int) -> int:
    """At the first «,» or «;» after the counted phrase, not after the next number."""
    for k in range(end, hi):
        if toks[k].text in {",", ";"}:
            return k
    return hi


def _coordinated(toks: list[Token], j: int, hi: int) -> list[str]:
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


def _forms(toks: list[Token]) -> frozenset[str]:
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


def _fill_ellipsis(found: list[dict]) -> None:
    """A number without a noun counts the next noun when adjectives follow it («19
    соціальних, 11 пам’ятних, 5 мистецьких заходів»), else the noun before it («22
    публікації …, 12 на …»)."""
    for k, q in enumerate(found):
        if q["lemma"] or q["unit"] != "count":
            continue
        order = found[k + 1 :] if q["adjs"] else found[k - 1 :: -1] if k else []
        donor = next((d for d in order if d["lemma"] and d["unit"] == "count"), None)
        if donor is None and q["adjs"]:
            donor = next((d for d in found[k - 1 :: -1] if d["lemma"]), None) if k else None
        if donor is not None:
            q["lemma"] = donor["lemma"]
            q["nouns"] = q["nouns"] | {donor["lemma"]}


def _grouped(found: list[dict], ctx: frozenset[str], plan: bool, base: dict) -> list[Quantity]:
    """One record per counted noun and unit in the sentence; its value is the sum."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for q in found:
        if q["lemma"] or q["unit"] != "count":
            groups.setdefault((q["lemma"], q["unit"]), []).append(q)
    out = []
    for (noun, unit), qs in groups.items():
        items = tuple(q["value"] for q in qs)
        out.append(
            Quantity(
                value=sum(items, Decimal(0)),
                lemma=noun,
                unit=unit,
                items=items,
                nouns=frozenset().union(*(q["nouns"] for q in qs)),
                near=frozenset().union(*(q["near"] for q in qs)) - {noun},
                context=ctx - {noun},
                actions=frozenset().union(*(q["actions"] for q in qs)),
                plan=plan,
                forms=frozenset().union(*(q["forms"] for q in qs)),
                decimals=max(q["decimals"] for q in qs),
                modifiers=frozenset().union(*(q["modifiers"] for q in qs)),
                **base,
            )
        )
    return out


def _statuses(sent: str, toks: list[Token], ctx: frozenset[str], base: dict) -> list[Quantity]:
    """A status phrase («перенесено на 2020 рік») as a record without a value; its noun is
    the sentence's first noun (what is said to be done in full, moved or not done)."""
    low = sent.casefold().replace("'", "’")
    for phrase, status in status_words():
        if phrase in low:
            noun = next((t.lemma for t in toks if t.kind == "word" and t.pos == "NOUN"), "")
            return [
                Quantity(
                    value=None,
                    lemma=noun,
                    unit="status",
                    status=status,
                    near=_content(toks) - {noun},
                    context=ctx - {noun},
                    actions=_actions(toks),
                    **base,
                )
            ]
    return []
