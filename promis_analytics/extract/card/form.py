"""The official form (Cabinet of Ministers resolution № 623): which column of the results
table a figure stands in — only the results of the half-year are events."""

from __future__ import annotations

from collections.abc import Callable

from promis_analytics.extract.card.structure import loc
from promis_analytics.extract.documents import Document
from promis_analytics.extract.findings import Finding

__all__ = ["COLUMN_TITLES", "results_column"]

#: the results table's column headings (start of the text) → role
COLUMN_TITLES: dict[str, str] = {
    "робота, запланована за проектом": "planned",
    "робота, запланована за проєктом": "planned",
    "результати, досягнуті": "results",
    "вплив на відповідну галузь": "impact",
    "робота, запланована на наступне": "next",
}


def _role(text: str) -> str | None:
    low = " ".join(text.casefold().split())
    return next((role for head, role in COLUMN_TITLES.items() if low.startswith(head)), None)


def results_column(
    doc: Document | None, text: str, findings: list[Finding]
) -> Callable[[int], bool]:
    """A test of a text offset: True unless it lies in a results-table cell of another column
    than «Результати, досягнуті за звітне півріччя» (planned work, impact, next half-year).
    Plain text has no columns: every figure counts (a note says so when the four headings
    are printed on one line)."""
    if doc is None or not any(b.table for b in doc.blocks):
        return lambda _: True
    heads = [(b.table, b.row, b.cell, _role(b.text)) for b in doc.blocks if b.table]
    results = [(t, r, c) for t, r, c, role in heads if role == "results"]
    if not results:
        return lambda _: True
    table, header_row, column = results[0]
    others = {c for t, r, c, role in heads if t == table and r == header_row and role}
    findings.append(
        Finding(
            "form_columns",
            "note",
            f"results table found (table {table}): figures are read from column {column} "
            "(results of the half-year) only; planned work and plans are not events",
            loc(text, next(b.start for b in doc.blocks if b.table == table)),
        )
    )

    def reported(offset: int) -> bool:
        b = doc.block_at(offset)
        if b is None or b.table != table or (b.row or 0) <= (header_row or 0):
            return True
        return b.cell == column or b.cell not in others

    return reported
