"""Read a city target-program execution report into measures and indicators, and audit it.

Steps, one module each: ``layout`` (tables of words), ``reading`` (header, indicators, prose),
``measures`` (the measures table), ``checks`` (percents and totals), ``arithmetic`` (wrong
percents classified), the text against the tables — ``morphology`` (tokens, lemmas),
``figures`` (numbers that count something), ``clauses`` (bounds, parts, periods),
``quantities`` (statements of quantities), ``content`` (what the audit reads of a report),
``alignment`` (statements to rows), ``disagreement`` (contradiction records),
``statuses`` (status words against the figures), ``contradictions``, ``narrative`` (as
findings), ``audit_tables`` (tables for a workbook or a chart), ``truth`` (precision and
recall against a truth table) — ``model`` (``ProgramReport``), ``frames``. Documents come
through ``extract.documents`` (.txt in any encoding, .docx and .pdf with their tables as
tab-started cells, scans …).
"""

from __future__ import annotations

from pathlib import Path

from promis_analytics.extract.documents import DocumentError
from promis_analytics.extract.findings import Finding
from promis_analytics.extract.program_report.frames import (
    indicators_frame,
    measures_frame,
    totals_frame,
)
from promis_analytics.extract.program_report.layout import (
    INDICATOR_COLUMNS,
    INDICATOR_GROUPS,
    MEASURE_COLUMNS,
    PERCENT_CHECK_COLUMNS,
    SECTION_TITLES,
    TOTALS_CHECK_COLUMNS,
)
from promis_analytics.extract.program_report.measures import read_measures
from promis_analytics.extract.program_report.model import ProgramReport
from promis_analytics.extract.program_report.reading import (
    parse_header,
    read_assessment,
    read_indicators,
    read_report_text,
)
from promis_analytics.extract.report_layout import find_sections, normalize_text
from promis_analytics.percents import (
    FLAGGED_VERDICTS,
    PERCENT_VERDICTS,
    percent_at_precision,
    register_percent_verdict,
)

__all__ = [
    "FLAGGED_VERDICTS",
    "INDICATOR_COLUMNS",
    "INDICATOR_GROUPS",
    "MEASURE_COLUMNS",
    "PERCENT_CHECK_COLUMNS",
    "PERCENT_VERDICTS",
    "SECTION_TITLES",
    "TOTALS_CHECK_COLUMNS",
    "ProgramReport",
    "percent_at_precision",
    "program_report",
    "register_percent_verdict",
]


# --- public entry point ----------------------------------------------------------------------


def program_report(path_or_text: str | Path, *, source: str | None = None) -> ProgramReport:
    """Read a program execution report: a path to a document (.txt in any encoding, .docx,
    .pdf …), or the text itself.

    ``source`` names the document in every row (default: the file name without extension,
    or ``"text"``). Raises ``DocumentError`` (a ``ValueError``) naming the file when neither
    table is found.
    """
    text, where, default_source = read_report_text(path_or_text)
    source = source or default_source
    text = normalize_text(text)
    program, period, term = parse_header(text)
    sections = find_sections(text, SECTION_TITLES)
    if "measures" not in sections and "indicators" not in sections:
        raise DocumentError(
            Path(where),
            "не знайдено таблиць звіту про виконання програми (розділів "
            f"«{SECTION_TITLES['measures']} …» чи «{SECTION_TITLES['indicators']} …»)",
            f"no table of a program execution report found (sections "
            f"«{SECTION_TITLES['measures']} …» or «{SECTION_TITLES['indicators']} …»)",
            "перевірте, що це звіт про виконання міської цільової програми, а таблиці в ньому "
            "мають заголовки розділів із номерами",
            "check that this is a city program execution report whose tables have numbered "
            "section headings",
        )
    findings: list[Finding] = []
    measures: list[dict] = []
    totals: list[dict] = []
    if "measures" in sections:
        measures, totals = read_measures(sections["measures"], findings)
    assessment = read_assessment(sections["assessment"]) if "assessment" in sections else []
    indicators: list[dict] = []
    if "indicators" in sections:
        indicators = read_indicators(sections["indicators"], program, period, source, findings)
    return ProgramReport(
        program=program,
        period=period,
        program_term=term,
        source=source,
        measures=measures_frame(measures),
        totals=totals_frame(totals),
        indicators=indicators_frame(indicators),
        reading_findings=findings,
        _measure_records=measures,
        _total_records=totals,
        _indicator_records=indicators,
        _assessment_records=assessment,
        _text=text,
    )
