"""Content hashes of files and of the package modules a step's code imports."""

from __future__ import annotations

import ast
import functools
import hashlib
import re
import stat
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from promis_analytics import paths

#: The package's own source folder (for code hashes).
PACKAGE_NAME = "promis_analytics"
#: The "digest" of a path that is no regular file (a FIFO, a device, a folder).
NOT_REGULAR = "not a regular file"


# ---------------------------------------------------------------------------------------------
# Hashing


def file_digest(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class HashCache:
    """File digests keyed by (path, size, mtime_ns), persisted in the state file.

    Rehashing an unchanged file is skipped, which keeps a no-change rebuild fast; a file
    whose size or modification time differs is read again.
    """

    def __init__(self, entries: Mapping[str, Sequence[Any]] | None = None) -> None:
        self._entries: dict[str, list[Any]] = {k: list(v) for k, v in (entries or {}).items()}
        self._lock = threading.Lock()

    def digest(self, path: Path) -> str | None:
        """Digest of ``path``, None when it does not exist, ``NOT_REGULAR`` when it is no
        regular file (not opened: a FIFO would block)."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read: never opened
            return NOT_REGULAR
        key = str(path.resolve())
        with self._lock:
            hit = self._entries.get(key)
        if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            return str(hit[2])
        value = file_digest(path)
        with self._lock:
            self._entries[key] = [st.st_size, st.st_mtime_ns, value]
        return value

    def entries(self) -> dict[str, list[Any]]:
        with self._lock:
            return dict(sorted(self._entries.items()))


def _module_file(name: str) -> Path | None:
    """Source file of package module ``name`` (``a.b`` → ``a/b.py`` or ``a/b/__init__.py``)."""
    if name != PACKAGE_NAME and not name.startswith(PACKAGE_NAME + "."):
        return None
    base = paths.PACKAGE_DIR.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


_FROM_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#]*)",
    re.MULTILINE,
)
_PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+(?P<names>[\w.][\w., \t]*)", re.MULTILINE)


def _names(text: str) -> list[str]:
    """``a, b as c, (d,\n e)`` → ``["a", "b", "d", "e"]``."""
    cleaned = re.sub(r"#[^\n]*", "", text).strip("()")
    return [part.split(" as ")[0].strip() for part in cleaned.split(",") if part.strip()]


@functools.lru_cache(maxsize=1024)
def _imports_cached(name: str, source: str, size: int, mtime_ns: int) -> frozenset[str]:
    text = Path(source).read_text(encoding="utf-8")
    is_pkg = Path(source).name == "__init__.py"
    found: set[str] = set()
    for m in _FROM_IMPORT.finditer(text):
        base = m.group("base")
        level = len(base) - len(base.lstrip("."))
        if level:
            parts = name.split(".")
            keep = len(parts) - level + (1 if is_pkg else 0)
            rest = base.lstrip(".")
            base = ".".join(parts[:keep] + ([rest] if rest else []))
        found.add(base)
        found.update(f"{base}.{n}" for n in _names(m.group("names")))  # submodule imports
    for m in _PLAIN_IMPORT.finditer(text):
        found.update(_names(m.group("names")))
    return frozenset(x for x in found if _module_file(x) is not None)


def _imports_of(name: str, source: Path) -> set[str]:
    """Package modules imported by the module ``name`` stored in ``source`` (any import
    statement, also inside functions; found by pattern, cached per file version)."""
    st = source.stat()
    return set(_imports_cached(name, str(source), st.st_size, st.st_mtime_ns))


def module_closure(modules: Iterable[str]) -> dict[str, Path]:
    """Every package module reachable by imports from ``modules`` (with parent packages)."""
    todo = list(modules)
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        source = _module_file(name)
        if source is None:
            continue
        seen[name] = source
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_imports_of(name, source))
    return dict(sorted(seen.items()))


def imported_package_modules(code: str) -> set[str]:
    """Package modules named in the import statements of a piece of code (e.g. a notebook).

    IPython magics (lines starting with ``%`` or ``!``) are ignored; code that still does not
    parse is scanned line by line for ``from X import`` / ``import X``.
    """
    text = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()
    )
    found: set[str] = set()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        found.update(re.findall(r"(?m)^\s*(?:from|import)\s+([\w.]+)", text))
    else:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if _module_file(m) is not None}
