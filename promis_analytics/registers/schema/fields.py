"""The field dictionary: every register column as a ``Field``, built from ``metadata.fields``.

Names, types, units, labels, descriptions, bounds, vocabularies and header aliases live in
``data/metadata/fields.csv`` (one row per column); the allowed codes of a category column are
its vocabulary (``metadata.codes``); the built-in disaggregation columns (women, men, idp) are
``dimensions.BUILTIN_COLUMNS`` made into fields by :func:`dimension_field`.
"""

from __future__ import annotations

from promis_analytics.dimensions import BUILTIN_COLUMNS
from promis_analytics.metadata.codes import code_list
from promis_analytics.metadata.fields import FieldMeta, fields_of_role
from promis_analytics.registers.schema.field import YEAR_MAX, YEAR_MIN, Field, dimension_field

__all__ = [
    "FIELDS",
    "YEAR_MAX",
    "YEAR_MIN",
    "Field",
    "dimension_field",
    "field_of",
    "label",
]


def field_of(meta: FieldMeta) -> Field:
    """The ``Field`` of one register row of the field table (its ``dtype`` a key of the
    column-type registry ``registers.schema.types.REGISTRY``; ``tests/test_registers_types.py``
    checks every field's type is there)."""
    return Field(
        meta.name, meta.dtype, meta.label_uk, meta.label_en, meta.description_en,
        unit=meta.unit, allowed=code_list(meta.codes) if meta.codes else None,
        minimum=meta.minimum, maximum=meta.maximum, summable=meta.summable,
        extra_aliases=meta.aliases, description_uk=meta.description_uk,
    )  # fmt: skip


def _field(meta: FieldMeta) -> Field:
    return (
        dimension_field(BUILTIN_COLUMNS[meta.name]) if meta.role == "dimension" else field_of(meta)
    )


FIELDS: dict[str, Field] = {m.name: _field(m) for m in fields_of_role("register", "dimension")}
"""Column name → Field. Registers may narrow ``allowed`` per kind (see ``schemas``)."""


def label(column: str, lang: str = "uk") -> str:
    """The user-facing label of ``column`` in ``lang``; the column name if it is unknown."""
    f = FIELDS.get(column)
    return f.label(lang) if f else column
