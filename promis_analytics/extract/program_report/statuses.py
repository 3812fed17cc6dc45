"""Status words against the figures: «у повному обсязі» below the plan, «перенесено» used."""

from __future__ import annotations

import re
from itertools import pairwise

from promis_analytics.extract.program_report.alignment import Row, settings
from promis_analytics.extract.program_report.disagreement import (
    STOPPED,
    TextAudit,
    figures_text,
    make,
    stated_text,
    status_text,
)
from promis_analytics.extract.program_report.morphology import (
    is_participle,
    lemmas,
    lexicon,
    status_words,
    tokens,
)
from promis_analytics.extract.program_report.quantities import Quantity, status_clause

QUOTED = re.compile(r"[«\"“„][^»\"”]{2,}[»\"”]")

__all__ = [
    "QUOTED",
    "about_row",
    "names_an_item",
    "narrower",
    "own_statuses",
    "stopped_measures_done",
    "stopped_rows_used",
    "uses",
]


def own_statuses(stmts: list[Quantity], by_key: dict[str, Row], audit: TextAudit) -> None:
    for q in stmts:
        row = by_key.get(q.home)
        if not q.status or row is None or q.partial or not about_row(q, row):
            continue
        if q.status in STOPPED and (row.actual or 0) > 0 and names_an_item(q):
            continue  # «фестиваль «Гуцульська ватра» перенесено»: one of the row's things
        row.status, row.status_line, row.status_quote = q.status, q.line, q.sentence
        bad = (
            q.status == "full"
            and row.actual is not None
            and row.planned is not None
            and row.actual < row.planned
        ) or (q.status in STOPPED and _done_anyway(row, q))
        bad = bad or (
            q.status == "partial"
            and row.actual is not None
            and row.planned is not None
            and row.actual >= row.planned > 0
        )
        if bad:
            audit.contradictions.append(
                make(
                    "status",
                    q,
                    f"«{q.phrase}»",
                    figures_text(row),
                    row.name,
                    row.figure_line(),
                    row.locator,
                    1,
                    "status_words",
                )
            )


def _done_anyway(row: Row, q: Quantity) -> bool:
    """A row said to be postponed or not done has an actual above 0. Below the plan the
    status excuses the shortfall only when its own clause names a part the row's name does
    not (``narrower``: «частину тренінгів перенесено», «встановлення п’ятого пункту
    перенесено», «Змагання з плавання скасовано»); «Захід перенесено» with 10 of 12 held
    is a contradiction."""
    if row.actual is None or row.actual <= 0:
        return False
    below = row.planned is not None and row.actual < row.planned
    return not (below and narrower(q, row))


def narrower(q: Quantity, row: Row) -> frozenset[str]:
    """Words of the status clause (up to its reason) that the row's name lacks, or a phrase
    of a part of the period (kind ``while``: «у період карантину»): the clause speaks of a
    part of the row. Generic, plan, action and status words name nothing."""
    lex = lexicon()
    skip = set(lex.get("generic", {})) | set(lex.get("plan", {})) | set(lex.get("action", {}))
    said = lemmas(" ".join(phrase for phrase, _ in status_words()))
    text = status_clause(q.sentence)
    low = " " + " ".join(text.casefold().split()) + " "
    during = {w for w in lex.get("while", {}) if f" {w} " in low}  # «у період карантину»
    clause = lemmas(_before_reason(text))
    return frozenset(clause - skip - said - row.words - row.nouns - {""}) | during


def names_an_item(q: Quantity) -> bool:
    """The status clause names one thing by its title in quotes («фестиваль «Гуцульська
    ватра» перенесено на 2021 рік»): it speaks of that item, not of the whole row."""
    return bool(QUOTED.search(status_clause(q.sentence)))


def about_row(q: Quantity, row: Row) -> bool:
    """A status in a row's comment is about that row unless its sentence names something
    the row's name does not («Облаштування простору перенесено» under «Обсяг ресурсів»);
    generic words («Виконання заходу перенесено»), plan and action words name nothing;
    only the words of the status's own clause count («Захід виконано в повному обсязі:
    закуплено 2 500 мішків» names nothing but the measure)."""
    lex = lexicon()
    skip = set(lex.get("generic", {})) | set(lex.get("plan", {})) | set(lex.get("action", {}))
    clause = lemmas(_before_reason(status_clause(q.sentence))) | {q.lemma}  # not after «:»
    named = ((q.near | {q.lemma}) & clause) - skip - {""}
    return not named or bool(named & (row.words | row.nouns))


def _before_reason(clause: str) -> str:
    """The clause up to its reason (kind ``reason``: «у зв’язку з …», «через …»): the words
    of the reason name why, not what («перенесено на 2022 рік у зв’язку з коригуванням
    проєктної документації»)."""
    low = clause.casefold().replace("'", "’")
    cuts = [low.find(f" {r} ") for r in lexicon().get("reason", {})]
    cut = min((c for c in cuts if c >= 0), default=len(clause))
    return clause[:cut]


