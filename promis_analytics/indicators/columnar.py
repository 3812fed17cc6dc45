"""Indicator tables of a large register computed from its Parquet file(s), batch by batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import NONE, check_by, city_keys, is_missing
from promis_analytics.indicators.event_sums import (
    SUM_COLUMNS,
    finish_participants,
    oblast_of,
    partner_keys_of,
)
from promis_analytics.indicators.participants import participants_per_city
from promis_analytics.indicators.participants_by import (
    BY_PLACE,
    combined,
    participants_by_dimension,
    participants_by_dimension_batches,
    participants_by_dimensions,
)

__all__ = [
    "BATCH_ROWS",
    "COLUMNAR_MIN_ROWS",
    "participants_by_dimension_of",
    "participants_by_dimensions_from_parquet",
    "participants_by_dimensions_of",
    "participants_from_parquet",
    "participants_of",
    "source_counts_from_parquet",
]

#: Registers of at least this many rows are aggregated from Parquet by the build (smaller
#: ones through the pandas functions: the same tables, and a frame that size is cheap).
COLUMNAR_MIN_ROWS = 1_000_000

#: Rows read at a time: memory holds one batch of the needed columns, never the register.
BATCH_ROWS = 1 << 20
_FUNC = "participants_from_parquet"
#: Register cells the partial sums are grouped by (raw values; mapped to keys afterwards).
_RAW_KEYS: tuple[str, ...] = ("city", "event_type", "component")
_OPTIONAL = ("women", "period_status")


def _dataset(source: str | Path | pads.Dataset) -> pads.Dataset:
    """``source`` as an Arrow dataset (a Parquet file, or a folder of Parquet files)."""
    if isinstance(source, pads.Dataset):
        return source
    return pads.dataset(str(source), format="parquet")


def _batches(data: pads.Dataset, columns: list[str]) -> Iterator[pa.RecordBatch]:
    """The ``columns`` of ``data``, ``BATCH_ROWS`` rows at a time, one batch in memory: no
    read-ahead and no scan threads (Arrow's defaults hold ~1 GB of a 10⁷-row register
    ahead of the reduction, and gain nothing on a shared two-core machine)."""
    yield from data.to_batches(
        columns=columns,
        batch_size=BATCH_ROWS,
        batch_readahead=0,
        fragment_readahead=0,
        use_threads=False,
    )


def _plain(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A dictionary-encoded (categorical) column as its plain values."""
    if pa.types.is_dictionary(column.type):
        return pc.cast(column, column.type.value_type)
    return column


def _float(batch: pa.RecordBatch, name: str) -> pa.Array:
    """Column ``name`` as float64 (all null when the register has no such column)."""
    if name not in batch.schema.names:
        return pa.nulls(batch.num_rows, pa.float64())
    return pc.cast(_plain(batch.column(name)), pa.float64())


def _batch_sums(batch: pa.RecordBatch, keys: Sequence[str]) -> pd.DataFrame:
    """The ``SUM_COLUMNS`` of ``event_sums`` per distinct raw ``keys`` of one batch."""
    p, w = _float(batch, "participants"), _float(batch, "women")
    p0 = pc.fill_null(p, 0.0)
    has_w = pc.is_valid(w)
    if "period_status" in batch.schema.names:
        status = pc.cast(_plain(batch.column("period_status")), pa.string())
        outside = pc.fill_null(pc.equal(status, "outside"), False)
    else:
        outside = pa.array(np.zeros(batch.num_rows, dtype=bool))
    zero = pa.scalar(0.0)
    columns = {
        "events": pa.array(np.ones(batch.num_rows, dtype=np.int64)),
        "participants": p0,
        "events_missing_participants": pc.cast(pc.is_null(p), pa.int64()),
        "known_participants": pc.cast(pc.is_valid(p), pa.int64()),
        "events_with_women": pc.cast(has_w, pa.int64()),
        "participants_with_women": pc.if_else(has_w, p0, zero),
        "women": pc.fill_null(w, 0.0),
        "outside_events": pc.cast(outside, pa.int64()),
        "outside_participants": pc.if_else(outside, p0, zero),
    }
    for k in keys:
        columns[f"raw_{k}"] = pc.cast(_plain(batch.column(k)), pa.string())
    table = pa.table(columns)
    agg = table.group_by([f"raw_{k}" for k in keys], use_threads=False).aggregate(
        [(c, "sum") for c in SUM_COLUMNS]
    )
    frame = agg.to_pandas()
    return frame.rename(columns={f"{c}_sum": c for c in SUM_COLUMNS})


