"""A large UTF-8 CSV register checked in record batches: memory stays flat as the file grows.

Arrow's streaming CSV reader gives the file in blocks of ``block_bytes``; each batch is coded
and checked by the same column checks as a whole file (``columnar.check_rows``), with record
numbers offset by the records before it. Across batches only what the checks need is kept:
the parsed distinct values (``column_values.parsed_once``), the keys seen (64-bit hashes and
the row of their first occurrence), the totals rows and the running sums they are checked
against, the currencies met, the blank lines not yet followed by data. The accepted rows go to
Parquet batch by batch (optional). Anything this path cannot promise to read exactly as the
whole-file path — another encoding, a record of another width, a bare carriage return, a
KoboToolbox export, a header not found — is :class:`Declined`, and the caller reads the file
whole (``validate_file`` does). ``tests/test_validate_differential.py`` compares the reports.
"""

from __future__ import annotations

import codecs
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from promis_analytics import project_codes
from promis_analytics.registers.check.stream_checks import Checker, Declined, Streamed
from promis_analytics.registers.io.rows import CodedCells
from promis_analytics.registers.schema.report import ValidationReport

__all__ = [
    "BLOCK_BYTES",
    "STREAM_BYTES",
    "Declined",
    "Streamed",
    "validate_file",
    "validate_stream",
]

#: CSV files from this size are checked in batches (smaller ones are read whole: as fast).
STREAM_BYTES = 64 * 1024 * 1024
#: Bytes of CSV text per batch (Arrow's block size).
BLOCK_BYTES = 32 * 1024 * 1024
#: The first batch holds at least this many records (a header block never spans two batches).
_FIRST_RECORDS = 64
#: Blocks from this size hold Arrow's reading back (a soft wait: it gives up after 2 s)
_THROTTLE_FROM = 1 << 20
_BLANK_LINE = re.compile(rb"\n(?=\r?\n)")


class _Source(io.RawIOBase):
    """The file's bytes after ``skip`` (a BOM) with every blank line made the record ``mark``
    (as ``csv_fast`` marks them); a NUL byte or a bare carriage return is :class:`Declined`.
    The last two bytes read wait for the next chunk (a blank line or CR LF may be cut).

    Arrow's reader reads ahead on its own threads without bound (the whole file, while the
    batches are checked): a read from another thread waits while more than ``ahead`` bytes
    were read beyond the blocks taken (``checked``)."""

    def __init__(
        self, fh: BinaryIO, skip: int, mark: bytes, chunk: int = 1 << 22, ahead: int = 0
    ) -> None:
        super().__init__()
        fh.seek(skip)
        self._ahead, self._given, self._taken = ahead, 0, 0
        self._turn = threading.Condition()
        self._fh, self._mark, self._chunk = fh, mark, chunk
        self._carry, self._eof = b"", False
        self.marked = False  # a blank line was marked (in the bytes given or about to be)
        self._buf, self._pos = memoryview(b""), 0  # marked bytes not yet given to Arrow

    def readable(self) -> bool:
        return True

    def checked(self, n: int) -> None:
        """The checks have taken about ``n`` more bytes (one batch): reading may go on."""
        with self._turn:
            self._taken += n
            self._turn.notify_all()

    def readinto(self, b: Any) -> int:
        if self._ahead and threading.current_thread() is not threading.main_thread():
            with self._turn:
                self._turn.wait_for(lambda: self._given - self._taken <= self._ahead, timeout=2)
        out, n = memoryview(b).cast("B"), 0
        while n < len(out):
            if self._pos == len(self._buf):
                if self._eof:
                    break
                self._buf, self._pos = memoryview(self._fill()), 0
                continue
            k = min(len(out) - n, len(self._buf) - self._pos)
            out[n : n + k] = self._buf[self._pos : self._pos + k]
            n, self._pos = n + k, self._pos + k
        self._given += n
        return n

    def _fill(self) -> bytes:
        data = self._fh.read(self._chunk)
        buf = self._carry + data
        self._eof = not data
        cut = len(buf) if self._eof else max(0, len(buf) - 2)
        self._carry = buf[cut:]
        if b"\x00" in buf[:cut] or buf[:cut].count(b"\r") != buf[: cut + 1].count(b"\r\n"):
            raise Declined("a NUL byte or a bare carriage return")
        pieces, last = [], 0
        for m in _BLANK_LINE.finditer(buf, 0, min(len(buf), cut + 2)):
            if m.start() >= cut:
                break
            pieces += [buf[last : m.start()], b"\n", self._mark]
            last = m.end()
            self.marked = True
        pieces.append(buf[last:cut])
        return b"".join(pieces)


