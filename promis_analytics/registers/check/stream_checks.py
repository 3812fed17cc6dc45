"""What a register checked in batches keeps from one batch to the next (``stream``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.check.cell_forms import shown
from promis_analytics.registers.io.parquet_rows import with_row_column
from promis_analytics.registers.io.rows import CodedCells, ColumnRows, RawRow, distinct, row_numbers
from promis_analytics.registers.schema.report import NOTE, ValidationReport

__all__ = ["Checker", "Declined", "KeysSeen", "Streamed"]


class Declined(Exception):
    """The streamed path cannot promise the whole-file path's cells; read the file whole."""


@dataclass
class Streamed:
    """The report of a streamed check, the rejected rows (raw cells, as ``load`` gives them)
    and the number of accepted rows written to Parquet (0 without an output file)."""

    report: ValidationReport
    rejects: pd.DataFrame
    written: int = 0


_FNV = np.uint64(1099511628211)
_MISSING = object()
#: distinct values of a summable column whose parsed number is kept for the next batch
_SUM_MEMO = 200_000


class KeysSeen:
    """Keys met so far as 64-bit hashes (sorted runs, merged as they grow) with the row of
    each key's first occurrence: 16 bytes per distinct key. Two different keys share a hash
    with probability about n²/2⁶⁵ (10⁷ keys: 3·10⁻⁶)."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def first_rows(self, hashes: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The row of the first occurrence of each key (``rows``: the keys' own rows, in file
        order; a key first met here gets its first row here); the new keys are remembered."""
        uniq, idx, inv = np.unique(hashes, return_index=True, return_inverse=True)
        first_u = rows[idx]  # the first row in this batch of each distinct key
        found = np.zeros(len(uniq), dtype=bool)
        for run_h, run_rows in self.runs:  # sorted queries into sorted runs
            at = np.minimum(np.searchsorted(run_h, uniq), len(run_h) - 1)
            hit = (run_h[at] == uniq) & ~found
            first_u[hit] = run_rows[at[hit]]
            found |= hit
        self._add(uniq[~found], rows[idx[~found]])
        return first_u[inv.reshape(-1)]

    def _add(self, h: np.ndarray, r: np.ndarray) -> None:
        if not len(h):
            return
        self.runs.append((h, r))
        while len(self.runs) > 1 and len(self.runs[-1][0]) * 2 >= len(self.runs[-2][0]):
            (h2, r2), (h1, r1) = self.runs.pop(), self.runs.pop()
            self.runs.append(_merged(h1, r1, h2, r2))


