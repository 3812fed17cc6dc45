"""Typed frames of accepted rows and raw frames of rejected rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.cells import _text
from promis_analytics.registers.fields import Field
from promis_analytics.registers.schemas import Schema


def _series(f: Field, values: Sequence[Any]) -> pd.Series:
    if f.allowed is not None or f.dtype in ("text", "id", "category", "city", "cities"):
        return pd.Series(values, dtype="str")
    if f.dtype in ("int", "year"):
        return pd.Series(values, dtype="Int64")
    if f.dtype == "date":
        return pd.to_datetime(pd.Series(values, dtype="object"))
    return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")


def _typed_frame(
    schema: Schema, records: list[dict[str, Any]], extras: list[str] = ()
) -> pd.DataFrame:
    """Accepted rows in the schema's columns and dtypes, then the extra columns as text."""
    columns = {
        c: _series(schema.field(c), [r["_values"].get(c) for r in records]) for c in schema.columns
    }
    for name in extras:
        columns[name] = pd.Series([r["_extra"].get(name) for r in records], dtype="str")
    df = pd.DataFrame(columns)
    df.attrs["rows"] = [r["_row"] for r in records]
    return df


def empty_frame(schema: Schema) -> pd.DataFrame:
    """An empty DataFrame with the register's columns and dtypes."""
    return _typed_frame(schema, [])


def _rejects_frame(schema: Schema, records: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for r in records:
        row: dict[str, Any] = {"row": r["_row"]}
        for c in schema.columns:
            v = r["_raw"].get(c)
            row[c] = None if v is None else _text(v)
        row["problems"] = "; ".join(
            f"{e.column_letter or ''} {e.problem('en')}".strip() for e in r["_problems"]
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=["row", *schema.columns, "problems"])


def typed_frame(
    schema: Schema,
    typed: dict[str, np.ndarray],
    extras: dict[str, np.ndarray],
    keep: list[int],
    numbers: list[int],
) -> pd.DataFrame:
    """The accepted rows (positions ``keep``) in the schema's columns and dtypes, then the
    extra columns as text; ``attrs["rows"]`` = their Excel row numbers. Columns are object
    arrays, one item per data row."""
    n = len(next(iter(typed.values()), []))
    every = len(keep) == n  # all rows accepted (keep is ascending and unique): no copy
    where = np.asarray(keep, dtype=np.int64)

    def pick(values: np.ndarray) -> np.ndarray:
        return values if every else values[where]

    columns = {c: _series(schema.field(c), pick(typed[c])) for c in schema.columns}
    for name, values in extras.items():
        columns[name] = pd.Series(pick(values), dtype="str")
    df = pd.DataFrame(columns)
    df.attrs["rows"] = [numbers[p] for p in keep]
    return df
