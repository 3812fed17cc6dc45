"""Typed frames of accepted rows and raw frames of rejected rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.check.cells import cell_text
from promis_analytics.registers.check.pair_checks import Coded
from promis_analytics.registers.schema.fields import Field
from promis_analytics.registers.schema.schemas import Schema
from promis_analytics.registers.schema.types import TEXT, column_type


def _series(f: Field, values: Sequence[Any] | np.ndarray) -> pd.Series:
    """One typed column as the field's type builds it (``ColumnType.series``)."""
    return column_type(f).series(values)


def _typed_frame(
    schema: Schema, records: list[dict[str, Any]], extras: Sequence[str] = ()
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


def rejects_frame(schema: Schema, records: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for r in records:
        row: dict[str, Any] = {"row": r["_row"]}
        for c in schema.columns:
            v = r["_raw"].get(c)
            row[c] = None if v is None else cell_text(v)
        row["problems"] = "; ".join(
            f"{e.column_letter or ''} {e.problem('en')}".strip() for e in r["_problems"]
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=["row", *schema.columns, "problems"])


def typed_frame(
    schema: Schema,
    typed: dict[str, np.ndarray],
    extras: dict[str, Coded],
    keep: list[int],
    numbers: list[int],
    coded: dict[str, Coded] | None = None,
) -> pd.DataFrame:
    """The accepted rows (positions ``keep``) in the schema's columns and dtypes, then the
    extra columns as text; ``attrs["rows"]`` = their Excel row numbers. Columns are object
    arrays, one item per data row; ``coded`` holds some of them as (codes, distinct values),
    from which text and whole-number columns are built without a Python object per row (the
    extra columns always come so)."""
    n = len(next(iter(typed.values()), []))
    every = len(keep) == n  # all rows accepted (keep is ascending and unique): no copy
    where = np.asarray(keep, dtype=np.int64)
    coded = coded or {}

    def pick(values: np.ndarray) -> np.ndarray:
        return values if every else values[where]

    def column(f: Field | None, values: np.ndarray | None, pair: Coded | None) -> pd.Series:
        if pair is not None:
            fast = _from_codes(f, pick(pair.codes), pair.values)
            if fast is not None:
                return fast
        if values is None:  # an extra column whose values are not all text
            assert pair is not None  # every column without values comes coded
            values = pair.values[pair.codes]
        return _series(f, pick(values)) if f else pd.Series(pick(values), dtype="str")

    columns = {c: column(schema.field(c), typed[c], coded.get(c)) for c in schema.columns}
    for name, pair in extras.items():
        columns[name] = column(None, None, pair)
    df = pd.DataFrame(columns)
    df.attrs["rows"] = list(numbers) if every else np.asarray(numbers)[where].tolist()
    return df


def _from_codes(f: Field | None, codes: np.ndarray, value_u: np.ndarray) -> pd.Series | None:
    """The column ``value_u[codes]`` (code -1: missing) as ``_series`` makes it, built by
    the type's vectorised ``ColumnType.from_codes`` (an extra column: as text); None when
    the type has none or the values do not fit it."""
    build = (column_type(f) if f is not None else TEXT).from_codes
    return build(codes, value_u) if build is not None else None
