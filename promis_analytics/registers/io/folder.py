"""Which file of a data folder holds which register: by name, or by the folder's mapping file.

A file is recognised by its name: the register kind or its label («events.xlsx»,
«Заходи.csv», «recommendations.xlsx»). Files named otherwise («Реєстр_заходів_2019.xlsx») are
mapped in ``promis.toml`` beside them::

    [registers]
    events = "Реєстр_заходів_2019.xlsx"          # the first visible sheet that fits

    [registers.recommendations]
    file = "Моніторинг рекомендацій.xlsx"
    sheet = "2019"

The same file may declare the project (``[project]``: titles and period, ``project.py``).

A mapping wins over a file that has the register's name. Two files with the register's name
(``events.csv`` and ``events.xlsx``) are an error naming both — never a silent choice.

A mapped file must stay inside the folder: an absolute path, a ``..`` out of it or a symbolic
link pointing outside is refused unless the user allows it for one run (``promis build
--allow-outside``, ``promis validate --allow-outside``, or the environment variable
``PROMIS_ALLOW_OUTSIDE=1``, which notebooks run by the build inherit). A register that is not a
regular file (a FIFO, a device) is refused rather than read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from promis_analytics.project import (
    SettingsError,
    read_settings_file,
    settings_problems,
    unknown_keys,
)
from promis_analytics.registers.io.formats import SUFFIXES
from promis_analytics.registers.schema.headers import fold
from promis_analytics.registers.schema.schemas import SCHEMAS

__all__ = [
    "ALLOW_OUTSIDE_ENV",
    "MAPPING_FILE",
    "REGISTER_SUFFIXES",
    "FolderScan",
    "RegisterSource",
    "mapped_source",
    "not_regular",
    "scan_folder",
]

MAPPING_FILE = "promis.toml"
#: endings of files that may hold a register (``formats.READERS``; a .txt file in a data
#: folder is a note, not a register, unless the mapping names it)
REGISTER_SUFFIXES = tuple(s for s in SUFFIXES if s != ".txt")
#: Environment variable that lets ``[registers]`` name files outside the data folder.
ALLOW_OUTSIDE_ENV = "PROMIS_ALLOW_OUTSIDE"


def outside_allowed() -> bool:
    """True when the user allowed mapped files outside the data folder (``ALLOW_OUTSIDE_ENV``)."""
    return os.environ.get(ALLOW_OUTSIDE_ENV, "").strip().lower() in ("1", "true", "yes")


def not_regular(path: Path) -> str:
    """Why ``path`` cannot be read as a register file (uk / en), or ``""``: a FIFO, socket or
    device would block the reader or never end."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return ""  # missing: said elsewhere
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return (
        f"{path.name}: не звичайний файл (канал, сокет чи пристрій) — не читається / "
        "not a regular file (a pipe, socket or device) — not read"
    )


@dataclass(frozen=True)
class RegisterSource:
    """Register ``kind`` is in ``path`` (``sheet`` when the mapping names one); ``how``:
    "name" (recognised by its file name) or "mapping" (named in ``promis.toml``)."""

    kind: str
    path: Path
    sheet: str | None = None
    how: str = "name"


@dataclass
class FolderScan:
    """What a data folder holds: one source per register found, the registers with two
    candidate files, files that are no register, and problems of the mapping file."""

    folder: Path
    sources: dict[str, RegisterSource] = field(default_factory=dict)
    duplicates: dict[str, list[Path]] = field(default_factory=dict)
    unrecognised: list[Path] = field(default_factory=list)
    mapping_problems: list[str] = field(default_factory=list)

    @property
    def mapping_path(self) -> Path:
        return self.folder / MAPPING_FILE

    def problems(self, lang: str = "uk") -> list[str]:
        """Every reason the folder cannot be loaded as it is, in ``lang``."""
        out = list(self.mapping_problems)
        for kind, files in self.duplicates.items():
            names = (
                " і ".join(f.name for f in files)
                if lang == "uk"
                else " and ".join(f.name for f in files)
            )
            out.append(
                f"реєстр «{kind}»: два файли-кандидати — {names}; залиште один або вкажіть "
                f"потрібний у {MAPPING_FILE}"
                if lang == "uk"
                else f"register '{kind}': two candidate files — {names}; keep one or name the "
                f"right one in {MAPPING_FILE}"
            )
        return out

    def inputs_of(self, kind: str) -> list[Path]:
        """The files whose change changes register ``kind``: its two default names (existing
        or not), the mapping file and the mapped file."""
        names = [self.folder / f"{kind}{s}" for s in REGISTER_SUFFIXES]
        source = self.sources.get(kind)
        mapped = [source.path] if source and source.how == "mapping" else []
        return sorted({*names, self.mapping_path, *mapped})

    def inputs(self) -> list[Path]:
        """Files whose change changes what the folder loads (for incremental builds): every
        name a register may have (existing or not), the mapping file and the mapped files."""
        names = [self.folder / f"{k}{s}" for k in SCHEMAS for s in REGISTER_SUFFIXES]
        mapped = [s.path for s in self.sources.values() if s.how == "mapping"]
        return sorted({*names, self.mapping_path, *mapped})


