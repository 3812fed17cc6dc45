"""Header blocks: a header of one to three rows (group words over sub-columns) joined into one
column name per column before the aliases are matched.

A Ukrainian reporting table often heads a group of columns with one word merged over them
(«Кількість учасників» over «усього / жінок / з них ВПО»); a KoboToolbox group export does
the same. Rules (docs/registers.md, «Заголовок у кілька рядків»):

- **Levels.** The header is the block of 1–3 consecutive rows among the first 30 non-blank
  rows whose joined names match the most register columns (at least two); on a tie the
  block that names more columns, then the one with fewer rows, then the first, wins. Rows
  below the first must hold text only (a number or a date is data); a row of one cell (a
  title) heads no block; a block must match more columns than its last row alone (else
  that row is a header on its own, e.g. repeated below data).
- **Group words** cover the sub-columns below them: a horizontal merge in the file, or (CSV,
  unmerged sheets) an upper cell followed by empty cells over non-empty lower cells.
- **Joining.** A column's name is its non-empty levels, top to bottom, joined with " / ".
  It maps to a register column by (1) all its levels as one name, (2) the groups (all,
  then the nearest first) when the last level is a totals word («Кількість учасників /
  усього» = participants), (3) the last level alone («… / жінок» = women). A totals word
  inside the header is a header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from promis_analytics.registers.check.cells import TOTAL_WORDS, cell_text, is_empty
from promis_analytics.registers.io.rows import RawRow
from promis_analytics.registers.schema.headers import fold, match
from promis_analytics.registers.schema.schemas import Schema

__all__ = ["HEADER_SCAN_ROWS", "MAX_LEVELS", "HeaderBlock", "find_header"]

HEADER_SCAN_ROWS = 30
MAX_LEVELS = 3
JOIN = " / "

Merge = tuple[int, int, int, int]


@dataclass(frozen=True)
class HeaderBlock:
    """The header: ``rows[first..last]`` (indices into the table's rows), one joined name per
    column (``names``; None for an empty column) and the register column each maps to."""

    first: int
    last: int
    numbers: tuple[int, ...]
    names: tuple[str | None, ...]
    columns: tuple[str | None, ...]

    @property
    def row(self) -> RawRow:
        """The header as one row (joined names) numbered as its last file row."""
        return RawRow(self.numbers[-1], self.names)


def _levels(rows: Sequence[RawRow], merged: list[Merge]) -> list[list[str | None]]:
    """The text of each header row per column, group words spread over their sub-columns."""
    width = max(len(r.cells) for r in rows)
    grid: list[list[str | None]] = [
        [None if is_empty(c) else cell_text(c).strip() or None for c in r.cells]
        + [None] * (width - len(r.cells))
        for r in rows
    ]
    numbers = [r.number for r in rows]
    for r1, c1, _r2, c2 in merged:  # a horizontal merge inside the block spreads its word
        if r1 in numbers and c2 > c1:
            k = numbers.index(r1)
            value = grid[k][c1 - 1] if c1 - 1 < width else None
            for j in range(c1, min(c2, width)):
                grid[k][j] = grid[k][j] or value
    for k in range(len(rows) - 1):  # unmerged: a group word runs right over empty cells
        below = [any(grid[m][j] for m in range(k + 1, len(rows))) for j in range(width)]
        for j in range(1, width):
            if grid[k][j] is None and below[j] and below[j - 1] and grid[k][j - 1]:
                grid[k][j] = grid[k][j - 1]
    return grid


def _column(levels: list[str], kind: str | Schema) -> str | None:
    """The register column of one header column's levels (module docstring, «Joining»)."""
    if len(levels) == 1:
        return match(levels[0], kind)
    found = match(" ".join(levels), kind)
    if found is None and fold(levels[-1]) in TOTAL_WORDS:
        groups = [" ".join(levels[:-1]), *reversed(levels[:-1])]  # the nearest group first
        found = next((c for g in groups if (c := match(g, kind))), None)
    return found or match(levels[-1], kind)


def _block(rows: Sequence[RawRow], merged: list[Merge], kind: str | Schema) -> HeaderBlock:
    grid = _levels(rows, merged)
    names: list[str | None] = []
    columns: list[str | None] = []
    for j in range(len(grid[0])):
        levels: list[str] = []
        for k in range(len(grid)):
            v = grid[k][j]
            if v and (not levels or fold(levels[-1]) != fold(v)):
                levels.append(v)
        names.append(JOIN.join(levels) or None)
        columns.append(_column(levels, kind) if levels else None)
    numbers = tuple(r.number for r in rows)
    return HeaderBlock(0, len(rows) - 1, numbers, tuple(names), tuple(columns))


def _matched(block: HeaderBlock) -> int:
    return len({c for c in block.columns if c})


def _text_only(cells: tuple[Any, ...]) -> bool:
    return all(is_empty(c) or isinstance(c, str) for c in cells) and not all(
        is_empty(c) for c in cells
    )


def find_header(
    rows: Sequence[RawRow], kind: str | Schema, merged: list[Merge] | None = None
) -> HeaderBlock | None:
    """The header block of ``rows`` for register ``kind`` (module docstring), or None when
    no block matches two register columns."""
    merged = merged or []
    nonblank: list[int] = []
    for i in range(len(rows)):  # the first rows only: a register may have a million
        if not all(is_empty(c) for c in rows[i].cells):
            nonblank.append(i)
            if len(nonblank) == HEADER_SCAN_ROWS:
                break
    best: HeaderBlock | None = None
    best_score = (1, 0, 0)
    for i in nonblank:
        if not any(isinstance(c, str) for c in rows[i].cells):
            continue
        title = sum(not is_empty(c) for c in rows[i].cells) == 1  # one cell: a title line
        for depth in range(1, 2 if title else MAX_LEVELS + 1):
            block_rows = rows[i : i + depth]
            if len(block_rows) < depth or (depth > 1 and not _text_only(block_rows[-1].cells)):
                break
            block = _block(block_rows, merged, kind)
            score = (
                _matched(block),
                sum(1 for n in block.names if n),
                -depth,
            )
            if depth > 1 and score[0] <= _matched(_block(block_rows[-1:], merged, kind)):
                continue  # the upper rows add nothing: the last row is a header on its own
            if score[0] > 1 and score > best_score:
                best_score = score
                best = HeaderBlock(i, i + depth - 1, block.numbers, block.names, block.columns)
    return best
