"""Pre-open checks of an .xlsx/.xlsm workbook: size, compression, XML declarations, sheet extent.

``check_workbook(path)`` runs before any XML parser or cell reader touches the file and raises
``UnsafeWorkbook`` (bilingual detail) when the workbook is too big, compressed suspiciously
well (a zip bomb), declares a DTD or entities (XML entity expansion), or has a sheet whose
cells reach beyond ``max_cells`` (e.g. a stray value in XFD1048576, with or without a
``<dimension>`` element). Memory stays bounded: members are streamed in chunks.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from promis_analytics.errors import PromisError

MAX_WORKBOOK_BYTES = 100 * 1024 * 1024  # compressed file size (default; registers.io.limits)
MAX_MEMBERS = 2_000  # parts inside the zip
MAX_MEMBER_RATIO = 200  # uncompressed / compressed of one part (parts over RATIO_FLOOR only)
RATIO_FLOOR = 1024 * 1024
MAX_CELLS_DEFAULT = 20_000_000

# Documents (``extract.documents.guard``; settings in ``registers.io.limits``): a report of
# hundreds of pages passes; 1 000 000 XML elements of a .docx cost ≈ 1.2 GB to read as a card.
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024  # file size of a .docx/.pdf/.txt/.doc/.odt/.rtf
MAX_DOCUMENT_UNPACKED = 64 * 1024 * 1024  # XML bytes unpacked, all parts of a .docx/.odt
MAX_DOCUMENT_ELEMENTS = 1_000_000  # XML elements (start tags), all parts of a .docx/.odt
MAX_PDF_PAGES = 1_000
MAX_PDF_STREAM_BYTES = 8 * 1024 * 1024  # one PDF stream (or one page's content) inflated
MAX_TEXT_LINES = 1_000_000
#: a document part over 1 MiB packed more than this is a bomb (DEFLATE's own ceiling is
#: ≈ 1032:1; Word XML of repeated rows reaches a few hundred — the element limit bounds it)
MAX_DOCUMENT_RATIO = 1000
DOCUMENT_DEFAULTS = {
    "max_document_bytes": MAX_DOCUMENT_BYTES,
    "max_document_unpacked": MAX_DOCUMENT_UNPACKED,
    "max_document_elements": MAX_DOCUMENT_ELEMENTS,
    "max_pdf_pages": MAX_PDF_PAGES,
    "max_pdf_stream_bytes": MAX_PDF_STREAM_BYTES,
    "max_text_lines": MAX_TEXT_LINES,
}

_CHUNK = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_RE_ROW = re.compile(rb'<row\b[^>]*?\br="(\d{1,9})"')
_RE_CELL_COL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,4})\d')


class UnsafeWorkbook(PromisError):
    """The workbook is refused before opening; ``detail``/``detail_uk`` say why."""

    def __init__(self, detail: str, detail_uk: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_uk = detail_uk
        self.expected_en = "an ordinary .xlsx register saved by Excel or LibreOffice"
        self.expected_uk = "звичайний реєстр .xlsx, збережений Excel або LibreOffice"


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def declares_dtd(fh: IO[bytes]) -> bool:
    """True when the XML prolog (before the root element) holds <!DOCTYPE or <!ENTITY."""
    buf = b""
    while True:
        chunk = fh.read(64 * 1024)
        buf += chunk
        pos = 0
        while True:
            i = buf.find(b"<", pos)
            if i < 0 or i + 9 > len(buf):
                break
            nxt = buf[i + 1 : i + 2]
            if nxt == b"?":
                j = buf.find(b"?>", i)
            elif buf.startswith(b"<!--", i):
                j = buf.find(b"-->", i)
            else:  # <!DOCTYPE / <!ENTITY before the root: refuse; the root element: done
                return nxt == b"!"
            if j < 0:
                break
            pos = j + 2
        if not chunk:
            return False
        if len(buf) > 16 * 1024 * 1024:  # a prolog this long is itself an attack
            return True
        buf = buf[pos:] if pos else buf


def sheet_extent(
    z: zipfile.ZipFile, member: str, feed: Callable[[bytes], None] | None = None
) -> tuple[int, int]:
    """(last row number, last column number) that any cell or row of ``member`` names.

    Read from the cell references themselves, not from the ``<dimension>`` element, which
    may be missing or wrong. ``feed`` receives
    the sheet XML in parts cut before a tag (the reader's own scan, in the same pass).
    """
    max_row, letters = 0, b""
    tail = b""
    with z.open(member) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            buf = tail + chunk
            cut = len(buf) if not chunk else max(0, buf.rfind(b"<"))
            part = buf[:cut]
            rows = _RE_ROW.findall(part)
            if rows:
                max_row = max(max_row, max(map(int, rows)))
            letters = _last_column(part, letters)
            if feed is not None:
                feed(part)
            if not chunk:
                break
            tail = buf[cut:]
    return max_row, _col_number(letters)


def _last_column(part: bytes, letters: bytes) -> bytes:
    """The latest column (letters) among ``letters`` and the cell references in ``part``
    (more letters is later; as many letters, the later in the alphabet). The references
    are read only when one pass over every ``r="`` (a superset of them) finds
    letters later than ``letters``: usually once, at the first row."""
    if not _maybe_later(part, letters):
        return letters
    found = set(_RE_CELL_COL.findall(part))
    found.add(letters)
    return max(found, key=lambda c: (len(c), c))


@functools.lru_cache(maxsize=128)
def _later_than(letters: bytes) -> re.Pattern[bytes] | None:
    """A pattern that finds ``r="`` followed by column letters later than ``letters``: more
    letters, or the same first ones and then a later one (None: nothing is later)."""
    n = len(letters)
    alternatives = [b"[A-Z]{%d}" % (n + 1)] if n < 4 else []
    for i in range(n):
        if letters[i] < ord("Z"):
            later = re.escape(letters[:i]) + b"[" + bytes([letters[i] + 1]) + b"-Z]"
            alternatives.append(later + b"[A-Z]" * (n - i - 1))  # as many letters
    return re.compile(rb'r="(?:' + b"|".join(alternatives) + rb")") if alternatives else None


def _maybe_later(part: bytes, letters: bytes) -> bool:
    """Whether some ``r="`` in ``part`` is followed by letters later than ``letters`` (a
    superset of the cell references: one fast pass, no match object per cell)."""
    pattern = _later_than(letters)
    return pattern is not None and pattern.search(part) is not None


def check_workbook(
    path: str | Path,
    *,
    max_cells: int = MAX_CELLS_DEFAULT,
    max_bytes: int | None = None,
    feed_sheet: Callable[[str], Callable[[bytes], None] | None] | None = None,
) -> None:
    """Refuse (``UnsafeWorkbook``) a workbook that is unsafe to open; return None if fine.

    Limits: file ≤ ``MAX_WORKBOOK_BYTES`` bytes; ≤ ``MAX_MEMBERS`` parts; any part over
    1 MiB compressed at most ``MAX_MEMBER_RATIO``:1; no DTD/entity declaration in any XML
    part; every worksheet's last row × last column ≤ ``max_cells``. ``feed_sheet(member)``
    may give a function that sees each worksheet's XML as it is read (one pass for both).
    """
    p = Path(path)
    size = p.stat().st_size
    max_bytes = MAX_WORKBOOK_BYTES if max_bytes is None else max_bytes
    if size > max_bytes:
        raise UnsafeWorkbook(
            f"workbook file too large ({size} bytes > {max_bytes})",
            f"файл книги завеликий ({size} байт > {max_bytes})",
        )
    with zipfile.ZipFile(p) as z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise UnsafeWorkbook(
                f"workbook has {len(infos)} parts (limit {MAX_MEMBERS})",
                f"книга має {len(infos)} частин (межа {MAX_MEMBERS})",
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_MEMBER_RATIO:
                raise UnsafeWorkbook(
                    f"part {info.filename} expands {ratio:.0f} times "
                    f"(limit {MAX_MEMBER_RATIO}): a zip bomb, refused",
                    f"частина {info.filename} розпаковується у {ratio:.0f} разів "
                    f"(межа {MAX_MEMBER_RATIO}): zip-бомба, відхилено",
                )
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                with z.open(info) as fh:
                    if declares_dtd(fh):
                        raise UnsafeWorkbook(
                            f"part {info.filename} declares a DTD or XML entities "
                            "(entity expansion attack); refused",
                            f"частина {info.filename} оголошує DTD або XML-сутності "
                            "(атака розширенням сутностей); відхилено",
                        )
        for info in infos:
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                rows, cols = sheet_extent(z, name, feed_sheet(name) if feed_sheet else None)
                if rows * cols > max_cells:
                    raise UnsafeWorkbook(
                        f"sheet {name} is too large ({rows} rows × {cols} columns) "
                        f"— over {max_cells} cells; refused",
                        f"аркуш {name} завеликий ({rows} рядків × {cols} стовпців) "
                        f"— понад {max_cells} клітинок; відхилено",
                    )
