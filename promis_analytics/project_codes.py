"""A data folder's own codes: its components and funds, and the words its people type for them.

A folder (the embedded ``data/raw`` is one) may hold, beside its ``promis.toml``:

- ``components.csv`` — ``code, title_uk, title_en`` (optional ``level``, ``parent``, ``source``,
  ``locator``): the codes of the events register's ``component`` column. Rows of level
  ``component`` group the outputs and are not codes a register row takes; rows with another
  level or none are.
- ``funds.csv`` — ``code, title_uk, title_en`` (optional ``source``, ``locator``): the codes of
  the co-financing register's ``fund`` column.
- ``event_types.csv`` — ``code, title_uk, title_en``: event types the project adds to the
  built-in ones (``data/metadata/vocab/event_type.csv``; a built-in code may be retitled).
- ``vocabularies.csv`` — ``vocabulary, code, synonym, lang`` (optional ``note``, ``source``,
  ``locator``): more words for a code, beside the built-in ``data/vocabularies.csv``.

A column whose file is absent is free text: nothing is refused, nothing is guessed. What the
folder declares applies while :func:`using` is active (``registers.load`` and the streamed
validation make it active for the file's folder); outside it, the folder named by
``PROMIS_SETTINGS_DIR`` (the build's data folder), else the embedded dataset ``paths.raw_dir()``.
Every problem of the files is reported at once, in Ukrainian and English
(:class:`FolderCodesError`).
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from promis_analytics import paths
from promis_analytics.errors import PromisError

__all__ = [
    "CODE_FILES",
    "COMPONENT_TITLES",
    "EMPTY",
    "EVENT_TYPE_TITLES",
    "EXTENDING",
    "FOLDER_ENV",
    "FUND_TITLES",
    "VOCABULARY_FILE",
    "ActiveTitles",
    "FolderCodes",
    "FolderCodesError",
    "active",
    "active_folder",
    "declared",
    "fingerprint",
    "folder_codes",
    "titles",
    "using",
]

#: The register field each code file declares, and the file's name in the folder.
CODE_FILES: Mapping[str, str] = {
    "component": "components.csv",
    "fund": "funds.csv",
    "event_type": "event_types.csv",
}
#: fields whose folder codes add to the built-in vocabulary instead of replacing free text
EXTENDING: frozenset[str] = frozenset({"event_type"})
#: fields whose labels lead with the code («1.1 ЦНАП у громадах»: an output known by number)
NUMBERED: tuple[str, ...] = ("component",)
VOCABULARY_FILE = "vocabularies.csv"
_REQUIRED = ("code", "title_uk", "title_en")
_VOCABULARY_COLUMNS = ("vocabulary", "code", "synonym", "lang")
#: the data folder of a build (the variable ``charts.settings.SETTINGS_ENV`` names)
FOLDER_ENV = "PROMIS_SETTINGS_DIR"
#: a row of this level groups codes (a component of outputs) and is not a register code
GROUP_LEVEL = "component"


class FolderCodesError(PromisError, ValueError):
    """A code file of a data folder is malformed (every problem, in uk and en)."""


@dataclass(frozen=True)
class FolderCodes:
    """What a folder declares: ``allowed`` field → code → (uk, en label); ``titles`` field →
    code → (uk, en title) of every row (groups too); ``records`` field → the file's rows as
    written (every column); ``synonyms`` the rows of its vocabulary file."""

    allowed: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    titles: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    records: Mapping[str, tuple[Mapping[str, str], ...]] = field(default_factory=dict)
    synonyms: tuple[Mapping[str, str], ...] = ()


EMPTY = FolderCodes()
_ACTIVE: ContextVar[FolderCodes | None] = ContextVar("folder_codes", default=None)


def _rows(path: Path, required: tuple[str, ...], problems: list[str]) -> list[dict[str, str]]:
    """The rows of ``path`` (UTF-8, with or without BOM); missing columns are problems."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            problems.append(
                f"{path.name}: немає стовпців {', '.join(missing)} (є: "
                f"{', '.join(reader.fieldnames or ())}) / missing columns {', '.join(missing)}"
            )
            return []
        return [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]


def _codes(path: Path, numbered: bool, problems: list[str]) -> tuple[dict, dict, tuple]:
    """(register codes → labels, every code → titles, the rows) of one code file; a
    ``numbered`` label is "code title"."""
    allowed: dict[str, tuple[str, str]] = {}
    titles: dict[str, tuple[str, str]] = {}
    rows = _rows(path, _REQUIRED, problems)
    for n, r in enumerate(rows, start=2):
        empty = [c for c in _REQUIRED if not r.get(c)]
        if empty:
            problems.append(
                f"{path.name} рядок {n}: порожні {', '.join(empty)} / row {n}: "
                f"empty {', '.join(empty)}"
            )
            continue
        code = r["code"]
        if code in titles:
            problems.append(
                f"{path.name} рядок {n}: код {code!r} уже є вище / row {n}: code {code!r} repeats"
            )
            continue
        titles[code] = (r["title_uk"], r["title_en"])
        if r.get("level", "") != GROUP_LEVEL:
            prefix = f"{code} " if numbered else ""
            allowed[code] = (prefix + r["title_uk"], prefix + r["title_en"])
    return allowed, titles, tuple(rows)


