"""Word .docx: paragraphs and tables in document order, a merged cell once, nested tables."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from promis_analytics.extract.documents.guard import check_package
from promis_analytics.extract.documents.model import (
    Block,
    Document,
    DocumentError,
    Table,
    TableCell,
    assemble,
    clean,
    table_lines,
)
from promis_analytics.registers.io.limits import active

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _not_docx(path: Path) -> DocumentError:
    return DocumentError(
        path,
        "файл не є документом Word .docx (пошкоджений або іншого формату)",
        "the file is not a Word .docx document (damaged or another format)",
        "відкрийте його у Word чи LibreOffice і збережіть як .docx, або надішліть .pdf чи .txt",
        "open it in Word or LibreOffice and save as .docx, or send a .pdf or .txt",
    )


def read_docx(path: Path, style: str = "rows") -> Document:
    """Top-level paragraphs are one line each («paragraph 5»). Tables (cells are blocks
    "table 1, row 2, cell 3"; a cell merged across columns or rows is read once; tables
    inside a cell follow its table) are laid out by ``style``: "rows" — a row per line, its
    cells joined by a space (how a monitoring card's form reads as text); "cells" — a cell per
    line starting with a tab, its further paragraphs on lines of their own (how Word saves a
    table as plain text, the layout program reports are read in)."""
    import docx  # python-docx

    if not zipfile.is_zipfile(path):
        raise _not_docx(path)
    check_package(path, active())  # parts, ratios, unpacked XML, elements: before parsing
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises KeyError/ValueError/BadZipFile for broken packages
        raise _not_docx(path) from None
    lines: list[tuple[str, list[Block]]] = []
    tables: list[Table] = []
    paragraphs = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraphs += 1
            text = clean(_paragraph_text(child))
            lines.append((text, [Block(text, f"paragraph {paragraphs}")]))
        elif child.tag == f"{_W}tbl":
            for table in _tables(child, len(tables) + 1):
                tables.append(table)
                lines += table_lines(table, style)
    return assemble(path, "docx", lines, tables=tables)


def _paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


def _attr(el: Any, tag: str) -> str | None:
    """The ``w:val`` of child ``tag`` of ``el``'s properties, "" when present without a value."""
    found = el.find(tag)
    return None if found is None else found.get(f"{_W}val", "")


def _tables(tbl: Any, number: int) -> list[Table]:
    """The table ``tbl`` (numbered ``number``) and the tables nested in its cells after it.
    Grid columns come from ``w:gridBefore`` and ``w:gridSpan``; a ``w:vMerge`` continuation
    lengthens the cell above it; a row with ``w:tblHeader`` is a header row."""
    anchors: dict[int, dict] = {}  # grid column → the cell open above it (for vMerge)
    cells: list[dict] = []
    nested: list[Any] = []
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
        pr = tr.find(f"{_W}trPr")
        header = pr is not None and _attr(pr, f"{_W}tblHeader") not in (None, "0", "false")
        before = _attr(pr, f"{_W}gridBefore") if pr is not None else None
        col = 1 + int(before or 0) if (before or "").isdigit() else 1
        for tc in tr.iterchildren(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span_s = _attr(tcpr, f"{_W}gridSpan") if tcpr is not None else None
            span = int(span_s) if span_s and span_s.isdigit() else 1
            vmerge = _attr(tcpr, f"{_W}vMerge") if tcpr is not None else None
            if vmerge is not None and vmerge != "restart" and col in anchors:
                anchors[col]["rowspan"] = r - anchors[col]["row"] + 1
            else:
                own = [p for p in tc.iterchildren() if p.tag == f"{_W}p"]
                text = "\n".join(clean(_paragraph_text(p)).strip() for p in own)
                cell = {"text": text, "row": r, "col": col, "colspan": span, "rowspan": 1}
                cell["header"] = header
                cells.append(cell)
                for k in range(col, col + span):
                    anchors[k] = cell
                nested += list(tc.iterchildren(f"{_W}tbl"))
            col += span
    out = [Table(number, [TableCell(**c) for c in cells])]
    for inner in nested:
        out += _tables(inner, number + len(out))
    return out
