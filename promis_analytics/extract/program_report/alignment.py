"""The report's statements and table rows as lemma sets, and each statement aligned to a row."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from promis_analytics.extract.program_report.clauses import other_period
from promis_analytics.extract.program_report.content import ReportContent
from promis_analytics.extract.program_report.layout import SECTION_TITLES
from promis_analytics.extract.program_report.morphology import (
    is_animate,
    lemma_of,
    lemmas,
    lexicon,
)
from promis_analytics.extract.program_report.quantities import Quantity, quantities
from promis_analytics.extract.program_report.rownouns import (
    counted_nouns,
    head_modifiers,
    name_nouns,
    unit_nouns,
)
from promis_analytics.extract.report_layout import cells, find_sections
from promis_analytics.paths import PACKAGE_DATA_DIR

__all__ = [
    "Row",
    "align",
    "conflict",
    "counts",
    "coverage",
    "jaccard",
    "report_rows",
    "report_statements",
    "same_noun",
    "settings",
]

_LINE = re.compile(r"\(line (\d+)")


@dataclass
class Row:
    """A table row as the audit compares it: ``nouns`` what it counts (the nouns listed after
    «Кількість»), ``words`` the lemmas of its name (and, weighted less, of its comment),
    ``planned``/``actual`` summed over funding lines, ``status`` from its own comment."""

    key: str
    kind: str  # indicator | measure | total
    unit: str  # count | thousand_uah | percent | …
    name: str
    line: int
    locator: str
    nouns: frozenset[str]
    words: frozenset[str]
    comment_words: frozenset[str] = frozenset()
    planned: Decimal | None = None
    actual: Decimal | None = None
    decimals: int = 0
    status: str = ""
    status_line: int = 0
    status_quote: str = ""
    parts: dict[Decimal, frozenset[str]] = field(default_factory=dict)  # figure → its words
    modifiers: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()  # nouns of the name besides the counted ones
    figure_lines: tuple[int, int] = (0, 0)  # the lines of the planned and the actual figure

    def figure_line(self, plan: bool = False) -> int:
        """The line of the figure a statement is compared with (the planned one for a
        statement of the plan), the row's line when the figure has none."""
        return self.figure_lines[0 if plan else 1] or self.line


@lru_cache(maxsize=1)
def settings() -> dict[str, float]:
    """``data/audit_settings.csv``: name → value (thresholds and weights of the alignment)."""
    with open(PACKAGE_DATA_DIR / "audit_settings.csv", encoding="utf-8", newline="") as fh:
        return {r["name"]: float(r["value"]) for r in csv.DictReader(fh)}


def _line(locator: str) -> int:
    m = _LINE.search(locator)
    return int(m.group(1)) if m else 0


def report_rows(report: ReportContent) -> list[Row]:
    """Indicator rows, measures (funding lines summed) and totals as ``Row``s."""
    rows: list[Row] = []
    for r in report._indicator_records:
        name = r["indicator"]
        rows.append(
            Row(
                key=r["locator"],
                kind="indicator",
                unit=r["unit"] or "count",
                name=name,
                line=_line(r["locator"]),
                locator=r["locator"],
                nouns=counted_nouns(name) or unit_nouns(name),
                modifiers=head_modifiers(name),
                others=name_nouns(name) - counted_nouns(name),
                words=lemmas(name) | _action_words(name),
                comment_words=lemmas(r["comment"]),
                planned=r["target"],
                actual=r["actual"],
                decimals=max(r["target_decimals"], r["actual_decimals"]),
                figure_lines=(r.get("target_line", 0), r.get("actual_line", 0)),
            )
        )
    by_no: dict[str, list[dict]] = {}
    for r in report._measure_records:
        by_no.setdefault(r["measure_no"], []).append(r)
    for no, recs in by_no.items():
        first = recs[0]
        planned = [x["planned"] for x in recs if x["planned"] is not None]
        actual = [x["actual"] for x in recs if x["actual"] is not None]
        funding = " ".join(x["funding_source"] for x in recs)
        rows.append(
            Row(
                key=f"measure {no}",
                kind="measure",
                unit="thousand_uah",
                name=first["measure"],
                line=_line(first["locator"]),
                locator=re.sub(r", funding line.*\)", ")", first["locator"]),
                nouns=frozenset(),
                words=lemmas(first["measure"]) | _action_words(first["measure"]),
                comment_words=lemmas(first["comment"] + " " + funding),
                planned=sum(planned, Decimal(0)) if planned else None,
                actual=sum(actual, Decimal(0)) if actual else None,
                decimals=1,
                figure_lines=(first.get("target_line", 0), first.get("actual_line", 0)),
            )
        )
    for t in report._total_records:
        rows.append(
            Row(
                key=t["locator"],
                kind="total",
                unit="thousand_uah",
                name=t["label"],
                line=_line(t["locator"]),
                locator=t["locator"],
                nouns=frozenset(),
                words=lemmas(t["label"]),
                planned=t["planned"],
                actual=t["actual"],
                decimals=max(t["planned_decimals"], t["actual_decimals"]),
            )
        )
    return rows


