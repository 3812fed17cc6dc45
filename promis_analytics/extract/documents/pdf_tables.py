"""Tables of a PDF page found from their ruling lines (pdfplumber), with merged cells, and the
text lines of the page outside them; a table continued on the next page joined to its start."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Any

from promis_analytics.extract.documents.model import Table, TableCell, clean

__all__ = ["continue_tables", "page_items"]


def page_items(page: Any, number: int) -> tuple[list[dict], list[tuple[float, Table]]]:
    """(text lines outside the tables, (top, table) of each table) of one pdfplumber page;
    tables are numbered 0 here (``continue_tables`` numbers them)."""
    # a row split over pages has no bottom rule: close it where its vertical rules end
    verticals = [e["bottom"] for e in page.edges if e.get("orientation") == "v"]
    settings = {"explicit_horizontal_lines": [max(verticals)]} if verticals else {}
    found = [t for t in page.find_tables(settings) if len(t.rows) > 1 or len(t.columns) > 1]
    rules = [e["top"] for e in page.edges if e.get("orientation") == "h"]
    boxes = [t.bbox for t in found]

    def outside(obj: dict) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(lambda o: o.get("object_type") != "char" or outside(o)) if boxes else page
    lines = rest.extract_text_lines(layout=False)
    tables = []
    for t in found:
        table = _table(page, t, number)
        table.open_end = not any(abs(y - t.bbox[3]) <= 1.5 for y in rules)
        tables.append((t.bbox[1], table))
    return lines, tables


def _table(pdf_page: Any, t: Any, page: int) -> Table:
    """A pdfplumber table → ``Table``: each cell box spans the grid columns and rows whose
    edges fall inside it (a merged cell is one cell)."""
    xs = sorted({round(c[0], 1) for row in t.rows for c in row.cells if c})
    ys = sorted({round(row.bbox[1], 1) for row in t.rows})
    cells: list[TableCell] = []
    for r, row in enumerate(t.rows):
        for box in row.cells:
            if box is None:
                continue
            x0, top, x1, bottom = box
            col = 1 + sum(1 for x in xs if x < round(x0, 1) - 0.5)
            colspan = max(1, sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5))
            rowspan = max(1, sum(1 for y in ys if top - 0.5 <= y < bottom - 0.5))
            value = _cell_text(pdf_page, box)
            cells.append(TableCell(value, r + 1, col, rowspan, colspan, page))
    return Table(0, cells, page, (*xs, round(t.bbox[2], 1)))


def _cell_text(page: Any, box: tuple[float, float, float, float]) -> str:
    """The text of one cell, its printed lines rejoined: a line is wrapped (joined to the next
    with a space) when the next line's first word would not have fitted after it and no
    blank line (a gap of 0.8 line heights) stands between them; a word
    broken because it is wider than the cell (alone on its line, the pieces a known word) or
    after a hyphen or slash is joined without a space; other lines end a paragraph
    ("\\n"). The cell's inner width is its box less the left padding on each side."""

    def inside(obj: dict) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return box[0] <= x <= box[2] and box[1] <= y <= box[3]

    words = page.filter(lambda o: o.get("object_type") == "char" and inside(o)).extract_words(
        use_text_flow=True
    )
    if not words:
        return ""
    lines: list[list[dict]] = []
    for w in words:
        if lines and abs(w["top"] - lines[-1][-1]["top"]) <= 0.5 * (w["bottom"] - w["top"]):
            lines[-1].append(w)
        else:
            lines.append([w])
    pad = max(0.0, min(ln[0]["x0"] for ln in lines) - box[0])
    right = box[2] - pad
    out = " ".join(w["text"] for w in lines[0])
    for a, b in itertools.pairwise(lines):
        first, last = b[0], a[-1]
        space = 0.3 * (first["bottom"] - first["top"])
        width = first["x1"] - first["x0"]
        text = " ".join(w["text"] for w in b)
        # a word wider than the line: alone on its line, filling it to the edge
        broken = len(a) == 1 and _one_word(last, first)
        gap = first["top"] - last["bottom"] > 0.8 * (first["bottom"] - first["top"])
        if gap or a[-1]["x1"] + space + width <= right:
            out += "\n" + text  # the word would have fitted: a paragraph ends here
        elif re.search(r"\w[-/]$", last["text"]) or broken:
            out += text
        else:
            out += " " + text
    return clean(out).strip()


