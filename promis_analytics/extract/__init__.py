"""Readers for narrative documents (monitoring cards, program reports) that yield register rows."""

from promis_analytics.extract.findings import Finding, findings_frame
from promis_analytics.extract.program_report import ProgramReport, program_report

__all__ = ["Finding", "ProgramReport", "findings_frame", "program_report"]