def _kind_of_name(stem: str) -> str | None:
    key = fold(stem)
    for kind, schema in SCHEMAS.items():
        if key in (fold(kind), fold(schema.label_uk), fold(schema.label_en)):
            return kind
    return None


def _inside(folder: Path, file: str) -> bool:
    """True when ``folder / file`` (links followed) lies inside ``folder``."""
    if Path(file).is_absolute():
        return False
    try:
        (folder / file).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _entry(entry: object) -> tuple[object, object]:
    """(file, sheet) of a ``[registers]`` entry: a file name or a table with ``file``/``sheet``."""
    if isinstance(entry, str):
        return entry, None
    if isinstance(entry, dict):
        return entry.get("file"), entry.get("sheet")
    return None, None


def _source(scan: FolderScan, kind: str, entry: object) -> RegisterSource | None:
    """The source a ``[registers]`` entry names, or None with a problem added to ``scan``."""
    where = f"{MAPPING_FILE} [registers] {kind}"
    problems = scan.mapping_problems
    if kind not in SCHEMAS:
        problems.append(
            f"{where}: невідомий вид реєстру / unknown register kind; "
            f"відомі / known: {', '.join(SCHEMAS)}"
        )
        return None
    file, sheet = _entry(entry)
    if isinstance(entry, dict):
        problems += [x for x in [unknown_keys(where, entry, ("file", "sheet"))] if x]
    if sheet is not None and not isinstance(sheet, str):
        problems.append(
            f"{where} sheet: очікувалася назва аркуша (текст), знайдено {sheet!r} / "
            f"expected a sheet name (text), found {sheet!r}"
        )
        return None
    if not isinstance(file, str) or not file or "\0" in file:
        problems.append(f'{where}: потрібно file = "назва файлу" / needs file = "file name"')
        return None
    if not outside_allowed() and not _inside(scan.folder, file):
        problems.append(
            f"{where}: «{file}» поза текою даних — вкажіть файл у цій теці (або запустіть з "
            f"--allow-outside) / «{file}» is outside the data folder — name a file in this "
            f"folder (or run with --allow-outside)"
        )
        return None
    target = scan.folder / file
    odd = not_regular(target)
    if odd:
        problems.append(f"{where}: {odd}")
        return None
    if not target.is_file():
        problems.append(f"{where}: немає файлу / no file «{file}»")
        return None
    return RegisterSource(kind, target, sheet if isinstance(sheet, str) else None, "mapping")


def _read_mapping(scan: FolderScan) -> dict[str, RegisterSource]:
    path = scan.mapping_path
    odd = not_regular(path)
    if odd:
        scan.mapping_problems.append(odd)
        return {}
    if not path.is_file():
        return {}
    try:
        data = read_settings_file(path)
    except SettingsError as exc:
        scan.mapping_problems.append(str(exc))
        return {}
    scan.mapping_problems += settings_problems(data, path.name)
    registers = data.get("registers") or {}
    if not isinstance(registers, dict):
        scan.mapping_problems.append(
            f"{path.name} [registers]: очікувалася таблиця / expected a table"
        )
        return {}
    found = (_source(scan, kind, entry) for kind, entry in registers.items())
    return {s.kind: s for s in found if s is not None}


def scan_folder(folder: str | Path) -> FolderScan:
    """Find the register files of ``folder`` (see the module docstring for the rules)."""
    scan = FolderScan(Path(folder))
    mapped = _read_mapping(scan)
    mapped_paths = {s.path.resolve() for s in mapped.values()}
    by_name: dict[str, list[Path]] = {}
    for p in sorted(scan.folder.iterdir()):
        if p.name.startswith((".", "~$")) or p.suffix.lower() not in REGISTER_SUFFIXES:
            continue
        kind = _kind_of_name(p.stem)
        odd = not_regular(p)
        if odd and kind is not None:
            scan.mapping_problems.append(odd)
        if not p.is_file() or p.resolve() in mapped_paths:
            continue
        if kind is not None and not outside_allowed() and not _inside(scan.folder, p.name):
            scan.mapping_problems.append(
                f"{p.name}: посилання на файл поза текою даних — не читається (або запустіть з "
                "--allow-outside) / a link to a file outside the data folder — not read (or "
                "run with --allow-outside)"
            )
            continue
        if kind is None:
            scan.unrecognised.append(p)
        else:
            by_name.setdefault(kind, []).append(p)
    for kind, files in by_name.items():
        if kind in mapped:
            continue
        if len(files) > 1:
            scan.duplicates[kind] = files
        else:
            scan.sources[kind] = RegisterSource(kind, files[0])
    scan.sources.update(mapped)
    scan.sources = {k: scan.sources[k] for k in SCHEMAS if k in scan.sources}
    return scan


def mapped_source(path: str | Path) -> RegisterSource | None:
    """The register a single file holds by its folder's ``promis.toml`` (``[registers]``),
    else by its own name; None when neither says. Problems of the mapping of other files
    do not matter here."""
    p = Path(path)
    scan = FolderScan(p.parent)
    for source in _read_mapping(scan).values():
        if source.path.resolve() == p.resolve():
            return source
    kind = _kind_of_name(p.stem)
    return RegisterSource(kind, p) if kind else None
