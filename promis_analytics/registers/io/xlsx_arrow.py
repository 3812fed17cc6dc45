"""A large .xlsx sheet read by fastexcel (calamine in Rust) into Arrow, coded column by column.

The sheet is parsed once, into typed Arrow columns, so no Python object is made per cell. A
column of one cell type below the header is exact in Arrow; the header rows are not (their
text sits above numbers and dates). So the first rows come from python-calamine on a copy of
the workbook cut after ``HEAD_ROWS`` rows (the same reader, the same values as the whole-sheet
path), and fastexcel reads the rest with strict types: a column mixing cell types there, a time
of day or a duration, or anything fastexcel refuses, and :func:`read_arrow` returns None (the
caller reads the sheet whole). ``tests/test_registers_xlsx_arrow.py`` compares the two paths.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from promis_analytics.registers.io.rows import CodedCells, recode

__all__ = ["ARROW_FROM", "HEAD_ROWS", "head_workbook", "read_arrow", "split_row"]

#: Sheets whose XML has at least this many bytes are read through Arrow (smaller: as fast whole).
ARROW_FROM = 16 * 1024 * 1024
#: Rows read by python-calamine before the typed Arrow columns start (holds the header block).
HEAD_ROWS = 64
#: A time of day or a date before this is a value python-calamine gives in another type.
_FIRST_DAY = dt.datetime(1900, 1, 2)
_ROW_END = b"</row>"
_HEAD_BYTES = 64 * 1024 * 1024  # the first rows of a sheet are never longer
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")


def head_workbook(p: Path, rows: int | None = None) -> bytes | None:
    """The workbook with every sheet cut after its first ``rows`` rows (no ``<dimension>``),
    stored uncompressed, for python-calamine to read the first rows; None when a sheet's rows
    are not written as plain ``</row>``. ``rows``: default ``HEAD_ROWS``."""
    rows = HEAD_ROWS if rows is None else rows
    with zipfile.ZipFile(p) as z:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as cut:
            for info in z.infolist():
                data = z.read(info) if not _is_sheet(info.filename) else _sheet_head(z, info, rows)
                if data is None:
                    return None
                cut.writestr(info.filename, data)
    return out.getvalue()


def _is_sheet(member: str) -> bool:
    return member.startswith("xl/worksheets/") and member.endswith(".xml")


def _sheet_head(z: zipfile.ZipFile, info: zipfile.ZipInfo, rows: int) -> bytes | None:
    """The sheet XML up to the end of its ``rows``-th row, closed again (a shorter sheet as
    it is)."""
    data, seen, at = b"", 0, 0
    with z.open(info) as fh:
        while seen < rows:
            chunk = fh.read(1 << 20)
            if not chunk:
                return data
            data += chunk
            if len(data) > _HEAD_BYTES:
                return None
            while seen < rows:
                found = data.find(_ROW_END, at)
                if found < 0:
                    at = max(at, len(data) - len(_ROW_END))
                    break
                seen, at = seen + 1, found + len(_ROW_END)
    if b"</sheetData>" in data[:at]:
        return z.read(info)
    return _DIMENSION.sub(b"", data[:at], count=1) + b"</sheetData></worksheet>"


def _kind(v: Any) -> type | None:
    """The cell type that a typed Arrow column keeps apart (whole numbers are numbers)."""
    if v is None:
        return None
    return float if isinstance(v, int | float) and not isinstance(v, bool) else type(v)


def split_row(head: list[tuple[Any, ...]]) -> int:
    """How many of the first rows the Arrow columns must skip: in every column, the rows from
    there on (as far as ``head`` shows) hold one cell type. At least 1."""
    width = max((len(r) for r in head), default=0)
    split = 1
    for j in range(width):
        kinds = [_kind(r[j]) if j < len(r) else None for r in head]
        filled = [k for k in kinds if k is not None]
        if filled:
            last = filled[-1]
            other = [i for i, k in enumerate(kinds) if k is not None and k is not last]
            split = max(split, other[-1] + 1 if other else 0)
    return split


def read_arrow(
    p: Path, name: str, head: list[tuple[Any, ...]], convert: Callable[[Any], Any]
) -> list[CodedCells] | None:
    """The coded columns of sheet ``name`` (Excel row k + 1 at position k): the rows of
    ``head`` (calamine values as ``convert`` — ``xlsx.calamine_cell`` — gives them) up to
    ``split_row``, then fastexcel's typed columns, each distinct value through ``convert``;
    None when fastexcel cannot give exactly the cells of python-calamine (module docstring)."""
    try:
        import fastexcel
    except ImportError:
        return None
    logging.getLogger("fastexcel").setLevel(logging.ERROR)  # an empty column: no warning
    split = split_row(head)
    if split >= len(head):
        return None
    try:
        sheet = fastexcel.read_excel(str(p)).load_sheet(
            name, header_row=None, skip_rows=split, dtype_coercion="strict",
            schema_sample_rows=None,
        )  # fmt: skip
        if sheet.height + split != sheet.total_height:
            return None
        where = [c.absolute_index for c in sheet.selected_columns]
        batch = sheet.to_arrow()
    except Exception:  # a mixed column, a cell fastexcel refuses: the whole-sheet path reads
        return None
    del sheet
    width = max([len(r) for r in head[:split]] + [a + 1 for a in where])
    with ThreadPoolExecutor(max_workers=2) as pool:  # Arrow's encoding releases the GIL
        encoded = list(pool.map(lambda c: c.dictionary_encode(), batch.columns))
    body: dict[int, CodedCells] = {}
    for a, column, enc in zip(where, batch.columns, encoded, strict=True):
        coded = _coded(column, enc, convert)
        if coded is None:
            return None
        body[a] = coded
    n = batch.num_rows
    del batch
    return [_joined([r[j] if j < len(r) else None for r in head[:split]], body.get(j), n)
            for j in range(width)]  # fmt: skip


def _coded(column: Any, enc: Any, convert: Callable[[Any], Any]) -> CodedCells | None:
    """One typed Arrow column (``enc``: its dictionary encoding) as the whole-sheet path codes
    it: texts as they are (an empty one is an empty cell, the writer's ' taken off; Arrow's
    dictionary kept as ``texts``), whole numbers as ``int``, dates as ``datetime``; None for
    a type python-calamine gives otherwise (times, durations)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_duration(kind) or pa.types.is_time(kind):
        return None
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        low = pc.min(column).as_py()
        if low is not None and dt.datetime(low.year, low.month, low.day) < _FIRST_DAY:
            return None
    codes = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    uniques = enc.dictionary.to_pylist()
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        quoted = bool(pc.any(pc.starts_with(enc.dictionary, "'")).as_py())
        if not quoted:  # only «» changes: an empty cell
            if "" in uniques:
                codes[codes == uniques.index("")] = -1
            return CodedCells(codes, uniques, enc.dictionary)
    return recode(CodedCells(codes, uniques), convert)


