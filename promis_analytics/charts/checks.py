"""Input checks shared by the chart functions: columns against the table's spec, rows."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.indicators.specs import spec


def require_columns(
    table: pd.DataFrame,
    columns: Sequence[str],
    func: str,
    *,
    what: str = "table",
    produced_by: str | None = None,
) -> None:
    """Raise ``ChartError`` when ``table`` lacks any of ``columns``.

    The message names the chart function, the missing and the found columns, what was
    expected, and (``produced_by``) which indicator function makes such a table.
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        hint = f" ({produced_by})" if produced_by else ""
        raise ChartError(
            f"{func}: {what} lacks column(s) {missing}; found {list(table.columns)}, "
            f"expected {list(columns)}{hint}"
        )


def require_rows(table: pd.DataFrame, func: str, what: str = "rows") -> None:
    """Raise ``NotEnoughData`` (a skip, not a mistake) when ``table`` has no rows."""
    if table.empty:
        raise NotEnoughData(
            func,
            "немає даних для цього графіка (таблиця порожня)",
            f"no data for this chart (the table has no {what})",
        )


def require_spec(
    table: pd.DataFrame, spec_name: str, columns: Sequence[str], func: str, what: str = "table"
) -> None:
    """Check a chart's input against its indicator table's ``TableSpec``: the ``columns`` the
    chart reads must be among those the spec declares (``ChartError`` naming the undeclared
    ones: the chart reads what its table does not promise), and ``table`` must have them
    (``require_columns``, naming the spec's function as the table's maker)."""
    declared = spec(spec_name)
    undeclared = [c for c in columns if c not in declared.columns]
    if undeclared:
        raise ChartError(
            f"{func}: reads column(s) {undeclared} that the indicator table "
            f"{spec_name!r} does not declare; declared {list(declared.columns)}"
        )
    require_columns(table, columns, func, what=what, produced_by=declared.produced_by)
