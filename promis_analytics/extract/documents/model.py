"""A document as text blocks with provenance, and the error for a document that cannot be read."""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from promis_analytics.errors import PromisError

__all__ = [
    "Block",
    "Document",
    "DocumentError",
    "DocumentNotFound",
    "OcrWord",
    "Table",
    "TableCell",
    "clean",
    "table_lines",
]


class DocumentError(PromisError, ValueError):
    """A document cannot be read; ``message(lang)`` is one paragraph: file, what was found,
    what to do."""

    def __init__(self, path: Path, found_uk: str, found_en: str, todo_uk: str, todo_en: str):
        self.path = Path(path)
        self.found_uk, self.found_en, self.todo_uk, self.todo_en = (
            found_uk,
            found_en,
            todo_uk,
            todo_en,
        )
        super().__init__(self.message("en"))

    def message(self, lang: str = "uk") -> str:
        """«<file>: <what was found>. <what to do>.» in ``lang``."""
        if lang == "uk":
            return f"{self.path.name}: {self.found_uk}. Що зробити: {self.todo_uk}."
        return f"{self.path.name}: {self.found_en}. What to do: {self.todo_en}."


class DocumentNotFound(DocumentError, FileNotFoundError):
    """The document's path does not exist."""


def clean(text: str) -> str:
    """NFC, no-break spaces as spaces, Windows line ends as \\n."""
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\r\n", "\n")


@dataclass(frozen=True)
class Block:
    """One piece of text: a line or paragraph, a table cell, or a page's paragraph.

    ``where`` says where a reader finds it («сторінка 2, абзац 3» / "page 2, paragraph 3",
    "table 1, row 2, cell 3"); ``table``/``row``/``cell`` are 1-based for table cells (None
    elsewhere); ``start`` is its offset in ``Document.text``.
    """

    text: str
    where: str
    start: int = 0
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None


