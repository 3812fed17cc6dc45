"""Word .docx: paragraphs and tables in document order, a merged cell once, nested tables."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from promis_analytics.extract.documents.model import Block, Document, DocumentError, assemble, clean

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


def read_docx(path: Path) -> Document:
    """Top-level paragraphs are one line each («абзац 5» / "paragraph 5"); each table row is
    one line with its cells joined by a space (cells are blocks "table 1, row 2, cell 3");
    a cell merged across columns or rows is read once; tables inside a cell follow it."""
    import docx  # python-docx

    if not zipfile.is_zipfile(path):
        raise _not_docx(path)
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
            _table_lines(docx.table.Table(child, document), counter, lines)
    return assemble(path, "docx", lines)


def _paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


def _table_lines(table: Any, counter: dict[str, int], lines: list) -> None:
    counter["table"] += 1
    t = counter["table"]
    seen: set[int] = set()
    nested: list[Any] = []
    for r, row in enumerate(table.rows, start=1):
        parts: list[Block] = []
        texts: list[str] = []
        pos = 0
        for c, cell in enumerate(row.cells, start=1):
            if id(cell._tc) in seen:
                continue  # the rest of a merged cell
            seen.add(id(cell._tc))
            own = [p for p in cell._tc.iterchildren() if p.tag == f"{_W}p"]
            text = clean("\n".join(_paragraph_text(p) for p in own)).replace("\n", " ").strip()
            nested += list(cell.tables)
            if not text:
                continue
            parts.append(Block(text, f"table {t}, row {r}, cell {c}", pos, table=t, row=r, cell=c))
            texts.append(text)
            pos += len(text) + 1
        lines.append((" ".join(texts), parts))
    for inner in nested:
        _table_lines(inner, counter, lines)
