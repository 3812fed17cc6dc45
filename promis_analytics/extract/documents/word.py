"""Word .docx: paragraphs and tables in document order, a merged cell once, nested tables."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from promis_analytics.extract.documents.guard import check_package
from promis_analytics.extract.documents.model import Block, Document, DocumentError, assemble, clean
from promis_analytics.registers.limits import active

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
    counter = {"paragraph": 0, "table": 0}
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            counter["paragraph"] += 1
            text = clean(_paragraph_text(child))
            lines.append((text, [Block(text, f"paragraph {counter['paragraph']}")]))
        elif child.tag == f"{_W}tbl":
            for row in _table_rows(docx.table.Table(child, document), counter):
                lines += _render(row, style)
    return assemble(path, "docx", lines)


def _paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


# a table row: [(table, row, cell, [paragraph texts])]
_Row = list[tuple[int, int, int, list[str]]]


def _table_rows(table: Any, counter: dict[str, int]) -> list[_Row]:
    counter["table"] += 1
    t = counter["table"]
    seen: dict[int, Any] = {}  # id → cell element, kept alive so that ids stay unique
    nested: list[Any] = []
    rows: list[_Row] = []
    for r, row in enumerate(table.rows, start=1):
        cells: _Row = []
        for c, cell in enumerate(row.cells, start=1):
            if id(cell._tc) in seen:
                continue  # the rest of a merged cell
            seen[id(cell._tc)] = cell._tc
            own = [p for p in cell._tc.iterchildren() if p.tag == f"{_W}p"]
            cells.append((t, r, c, [clean(_paragraph_text(p)).strip() for p in own]))
            nested += list(cell.tables)
        rows.append(cells)
    for inner in nested:
        rows += _table_rows(inner, counter)
    return rows


def _render(row: _Row, style: str) -> list[tuple[str, list[Block]]]:
    if style == "cells":
        out = []
        for t, r, c, paragraphs in row:
            where = f"table {t}, row {r}, cell {c}"
            first, *rest = paragraphs or [""]
            line = "\t" + first
            out.append((line, [Block(line, where, 0, table=t, row=r, cell=c)]))
            out += [(p, [Block(p, where, 0, table=t, row=r, cell=c)]) for p in rest]
        return out
    parts: list[Block] = []
    texts: list[str] = []
    pos = 0
    for t, r, c, paragraphs in row:
        text = " ".join(p for p in paragraphs if p)
        if not text:
            continue
        parts.append(Block(text, f"table {t}, row {r}, cell {c}", pos, table=t, row=r, cell=c))
        texts.append(text)
        pos += len(text) + 1
    return [(" ".join(texts), parts)]
