"""The document layer under the extractors: a file → text blocks in reading order, each with
where it stands (page, table/row/cell, paragraph) and its offset in the document's text.

``read_document(path)`` picks the reader by the file's ending (``READERS``): plain text in any
of the encodings people save (UTF-8, UTF-16, Windows-1251), Word .docx, PDF with a text layer,
.doc/.rtf/.odt through LibreOffice when it is installed, and scans — PDF pages without a text
layer and PNG/JPEG/TIFF images of pages — recognised by Tesseract (``ocr``). Anything
unreadable raises ``DocumentError`` with a message in Ukrainian and English saying what to
do. Limits are
checked before parsing (``guard``; settings ``registers.io.limits.Limits``, raised by argument,
CLI option or environment).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from promis_analytics.extract.documents.guard import check_file
from promis_analytics.extract.documents.model import (
    Block,
    Document,
    DocumentError,
    DocumentNotFound,
)
from promis_analytics.extract.documents.ocr import read_image
from promis_analytics.extract.documents.office import read_office
from promis_analytics.extract.documents.pdf import read_pdf
from promis_analytics.extract.documents.text import read_text
from promis_analytics.extract.documents.word import read_docx
from promis_analytics.registers.io.limits import Limits, active, using

__all__ = ["READERS", "Block", "Document", "DocumentError", "DocumentNotFound", "read_document"]

#: file ending → reader(path, style); ``style`` lays tables out ("rows" or "cells", see
#: ``word.read_docx``) and matters only where a format has tables
READERS: dict[str, Callable[..., Document]] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".doc": read_office,
    ".rtf": read_office,
    ".odt": read_office,
    ".png": read_image,
    ".jpg": read_image,
    ".jpeg": read_image,
    ".tif": read_image,
    ".tiff": read_image,
}


def read_document(
    path: str | Path, style: str = "rows", *, limits: Limits | None = None
) -> Document:
    """Read ``path`` into a ``Document`` (see the module docstring); ``style`` is how tables
    become text: "rows" (a row per line) or "cells" (a tab-started line per cell); ``limits``
    raises or lowers the document limits for this read (None: those in force —
    ``registers.io.limits.using`` — else environment, then defaults)."""
    p = Path(path)
    if not p.is_file():
        raise DocumentNotFound(
            p, "файл не знайдено", "file not found", "перевірте шлях", "check the path"
        )
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        known = ", ".join(READERS)
        raise DocumentError(
            p,
            f"невідомий формат документа «{p.suffix}»",
            f"unknown document format '{p.suffix}'",
            f"збережіть документ як {known}",
            f"save the document as one of {known}",
        )
    with using(limits if limits is not None else active()) as lim:
        check_file(p, lim)
        return reader(p, style)
