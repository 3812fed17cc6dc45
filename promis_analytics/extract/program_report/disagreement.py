"""What the narrative audit reports: contradictions, and how their figures are written."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from promis_analytics.extract.program_report.alignment import Row, settings
from promis_analytics.extract.program_report.quantities import Quantity

__all__ = [
    "BOUND_SIGNS",
    "STOPPED",
    "Contradiction",
    "TextAudit",
    "agrees",
    "figures_text",
    "make",
    "number_text",
    "stated_text",
    "status_text",
]

#: Statuses that say nothing was done (``data/audit_status_words.csv``).
STOPPED = {"postponed", "not_done"}


@dataclass(frozen=True)
class Contradiction:
    """One disagreement: what the text states (``stated``, ``text_quote``, ``text_line``)
    against what the table or another statement gives (``other``, ``other_quote``,
    ``other_line``, ``other_locator``). ``kind``: value (another number), sum (an
    enumeration adds up to another number), status (a status word against the figures),
    aggregate (a total «у формі …» against the sum of its forms listed elsewhere)."""

    kind: str
    lemma: str
    stated: str
    other: str
    text_quote: str
    text_line: int
    other_quote: str
    other_line: int
    other_locator: str
    score: float
    rule: str = ""  # the rule that aligned it (``data/audit_labels.csv``: own_row, row …)


@dataclass
class TextAudit:
    """What the narrative audit found: contradictions, statements that agree with what they
    are aligned to (``confirmed``: (statement, target locator)), and statements aligned to
    nothing (``unaligned``: listed, never guessed)."""

    contradictions: list[Contradiction] = field(default_factory=list)
    confirmed: list[tuple[Quantity, str]] = field(default_factory=list)
    unaligned: list[Quantity] = field(default_factory=list)


def agrees(q: Quantity, target: Decimal, decimals: int) -> bool:
    """Equal within half a unit of the coarser printed precision (478,6 vs 512,0 differ)."""
    # a count is exact unless printed rounded («2,5 тис. учасників»: to the hundred)
    d = min(q.decimals, decimals) if q.unit != "count" else min(q.decimals, 0)
    if q.value is None:
        return False
    if q.bound == "min":
        return target >= q.value
    if q.bound == "max":
        return target <= q.value
    if q.bound == "range" and q.low is not None:
        return q.low <= target <= q.value
    if q.bound == "approx":
        return abs(q.value - target) <= q.value * Decimal(str(settings()["approx_tolerance"]))
    return abs(q.value - target) <= Decimal(5) * Decimal(10) ** (-d - 1)


def status_text(row: Row) -> str:
    """«postponed (line 394: «Виконання заходу перенесено на 2020 рік»)»."""
    return f"{row.status.replace('_', ' ')} (line {row.status_line}: «{row.status_quote}»)"


def figures_text(row: Row) -> str:
    return f"planned {number_text(row.planned)}, actual {number_text(row.actual)}"


def stated_text(q: Quantity) -> str:
    if len(q.items) > 1:
        return " + ".join(number_text(v) for v in q.items) + f" = {number_text(q.value)}"
    return number_text(q.value)


def number_text(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value, "f")
    return text.replace(".", ",")


#: How a bound is written before its figure («понад 1900» → «≥ 1900»).
BOUND_SIGNS = {"min": "≥", "max": "≤", "approx": "≈"}


def make(
    kind: str,
    q: Quantity,
    stated: str,
    other: str,
    quote: str,
    line: int,
    locator: str,
    s: float,
    rule: str = "",
) -> Contradiction:
    """A contradiction of statement ``q`` (its figures as ``stated``, a sum written out, a
    bound signed: «≥ 1900») against ``other`` at ``line`` / ``locator``, score ``s``, found
    by ``rule``."""
    if kind != "status" and len(q.items) > 1:
        stated = stated_text(q)
    if kind != "status" and q.bound == "range":
        stated = f"{number_text(q.low)}–{stated}"
    if kind != "status" and q.bound in BOUND_SIGNS:
        stated = f"{BOUND_SIGNS[q.bound]} {stated}"
    return Contradiction(
        kind=kind,
        lemma=q.lemma,
        stated=stated,
        other=other,
        text_quote=q.sentence,
        text_line=q.line,
        other_quote=quote,
        other_line=line,
        other_locator=locator,
        score=round(s, 3),
        rule=rule,
    )
