"""The registry of register column types: each ``Field.dtype`` defined once (``ColumnType``).

Adding a type = one ``ColumnType`` (in a module of its family) and its entry in
``REGISTRY``; the validator, the typed frames, the templates, the XLSForms, the workbook and
``docs/registers.md`` all read it from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from promis_analytics.registers.schema.field import Field
from promis_analytics.registers.schema.types.base import ColumnType, Problem, cell_text
from promis_analytics.registers.schema.types.dates import DATE
from promis_analytics.registers.schema.types.numbers import (
    AMOUNT,
    INT,
    NUMBER,
    PERCENT,
    YEAR,
    read_decimal,
)
from promis_analytics.registers.schema.types.places import CITIES, CITY
from promis_analytics.registers.schema.types.text import CATEGORY, ID, TEXT

__all__ = [
    "DTYPES",
    "REGISTRY",
    "TEXT",
    "ColumnType",
    "Problem",
    "cell_decimal",
    "cell_text",
    "column_type",
    "shown_type",
]

#: dtype name → its column type (read-only by convention: a test may add one for a while)
REGISTRY: Mapping[str, ColumnType] = {
    t.name: t for t in (TEXT, ID, INT, NUMBER, AMOUNT, PERCENT, YEAR, DATE, CITY, CITIES, CATEGORY)
}

#: The column type names a ``Field.dtype`` may take.
DTYPES: tuple[str, ...] = tuple(REGISTRY)


def column_type(f: Field) -> ColumnType:
    """The type a field's cells are read as: a coded field (``allowed`` given) is a category
    whatever its dtype, any other its ``dtype``'s type."""
    return CATEGORY if f.allowed is not None else REGISTRY[f.dtype]


def shown_type(f: Field) -> ColumnType:
    """The type a field is described as (template, docs, ``required`` messages): a category
    when it has allowed codes, else its ``dtype``'s type."""
    return CATEGORY if f.allowed else REGISTRY[f.dtype]


def cell_decimal(value: Any, f: Field) -> tuple[Decimal | None, str | None, list[Problem]]:
    """A number from a cell as ``f``'s dtype reads it (``numbers.read_decimal``): e.g. an
    amount's currency, «20 осіб» in a whole-number column; plain ``parse_number`` for a type
    that is no number."""
    t = REGISTRY[f.dtype]
    return read_decimal(value, t.expected, t.decimal)
