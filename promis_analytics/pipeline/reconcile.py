"""Row reconciliation from raw file to processed table to indicator totals; fails loudly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from promis_analytics.errors import ReconciliationError
from promis_analytics.indicators.specs import TABLE_SPECS

Mismatch = tuple[str, str, object, object]


def _raw_vs_loaded(dataset: Any) -> list[Mismatch]:
    """Every raw row is accepted, rejected, blank or a totals row; the table holds the accepted."""
    out: list[Mismatch] = []
    for kind, reg in getattr(dataset, "loaded", {}).items():
        r = reg.report
        parts = r.accepted + r.rejected + r.blank + r.totals
        if r.rows_read != parts:
            out.append(
                (
                    f"{r.file} ({kind})",
                    "rows read vs accepted+rejected+blank+totals",
                    r.rows_read,
                    parts,
                )
            )
        if len(dataset[kind]) != r.accepted:
            out.append(
                (kind, "rows in the loaded table vs rows accepted", len(dataset[kind]), r.accepted)
            )
    return out


def _rows(table: Any) -> int:
    """Rows of a DataFrame, or of a .parquet (from its footer: no rows read) or .csv file."""
    if isinstance(table, pd.DataFrame):
        return len(table)
    if str(table).endswith(".parquet"):
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(table).metadata.num_rows)
    return len(pd.read_csv(table))


def _processed(dataset: Mapping[str, pd.DataFrame], processed: Mapping[str, Any]) -> list[Mismatch]:
    out: list[Mismatch] = []
    absent = set(getattr(dataset, "missing", ()))  # no file: no processed table either
    for kind, table in dataset.items():
        if kind in absent:
            continue
        if kind not in processed:
            out.append((f"processed/{kind}", "table present", "missing", "present"))
            continue
        rows = _rows(processed[kind])
        if rows != len(table):
            out.append((f"processed/{kind}", "rows", rows, len(table)))
    return out


def _declared_columns(indicators: Mapping[str, pd.DataFrame]) -> list[Mismatch]:
    """Each indicator table given has the columns its ``TableSpec`` declares."""
    out: list[Mismatch] = []
    for s in TABLE_SPECS:
        table = indicators.get(s.name)
        lacking = [c for c in s.columns if table is not None and c not in table.columns]
        if lacking:
            out.append((s.name, "columns", f"lacks {lacking}", list(s.columns)))
    return out


def _indicators(
    dataset: Mapping[str, pd.DataFrame], indicators: Mapping[str, pd.DataFrame]
) -> list[Mismatch]:
    out: list[Mismatch] = _declared_columns(indicators)
    sources = indicators.get("register_sources")
    if sources is not None:
        per = sources.groupby("register")["rows"].sum() if len(sources) else pd.Series(dtype=int)
        for kind, table in dataset.items():
            if "source" not in table.columns:
                continue
            found = int(per.get(kind, 0))
            if found != len(table):
                out.append(("register_sources", f"rows of {kind}", found, len(table)))
    part = indicators.get("participants")
    events = dataset.get("events")
    if part is not None and events is not None and "row_kind" in part.columns:
        total = part[part["row_kind"] == "total"]
        if len(total) == 1:
            n_events = int(total["events"].iloc[0])
            if n_events != len(events):
                out.append(("participants (total)", "events", n_events, len(events)))
            summed = int(pd.to_numeric(events["participants"]).fillna(0).sum())
            found = int(pd.to_numeric(total["participants"]).fillna(0).iloc[0])
            if found != summed:
                out.append(("participants (total)", "participants", found, summed))
        elif len(events):
            out.append(("participants", "total rows", len(total), 1))
    return out


def reconcile(
    dataset: Mapping[str, pd.DataFrame],
    processed: Mapping[str, Any] | None = None,
    indicators: Mapping[str, pd.DataFrame] | None = None,
) -> None:
    """Check row counts at every step; raise ``ReconciliationError`` naming each mismatch.

    Raw → loaded: ``rows_read = accepted + rejected + blank + totals`` per file and the loaded
    table has ``accepted`` rows (when ``dataset.loaded`` holds the reports). Loaded →
    processed: each processed table (DataFrame or .csv/.parquet path) has the loaded row
    count (registers without a file, ``dataset.missing``, have none). Processed →
    indicators: every table given has the columns of its ``TableSpec``,
    ``register_sources`` rows per register sum to the table's rows; the
    participants total row counts every event and sums their participants.
    """
    mismatches = _raw_vs_loaded(dataset)
    if processed is not None:
        mismatches += _processed(dataset, processed)
    if indicators is not None:
        mismatches += _indicators(dataset, indicators)
    if mismatches:
        raise ReconciliationError(mismatches)
