"""Readers for narrative documents (monitoring cards, program reports) that yield register rows."""

from promis_analytics.extract.card import CardExtract, merge_cards, monitoring_card
from promis_analytics.extract.findings import Finding, findings_frame
from promis_analytics.extract.program_report import ProgramReport, program_report

__all__ = [
    "CardExtract",
    "Finding",
    "ProgramReport",
    "findings_frame",
    "merge_cards",
    "monitoring_card",
    "program_report",
]
