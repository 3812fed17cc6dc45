"""Raw rows and the cells of a table stored column by column, read as rows only when asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, overload

import numpy as np
import pandas as pd

__all__ = [
    "NONE_ITEM",
    "CodedCells",
    "ColumnRows",
    "RawRow",
    "distinct",
    "recode",
    "row_lengths",
    "row_numbers",
]


class RawRow(NamedTuple):
    """One row as stored: ``number`` is the Excel row number (CSV: the record number)."""

    number: int
    cells: tuple[Any, ...]


class CodedCells(Sequence[Any]):
    """A column's cells as distinct values and, per cell, the index of its value:
    ``cells[k] == uniques[codes[k]]``, None where the code is -1 (a record without that
    cell). A slice shares the distinct values (no copy of them). ``texts``: the same distinct
    values as an Arrow string array, when they came from Arrow (its compute functions can
    search them without a Python loop)."""

    __slots__ = ("codes", "texts", "uniques")

    def __init__(self, codes: np.ndarray, uniques: list[Any], texts: Any = None) -> None:
        self.codes = codes
        self.uniques = uniques
        self.texts = texts

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, k: int) -> Any: ...
    @overload
    def __getitem__(self, k: slice) -> CodedCells: ...
    def __getitem__(self, k: int | slice) -> Any:
        if isinstance(k, slice):
            return CodedCells(self.codes[k], self.uniques, self.texts)
        code = self.codes[k]
        return None if code < 0 else self.uniques[code]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.tolist())

    def tolist(self) -> list[Any]:
        """Every cell as a list (one object per distinct value, shared)."""
        spread = np.empty(len(self.uniques) + 1, dtype=object)
        spread[:-1] = self.uniques  # code -1 picks the None at the end
        return spread[self.codes].tolist()


class ColumnRows(Sequence[RawRow]):
    """Records ``start`` … ``stop - 1`` (0-based) of equally long coded columns as rows;
    record k has the number ``base`` + k + 1 (a CSV record, an Excel row; ``base``: the
    records before these columns, when a file is read in batches). A row holds its cells up to
    the last one with a value, as the readers give rows (a blank line: no cells). A row is
    made when it is asked for; a slice is another view of the same columns."""

    __slots__ = ("base", "columns", "start", "stop")

    def __init__(
        self, columns: list[CodedCells], start: int = 0, stop: int | None = None, base: int = 0
    ):
        self.columns = columns
        self.base = base
        total = len(columns[0]) if columns else 0
        self.start = start
        self.stop = total if stop is None else stop

    def __len__(self) -> int:
        return max(0, self.stop - self.start)

    @overload
    def __getitem__(self, k: int) -> RawRow: ...
    @overload
    def __getitem__(self, k: slice) -> ColumnRows: ...
    def __getitem__(self, k: int | slice) -> RawRow | ColumnRows:
        if isinstance(k, slice):
            a, b, step = k.indices(len(self))
            if step != 1:
                raise ValueError("ColumnRows slices take every row")
            return ColumnRows(self.columns, self.start + a, self.start + max(a, b), self.base)
        n = len(self)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError(k)
        r = self.start + k
        cells = [c[r] for c in self.columns]
        while cells and cells[-1] is None:
            cells.pop()
        return RawRow(self.base + r + 1, tuple(cells))

    def __iter__(self) -> Iterator[RawRow]:
        return (self[k] for k in range(len(self)))

    @property
    def width(self) -> int:
        """Cells in every row."""
        return len(self.columns)


def row_numbers(rows: Sequence[RawRow], positions: Sequence[int] | np.ndarray) -> list[int]:
    """The numbers of ``rows[p]`` for every p in ``positions`` (no row is made for a view)."""
    if isinstance(rows, ColumnRows):
        return (np.asarray(positions, dtype=np.int64) + (rows.base + rows.start + 1)).tolist()
    return [rows[p].number for p in positions]


def row_lengths(rows: Sequence[RawRow]) -> np.ndarray:
    """The number of cells of every row."""
    if isinstance(rows, ColumnRows):  # up to the last cell with a value (code ≥ 0)
        lengths = np.zeros(len(rows), dtype=np.int64)
        for j, c in enumerate(rows.columns):
            lengths[c.codes[rows.start : rows.stop] >= 0] = j + 1
        return lengths
    return np.fromiter((len(r.cells) for r in rows), dtype=np.int64, count=len(rows))


#: None as a 0-d object array: numpy compares and selects with it element by element, as
#: with None itself (``np.not_equal(values, NONE_ITEM)``), and its type stubs accept it.
NONE_ITEM = np.array(None, dtype=object)


def distinct(values: Sequence[Any] | np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """(codes, uniques): ``values[k] == uniques[codes[k]]``; None has code -1. Equal values of
    different types stay apart (1 and True and 1.0 are three values): the values are hashed
    type by type, each type's in one pass."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        codes, uniques = pd.factorize(arr, use_na_sentinel=True)
        return codes, list(uniques)
    type_codes, types = pd.factorize(np.fromiter(map(type, values), dtype=object, count=len(arr)))
    codes = np.full(len(arr), -1, dtype=np.int64)
    out: list[Any] = []
    for t, kind in enumerate(types):
        if kind is type(None):
            continue
        where = np.flatnonzero(type_codes == t)
        sub_codes, sub_uniques = pd.factorize(arr[where], use_na_sentinel=False)
        codes[where] = sub_codes + len(out)
        out.extend(sub_uniques)
    return codes, out


def recode(cells: CodedCells, fn: Callable[[Any], Any]) -> CodedCells:
    """``fn`` of each distinct value of ``cells`` (a reader's conversion: the writer's ' taken
    off, a calamine value as openpyxl gives it); values that become equal share one code
    again, and None gets -1."""
    codes, merged = distinct([fn(u) for u in cells.uniques])
    return CodedCells(np.append(codes, -1)[cells.codes], merged)
