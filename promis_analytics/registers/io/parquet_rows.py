"""Source row numbers of a register kept as a Parquet column (cache, streamed check)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["ROW_COLUMN", "with_row_column"]

#: Column of the Parquet file holding ``data.attrs["rows"]`` (source row numbers): as a column
#: it is read in milliseconds, as JSON in the Parquet metadata it took most of a warm hit.
ROW_COLUMN = "__promis_source_row__"


def with_row_column(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with ``attrs["rows"]`` moved into the column ``ROW_COLUMN`` (when they are
    whole numbers, one per row); other ``attrs`` stay in the Parquet metadata."""
    rows = data.attrs.get("rows")
    if rows is None or len(rows) != len(data) or not all(type(r) is int for r in rows):
        return data
    out = pd.DataFrame(data, copy=False)  # shallow, and without the (large) attrs
    out[ROW_COLUMN] = np.asarray(rows, dtype=np.int64)
    out.attrs = {k: v for k, v in data.attrs.items() if k != "rows"}
    return out