def _vocabulary(path: Path, known: Mapping[str, Mapping], problems: list[str]) -> tuple:
    """The synonym rows of the folder's vocabulary file; a code the folder does not declare
    (for a field it declares) is a problem."""
    rows = _rows(path, _VOCABULARY_COLUMNS, problems)
    for n, r in enumerate(rows, start=2):
        vocabulary = r.get("vocabulary", "")
        codes = None if vocabulary in EXTENDING else known.get(vocabulary)
        if not r.get("synonym") or not r.get("code"):
            problems.append(f"{path.name} рядок {n}: порожнє слово чи код / row {n}: empty")
        elif codes is not None and r["code"] not in codes:
            problems.append(
                f"{path.name} рядок {n}: код {r['code']!r} не оголошено у "
                f"{CODE_FILES[r['vocabulary']]} / row {n}: code {r['code']!r} is not declared"
            )
    return tuple(rows)


@lru_cache(maxsize=16)
def _read(folder: str, stamp: tuple) -> FolderCodes:
    problems: list[str] = []
    allowed: dict[str, Mapping[str, tuple[str, str]]] = {}
    titles: dict[str, Mapping[str, tuple[str, str]]] = {}
    records: dict[str, tuple[Mapping[str, str], ...]] = {}
    for name, file in CODE_FILES.items():
        path = Path(folder) / file
        if path.is_file():
            allowed[name], titles[name], records[name] = _codes(path, name in NUMBERED, problems)
    vocab = Path(folder) / VOCABULARY_FILE
    synonyms = _vocabulary(vocab, allowed, problems) if vocab.is_file() else ()
    if problems:
        raise FolderCodesError(
            f"{folder}: коди теки з помилками / the folder's code files have problems:\n"
            + "\n".join(problems)
        )
    return FolderCodes(allowed, titles, records, synonyms)


def folder_codes(folder: str | Path) -> FolderCodes:
    """What ``folder`` declares (:data:`EMPTY` when it holds none of the files); read again
    when a file changes. Raises :class:`FolderCodesError` naming every problem."""
    base = Path(folder).resolve()
    files = [base / f for f in (*CODE_FILES.values(), VOCABULARY_FILE)]
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else None for p in files)
    return EMPTY if not any(stamp) else _read(str(base), stamp)


def fingerprint(folder: str | Path) -> str:
    """sha256 (hex) of the folder's code files (names and bytes; "" for none): what a cache
    of the folder's validated registers must depend on."""
    h = hashlib.sha256()
    for name in (*CODE_FILES.values(), VOCABULARY_FILE):
        path = Path(folder) / name
        if path.is_file():
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def active_folder() -> Path:
    """The data folder outputs are made from: the build's (``PROMIS_SETTINGS_DIR``), else
    the embedded dataset (``paths.raw_dir()``, the notebooks' default)."""
    return Path(os.environ.get(FOLDER_ENV) or paths.raw_dir())


def active() -> FolderCodes:
    """The codes of the folder being read (inside :func:`using`), else of
    :func:`active_folder`."""
    codes = _ACTIVE.get()
    if codes is not None:
        return codes
    return folder_codes(active_folder())


def declared(field_name: str) -> Mapping[str, tuple[str, str]] | None:
    """The codes the active folder declares for ``field_name`` (None: free text)."""
    return active().allowed.get(field_name)


def titles(field_name: str) -> Mapping[str, tuple[str, str]]:
    """Every code (groups too) of ``field_name`` the active folder declares → (uk, en)
    title; empty when it declares none."""
    return active().titles.get(field_name, {})


class ActiveTitles(Mapping[str, tuple[str, str]]):
    """A live view of :func:`titles` of one field (what the chart labels look codes up in)."""

    def __init__(self, field_name: str) -> None:
        self.field_name = field_name

    def __getitem__(self, code: str) -> tuple[str, str]:
        return titles(self.field_name)[code]

    def __iter__(self) -> Iterator[str]:
        return iter(titles(self.field_name))

    def __len__(self) -> int:
        return len(titles(self.field_name))


#: the titles of the active folder's components and funds (``chart_labels`` ``component.*``,
#: ``fund.*``)
COMPONENT_TITLES = ActiveTitles("component")
FUND_TITLES = ActiveTitles("fund")
#: the event types the active folder adds (``registers.schema.codes.EVENT_TYPE_LABELS`` joins them
#: to the built-in ones)
EVENT_TYPE_TITLES = ActiveTitles("event_type")


@contextmanager
def using(codes: FolderCodes | str | Path) -> Iterator[FolderCodes]:
    """Make ``codes`` (or the codes of a folder path) the active ones inside the block."""
    value = codes if isinstance(codes, FolderCodes) else folder_codes(codes)
    token = _ACTIVE.set(value)
    try:
        yield value
    finally:
        _ACTIVE.reset(token)
