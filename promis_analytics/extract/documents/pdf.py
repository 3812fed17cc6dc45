"""PDF (pdfplumber, MIT): pages in order, paragraphs rebuilt from line gaps, words hyphenated at
line ends joined, running headers and footers dropped, tables as tables (``pdf_tables``). A
page without a text layer (a scan) is recognised by Tesseract (``ocr``), page by page, each
word with its confidence; ``Document.ocr_pages`` lists those pages. A PDF whose text is
``(cid:…)`` codes cannot be read: the error says what to do."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

from promis_analytics.extract.documents.guard import (
    check_pdf,
    too_large,
)
from promis_analytics.extract.documents.model import (
    Block,
    Document,
    DocumentError,
    Table,
    assemble,
    clean,
    table_lines,
)
from promis_analytics.extract.documents.ocr import DPI, recognise, words_at
from promis_analytics.extract.documents.pdf_tables import continue_tables, page_items
from promis_analytics.registers.io.limits import MIB, Limits, active

__all__ = ["read_pdf"]

_CID = re.compile(r"\(cid:\d+\)")
_DIGITS = re.compile(r"\d+")


def read_pdf(path: Path, style: str = "rows") -> Document:
    """Each paragraph is one line and a block («page 2, paragraph 3»). A paragraph that runs
    over a page break (its last line fills the line width) is joined with its continuation.
    Tables (``pdf_tables``) stand where they are printed, laid out by ``style`` (see
    ``model.table_lines``), and are in ``Document.tables``."""
    pages = _pages(path)
    if not _usable(pages):
        raise _needs_ocr(path)
    repeated = _running_lines(pages)
    pages = continue_tables(
        [
            [(top, it) for top, it in items if _table(it) or _key(it[0]) not in repeated]
            for items in pages
        ]
    )
    lines: list[tuple[str, list[Block]]] = []
    tables: list[Table] = []
    spots: list[tuple[int, int, str, list]] = []  # OCR paragraphs: line, page, where, words
    continues = False
    for n, items in enumerate(pages, start=1):
        k = 0
        for _top, item in items:
            if isinstance(item, Table):
                tables.append(item)
                lines += table_lines(item, style)
                continues = False
                continue
            text, full = item[0], item[1]
            k += 1
            if len(item) > 2:  # recognised by OCR
                where = f"page {n}, paragraph {k} (OCR)"
                spots.append((len(lines), n, where, item[2]))
                lines.append((text, [Block(text, where, page=n)]))
            elif k == 1 and continues and lines:  # never after OCR (its ``full`` is False)
                joined = _join([lines[-1][0], text])
                lines[-1] = (joined, [Block(joined, lines[-1][1][0].where, page=n - 1)])
            else:
                lines.append((text, [Block(text, f"page {n}, paragraph {k}", page=n)]))
            continues = full
    doc = assemble(path, "pdf", lines, tables=tables)
    doc.ocr_pages = sorted({page for _, page, _, _ in spots})
    doc.ocr_words = words_at(doc, spots)
    return doc


def _table(item: Any) -> bool:
    return isinstance(item, Table)


def _pages(path: Path) -> list[list[tuple[float, Any]]]:
    """The items of every page in reading order, each (top, item): a paragraph (text, whether
    its last line fills the width) or a ``Table``. A line further below the one above than
    1.3 line pitches (the page's lower-quartile distance between lines) starts a new
    paragraph, as does a table between them or a line above that ends short of the right
    edge (before 80 % of the widest line) when the line starts with a capital or a digit;
    a word split by a hyphen at a line end is joined. The limits (``guard``) are checked
    first: every stream's inflated size before the parser opens the file, then the page
    count and each page's content size; a page's layout is freed once read, so memory does
    not grow with the pages."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    lim = active()
    check_pdf(path, lim)
    try:
        with pdfplumber.open(str(path)) as pdf:
            _check_pages(path, pdf.doc, lim)
            out: list[list[tuple[float, Any]]] = []
            for n, page in enumerate(pdf.pages, start=1):
                _check_content(path, page, lim)
                if len(page.chars) < 5 and page.images:  # a scan: no text layer
                    image = page.to_image(resolution=DPI).original
                    scanned = [(top, (text, False, words)) for top, text, words in recognise(
                        image, path)]  # fmt: skip
                    out.append(scanned)
                    page.close()
                    continue
                text_lines, found = page_items(page, n)
                tops = [top for top, _ in found]
                paragraphs = _paragraphs(text_lines, tops)
                items: list[tuple[float, Any]] = [*paragraphs, *found]
                out.append(sorted(items, key=lambda it: it[0]))
                page.close()
            return out
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many types for a file that is no PDF
        cause = getattr(exc, "args", [None])[0] if exc.args else None
        if isinstance(exc, PDFEncryptionError) or isinstance(cause, PDFEncryptionError):
            raise DocumentError(
                path,
                "зашифрований PDF (захищений паролем)",
                "encrypted PDF (password-protected)",
                "зніміть пароль (відкрийте PDF і збережіть копію без захисту) або надішліть "
                ".docx чи .txt",
                "remove the password (open the PDF and save a copy without protection), or "
                "send a .docx or .txt",
            ) from None
        raise DocumentError(
            path,
            "файл не є PDF-документом або пошкоджений",
            "the file is not a PDF document or is damaged",
            "збережіть документ як PDF ще раз або надішліть .docx чи .txt",
            "save the document as PDF again, or send a .docx or .txt",
        ) from None


def _check_pages(path: Path, doc: Any, lim: Limits) -> None:
    """At most ``max_pdf_pages`` pages, counted by walking the page tree no further than one
    page past the limit (before any page object is built)."""
    from pdfminer.pdfpage import PDFPage

    limit = lim.max_pdf_pages or 0
    pages = sum(1 for _ in itertools.islice(PDFPage.create_pages(doc), limit + 1))
    if pages > limit:
        raise too_large(
            path,
            f"у PDF понад {limit} сторінок",
            f"the PDF has over {limit} pages",
            "max_pdf_pages",
        )


def _check_content(path: Path, page: Any, lim: Limits) -> None:
    """The page's content streams together inflate to at most ``max_pdf_stream_bytes``
    (a stream disguised as an image passes ``check_pdf``'s larger image limit)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    limit = lim.max_pdf_stream_bytes or 0
    streams = [resolve1(s) for s in page.page_obj.contents or []]
    size = sum(len(s.get_data()) for s in streams if isinstance(s, PDFStream))
    if size > limit:
        raise too_large(
            path,
            f"зміст сторінки {page.page_number} розпаковується понад {limit / MIB:.0f} MiB",
            f"page {page.page_number}'s content inflates beyond {limit / MIB:.0f} MiB",
            "max_pdf_stream_bytes",
        )


def _paragraphs(lines: list[dict], tables: list[float]) -> list[tuple[float, tuple[str, bool]]]:
    lines = [ln for ln in lines if clean(ln["text"]).strip()]
    if not lines:
        return []
    right = max(ln["x1"] for ln in lines)
    pitches = sorted(b["top"] - a["top"] for a, b in itertools.pairwise(lines))
    # the line pitch: the smaller pitches are lines of one paragraph, larger ones paragraph gaps
    pitch = pitches[len(pitches) // 4] if pitches else 0.0
    paragraphs: list[list[dict]] = []
    prev_top = None
    short = False  # the line above ends well before the right edge: its paragraph ends there
    for line in lines:
        table_between = prev_top is not None and any(prev_top < t < line["top"] for t in tables)
        starts = line["text"].lstrip()[:1]
        new = short and (starts.isupper() or starts.isdigit())
        if prev_top is None or line["top"] - prev_top > 1.3 * pitch or table_between or new:
            paragraphs.append([])
        paragraphs[-1].append(line)
        prev_top = line["top"]
        short = line["x1"] < 0.8 * right and not line["text"].rstrip().endswith("-")
    return [
        (p[0]["top"], (_join([clean(ln["text"]).strip() for ln in p]), p[-1]["x1"] >= 0.9 * right))
        for p in paragraphs
    ]


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if out.endswith("-") and line[:1].islower() and not out.endswith(" -"):
            out = out[:-1] + line  # «підпри-» + «ємство»
        else:
            out += " " + line
    return out


def _key(paragraph: str) -> str:
    return _DIGITS.sub("#", paragraph.strip())


def _running_lines(pages: list[list[tuple[float, Any]]]) -> set[str]:
    """First or last paragraphs that repeat (page numbers aside) on most pages."""
    if len(pages) < 3:
        return set()
    paragraphs = [[it[0] for _, it in items if not _table(it)] for items in pages]
    counts = Counter(_key(p) for ps in paragraphs if ps for p in {ps[0], ps[-1]})
    return {k for k, n in counts.items() if n >= max(3, 0.6 * len(pages))}


def _usable(pages: list[list[tuple[float, Any]]]) -> bool:
    parts = []
    for items in pages:
        for _, it in items:
            parts += [c.text for c in it.cells] if _table(it) else [it[0]]
    text = " ".join(parts)
    letters = sum(ch.isalpha() for ch in _CID.sub("", text))
    return letters >= 20 and len(_CID.findall(text)) * 10 < max(letters, 1)


def _needs_ocr(path: Path) -> DocumentError:
    return DocumentError(
        path,
        "у PDF немає тексту, який можна прочитати (це скан або текст закодовано як (cid:…))",
        "the PDF has no readable text (a scan, or text encoded as (cid:…))",
        "сторінки-зображення розпізнаються (OCR) програмою Tesseract (tesseract-ocr-ukr, "
        "docs/documents.md); текст (cid:…) — збережіть PDF ще раз із вбудованими шрифтами або "
        "надішліть .docx чи .txt",
        "image pages are recognised (OCR) by Tesseract (tesseract-ocr-ukr, docs/documents.md); "
        "for (cid:…) text save the PDF again with embedded fonts, or send a .docx or .txt",
    )
