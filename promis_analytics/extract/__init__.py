"""Readers for narrative documents (monitoring cards, program reports) that yield register rows."""

from promis_analytics.extract.findings import Finding, findings_frame

__all__ = ["Finding", "findings_frame"]
