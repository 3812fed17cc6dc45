"""What the words around a number say of it: a bound («понад»), a part («з них»), a pronoun."""

from __future__ import annotations

import re
from decimal import Decimal

from promis_analytics.extract.program_report.morphology import Token, lexicon, tokens
from promis_analytics.parsing import NUMBER_WORDS

__all__ = [
    "bound_of",
    "is_determiner",
    "other_period",
    "part_flags",
    "per_unit_text",
    "ranges",
    "summands",
]

_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*[-–—]\s*((?:19|20)\d\d))?(?!\d)")


def _words(toks: list[Token]) -> str:
    """The words of ``toks``, lower case, one space between («у т.ч.» → "у т ч")."""
    return " ".join(t.text.casefold().replace("'", "’") for t in toks if t.kind == "word")


def bound_of(toks: list[Token], i: int) -> str:
    """How the number at token ``i`` is meant: "change" («зменшилася на 9»: a difference,
    kind ``change``), "min" («понад 600»: at least), "max"
    («менше 50»), "approx" («близько 12 тисяч»), "rate" (a figure per unit: «по 3,0 тис.
    грн», «на одну особу»), "" (exactly); from the one or two words
    right before it (``data/audit_lexicon.csv``, kind ``bound``)."""
    bounds = lexicon().get("bound", {})
    change = lexicon().get("change", {})
    if i and toks[i - 1].text.casefold() == "на" and any(t.lemma in change for t in toks):
        return "change"
    if _per_unit(toks, i):
        return "rate"
    before = [t for t in toks[max(0, i - 3) : i] if t.kind == "word"]
    for n in (3, 2, 1):
        if len(before) >= n:
            phrase = _words(before[-n:])
            if phrase in bounds and toks[i - 1].kind == "word":
                return bounds[phrase]
    return ""


def _per_unit(toks: list[Token], i: int) -> bool:
    """A figure per unit, not a total: «на одну особу» (kind ``per_unit``: the word before
    «один»), «один» in a sentence of an average (kind ``average``), or after a distributive
    word (kind ``rate``: «по 3,0 тис. грн», «у розмірі 3,0 тис. грн») when a count stands
    before it in the sentence («382 особи по 3,0 тис. грн») or, unless the word's value is
    «before», after it («в розмірі 3,0 тис. грн отримали 328 учасників»)."""
    lex = lexicon()
    word = toks[i].text.casefold() if toks[i].kind == "word" else ""
    before = _words(toks[max(0, i - 2) : i]).split()
    unit = before[-1] in lex.get("per_unit", {}) if before else False
    if word and unit and word in lex.get("determiner", {}):
        return True
    average = any(t.lemma in lex.get("average", {}) for t in toks)  # «Середня вартість …
    if word in lex.get("determiner", {}) and average:  # … харчування одного учня»
        return True
    said = " ".join(before)
    rate = next((r for r in lex.get("rate", {}) if said == r or said.endswith(" " + r)), "")
    if not rate:
        return False
    ahead = lex["rate"][rate] != "before"  # «по 3 семінари у …, 5 у …» lists, no rate
    return any(t.kind == "num" and (k < i or ahead) for k, t in enumerate(toks) if k != i)


def figure_clause(sentence: str, value: Decimal | None) -> str:
    """``sentence`` up to the end of the clause (between dashes, semicolons) that prints the
    figure («… витратила 351,0 тис. грн — гроші, на які … чекали не один рік» → the part
    before the dash); the whole sentence when the figure is not found as printed."""
    printed = format(value, "f").replace(".", ",") if value is not None else ""
    parts = re.split(r"(?<=\s)[–—](?=\s)|(?<=;)\s", sentence)
    for k, part in enumerate(parts):
        if printed and printed in part.replace(" ", ""):
            return "—".join(parts[: k + 1])
    return sentence


def per_unit_text(text: str) -> bool:
    """The text speaks of a figure per unit: an average (kind ``average``: «Середня
    вартість …»), «один» inside it («заміни одного світильника», «на одну особу») or a
    unit of time (kind ``per_time``: «на день»)."""
    lex = lexicon()
    words = [t for t in tokens(text) if t.kind == "word"]
    ones = lex.get("determiner", {})
    low = " " + " ".join(t.text.casefold() for t in words) + " "
    if any(f" {p} " in low for p in lex.get("per_time", {})):  # «30,0 грн на день»
        return True
    return any(t.lemma in lex.get("average", {}) for t in words) or any(
        t.text.casefold() in ones for t in words[1:]
    )


def is_determiner(toks: list[Token], i: int) -> bool:
    """«Один об’єкт перенесено …», «Одна організація не подала …»: the word «один» opening
    a sentence means one of the things, not how many there are (kind ``determiner``)."""
    first = next((k for k, t in enumerate(toks) if t.kind != "punct"), -1)
    word = toks[i].text.casefold() if toks[i].kind == "word" else ""
    nxt = toks[i + 1].lemma if i + 1 < len(toks) else ""
    scale = nxt in NUMBER_WORDS or nxt in lexicon().get("multiplier", {})  # «Одна тисяча …»
    return i == first and word in lexicon().get("determiner", {}) and not scale


