"""The chart label catalogue (``chart_labels.csv``) and the labels the metadata tables give.

``data/chart_labels.csv`` holds the texts of the charts (``title.*``, ``axis.*``, ``unit.*``,
``legend.*``, ``caption.*`` …): columns ``key, uk, en`` and a free ``note``. Keys whose prefix is
in :data:`DELEGATED_PREFIXES` are never written there: ``field.<column>`` comes from the field
table, ``<vocabulary>.<code>`` (:data:`CODE_PREFIXES`) from the vocabularies; ``city.*``,
``component.*``, ``fund.*`` and a folder's own event types are joined above this layer
(``charts.labels``).
"""

from __future__ import annotations

import csv
import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from promis_analytics.metadata.codes import CODE_LISTS
from promis_analytics.metadata.fields import FIELD_TABLE
from promis_analytics.paths import PACKAGE_DATA_DIR

__all__ = [
    "CATALOGUE_PATH",
    "CODE_PREFIXES",
    "DELEGATED_PREFIXES",
    "FIELD_ROLES",
    "catalogue",
    "delegated_keys",
    "placeholders",
    "table_label",
]

#: The table translators edit: columns ``key, uk, en`` (and a free ``note`` for context).
CATALOGUE_PATH: Path = PACKAGE_DATA_DIR / "chart_labels.csv"
#: label prefix → the vocabulary (``metadata/vocab/<name>.csv``) its codes are labelled from
CODE_PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        "event_type": "event_type",
        "instrument": "instrument",
        "adoption_status": "adoption_status",
        "rec_status": "rec_status",
        "rec_area": "rec_area",
        "index": "index",
        "indicator_group": "indicator_group",
        "fact_unit": "fact_unit",
        "result_level": "result_level",
        "measure": "measure",
        "sex": "sex",
    }
)
#: the roles of the field table whose labels ``field.<column>`` gives (register columns)
FIELD_ROLES: tuple[str, ...] = ("register", "dimension")
_CODES = "promis_analytics.metadata.codes"
#: Every prefix whose labels have a home other than the catalogue → that home (for messages).
DELEGATED_PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        "city": "promis_analytics.reference",
        "component": "promis_analytics.project_codes",
        "field": "promis_analytics.metadata.fields",
        "event_type": _CODES,
        "instrument": _CODES,
        "adoption_status": _CODES,
        "rec_status": _CODES,
        "rec_area": _CODES,
        "index": _CODES,
        "fund": "promis_analytics.project_codes",
        "indicator_group": _CODES,
        "fact_unit": _CODES,
        "result_level": _CODES,
        "measure": _CODES,
        "sex": _CODES,
    }
)


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Read ``chart_labels.csv`` once: ``{key: {"uk": …, "en": …}}``.

    Raises ``ValueError`` naming file, line and column for a missing column, an empty cell,
    a duplicate key, a key of a delegated prefix, or uk/en texts whose ``{placeholders}``
    differ; all problems at once.
    """
    problems: list[str] = []
    rows: dict[str, Mapping[str, str]] = {}
    with CATALOGUE_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"key", "uk", "en"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{CATALOGUE_PATH}: missing column(s) {sorted(missing)}")
        for line, row in enumerate(reader, start=2):
            key = (row["key"] or "").strip()
            problems += _row_problems(line, key, row, rows)
            rows[key] = MappingProxyType({"uk": row["uk"] or "", "en": row["en"] or ""})
    if problems:
        raise ValueError(f"{CATALOGUE_PATH}: " + "; ".join(problems))
    return MappingProxyType(rows)


def _row_problems(line: int, key: str, row: Mapping[str, str | None], seen: Mapping) -> list:
    """Empty cells, a repeated key, a delegated key, differing placeholders of one row."""
    out = [
        f"line {line}, column {column!r}: empty cell (key {key!r})"
        for column in ("key", "uk", "en")
        if not (row[column] or "").strip()
    ]
    if key in seen:
        out.append(f"line {line}: duplicate key {key!r}")
    prefix = key.split(".", 1)[0]
    if prefix in DELEGATED_PREFIXES and not key.endswith(".short"):
        out.append(
            f"line {line}: key {key!r} belongs to {DELEGATED_PREFIXES[prefix]}, not to this table"
        )
    if placeholders(row["uk"] or "") != placeholders(row["en"] or ""):
        out.append(f"line {line}: uk and en placeholders differ for key {key!r}")
    return out


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a label text is filled with."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def table_label(prefix: str, rest: str, lang: str) -> str | None:
    """The ``lang`` label of ``<prefix>.<rest>`` from the field table (``field``) or a
    vocabulary (:data:`CODE_PREFIXES`); None when the table has no such code."""
    if prefix == "field":
        meta = FIELD_TABLE.get(rest)
        return meta.label(lang) if meta is not None and meta.role in FIELD_ROLES else None
    pair = CODE_LISTS[CODE_PREFIXES[prefix]].get(rest)
    return None if pair is None else (pair[0] if lang == "uk" else pair[1])


def delegated_keys(prefix: str) -> list[str]:
    """Every ``<prefix>.<code>`` :func:`table_label` answers for ``prefix``."""
    if prefix == "field":
        return [f"field.{n}" for n, m in FIELD_TABLE.items() if m.role in FIELD_ROLES]
    return [f"{prefix}.{code}" for code in CODE_LISTS[CODE_PREFIXES[prefix]]]