def _batches(source: _Source, delimiter: str, width: int, block_bytes: int) -> Iterator[list[Any]]:
    """Arrow's record batches of ``width`` string columns, dictionary-encoded by Arrow's reading
    threads, as lists of arrays; the first holds at least ``_FIRST_RECORDS`` records (or the
    whole file). Arrow refusing the text (a record of another width, invalid UTF-8) is
    :class:`Declined`. The caller lets Arrow read one more block per batch taken
    (``_Source.checked``)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from promis_analytics.registers.io.csv_fast import arrow_options

    names = [f"c{i}" for i in range(width)]
    try:
        reader = pacsv.open_csv(source, **arrow_options(names, delimiter, block_bytes, coded=True))
        first: list[Any] = []  # the batches that make the first one
        started = False
        for batch in reader:
            if not started:
                first.append(batch)
                if sum(b.num_rows for b in first) < _FIRST_RECORDS:
                    continue
                batch, first, started = _joined(first), [], True
            if batch.num_rows:
                yield list(batch.columns)
        if first and sum(b.num_rows for b in first):
            yield list(_joined(first).columns)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise Declined(str(exc)) from exc


def _joined(batches: list[Any]) -> Any:
    """Record batches as one (their dictionaries unified)."""
    import pyarrow as pa

    table = pa.Table.from_batches(batches).unify_dictionaries().combine_chunks()
    return table.to_batches()[0]


def _coded(encoded: list[Any], mark: str | None) -> list[CodedCells]:
    """The batch's dictionary-encoded columns as ``CodedCells`` (``csv_fast``), blank lines
    without cells, the writer's ' taken off where a value starts with it
    (``reader.unneutralise``)."""

    import pyarrow.compute as pc

    from promis_analytics.registers.io import csv_fast
    from promis_analytics.registers.io.reader import unneutralise
    from promis_analytics.registers.io.rows import recode

    quoted = [pc.any(pc.starts_with(e.dictionary, "'")).as_py() for e in encoded]
    cols = [csv_fast._coded(e) for e in encoded]
    if mark is not None:
        cols = csv_fast._unmarked(cols, mark)
    return [recode(c, unneutralise) if q else c for c, q in zip(cols, quoted, strict=True)]


def _head(path: Path) -> tuple[int, str, str, int]:
    """(BOM bytes, encoding, delimiter, first record's width) from the file's start; files
    the fast path would decline at the start are :class:`Declined`."""
    from promis_analytics.registers.io import csv_fast
    from promis_analytics.registers.io.reader import sniff_delimiter

    with path.open("rb") as fh:
        start = fh.read((1 << 18) + 8)
    skip, encoding = (3, "utf-8-sig") if start.startswith(b"\xef\xbb\xbf") else (0, "utf-8")
    if start.startswith((b"\xff\xfe", b"\xfe\xff")) or start[skip : skip + 1] in (b"\n", b"\r"):
        raise Declined("UTF-16, or a line break first")
    try:
        head = codecs.getincrementaldecoder("utf-8")().decode(start[skip : skip + (1 << 18) + 4])
    except UnicodeDecodeError as exc:
        raise Declined("not UTF-8") from exc
    delimiter = sniff_delimiter(head)
    width = csv_fast._first_width(head, delimiter)
    if width == 0:
        raise Declined("no first record")
    return skip, encoding, delimiter, width


def validate_stream(
    kind: str,
    path: str | Path,
    *,
    out: str | Path | None = None,
    period: Any = None,
    block_bytes: int = BLOCK_BYTES,
) -> Streamed:
    """Check the CSV register ``path`` of ``kind`` batch by batch (module docstring); the
    accepted rows are written to the Parquet file ``out`` when given (the columns of
    ``registers.load``'s data and the source row in ``parquet_rows.ROW_COLUMN``). Raises
    :class:`Declined` for a file the whole-file path must read."""
    from promis_analytics.registers.check.column_values import parsed_once

    p = Path(path)
    skip, encoding, delimiter, width = _head(p)
    mark = "\x00" + delimiter * (width - 1)
    with p.open("rb") as fh, parsed_once(), project_codes.using(p.parent):
        ahead = 3 * block_bytes if block_bytes >= _THROTTLE_FROM else 0
        source = _Source(fh, skip, mark.encode("utf-8"), ahead=ahead)
        checker = Checker(kind, p, encoding, delimiter, period, out)
        try:
            base = 0
            for arrays in _batches(source, delimiter, width, block_bytes):
                cols = _coded(arrays, mark if source.marked else None)
                del arrays
                checker.batch(cols, base)
                base += len(cols[0])
                source.checked(block_bytes)
            return checker.finish()
        finally:
            source.checked(1 << 62)  # a read still waiting goes on (and ends)
            checker.close()


def validate_file(
    kind: str,
    path: str | Path,
    *,
    sheet: str | None = None,
    limits: Any = None,
    min_bytes: int = STREAM_BYTES,
    block_bytes: int = BLOCK_BYTES,
) -> ValidationReport:
    """The validation report of a register file: a UTF-8 CSV of ``min_bytes`` or more (within
    the size limit) is checked in batches, anything else — or a file the batches decline — by
    ``registers.load`` (the same report)."""
    from promis_analytics.project import project_settings
    from promis_analytics.registers import gc_paused, load
    from promis_analytics.registers.io.limits import using
    from promis_analytics.registers.schema.schemas import SCHEMAS

    p = Path(path)
    if _streamable(kind, p, sheet, min_bytes):
        with using(limits) as active:
            if p.stat().st_size <= active.value("max_csv_bytes"):
                period = project_settings(p.parent).period
                try:
                    with gc_paused():
                        return validate_stream(
                            kind, p, period=period, block_bytes=block_bytes
                        ).report
                except Declined:
                    pass
    assert kind in SCHEMAS
    return load(kind, p, sheet=sheet, strict=False, limits=limits).report


def _streamable(kind: str, p: Path, sheet: str | None, min_bytes: int) -> bool:
    """A CSV file of ``min_bytes`` or more, of a kind without checks across rows, whose
    folder declares no columns beyond the built-in schema (``[[dimensions]]``)."""
    from promis_analytics.project import project_settings
    from promis_analytics.registers.schema.schemas import SCHEMAS, schema_for

    if kind not in SCHEMAS or SCHEMAS[kind].rules or sheet is not None:
        return False
    if schema_for(kind, project_settings(p.parent).dimensions) is not SCHEMAS[kind]:
        return False
    return p.suffix.lower() == ".csv" and p.is_file() and p.stat().st_size >= min_bytes
