"""Codifier code and oblast beside every place column of a typed register (processed tables)."""

from __future__ import annotations

import pandas as pd

from promis_analytics.registers.schema.schemas import SCHEMAS
from promis_analytics.registers.schema.types import REGISTRY

__all__ = ["with_place_columns"]


def with_place_columns(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """``table`` with, after each single-place column ``c`` of register ``kind``, the columns
    ``c_katottg`` (the place's code in the national codifier, empty for foreign places and
    online events) and ``c_oblast`` (its oblast in Ukrainian, e.g. «Волинська область»).

    Each distinct key is looked up once; rows, their order and every other column are kept.
    """
    from promis_analytics.reference import city

    out = table.copy(deep=False)  # copy-on-write: the inserted columns are the only new data
    for f in SCHEMAS[kind].fields():
        if not REGISTRY[f.dtype].one_place or f.name not in out.columns:
            continue
        keys = out[f.name]
        info = {k: city(k) for k in keys.dropna().unique()}
        at = out.columns.get_loc(f.name) + 1
        code = keys.map({k: c.katottg for k, c in info.items()})  # a hash lookup per row
        oblast = keys.map({k: c.oblast_uk for k, c in info.items()})
        out.insert(at, f"{f.name}_katottg", code.astype("string"))
        out.insert(at + 1, f"{f.name}_oblast", oblast.astype("string"))
    return out
