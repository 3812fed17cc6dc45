"""Checksum manifest (``MANIFEST.sha256``) of an output folder: write it, check files against it.

Format: one line per file, ``<sha256 hex>  <file name>`` (the ``sha256sum`` format, so
``cd figures && sha256sum -c MANIFEST.sha256`` checks it too), sorted by name, "\\n" endings.
Run ``promis manifest write figures reports`` after a build.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from promis_analytics.export import atomic_write
from promis_analytics.pipeline.hashing import file_digest

MANIFEST_NAME = "MANIFEST.sha256"
EXCLUDED = frozenset({MANIFEST_NAME})


#: SHA-256 hex digest of a file's bytes (the build's own content hash).
sha256_file = file_digest


def manifest_files(folder: Path) -> list[Path]:
    """The files a manifest of ``folder`` covers: regular, not hidden, not in ``EXCLUDED``."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name not in EXCLUDED
    )


def write_manifest(folder: str | Path, files: Iterable[Path] | None = None) -> Path:
    """Write ``folder/MANIFEST.sha256`` for ``files`` (default ``manifest_files(folder)``)."""
    root = Path(folder)
    chosen = sorted(files, key=lambda p: p.name) if files is not None else manifest_files(root)
    text = "".join(f"{sha256_file(p)}  {p.name}\n" for p in chosen)
    return atomic_write(root / MANIFEST_NAME, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_manifest(folder: str | Path) -> dict[str, str]:
    """File name → digest from ``folder/MANIFEST.sha256``."""
    out: dict[str, str] = {}
    for line in (Path(folder) / MANIFEST_NAME).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        out[name] = digest
    return out


def check_manifest(folder: str | Path, files: Iterable[Path] | None = None) -> list[str]:
    """Problems between ``folder``'s files and its manifest ([] when they agree).

    Reports files that changed, files listed but absent, and files present (``files``, default
    ``manifest_files(folder)``) but not listed.
    """
    root = Path(folder)
    listed = read_manifest(root)
    present = {p.name: p for p in (files if files is not None else manifest_files(root))}
    problems = []
    for name, digest in sorted(listed.items()):
        p = root / name
        if not p.is_file():
            problems.append(f"{name}: listed in {MANIFEST_NAME} but missing")
        elif sha256_file(p) != digest:
            problems.append(f"{name}: content differs from {MANIFEST_NAME}")
    for name in sorted(set(present) - set(listed)):
        problems.append(f"{name}: not listed in {MANIFEST_NAME}")
    return problems
