"""The narrative audit and the percent errors as tables (for a workbook or a notebook)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from promis_analytics.extract.findings import findings_frame
from promis_analytics.extract.program_report.arithmetic import percent_errors
from promis_analytics.extract.program_report.contradictions import text_audit

if TYPE_CHECKING:
    from promis_analytics.extract.program_report.model import ProgramReport

__all__ = ["audit_tables"]

CONTRADICTION_COLUMNS = {
    "kind": "Вид / Kind",
    "text_line": "Рядок тексту / Text line",
    "stated": "Текст каже / The text says",
    "text_quote": "Речення / Sentence",
    "other_line": "Рядок таблиці / Other line",
    "other": "Таблиця каже / The other place says",
    "other_quote": "Рядок таблиці чи речення / Row or sentence",
    "other_locator": "Де / Locator",
    "lemma": "Що рахують / Counted noun",
    "score": "Схожість / Alignment score",
}
PERCENT_COLUMNS = {
    "kind": "Вид / Kind",
    "line": "Рядок / Line",
    "row": "Де / Where",
    "printed": "Надруковано, % / Printed, %",
    "recomputed": "Факт ÷ план × 100 / Actual ÷ planned × 100",
    "planned": "План / Planned",
    "actual": "Факт / Actual",
    "detail": "Пояснення / Detail",
    "locator": "Локатор / Locator",
}


def audit_tables(report: ProgramReport) -> dict[str, pd.DataFrame]:
    """Sheet name → table: the text's contradictions (both quotes and lines), the wrong
    percents (one per cell, recomputed to 2 decimals), the unaligned statements and every
    finding of ``report.audit()``. Column labels are bilingual (uk / en)."""
    audit = text_audit(report)
    contradictions = pd.DataFrame(
        [{k: getattr(c, k) for k in CONTRADICTION_COLUMNS} for c in audit.contradictions],
        columns=list(CONTRADICTION_COLUMNS),
    ).rename(columns=CONTRADICTION_COLUMNS)
    percents = pd.DataFrame(
        [
            {
                **{k: getattr(e, k) for k in PERCENT_COLUMNS},
                "printed": float(e.printed),
                "recomputed": None if e.recomputed is None else round(float(e.recomputed), 2),
                "planned": None if e.planned is None else float(e.planned),
                "actual": None if e.actual is None else float(e.actual),
            }
            for e in percent_errors(report)
        ],
        columns=list(PERCENT_COLUMNS),
    ).rename(columns=PERCENT_COLUMNS)
    unaligned = pd.DataFrame(
        [
            {
                "Рядок / Line": q.line,
                "Значення / Value": None if q.value is None else float(q.value),
                "Що рахують / Counted noun": q.lemma or q.unit,
                "Речення / Sentence": q.sentence,
            }
            for q in audit.unaligned
        ],
        columns=[
            "Рядок / Line",
            "Значення / Value",
            "Що рахують / Counted noun",
            "Речення / Sentence",
        ],
    )
    return {
        "Суперечності": contradictions,
        "Відсотки": percents,
        "Не зіставлено": unaligned,
        "Знахідки": findings_frame(report.audit()),
    }