def part_flags(toks: list[Token], starts: list[int]) -> list[bool]:
    """For each number (its first token in ``starts``): is it a part of a figure before it?
    After a partitive phrase («з них», «у т.ч.», «зокрема»; kind ``partitive``) since the
    previous number, or followed by one («3 з яких»; kind ``partitive_after``), or after a
    colon that follows a number («7 камер: 4 на в’їздах і 3 у
    центрі» — the breakdown of 7). A colon with no number before it opens a list
    («Проведено: 2 консультації, 16 обговорень»): its numbers are not parts."""
    partitive = lexicon().get("partitive", {})
    out: list[bool] = []
    for k, i in enumerate(starts):
        if k == 0:
            out.append(False)
            continue
        between = toks[starts[k - 1] + 1 : i]
        said = f" {_words(between)} "
        after = f" {_words(toks[i + 1 : i + 4])} "
        marked = any(f" {p} " in said for p in partitive) or _from_total(toks, starts[0])
        marked = marked or any(
            after.startswith(f" {p} ") for p in lexicon().get("partitive_after", {})
        )
        colon = _breakdown_colon(toks, starts[0], i)
        out.append(marked or colon or (out[-1] and not _new_clause(between)))
    return out


def _breakdown_colon(toks: list[Token], first: int, i: int) -> bool:
    """A colon between the first number and this one, with no verb between the first
    number and the colon («7 камер: 4 …» — not «за 9 місяців проведено: 5 тренінгів»)."""
    colon = next((k for k in range(first + 1, i) if toks[k].text == ":"), None)
    return colon is not None and all(t.pos != "VERB" for t in toks[first + 1 : colon])


def _new_clause(between: list[Token]) -> bool:
    """A «;» or a full stop ends a breakdown."""
    return any(t.text in {";", "."} for t in between)


def _from_total(toks: list[Token], first: int) -> bool:
    """«З 8 підтриманих проєктів 5 реалізовано …, 3 – …»: a sentence that opens with «з»
    before its first number speaks of parts of that number (kind ``partitive_from``)."""
    opener = lexicon().get("partitive_from", {})
    words = [t for t in toks[:first] if t.kind == "word"]
    return len(words) == 1 and words[0].text.casefold() in opener


def other_period(sentence: str, period: str, kind: str = "time_preposition") -> bool:
    """The sentence places what it counts in another period than the report's: a time
    preposition (kind ``time_preposition``: «у», «за», «протягом» …) before a year that is
    not the report's or before a span of years («за 2018–2020 роки», «у 2019 році»). A year
    without one («ради 2017-2019 рр.», «перенесено на 2021 рік») says nothing of when.
    ``kind`` names the lexicon's list of prepositions («на» for a plan: «путівки на 2022 рік
    передбачено» is the plan of another year)."""
    own = set(re.findall(r"(?:19|20)\d\d", period))
    before = lexicon().get(kind, {})
    for m in _YEARS.finditer(sentence):
        words = re.findall(r"[^\W\d_]+", sentence[: m.start()])
        if not words or words[-1].casefold() not in before:
            continue
        if m.group(2) or m.group(1) not in own:
            return True
    return False


def ranges(toks: list[Token], nums: list[tuple[int, int]]) -> dict[int, int]:
    """Numbers that close a range «від 10 до 12 тренінгів» (kinds ``range_from`` and
    ``range_to`` of the lexicon): {index of the upper number: index of the lower} in
    ``nums`` ((first token, token after) of each number). The lower number is no count of
    its own; the upper one is a figure between the two (in a sentence of change, «зросла з
    120 до 180 осіб», the new figure itself)."""
    lex = lexicon()
    opens, closes = lex.get("range_from", {}), lex.get("range_to", {})
    out: dict[int, int] = {}
    for k in range(1, len(nums)):
        (i0, j0), (i1, _) = nums[k - 1], nums[k]
        before = toks[i0 - 1].text.casefold() if i0 else ""
        if i1 == j0 + 1 and toks[j0].text.casefold() in closes and before in opens:
            out[k] = k - 1
    return out


def summands(toks: list[Token], nums: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """(chained, written out) numbers of a sum written with «+» («3 + 5 + 2 виставки»: the
    first two take the noun of the last; «3 + 5 + 2 = 10 виставок»: the three are the
    written-out parts of 10, not addends of their own)."""
    chained: set[int] = set()
    written: set[int] = set()
    run: list[int] = []
    for k, (_, j) in enumerate(nums):
        mark = toks[j].text if j < len(toks) else ""
        run.append(k)
        if mark == "+":
            chained.add(k)
            continue
        if mark == "=" and len(run) > 1:
            written.update(run)
        run = []
    return chained, written
