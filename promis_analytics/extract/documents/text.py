"""Plain text as Word saves it: UTF-8 (with or without BOM), UTF-16, Windows-1251."""

from __future__ import annotations

from pathlib import Path

from promis_analytics.encodings import decode
from promis_analytics.extract.documents.guard import check_lines
from promis_analytics.extract.documents.model import Block, Document, DocumentError, assemble, clean
from promis_analytics.registers.io.limits import active

__all__ = ["read_text"]


def read_text(path: Path, style: str = "rows") -> Document:
    """Each line is a block («рядок 12» / "line 12"); offsets are those of the NFC text."""
    decoded = decode(path.read_bytes())
    if decoded.problem is not None:
        raise DocumentError(
            path,
            f"кодування тексту: {decoded.problem.detail_uk}",
            f"text encoding: {decoded.problem.detail_en}",
            "збережіть документ у Word як «Звичайний текст» у кодуванні UTF-8 або як .docx",
            "save it from Word as plain text in UTF-8, or as .docx",
        )
    raw, encoding = decoded.text or "", decoded.encoding
    check_lines(path, raw.count("\n") + 1, active())
    if "\x00" in raw:
        raise DocumentError(
            path,
            "це не текстовий файл (двійкові дані)",
            "this is not a text file (binary data)",
            "збережіть документ як .txt, .docx або .pdf",
            "save the document as .txt, .docx or .pdf",
        )
    text = clean(raw).replace("\r", "\n")
    lines = [(line, [Block(line, f"line {n}")]) for n, line in enumerate(text.split("\n"), 1)]
    return assemble(path, "txt", lines, encoding)
