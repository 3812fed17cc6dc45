"""The columns of the narrative audit's contradictions table, shared by its writer and its chart."""

from __future__ import annotations

__all__ = ["CONTRADICTION_COLUMNS", "ROW_CONTRADICTION_COLUMNS"]

#: Columns a contradictions table must have: the table row a contradiction concerns
#: (``locator``, as the indicators register writes it), its number ``n`` in the report, both
#: sides (line, value, quote; the row's planned and actual figures).
CONTRADICTION_COLUMNS: tuple[str, ...] = (
    "locator",
    "n",
    "kind",
    "text_line",
    "stated",
    "text_quote",
    "other_line",
    "other",
    "other_planned",
    "other_actual",
    "other_quote",
)
#: Columns of ``extract.program_report.audit_tables.row_contradictions``: the report's
#: ``source`` first, then :data:`CONTRADICTION_COLUMNS`.
ROW_CONTRADICTION_COLUMNS: tuple[str, ...] = ("source", *CONTRADICTION_COLUMNS)