def stopped_rows_used(stmts: list[Quantity], rows: list[Row], audit: TextAudit) -> None:
    """A row whose comment says postponed / not done, while a statement elsewhere says its
    counted thing was used («31 постер на білбордах» against «білбордів … перенесено»)."""
    seen = {(c.text_line, c.other_line) for c in audit.contradictions}
    for row in rows:
        if row.status not in STOPPED or (row.actual or 0) > 0 or not row.nouns:
            continue
        for q in stmts:
            if q.lemma in lexicon().get("year", {}):  # «92 роки»: an age counts nothing done
                continue
            if q.home == row.key or not q.value or q.lemma in row.nouns or q.unit != "count":
                continue  # an amount spent «для харчоблоків» says nothing was made
            if uses(q, row) and (q.line, row.line) not in seen:
                seen.add((q.line, row.line))
                audit.contradictions.append(
                    make(
                        "status",
                        q,
                        stated_text(q),
                        status_text(row),
                        row.name,
                        row.status_line or row.line,
                        row.locator,
                        1,
                        "stopped_used",
                    )
                )


def uses(q: Quantity, row: Row) -> bool:
    """The statement counts something made of the row's thing («31 постер на білбордах»
    against «білбордів») or its sentence names the row's thing in several words («конкурсу
    дитячих малюнків» against «учасників конкурсу дитячих малюнків»)."""
    lex = lexicon()
    containers = set(lex.get("container", {}))  # «од.» names no thing
    skip = set(lex.get("generic", {}))
    named = ((q.nouns | q.near) - {q.lemma}) & row.nouns - containers
    # the row's other words («обладнаних пандусами»), when it has any, must be named too
    rest = {w for w in row.words - row.nouns - skip if not w.startswith("@")}
    rest = {w for w in rest if not is_participle(w)}  # «орендованих» names the doing
    rest -= set(lex.get("action", {})) | set(lex.get("stop", {}))
    if named and not _of_the_thing(q, row) and (not rest or rest & (q.near | q.context)):
        return True
    shared = (q.near & row.words) - skip - {q.lemma}
    return len(shared) >= settings()["stopped_row_shared_words"]


def _of_the_thing(q: Quantity, row: Row) -> bool:
    """The counted noun is followed by the row's thing as its attribute («42 працівники
    харчоблоків»): people or things of it, which exist whether or not it was repaired."""
    words = [t.lemma for t in tokens(q.sentence) if t.kind == "word"]
    return any(a == q.lemma and b in row.nouns for a, b in pairwise(words))


def stopped_measures_done(stmts: list[Quantity], rows: list[Row], audit: TextAudit) -> None:
    """A measure whose comment says postponed / not done (nothing spent), while a sentence of
    the text, itself no status but «у повному обсязі», negation, plan nor preparation
    (kind ``preparation``:
    «документацію розроблено»), names most of the measure's own words
    (share ≥ ``stopped_measure_share``, at least two; generic and action words not
    counted): «Алею пам’яті загиблих Героїв урочисто відкрито» against «Облаштування Алеї
    пам’яті загиблих Героїв — перенесено на 2022 рік»."""
    lex = lexicon()
    skip = set(lex.get("generic", {})) | set(lex.get("action", {})) | set(lex.get("plan", {}))
    preparing = set(lex.get("preparation", {}))
    stated = {c.text_line for c in audit.contradictions if c.kind == "status"}  # one is enough
    seen = {(c.text_line, c.other_line) for c in audit.contradictions}
    for row in rows:
        if row.kind != "measure" or row.status not in STOPPED or (row.actual or 0) > 0:
            continue
        words = {w for w in row.words if not w.startswith("@")} - skip
        for q in stmts:
            done = q.status in {"", "full"}  # «… проведено у повному обсязі» says done
            if q.home or not done or q.plan or len(words) < 2 or q.line in stated:
                continue
            if (q.near | q.context) & preparing:  # «розроблено документацію на ремонт …»
                continue
            shared = words & (q.near | q.context | {q.lemma})
            share = len(shared) / len(words)
            line = row.status_line or row.line
            if len(shared) < 2 or share < settings()["stopped_measure_share"]:
                continue
            if (q.line, line) in seen:
                continue
            seen.add((q.line, line))
            words_said = f"{len(shared)} of {len(words)} words of the measure"
            said = stated_text(q) if q.value is not None else f"зроблено / done ({words_said})"
            audit.contradictions.append(
                make(
                    "status",
                    q,
                    said,
                    status_text(row),
                    row.name,
                    line,
                    row.locator,
                    share,
                    "measure_done",
                )
            )