def _label(value: object) -> str:
    """An event type or component cell as a group label (empty → ``NONE``)."""
    return NONE if is_missing(value) else str(value)


def _by_keys(partial: pd.DataFrame, keys: Sequence[str], by: Sequence[str]) -> pd.DataFrame:
    """The partial sums of distinct raw cells regrouped by the place keys and labels of ``by``."""
    out = partial[list(SUM_COLUMNS)].copy()
    out["city"] = city_keys(partial["raw_city"].astype(object), _FUNC).to_numpy()
    for k in keys:
        if k != "city":
            out[k] = [_label(v) for v in partial[f"raw_{k}"]]
    if "oblast" in by:
        out["oblast"] = [oblast_of(k) for k in out["city"]]
    grouped = out.groupby(list(by), sort=False, dropna=False)[list(SUM_COLUMNS)].sum()
    return grouped.reset_index()


def _scan(data: pads.Dataset, keys: Sequence[str]) -> tuple[pd.DataFrame, int, float]:
    """Partial sums of every batch, the number of rows read and Σ participants (counted apart
    from the groups, for the totals check)."""
    names = set(data.schema.names)
    columns = [c for c in ("participants", *_OPTIONAL) if c in names]
    columns += [k for k in keys if k not in columns]
    parts, rows, people = [], 0, 0.0
    for batch in _batches(data, columns):
        if not batch.num_rows:
            continue
        parts.append(_batch_sums(batch, keys))
        rows += batch.num_rows
        people += float(pc.sum(_float(batch, "participants")).as_py() or 0.0)
    empty = pd.DataFrame({**{f"raw_{k}": [] for k in keys}, **{c: [] for c in SUM_COLUMNS}})
    partial = pd.concat(parts, ignore_index=True) if parts else empty
    return partial.astype({f"raw_{k}": object for k in keys}), rows, people


def participants_from_parquet(
    source: str | Path | pads.Dataset,
    *,
    by: Sequence[str] | str = ("city",),
    partners: Iterable[str] | None = None,
) -> pd.DataFrame:
    """``participants_per_city(events, by=by)`` of the events register stored as Parquet
    (the processed table, or the validation cache), without reading it into pandas.

    The needed columns (``city``, ``participants``, ``women``, ``period_status`` and the
    ``by`` labels) are read ``BATCH_ROWS`` rows at a time; each batch is reduced by Arrow to
    its ``SUM_COLUMNS`` per distinct raw cell (Σ of sums is the sum: batches combine exactly,
    as partitions would on DuckDB, Spark or Dask); the distinct city spellings are mapped to
    place keys once and ``event_sums.finish_participants`` finishes the same table as the
    pandas function: same columns, dtypes, order and NA (unknown) counts.
    ``attrs["partners"]`` = the keys of ``partners`` (None without); ``attrs["excluded"]`` is
    empty (no filter here). Memory: one batch plus one row per distinct (city, type,
    component) cell.
    """
    by_t = check_by(by, ("city", "oblast", "event_type", "component"), _FUNC)
    data = _dataset(source)
    needed = ["city", "participants", *(c for c in ("event_type", "component") if c in by_t)]
    missing = [c for c in needed if c not in data.schema.names]
    if missing:
        raise IndicatorError(f"{_FUNC}: missing column(s) {missing}; found {data.schema.names}")
    keys = [k for k in _RAW_KEYS if k == "city" or k in by_t]
    partial, rows, people = _scan(data, keys)
    out = finish_participants(
        _by_keys(partial, keys, by_t), by_t, rows=rows, participants=people, func=_FUNC
    )
    out.attrs["excluded"] = ()
    out.attrs["partners"] = partner_keys_of(partners, _FUNC) if partners is not None else None
    return out


