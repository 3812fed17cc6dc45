"""Scanned documents: a card printed to PDF and rasterised to page images (no text layer) is
recognised by Tesseract and gives the events of its text version, each value with its
confidence and page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from doc_builders import image_pdf, need, paragraphs_docx, to_pdf

from promis_analytics.extract import monitoring_card
from promis_analytics.extract.documents import read_document
from promis_analytics.extract.documents.ocr import _paragraphs

pytestmark = pytest.mark.slow


def _short_card(seed: Path, chars: int = 5000) -> str:
    """The seed card's head and the first ``chars`` characters of its results, cut after a
    sentence, with the signature lines."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    results = lines[11][:chars]
    results = results[: results.rfind(". ") + 1]
    return "\n".join([*lines[:11], results, *lines[12:]])


@pytest.fixture(scope="module")
def scanned(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    need("tesseract")
    folder = tmp_path_factory.mktemp("scan")
    text = _short_card(seeds_dir / "monitoring_card_2018H2.txt")
    (folder / "card.txt").write_text(text, encoding="utf-8")
    pdf = to_pdf(paragraphs_docx(text, folder / "card.docx"))
    scan = image_pdf(pdf, folder / "monitoring_card_2018H2.pdf", dpi=200)
    return {"text": folder / "card.txt", "scan": scan, "folder": folder}


@pytest.mark.slow
def test_scanned_card_gives_the_events_of_its_text(scanned: dict) -> None:
    want = monitoring_card(scanned["text"], source="monitoring_card_2018H2")
    got = monitoring_card(scanned["scan"])
    assert len(want.events) >= 5
    total, ocr_total = want.participants_total, got.participants_total
    assert abs(ocr_total - total) <= 0.02 * total
    assert abs(len(got.events) - len(want.events)) <= max(1, 0.02 * len(want.events))
    # every value read by OCR carries its confidence and page
    assert len(got.ocr) == len(got.events)
    assert got.ocr["confidence"].between(0, 100).all() and got.ocr["page"].ge(1).all()
    kinds = [f.kind for f in got.findings]
    assert "ocr_pages" in kinds
    low = [f for f in got.findings if f.kind == "ocr_low_confidence"]
    assert len(low) == int((got.ocr["confidence"] < 85).sum())
    assert all(re.search(r"page \d+", f.message) for f in low)


@pytest.mark.slow
def test_scanned_pdf_reports_recognised_pages(scanned: dict) -> None:
    doc = read_document(scanned["scan"])
    assert doc.ocr_pages and doc.ocr_pages[0] == 1
    assert "(OCR)" in doc.blocks[0].where
    word = doc.ocr_words[0]
    assert doc.text[word.start : word.start + len(word.text)] == word.text


@pytest.mark.slow
def test_image_file_of_a_page(scanned: dict) -> None:
    png = sorted(scanned["folder"].glob("*-page*1.png"))[0]
    doc = read_document(png)
    assert doc.kind == "image" and doc.ocr_pages == [1]
    assert "Картка" in doc.text


def test_tsv_words_grouped_into_paragraphs_with_confidence() -> None:
    head = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t10\t20\t50\t12\t96.5\tСемінар",
        "5\t1\t1\t1\t1\t2\t70\t20\t50\t12\t91.0\tпідпри-",
        "5\t1\t1\t1\t2\t1\t10\t35\t50\t12\t88.0\tємців",
        "5\t1\t1\t1\t2\t2\t70\t35\t20\t12\t41.2\t(25",
        "5\t1\t2\t1\t1\t1\t10\t80\t50\t12\t95.0\tКінець",
    ]
    paragraphs = _paragraphs("\n".join([head, *rows]))
    assert [p[1] for p in paragraphs] == ["Семінар підприємців (25", "Кінець"]
    words = paragraphs[0][2]
    assert words[-1] == ("(25", 41.2, len("Семінар підприємців "))
