"""Read one metadata CSV table: every problem (file, line, column, found, expected) at once."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from promis_analytics.errors import PromisError
from promis_analytics.paths import PACKAGE_DATA_DIR

__all__ = ["METADATA_DIR", "MetadataError", "RowCheck", "problem", "read_table"]

#: Where the metadata tables live: ``fields.csv``, ``vocab/<name>.csv``, ``chart_labels.csv``.
METADATA_DIR: Path = PACKAGE_DATA_DIR / "metadata"


class MetadataError(PromisError, ValueError):
    """A metadata table is malformed (every problem, in Ukrainian and English)."""


def problem(line: int, uk: str, en: str) -> str:
    """One problem of a table row: «рядок N: …» / "line N: …"."""
    return f"рядок {line}: {uk} / line {line}: {en}"


#: what is wrong with one row: (Ukrainian, English) texts
RowCheck = Callable[[Mapping[str, str]], list[tuple[str, str]]]


def read_table(
    path: Path,
    required: Iterable[str],
    unique: str | None = None,
    filled: Iterable[str] = (),
    check: RowCheck | None = None,
) -> list[dict[str, str]]:
    """The rows of ``path`` (UTF-8, with or without BOM) as stripped strings.

    ``required`` columns must exist; ``filled`` columns must be non-empty in every row;
    the ``unique`` column may not repeat a value; ``check`` returns the other problems of a
    row. Raises :class:`MetadataError` listing every problem with its line number.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        found = list(reader.fieldnames or ())
        missing = [c for c in required if c not in found]
        if missing:
            raise MetadataError(
                f"{path}: немає стовпців {', '.join(missing)} (є: {', '.join(found)}) / "
                f"missing column(s) {', '.join(missing)} (found: {', '.join(found)})"
            )
        rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    problems = _row_problems(rows, tuple(filled), unique)
    if check is not None:
        problems += [
            problem(line, uk, en) for line, row in enumerate(rows, start=2) for uk, en in check(row)
        ]
        problems.sort(key=lambda text: int(text.split(":", 1)[0].split()[-1]))
    if problems:
        raise MetadataError(f"{path}:\n" + "\n".join(problems))
    return rows


def _row_problems(rows: list[dict[str, str]], filled: tuple[str, ...], unique: str | None) -> list:
    """Empty required cells and repeated keys of ``rows`` (line 2 is the first row)."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        problems += [
            problem(line, f"стовпець {c!r}: порожньо", f"column {c!r}: empty cell")
            for c in filled
            if not row.get(c)
        ]
        key = row.get(unique or "", "")
        if unique and key in seen:
            where = seen[key]
            problems.append(
                problem(line, f"{key!r} уже є в рядку {where}", f"{key!r} repeats line {where}")
            )
        seen.setdefault(key, line)
    return problems
