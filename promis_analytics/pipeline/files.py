"""Atomic writers of the build's outputs: Parquet tables, replaced files, byte-stable zips;
removal of the temporary files an interrupted build left behind."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_parquet(frame: Any, path: Path) -> Path:
    """Write ``frame`` to Parquet atomically; ``attrs`` kept as JSON (other values as text)."""
    import pandas as pd

    from promis_analytics.export import atomic_write

    out = pd.DataFrame(frame, copy=False)  # no data copied (copy-on-write), no attrs carried
    out.attrs = json.loads(json.dumps(frame.attrs, default=str)) if frame.attrs else {}
    return atomic_write(path, lambda tmp: out.to_parquet(tmp, index=False, engine="pyarrow"))


def replace_from(target: Path, write: Callable[[Path], Any]) -> Path:
    """Let ``write(tmp)`` create a file of the same suffix beside ``target``, then replace it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.{threading.get_ident()}{target.suffix}")
    try:
        write(tmp)
        if not tmp.is_file():
            raise FileNotFoundError(f"{tmp}: the writer created no file")
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


#: Fixed timestamp for zip members and workbook properties (reproducible workbooks).
FIXED_ZIP_TIME = (2021, 12, 31, 0, 0, 0)
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def normalise_zip(path: Path) -> None:
    """Make an .xlsx byte-stable: fixed member timestamps and fixed created/modified dates."""
    import zipfile

    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info.filename)) for info in zin.infolist()]

    def _write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as zout:
            for info, data in members:
                if info.filename == "docProps/core.xml":
                    data = _CORE_DATES.sub(rb"\g<1>2021-12-31T00:00:00Z\g<2>", data)
                new = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
                new.compress_type = zipfile.ZIP_DEFLATED
                new.external_attr = 0o644 << 16
                zout.writestr(new, data)

    from promis_analytics.export import atomic_write

    atomic_write(path, _write)


#: Names of the temporary files the build's writers make beside their targets:
#: ``export.atomic_write`` (``.<name>.<8 random>.tmp``), ``runner.execute_notebook``
#: (``.<stem>.<8 random>.ipynb``) and ``replace_from`` (``.<stem>.<pid>.<thread><suffix>``).
TEMPORARY_NAMES = re.compile(
    r"^\..+\.(?:[A-Za-z0-9_]{8}\.tmp|[A-Za-z0-9_]{8}\.ipynb|\d+\.\d+\.[A-Za-z0-9]+)$"
)


def remove_temporaries(folders: list[Path]) -> list[Path]:
    """Remove the writers' temporary files (``TEMPORARY_NAMES``) directly in ``folders``: what
    a killed build left (a finished writer always removes its own). Call it only while holding
    the build lock, before anything is written. Returns the files removed."""
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if TEMPORARY_NAMES.match(p.name) and p.is_file() and not p.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
                    removed.append(p)
    return removed
