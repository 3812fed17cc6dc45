"""A register's own oblast/raion/hromada columns narrow its ambiguous places; what stays
ambiguous lists the ten likeliest candidates, the register's oblast first.

Context columns are headers named in ``data/place_context_headers.csv`` («Область», «Район»,
«Громада», «ТГ»…). They stay in the data as extra columns; for a place cell that fits
several places of the codifier, their cells of the same row are passed to
``reference.resolve_place(text, context=…)`` («Волинська» under «Область» reads as
«Волинська область»). A place so resolved is accepted; one still ambiguous keeps the
problem with the shorter list (``reference.resolve.shortlist``).
"""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache

import numpy as np

from promis_analytics.errors import AmbiguousPlaceError, UnknownPlaceError
from promis_analytics.paths import PACKAGE_DATA_DIR
from promis_analytics.registers.check.autofill import EXTRA_PREFIX
from promis_analytics.registers.check.columnar import RowsResult
from promis_analytics.registers.schema.fields import FIELDS
from promis_analytics.registers.schema.headers import fold
from promis_analytics.registers.schema.report import NOTE, ValidationReport
from promis_analytics.registers.schema.types import REGISTRY

__all__ = ["CONTEXT_FILE", "context_unit", "narrow_places"]

CONTEXT_FILE = PACKAGE_DATA_DIR / "place_context_headers.csv"


@cache
def _units() -> dict[str, str]:
    with CONTEXT_FILE.open(encoding="utf-8", newline="") as fh:
        return {fold(r["header"]): r["unit"] for r in csv.DictReader(fh)}


def context_unit(header: object) -> str | None:
    """«область»/«район»/«громада» when ``header`` names a context column, else None."""
    return _units().get(fold(header)) if header is not None else None


def _with_unit(value: str, unit: str) -> str:
    """«Волинська» → «Волинська область»; a value that names its unit stays as it is."""
    from promis_analytics.reference.context import parse_context

    if any(item.category for item in parse_context(value)):
        return value
    return f"{value} {unit}"


def _row_context(result: RowsResult, columns: list[tuple[str, str]], p: int) -> str:
    parts = []
    for name, unit in columns:
        pair = result.extras[name]
        code = int(pair.codes[p])
        value = pair.values[code] if code >= 0 else None
        if value is not None and str(value).strip():
            parts.append(_with_unit(str(value).strip(), unit))
    return ", ".join(parts)


def _main_oblast(values: np.ndarray) -> str | None:
    """The oblast most places of the column lie in (the register's own area), if any."""
    from promis_analytics.reference import city

    counts: Counter[str] = Counter()
    for key in values:
        if isinstance(key, str):
            try:
                oblast = city(key).oblast_uk
            except UnknownPlaceError:
                continue
            if oblast:
                counts[oblast] += 1
    return counts.most_common(1)[0][0] if counts else None


def narrow_places(
    result: RowsResult,
    colmap: dict[int, str],
    written: dict[int, str],
    extras: dict[int, str],
    report: ValidationReport,
) -> None:
    """Re-resolve each ambiguous place cell with its row's context columns (module
    docstring): resolved → the typed value set and the problem removed; still ambiguous →
    the candidates listed again, the register's oblast first."""
    from promis_analytics.reference import resolve_place
    from promis_analytics.reference.resolve import shortlist

    ambiguous = [
        (p, e) for p, es in result.errors.items() for e in es if e.code == "ambiguous_place"
    ]
    if not ambiguous:
        return
    columns = [
        (EXTRA_PREFIX + h, unit) for h in extras.values() if (unit := context_unit(h)) is not None
    ]
    canonical = {written[i]: c for i, c in colmap.items() if i in written}
    oblasts: dict[str, str | None] = {}
    for p, entry in ambiguous:
        col = canonical.get(entry.column or "")
        if (
            col is None
            or col not in result.typed
            or col not in FIELDS
            or not REGISTRY[FIELDS[col].dtype].one_place
        ):
            continue
        if col not in oblasts:
            oblasts[col] = _main_oblast(result.typed[col])
        context = _row_context(result, columns, p)
        try:
            match = resolve_place(str(entry.value), context=context or None)
        except AmbiguousPlaceError as exc:
            entry.params["candidates"] = shortlist(exc.candidates, oblasts[col])
            continue
        except UnknownPlaceError:
            continue
        result.typed[col][p] = match.place.key
        if match.note_uk:
            report.add(
                "place_note", row=entry.row, column=entry.column,
                column_letter=entry.column_letter, value=entry.value,
                note_uk=match.note_uk, note_en=match.note_en, severity=NOTE,
            )  # fmt: skip
        result.coded.pop(col, None)
        result.errors[p].remove(entry)
        report.entries.remove(entry)
        if not result.errors[p]:
            del result.errors[p]
