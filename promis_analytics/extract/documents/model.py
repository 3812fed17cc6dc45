"""A document as text blocks with provenance, and the error for a document that cannot be read."""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from promis_analytics.errors import PromisError

__all__ = ["Block", "Document", "DocumentError", "DocumentNotFound", "clean"]


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


@dataclass
class Document:
    """The blocks of one file in reading order; ``text`` is their text, one line per block
    (a table row is one line, its cells joined by spaces, as Word saves a table as text)."""

    path: Path
    kind: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None

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
    path: Path, kind: str, lines: list[tuple[str, list[Block]]], encoding: str | None = None
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
    return Document(path, kind, "\n".join(text_parts), blocks, encoding)
