"""``load_dataset``: every register of a data folder, loaded and validated in one call."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from promis_analytics import paths
from promis_analytics.dimensions import as_tables
from promis_analytics.errors import RegisterError
from promis_analytics.project import ProjectSettings, project_settings
from promis_analytics.rate_basis import RateBasis, rate_basis
from promis_analytics.registers import KINDS, SCHEMAS, Register, load
from promis_analytics.registers.cache import load_cached
from promis_analytics.registers.folder import FolderScan, scan_folder
from promis_analytics.registers.report import ValidationReport
from promis_analytics.registers.validate import empty_frame


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
    row numbers).
    """

    data_dir: Path
    tables: dict[str, pd.DataFrame]
    files: dict[str, Path] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    loaded: dict[str, Register] = field(default_factory=dict)

    @property
    def project(self) -> ProjectSettings:
        """The folder's ``[project]`` settings (``promis.toml``; empty when not declared)."""
        return project_settings(self.data_dir)

    @property
    def fx(self) -> RateBasis:
        """The folder's one CAD→UAH rate basis (``promis.toml`` ``[fx]``; ``rate_basis``)."""
        return rate_basis(self.project, self.get("cofinancing"), self.data_dir)

    def __getitem__(self, kind: str) -> pd.DataFrame:
        try:
            return self.tables[kind]
        except KeyError:
            raise KeyError(f"no register {kind!r}; registers: {', '.join(self.tables)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def inventory(self) -> pd.DataFrame:
        """One row per register: kind, file name, rows, columns, and whether the file exists."""
        rows = []
        for kind, table in self.tables.items():
            f = self.files.get(kind)
            rows.append(
                {
                    "register": kind,
                    "file": f.name if f else "",
                    "rows": len(table),
                    "columns": table.shape[1],
                    "present": f is not None,
                }
            )
        return pd.DataFrame(rows, columns=["register", "file", "rows", "columns", "present"])


def register_file(data_dir: Path, kind: str) -> Path | None:
    """The file holding register ``kind`` in ``data_dir`` (by its name, or as mapped in the
    folder's ``promis.toml``), or None. See ``registers.folder``."""
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
    (``registers.folder``); two candidate files for one register raise ``RegisterError``
    naming both before anything is read.

    All files are read before anything is raised: in strict mode, problems in several files
    are reported together in one ``RegisterError`` (its ``.reports`` maps kind → report).
    In lenient mode the accepted rows are returned and each ``Register`` keeps its rejects.
    With ``cache`` (a folder, e.g. ``data/processed/.cache``), files that loaded cleanly
    before are read from their Parquet copy instead of being parsed again
    (``registers.cache.load_cached``: keyed by file bytes and loading code); without it, the
    folder named by the environment variable ``CACHE_ENV`` when set (``promis build``'s
    notebooks), else no cache.
    """
    cache = cache if cache is not None else os.environ.get(CACHE_ENV) or None
    folder = Path(data_dir) if data_dir is not None else paths.raw_dir()
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder not found: {folder}")
    scan = scan_folder(folder)
    error = folder_error(scan)
    if error is not None:
        raise error
    tables: dict[str, pd.DataFrame] = {}
    files: dict[str, Path] = {}
    loaded: dict[str, Register] = {}
    missing: list[str] = []
    failed: dict[str, RegisterError] = {}
    for kind in kinds:
        if kind not in SCHEMAS:
            raise ValueError(f"unknown register kind {kind!r}; known: {', '.join(SCHEMAS)}")
        source = scan.sources.get(kind)
        if source is None:
            missing.append(kind)
            tables[kind] = empty_frame(SCHEMAS[kind])
            continue
        path, sheet = source.path, source.sheet
        try:
            if cache is None:
                reg = load(kind, path, sheet=sheet, strict=strict)
            else:
                reg = load_cached(kind, path, sheet=sheet, strict=strict, cache=cache)
        except RegisterError as exc:
            # an unfilled template
            if isinstance(exc.report, ValidationReport) and exc.report.unfilled:
                missing.append(kind)
                tables[kind] = empty_frame(SCHEMAS[kind])
                continue
            failed[kind] = exc
            continue
        tables[kind], files[kind], loaded[kind] = reg.data, path, reg
    if failed:
        parts = [f"{folder / k}: {exc}" for k, exc in failed.items()]
        err = RegisterError("\n\n".join(parts), next(iter(failed.values())).report)
        err.reports = {k: exc.report for k, exc in failed.items()}  # type: ignore[attr-defined]
        raise err
    ds = Dataset(folder, tables, files, tuple(missing), loaded)
    if "cofinancing" in tables:  # indicators convert at the folder's declared [fx] by default
        tables["cofinancing"].attrs["fx"] = ds.fx
    if "events" in tables and ds.project.partners is not None:
        tables["events"].attrs["partners"] = ds.project.partners
    if "events" in tables:  # what by=("sex",) and the other declared dimensions group by
        tables["events"].attrs["dimensions"] = as_tables(ds.project.dimensions)
    return ds
