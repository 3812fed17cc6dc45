"""Transitional alias of `indicators.common` for `participants.py` (rewritten elsewhere)."""

from promis_analytics.indicators.common import (
    NONE,
    TOTAL,
    UNALLOCATED,
    as_records,
    check_by,
    city_info,
    city_keys,
    finish_grouped,
    require_columns,
    to_datetime,
    without_attrs,
)

__all__ = [
    "NONE",
    "TOTAL",
    "UNALLOCATED",
    "as_records",
    "check_by",
    "city_info",
    "city_keys",
    "finish_grouped",
    "require_columns",
    "to_datetime",
    "without_attrs",
]
