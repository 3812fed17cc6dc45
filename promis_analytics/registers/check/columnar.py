"""The data rows of a register checked column by column: each distinct cell value of a column
is read once (``cells.parse_cell``) and the result spread over its rows; row kinds (blank,
totals, repeated header) come from masks, with the exact test only on candidate rows; a
problem entry is made only for a problem. Same answers as reading row by row (a test keeps
the row-by-row reader under ``tests/`` and compares the two)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

import numpy as np

from promis_analytics.registers.check.autofill import EXTRA_PREFIX, AutoPlan, provenance_fills
from promis_analytics.registers.check.cell_forms import swallowed_lines
from promis_analytics.registers.check.cells import (
    TOTAL_WORDS,
    cell_text,
    is_empty,
    safe_text,
)
from promis_analytics.registers.check.column import Column, header_first_words
from promis_analytics.registers.check.column_values import parse_columns
from promis_analytics.registers.check.pair_checks import (
    Coded,
    currency_checks,
    le_checks,
    sum_checks,
)
from promis_analytics.registers.io.reader import RawTable, column_letter
from promis_analytics.registers.io.rows import (
    NONE_ITEM,
    CodedCells,
    ColumnRows,
    RawRow,
    row_lengths,
    row_numbers,
)
from promis_analytics.registers.schema.headers import fold, match
from promis_analytics.registers.schema.report import ERROR, NOTE, Entry, ValidationReport
from promis_analytics.registers.schema.schemas import Schema

__all__ = ["RowsResult", "check_rows"]


@dataclass
class RowsResult:
    """The data rows (not blank, not totals) of a register, checked: their positions in the
    rows given, typed values per column (one item per data row), the extra columns' text as
    codes, error entries per data-row position, and the totals rows."""

    take: np.ndarray
    typed: dict[str, np.ndarray]
    extras: dict[str, Coded]
    errors: dict[int, list[Entry]]
    totals: list[RawRow] = field(default_factory=list)
    raw: dict[str, Sequence[Any]] = field(default_factory=dict)
    # the typed columns as (codes, distinct values) where they are still so
    coded: dict[str, Coded] = field(default_factory=dict)


def _columns(table: RawTable, rows: Sequence[RawRow]) -> list[Column]:
    """The cells of ``rows`` column by column: slices of the reader's own coded columns when
    ``rows`` is a view of them (Arrow's CSV path), else transposed and split into distinct
    values here. A distinct value of the whole column may be absent from the slice (the
    header's text): no row points at it."""
    if isinstance(rows, ColumnRows) and table.columns is not None and rows.columns is table.columns:
        a, b = rows.start, rows.stop
        return [Column(c[a:b], c.codes[a:b], c.uniques) for c in table.columns]
    return [Column.of(c) for c in zip_longest(*(r.cells for r in rows))]


def _kinds(columns: list[Column], rows: Sequence[RawRow]) -> np.ndarray:
    """0 data, 1 blank, 2 totals for every row (masks, then the exact test on candidates)."""
    n = len(rows)
    blank = np.ones(n, dtype=bool)
    totals = np.zeros(n, dtype=bool)
    for col in columns:
        blank &= col.empty()
        totals |= col.totals_word()
    out = np.where(blank, 1, 0)
    for k in np.flatnonzero(totals & ~blank).tolist():
        first = [c for c in rows[k].cells if not is_empty(c)][:3]
        if any(isinstance(c, str) and fold(c) in TOTAL_WORDS for c in first):
            out[k] = 2
    return out


def check_rows(
    table: RawTable,
    rows: Sequence[RawRow],
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    width: int,
    plan: AutoPlan,
    report: ValidationReport,
    period: tuple[dt.date, dt.date] | None = None,
) -> RowsResult:
    """Check every data row of ``rows`` (the rows below the header, merges filled); blank and
    totals rows are counted and noted in ``report``; project-period dates outside ``period``
    (when given) are errors."""
    n = len(rows)
    lengths = row_lengths(rows)
    maxw = max(width, int(lengths.max())) if n else width
    cols = _columns(table, rows) if n else []
    cols += [Column.of((None,) * n) for _ in range(maxw - len(cols))]
    kinds = _kinds(cols, rows) if n else np.zeros(0, dtype=int)
    report.rows_read += n
    _note_blank_and_totals(rows, kinds, report)
    data_idx = np.flatnonzero(kinds == 0)
    errors: dict[int, list[Entry]] = {}

    def add(k: int, code: str, i: int | None, value: Any = None, **params: Any) -> None:
        e = report.add(
            code,
            row=rows[k].number,
            column=written.get(i) if i is not None else None,
            column_letter=column_letter(i) if i is not None else None,
            value=value,
            **params,
        )
        if e.severity == ERROR:  # k is a data row: its position among them (a warning
            # or a note keeps the row)
            errors.setdefault(int(np.searchsorted(data_idx, k)), []).append(e)

    _note_hidden(table, rows, data_idx, report)
    normal = np.zeros(n, dtype=bool)
    normal[data_idx] = True
    if table.fixed_width:
        normal &= _row_shape(table, rows, cols, data_idx, lengths, width, add)
    normal &= _not_repeated_header(rows, cols, colmap, schema.kind, normal, add)
    is_data = np.zeros(n, dtype=bool)
    is_data[data_idx] = True
    cols = [_safe_texts(c, i, is_data, add) for i, c in enumerate(cols)]
    for c in cols:
        c.forget_texts()
    for i in range(maxw):
        if i not in written:
            for k in np.flatnonzero(~cols[i].empty() & normal).tolist():
                add(k, "unnamed_column", i, rows[k].cells[i])
    values, currencies, coded = parse_columns(cols, colmap, schema, plan, normal, add, period)
    for col in currency_checks(cols, colmap, values, currencies, normal, add):
        del coded[col]
    le_checks(colmap, values, written, cols, schema, normal, add, coded)
    sum_checks(colmap, values, written, cols, schema, normal, add)
    every_row = len(data_idx) == n
    typed = {c: values[c] if every_row else values[c].take(data_idx) for c in schema.columns}
    for col in _fill_provenance(typed, plan, table, lambda ps: row_numbers(rows, data_idx[ps])):
        coded.pop(col, None)
    extras = _extras(plan, cols, None if every_row else data_idx)
    if not every_row:
        coded = {col: c._replace(codes=c.codes.take(data_idx)) for col, c in coded.items()}
    totals = [rows[k] for k in np.flatnonzero(kinds == 2).tolist()]
    raw = {  # read only
        col: cols[i].cells
        if every_row
        else CodedCells(cols[i].codes.take(data_idx), cols[i].uniques)
        for i, col in colmap.items()
    }
    return RowsResult(data_idx, typed, extras, errors, totals, raw, coded)


def _note_blank_and_totals(
    rows: Sequence[RawRow], kinds: np.ndarray, report: ValidationReport
) -> None:
    """Count and note the blank rows (kind 1) and the totals rows (kind 2)."""
    for k in np.flatnonzero(kinds == 1).tolist():
        report.blank += 1
        report.add("blank_row", row=rows[k].number, severity=NOTE)
    for k in np.flatnonzero(kinds == 2).tolist():
        report.totals += 1
        report.add("totals_row", row=rows[k].number, severity=NOTE)


def _note_hidden(
    table: RawTable, rows: Sequence[RawRow], data_idx: np.ndarray, report: ValidationReport
) -> None:
    """A note for each data row the spreadsheet hides."""
    if table.hidden_rows:
        for number in row_numbers(rows, data_idx):
            if number in table.hidden_rows:
                report.add("hidden_row", row=number, severity=NOTE)


def _extras(plan: AutoPlan, cols: list[Column], data_idx: np.ndarray | None) -> dict[str, Coded]:
    """The extra (unmapped, kept) columns as text, coded; only the data rows ``data_idx``
    (None: every row is a data row)."""
    extras = {}
    for i, h in plan.extras.items():
        c = cols[i]
        text_u = np.empty(len(c.uniques) + 1, dtype=object)
        text_u[:-1] = [
            None if e else cell_text(u) for u, e in zip(c.uniques, c.empty_uniques(), strict=True)
        ]
        extras[EXTRA_PREFIX + h] = Coded(
            c.codes if data_idx is None else c.codes.take(data_idx), text_u
        )
    return extras


_Add = Callable[..., None]


def _safe_texts(c: Column, i: int, is_data: np.ndarray, add: _Add) -> Column:
    """The column with every text made safe for the writers (``cells.safe_text``): a Word
    line break becomes a line break (note), another control character an error, at the row
    and column of each data cell holding one. A clean column is returned as it is."""
    if not c.holds_control():
        return c
    fixed = [safe_text(u) if isinstance(u, str) else (u, None) for u in c.uniques]
    uniques = [u for u, _ in fixed]
    bad = [u for u, (_, problem) in enumerate(fixed) if problem is not None]
    for k in np.flatnonzero(np.isin(c.codes, bad) & is_data).tolist():
        code, params = fixed[c.codes[k]][1]
        add(k, code, i, uniques[c.codes[k]], **params)
    return Column(CodedCells(c.codes, uniques), c.codes, uniques)


def _row_shape(
    table: RawTable,
    rows: Sequence[RawRow],
    cols: list[Column],
    data_idx: np.ndarray,
    lengths: np.ndarray,
    width: int,
    add: _Add,
) -> np.ndarray:
    """CSV only: cells that swallowed lines (a stray quote), rows of another length than the
    header. Returns the rows whose length is right."""
    delimiter = table.delimiter or ","
    n = len(rows)
    is_data = np.zeros(n, dtype=bool)
    is_data[data_idx] = True
    swallowed = [
        np.flatnonzero(c.mask(lambda v: swallowed_lines(v, delimiter, width), False) & is_data)
        if c.has("\n")
        else np.zeros(0, dtype=np.int64)
        for c in cols
    ]
    for i, ks in enumerate(swallowed):
        for k in ks.tolist():
            add(k, "swallowed_lines", i, rows[k].cells[i])
    good = lengths == width
    for k in np.flatnonzero(~good & is_data).tolist():
        add(k, "row_length", None, found=int(lengths[k]), width=width)
    return good


def _not_repeated_header(
    rows: Sequence[RawRow],
    cols: list[Column],
    colmap: dict[int, str],
    kind: str,
    normal: np.ndarray,
    add: _Add,
) -> np.ndarray:
    """Rows that repeat the header among the data are problems. The exact test (distinct
    column names matched ≥ need = max(2, half the mapped columns)) runs only on rows where
    the cells that may match could reach ``need``: a column of mostly distinct values (IDs,
    locators, free text) is not searched but counted as a possible match in every row."""
    first = header_first_words(kind)
    need = max(2, len(colmap) // 2)
    n = len(rows)
    hits = np.zeros(n, dtype=np.int64)
    for c in cols:
        if n >= _MOSTLY_DISTINCT_FROM and 2 * len(c.uniques) > n:
            hits += 1  # an upper bound: the exact test below reads the cell
        else:
            hits += c.may_match(first, kind)
    keep = np.ones(n, dtype=bool)
    for k in np.flatnonzero((hits >= need) & normal).tolist():
        matched = {match(c, kind) for c in rows[k].cells if isinstance(c, str)} - {None}
        if len(matched) >= need:
            add(k, "repeated_header", None)
            keep[k] = False
    return keep


#: Rows from which a column of mostly distinct values is not searched for header words.
_MOSTLY_DISTINCT_FROM = 1000


def _fill_provenance(
    typed: dict[str, np.ndarray],
    plan: AutoPlan,
    table: RawTable,
    numbers: Callable[[np.ndarray], list[int]],
) -> list[str]:
    """Blank provenance and ID cells filled (``autofill.provenance_fills``); ``numbers``
    gives the row numbers of data-row positions. Returns the columns where a cell was."""
    changed = []
    for col, make in provenance_fills(plan, table).items():
        if col in typed:
            column = typed[col]
            blank = np.flatnonzero(np.equal(column, NONE_ITEM))
            if len(blank):
                column[blank] = [make(n) for n in numbers(blank)]
                changed.append(col)
    return changed
