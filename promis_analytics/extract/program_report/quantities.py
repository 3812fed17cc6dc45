"""Quantities stated in a report's text: value, counted noun (lemma), qualifiers, status, line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from promis_analytics.extract.program_report.clauses import (
    bound_of,
    is_determiner,
    part_flags,
)
from promis_analytics.extract.program_report.figures import (
    in_thousands,
    money_scale,
    numbers_in,
)
from promis_analytics.extract.program_report.morphology import (
    Token,
    actions,
    content,
    is_participle,
    lexicon,
    noun_reading,
    status_words,
    tokens,
)

__all__ = ["Quantity", "quantities", "sentences"]

_NOUNISH = {"NOUN", None}
_ADJ = {"ADJF", "PRTF", "NUMR"}
_LINKS = {"та", "і", "й"}


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
    phrase: str = ""  # the status phrase as printed («у повному обсягу»)
    bound: str = ""  # min («понад 600») | max | approx («близько») | "" exactly
    partial: bool = False  # a status said of a counted part («Один об’єкт перенесено …»)
    elsewhen: bool = False  # said of another period («у 2019 році», «за 2018–2020 роки»)
    aside: str = ""  # not a count of what was done: undone («Три семінари не відбулися»)
    # or whole («Із 160 працівників …»: the base a row's count is taken from)


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
            toks = tokens(sent)
            how = _status_phrase_words(sent)  # «у повному обсязі» says how, not what
            own = content(toks) - how
            base = dict(
                sentence=sent,
                line=line_no,
                home=home,
                passage=passage,
                lines=(line_no,),
                background=home_lemmas,
            )
            ctx = own | previous
            counted = [replace(q, near=q.near - how) for q in _counted(toks, ctx, base)]
            statuses = _statuses(sent, toks, ctx, base)
            counted = _set_aside(sent, counted, statuses, ctx, base)
            if statuses and _counts_a_part(status_clause(sent), ctx, base):
                statuses = [replace(q, partial=True) for q in statuses]
            out += counted + statuses
            previous = own
    return out


def _set_aside(
    sent: str, counted: list[Quantity], statuses: list[Quantity], ctx: frozenset[str], base: dict
) -> list[Quantity]:
    """Mark counts that say nothing of what was done: a count in the clause of a «не
    відбулися» / «перенесено» status (what was not done), and the number after an opening
    «з/із N» with no other number in the sentence (the whole a row's count is taken from:
    «Із 160 працівників первинної ланки»; «З 210 знаків 150 …» names its part and is
    compared)."""
    stopped = {"postponed", "not_done"}
    undone: set[tuple[Decimal | None, str]] = set()
    if any(st.status in stopped for st in statuses):
        for clause in _CLAUSE_BREAK.split(sent):
            if _status_of(clause) in stopped:
                undone |= {(q.value, q.lemma) for q in _counted(tokens(clause), ctx, base)}
    toks = tokens(sent)
    found = numbers_in(toks)
    opener = lexicon().get("partitive_from", {})
    words = [t for t in toks[: found[0][0]] if t.kind == "word"] if len(found) == 1 else []
    whole = len(words) == 1 and words[0].text.casefold() in opener
    out = []
    for k, q in enumerate(counted):
        if (q.value, q.lemma) in undone:
            q = replace(q, aside="undone")
        elif k == 0 and whole and len(counted) == 1:
            q = replace(q, aside="whole")
        out.append(q)
    return out


def _status_of(clause: str) -> str:
    """The status of the first status phrase in ``clause`` ("" when none)."""
    low = clause.casefold().replace("'", "’")
    return next((status for phrase, status in status_words() if phrase in low), "")


def _status_phrase_words(sentence: str) -> frozenset[str]:
    """The lemmas of the status phrases in ``sentence`` (``data/audit_status_words.csv``)."""
    low = sentence.casefold().replace("'", "’")
    found = [phrase for phrase, _ in status_words() if phrase in low]
    return frozenset(t.lemma for p in found for t in tokens(p) if t.kind == "word")


_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[–—-]\s+")


def status_clause(sentence: str) -> str:
    """The clause of ``sentence`` (between commas, semicolons, colons, dashes) that holds
    its first status phrase: «Навчання проведено у повному обсязі, відбулося 9 семінарів»
    → «Навчання проведено у повному обсязі»."""
    low = sentence.casefold().replace("'", "’")
    for clause in _CLAUSE_BREAK.split(sentence):
        c = clause.casefold().replace("'", "’")
        if any(phrase in c for phrase, _ in status_words()):
            return clause
    return sentence if low else ""


def _counts_a_part(clause: str, ctx: frozenset[str], base: dict) -> bool:
    """The status clause counts things («Один об’єкт перенесено», «2 з 5 тренінгів
    перенесено»): its status is of a part; an amount («кошти в сумі 120,0 тис. грн
    використано у повному обсязі») or a count in another clause does not make it partial."""
    toks = tokens(clause)
    opening = any(is_determiner(toks, n[0]) for n in numbers_in(toks))
    return opening or any(q.unit == "count" for q in _counted(toks, ctx, base))


def _noun_phrase(toks: list[Token], j: int) -> tuple[str, str, int, list[str]]:
    """(counted noun, unit, index after the phrase, adjectives) of the words after a number."""
    containers = lexicon().get("container", {})
    while j < len(toks) and toks[j].text in {"«", '"', "“", "„"}:
        j += 1
    if money_scale(toks, j) is not None:
        return "", "thousand_uah", j + 1, []
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


def _counted(toks: list[Token], ctx: frozenset[str], base: dict) -> list[Quantity]:
    nums = [
        n
        for n in numbers_in(toks)
        if not is_determiner(toks, n[0]) and bound_of(toks, n[0]) != "change"
    ]
    parts = part_flags(toks, [n[0] for n in nums])
    nums = [n for n, part in zip(nums, parts, strict=True) if not part]
    found: list[dict] = []
    ends = [_noun_phrase(toks, j)[2] for _, j, _, _ in nums]
    for k, (i, j, value, decimals) in enumerate(nums):
        noun, unit, end, adjs = _noun_phrase(toks, j)
        if unit != "count":
            value, decimals = in_thousands(value, decimals, money_scale(toks, end - 1))
        window = toks[
            _clause_start(toks, i, ends[k - 1] if k else 0) : _clause_end(
                toks, end, nums[k + 1][0] if k + 1 < len(nums) else len(toks)
            )
        ]
        hi = nums[k + 1][0] if k + 1 < len(nums) else len(toks)
        acts = actions(window) or actions(toks[:i])
        coordinated = _coordinated(toks, end, hi)
        forms = _forms(toks[end:hi])
        found.append(
            dict(
                value=value,
                lemma=noun,
                unit=unit,
                adjs=bool(adjs),
                near=content(window) | frozenset(adjs),
                actions=acts,
                nouns=frozenset([noun, *coordinated]) - {""},
                forms=forms,
                decimals=decimals,
                modifiers=frozenset(adjs),
                bound=bound_of(toks, i),
            )
        )
    _fill_ellipsis(found)
    plan = bool(content(toks) & set(lexicon().get("plan", {}))) or any(
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
                bound=qs[0]["bound"] if len(qs) == 1 else "",
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
                    phrase=sent[low.find(phrase) : low.find(phrase) + len(phrase)],
                    near=content(toks) - {noun},
                    context=ctx - {noun},
                    actions=actions(toks),
                    **base,
                )
            ]
    return []
