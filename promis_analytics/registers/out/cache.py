"""``load_cached``: ``registers.load`` with a Parquet cache keyed by the file's content hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from promis_analytics import paths, project_codes
from promis_analytics.export import atomic_write
from promis_analytics.project import ProjectSettings, project_settings
from promis_analytics.registers import SCHEMAS, Register, load
from promis_analytics.registers.check.validate import rejects_frame
from promis_analytics.registers.io.limits import Limits
from promis_analytics.registers.io.parquet_rows import ROW_COLUMN, with_row_column
from promis_analytics.registers.schema.report import ValidationReport

__all__ = [
    "ROW_COLUMN",
    "cache_dir",
    "cache_key",
    "cached_columns",
    "cached_entry",
    "load_cached",
    "with_row_column",
]

_PACKAGE = paths.PACKAGE_DIR
# Code and tables whose change changes what a register file loads to.
_CODE_GLOBS = ("registers/**/*.py", "parsing/*.py", "reference/*.py", "fx.py", "data/*.csv")
_COUNTS = ("rows_read", "accepted", "rejected", "blank", "totals")
#: Version of the cache file layout (part of the key: entries of another layout are not read).
_LAYOUT = "2"


def cache_dir() -> Path:
    """Default cache folder: ``data/processed/.cache`` (generated, never committed)."""
    return paths.processed_dir() / ".cache"


@cache
def _code_hash() -> str:
    h = hashlib.sha256()
    for pattern in _CODE_GLOBS:
        for p in sorted(_PACKAGE.glob(pattern)):
            h.update(p.relative_to(_PACKAGE).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def cache_key(kind: str, path: str | Path, sheet: str | None = None, period_text: str = "") -> str:
    """sha256 of the file's bytes, the kind, the sheet, the project period checked, the code
    files of its folder (``project_codes.fingerprint``) and the loading code (hex)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    h.update(f"\0{kind}\0{sheet or ''}\0{_code_hash()}\0{_LAYOUT}\0{period_text}".encode())
    h.update(project_codes.fingerprint(Path(path).parent).encode())
    return h.hexdigest()


def _settings_text(settings: ProjectSettings) -> str:
    """What of the folder's settings the loading depends on: the project period and the
    declared disaggregation columns (part of the cache key)."""
    return f"{settings.period_text}\0{settings.dimensions!r}"


