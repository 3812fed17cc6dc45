"""Compatibility name of ``extract.card`` (the monitoring-card reader)."""

from promis_analytics.extract.card import (
    ADOPTION_COLUMNS,
    AGGREGATE_COLUMNS,
    EVENT_COLUMNS,
    STATEMENT_COLUMNS,
    CardExtract,
    monitoring_card,
)

__all__ = [
    "ADOPTION_COLUMNS",
    "AGGREGATE_COLUMNS",
    "EVENT_COLUMNS",
    "STATEMENT_COLUMNS",
    "CardExtract",
    "monitoring_card",
]
