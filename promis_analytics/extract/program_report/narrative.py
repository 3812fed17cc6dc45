"""The report's text against its tables: a count stated in the explanatory text («Проведено 8
молодіжних форумів») that contradicts the same indicator's actual value in the table (2)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from promis_analytics.extract.findings import Finding

if TYPE_CHECKING:
    from promis_analytics.extract.program_report.model import ProgramReport

__all__ = ["phrase_key", "stated_counts", "text_table_findings"]

# words that end an indicator's counted phrase («Кількість проведених молодіжних форумів,
# спрямованих на …» → «молодіжних форумів»)
_STOP = frozenset(
    {"спрямованих", "для", "в", "у", "з", "із", "щодо", "на", "які", "що", "за", "від", "та", "і"}
)
_PARTICIPLE = re.compile(r"(?:ен|ан|ян|т)их$")  # проведених, наданих, виготовлених …
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_ENDINGS = re.compile(
    r"(?:ами|ями|ові|еві|ого|ому|ими|ів|ах|ях|ою|ею|ої|ий|ій|их|іх|ім|им|ам|ям|а|я|у|ю|і|и|о|е|ь)$"
)
_COUNTED = re.compile(r"(?<![\d,.])(\d+)\s+((?:[^\W\d_][\w’'-]*\s+){0,3}[^\W\d_][\w’'-]*)")


def _stem(word: str) -> str:
    w = word.casefold()
    s = _ENDINGS.sub("", w)
    return s if len(s) >= 4 else w


def phrase_key(indicator: str) -> tuple[str, ...]:
    """Stems of the phrase an indicator counts: the words after «Кількість» up to a comma or
    a linking word, a leading participle dropped, at most three words; () when the indicator
    is not a «Кількість …» count."""
    m = re.match(r"\s*кількість\s+(.*)", indicator, re.I | re.S)
    if not m:
        return ()
    words: list[str] = []
    for w in _WORD.findall(m.group(1).split(",")[0]):
        if w.casefold() in _STOP:
            break
        words.append(w)
    if len(words) > 1 and _PARTICIPLE.search(words[0].casefold()):
        words = words[1:]
    return tuple(_stem(w) for w in words[:3])


def stated_counts(text: str, key: tuple[str, ...]) -> list[int]:
    """Every number in ``text`` directly followed by the phrase ``key`` (any case forms)."""
    out = []
    for m in _COUNTED.finditer(text):
        words = [_stem(w) for w in _WORD.findall(m.group(2))]
        if tuple(words[: len(key)]) == key:
            out.append(int(m.group(1)))
    return out


def text_table_findings(report: ProgramReport) -> list[Finding]:
    """``text_table_mismatch`` (warning) for each count the text states for an indicator of
    two words or more (adjective and noun: a single noun is too general to match) that
    differs from the indicator's actual value; both locators and both values are named.
    Texts read: the comments of the measures table and of the indicators table."""
    texts: dict[str, str] = {}  # comment → where it is first printed (a measure's funding
    for r in [*report._measure_records, *report._indicator_records]:  # lines repeat it)
        if r.get("comment"):
            texts.setdefault(r["comment"], r["locator"])
    out: list[Finding] = []
    for ind in report._indicator_records:
        key = phrase_key(ind["indicator"])
        if len(key) < 2 or ind["actual"] is None:
            continue
        for text, where in texts.items():
            for n in stated_counts(text, key):
                if n != ind["actual"]:
                    out.append(
                        Finding(
                            "text_table_mismatch",
                            "warning",
                            f"the text states {n} ({where}) where the indicator table gives "
                            f"{_plain(ind['actual'])} for «{ind['indicator'][:80]}» "
                            f"({ind['locator']})",
                            where,
                        )
                    )
    return out


def _plain(value: object) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text