def _action_words(text: str) -> frozenset[str]:
    table = lexicon().get("action", {})
    words = re.findall(r"[^\W\d_]+", text)
    return frozenset("@" + table[lem] for lem, _, _ in map(lemma_of, words) if lem in table)


def report_statements(report: ReportContent, rows: list[Row]) -> list[Quantity]:
    """Every quantity stated in the report: in the comment cells of its tables (``home`` =
    the row's key, the row's name as context) and in the text outside the tables; those of
    a sentence about another period than the report's are marked ``elsewhen``."""
    text = report._text
    if not text:
        return []
    raw = text.split("\n")
    sections = find_sections(text, SECTION_TITLES)
    in_table: set[int] = set()
    out: list[Quantity] = []
    passage = 0
    by_key = {r.key: r for r in rows}
    starts = sorted((r.line, r.key) for r in rows if r.kind != "total")
    comments = _comments(report)
    for key in ("measures", "indicators"):
        if key not in sections:
            continue
        sec = sections[key]
        in_table.update(range(sec.heading_line, sec.first_line + len(sec.lines)))
        for cell in cells(sec):
            home = next((k for ln, k in reversed(starts) if ln <= cell.line), "")
            if home not in comments or not _is_comment(cell.text, comments[home]):
                continue
            passage += 1
            lines = _cell_lines(raw, cell.line, cell.text)
            row = by_key[home]
            out += quantities(lines, home=home, home_lemmas=row.words, passage=passage)
    for n, line in enumerate(raw, start=1):
        if n in in_table or not line.strip():
            continue
        passage += 1
        out += quantities([(n, line.strip())], passage=passage, mentions=True)
    return [replace(q, elsewhen=_elsewhen(q, report.period)) for q in out]


def _elsewhen(q: Quantity, period: str) -> bool:
    """Said of another period: a time preposition before another year, words that name one
    (kind ``elsewhen``: «минулого року», «торік»), or, for a statement of the plan, also «на»
    before a year (kind ``plan_time_preposition``)."""
    low = q.sentence.casefold()
    if other_period(q.sentence, period) or any(p in low for p in lexicon().get("elsewhen", {})):
        return True
    return q.plan and other_period(q.sentence, period, "plan_time_preposition")


def row_of_line(report: ReportContent, line: int) -> str:
    """The locator of the table row a document line stands in ("" outside the tables)."""
    text = report._text
    sections = find_sections(text, SECTION_TITLES) if text else {}
    inside = any(
        s.heading_line <= line < s.first_line + len(s.lines)
        for k, s in sections.items()
        if k in {"measures", "indicators"}
    )
    if not inside:
        return ""
    records = [*report._measure_records, *report._indicator_records, *report._total_records]
    starts = sorted((_line(r["locator"]), r["locator"]) for r in records)
    row = next((loc for ln, loc in reversed(starts) if ln <= line), "")
    return re.sub(r", funding line.*\)", ")", row)


def _comments(report: ReportContent) -> dict[str, str]:
    out = {}
    for r in report._indicator_records:
        out[r["locator"]] = " ".join(r["comment"].split())
    for r in report._measure_records:
        out[f"measure {r['measure_no']}"] = " ".join(r["comment"].split())
    return out


def _is_comment(cell: str, comment: str) -> bool:
    flat = " ".join(cell.split())
    return bool(flat) and bool(comment) and flat in comment


def _cell_lines(raw: list[str], first: int, text: str) -> list[tuple[int, str]]:
    """(line number, text) of each line of a cell, found in the document from its first line."""
    out, n = [], first
    for part in text.split("\n"):
        if not part.strip():
            continue
        while n <= len(raw) and raw[n - 1].strip() != part.strip():
            n += 1
        out.append((min(n, len(raw)), part.strip()))
    return out


# --- alignment -------------------------------------------------------------------------------


def idf(rows: list[Row], statements: list[Quantity]) -> dict[str, float]:
    """Inverse document frequency of each lemma over the rows and the statements' passages:
    idf = ln(1 + N ÷ df); a lemma that stands everywhere weighs little."""
    docs = [r.words | r.comment_words for r in rows]
    seen: dict[int, frozenset[str]] = {}
    for q in statements:
        seen[q.passage] = seen.get(q.passage, frozenset()) | q.context | q.near | q.background
    docs += list(seen.values())
    df = Counter(lem for d in docs for lem in d)
    n = len(docs) or 1
    return {lem: math.log(1 + n / c) for lem, c in df.items()}


