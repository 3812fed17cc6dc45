"""Numbers in a sentence that count something: digits, number words, thousands, amounts."""

from __future__ import annotations

import re
from decimal import Decimal

from promis_analytics.extract.program_report.morphology import Token, lexicon, number_word
from promis_analytics.parsing import parse_number, parse_number_words

__all__ = ["in_thousands", "money_scale", "multiplier", "numbers_in", "restated"]

_NOUNISH = {"NOUN", None}
_ADJ = {"ADJF", "PRTF", "NUMR"}


def numbers_in(toks: list[Token]) -> list[tuple[int, int, Decimal, int]]:
    """(first token, token after, value, decimals) of each number that counts something."""
    found = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if number_word(t) or _fraction(t) is not None:
            j = i
            while j < len(toks) and (number_word(toks[j]) or _fraction(toks[j]) is not None):
                j += 1
            value = _words_value(toks[i:j])
            j = restated(toks, j)
            if value is not None and j < len(toks) and toks[j].pos in _NOUNISH | _ADJ:
                found.append((i, j, value, 0))
            i = j
            continue
        if t.kind == "num" and not _skip_number(toks, i):
            dec = re.search(r"[.,](\d+)$", t.text)
            value, decimals, j = parse_number(t.text), len(dec.group(1)) if dec else 0, i + 1
            factor, after = multiplier(toks, j)
            if factor is not None:  # «2,5 тис. учасників»: 2500, printed to the hundred
                value, decimals, j = value * factor, decimals - factor.adjusted(), after
            found.append((i, restated(toks, j), value, decimals))
            i = restated(toks, j)
            continue
        i += 1
    return found


def _fraction(t: Token) -> Decimal | None:
    """The value of a fraction word («півтора», «півтори»: 1.5; kind ``fraction`` of the
    lexicon), None for any other token."""
    if t.kind != "word":
        return None
    table = lexicon().get("fraction", {})
    value = table.get(t.text.casefold(), table.get(t.lemma))
    return Decimal(value) if value else None


def _words_value(words: list[Token]) -> Decimal | None:
    """The value of consecutive number words: «двадцять п’ять» 25, «дві тисячі триста» 2300;
    a fraction word multiplies the scale after it («півтори тисячі» 1500) or stands alone
    («півтора» 1.5)."""
    first = _fraction(words[0])
    if first is None:
        return parse_number_words([number_word(x) for x in words])
    rest = parse_number_words([number_word(x) for x in words[1:]]) if words[1:] else None
    value = first * rest if rest is not None else first if len(words) == 1 else None
    return value.to_integral_value() if value is not None and value % 1 == 0 else value


def restated(toks: list[Token], j: int) -> int:
    """The token after a number restated in brackets («12 (дванадцять) тренінгів»,
    «дванадцять (12) тренінгів»): the words or digits inside repeat the figure, they are
    not another count; ``j`` itself when no such bracket follows."""
    if j >= len(toks) or toks[j].text != "(":
        return j
    k = j + 1
    while k < len(toks) and (toks[k].kind == "num" or number_word(toks[k])):
        k += 1
    return k + 1 if k > j + 1 and k < len(toks) and toks[k].text == ")" else j


def multiplier(toks: list[Token], j: int) -> tuple[Decimal | None, int]:
    """(factor, token after) of «тис.», «тисяч», «млн» after a number (kind ``multiplier``
    of the lexicon), (None, j) when none stands there or the words name an amount («тис.
    грн» is read by ``money_scale``)."""
    table = lexicon().get("multiplier", {})
    if j >= len(toks) or toks[j].kind != "word" or money_scale(toks, j) is not None:
        return None, j
    word = toks[j].text.casefold()
    factor = table.get(word, table.get(toks[j].lemma))
    if factor is None:
        return None, j
    after = j + 1 + (j + 1 < len(toks) and toks[j + 1].text == ".")
    return Decimal(factor), after


def _skip_number(toks: list[Token], i: int) -> bool:
    """A list marker «1)», a number sign, a percent, a range, a year or a date remnant."""
    prev = toks[i - 1].text if i > 0 else ""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    marker = nxt is not None and nxt.text == ")" and (i == 0 or prev in {";", ":", ".", ","})
    if prev in {"№", "/"} or marker or (nxt is not None and nxt.text in {"%", "/"}):
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
    if nxt is not None and nxt.text in {"+", "="}:  # «1900 + 25 учасників»: a summand
        return False
    if value.isdigit() and 1900 <= int(value) <= 2100:
        years = lexicon().get("year", {})
        return nxt is None or nxt.pos not in _NOUNISH or nxt.lemma in years or nxt.kind != "word"
    return False


def money_scale(toks: list[Token], j: int) -> Decimal | None:
    """How many thousands one unit of the amount named at ``j`` is («тис. грн» 1, «грн»
    0.001, «млн грн» 1000; ``data/audit_lexicon.csv``, kind ``money``), None for no amount."""
    table = lexicon().get("money", {})
    words = [t.lemma for t in toks[j : j + 4] if t.kind == "word"][:2]
    for n in (2, 1):
        if len(words) >= n and " ".join(words[:n]) in table:
            return Decimal(table[" ".join(words[:n])])
    return None


def in_thousands(value: Decimal, decimals: int, scale: Decimal | None) -> tuple[Decimal, int]:
    """An amount in thousands and its printed precision there («1,48 млн» → 1480, to 10)."""
    if scale is None:
        return value, decimals
    return value * scale, decimals - scale.adjusted()
