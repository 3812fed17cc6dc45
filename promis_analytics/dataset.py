"""``load_dataset``: every register of a data folder, loaded and validated in one call."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from promis_analytics import paths
from promis_analytics.dimensions import as_tables
from promis_analytics.errors import RegisterError
from promis_analytics.project import ProjectSettings, project_settings
from promis_analytics.rate_basis import RateBasis, rate_basis
from promis_analytics.registers import KINDS, SCHEMAS, Register, load
from promis_analytics.registers.check.validate import empty_frame
from promis_analytics.registers.io.folder import FolderScan, scan_folder
from promis_analytics.registers.out.cache import (
    ROW_COLUMN,
    cached_columns,
    cached_entry,
    load_cached,
)
from promis_analytics.registers.schema.report import ValidationReport

#: Environment variable naming the parsed-register cache folder ``load_dataset`` uses when
#: called without ``cache``: ``promis build`` sets it for its notebook kernels, so a notebook
#: reads the Parquet copy the build's validation wrote instead of parsing the files again.
CACHE_ENV = "PROMIS_REGISTER_CACHE"


@contextmanager
def cache_for_kernels(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Inside the block ``CACHE_ENV`` names ``folder`` (for ``load_dataset`` here and in the
    notebook kernels started inside it); the previous value is restored after."""
    saved = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = saved


@dataclass(frozen=True)
class Dataset(Mapping[str, pd.DataFrame]):
    """The registers of one data folder: ``dataset["events"]`` is the typed events table.

    ``files`` maps each loaded register to its file, ``missing`` lists the registers that have
    no file in the folder (they are present as empty tables with the schema's columns, so
    indicator functions still run), ``loaded`` keeps the full ``Register`` objects (reports,
    row numbers). ``pending`` holds the registers not read yet (a dataset loaded from the
    build's cache reads each register on first use): kind → its loader.
    """

    data_dir: Path
    tables: dict[str, pd.DataFrame]
    files: dict[str, Path] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    loaded: dict[str, Register] = field(default_factory=dict)
    pending: dict[str, Callable[[], Register]] = field(default_factory=dict)
    order: tuple[str, ...] = ()  # the registers in load order (default: those of ``tables``)
    #: kind → the finder of its cache Parquet file (a dataset of the build's cache; the file
    #: found is kept under the same kind in ``entries``)
    finders: dict[str, Callable[[], Path | None]] = field(default_factory=dict)
    entries: dict[str, Path | None] = field(default_factory=dict)

    @property
    def project(self) -> ProjectSettings:
        """The folder's ``[project]`` settings (``promis.toml``; empty when not declared)."""
        return project_settings(self.data_dir)

    @property
    def fx(self) -> RateBasis:
        """The folder's one CAD→UAH rate basis (``promis.toml`` ``[fx]``; ``rate_basis``)."""
        return rate_basis(self.project, self.get("cofinancing"), self.data_dir)

    def __getitem__(self, kind: str) -> pd.DataFrame:
        if kind not in self.tables and kind in self.pending:
            self._read(kind)
        try:
            return self.tables[kind]
        except KeyError:
            raise KeyError(f"no register {kind!r}; registers: {', '.join(self)}") from None

    def _read(self, kind: str) -> None:
        """Read the pending register ``kind`` (an unfilled template counts as missing)."""
        try:
            reg = self.pending.pop(kind)()
        except RegisterError as exc:
            if not (isinstance(exc.report, ValidationReport) and exc.report.unfilled):
                raise
            self.files.pop(kind, None)
            _set_missing(self, kind)
            return
        self.tables[kind], self.loaded[kind] = reg.data, reg
        annotate(self, kind)

    def __iter__(self) -> Iterator[str]:
        return iter(self.order or self.tables)

    def __len__(self) -> int:
        return len(self.order or self.tables)

    def stored(self, kind: str) -> Path | None:
        """The cache Parquet file of register ``kind`` while it is not read yet (a dataset of
        the build's cache, ``CACHE_ENV``), else None: what ``shape`` and ``columns`` read
        instead of the whole register."""
        if kind not in self.pending or kind not in self.finders:
            return None
        if kind not in self.entries:
            self.entries[kind] = self.finders[kind]()
        return self.entries[kind]

    def shape(self, kind: str) -> tuple[int, int]:
        """(rows, columns) of register ``kind``: from the Parquet metadata of its cache file
        while it is not read yet (no rows are read), else of its table."""
        entry = self.stored(kind)
        if entry is None:
            rows, columns = self[kind].shape
            return int(rows), int(columns)
        meta = pq.read_metadata(entry)
        names = meta.schema.to_arrow_schema().names
        return int(meta.num_rows), len(names) - (ROW_COLUMN in names)

    def columns(self, kind: str, names: Sequence[str]) -> pd.DataFrame:
        """Register ``kind`` with only those of ``names`` it has, in that order (same dtypes,
        ``attrs`` and index as ``self[kind]``). While it is not read yet, only these columns
        are read from its cache file: a 10⁷-row register is never held whole."""
        entry = self.stored(kind)
        if entry is None:
            table = self[kind]
            return table[[c for c in dict.fromkeys(names) if c in table.columns]]
        part = cached_columns(entry, names)
        _annotate(self, kind, part)
        return part

    def inventory(self) -> pd.DataFrame:
        """One row per register: kind, file name, rows, columns, and whether the file exists."""
        rows = []
        for kind in self:
            (n, width), f = self.shape(kind), self.files.get(kind)
            rows.append(
                {
                    "register": kind,
                    "file": f.name if f else "",
                    "rows": n,
                    "columns": width,
                    "present": f is not None,
                }
            )
        return pd.DataFrame(rows, columns=["register", "file", "rows", "columns", "present"])


