"""The data behind a figure: the values a chart drew, attached to it and written as CSV."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from promis_analytics.charts.labels import label

__all__ = ["DATA_ATTR", "attach_data", "csv_bytes", "drawn_table", "figure_data"]

#: Attribute of a ``Figure`` that holds the table of the values drawn (``attach_data``).
DATA_ATTR = "promis_data"


def drawn_table(
    rows: Iterable[Sequence[Any]],
    columns: Sequence[str | tuple[str, Mapping[str, object]]],
    lang: str,
) -> pd.DataFrame:
    """A table of drawn values whose headers are the labels of ``columns`` in ``lang``.

    ``columns`` are label keys (``"axis.city"``, ``"axis.participants"`` → "Учасники, осіб"),
    or (key, fields) for a label with placeholders (``("data.rank_in", {"year": 2016})``); a
    header states its unit as the label does. An unknown key is an error (``KeyError``).
    """
    headers = [label(c, lang) if isinstance(c, str) else label(c[0], lang, **c[1]) for c in columns]
    return pd.DataFrame([list(r) for r in rows], columns=headers)


def attach_data(fig: Figure, table: pd.DataFrame) -> Figure:
    """Attach ``table`` (exactly the values ``fig`` draws) to ``fig``; ``save_figure`` writes
    it as ``<stem>.csv``. Returns ``fig``."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"chart data must be a DataFrame, not {type(table).__name__}")
    setattr(fig, DATA_ATTR, table.reset_index(drop=True))
    return fig


def figure_data(fig: object) -> pd.DataFrame | None:
    """The table attached to ``fig`` by ``attach_data`` (None when there is none)."""
    data = getattr(fig, DATA_ATTR, None)
    return data if isinstance(data, pd.DataFrame) else None


def _cell(value: Any) -> str:
    """One CSV cell: empty for unknown (NA), integers as digits, other numbers with at most
    six decimals and no trailing zeros (``12.5``, ``0.333333``), text as is."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal) and not isinstance(value, float):
        return str(value)
    if isinstance(value, float) or hasattr(value, "dtype"):
        number = float(value)
        if math.isnan(number):
            return ""
        if number.is_integer():
            return str(int(number))
        return f"{number:.6f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as UTF-8 CSV (header row, "\\n" line endings, minimal quoting, no index) with
    cells formatted by a fixed rule, so the same table gives the same bytes on every run."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([str(c) for c in table.columns])
    for row in table.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")
