"""The bad-input corpus of documents: hostile and odd files given to ``promis extract card``.

Each ``DocCase`` writes one document (built here, in the test's folder: bombs are never
committed) and states what the command must end with: exit code, a fragment of its English
message and, for a limit, the environment that lowers it. ``DOC_CASES`` is the manifest.
"""

from __future__ import annotations

import base64
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CARD = (
    "Картка піврічного моніторингу проєкту ПРОМІС\n"
    "Дата попереднього моніторингу: 31.12.2018\n"
    "Дата поточного моніторингу: 30.06.2019\n"
)
EVENT = "Проведено семінар «Бюджет участі {i}» 12 березня 2019 р., м. Полтава (25 учасників)."


@dataclass(frozen=True)
class DocCase:
    """One document: ``build(folder) -> path``; the command's exit code and message."""

    id: str
    build: Callable[[Path], Path]
    code: int
    message: str  # fragment of the English output ("" = none checked)
    env: dict[str, str] = field(default_factory=dict)
    slow: bool = False


def card_text(events: int = 39, filler: int = 0) -> str:
    """A card of ``events`` participant figures and ``filler`` plain paragraphs."""
    lines = [EVENT.format(i=i) for i in range(events)]
    lines += [f"Інформація про діяльність, розділ {k}." for k in range(filler)]
    return CARD + "\n".join(lines) + "\n"


def text(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        p = folder / name
        p.write_bytes(data)
        return p

    return build


def docx(name: str, body_xml: bytes) -> Callable[[Path], Path]:
    """A .docx whose body is ``body_xml`` (python-docx's own package around it)."""

    def build(folder: Path) -> Path:
        import docx as python_docx

        buf = io.BytesIO()
        python_docx.Document().save(buf)
        p = folder / name
        with zipfile.ZipFile(buf) as src, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "word/document.xml":
                    start = data.index(b"<w:body>") + len(b"<w:body>")
                    data = data[:start] + body_xml + data[start:]
                dst.writestr(info, data)
        return p

    return build


def paragraphs(lines: list[str]) -> bytes:
    return b"".join(
        b"<w:p><w:r><w:t>" + line.encode("utf-8") + b"</w:t></w:r></w:p>" for line in lines
    )


def pdf(
    name: str, pages: int, content: bytes, *, flate: bool = True, extra: str = ""
) -> Callable[[Path], Path]:
    """A PDF of ``pages`` pages sharing one content stream (Flate-compressed when ``flate``;
    ``extra`` entries in its dictionary)."""

    def build(folder: Path) -> Path:
        stream = zlib.compress(content, 9) if flate else content
        entries = (" /Filter /FlateDecode" if flate else "") + extra
        kids = " ".join(f"{4 + k} 0 R" for k in range(pages))
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
            f"<< /Length {len(stream)}{entries} >>\n".encode()
            + b"stream\n"
            + stream
            + b"\nendstream",
        ]
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << >> >>"
        ] * pages
        p = folder / name
        p.write_bytes(_pdf_file(objects))
        return p

    return build


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode()
    return bytes(out + b"%%EOF\n")


def encrypted_pdf(folder: Path) -> Path:
    from fpdf import FPDF

    doc = FPDF()
    doc.set_encryption(owner_password="owner", user_password="secret")
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(0, 10, "Monitoring card")
    p = folder / "картка.pdf"
    doc.output(str(p))
    return p


_UTF8 = card_text(5).encode("utf-8")
_LINES = _UTF8.split(b"\n")