def _joined(head: list[Any], body: CodedCells | None, n: int) -> CodedCells:
    """A column: the head's cells above the body's (``n`` rows; None: an empty column); a head
    value equal to a body value (same type) shares its code."""
    if body is None:
        body = CodedCells(np.full(n, -1, dtype=np.int64), [])
    if all(v is None for v in head):
        codes = np.concatenate([np.full(len(head), -1, dtype=np.int64), body.codes])
        return CodedCells(codes, body.uniques, body.texts)
    uniques = list(body.uniques)
    head_codes = [-1 if v is None else _code_of(v, uniques) for v in head]
    codes = np.concatenate([np.asarray(head_codes, dtype=np.int64), body.codes])
    return CodedCells(codes, uniques, _texts(body, uniques[len(body.uniques) :]))


def _texts(body: CodedCells, added: list[Any]) -> Any:
    """Arrow's texts of the body with the head's new values after them (None when one of
    those is not a text)."""
    import pyarrow as pa

    if body.texts is None or not all(isinstance(v, str) for v in added):
        return None
    return (
        pa.concat_arrays([body.texts, pa.array(added, type=body.texts.type)])
        if added
        else body.texts
    )


def _code_of(v: Any, uniques: list[Any]) -> int:
    """The index of ``v`` among ``uniques`` (same type and value), appended when absent."""
    if isinstance(v, str):
        try:
            return uniques.index(v)  # a text equals only a text
        except ValueError:
            pass
    else:
        for i, u in enumerate(uniques):
            if type(u) is type(v) and u == v:
                return i
    uniques.append(v)
    return len(uniques) - 1
