"""Evidence in a statement's own sentence that explains a difference away (a shortfall, a part)."""

from __future__ import annotations

import re

from promis_analytics.extract.program_report.alignment import Row
from promis_analytics.extract.program_report.disagreement import STOPPED
from promis_analytics.extract.program_report.morphology import lemmas, lexicon, named_masks, tokens
from promis_analytics.extract.program_report.quantities import Quantity
from promis_analytics.extract.program_report.statuses import QUOTED

__all__ = ["named_part", "one_item", "shortfall"]


def shortfall(q: Quantity, row: Row) -> bool:
    """A count in a row's own comment that is the row's shortfall or excess, |planned −
    actual| («Два заходи скасовано»: 12 planned, 10 held), and whose sentence says so (a
    word of kind ``shortfall``, a negation or a stop status): it explains the gap. The
    same figure in a sentence that says nothing of a gap («Проведено 2 заходи») is a
    contradiction."""
    if row.planned is None or row.actual is None or q.plan or q.value is None:
        return False
    if q.unit != "count" or q.bound:
        return False
    gap = q.value == abs(row.planned - row.actual) and 0 < q.value < min(row.planned, row.actual)
    return gap and _says_gap(q, row)


def _says_gap(q: Quantity, row: Row) -> bool:
    """The sentence says the counted things are missing: a word of kind ``shortfall``
    («відмовилися», «скасовано»), a negation, a stop status, or no verb but words that say
    where they are instead («Чотири валідатори – у резерві постачальника»); not a sentence
    that says they were done («Встановлено 4 валідатори») nor a bare figure («Табло – 2»)."""
    lex = lexicon()
    words = set(lex.get("shortfall", {})) | set(lex.get("negation", {}))
    toks = [t for t in tokens(q.sentence) if t.kind == "word"]
    said = {t.lemma for t in toks} | {t.text.casefold() for t in toks}
    verbless = not any(t.pos in _VERBS for t in toks)
    other = lemmas(q.sentence) - row.words - row.nouns - {q.lemma} - set(lex.get("container", {}))
    return q.status in STOPPED or bool(said & words) or (verbless and bool(other))


#: Parts of speech that say something was done (pymorphy3 tags).
_VERBS = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}


def named_part(q: Quantity, row: Row) -> bool:
    """The statement restates a part the row's own comment gives («2 семінари з права» of
    «Проведено 2 семінари з права, 2 – з фінансів»): the same figure, and its sentence
    shares a word with that comment that the row's name lacks (``право``). The same figure
    without such a word («Проведено 2 семінари») is compared with the row's."""
    words = row.parts.get(q.value) if q.value is not None else None
    if not words:
        return False
    skip = set(lexicon().get("generic", {}))
    return bool(((q.near | q.context) & words) - row.words - skip - {q.lemma})


def one_item(sentence: str) -> bool:
    """The sentence names one place or item: an address («вул. Залізничній, 8»), a title
    in quotes («фестиваль «Гуцульська ватра»») or a part word (kind ``partitive``: «з
    них», «зокрема»)."""
    low = " " + re.sub(r"[^\w’]+", " ", sentence.casefold()) + " "
    parts = lexicon().get("partitive", {})
    if any(f" {p} " in low for p in parts):
        return True
    return bool(named_masks()["address"].search(sentence) or QUOTED.search(sentence))
