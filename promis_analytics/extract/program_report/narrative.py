"""The report's text against its tables, as findings: each contradiction that
``contradictions.text_audit`` finds (a count, sum, amount or status in the text that the
tables, or another statement, contradict) with both quotes and both lines."""

from __future__ import annotations

from promis_analytics.extract.findings import Finding
from promis_analytics.extract.program_report.alignment import row_of_line
from promis_analytics.extract.program_report.content import ReportContent
from promis_analytics.extract.program_report.contradictions import Contradiction, text_audit

__all__ = ["contradiction_finding", "text_table_findings"]


def text_table_findings(report: ReportContent) -> list[Finding]:
    """``text_table_mismatch`` (warning) for each contradiction between the text and the
    tables (see ``contradictions.text_audit``), in the order of the report's lines."""
    found = sorted(text_audit(report).contradictions, key=lambda c: (c.text_line, c.other_line))
    return [contradiction_finding(report, c) for c in found]


def contradiction_finding(report: ReportContent, c: Contradiction) -> Finding:
    """One contradiction as a finding: located at the statement (its table row and line, or
    its line in the text), naming what it contradicts, both values and both quotes."""
    where = _where(report, c.text_line)
    first = c.stated.split(" ")[0].strip("«")
    said = f"the text states {c.stated} ({c.kind}: «{_short(c.text_quote, first)}»)"
    if c.kind == "status" and c.stated.startswith("«"):  # a status word against the figures
        message = (
            f"the comment says {c.stated} («{_short(c.text_quote)}») but {c.other_locator} "
            f"gives {c.other}"
        )
    elif c.kind == "status":  # a count for something the tables say was not done
        message = f"{said} where {c.other_locator} «{_short(c.other_quote)}» is {c.other}"
    elif c.other_locator.startswith("table"):
        gives = c.other.split("actual ")[-1]
        message = (
            f"{said} where {c.other_locator} gives {gives} ({c.other}) "
            f"for «{_short(c.other_quote)}»"
        )
    else:
        message = f"{said} where line {c.other_line} gives {c.other} («{_short(c.other_quote)}»)"
    return Finding("text_table_mismatch", "warning", message, where)


def _where(report: ReportContent, line: int) -> str:
    """The table row a line belongs to («table 1, measure 4.2 (line 216), line 233») or
    «text, line 536» for a line outside the tables."""
    row = row_of_line(report, line)
    return f"{row}, line {line}" if row else f"text, line {line}"


def _short(text: str, around: str = "", n: int = 90) -> str:
    """The text in at most ``n`` characters, cut around the first ``around`` in it."""
    t = " ".join(text.split())
    if len(t) <= n:
        return t
    at = max(t.find(around), 0) if around else 0
    start = max(0, min(at - n // 3, len(t) - n))
    cut = t[start : start + n]
    return ("…" if start else "") + cut + ("…" if start + n < len(t) else "")
