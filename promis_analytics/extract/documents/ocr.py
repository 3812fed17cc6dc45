"""Text of page images recognised by Tesseract (``tesseract … tsv``, Ukrainian + English):
paragraphs with every word's confidence; PNG/JPEG/TIFF files of pages read the same way.

The ``tesseract`` program is called directly with TSV output (a word per row with its box and
confidence); pytesseract would only wrap the same call. A page of a PDF is rendered by
pdfplumber's renderer (pypdfium2, already installed with pdfplumber) at ``DPI``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from promis_analytics.extract.documents.guard import CONVERT_TIMEOUT, timed_out
from promis_analytics.extract.documents.model import (
    Block,
    Document,
    DocumentError,
    OcrWord,
    assemble,
    clean,
)

__all__ = ["DPI", "LANGUAGES", "read_image", "recognise"]

#: resolution pages are rendered at for recognition (dots per inch)
DPI = 300
#: Tesseract language data used (Debian packages tesseract-ocr-ukr, tesseract-ocr-eng)
LANGUAGES = "ukr+eng"
#: the most pixels an image file may have (a decompression-bomb guard, as Pillow's own)
MAX_PIXELS = 120_000_000

# a recognised paragraph: (top in pixels, text, its words as (text, confidence, offset))
Paragraph = tuple[float, str, list[tuple[str, float, int]]]


def _no_tesseract(path: Path) -> DocumentError:
    return DocumentError(
        path,
        "сторінки документа — зображення без тексту, а програму розпізнавання Tesseract не "
        "встановлено",
        "the document's pages are images without text, and the Tesseract OCR program is not "
        "installed",
        "встановіть її: apt-get install tesseract-ocr tesseract-ocr-ukr tesseract-ocr-eng "
        "(tools/system-deps.sh), або надішліть .docx чи PDF з текстом",
        "install it: apt-get install tesseract-ocr tesseract-ocr-ukr tesseract-ocr-eng "
        "(tools/system-deps.sh), or send a .docx or a PDF with a text layer",
    )


def recognise(image: Any, path: Path) -> list[Paragraph]:
    """The paragraphs Tesseract reads on one page ``image`` (a PIL image), in reading order;
    each word with its confidence (0–100) and its offset in the paragraph's text."""
    program = shutil.which("tesseract")
    if program is None:
        raise _no_tesseract(path)
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        run = subprocess.run(
            [program, "stdin", "stdout", "-l", LANGUAGES, "--dpi", str(DPI), "tsv"],
            input=png.getvalue(),
            capture_output=True,
            check=False,
            timeout=CONVERT_TIMEOUT,
            # one thread: Tesseract's OpenMP threads slow it down on a shared machine
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise timed_out(path, "Tesseract") from None
    if run.returncode != 0:
        raise DocumentError(
            path,
            "Tesseract не зміг розпізнати сторінку: "
            + run.stderr.decode("utf-8", "replace").strip()[:200],
            "Tesseract could not recognise a page: "
            + run.stderr.decode("utf-8", "replace").strip()[:200],
            "перевірте, що встановлено мовні дані tesseract-ocr-ukr і tesseract-ocr-eng",
            "check that the language data tesseract-ocr-ukr and tesseract-ocr-eng are installed",
        )
    return _paragraphs(run.stdout.decode("utf-8", "replace"))


def _paragraphs(tsv: str) -> list[Paragraph]:
    """TSV rows of level 5 (words) grouped by block and paragraph; lines of a paragraph
    joined by a space (a word hyphenated at a line end joined whole)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            groups.setdefault((row["block_num"], row["par_num"]), []).append(row)
    out: list[Paragraph] = []
    for rows in groups.values():
        text, words, line = "", [], None
        for r in rows:
            word = clean(r["text"]).strip()
            if text and line != r["line_num"] and text.endswith("-") and word[:1].islower():
                text = text[:-1]  # «підпри-» + «ємців»
            elif text:
                text += " "
            words.append((word, float(r["conf"]), len(text)))
            text += word
            line = r["line_num"]
        out.append((min(float(r["top"]) for r in rows), text, words))
    return sorted(out, key=lambda p: p[0])


def read_image(path: Path, style: str = "rows") -> Document:
    """A PNG/JPEG/TIFF file of one or more pages (a TIFF's frames are pages), recognised by
    Tesseract: a block per paragraph («page 1, paragraph 2 (OCR)»), every word in
    ``Document.ocr_words`` with its confidence."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_PIXELS:
                raise DocumentError(
                    path,
                    f"зображення завелике ({img.width}×{img.height} пікселів)",
                    f"the image is too large ({img.width}×{img.height} pixels)",
                    "зменште роздільність скану до 300 dpi",
                    "reduce the scan's resolution to 300 dpi",
                )
            pages = []
            for k in range(getattr(img, "n_frames", 1)):
                img.seek(k)
                pages.append(recognise(img.convert("RGB"), path))
    except DocumentError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, EOFError):
        raise DocumentError(
            path,
            "файл не є зображенням сторінки (PNG, JPEG чи TIFF) або пошкоджений",
            "the file is not an image of a page (PNG, JPEG or TIFF) or is damaged",
            "відскануйте сторінку ще раз або надішліть PDF чи .docx",
            "scan the page again, or send a PDF or .docx",
        ) from None
    return from_pages(path, "image", pages)


def from_pages(path: Path, kind: str, pages: list[list[Paragraph]]) -> Document:
    """A Document of recognised pages, ``ocr_pages`` and ``ocr_words`` filled."""
    lines: list[tuple[str, list[Block]]] = []
    spots: list[tuple[int, int, str, list]] = []
    for n, paragraphs in enumerate(pages, start=1):
        for k, (_top, text, words) in enumerate(paragraphs, start=1):
            where = f"page {n}, paragraph {k} (OCR)"
            spots.append((len(lines), n, where, words))
            lines.append((text, [Block(text, where, page=n)]))
    doc = assemble(path, kind, lines)
    doc.ocr_pages = [n for n, ps in enumerate(pages, start=1) if ps]
    doc.ocr_words = words_at(doc, spots)
    return doc


def words_at(doc: Document, spots: list[tuple[int, int, str, list]]) -> list[OcrWord]:
    """The recognised words of the lines ``spots`` (line index, page, locator, words) with
    their offsets in ``doc.text``."""
    starts = [0]
    for line in doc.text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return [
        OcrWord(word, conf, page, starts[i] + at, where)
        for i, page, where, words in spots
        for word, conf, at in words
    ]