def _vector(
    near: frozenset[str],
    context: frozenset[str],
    actions: frozenset[str],
    background: frozenset[str] = frozenset(),
) -> dict:
    w = settings()["context_weight"]
    vec = dict.fromkeys(background | context, w)
    vec.update(dict.fromkeys(near, 1.0))
    vec.update(dict.fromkeys(("@" + a for a in actions), 1.0))
    return vec


def jaccard(a: dict[str, float], b: dict[str, float], weights: dict[str, float]) -> float:
    """Weighted Jaccard of two lemma vectors: Σ min(a, b)·idf ÷ Σ max(a, b)·idf (0 … 1)."""
    keys = sorted(set(a) | set(b))  # a fixed order: the same float sums on every run
    num = sum(min(a.get(k, 0), b.get(k, 0)) * weights.get(k, 1.0) for k in keys)
    den = sum(max(a.get(k, 0), b.get(k, 0)) * weights.get(k, 1.0) for k in keys)
    return num / den if den else 0.0


def coverage(a: dict[str, float], b: dict[str, float], weights: dict[str, float]) -> float:
    """How much of ``a`` ``b`` covers: Σ min(a, b)·idf ÷ Σ a·idf (0 … 1)."""
    num = sum(min(a[k], b[k]) * weights.get(k, 1.0) for k in sorted(set(a) & set(b)))
    den = sum(a[k] * weights.get(k, 1.0) for k in sorted(a))
    return num / den if den else 0.0


def statement_vector(q: Quantity) -> dict[str, float]:
    return _vector(q.near, q.context, q.actions, q.background)


def row_vector(r: Row) -> dict[str, float]:
    w = settings()["context_weight"]
    vec = dict.fromkeys(r.comment_words, w)
    vec.update(dict.fromkeys(r.words, 1.0))
    return vec


def shared_content(q: Quantity, b: dict[str, float]) -> int:
    """How many lemmas of the statement's own sentence (not of the row it stands in) a
    target shares, besides the counted noun and the action classes."""
    return len(((q.near | q.context) & set(b)) - {q.lemma})


def counts(row: Row, lemma: str) -> bool:
    """The row counts the noun: it names it or a synonym of it (kind ``synonym``: «подій»
    under «Кількість проведених заходів»), or one of the two names a person (kind
    ``person``: «Кількість осіб, які …», «навчання пройшли 45 осіб») and the other a
    person too («учасників», «ветеранів»)."""
    if any(same_noun(lemma, n) for n in row.nouns):
        return True
    persons = set(lexicon().get("person", {}))
    if not lemma:
        return False
    if row.nouns & persons and is_animate(lemma):
        return True
    return lemma in persons and any(is_animate(n) for n in row.nouns)


def same_noun(a: str, b: str) -> bool:
    """One noun, or two of one class (kind ``synonym``: «подія» and «захід»)."""
    classes = lexicon().get("synonym", {})
    return a == b or (a in classes and classes.get(a) == classes.get(b))


def conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both phrases qualify the counted noun and share no qualifier («громадської ради» vs
    «наглядових рад»): not the same thing."""
    return bool(a) and bool(b) and not a & b


def align(q: Quantity, candidates: list[tuple], weights, *, pair=False):
    """The best candidate (target, score) for ``q`` among (target, lemma vector, modifiers,
    own words) tuples: the score is the share of the statement's lemmas the target covers
    (``pair``, two statements: the mean of both shares); at least ``min_alignment_score``
    (``min_pair_score``), ``min_shared_content`` lemmas of the statement's sentence shared
    (for two statements: one of them among the words around either number), and neither
    the counted noun's qualifiers nor the actions in conflict. (None, best score) else."""
    cfg = settings()
    vec = statement_vector(q)
    mine = q.near | q.context
    best, best_score = None, 0.0
    for target, tvec, modifiers, words in candidates:
        actions = frozenset(k[1:] for k in tvec if k.startswith("@"))
        if conflict(q.modifiers, modifiers) or conflict(q.actions, actions):
            continue
        if shared_content(q, tvec) < cfg["min_shared_content"]:
            continue
        if pair and not ((q.near & set(tvec)) - {q.lemma} or (words & mine) - {q.lemma}):
            continue
        s = coverage(vec, tvec, weights)
        if pair:
            s = (s + coverage(tvec, vec, weights)) / 2
        if s > best_score:
            best, best_score = target, s
    if best_score < cfg["min_pair_score" if pair else "min_alignment_score"]:
        return None, best_score
    return best, best_score
