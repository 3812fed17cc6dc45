"""Files made the way offices make them, built in tmp_path for the tests: a program report's
tables as real Word tables (merged cells included), printed to PDF with LibreOffice, pages
rendered to images for OCR, and small workbooks (openpyxl, or saved again by LibreOffice)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from promis_analytics.extract.program_report.layout import SECTION_TITLES
from promis_analytics.extract.report_layout import cells, find_sections, normalize_text

_ROW_NO = re.compile(r"^\d+\.?$")
_TOTAL = re.compile(r"^(всього|разом|усього|у тому числі|в тому числі|інше|інші)", re.I)
_GROUP = re.compile(r"показники\s+(витрат|продукту|ефективності|якості)", re.I)


def need(program: str) -> str:
    """The path of ``program``; skipped locally when missing, a failure in CI (never skipped)."""
    found = shutil.which(program)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is required in CI (tools/system-deps.sh installs it)")
        pytest.skip(f"{program} is not installed")
    return found


def report_rows(text: str) -> tuple[list[str], dict[str, list[list[str | None]]], list[str]]:
    """(paragraphs before the tables, section heading → table rows, paragraphs after) of a
    program report in the tab-cell text layout. A row is a list of cell texts; None marks a
    cell covered by the merged cell on its left."""
    text = normalize_text(text)
    sections = find_sections(text, SECTION_TITLES)
    lines = text.split("\n")
    first = min(s.heading_line for k, s in sections.items() if k != "assessment")
    last = sections["indicators"]
    after = last.heading_line + len(last.lines)
    tables: dict[str, list[list[str | None]]] = {}
    for key in ("measures", "indicators"):
        s = sections[key]
        heading = f"{s.number}. {s.title}".strip()
        cs = [c.text for c in cells(s)]
        tables[heading] = _measure_rows(cs) if key == "measures" else _indicator_rows(cs)
    before = [ln for ln in lines[: first - 1] if ln.strip()]
    rest = [ln for ln in lines[after:] if ln.strip()]
    return before, tables, rest


def _measure_rows(cs: list[str]) -> list[list[str | None]]:
    rows: list[list[str | None]] = [list(cs[:9])]
    i = 9
    while i < len(cs):
        if _TOTAL.match(cs[i].strip()):
            rows.append([cs[i], None, None, None, None, *cs[i + 1 : i + 5]])
            i += 5
        else:
            rows.append(list(cs[i : i + 9]) + [""] * max(0, i + 9 - len(cs)))
            i += 9
    return rows


def _indicator_rows(cs: list[str]) -> list[list[str | None]]:
    width = 6
    start = next(k for k, c in enumerate(cs) if _GROUP.search(c) or _ROW_NO.match(c))
    rows: list[list[str | None]] = [list(cs[:start]) + [""] * (width - start)]
    i = start
    while i < len(cs):
        if _GROUP.search(cs[i]):
            rows.append([cs[i]] + [None] * (width - 1))
            i += 1
            continue
        j = i + 1
        while j < len(cs) and j - i < width and not _GROUP.search(cs[j]):
            j += 1
        rows.append(list(cs[i:j]) + [""] * (width - (j - i)))
        i = j
    return rows


#: column widths in mm of a landscape A4 page (267 mm between margins), by column count
_WIDTHS = {9: [12, 35, 55, 22, 35, 25, 25, 18, 40], 6: [12, 90, 25, 25, 25, 90]}


def write_docx(path: Path, before: list[str], tables: dict, after: list[str]) -> Path:
    """A .docx with the paragraphs and real Word tables: None cells merged into the cell on
    their left (gridSpan); the first row repeats on every page (tblHeader); rows never split."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]  # landscape A4, as wide tables are printed
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    for line in before:
        document.add_paragraph(line)
    for heading, rows in tables.items():
        document.add_paragraph(heading)
        width = len(rows[0])
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        table.autofit = False
        widths = _WIDTHS.get(width, [267 // width] * width)
        for k, column in enumerate(table.columns):
            column.width = Mm(widths[k])
        for r, row in enumerate(rows):
            tr = table.rows[r]
            if r == 0:
                tr._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            tr._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            c = 0
            while c < width:
                span = 1
                while c + span < width and row[c + span] is None:
                    span += 1
                for k in range(c, c + span):
                    tr.cells[k].width = Mm(widths[k])
                cell = tr.cells[c]
                if span > 1:
                    cell = cell.merge(tr.cells[c + span - 1])
                parts = (row[c] or "").split("\n")
                cell.paragraphs[0].text = parts[0]
                for p in parts[1:]:
                    cell.add_paragraph(p)
                c += span
        document.add_paragraph("")
    for line in after:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def convert(path: Path, fmt: str, outdir: Path) -> Path:
    """``path`` saved by LibreOffice (headless, a private profile) as ``fmt`` into ``outdir``."""
    soffice = need("soffice")
    subprocess.run(
        [soffice, "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(path)],
        check=True,
        capture_output=True,
        timeout=240,
        env={"HOME": str(outdir), "PATH": "/usr/bin:/bin"},
    )
    made = outdir / f"{path.stem}.{fmt}"
    assert made.is_file(), f"LibreOffice did not write {made.name}"
    return made


def to_pdf(path: Path) -> Path:
    """``path`` printed to PDF by LibreOffice (headless) beside it."""
    return convert(path, "pdf", path.parent)


def write_xlsx(
    path: Path, rows: list[list[object]], *, sheet: str = "Заходи", merges: tuple[str, ...] = ()
) -> Path:
    """A one-sheet workbook of ``rows`` with the cell ranges ``merges`` merged."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def image_pdf(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """``pdf`` rendered page by page to PNG (pdftoppm) and saved as a PDF of images only
    (Pillow): a scan without a text layer."""
    from PIL import Image

    pdftoppm = need("pdftoppm")
    prefix = out.parent / (out.stem + "-page")
    subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(out.parent.glob(prefix.name + "*.png"))
    images = [Image.open(p).convert("RGB") for p in pages]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def paragraphs_docx(text: str, path: Path) -> Path:
    """A .docx with a paragraph per line of ``text`` (A4 portrait)."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))
    return path