def participants_of(dataset: Any, *, by: Sequence[str] | str = ("city",)) -> pd.DataFrame:
    """``participants_per_city(dataset["events"], by=by)`` of a ``Dataset``, the same table:
    from the Parquet file of its events (``participants_from_parquet``, the folder's
    partners) while the register is not read yet and has ``COLUMNAR_MIN_ROWS`` rows or more
    (a notebook inside ``promis build``, ``Dataset.stored``), else by the pandas function,
    so a 10⁷-row register is never read into pandas for it."""
    stored = _large(dataset)
    if stored is not None:
        return participants_from_parquet(stored, by=by, partners=dataset.project.partners)
    return participants_per_city(dataset["events"], by=by)


def _large(dataset: Any) -> Path | None:
    """The events' cache Parquet of ``dataset`` when the register is not read yet and has
    ``COLUMNAR_MIN_ROWS`` rows or more (``Dataset.stored``), else None."""
    stored = dataset.stored("events") if hasattr(dataset, "stored") else None
    if stored is None or dataset.shape("events")[0] < COLUMNAR_MIN_ROWS:
        return None
    return Path(stored)


def _dimension_tables(
    stored: Path, dims: Sequence[Any], by: Sequence[str] | str
) -> dict[str, pd.DataFrame]:
    """``participants_by_dimension_batches`` over the Parquet file ``stored``, read
    ``BATCH_ROWS`` rows (only the needed columns) at a time."""
    data = _dataset(stored)
    wanted = ["participants", *BY_PLACE, *(n for d in dims for n in d.column_names)]
    columns = [c for c in dict.fromkeys(wanted) if c in data.schema.names]
    frames = (b.to_pandas() for b in _batches(data, columns))
    return participants_by_dimension_batches(frames, dims, by=by)


def participants_by_dimensions_of(
    dataset: Any, *, by: Sequence[str] | str = ("city",)
) -> pd.DataFrame:
    """``participants_by_dimensions(dataset["events"], by=by)`` of a ``Dataset``, the same
    table: batch by batch from the events' Parquet file for a large register not read yet
    (as ``participants_of``), else by the pandas function."""
    stored = _large(dataset)
    if stored is None:
        return participants_by_dimensions(dataset["events"], by=by)
    return participants_by_dimensions_from_parquet(stored, dataset.project.dimensions, by=by)


def participants_by_dimensions_from_parquet(
    source: str | Path, dimensions: Sequence[Any], *, by: Sequence[str] | str = ("city",)
) -> pd.DataFrame:
    """``participants_by_dimensions(events, by=by, dimensions=dimensions)`` of the events
    register stored as Parquet, batch by batch (``participants_by_dimension_batches``):
    the same table without the register in pandas."""
    dims = tuple(dimensions)
    by_t = check_by(by, BY_PLACE, "participants_by_dimensions")
    return combined(_dimension_tables(Path(source), dims, by_t), dims, by_t)


def participants_by_dimension_of(
    dataset: Any, dimension: str, *, by: Sequence[str] | str = ("city",)
) -> pd.DataFrame:
    """``participants_by_dimension(dataset["events"], dimension, by=by)`` of a ``Dataset``,
    the same table: from the events' Parquet file for a large register not read yet."""
    stored = _large(dataset)
    if stored is None:
        return participants_by_dimension(dataset["events"], dimension, by=by)
    dims = tuple(d for d in dataset.project.dimensions if d.name == dimension)
    if not dims:  # the pandas function names the unknown dimension and the declared ones
        return participants_by_dimension(dataset.columns("events", ["participants"]), dimension)
    return _dimension_tables(stored, dims, by)[dimension]


def source_counts_from_parquet(source: str | Path | pads.Dataset) -> dict[str, int]:
    """Rows per ``source`` id of a register stored as Parquet (empty id for an empty cell),
    counted batch by batch — what ``indicator_tables``' ``register_sources`` counts."""
    data = _dataset(source)
    if "source" not in data.schema.names:
        return {}
    counts: dict[str, int] = {}
    for batch in _batches(data, ["source"]):
        values = pc.fill_null(pc.cast(_plain(batch.column("source")), pa.string()), "")
        for item in pc.value_counts(values).to_pylist():
            counts[item["values"]] = counts.get(item["values"], 0) + int(item["counts"])
    return dict(sorted(counts.items()))