def _merged(
    h1: np.ndarray, r1: np.ndarray, h2: np.ndarray, r2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two sorted runs of hashes (with their rows) as one sorted run, in linear passes: each
    item of the second goes after the items of the first not greater than it."""
    at2 = np.searchsorted(h1, h2, side="right") + np.arange(len(h2))
    from1 = np.ones(len(h1) + len(h2), dtype=bool)
    from1[at2] = False
    h, r = np.empty(len(from1), dtype=h1.dtype), np.empty(len(from1), dtype=r1.dtype)
    h[at2], r[at2] = h2, r2
    h[from1], r[from1] = h1, r1
    return h, r


def _hash_values(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """(uint64 hash, not-missing) of every value of an object array: texts as they are, other
    values by their text (a typed column holds one type)."""
    notna = ~pd.isna(values)
    texts = np.where(notna, values, "")
    try:
        h = pd.util.hash_array(texts, categorize=False)
    except TypeError:  # not all texts
        h = pd.util.hash_array(pd.Series(texts, dtype=object).astype(str).to_numpy(dtype=object))
    h[~notna] = 0
    return h, notna


class Checker:
    """The checks of one register file fed batch by batch (``batch``), then ``finish``."""

    def __init__(
        self, kind: str, path: Path, encoding: str, delimiter: str, period: Any, out: Any
    ) -> None:
        from promis_analytics.registers.schema.schemas import SCHEMAS

        self.kind, self.schema, self.path = kind, SCHEMAS[kind], path
        self.encoding, self.delimiter, self.period = encoding, delimiter, period
        self.out = None if out is None else Path(out)
        self.report = ValidationReport(path.name, None, kind)
        self.colmap: dict[int, str] | None = None
        self.pending: list[int] = []  # blank rows not yet followed by data
        self.keys = KeysSeen()
        self.totals: list[RawRow] = []
        self.sums: dict[str, Decimal] = {}
        self.currencies: dict[str, set[Any]] = {}
        self.parsed: dict[str, dict[Any, Decimal | None]] = {}
        self.last_data = 0
        self.data_rows = 0
        self.rejects: list[dict[str, Any]] = []
        self.writer: Any = None
        self.arrow_schema: Any = None
        self.written = 0

    def _table(self, cols: list[CodedCells], rows: ColumnRows) -> Any:
        from promis_analytics.registers.io.reader import RawTable

        table = RawTable(
            self.path, None, rows, fixed_width=True, encoding=self.encoding,
            delimiter=self.delimiter,
        )  # fmt: skip
        table.columns = cols
        return table

    def _start(self, cols: list[CodedCells], rows: ColumnRows) -> int:
        """The header (``validate.validate_table``'s first steps on the first batch); the
        position of the first row below it."""
        from promis_analytics.registers.check import validate as v
        from promis_analytics.registers.check.autofill import (
            AUTO_ID_COLUMNS,
            ROW_NUMBER_HEADERS,
            plan_columns,
        )  # fmt: skip
        from promis_analytics.registers.check.guess import other_kind
        from promis_analytics.registers.check.header_block import find_header
        from promis_analytics.registers.io.kobo import is_export
        from promis_analytics.registers.schema.headers import fold

        table, report, schema = self._table(cols, rows), self.report, self.schema
        if is_export(table):
            raise Declined("a KoboToolbox export")
        block = find_header(table.rows, self.kind, table.merged)
        if block is None:
            raise Declined("no header in the first batch")
        header = block.row
        v.note_header_block(table, block, report)
        colmap, written, unknown = v._map_header(block, schema, report)
        key = schema.key[0] if len(schema.key) == 1 else None
        numbered = any(fold(t) in ROW_NUMBER_HEADERS for _, t in unknown)
        if key in AUTO_ID_COLUMNS and key not in colmap.values() and numbered:
            raise Declined("a «№» column: codes or row numbers is decided on all rows")
        self.plan = plan_columns(schema, colmap, unknown, [])
        v._report_columns(header, schema, colmap, unknown, self.plan, report)
        other_kind(table, self.kind, len(set(colmap.values())), header.number, report)
        self.colmap, self.headers, self.width = colmap, written, len(header.cells)
        self.header_number = header.number
        self.missing = [e for e in report.errors if e.code == "missing_column"]
        return block.last + 1

    def batch(self, cols: list[CodedCells], base: int) -> None:
        """Check the records ``base + 1`` … of one batch (coded columns)."""

        rows = ColumnRows(cols, 0, None, base)
        if self.colmap is None:
            rows = rows[self._start(cols, rows) :]
        n = len(rows)
        cells = np.flatnonzero(self._filled(cols, rows)) if n else np.zeros(0, dtype=np.int64)
        if not len(cells):  # blank to the end so far: counted once data follows
            self.pending += row_numbers(rows, range(n))
            return
        self._flush_blank()
        last = int(cells[-1]) + 1
        self.pending = row_numbers(rows, range(last, n))
        self._check(cols, rows[:last])

    @staticmethod
    def _filled(cols: list[CodedCells], rows: ColumnRows) -> np.ndarray:
        """Which rows hold a cell with a value; the mask of every row is made only when the
        last row is blank (else: True there, which is all that is asked)."""
        from promis_analytics.registers.check.cells import is_empty
        from promis_analytics.registers.check.column import Column

        n = len(rows)
        if any(not is_empty(c) for c in rows[n - 1].cells):
            return np.arange(n) == n - 1
        filled = np.zeros(n, dtype=bool)
        for c in cols:
            part = c[rows.start : rows.stop]
            filled |= ~Column(part, part.codes, c.uniques).empty()
        return filled

    def _flush_blank(self) -> None:
        for number in self.pending:
            self.report.rows_read += 1
            self.report.blank += 1
            self.report.add("blank_row", row=number, severity=NOTE)
        self.pending = []

    def _check(self, cols: list[CodedCells], rows: ColumnRows) -> None:
        from promis_analytics.registers.check.columnar import check_rows
        from promis_analytics.registers.check.period_bounds import check_period
        from promis_analytics.registers.check.place_context import narrow_places

        assert self.colmap is not None
        report = self.report
        result = check_rows(
            self._table(cols, rows), rows, self.schema, self.colmap, self.headers, self.width,
            self.plan, report, self.period,
        )  # fmt: skip
        narrow_places(result, self.colmap, self.headers, self.plan.extras, report)
        numbers = row_numbers(rows, result.take)
        if numbers:
            self.last_data = numbers[-1]
        self.data_rows += len(numbers)
        self.totals += result.totals
        self._sums(result)
        self._keys(result, numbers)
        check_period(  # years against the project period, as validate_table does
            result.typed, result.errors, numbers, self.schema, self.colmap, self.headers,
            report, self.period,
        )  # fmt: skip
        if self.missing:
            for p in range(len(numbers)):
                result.errors.setdefault(p, []).extend(self.missing)
        rejected = sorted(result.errors)
        good = np.ones(len(numbers), dtype=bool)
        good[rejected] = False
        accepted = np.flatnonzero(good).tolist()
        report.accepted += len(accepted)
        report.rejected += len(rejected)
        self.rejects += [
            {
                "_row": numbers[p],
                "_raw": {col: values[p] for col, values in result.raw.items()},
                "_problems": result.errors[p],
            }
            for p in rejected
        ]
        if self.out is not None:
            self._write(result, accepted, numbers)

    def _sums(self, result: Any) -> None:
        """The running sum of every summable column's data cells (for a totals row) and the
        currencies met, each distinct cell parsed once."""
        from promis_analytics.registers.check.cells import cell_decimal, is_empty
        from promis_analytics.registers.schema.schemas import CURRENCY_OF

        assert self.colmap is not None
        for col in self.colmap.values():
            f = self.schema.field(col)
            if not f.summable:
                continue
            raw = result.raw[col]
            if not isinstance(raw, CodedCells):
                raw = CodedCells(*distinct(list(raw)))
            counts = np.bincount(raw.codes[raw.codes >= 0], minlength=len(raw.uniques))
            memo = self.parsed.setdefault(col, {})
            total = self.sums.get(col, Decimal(0))
            for u, k in zip(raw.uniques, counts.tolist(), strict=True):
                if not k or is_empty(u):
                    continue
                d = memo.get(u, _MISSING)
                if d is _MISSING:
                    d = cell_decimal(u, f)[0]
                    if len(memo) < _SUM_MEMO:
                        memo[u] = d
                if d is not None:
                    total += d * k
            self.sums[col] = total
            cur = CURRENCY_OF.get(col)
            if cur and cur in result.typed:
                self.currencies.setdefault(cur, set()).update(set(result.typed[cur]))

    def _keys(self, result: Any, numbers: list[int]) -> None:
        """A primary key seen before — in this batch or an earlier one — is a problem at its
        first column (``keys_totals.check_keys``, over the whole file)."""
        from promis_analytics.registers.io.reader import column_letter

        schema, assert_map = self.schema, self.colmap
        assert assert_map is not None
        index_of = {col: i for i, col in assert_map.items()}
        if not numbers or not all(k in index_of for k in schema.key):
            return
        h = np.zeros(len(numbers), dtype=np.uint64)
        complete = np.ones(len(numbers), dtype=bool)
        for k in schema.key:
            pair = result.coded.get(k)
            if pair is None:
                hk, notna = _hash_values(result.typed[k])
            else:
                hu, nu = _hash_values(pair.values)
                hk, notna = hu[pair.codes], nu[pair.codes]
            with np.errstate(over="ignore"):
                h = (h * _FNV) ^ hk
            if k in schema.required:  # an empty optional part is a value
                complete &= notna
        pos = np.flatnonzero(complete)
        own = np.asarray(numbers, dtype=np.int64)[pos]
        first = self.keys.first_rows(h[pos], own)
        i = index_of[schema.key[0]]
        for j in np.flatnonzero(first != own).tolist():
            p = int(pos[j])
            key = " + ".join(shown(result.typed[k][p]) for k in schema.key)
            e = self.report.add(
                "duplicate_key", row=numbers[p], column=self.headers[i],
                column_letter=column_letter(i), value=key, key=key, first_row=int(first[j]),
            )  # fmt: skip
            result.errors.setdefault(p, []).append(e)

    def _write(self, result: Any, accepted: list[int], numbers: list[int]) -> None:
        """The accepted rows of the batch appended to the Parquet file (``load``'s columns)."""
        from promis_analytics.registers.check.frames import typed_frame

        data = typed_frame(
            self.schema, result.typed, result.extras, accepted, numbers, result.coded
        )
        self._append(data)

    def _append(self, data: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        assert self.out is not None
        table = pa.Table.from_pandas(with_row_column(data), preserve_index=False)
        if self.writer is None:
            self.arrow_schema = table.schema
            self.part = self.out.with_name(self.out.name + ".part")
            self.writer = pq.ParquetWriter(self.part, self.arrow_schema)
        else:
            table = table.cast(self.arrow_schema)
        self.writer.write_table(table)
        self.written += len(data)

    def finish(self) -> Any:
        """The checks over the whole file (totals rows, no data), the sorted report, the
        rejected rows; the Parquet file closed in its place."""
        from promis_analytics.registers.check.frames import rejects_frame
        from promis_analytics.registers.check.keys_totals import check_totals

        assert self.colmap is not None
        report = self.report
        for t in self.totals:
            if t.number < self.last_data:
                report.add("totals_not_last", row=t.number)
        raw = {col: [s] for col, s in self.sums.items()}
        typed = {cur: sorted(vals, key=str) for cur, vals in self.currencies.items()}
        for t in self.totals:
            check_totals(t, raw, typed, self.schema, self.colmap, self.headers, report)
        if not self.data_rows and not report.errors:
            report.add("no_data", row=self.header_number)
        if self.out is not None:
            if self.writer is None:
                from promis_analytics.registers.check.frames import empty_frame

                self._append(empty_frame(self.schema))
            self.writer.close()
            self.writer = None
            self.part.replace(self.out)
        report.sort()
        return Streamed(report, rejects_frame(self.schema, self.rejects), self.written)

    def close(self) -> None:
        """An unfinished Parquet file removed (the check stopped or was declined)."""
        if self.writer is not None:
            self.writer.close()
            self.part.unlink(missing_ok=True)