DOC_CASES: tuple[DocCase, ...] = (
    DocCase(
        "docx_zip_bomb",
        docx("картка.docx", b"<w:p/>" * 9_000_000),  # 54 MB of empty paragraphs, ≈ 110 KB
        2,
        "over 1000000 XML elements",
    ),
    DocCase(
        "docx_zip_bomb_dense",  # the same part packed at DEFLATE's ceiling
        docx("картка.docx", b"\x20" * 60_000_000),
        2,
        "a zip bomb, refused",
    ),
    DocCase(
        "docx_too_many_elements",
        docx("картка.docx", paragraphs([EVENT.format(i=i) for i in range(2000)])),
        2,
        "over 1000 XML elements",
        env={"PROMIS_MAX_DOCUMENT_ELEMENTS": "1000"},
    ),
    DocCase(
        "pdf_stream_bomb",
        pdf("картка.pdf", 1, b"0 0 m\n" * 12_400_000),  # one stream inflating to 74 MB
        2,
        "inflates beyond 8 MiB",
    ),
    DocCase(
        "pdf_stream_over_default",
        pdf("картка.pdf", 1, b"BT ET\n" * 1_500_000),  # 9 MB of empty text objects
        2,
        "inflates beyond 8 MiB",
    ),
    DocCase(
        "pdf_stream_limit_raised",  # the same file read once the limit is raised: no text
        pdf("картка.pdf", 1, b"BT ET\n" * 1_500_000),
        2,
        "the PDF has no readable text",
        env={"PROMIS_MAX_PDF_STREAM_MB": "16"},
        slow=True,
    ),
    DocCase(
        "pdf_stream_bomb_behind_ascii85",
        pdf(
            "картка.pdf",
            1,
            base64.a85encode(zlib.compress(b"0 0 m\n" * 12_400_000, 9)) + b"~>",
            flate=False,
            extra=" /Filter [/ASCII85Decode /FlateDecode]",
        ),
        2,
        "inflates beyond 8 MiB",
    ),
    DocCase(
        "pdf_content_disguised_as_image",  # passes the image limit, not the page's
        pdf("картка.pdf", 1, b"BT ET\n" * 1_500_000, extra=" /Subtype /Image"),
        2,
        "page 1's content inflates beyond 8 MiB",
    ),
    DocCase("pdf_1001_pages", pdf("картка.pdf", 1001, b"", flate=False), 2, "over 1000 pages"),
    DocCase("pdf_encrypted", encrypted_pdf, 2, "encrypted PDF"),
    DocCase(
        "text_too_many_lines",
        text("картка.txt", card_text(5, 300).encode("utf-8")),
        2,
        "lines (limit 100)",
        env={"PROMIS_MAX_TEXT_LINES": "100"},
    ),
    DocCase(
        "document_file_too_large",
        text("картка.txt", card_text(5, 3000).encode("utf-8")),
        2,
        "file too large",
        env={"PROMIS_MAX_DOCUMENT_MB": "0.01"},
    ),
    DocCase(
        "text_utf8_bom_bad_byte",
        text("картка.txt", b"\xef\xbb\xbf" + b"\n".join([*_LINES[:3], b"\xff", *_LINES[3:]])),
        2,
        "line 4 is not UTF-8",
    ),
    DocCase(
        "text_utf16_odd_bytes",
        text("картка.txt", b"\xff\xfe" + card_text(5).encode("utf-16-le") + b"\x00"),
        2,
        "odd number of bytes",
    ),
    DocCase(
        "text_utf16_lone_surrogate",
        text(
            "картка.txt",
            b"\xff\xfe" + "\n".join([CARD, "\ud800 x"]).encode("utf-16-le", "surrogatepass"),
        ),
        2,
        "line 5 is not UTF-16",
    ),
    DocCase(
        "text_utf8_with_one_cp1251_line",
        text(
            "картка.txt",
            CARD.encode("utf-8")
            + "\n".join(EVENT.format(i=i) for i in range(38)).encode("utf-8")
            + b"\n"
            + EVENT.format(i=38).encode("cp1251")
            + b"\n",
        ),
        2,
        "line 42 is in Windows-1251",
    ),
    DocCase(
        "not_a_card",
        docx("протокол.docx", paragraphs(["Протокол засідання робочої групи", "Присутні: 5."])),
        2,
        "does not look like a monitoring card",
    ),
    DocCase(
        "docx_card_100000_paragraphs",
        docx("картка.docx", paragraphs(card_text(39, 100_000).splitlines())),
        0,
        "Events: 39",
        slow=True,
    ),
)


# --- the corpus every document reader is fed (tests/test_extract_documents_bad.py) ---------------


def _random(n: int, seed: int) -> bytes:
    import random

    return random.Random(seed).randbytes(n)


def _docx_bytes() -> bytes:
    import docx as python_docx

    buf = io.BytesIO()
    d = python_docx.Document()
    d.add_paragraph(CARD)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "Таблиця 1"
    d.save(buf)
    return buf.getvalue()


def _without(member: str) -> bytes:
    """A .docx package with ``member`` left out."""
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            if info.filename != member:
                out.writestr(info, src.read(info))
    return buf.getvalue()


def _png(size: tuple[int, int] = (40, 20)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, format="PNG")
    return buf.getvalue()


def _empty_pages_pdf(folder: Path) -> Path:
    return pdf("порожній.pdf", 3, b"", flate=False)(folder)


def _truncated(build: Callable[[Path], Path], keep: float) -> Callable[[Path], Path]:
    def cut(folder: Path) -> Path:
        p = build(folder)
        data = p.read_bytes()
        p.write_bytes(data[: int(len(data) * keep)])
        return p

    return cut


#: name → builder: files as they arrive broken (each is given to every reader)
BAD_DOCUMENTS: dict[str, Callable[[Path], Path]] = {
    "random_bytes": text("random.bin", _random(4096, 1)),
    "random_bytes_small": text("random_small.bin", _random(7, 2)),
    "empty_file": text("empty.bin", b""),
    "zip_not_docx": text("zip.bin", _without("word/document.xml")),
    "docx_without_content_types": text("ct.bin", _without("[Content_Types].xml")),
    "docx_truncated": text("docx_cut.bin", _docx_bytes()[:900]),
    "pdf_truncated": _truncated(pdf("cut.pdf", 2, b"BT /F1 12 Tf (x) Tj ET"), 0.6),
    "pdf_header_only": text("head.pdf", b"%PDF-1.7\n"),
    "pdf_empty_pages": _empty_pages_pdf,
    "pdf_encrypted": encrypted_pdf,
    "png_blank": text("blank.png", _png()),
    "png_truncated": text("cut.png", _png((400, 300))[:60]),
    "utf16_odd_bytes": text("odd.txt", b"\xff\xfe" + "Картка".encode("utf-16-le") + b"\x00"),
}
