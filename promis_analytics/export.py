"""The one writer of CSV/XLSX outputs: atomic replace, formula-injection-safe text cells."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

# ASCII formula starters, tab/CR/LF, and their full-width forms (＝＋－＠), which some
# spreadsheet locales (East Asian input) also take as the start of a formula.
DANGEROUS_PREFIXES: tuple[str, ...] = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)


def neutralise(value: Any) -> Any:
    """Prefix ``'`` to text that a spreadsheet could run as a formula; other values unchanged.

    Text starting with = + - @ tab CR or LF (or with ' before one of them) gets a leading
    apostrophe, which ``registers.io.reader`` strips again on reading; numbers, dates and
    missing values are returned as they are (a real -5 stays the number -5).
    """
    if isinstance(value, str) and (
        value.startswith(DANGEROUS_PREFIXES)
        or (value.startswith("'") and value[1:].startswith(DANGEROUS_PREFIXES))
    ):
        return "'" + value  # "'=x" too, so that reading back strips exactly one "'"
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell (and column name) passed through ``neutralise``."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out[col] = s.map(neutralise).astype(object)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file in the target folder, then ``os.replace`` it.

    Readers see either the old file or the complete new one, never a partial file; on any
    exception the temporary file is removed and the old file is left untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return target


#: Rows neutralised and written at a time: a register of 10⁷ rows is never copied whole.
CSV_CHUNK_ROWS = 500_000


def _has_cr(df: pd.DataFrame) -> bool:
    """True when a text cell holds a carriage return (tested column by column, in C)."""
    for col in range(df.shape[1]):
        s = df.iloc[:, col]
        text = s.dtype == object or pd.api.types.is_string_dtype(s.dtype)
        if text and s.astype("string").str.contains("\r", regex=False).fillna(False).any():
            return True
    return False


def _write_csv(data: pd.DataFrame, tmp: Path, *, index: bool, bom: bool, quoting: int) -> None:
    """``data`` as CSV into ``tmp``, neutralised and written ``CSV_CHUNK_ROWS`` rows at a time
    (the same bytes as one ``to_csv`` of the whole neutralised frame)."""
    data = pd.DataFrame(data, copy=False)  # without attrs: every slice would deep-copy them
    with tmp.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        for start in range(0, max(len(data), 1), CSV_CHUNK_ROWS):
            part = neutralise_frame(data.iloc[start : start + CSV_CHUNK_ROWS])
            part.to_csv(fh, index=index, header=start == 0, lineterminator="\n", quoting=quoting)


def write(
    data: pd.DataFrame | Mapping[str, pd.DataFrame] | Any,
    path: str | Path,
    *,
    index: bool = False,
    bom: bool = False,
) -> Path:
    """Write a table to ``path`` (.csv or .xlsx) atomically and injection-safely.

    ``data`` is a DataFrame (.csv or .xlsx), a mapping sheet name → DataFrame (.xlsx), or an
    ``openpyxl.Workbook`` built by the caller (.xlsx; its text cells are neutralised too).
    CSV: UTF-8 (with a BOM when ``bom``), comma-delimited, "\\n" line ends, "." decimals.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        if not isinstance(data, pd.DataFrame):
            raise TypeError("a .csv file holds one DataFrame")
        # csv quotes fields holding "\n" but not a bare "\r"; quote everything if one occurs
        quoting = csv.QUOTE_ALL if _has_cr(data) else csv.QUOTE_MINIMAL
        return atomic_write(
            target, lambda tmp: _write_csv(data, tmp, index=index, bom=bom, quoting=quoting)
        )
    if suffix == ".xlsx":
        wb = _workbook(data, index=index)
        _neutralise_workbook(wb)
        return atomic_write(target, wb.save)
    raise ValueError(f"cannot write {suffix or 'a file without extension'}: use .csv or .xlsx")


def _workbook(data: Any, *, index: bool) -> Any:
    from openpyxl import Workbook

    if isinstance(data, Workbook):
        return data
    sheets = {"data": data} if isinstance(data, pd.DataFrame) else dict(data)
    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        ws = wb.create_sheet(title=str(name)[:31])
        frame = df.reset_index() if index else df
        ws.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            ws.append([cell_value(v) for v in row])
        ws.freeze_panes = "A2"
    return wb


def cell_value(v: Any) -> Any:
    """A DataFrame value as an openpyxl cell value (missing → empty cell)."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if v is pd.NA:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime().date() if v == v.normalize() else v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, str | dt.date):
        return v.item()  # numpy scalar → Python number
    return v


def _neutralise_workbook(wb: Any) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and neutralise(c.value) != c.value:
                    c.value = neutralise(c.value)
                    c.data_type = "s"


#: Rows of a Parquet table written to CSV at a time by ``write_csv_from_parquet``.
ARROW_CSV_BATCH_ROWS = 1 << 20
#: Characters that make the csv module quote a field (delimiter, quote, line end "\n"); a
#: bare "\r" is quoted here too (``write`` then quotes every field of the file instead).
_QUOTED = '[,"\\n\\r]'


def _neutralised_text(text: Any) -> Any:
    """An Arrow text column with ``neutralise`` applied to every cell (one anchored regex in
    Arrow, no Python per cell): cells starting with a ``DANGEROUS_PREFIXES`` character, or
    ``'`` and one, get a leading ``'``; other cells and nulls unchanged."""
    import re

    import pyarrow.compute as pc

    starts = "".join(re.escape(p) for p in DANGEROUS_PREFIXES)
    risky = pc.fill_null(pc.match_substring_regex(text, f"^'?[{starts}]"), False)
    if not pc.any(risky).as_py():
        return text
    return pc.if_else(risky, pc.binary_join_element_wise(_s("'"), text, _s("")), text)


def _quoted(text: Any) -> Any:
    """Text cells as CSV fields: a cell holding a ``_QUOTED`` character in double quotes,
    its quotes doubled (the csv module's QUOTE_MINIMAL); other cells as they are."""
    import pyarrow.compute as pc

    needs = pc.fill_null(pc.match_substring_regex(text, _QUOTED), False)
    if not pc.any(needs).as_py():
        return text
    doubled = pc.replace_substring(text, '"', '""')
    return pc.if_else(needs, pc.binary_join_element_wise(_s('"'), doubled, _s('"'), _s("")), text)


def _s(text: str) -> Any:
    """``text`` as an Arrow large-string scalar (the type every field text has here)."""
    import pyarrow as pa

    return pa.scalar(text, pa.large_string())


def _float_text(column: Any) -> Any:
    """Floats as Python's ``repr`` (what pandas writes): Arrow's shortest form, ``.0`` after
    a whole number; the rare cells where the two forms differ — Arrow writes an exponent
    from 1e10 (Python from 1e16), Python writes one below 1e-4 (Arrow does not) — are
    formatted by ``repr`` one by one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.cast(column, pa.large_string())
    whole = pc.match_substring_regex(text, r"^-?[0-9]+$")
    text = pc.if_else(whole, pc.binary_join_element_wise(text, _s(".0"), _s("")), text)
    small = pc.and_(pc.less(pc.abs(column), 1e-4), pc.not_equal(column, 0))
    exponent = pc.fill_null(pc.or_(pc.match_substring(text, "e"), small), False)
    if not pc.any(exponent).as_py():
        return text
    values = pc.filter(column, exponent).to_pylist()
    return pc.replace_with_mask(text, exponent, pa.array([repr(v) for v in values], text.type))


def _field_text(column: Any) -> Any:
    """One column as the CSV field texts ``write`` (pandas ``to_csv``) produces: text
    neutralised and quoted where needed, floats as Python's ``repr`` (``317000.0``,
    ``1.5e-07``), booleans
    ``True``/``False``, timestamps that are all midnight as dates (``2016-03-01``), missing
    values as empty fields."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, column.type.value_type)
    t = column.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        text = _quoted(_neutralised_text(pc.cast(column, pa.large_string())))
    elif pa.types.is_floating(t):
        text = _float_text(column)
    elif pa.types.is_boolean(t):
        text = pc.if_else(column, _s("True"), _s("False"))
    elif pa.types.is_timestamp(t):
        day = pc.cast(column, pa.date32())
        midnight = pc.all(pc.fill_null(pc.equal(pc.cast(day, t), column), True)).as_py()
        text = pc.cast(day if midnight else pc.cast(column, pa.timestamp("s")), pa.large_string())
    else:
        text = pc.cast(column, pa.large_string())
    return pc.fill_null(pc.cast(text, pa.large_string()), "")


def _csv_lines(batch: Any) -> memoryview:
    """The rows of ``batch`` as CSV lines ("\n" after each), built column-wise by Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    fields = [_field_text(c) for c in batch.columns]
    line = pc.binary_join_element_wise(*fields, _s(","))
    lines = pc.binary_join_element_wise(line, _s("\n"), _s(""))
    return _values(pa.concat_arrays([lines]))


def _values(text: Any) -> memoryview:
    """The bytes of all values of a large-string array without nulls, back to back."""
    import numpy as np

    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    first, last = int(offsets[text.offset]), int(offsets[text.offset + len(text)])
    return memoryview(text.buffers()[2])[first:last]


def _header_line(names: list[str]) -> str:
    """The CSV header of ``names`` (neutralised, quoted only where needed), as ``write``."""
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([neutralise(n) for n in names])
    return buffer.getvalue()


def write_csv_from_parquet(
    source: str | Path, path: str | Path, *, drop: tuple[str, ...] = ()
) -> Path:
    """Write the Parquet table ``source`` (without the columns ``drop``) to the CSV ``path``
    atomically, ``ARROW_CSV_BATCH_ROWS`` rows at a time, each field formatted by Arrow: memory
    holds one batch, never the table (the writer of registers too large for a pandas copy).

    The same bytes as ``write`` of the table read back into pandas (UTF-8, comma-delimited,
    "\n" line ends, "." decimals, text neutralised, QUOTE_MINIMAL), except that a text
    holding a bare "\r" is quoted on its own (``write`` quotes every field of such a file).
    """
    import pyarrow.parquet as pq

    def _write(tmp: Path) -> None:
        reader = pq.ParquetFile(str(source))
        keep = [n for n in reader.schema_arrow.names if n not in drop]
        with tmp.open("wb") as fh:
            fh.write(_header_line(keep).encode("utf-8"))
            for batch in reader.iter_batches(batch_size=ARROW_CSV_BATCH_ROWS, columns=keep):
                if batch.num_rows:
                    fh.write(_csv_lines(batch))

    return atomic_write(path, _write)