def _one_word(a: dict, b: dict) -> bool:
    """Whether ``a`` and ``b`` are the two pieces of one word: together a word the Ukrainian
    dictionary knows (pymorphy3), one of the pieces alone not."""
    try:
        morph = _morph()
    except ImportError:  # pragma: no cover - pymorphy3 is a dependency
        return False
    joined = a["text"] + b["text"]
    return morph.word_is_known(joined.casefold()) and not morph.word_is_known(a["text"].casefold())


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def continue_tables(items: list[list[tuple[float, Any]]]) -> list[list[tuple[float, Any]]]:
    """Number the tables of ``items`` (per page: (top, paragraph text or Table) in reading
    order) and join a table that opens a page to the table that closed the page before when
    both have as many columns: its leading rows that repeat the first rows of the table
    (header rows repeated on each page) are marked as header rows and dropped."""
    number = 0
    last: Table | None = None
    out: list[list[tuple[float, Any]]] = []
    for page in items:
        kept: list[tuple[float, Any]] = []
        for k, (top, item) in enumerate(page):
            if isinstance(item, Table):
                if k == 0 and last is not None and _same_frame(last, item):
                    _append(last, item)
                    last = last if k == len(page) - 1 else None
                    continue
                number += 1
                item.number = number
                last = item if k == len(page) - 1 else None
            else:
                last = None
            kept.append((top, item))
        out.append(kept)
    return out


def _same_frame(a: Table, b: Table) -> bool:
    """Both tables stand between the same left and right x (within 2 pt)."""
    return abs(a.edges[0] - b.edges[0]) <= 2 and abs(a.edges[-1] - b.edges[-1]) <= 2


def _regrid(c: TableCell, more: Table, table: Table, row: int) -> TableCell:
    """A cell of ``more`` placed in ``table``'s grid columns by its x positions."""
    x0, x1 = more.edges[c.col - 1], more.edges[min(c.col - 1 + c.colspan, len(more.edges) - 1)]
    lefts = table.edges[:-1]
    col = max(1, sum(1 for x in lefts if x <= x0 + 1))
    span = max(1, sum(1 for x in lefts if x0 - 1 <= x < x1 - 1))
    return TableCell(c.text, row, col, c.rowspan, span, c.page)


def _append(table: Table, more: Table) -> None:
    """Add the rows of ``more`` below ``table``, without the leading rows equal to its first
    rows (a repeated header: those rows of ``table`` become header rows); when the last row
    of ``table`` runs on (``open_end``), the first row of ``more`` is joined to it cell by
    cell."""
    first = table.rows()
    rows = more.rows()
    skip = 0
    while skip < len(rows) and skip < len(first) and _texts(rows[skip]) == _texts(first[skip]):
        skip += 1
    if skip:
        table.cells[:] = [
            TableCell(c.text, c.row, c.col, c.rowspan, c.colspan, c.page, c.row <= skip)
            for c in table.cells
        ]
    offset = table.n_rows - skip
    moved = [_regrid(c, more, table, c.row + offset) for c in more.cells if c.row > skip]
    if table.open_end and moved:  # the first row continues the last row of the page before
        last = table.n_rows
        tops = {c.col: k for k, c in enumerate(table.cells) if c.row == last}
        for c in [c for c in moved if c.row == last + 1]:
            k = tops.get(c.col)
            if k is not None:
                old = table.cells[k]
                text = " ".join(t for t in (old.text, c.text) if t)
                table.cells[k] = TableCell(
                    text, old.row, old.col, old.rowspan, old.colspan, old.page
                )
                moved.remove(c)
        moved = [
            TableCell(c.text, c.row - 1, c.col, c.rowspan, c.colspan, c.page) if c.row > last else c
            for c in moved
        ]
    table.cells.extend(moved)
    table.open_end = more.open_end


def _texts(row: list[TableCell]) -> list[tuple[int, str]]:
    return [(c.col, " ".join(c.text.split())) for c in row]
