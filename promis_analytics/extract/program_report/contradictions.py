"""Contradictions between a report's text and its tables: each aligned statement compared."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from promis_analytics.extract.program_report.alignment import (
    Row,
    align,
    conflict,
    counts,
    idf,
    jaccard,
    report_rows,
    report_statements,
    row_vector,
    same_noun,
    settings,
    statement_vector,
)
from promis_analytics.extract.program_report.clauses import figure_clause, per_unit_text
from promis_analytics.extract.program_report.content import ReportContent
from promis_analytics.extract.program_report.disagreement import (
    STOPPED,
    Contradiction,
    TextAudit,
    agrees,
    figures_text,
    make,
    number_text,
    stated_text,
    status_text,
)
from promis_analytics.extract.program_report.evidence import named_part, one_item, shortfall
from promis_analytics.extract.program_report.morphology import is_animate, lexicon
from promis_analytics.extract.program_report.quantities import Quantity
from promis_analytics.extract.program_report.statuses import (
    own_statuses,
    stopped_measures_done,
    stopped_rows_used,
)

__all__ = ["Contradiction", "TextAudit", "text_audit"]


def text_audit(report: ReportContent) -> TextAudit:
    """Statements of the text (``report_statements``) against the rows (``report_rows``).

    Order of the rules, first that applies: a total «у формі …» against the sum of its
    forms listed in one other cell; a table comment against its own row; a count against
    the indicator rows that count the same noun; an amount (тис. грн) against the
    measures and totals; a count against other statements of the same noun (of the same
    scope: a comment that counts its own measure's noun speaks only of that measure).
    Then statuses: «у повному обсязі» against actual < planned, «перенесено» / «не
    виконано» against an actual above 0 or a statement that the postponed thing was used.
    """
    rows = report_rows(report)
    said = report_statements(report, rows)
    # another period, or not a count of what was done: listed, not compared
    stmts = [q for q in said if not q.elsewhen and not q.aside and q.unit != "mention"]
    mentions = [q for q in said if not q.elsewhen and q.unit == "mention"]
    said = [q for q in said if q.unit != "mention"]
    weights = idf(rows, stmts)
    by_key = {r.key: r for r in rows}
    audit = TextAudit()
    own_statuses(stmts, by_key, audit)
    _own_parts(stmts, by_key)
    pairs: set[frozenset[int]] = set()
    for k, q in enumerate(stmts):
        if q.value is None or (not q.lemma and q.unit == "count"):
            continue
        if q.forms and _aggregate(q, stmts, audit):
            continue
        if _own_row(q, by_key, stmts, audit):
            continue
        scope = _scope(q, by_key)
        if scope and q.unit == "count":
            _measure_indicator(q, by_key[scope], rows, weights, audit)
            continue
        row, s = align(q, _row_candidates(q, rows), weights)
        rule = "row" if isinstance(row, Row) else "sole_row"
        row = row if isinstance(row, Row) else _sole_row(q, rows)
        if isinstance(row, Row):
            _compare_row(q, row, s, audit, rule)
            continue
        if q.unit == "count":
            others = _statement_candidates(k, q, stmts, by_key)
            other, s = align(q, others, weights, pair=True)
            if isinstance(other, int):
                pair = frozenset((k, other))
                if pair not in pairs:
                    pairs.add(pair)
                    _compare_statements(q, stmts[other], s, audit)
                continue
        audit.unaligned.append(q)
    stopped_rows_used(stmts, rows, audit)
    stopped_measures_done(stmts + mentions, rows, audit)
    audit.unaligned += [q for q in said if q.elsewhen or q.aside]
    return audit


def _scope(q: Quantity, by_key: dict[str, Row]) -> str:
    """The row a comment speaks of when it counts its own row's noun, else ""."""
    row = by_key.get(q.home)
    return q.home if row is not None and (q.lemma in row.words | row.nouns) else ""


def _own_parts(stmts: list[Quantity], by_key: dict[str, Row]) -> None:
    """The figures a row's own comment gives for its noun (parts of the row's figure), each
    with the lemmas of its sentence."""
    for q in stmts:
        row = by_key.get(q.home)
        if row is not None and q.value is not None and q.lemma in row.nouns | row.words:
            for v in (q.value, *q.items):
                row.parts[v] = row.parts.get(v, frozenset()) | q.near | q.context


def _own_row(q: Quantity, by_key: dict[str, Row], stmts: list[Quantity], audit) -> bool:
    """A table comment that counts its own row's noun (or an amount in a measure's comment)
    is compared with that row. A smaller count among counts of other nouns in the same cell
    is a part of the row's figure, not a contradiction: counts of other nouns in the same
    SENTENCE («7 засідань роб.груп …, 9 засідань наглядових рад, 7 консультацій …»), not
    merely in the same cell."""
    row = by_key.get(q.home)
    if row is None:
        return False
    containers = lexicon().get("container", {})
    money = q.unit not in {"count", "percent"}
    if (q.unit == "percent") != (row.unit == "percent"):  # «виконано на 85 %» under money
        return False
    if q.unit != "percent" and money != (row.unit not in {"count", "percent", ""}):
        return False
    if not money and row.kind != "indicator":
        return False
    if not money and q.lemma not in row.nouns | row.words and q.lemma not in containers:
        return False
    target = row.planned if q.plan else row.actual
    if target is None or agrees(q, target, row.decimals):
        audit.confirmed.append((q, row.locator))
        return True
    others = [o for o in stmts if o.sentence == q.sentence and o.lemma != q.lemma and o.value]
    if not money and others and (q.value or 0) < target and len(q.items) == 1:
        audit.confirmed.append((q, row.locator))
        return True
    if not money and shortfall(q, row):  # «Три ветерани відмовилися»: plan 25, actual 22
        audit.confirmed.append((q, row.locator))
        return True
    audit.contradictions.append(
        make(
            _value_kind(q),
            q,
            number_text(q.value),
            figures_text(row),
            row.name,
            row.figure_line(q.plan),
            row.locator,
            1,
            "own_row",
        )
    )
    return True


def _row_candidates(
    q: Quantity, rows: list[Row]
) -> list[tuple[Row, dict[str, float], frozenset[str], frozenset[str]]]:
    if q.unit == "count":
        return [
            (r, row_vector(r), r.modifiers, r.words)
            for r in rows
            if r.kind == "indicator" and counts(r, q.lemma)
        ]
    none: frozenset[str] = frozenset()
    rate = per_unit_text(figure_clause(q.sentence, q.value))  # «Середня вартість одного …»
    return [
        (r, row_vector(r), none, r.words)
        for r in rows
        if r.unit == q.unit and per_unit_text(r.name) == rate and _names_share(q, r)
    ]


def _names_share(q: Quantity, row: Row) -> bool:
    """A percent names what its row measures: at least two words of the row's name that are
    not generic («захід», «програма» name every row: «Ефективність виконання заходів
    Програми … 62,0 %» is no share of young people)."""
    if q.unit != "percent":
        return True
    skip = set(lexicon().get("generic", {}))
    return len(((q.near | q.context) & row.words) - skip) >= 2


def _sole_row(q: Quantity, rows: list[Row]) -> Row | None:
    """A count in the text («відбулося 4 фестивалі») with no word in common with any row
    besides its noun is aligned to the one indicator row that counts that noun, when the
    row's name names nothing else («Кількість проведених фестивалів», not «Кількість
    учасників фестивалів», unless the text breaks its count down: «210 – у центрі, 130 – у
    …» is the whole) and neither qualifiers nor actions conflict."""
    if q.unit != "count" or q.home:
        return None
    counting = [r for r in rows if r.kind == "indicator" and counts(r, q.lemma)]
    others = {n for n in counting[0].others if not is_animate(n)} if counting else set()
    if len(counting) != 1 or (others and len(q.items) < 2):  # «скарг пасажирів»: whose
        return None
    row = counting[0]
    actions = frozenset(w[1:] for w in row.words if w.startswith("@"))
    if conflict(q.modifiers, row.modifiers) or conflict(q.actions, actions):
        return None
    return row


def _measure_indicator(q: Quantity, measure: Row, rows: list[Row], weights, audit) -> None:
    """A measure's comment counting the measure's own noun («Проведено 33 тренінги» under
    «Проведення навчальних тренінгів») against the measure's own indicator: of the
    indicators that count that noun, the one whose name is most like the measure's
    (weighted Jaccard ≥ ``measure_indicator_score``). Without one, the count speaks only
    of its measure and stays unaligned."""
    mine = dict.fromkeys(measure.words, 1.0)
    scored = [
        (jaccard(mine, dict.fromkeys(r.words, 1.0), weights), r.line, r)
        for r in rows
        if r.kind == "indicator" and counts(r, q.lemma) and not conflict(q.modifiers, r.modifiers)
    ]
    best = max(scored, key=lambda x: (x[0], -x[1]), default=None)
    if best is None or best[0] < settings()["measure_indicator_score"]:
        audit.unaligned.append(q)
        return
    _compare_row(q, best[2], best[0], audit, "measure_indicator")


def _statement_candidates(k: int, q: Quantity, stmts: list[Quantity], by_key) -> list:
    scope = _scope(q, by_key)
    out = []
    for j, o in enumerate(stmts):
        if j == k or o.passage == q.passage or o.value is None or o.unit != q.unit:
            continue
        if not same_noun(o.lemma, q.lemma) or o.plan != q.plan:  # the plan against the plan
            continue
        other = by_key.get(_scope(o, by_key))
        if _scope(o, by_key) == scope:
            out.append((j, statement_vector(o), o.modifiers, o.near))
        elif other is not None and _names_scope(q, scope, other):  # the measure's words too
            out.append((j, statement_vector(o), o.modifiers, o.near | other.words))
    return out


def _names_scope(q: Quantity, scope: str, row: Row | None) -> bool:
    """A sentence of the text (no scope of its own) may speak of a measure's count when it
    shares a word or an action of the clause around its number with the measure's name
    besides the counted noun («у 18
    школах» after «Уроки з безпеки дорожнього руху» against measure «Проведення уроків з
    безпеки дорожнього руху у школах»)."""
    if scope or q.home or row is None or row.kind != "measure":
        return False
    skip = set(lexicon().get("generic", {}))
    mine = (q.near | {"@" + a for a in q.actions}) - skip - {q.lemma}
    return bool(mine & row.words)


def _compare_row(q: Quantity, row: Row, s: float, audit: TextAudit, rule: str = "row") -> None:
    """``q`` against the row's planned or actual figure; a count of a container («52 од.»)
    counts the row's own noun."""
    containers = lexicon().get("container", {})
    things = sorted(row.nouns - set(containers))
    if q.lemma in containers and len(things) == 1:
        q = replace(q, lemma=things[0])
    target = row.planned if q.plan else row.actual
    if target is None:
        if row.status in STOPPED and q.value and q.value > 0:
            audit.contradictions.append(
                make(
                    "status",
                    q,
                    stated_text(q),
                    status_text(row),
                    row.name,
                    row.status_line or row.line,
                    row.locator,
                    s,
                    rule,
                )
            )
        else:
            audit.confirmed.append((q, row.locator))
        return
    if agrees(q, target, row.decimals) or named_part(q, row) or shortfall(q, row):
        audit.confirmed.append((q, row.locator))  # «3 ветерани відмовилися» (25, 22)
        return
    audit.contradictions.append(
        make(
            _value_kind(q),
            q,
            number_text(q.value),
            figures_text(row),
            row.name,
            row.figure_line(q.plan),
            row.locator,
            s,
            rule,
        )
    )


def _compare_statements(q: Quantity, o: Quantity, s: float, audit: TextAudit) -> None:
    """Two statements of one count agree when one is a part of the other's enumeration, or
    either agrees with the other's figure at its own precision or bound («понад 200» and
    220; «2,5 тис.» and 2450), or the smaller is below ``pair_part_ratio`` of the other
    and its own sentence names one item (``one_item``: «3 лікарі» of the clinic «по вул.
    Залізничній, 8» against «38 лікарів» of all); else ``q`` contradicts ``o``."""
    if q.value is None or o.value is None:
        return
    part = q.value in o.items or o.value in q.items
    small, large = sorted((q, o), key=lambda x: x.value or 0)
    ratio = Decimal(str(settings()["pair_part_ratio"]))
    part = part or ((small.value or 0) < (large.value or 0) * ratio and one_item(small.sentence))
    if part or agrees(q, o.value, o.decimals) or agrees(o, q.value, q.decimals):
        audit.confirmed.append((q, f"line {o.line}"))
        return
    kind = "sum" if len(q.items) > 1 or len(o.items) > 1 else "value"
    audit.contradictions.append(
        make(
            kind,
            q,
            number_text(q.value),
            stated_text(o),
            o.sentence,
            o.line,
            f"line {o.line}",
            s,
            "statement",
        )
    )


def _aggregate(q: Quantity, stmts: list[Quantity], audit: TextAudit) -> bool:
    """«28 обговорень у формі слухань, круглих столів, презентацій …» against the cell that
    lists most of those forms with counts: their sum must be 28."""
    wanted = q.forms | {q.lemma}
    by_passage: dict[int, list[Quantity]] = {}
    for o in stmts:
        if o.passage != q.passage and o.value is not None and o.lemma in wanted:
            by_passage.setdefault(o.passage, []).append(o)
    best = max(by_passage.values(), key=len, default=[])
    if len(best) < 2:
        return False
    total = sum((o.value or Decimal(0) for o in best), Decimal(0))
    if total == q.value:
        audit.confirmed.append((q, f"lines {best[0].line}–{best[-1].line}"))
        return True
    parts = " + ".join(number_text(o.value) for o in best)
    quote = "; ".join(dict.fromkeys(o.sentence for o in best))
    audit.contradictions.append(
        make(
            "aggregate",
            q,
            number_text(q.value),
            f"{parts} = {number_text(total)}",
            quote,
            best[0].line,
            f"lines {best[0].line}–{best[-1].line}",
            1.0,
            "forms",
        )
    )
    return True


# --- small helpers ---------------------------------------------------------------------------


def _value_kind(q: Quantity) -> str:
    return "sum" if len(q.items) > 1 else "value"
