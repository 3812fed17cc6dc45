"""What a user's register leaves out, filled in the open: provenance, IDs, extra columns,
vertically merged cells and date ranges typed in one cell.

Rules (docs/registers.md):

- **Provenance.** No ``source``/``locator`` column, or a blank cell in it: ``source`` is the
  file name and ``locator`` the cell a user can open — ``<sheet>!A<row>`` in a workbook,
  ``row <n>`` in a CSV file.
- **IDs.** A register whose key is one ID column (``event_id``, ``project_id``,
  ``recommendation_id``) and has no such column gets ``<file stem>-<row>`` (the same file
  gives the same IDs); a blank ID cell gets the same. A «№» / «№ з/п» column is the ID only
  when it holds codes (a cell with a letter, e.g. «Р-01»); numbers only mean row numbers, and
  the column is carried as an extra column.
- **Extra columns** (headers outside the schema: «Примітки», «Коментар») are kept as text
  in columns named ``extra:<header as written>`` and listed once as a note.
- **Merged cells** down data rows (one city for two events) give every covered row the value,
  with a note naming the range; a merge across columns stays a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from promis_analytics.registers.check.cells import TOTAL_WORDS, cell_text, is_empty
from promis_analytics.registers.io.reader import RawRow, RawTable, column_letter
from promis_analytics.registers.schema.headers import fold
from promis_analytics.registers.schema.schemas import Schema

__all__ = [
    "AUTO_ID_COLUMNS",
    "EXTRA_PREFIX",
    "AutoPlan",
    "auto_id",
    "fill_merged",
    "fill_provenance",
    "plan_columns",
    "provenance_fills",
]

AUTO_ID_COLUMNS = ("event_id", "project_id", "recommendation_id")
EXTRA_PREFIX = "extra:"
#: headers of a row-number column (folded)
ROW_NUMBER_HEADERS = frozenset({"№", "№ з п", "№з п", "№ п п", "з п", "п п", "no", "номер"})


@dataclass
class AutoPlan:
    """Which columns are filled in: ``auto`` (absent from the file: filled for every row),
    ``fill_blank`` (blank cells filled), ``extras`` (column index → header as written)."""

    auto: set[str] = field(default_factory=set)
    fill_blank: set[str] = field(default_factory=set)
    extras: dict[int, str] = field(default_factory=dict)
    id_column: str | None = None


def _holds_codes(rows: Sequence[RawRow], i: int) -> bool:
    """Whether column ``i`` holds codes (a letter in some cell) rather than row numbers."""
    cells = [r.cells[i] for r in rows if i < len(r.cells) and isinstance(r.cells[i], str)]
    return any(any(ch.isalpha() for ch in c) and fold(c) not in TOTAL_WORDS for c in cells)


def plan_columns(
    schema: Schema, colmap: dict[int, str], unknown: list[tuple[int, str]], rows: Sequence[RawRow]
) -> AutoPlan:
    """Decide what to fill for a register whose header maps to ``colmap`` (a «№» column that
    holds codes is added to ``colmap`` as the ID column)."""
    plan = AutoPlan(extras=dict(unknown))
    mapped = set(colmap.values())
    key = schema.key[0] if len(schema.key) == 1 else None
    if key in AUTO_ID_COLUMNS:
        plan.id_column = key
        if key not in mapped:
            for i, text in unknown:
                if fold(text) in ROW_NUMBER_HEADERS and _holds_codes(rows, i):
                    colmap[i] = key
                    del plan.extras[i]
                    break
            else:
                plan.auto.add(key)
        plan.fill_blank.add(key)
    for col in ("source", "locator"):
        if col in schema.columns:
            plan.fill_blank.add(col)
            if col not in mapped:
                plan.auto.add(col)
    return plan


def auto_id(table: RawTable, row: int) -> str:
    """The derived ID of a row: ``<file stem>-<Excel row or CSV record number>``."""
    return f"{table.path.stem}-{row}"


def provenance_fills(plan: AutoPlan, table: RawTable) -> dict[str, Callable[[int], Any]]:
    """Column → the value a blank cell of that column gets in a given row (source, locator,
    the ID), for the columns ``plan`` fills."""
    fills: dict[str, Callable[[int], Any]] = {
        "source": lambda n: table.file,
        "locator": (lambda n: f"{table.sheet}!A{n}") if table.sheet else (lambda n: f"row {n}"),
    }
    if plan.id_column:
        fills[plan.id_column] = lambda n: auto_id(table, n)
    return {col: make for col, make in fills.items() if col in plan.fill_blank}


def fill_provenance(values: dict[str, Any], plan: AutoPlan, table: RawTable, row: int) -> list[str]:
    """Fill the blank provenance and ID values of one row; the columns filled."""
    filled = []
    for col, make in provenance_fills(plan, table).items():
        if values.get(col) is None:
            values[col] = make(row)
            filled.append(col)
    return filled


def extra_values(cells: tuple[Any, ...], plan: AutoPlan) -> dict[str, str | None]:
    """The extra columns of one row, as text (``extra:<header>`` → value or None)."""
    return {
        EXTRA_PREFIX + header: (
            None if i >= len(cells) or is_empty(cells[i]) else cell_text(cells[i])
        )
        for i, header in plan.extras.items()
    }


def fill_merged(
    rows: Sequence[RawRow], merged: list[tuple[int, int, int, int]], header_row: int
) -> tuple[Sequence[RawRow], list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Spread each vertical merge over data rows (one column, several rows) to every row it
    covers. Returns (rows, the merges filled, the merges across columns left as problems)."""
    filled: list[tuple[int, int, int, int]] = []
    left: list[tuple[int, int, int, int]] = []
    if not merged:
        return rows, filled, left
    by_number = {r.number: k for k, r in enumerate(rows)}
    out = list(rows)
    for r1, c1, r2, c2 in merged:
        if r2 <= header_row or r2 == r1:
            continue
        if c2 != c1 or r1 not in by_number:
            left.append((r1, c1, r2, c2))
            continue
        top = out[by_number[r1]].cells
        value = top[c1 - 1] if c1 - 1 < len(top) else None
        for n in range(r1 + 1, r2 + 1):
            if n not in by_number:
                continue
            k = by_number[n]
            cells = list(out[k].cells) + [None] * max(0, c1 - len(out[k].cells))
            cells[c1 - 1] = value
            out[k] = out[k]._replace(cells=tuple(cells))
        filled.append((r1, c1, r2, c2))
    return out, filled, left


def merge_ref(r1: int, c1: int, r2: int, c2: int) -> str:
    """``C4:C5`` — a merged range as Excel writes it (1-based rows and columns)."""
    return f"{column_letter(c1 - 1)}{r1}:{column_letter(c2 - 1)}{r2}"
