"""Plain text as Word saves it: UTF-8 (with or without BOM), UTF-16, Windows-1251."""

from __future__ import annotations

from pathlib import Path

from promis_analytics.encodings import EncodingNotRecognised, decode_text
from promis_analytics.extract.documents.model import Block, Document, DocumentError, assemble, clean

__all__ = ["read_text"]


def read_text(path: Path, style: str = "rows") -> Document:
    """Each line is a block («рядок 12» / "line 12"); offsets are those of the NFC text."""
    try:
        raw, encoding = decode_text(path.read_bytes())
    except EncodingNotRecognised:
        raise DocumentError(
            path,
            "кодування тексту не розпізнано (не UTF-8, UTF-16 чи Windows-1251)",
            "the text encoding is not recognised (not UTF-8, UTF-16 or Windows-1251)",
            "збережіть документ у Word як «Звичайний текст» у кодуванні UTF-8 або як .docx",
            "save it from Word as plain text in UTF-8, or as .docx",
        ) from None
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