def load_cached(
    kind: str,
    path: str | Path,
    *,
    sheet: str | None = None,
    strict: bool = True,
    cache: str | Path | None = None,
    limits: Limits | None = None,
) -> Register:
    """``registers.load(kind, path, sheet=…, strict=…)``, reusing an earlier parse when it can.

    The typed table of a file that loaded without any problem or note is stored as
    ``<cache>/<kind>-<key>.parquet`` (``key`` = ``cache_key``: file bytes, kind, sheet and the
    loading code), beside a small JSON of the report's row counts; the next call with the same
    bytes reads the Parquet file instead of parsing the workbook. Files with problems, and
    files whose bytes changed while they were parsed (hashed before and after), are never
    cached (they are re-read, so the full report is always there). ``cache`` defaults to
    ``data/processed/.cache``; entries are written atomically.
    """
    p = Path(path)
    folder = Path(cache) if cache is not None else cache_dir()
    if kind not in SCHEMAS or not p.is_file():
        return load(kind, p, sheet=sheet, strict=strict, limits=limits)
    settings = project_settings(p.parent)
    key = cache_key(kind, p, sheet, _settings_text(settings))
    data_file = folder / f"{kind}-{key}.parquet"
    meta_file = folder / f"{kind}-{key}.json"
    if data_file.is_file() and meta_file.is_file():
        saved = json.loads(meta_file.read_text(encoding="utf-8"))
        report = ValidationReport(p.name, saved.get("sheet"), kind)
        for name in _COUNTS:
            setattr(report, name, int(saved[name]))
        data = _read_data(data_file, saved.get("dtypes", {}))
        return Register(kind, data, rejects_frame(SCHEMAS[kind], []), report, p)
    reg = _streamed(kind, p, sheet, strict, limits, settings, folder, key)
    if reg is not None:
        return reg
    reg = load(kind, p, sheet=sheet, strict=strict, limits=limits, settings=settings)
    if reg.report.entries or len(reg.rejects):
        return reg
    if cache_key(kind, p, sheet, _settings_text(settings)) != key:
        return reg  # saved while it was read: what was parsed may not be the keyed bytes
    meta: dict[str, object] = {name: getattr(reg.report, name) for name in _COUNTS}
    meta["sheet"] = reg.report.sheet
    meta["dtypes"] = {str(c): str(t) for c, t in reg.data.dtypes.items()}
    table = with_row_column(reg.data)
    atomic_write(data_file, lambda tmp: table.to_parquet(tmp, index=False))
    text = json.dumps(meta, sort_keys=True) + "\n"
    atomic_write(meta_file, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return reg


def cached_entry(
    kind: str, path: str | Path, *, sheet: str | None = None, cache: str | Path | None = None
) -> Path | None:
    """The Parquet file of the cache entry ``load_cached`` would read for ``kind`` in ``path``
    (same key: file bytes, sheet, settings, code), or None when there is none yet. Nothing
    is parsed: the file is only hashed."""
    p = Path(path)
    if kind not in SCHEMAS or not p.is_file():
        return None
    folder = Path(cache) if cache is not None else cache_dir()
    key = cache_key(kind, p, sheet, _settings_text(project_settings(p.parent)))
    data_file = folder / f"{kind}-{key}.parquet"
    return data_file if data_file.is_file() and data_file.with_suffix(".json").is_file() else None


def cached_columns(data_file: Path, columns: Sequence[str]) -> pd.DataFrame:
    """The ``columns`` (those the entry has, in that order) of the cache entry ``data_file``
    (``cached_entry``), typed as ``load_cached`` returns them, source rows in
    ``attrs["rows"]``: only these columns are read from the Parquet file."""
    meta = json.loads(data_file.with_suffix(".json").read_text(encoding="utf-8"))
    names = set(pq.read_schema(data_file).names)
    wanted = [c for c in dict.fromkeys(columns) if c in names and c != ROW_COLUMN]
    rows = [ROW_COLUMN] if ROW_COLUMN in names else []
    return _read_data(data_file, meta.get("dtypes", {}), [*wanted, *rows])


def _read_data(
    data_file: Path, dtypes: dict[str, str], columns: list[str] | None = None
) -> pd.DataFrame:
    """A cached typed table (only ``columns`` when given): the Parquet file, its source rows
    back in ``attrs["rows"]``, each column in the dtype it was loaded with (``dtypes``)."""
    data = pd.read_parquet(data_file, columns=columns)
    rows = data.attrs.pop("rows", None)  # else deep-copied by every column assignment
    if ROW_COLUMN in data.columns:
        rows = data[ROW_COLUMN].to_numpy().tolist()
        data = data.drop(columns=[ROW_COLUMN])
    for col, dtype in dtypes.items():  # Parquet stores datetime64[s] as ms
        if col not in data.columns or str(data[col].dtype) == dtype:
            continue
        if dtype.startswith("datetime64[") and hasattr(data[col], "dt"):
            data[col] = data[col].dt.as_unit(dtype[len("datetime64[") : -1])  # no copy loop
        else:
            data[col] = data[col].astype(dtype)
    if rows is not None:
        data.attrs["rows"] = rows
    return data


def _streamed(
    kind: str,
    p: Path,
    sheet: str | None,
    strict: bool,
    limits: Limits | None,
    settings: Any,
    folder: Path,
    key: str,
) -> Register | None:
    """A large UTF-8 CSV checked in batches (``registers.out.stream``) with its accepted rows
    written to Parquet as they are checked; kept as the cache entry when the file has no
    problem nor note. None: not such a file, or declined (``load`` reads it whole)."""
    from promis_analytics.errors import RegisterError
    from promis_analytics.registers import gc_paused
    from promis_analytics.registers.io.limits import using
    from promis_analytics.registers.out import stream

    if not stream._streamable(kind, p, sheet, stream.STREAM_BYTES):
        return None
    with using(limits) as active:
        if p.stat().st_size > active.value("max_csv_bytes"):
            return None
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{kind}-{key}.stream.parquet"
    try:
        with gc_paused():
            streamed = stream.validate_stream(
                kind, p, out=part, period=settings.period, block_bytes=stream.BLOCK_BYTES
            )
    except stream.Declined:
        return None
    report = streamed.report
    if strict and not report.ok:
        part.unlink(missing_ok=True)
        n = len(report.errors)
        raise RegisterError(
            f"{n} problem{'s' if n != 1 else ''} in {kind} register\n" + report.summary(), report
        )
    data = _read_data(part, _dtypes(kind, part))
    if (
        report.entries
        or len(streamed.rejects)
        or cache_key(kind, p, sheet, _settings_text(settings)) != key
    ):
        part.unlink(missing_ok=True)
        return Register(kind, data, streamed.rejects, report, p)
    meta: dict[str, object] = {name: getattr(report, name) for name in _COUNTS}
    meta["sheet"] = report.sheet
    meta["dtypes"] = {str(c): str(t) for c, t in data.dtypes.items()}
    part.replace(folder / f"{kind}-{key}.parquet")
    text = json.dumps(meta, sort_keys=True) + "\n"
    atomic_write(folder / f"{kind}-{key}.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return Register(kind, data, streamed.rejects, report, p)


def _dtypes(kind: str, part: Path) -> dict[str, str]:
    """The dtypes ``registers.load`` gives the columns of ``part``: dates in seconds (the
    unit of the dates it types), the others as stored."""
    from promis_analytics.registers.schema.fields import FIELDS
    from promis_analytics.registers.schema.types import REGISTRY

    typed = {c: REGISTRY[FIELDS[c].dtype].pandas_dtype for c in SCHEMAS[kind].columns}
    return {c: t for c, t in typed.items() if t.startswith("datetime64[")}
