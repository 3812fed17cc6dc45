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
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from promis_analytics.project import SettingsError, chart_tables, settings_from
from promis_analytics.registers.headers import fold
from promis_analytics.registers.schemas import SCHEMAS

__all__ = ["MAPPING_FILE", "REGISTER_SUFFIXES", "FolderScan", "RegisterSource", "scan_folder"]

MAPPING_FILE = "promis.toml"
#: endings of files that may hold a register (.xls/.ods are recognised so the reader can say
#: how to convert them)
REGISTER_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")


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
        names = [self.folder / f"{kind}{s}" for s in (".csv", ".xlsx")]
        source = self.sources.get(kind)
        mapped = [source.path] if source and source.how == "mapping" else []
        return sorted({*names, self.mapping_path, *mapped})

    def inputs(self) -> list[Path]:
        """Files whose change changes what the folder loads (for incremental builds): every
        name a register may have (existing or not), the mapping file and the mapped files."""
        names = [self.folder / f"{k}{s}" for k in SCHEMAS for s in (".csv", ".xlsx")]
        mapped = [s.path for s in self.sources.values() if s.how == "mapping"]
        return sorted({*names, self.mapping_path, *mapped})


def _kind_of_name(stem: str) -> str | None:
    key = fold(stem)
    for kind, schema in SCHEMAS.items():
        if key in (fold(kind), fold(schema.label_uk), fold(schema.label_en)):
            return kind
    return None


def _read_mapping(scan: FolderScan) -> dict[str, RegisterSource]:
    path = scan.mapping_path
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        scan.mapping_problems.append(f"{path.name}: не вдалося прочитати / cannot be read: {exc}")
        return {}
    try:
        settings_from(data.get("project") or {}, path.name, data.get("parameters"))
        chart_tables(data, path.name)  # [charts] and [report]
    except SettingsError as exc:
        scan.mapping_problems.append(str(exc))
    out: dict[str, RegisterSource] = {}
    for kind, entry in (data.get("registers") or {}).items():
        where = f"{path.name} [registers] {kind}"
        if kind not in SCHEMAS:
            scan.mapping_problems.append(
                f"{where}: невідомий вид реєстру / unknown register kind; "
                f"відомі / known: {', '.join(SCHEMAS)}"
            )
            continue
        file, sheet = (
            (entry, None)
            if isinstance(entry, str)
            else (
                entry.get("file") if isinstance(entry, dict) else None,
                entry.get("sheet") if isinstance(entry, dict) else None,
            )
        )
        if not isinstance(file, str) or not file:
            scan.mapping_problems.append(
                f'{where}: потрібно file = "назва файлу" / needs file = "file name"'
            )
            continue
        target = scan.folder / file
        if not target.is_file():
            scan.mapping_problems.append(f"{where}: немає файлу / no file «{file}»")
            continue
        out[kind] = RegisterSource(
            kind, target, sheet if isinstance(sheet, str) else None, "mapping"
        )
    return out


def scan_folder(folder: str | Path) -> FolderScan:
    """Find the register files of ``folder`` (see the module docstring for the rules)."""
    scan = FolderScan(Path(folder))
    mapped = _read_mapping(scan)
    mapped_paths = {s.path.resolve() for s in mapped.values()}
    by_name: dict[str, list[Path]] = {}
    for p in sorted(scan.folder.iterdir()):
        if p.name.startswith((".", "~$")) or not p.is_file():
            continue
        if p.suffix.lower() not in REGISTER_SUFFIXES or p.resolve() in mapped_paths:
            continue
        kind = _kind_of_name(p.stem)
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