@dataclass(frozen=True)
class TableCell:
    """One cell of a table as printed: its text (paragraphs or printed lines joined by "\\n"),
    its 1-based row and grid column, how many rows and columns it covers (a merged cell is
    one cell), the page it stands on (PDF) and whether its row is a header row."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    header: bool = False


@dataclass
class Table:
    """A table of a document, ``number`` 1-based in reading order (nested tables follow their
    table); a table continued over pages is one table, its repeated header rows read once."""

    number: int
    cells: list[TableCell]
    page: int | None = None
    #: PDF: the left x of each grid column and the table's right x (points); else empty
    edges: tuple[float, ...] = ()
    #: PDF: the last row has no bottom rule on its page (it runs on to the next page)
    open_end: bool = False

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan - 1 for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan - 1 for c in self.cells), default=0)

    @property
    def header_rows(self) -> int:
        """The leading rows marked as header rows (repeated on each page)."""
        return max((c.row for c in self.cells if c.header), default=0)

    def rows(self) -> list[list[TableCell]]:
        """The cells row by row (a merged cell in the row it starts in), left to right."""
        out: list[list[TableCell]] = [[] for _ in range(self.n_rows)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row - 1].append(c)
        return out

    def grid(self) -> list[list[str | None]]:
        """The table as a full grid: a merged cell's text at its top-left position, None at
        the positions it covers."""
        grid: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            grid[c.row - 1][c.col - 1] = c.text
        return grid

    def where(self, cell: TableCell) -> str:
        """«page 2, table 1, row 3, cell 4» (no page outside PDF)."""
        page = f"page {cell.page}, " if cell.page else ""
        return f"{page}table {self.number}, row {cell.row}, cell {cell.col}"


def table_lines(table: Table, style: str = "rows") -> list[tuple[str, list[Block]]]:
    """The table as lines of text with their blocks. "rows": a row per line, its non-empty
    cells joined by a space (each cell's lines joined by a space); "cells": a line per cell
    starting with a tab, its further lines on lines of their own (how Word saves a table as
    plain text), a header of several rows flattened (``flat_header``). A merged cell is
    written once, in the row it starts in."""
    out: list[tuple[str, list[Block]]] = []
    rows = table.rows()
    if style == "cells":
        rows = flat_header(table)
    for row in rows:
        if style == "cells":
            for c in row:
                where = table.where(c)
                first, *rest = c.text.split("\n") if c.text else [""]
                line = "\t" + first
                kw = {"page": c.page, "table": table.number, "row": c.row, "cell": c.col}
                out.append((line, [Block(line, where, 0, **kw)]))
                out += [(p, [Block(p, where, 0, **kw)]) for p in rest]
            continue
        parts: list[Block] = []
        texts: list[str] = []
        pos = 0
        for c in row:
            text = " ".join(p for p in c.text.split("\n") if p)
            if not text:
                continue
            kw = {"page": c.page, "table": table.number, "row": c.row, "cell": c.col}
            parts.append(Block(text, table.where(c), pos, **kw))
            texts.append(text)
            pos += len(text) + 1
        out.append((" ".join(texts), parts))
    return out


@dataclass(frozen=True)
class OcrWord:
    """A word recognised by OCR: its text, Tesseract's confidence (0–100), its page, its
    offset in ``Document.text`` and the paragraph it stands in."""

    text: str
    confidence: float
    page: int
    start: int
    where: str


def flat_header(table: Table) -> list[list[TableCell]]:
    """The table's rows with a header of several rows (its first row has a cell merged down,
    e.g. «№» over two rows beside «Показники» over «план / факт / %») made one row: a cell
    per grid column whose text is the header cells above it, top to bottom, joined by " / "
    («Показники / план»). A one-row header is left as it is."""
    rows = table.rows()
    depth = max((c.rowspan for c in rows[0]), default=1) if rows else 1
    if depth < 2 or depth >= len(rows):
        return rows
    header: list[TableCell] = []
    for col in range(1, table.n_cols + 1):
        parts = [
            c.text.strip()
            for c in sorted(table.cells, key=lambda c: c.row)
            if c.row <= depth and c.col <= col < c.col + c.colspan and c.text.strip()
        ]
        header.append(TableCell(" / ".join(parts), 1, col, page=rows[0][0].page, header=True))
    return [header, *rows[depth:]]


@dataclass
class Document:
    """The blocks of one file in reading order; ``text`` is their text, one line per block
    (a table row is one line, its cells joined by spaces, as Word saves a table as text)."""

    path: Path
    kind: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None
    #: the document's tables as tables (cells with their spans), in reading order
    tables: list[Table] = field(default_factory=list)
    #: pages whose text was recognised by OCR (1-based), and the words read with confidence
    ocr_pages: list[int] = field(default_factory=list)
    ocr_words: list[OcrWord] = field(default_factory=list)

    def ocr_word_at(self, offset: int) -> OcrWord | None:
        """The OCR word covering text ``offset`` (None for text read from a text layer)."""
        for w in self.ocr_words:
            if w.start <= offset < w.start + max(len(w.text), 1):
                return w
        return None

    @cached_property
    def _starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def block_at(self, offset: int) -> Block | None:
        """The block holding character ``offset`` of ``text``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.blocks[i] if i >= 0 else None

    def locate(self, offset: int) -> str:
        """Where ``offset`` stands, for a locator ("page 3, paragraph 2"); "" for plain text."""
        block = self.block_at(offset)
        return "" if block is None or self.kind == "txt" else block.where


def assemble(
    path: Path,
    kind: str,
    lines: list[tuple[str, list[Block]]],
    encoding: str | None = None,
    tables: list[Table] | None = None,
) -> Document:
    """A Document from lines in reading order, each with the blocks it is made of (their
    ``start`` relative to the line); the text is the lines joined by "\\n"."""
    text_parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for line, parts in lines:
        for b in parts:
            blocks.append(Block(b.text, b.where, offset + b.start, b.page, b.table, b.row, b.cell))
        text_parts.append(line)
        offset += len(line) + 1
    return Document(path, kind, "\n".join(text_parts), blocks, encoding, list(tables or []))
