"""The narrative audit and the percent errors as tables (for a workbook or a notebook)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from promis_analytics import paths
from promis_analytics.extract.findings import findings_frame
from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.alignment import row_of_line
from promis_analytics.extract.program_report.arithmetic import percent_errors
from promis_analytics.extract.program_report.contradictions import text_audit
from promis_analytics.metadata.contradictions import ROW_CONTRADICTION_COLUMNS

if TYPE_CHECKING:
    from promis_analytics.extract.program_report.model import ProgramReport

__all__ = [
    "DOCUMENT_SUFFIXES",
    "ROW_CONTRADICTION_COLUMNS",
    "audit_tables",
    "document_candidates",
    "report_documents",
    "report_folders",
    "row_contradictions",
    "text_contradictions",
]

#: Document kinds a report named in a register's ``source`` column may be stored as.
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".docx", ".pdf")
_FIGURES = re.compile(r"^planned (\S+), actual (\S+)$")

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
    "rule": "Правило / Rule",
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


def row_contradictions(report: ProgramReport) -> pd.DataFrame:
    """One row per contradiction of the text (``text_audit``) and table row it concerns.

    A contradiction concerns the table row it is compared with (its ``other_locator``) and
    the rows whose comment cells hold either quote (``alignment.row_of_line``); ``n``
    numbers the contradictions in the order of their text lines (1, 2, …), the same number
    on every row it concerns. ``other_planned`` / ``other_actual`` are the row's figures as
    printed when the other side is a table row, else "". Columns:
    :data:`ROW_CONTRADICTION_COLUMNS`.
    """
    found = sorted(text_audit(report).contradictions, key=lambda c: (c.text_line, c.other_line))
    out = []
    for n, c in enumerate(found, start=1):
        figures = _FIGURES.match(c.other)
        rows = [c.other_locator if c.other_locator.startswith("table") else ""]
        rows += [row_of_line(report, c.text_line), row_of_line(report, c.other_line)]
        for locator in dict.fromkeys(r for r in rows if r):
            out.append(
                {
                    "source": report.source,
                    "locator": locator,
                    "n": n,
                    **{k: getattr(c, k) for k in ("kind", "text_line", "stated", "text_quote")},
                    **{k: getattr(c, k) for k in ("other_line", "other", "other_quote")},
                    "other_planned": figures.group(1) if figures else "",
                    "other_actual": figures.group(2) if figures else "",
                }
            )
    return pd.DataFrame(out, columns=list(ROW_CONTRADICTION_COLUMNS))


def report_documents(sources: Iterable[object], folders: Sequence[Path]) -> list[Path]:
    """The documents of the reports a register names in its ``source`` column: for each
    distinct source, the first ``<source>.txt|.docx|.pdf`` found in ``folders`` (in that
    order); a source without a document is left out (its rows then show no contradiction)."""
    out: list[Path] = []
    for source in dict.fromkeys(str(s) for s in sources if isinstance(s, str) and s.strip()):
        found = (
            Path(folder) / f"{source}{suffix}" for folder in folders for suffix in DOCUMENT_SUFFIXES
        )
        path = next((p for p in found if p.is_file()), None)
        if path is not None:
            out.append(path)
    return out


def report_folders(data_dir: str | Path) -> list[Path]:
    """Where the reports a register names are looked for, in order: the data folder, then
    the original documents beside the repository (``paths.seeds_dir()``)."""
    return [Path(data_dir), paths.seeds_dir()]


def document_candidates(folders: Sequence[Path]) -> list[Path]:
    """Every file ``report_documents`` could pick in ``folders`` (any ``DOCUMENT_SUFFIXES``
    file directly inside), sorted: what a build hashes as the inputs of a step that reads
    report documents, so an edited report makes its chart stale."""
    found = {
        p
        for folder in folders
        if Path(folder).is_dir()
        for p in Path(folder).iterdir()
        if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file()
    }
    return sorted(found)


def text_contradictions(documents: Iterable[Path]) -> pd.DataFrame:
    """``row_contradictions`` of each report document (``program_report`` reads it), one
    table; empty (with its columns) without documents."""
    frames = [row_contradictions(program_report(path)) for path in documents]
    if not frames:
        return pd.DataFrame(columns=list(ROW_CONTRADICTION_COLUMNS))
    return pd.concat(frames, ignore_index=True)
