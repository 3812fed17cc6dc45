"""A CSV read by Apache Arrow into whole columns, for the files where it equals ``csv.reader``.

The reader's reference parser is Python's ``csv.reader``; this fast path gives exactly its cells
for files whose records are all as wide as the first (blank lines too: records without cells)
and declines anything else (``None``), so the caller falls back.
``tests/test_registers_csv_fast.py`` compares the two on the bad-input corpus and on generated
files.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, NamedTuple

import numpy as np

from promis_analytics.registers.io.rows import CodedCells

__all__ = [
    "MIN_BYTES",
    "ArrowRead",
    "arrow_columns",
    "arrow_options",
    "arrow_table",
    "coded_columns",
]

#: Below this size the Python parser is as fast (no thread start-up); the fast path is skipped.
MIN_BYTES = 1 << 20


def arrow_options(
    names: list[str], delimiter: str, block_size: int, *, coded: bool = False
) -> dict[str, Any]:
    """Arrow's CSV options that split records exactly as ``csv.reader`` does, every cell a
    string (no nulls, no type inference): ``read_options``, ``parse_options``,
    ``convert_options`` for ``pyarrow.csv.read_csv`` / ``open_csv``. ``coded``: every column
    dictionary-encoded as it is read (on Arrow's reading threads; per block the same
    dictionary and codes as ``dictionary_encode`` of the text column)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    cell = pa.dictionary(pa.int32(), pa.string()) if coded else pa.string()

    return {
        "read_options": pacsv.ReadOptions(column_names=names, block_size=block_size),
        "parse_options": pacsv.ParseOptions(
            delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
            newlines_in_values=True, ignore_empty_lines=False,
        ),
        "convert_options": pacsv.ConvertOptions(
            column_types={n: cell for n in names}, strings_can_be_null=False,
            quoted_strings_can_be_null=False, null_values=[], check_utf8=True,
        ),
    }  # fmt: skip


def _first_width(text: str, delimiter: str) -> int:
    head = text[: 1 << 16]  # the first record; a longer one is caught by Arrow's width check
    first = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), [])
    return len(first)


def _bare_cr(b: bytes) -> bool:
    """A carriage return not followed by a line feed (``csv.reader`` has its own rule)."""
    return b"\r" in b and b.count(b"\r") != b.count(b"\r\n")


class ArrowRead(NamedTuple):
    """Arrow's table of a CSV (one string column per field) and the blank-line mark it was
    read with (None: the file has no blank line)."""

    table: Any
    mark: str | None


def arrow_table(
    source: str | bytes,
    delimiter: str,
    *,
    min_bytes: int | None = None,
    head: str | None = None,
    skip: int = 0,
) -> ArrowRead | None:
    """The CSV ``source`` read by Arrow, or None when the fast path cannot promise
    ``csv.reader``'s cells: a small file, a line break first, a record of another width, a
    bare carriage return, or anything Arrow refuses. ``source`` is the text, or the file's
    UTF-8 bytes (invalid UTF-8 declines too) of which the first ``skip`` (a BOM) are not
    read; ``head``: the decoded start of the bytes read (at least the first 64 Ki
    characters)."""
    if len(source) - skip < (MIN_BYTES if min_bytes is None else min_bytes):
        return None
    if isinstance(source, str):
        head, utf8 = source, source.encode("utf-8")
    else:
        utf8 = source
    if len(utf8) <= skip or utf8[skip : skip + 1] in (b"\n", b"\r") or _bare_cr(utf8):
        return None
    width = _first_width(head or "", delimiter)
    if width == 0:
        return None
    table = _arrow_read(memoryview(utf8)[skip:], delimiter, width)
    if table is None:
        return None
    if _some_row_all_empty(table):  # a blank line reads so in Arrow: are there any?
        mark = "\x00" + delimiter * (width - 1)  # NUL never occurs in a text file read here
        marked, blank_lines = _marked(utf8[skip:], mark.encode("utf-8"))
        if blank_lines:  # read again with each blank line marked
            table = _arrow_read(marked, delimiter, width)
            return None if table is None else ArrowRead(table, mark)
    return ArrowRead(table, None)


