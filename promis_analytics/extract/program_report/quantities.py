"""Quantities stated in a report's text: value, counted noun (lemma), qualifiers, status, line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from promis_analytics.extract.program_report.clauses import (
    bound_of,
    is_determiner,
    part_flags,
    ranges,
    summands,
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
    lexicon,
    named_masks,
    status_words,
    tokens,
)
from promis_analytics.extract.program_report.nounphrase import (
    coordinated,
    fill_ellipsis,
    forms_of,
    noun_before,
    noun_phrase,
)
from promis_analytics.extract.program_report.sentences import sentences
from promis_analytics.parsing import parse_number

__all__ = ["Quantity", "quantities", "sentences"]


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
    bound: str = ""  # min («понад 600») | max | approx («близько») | range | "" exactly
    low: Decimal | None = None  # the lower end of a range («від 10 до 12»: 10)
    partial: bool = False  # a status said of a counted part («Один об’єкт перенесено …»)
    elsewhen: bool = False  # said of another period («у 2019 році», «за 2018–2020 роки»)
    aside: str = ""  # not a count of what was done: undone («Три семінари не відбулися»),
    # stage («До 3-го етапу вийшли 6 команд»), part_period («у І півріччі»),
    # or whole («Із 160 працівників …»: the base a row's count is taken from)


# --- quantities ------------------------------------------------------------------------------


def quantities(
    lines: list[tuple[int, str]],
    *,
    home: str = "",
    home_lemmas: frozenset[str] = frozenset(),
    passage: int = 0,
    mentions: bool = False,
) -> list[Quantity]:
    """Every quantity and status stated in ``lines`` ((line number, text) of one cell or
    paragraph): numbers in digits or words followed by what they count, enumerations of one
    noun in a sentence summed, status phrases (``data/audit_status_words.csv``); with
    ``mentions``, a sentence with neither as a record of unit «mention»."""
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
            out += counted + statuses or (_mention(toks, own, base) if mentions else [])
            previous = own
    return out


def _mention(toks: list[Token], own: frozenset[str], base: dict) -> list[Quantity]:
    """A sentence of the text that counts nothing and has no status, as a record without a
    value (unit «mention»: what it says was done, «Алею пам’яті … відкрито 29 серпня»);
    none for a table comment, a negated sentence, one in the future or of the plan (kinds
    ``negation``, ``future``, ``plan``)."""
    lex = lexicon()
    words = {t.text.casefold() for t in toks if t.kind == "word"}
    not_done = set(lex.get("negation", {})) | set(lex.get("future", {}))  # «буде облаштовано»
    if base["home"] or not own or words & not_done or _plan(toks):
        return []
    return [Quantity(value=None, lemma="", unit="mention", near=own, actions=actions(toks), **base)]


def _set_aside(
    sent: str, counted: list[Quantity], statuses: list[Quantity], ctx: frozenset[str], base: dict
) -> list[Quantity]:
    """Mark counts that say nothing of what was done: a count in the clause of a «не
    відбулися» / «перенесено» status (what was not done), a count in a clause with an
    ordinal («До 3-го етапу вийшли 6 команд»: those that reached a stage, a part), a figure
    whose own words name a part of the year (kind ``part_period``: «у І півріччі
    проведено 5 тренінгів»), and the number after an opening
    «з/із N» with no other number in the sentence (the whole a row's count is taken from:
    «Із 160 працівників первинної ланки»; «З 210 знаків 150 …» names its part and is
    compared)."""
    stopped = {"postponed", "not_done"}
    undone: set[tuple[Decimal | None, str]] = set()
    staged: set[tuple[Decimal | None, str]] = set()
    ordinal = named_masks().get("ordinal")
    for clause in _CLAUSE_BREAK.split(sent):
        said = {(q.value, q.lemma) for q in _counted(tokens(clause), ctx, base)}
        if _status_of(clause) in stopped and any(st.status in stopped for st in statuses):
            undone |= said
        elif ordinal is not None and ordinal.search(clause):
            staged |= said
    toks = tokens(sent)
    found = numbers_in(toks)
    opener = lexicon().get("partitive_from", {})
    words = [t for t in toks[: found[0][0]] if t.kind == "word"] if len(found) == 1 else []
    whole = len(words) == 1 and words[0].text.casefold() in opener
    out = []
    for k, q in enumerate(counted):
        if (q.value, q.lemma) in undone:
            q = replace(q, aside="undone")
        elif q.unit == "count" and (q.value, q.lemma) in staged:
            q = replace(q, aside="stage")
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


def _counted(toks: list[Token], ctx: frozenset[str], base: dict) -> list[Quantity]:
    """The counts and amounts of a sentence (``toks``), one record per counted noun."""
    nums = [
        n
        for n in numbers_in(toks)
        if not is_determiner(toks, n[0]) and bound_of(toks, n[0]) not in {"change", "rate"}
    ]
    parts = part_flags(toks, [n[0] for n in nums])
    nums = [n for n, part in zip(nums, parts, strict=True) if not part]
    spans = [(n[0], n[1]) for n in nums]
    lows = ranges(toks, spans)
    chained, written = summands(toks, spans)
    found: list[dict] = []
    ends = [noun_phrase(toks, j)[2] for _, j, _, _ in nums]
    for k, (i, j, value, decimals) in enumerate(nums):
        if k in written or k in lows.values():
            continue
        hi = nums[k + 1][0] if k + 1 < len(nums) else len(toks)
        q = _phrase(toks, (i, j, value, decimals), ends[k - 1] if k else 0, hi)
        q["chained"] = k in chained
        if k in lows and not _plan(toks, "change"):
            q["bound"], q["low"] = "range", nums[lows[k]][2]
        found.append(q)
    fill_ellipsis(found)
    found += _percent(toks, ends[-1] if ends else 0)
    first = nums[0][0] if nums else len(toks)  # a plan word before the first number
    plan = _plan(toks[:first]) and not any(q["plan"] for q in found)
    return _grouped(found, ctx, plan, base)


def _phrase(toks: list[Token], num: tuple, lo: int, hi: int) -> dict:
    """The record of one number (``num``: first token, token after, value, decimals)
    between the previous counted phrase (``lo``) and the next number (``hi``)."""
    i, j, value, decimals = num
    noun, unit, end, adjs = noun_phrase(toks, j)
    if unit != "count":
        value, decimals = in_thousands(value, decimals, money_scale(toks, end - 1))
    elif not noun and end == j:
        noun = noun_before(toks, i, lo)
    window = toks[_clause_start(toks, i, lo) : _clause_end(toks, end, hi)]
    joined = coordinated(toks, end, hi)  # «36 зустрічей і занять»: the two together
    return dict(
        value=value,
        lemma=noun,
        unit=unit,
        adjs=bool(adjs),
        near=content(window) | frozenset(adjs),
        actions=actions(window) or actions(toks[:i]),
        nouns=frozenset([noun, *joined]) - {""},
        forms=forms_of(toks[end:hi]) or frozenset(joined),
        decimals=decimals,
        modifiers=frozenset(adjs),
        bound=bound_of(toks, i),
        low=None,
        plan=_plan(toks[_clause_start(toks, i, lo) : end]),  # not the words after its noun
        period=_part_period(toks, _clause_start(toks, i, lo), i, end),
    )


def _percent(toks: list[Token], lo: int) -> list[dict]:
    """The one percent a sentence states («Частка світлодіодних світильників зросла до 72
    %»), to be compared with an indicator measured in percent; none when the sentence states
    several (a change «з 65 % до 72 %», a comparison) or a difference («на 5 %»)."""
    marks = [k for k, t in enumerate(toks) if t.text == "%" and k and toks[k - 1].kind == "num"]
    if len(marks) != 1 or bound_of(toks, marks[0] - 1) in {"change", "rate"}:
        return []
    i = marks[0] - 1
    q = _phrase(
        toks, (i, i + 1, parse_number(toks[i].text), _decimals(toks[i].text)), lo, len(toks)
    )
    return [{**q, "lemma": "", "unit": "percent", "nouns": frozenset(), "forms": frozenset()}]


def _decimals(text: str) -> int:
    dec = re.search(r"[.,](\d+)$", text)
    return len(dec.group(1)) if dec else 0


def _part_period(toks: list[Token], start: int, i: int, end: int) -> bool:
    """The words of the number's clause before it, or the few right after its phrase up to
    the next number, name a part of the year (kind ``part_period``: «у І півріччі»)."""
    periods = lexicon().get("part_period", {})
    after: list[Token] = []
    for t in toks[end : end + 4]:
        if t.kind == "num" or t.text in {",", ";", "."}:
            break
        after.append(t)
    return any(t.lemma in periods for t in [*toks[start:i], *after] if t.kind == "word")


def _plan(toks: list[Token], kind: str = "plan") -> bool:
    """The words speak of the plan (kind ``plan``: «заплановано», «планувалося»; or of
    another kind of the lexicon, «change»)."""
    table = lexicon().get(kind, {})
    return any(t.lemma in table for t in toks if t.kind == "word")


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


def _grouped(found: list[dict], ctx: frozenset[str], plan: bool, base: dict) -> list[Quantity]:
    """One record per counted noun, unit and plan-or-fact in the sentence; its value is the
    sum («Заплановано 15 тренінгів, проведено 12» is two records: the plan and the fact).
    ``plan``: the whole sentence speaks of the plan (no single clause does)."""
    groups: dict[tuple[str, str, bool], list[dict]] = {}
    for q in found:
        if q["lemma"] or q["unit"] != "count":
            groups.setdefault((q["lemma"], q["unit"], plan or q["plan"]), []).append(q)
    out = []
    for (noun, unit, planned), qs in groups.items():
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
                plan=planned,
                forms=frozenset().union(*(q["forms"] for q in qs)),
                decimals=max(q["decimals"] for q in qs),
                modifiers=frozenset().union(*(q["modifiers"] for q in qs)),
                bound=qs[0]["bound"] if len(qs) == 1 else "",
                low=qs[0]["low"] if len(qs) == 1 else None,
                aside="part_period" if all(q["period"] for q in qs) else "",
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
