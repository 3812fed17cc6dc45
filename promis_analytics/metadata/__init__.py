"""One home of what things are called and mean: field table, vocabularies, chart label catalogue."""

from __future__ import annotations

from promis_analytics.metadata.codes import CODE_LISTS, code_list, colours
from promis_analytics.metadata.fields import FIELD_TABLE, FieldMeta, field_meta, fields_of_role
from promis_analytics.metadata.labels import catalogue, table_label

__all__ = [
    "CODE_LISTS",
    "FIELD_TABLE",
    "FieldMeta",
    "catalogue",
    "code_list",
    "colours",
    "field_meta",
    "fields_of_role",
    "table_label",
]
