"""The document layer on small documents built in the test: Word tables with merged and
nested cells, PDF hyphenation and page breaks, encodings, and the messages for what cannot
be read."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from promis_analytics.extract.documents import DocumentError, read_document

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def test_word_tables_merged_cells_once_and_nested_tables(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Вступ")
    t = d.add_table(rows=3, cols=3)
    a = t.cell(0, 0).merge(t.cell(0, 1))  # across columns
    a.text = "Назва заходу"
    t.cell(0, 2).text = "Учасники"
    b = t.cell(1, 0).merge(t.cell(2, 0))  # down rows
    b.text = "Полтава"
    t.cell(1, 1).text = "Семінар"
    t.cell(1, 2).text = "25"
    t.cell(2, 1).text = "Тренінг"
    t.cell(2, 2).text = "18"
    inner = t.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "жінок"
    inner.cell(0, 1).text = "11"
    d.add_paragraph("Кінець")
    p = d.save(tmp_path / "t.docx") or tmp_path / "t.docx"
    doc = read_document(p)
    lines = doc.text.split("\n")
    assert lines[0] == "Вступ" and lines[-1] == "Кінець"
    assert lines[1] == "Назва заходу Учасники"  # a merged cell once
    assert lines[2] == "Полтава Семінар 25"
    assert lines[3] == "Тренінг 18"  # the rest of the vertical merge is not repeated
    assert "жінок 11" in lines  # the nested table follows its table
    cell = doc.block_at(doc.text.index("Семінар"))
    assert (cell.table, cell.row, cell.cell) == (1, 2, 2)
    cells = read_document(p, style="cells").text.split("\n")
    assert "\tСемінар" in cells and "\t25" in cells


def test_pdf_hyphenation_page_break_and_running_lines(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.header = lambda: (pdf.set_font("DejaVu", size=8), pdf.cell(0, 6, "Звіт міста"), pdf.ln(10))  # type: ignore[method-assign]
    pdf.set_font("DejaVu", size=11)
    for town in ("Полтава", "Миргород", "Кременчук"):
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        pdf.cell(0, 6, f"{town}: семінар для підпри-", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(
            0,
            6,
            "ємців, 1 березня 2019 р. (20 учасників).",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    p = tmp_path / "r.pdf"
    pdf.output(str(p))
    doc = read_document(p)
    assert "Звіт міста" not in doc.text  # repeated at the top of every page
    assert doc.text.count("підприємців") == 3
    assert doc.block_at(0).where == "page 1, paragraph 1"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "card.txt"
    p.write_bytes("Проведено семінар у м. Луцьк (12 учасниць)\r\nДругий рядок".encode(encoding))
    doc = read_document(p)
    assert doc.text == "Проведено семінар у м. Луцьк (12 учасниць)\nДругий рядок"
    assert doc.encoding.startswith(encoding.split("-sig")[0].replace("-", "")[:3]) or doc.encoding


def test_office_formats_without_libreoffice_say_how_to_convert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    p = tmp_path / "картка.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(DocumentError) as info:
        read_document(p)
    msg = info.value.message("uk")
    assert msg.startswith("картка.doc: ") and ".docx" in msg and "LibreOffice" in msg


@pytest.mark.parametrize(
    ("name", "data", "word"),
    [
        ("звіт.xyz", b"abc", "формат"),
        ("звіт.docx", b"PK\x03\x04 not a real zip", ".docx"),
        ("звіт.pdf", b"%PDF-1.4 broken", "PDF"),
    ],
)
def test_bad_files_are_document_errors(tmp_path: Path, name: str, data: bytes, word: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(DocumentError) as info:
        read_document(p)
    assert word in info.value.message("uk") and name in info.value.message("en")
