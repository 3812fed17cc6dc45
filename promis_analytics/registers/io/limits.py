"""Size limits of the files read (registers and documents): defaults, environment, arguments.

A limit protects the machine from files that would exhaust it (zip bombs, a cell at
XFD1048576, a PDF stream inflating to gigabytes); a legitimate register of a million rows or a
report of hundreds of pages passes the defaults. Each limit can be raised for one call
(``load(..., limits=Limits(max_cells=...))``, ``read_document(path, limits=...)``, ``promis
validate --max-cells N --max-file-mb M``, ``promis extract card --max-pages N
--max-document-mb M``) or for every call (environment variables below).
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Literal

__all__ = ["COUNTS", "ENV", "Limits", "active", "using"]

MIB = 1024 * 1024
# Safety limits (issue 8 tightens and tests them here, in the one place files are opened).
# Default limits (``registers.io.limits``: raised per call, by CLI option or environment); a
# register of a million rows (≈ 15 M cells, ≈ 200 MB CSV, ≈ 60 MB xlsx) passes them.
MAX_CSV_BYTES = 256 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 1536 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_CELLS = 20_000_000


#: setting → environment variable (sizes in MiB, cells as a count)
ENV: dict[str, str] = {
    "max_cells": "PROMIS_MAX_CELLS",
    "max_csv_bytes": "PROMIS_MAX_CSV_MB",
    "max_workbook_bytes": "PROMIS_MAX_WORKBOOK_MB",
    "max_xlsx_uncompressed": "PROMIS_MAX_XLSX_UNPACKED_MB",
    "max_document_bytes": "PROMIS_MAX_DOCUMENT_MB",
    "max_document_unpacked": "PROMIS_MAX_DOCUMENT_UNPACKED_MB",
    "max_document_elements": "PROMIS_MAX_DOCUMENT_ELEMENTS",
    "max_pdf_pages": "PROMIS_MAX_PDF_PAGES",
    "max_pdf_stream_bytes": "PROMIS_MAX_PDF_STREAM_MB",
    "max_text_lines": "PROMIS_MAX_TEXT_LINES",
}
#: settings that are counts (the others are bytes, given in MiB in the environment)
COUNTS = frozenset({"max_cells", "max_document_elements", "max_pdf_pages", "max_text_lines"})


#: The name of one limit (a field of :class:`Limits`).
LimitName = Literal[
    "max_cells",
    "max_csv_bytes",
    "max_workbook_bytes",
    "max_xlsx_uncompressed",
    "max_document_bytes",
    "max_document_unpacked",
    "max_document_elements",
    "max_pdf_pages",
    "max_pdf_stream_bytes",
    "max_text_lines",
]


@dataclass(frozen=True)
class Limits:
    """Cells in one sheet or file; CSV file bytes; workbook file bytes (compressed); workbook
    bytes unpacked (all parts); document file bytes; XML bytes unpacked and XML elements of a
    .docx/.odt; PDF pages; bytes one PDF stream inflates to; lines of a text document.
    ``None`` fields take the environment variables of ``ENV``, then the module defaults
    (``registers.MAX_CELLS``, ``safety.MAX_DOCUMENT_BYTES`` …)."""

    max_cells: int | None = None
    max_csv_bytes: int | None = None
    max_workbook_bytes: int | None = None
    max_xlsx_uncompressed: int | None = None
    max_document_bytes: int | None = None
    max_document_unpacked: int | None = None
    max_document_elements: int | None = None
    max_pdf_pages: int | None = None
    max_pdf_stream_bytes: int | None = None
    max_text_lines: int | None = None

    def value(self, name: LimitName) -> int:
        """The limit ``name`` of resolved limits (:meth:`resolved` fills every field, as do
        :func:`active` and :func:`using`); a field still None is a programming error."""
        value = getattr(self, name)
        if value is None:
            raise ValueError(f"limit {name} is not resolved: use Limits.resolved() first")
        return int(value)

    def resolved(self) -> Limits:
        """Every field filled: the argument, else the environment, else the module default."""
        from promis_analytics import safety

        defaults = {
            "max_cells": MAX_CELLS,
            "max_csv_bytes": MAX_CSV_BYTES,
            "max_workbook_bytes": safety.MAX_WORKBOOK_BYTES,
            "max_xlsx_uncompressed": MAX_XLSX_UNCOMPRESSED,
            **safety.DOCUMENT_DEFAULTS,
        }
        out = {}
        for f in fields(self):
            given = getattr(self, f.name)
            env = os.environ.get(ENV[f.name], "").strip()
            if given is not None:
                out[f.name] = given
            elif env:
                out[f.name] = _from_env(f.name, env)
            else:
                out[f.name] = defaults[f.name]
        return replace(self, **out)


def _from_env(name: str, text: str) -> int:
    """The limit ``name`` from its environment variable: a positive number (MiB for sizes);
    anything else is a ``ValueError`` naming the variable (uk/en)."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        unit_uk, unit_en = ("число", "number") if name in COUNTS else ("число МіБ", "number of MiB")
        raise ValueError(
            f"змінна середовища {ENV[name]}={text!r}: очікувалося додатне {unit_uk} · "
            f"environment variable {ENV[name]}={text!r}: expected a positive {unit_en}"
        )
    return int(value if name in COUNTS else value * MIB)


_ACTIVE: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("limits", default=None)


def active() -> Limits:
    """The limits in force for the current read (resolved)."""
    current = _ACTIVE.get()
    return current if current is not None else Limits().resolved()


@contextmanager
def using(limits: Limits | None) -> Iterator[Limits]:
    """Make ``limits`` (resolved) the ones in force inside the block."""
    token = _ACTIVE.set((limits or Limits()).resolved())
    try:
        yield _ACTIVE.get()  # type: ignore[misc]
    finally:
        _ACTIVE.reset(token)