def register_file(data_dir: Path, kind: str) -> Path | None:
    """The file holding register ``kind`` in ``data_dir`` (by its name, or as mapped in the
    folder's ``promis.toml``), or None. See ``registers.io.folder``."""
    source = scan_folder(data_dir).sources.get(kind)
    return source.path if source else None


def folder_error(scan: FolderScan) -> RegisterError | None:
    """The error for a folder that cannot be loaded as it is (two candidate files for one
    register, a broken mapping file), in Ukrainian and English; None when it can."""
    uk, en = scan.problems("uk"), scan.problems("en")
    if not uk:
        return None
    both = [a if a == b else f"{a}\n  {b}" for a, b in zip(uk, en, strict=True)]  # bilingual once
    lines = [f"{scan.folder}:"] + [f"  {x}" for x in both]
    return RegisterError("\n".join(lines))


def load_dataset(
    data_dir: str | Path | None = None,
    *,
    kinds: Iterable[str] = KINDS,
    strict: bool = True,
    cache: str | Path | None = None,
) -> Dataset:
    """Load and validate every register in ``data_dir`` (default ``data/raw``).

    Register files are found by name or through the folder's ``promis.toml``
    (``registers.io.folder``); two candidate files for one register raise ``RegisterError``
    naming both before anything is read.

    All files are read before anything is raised: in strict mode, problems in several files
    are reported together in one ``RegisterError`` (its ``.reports`` maps kind → report).
    In lenient mode the accepted rows are returned and each ``Register`` keeps its rejects.
    With ``cache`` (a folder, e.g. ``data/processed/.cache``), files that loaded cleanly
    before are read from their Parquet copy instead of being parsed again
    (``registers.out.cache.load_cached``: keyed by file bytes and loading code).

    Without ``cache``, when the environment variable ``CACHE_ENV`` names a folder (``promis
    build`` sets it for its notebooks, after its validation step read every register), that
    folder is the cache and each register is read on first use (``Dataset.pending``): a
    notebook that never touches a 10⁷-row register never reads it.
    """
    folder = Path(data_dir) if data_dir is not None else paths.raw_dir()
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder not found: {folder}")
    scan = scan_folder(folder)
    error = folder_error(scan)
    if error is not None:
        raise error
    lazy = cache is None and bool(os.environ.get(CACHE_ENV))
    cache = cache if cache is not None else os.environ.get(CACHE_ENV) or None
    ds = Dataset(folder, {}, order=tuple(kinds))
    failed: dict[str, RegisterError] = {}
    for kind in ds.order:
        if kind not in SCHEMAS:
            raise ValueError(f"unknown register kind {kind!r}; known: {', '.join(SCHEMAS)}")
        source = scan.sources.get(kind)
        if source is None:
            _set_missing(ds, kind)
            continue
        ds.files[kind] = source.path
        reader = partial(_register, kind, source.path, source.sheet, strict, cache)
        if lazy:
            ds.pending[kind] = reader
            ds.finders[kind] = partial(
                cached_entry, kind, source.path, sheet=source.sheet, cache=cache
            )
            continue
        try:
            ds.tables[kind], ds.loaded[kind] = (reg := reader()).data, reg
        except RegisterError as exc:
            if isinstance(exc.report, ValidationReport) and exc.report.unfilled:
                del ds.files[kind]  # an unfilled template
                _set_missing(ds, kind)
            else:
                failed[kind] = exc
    if failed:
        raise _failure(folder, failed)
    for kind in ds.tables:
        annotate(ds, kind)
    return ds


def _register(
    kind: str, path: Path, sheet: str | None, strict: bool, cache: str | Path | None
) -> Register:
    """Register ``kind`` read from ``path`` (through the Parquet cache when given)."""
    if cache is None:
        return load(kind, path, sheet=sheet, strict=strict)
    return load_cached(kind, path, sheet=sheet, strict=strict, cache=cache)


def _set_missing(ds: Dataset, kind: str) -> None:
    """Register ``kind`` has no file (or an unfilled template): an empty table of its schema."""
    ds.tables[kind] = empty_frame(SCHEMAS[kind])
    object.__setattr__(ds, "missing", (*ds.missing, kind))


def _failure(folder: Path, failed: dict[str, RegisterError]) -> RegisterError:
    """One ``RegisterError`` naming every file that failed (``.reports``: kind → report)."""
    parts = [f"{folder / k}: {exc}" for k, exc in failed.items()]
    err = RegisterError("\n\n".join(parts), next(iter(failed.values())).report)
    err.reports = {k: exc.report for k, exc in failed.items()}  # type: ignore[attr-defined]
    return err


def annotate(ds: Dataset, kind: str) -> None:
    """What the indicators read from a loaded table's ``attrs``: the folder's rate basis on
    cofinancing (``[fx]``), its partners and declared dimensions on events."""
    _annotate(ds, kind, ds.tables[kind])


def _annotate(ds: Dataset, kind: str, table: pd.DataFrame) -> None:
    """``annotate`` of ``table``, register ``kind`` of ``ds`` (whole or some of its columns)."""
    if kind == "cofinancing":  # indicators convert at the folder's declared [fx] by default
        table.attrs["fx"] = ds.fx
    if kind == "events" and ds.project.partners is not None:
        table.attrs["partners"] = ds.project.partners
    if kind == "events":  # what by=("sex",) and the other declared dimensions group by
        table.attrs["dimensions"] = as_tables(ds.project.dimensions)
