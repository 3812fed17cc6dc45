"""Limits of a document checked before it is parsed: file size, .docx/.odt parts, PDF streams.

Like ``safety.check_workbook`` for workbooks: ``check_file`` (any document), ``check_package``
(.docx/.odt: parts, compression ratio, unpacked XML bytes and elements, DTDs), ``check_pdf``
(every stream's inflated size, read in 1 MiB steps before any PDF parser sees the file) and
``check_lines`` (text). Memory stays bounded: nothing is inflated whole. Each refusal is a
``DocumentError`` saying which limit and how to raise it (``registers.io.limits``).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from promis_analytics import safety
from promis_analytics.extract.documents.model import DocumentError
from promis_analytics.registers.io.limits import ENV, MIB, Limits

__all__ = [
    "CONVERT_TIMEOUT",
    "check_file",
    "check_lines",
    "check_package",
    "check_pdf",
    "timed_out",
    "too_large",
]

#: seconds an external converter (LibreOffice, Tesseract) may run on one document
CONVERT_TIMEOUT = 300
_CHUNK = 1024 * 1024
_OPTION = {  # setting → the CLI option of ``promis extract`` that raises it
    "max_document_bytes": "--max-document-mb",
    "max_pdf_pages": "--max-pages",
}
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+|\d+\s+\d+\s+R)")
_FLATE = {b"FlateDecode", b"Fl"}


def _a85(raw: bytes) -> bytes:
    from pdfminer.ascii85 import ascii85decode

    return ascii85decode(raw)


def _ahx(raw: bytes) -> bytes:
    from pdfminer.ascii85 import asciihexdecode

    return asciihexdecode(raw)


_TEXT_CODECS = {b"ASCII85Decode": _a85, b"A85": _a85, b"ASCIIHexDecode": _ahx, b"AHx": _ahx}


def too_large(path: Path, found_uk: str, found_en: str, setting: str) -> DocumentError:
    """The refusal of a document over the limit ``setting`` (a ``Limits`` field)."""
    how = f"{ENV[setting]}=…" + (f" або {_OPTION[setting]}" if setting in _OPTION else "")
    how_en = f"{ENV[setting]}=…" + (f" or {_OPTION[setting]}" if setting in _OPTION else "")
    return DocumentError(
        path,
        f"{found_uk}; відхилено до читання",
        f"{found_en}; refused before reading",
        f"якщо документ справжній, підніміть межу ({how}, docs/reliability.md)",
        f"if the document is genuine, raise the limit ({how_en}, docs/reliability.md)",
    )


def timed_out(path: Path, program: str) -> DocumentError:
    """The refusal of a document whose conversion by ``program`` ran over ``CONVERT_TIMEOUT``."""
    return DocumentError(
        path,
        f"{program} не впорався з документом за {CONVERT_TIMEOUT} с; перетворення зупинено",
        f"{program} did not finish the document in {CONVERT_TIMEOUT} s; conversion stopped",
        "відкрийте документ у Word чи LibreOffice і збережіть як .docx (або .pdf з текстом)",
        "open it in Word or LibreOffice and save as .docx (or a PDF with a text layer)",
    )


def check_file(path: Path, lim: Limits) -> None:
    """The file is at most ``max_document_bytes``."""
    size, limit = path.stat().st_size, lim.max_document_bytes
    assert limit is not None
    if size > limit:
        found = f"{size / MIB:.1f} MiB > {limit / MIB:.1f} MiB"
        raise too_large(
            path, f"файл завеликий ({found})", f"file too large ({found})", "max_document_bytes"
        )


def check_package(path: Path, lim: Limits) -> None:
    """A .docx/.odt zip: at most ``safety.MAX_MEMBERS`` parts, no part over 1 MiB packed
    more than ``safety.MAX_DOCUMENT_RATIO``:1, XML parts together at most
    ``max_document_unpacked`` bytes and ``max_document_elements`` start tags (counted while
    streaming), no DTD or entity declaration. Not a zip: returned to the reader to say so."""
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with z:
        infos = z.infolist()
        if len(infos) > safety.MAX_MEMBERS:
            raise DocumentError(
                path,
                f"документ має {len(infos)} частин (межа {safety.MAX_MEMBERS}); відхилено",
                f"the document has {len(infos)} parts (limit {safety.MAX_MEMBERS}); refused",
                "збережіть документ у Word чи LibreOffice ще раз",
                "save the document again in Word or LibreOffice",
            )
        xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > safety.RATIO_FLOOR and ratio > safety.MAX_DOCUMENT_RATIO:
                raise _bomb(path, f"{info.filename}: ×{ratio:.0f} (> ×{safety.MAX_DOCUMENT_RATIO})")
        unpacked = sum(i.file_size for i in xml)
        if unpacked > (lim.max_document_unpacked or 0):
            found = f"{unpacked / MIB:.1f} MiB > {(lim.max_document_unpacked or 0) / MIB:.0f} MiB"
            raise too_large(
                path,
                f"XML документа розпаковується завелике ({found})",
                f"the document's XML unpacks too large ({found})",
                "max_document_unpacked",
            )
        elements = 0
        for info in xml:
            elements += _elements(z, info, path)
            if elements > (lim.max_document_elements or 0):
                raise too_large(
                    path,
                    f"у документі понад {lim.max_document_elements} XML-елементів (абзаців, "
                    "рядків тексту)",
                    f"the document has over {lim.max_document_elements} XML elements "
                    "(paragraphs, runs of text)",
                    "max_document_elements",
                )


def _elements(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> int:
    """Start tags of one XML part (``<`` not followed by ``/``, ``?`` or ``!``), streamed;
    a DTD or entity declaration refuses the document."""
    with z.open(info) as fh:
        if safety.declares_dtd(fh):
            raise DocumentError(
                path,
                f"частина {info.filename} оголошує DTD або XML-сутності (атака розширенням "
                "сутностей); відхилено",
                f"part {info.filename} declares a DTD or XML entities (entity expansion "
                "attack); refused",
                "збережіть документ у Word чи LibreOffice ще раз",
                "save the document again in Word or LibreOffice",
            )
    n = 0
    with z.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            n += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
    return n


def _bomb(path: Path, what: str) -> DocumentError:
    return DocumentError(
        path,
        f"документ стискається підозріло сильно ({what}): zip-бомба, відхилено",
        f"the document is compressed suspiciously well ({what}): a zip bomb, refused",
        "збережіть документ у Word чи LibreOffice ще раз або надішліть .pdf",
        "save the document again in Word or LibreOffice, or send a .pdf",
    )


def check_pdf(path: Path, lim: Limits) -> None:
    """No stream of the PDF inflates beyond ``max_pdf_stream_bytes`` (an image stream, which
    is never parsed for text: 16 times that). Every ``stream`` of the file is inflated in
    1 MiB steps through each of its Flate filters until its end or the limit."""
    cap = lim.max_pdf_stream_bytes or 0
    data = path.read_bytes()
    for m in _STREAM.finditer(data):
        head = data[max(0, data.rfind(b"obj", max(0, m.start() - 65536), m.start())) : m.start()]
        filters = _filters(head)
        limit = cap * 16 if b"/Image" in head else cap
        size = _inflated(data, m.end(), filters, limit)
        if size > limit:
            where = f"stream at byte {m.end()}"
            raise too_large(
                path,
                f"потік PDF ({where}) розпаковується понад {limit / MIB:.0f} MiB",
                f"a PDF {where} inflates beyond {limit / MIB:.0f} MiB",
                "max_pdf_stream_bytes",
            )


def _filters(head: bytes) -> list[bytes]:
    """The filter names of a stream's dictionary; an indirect /Filter is tried as Flate."""
    m = _FILTER.search(head)
    if m is None:
        return []
    value = m.group(1)
    if value.endswith(b"R"):
        return [b"FlateDecode"]
    return re.findall(rb"/([A-Za-z0-9]+)", value)


