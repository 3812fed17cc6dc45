"""A CSV read by Apache Arrow into whole columns, for the files where it equals ``csv.reader``.

The reader's reference parser is Python's ``csv.reader``; this fast path gives exactly its cells
for rectangular files (every record as wide as the first, no blank lines) and declines anything
else (``None``), so the caller falls back. ``tests/test_csv_fast.py`` compares the two on the
bad-input corpus and on generated files.
"""

from __future__ import annotations

import csv
import io
from typing import Any, NamedTuple

import numpy as np

__all__ = ["MIN_BYTES", "Coded", "arrow_coded", "arrow_columns"]

#: Below this size the Python parser is as fast (no thread start-up); the fast path is skipped.
MIN_BYTES = 1 << 20


def _first_width(text: str, delimiter: str) -> int:
    head = text[: 1 << 16]  # the first record; a longer one is caught by Arrow's width check
    first = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), [])
    return len(first)


def arrow_coded(
    text: str, delimiter: str, *, min_bytes: int | None = None, utf8: bytes | None = None
) -> list[Coded] | None:
    """The CSV ``text`` as columns of ``str`` (record order, with their codes), or None when
    the fast path cannot promise ``csv.reader``'s cells: a small text, a blank line, a record
    of another width, a bare carriage return, or anything Arrow refuses. ``utf8``: the file's
    own bytes when they are ``text`` in UTF-8 without a BOM (saves encoding a copy)."""
    if len(text) < (MIN_BYTES if min_bytes is None else min_bytes) or not text or text[0] in "\r\n":
        return None
    bare_cr = "\r" in text and text.count("\r") != text.count("\r\n")
    if "\n\n" in text or "\n\r\n" in text or bare_cr:
        return None  # blank records and bare carriage returns: csv.reader's own rules
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    width = _first_width(text, delimiter)
    if width == 0:
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(utf8 if utf8 is not None else text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
                newlines_in_values=True, ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False, null_values=[], check_utf8=False,
            ),
        )  # fmt: skip
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    return [_coded(table.column(n)) for n in names]


class Coded(NamedTuple):
    """One column: its cells (``values``), its distinct values in order of first appearance
    (``uniques``) and, per cell, the index of its value (``codes``)."""

    values: list[str]
    codes: np.ndarray
    uniques: list[str]


def _coded(column: Any) -> Coded:
    """A column's cells as Python strings, one object per distinct value (a register repeats
    its values: cities, types, dates), spread over the rows by Arrow's dictionary codes."""
    encoded = column.combine_chunks().dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    uniques = np.empty(len(distinct), dtype=object)
    uniques[:] = distinct
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return Coded(uniques[codes].tolist(), codes, distinct)


def arrow_columns(
    text: str, delimiter: str, *, min_bytes: int | None = None, utf8: bytes | None = None
) -> list[list[str]] | None:
    """The cells of :func:`arrow_coded`, one list per column (None when it declines)."""
    coded = arrow_coded(text, delimiter, min_bytes=min_bytes, utf8=utf8)
    return None if coded is None else [c.values for c in coded]