def coded_columns(read: ArrowRead) -> list[CodedCells]:
    """The columns of :func:`arrow_table`'s table coded (record order); a blank line is a
    record without cells, as ``csv.reader`` reads it: code -1 (None) in every column."""
    columns = _coded_columns(read.table)
    return columns if read.mark is None else _unmarked(columns, read.mark)


def _coded_columns(table: Any) -> list[CodedCells]:
    """Every column of Arrow's ``table`` coded; Arrow's encoding runs on two threads (it
    releases the GIL), the Python strings are made on this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        encoded = list(pool.map(lambda c: c.combine_chunks().dictionary_encode(), table.columns))
    return [_coded(e) for e in encoded]


def _some_row_all_empty(table: Any) -> bool:
    """Whether some record of Arrow's ``table`` has only empty cells (a blank line reads so)."""
    import pyarrow.compute as pc

    rows = None
    for column in table.columns:
        here = pc.equal(column, "")
        rows = here if rows is None else pc.and_(rows, here)
    return rows is not None and bool(pc.any(rows).as_py())


def _marked(utf8: bytes, mark: bytes) -> tuple[bytes, int]:
    """Every blank line made a record ``mark`` (as wide as the others): Arrow keeps it in its
    place. Inside a quoted cell the mark is text, taken out again by :func:`_unmarked`. One
    pass; "\n\n\n" holds two blank lines and gets two marks. Returns the bytes and the
    number of marks."""
    return _BLANK_LINE.subn(lambda _: b"\n" + mark, utf8)


_BLANK_LINE = re.compile(rb"\n(?=\r?\n)")


def _unmarked(columns: list[CodedCells], mark: str) -> list[CodedCells]:
    """Records whose first cell is the mark's NUL are blank lines (code -1 everywhere); the
    marks inside quoted cells are taken out of the distinct values."""
    first = columns[0]
    blank = np.asarray([u == "\x00" for u in first.uniques] + [False], dtype=bool)[first.codes]
    out = []
    for c in columns:
        codes = c.codes.copy()
        codes[blank] = -1
        uniques = [("" if u == "\x00" else u.replace(mark, "")) if "\x00" in u else u
                   for u in c.uniques]  # fmt: skip
        out.append(CodedCells(codes, uniques, _texts(c, uniques)))
    return out


def _texts(c: CodedCells, uniques: list[str]) -> Any:
    """Arrow's texts of ``uniques`` (``CodedCells.texts``): ``c``'s when the values are its
    own, else made again (a column of the blank-line marks)."""
    import pyarrow as pa

    if c.texts is None:
        return None
    return c.texts if uniques == c.uniques else pa.array(uniques, type=pa.string())


def _arrow_read(utf8: bytes | memoryview, delimiter: str, width: int) -> Any:
    """Arrow's table of ``width`` string columns, or None when Arrow refuses the bytes."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(width)]
    try:
        return pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(utf8)), **arrow_options(names, delimiter, 1 << 24)
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None


def _coded(encoded: Any) -> CodedCells:
    """A dictionary-encoded column's cells as one Python string per distinct value (a register
    repeats its values: cities, types, dates) and Arrow's codes per cell."""
    codes = encoded.indices.to_numpy(zero_copy_only=False)  # int32, read-only
    return CodedCells(codes, encoded.dictionary.to_pylist(), encoded.dictionary)


def arrow_columns(
    text: str, delimiter: str, *, min_bytes: int | None = None
) -> list[list[str]] | None:
    """The cells of ``text`` read by the fast path, one list per column (None when it
    declines) — what ``tests/test_registers_csv_fast.py`` compares with ``csv.reader``."""
    read = arrow_table(text, delimiter, min_bytes=min_bytes)
    return None if read is None else [c.tolist() for c in coded_columns(read)]