def _inflated(data: bytes, start: int, filters: list[bytes], limit: int) -> int:
    """The size the stream at ``start`` inflates to through its Flate filters, decoding the
    ASCII85/ASCIIHex layers between them (at most 4 × their input), stopping past ``limit``
    or at another filter (an image codec); 0 when the data is no zlib."""
    source: bytes | memoryview = memoryview(data)[start:]
    size = 0
    for k, name in enumerate(filters):
        if name in _TEXT_CODECS:
            if k == 0:  # the raw data: up to the end of the stream
                end = data.find(b"endstream", start)
                source = data[start : end if end > 0 else len(data)]
            source = _TEXT_CODECS[name](bytes(source))
            size = len(source)
        elif name in _FLATE:
            keep = k + 1 < len(filters)
            size, out = _inflate(source, limit, keep)
            if out is None:
                break
            source = out
        else:
            break
        if size > limit:
            break
    return size


def _inflate(source: bytes | memoryview, limit: int, keep: bool) -> tuple[int, bytes | None]:
    """(bytes inflated, stopping past ``limit``; those bytes when ``keep``)."""
    d = zlib.decompressobj()
    size, parts, pos = 0, [], 0
    src: bytes | memoryview = b""
    while size <= limit:
        if not src:
            if pos >= len(source):
                break
            src, pos = source[pos : pos + _CHUNK], pos + _CHUNK
        try:
            piece = d.decompress(src, _CHUNK)
        except zlib.error:
            break
        size += len(piece)
        if keep:
            parts.append(piece)
        if d.eof:
            break
        src = d.unconsumed_tail
    return size, b"".join(parts) if keep else None


def check_lines(path: Path, lines: int, lim: Limits) -> None:
    """A text document has at most ``max_text_lines`` lines."""
    limit = lim.max_text_lines or 0
    if lines > limit:
        raise too_large(
            path,
            f"у тексті {lines} рядків (межа {limit})",
            f"the text has {lines} lines (limit {limit})",
            "max_text_lines",
        )
