"""The workbook's human labels: coded values (city, fund, status…) as «uk / en» text, keys kept."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.labels import label
from promis_analytics.registers.schema.schemas import SCHEMAS

__all__ = ["KEY_SUFFIX", "MATRIX_SIGNS", "VALUE_LABELS", "humanise"]

#: Suffix of the trailing, hidden column that keeps a relabelled column's codes.
KEY_SUFFIX = "_key"

#: Column → label prefix of its values (``charts.labels.label``); per table where the same
#: column name holds another vocabulary. Columns not listed keep their values.
VALUE_LABELS: dict[str, str] = {
    "city": "city",
    "place": "city",
    "level": "result_level",
    "sex": "sex",
    "measure": "measure",
    "fund": "fund",
    "instrument": "instrument",
    "index": "index",
    "group": "indicator_group",
    "row_kind": "value.row_kind",
    "fx_rule": "value.fx_rule",
    "basis": "value.basis",
    "from_basis": "value.basis",
    "to_basis": "value.basis",
    "unknown_reason": "value.unknown_reason",
    "kind": "value.check_kind",
    "independent": "value.bool",
    "consistent": "value.bool",
    "reported_matches": "value.bool",
    "audit_status": "value.audit_status",
    "achievement_basis": "value.achievement_basis",
}
_PER_TABLE: dict[str, dict[str, str]] = {
    "achievement": {"status": "value.achievement_status"},
    "brochure_checks": {"status": "value.check_status"},
    "brochure_check_summary": {"status": "value.check_status"},
}
_DOCUMENTS = ("source", "printed_source", "recomputed_sources")
_CITY_LISTS = ("adopted_cities", "cities")
#: Adoption-matrix cells in print: one sign each, explained in the first column's header.
MATRIX_SIGNS = {"adopted": "✓", "in_progress": "◐", "not_listed": "—"}


def _both(key: str) -> str | None:
    try:
        return f"{label(key, 'uk')} / {label(key, 'en')}"
    except (KeyError, AttributeError):
        return None


def _coded(prefix: str) -> Callable[[object], object]:
    def name(value: object) -> object:
        if isinstance(value, bool | np.bool_):
            value = str(bool(value))
        if not isinstance(value, str) or value == "":
            return value
        return _both(f"{prefix}.{value}") or _both(f"value.special.{value}") or value

    return name


def _documents(value: object) -> object:
    if not isinstance(value, str) or not value:
        return value
    ids = value.split(";")
    return f"{describe_sources(ids, 'uk')} / {describe_sources(ids, 'en')}"


def _city_list(value: object) -> object:
    if not isinstance(value, str) or not value:
        return value
    names = [_both(f"city.{k.strip()}") or k for k in value.split(";") if k.strip()]
    return "; ".join(names)


def _register(value: object) -> object:
    schema = SCHEMAS.get(str(value))
    return f"{schema.label_uk} / {schema.label_en}" if schema is not None else value


def _naming(table: str, column: str) -> Callable[[object], object] | None:
    prefix = _PER_TABLE.get(table, {}).get(column) or VALUE_LABELS.get(column)
    if prefix is not None:
        return _coded(prefix)
    if column in _DOCUMENTS:
        return _documents
    if column in _CITY_LISTS:
        return _city_list
    if column == "register":
        return _register
    return None


#: Columns whose codes a project names in its profile (``[[dimensions]]``): the table's
#: ``attrs["labels"]`` (``indicators.participants_by_dimensions``) holds their labels.
_PROFILE_LABELLED = ("dimension", "part")
#: Part codes that are no declared column: labels from the catalogue.
_PART_LABELS = {"(rest)": "legend.dimension_rest", "(unknown)": "legend.dimension_unknown"}


def _profile_naming(df: pd.DataFrame, column: str) -> Callable[[object], object] | None:
    """«uk / en» of a dimension or part code, from the profile's labels in ``df.attrs``."""
    labels = df.attrs.get("labels")
    if column not in _PROFILE_LABELLED or not labels:
        return None

    def name(value: object) -> object:
        if value in _PART_LABELS:
            return _both(_PART_LABELS[str(value)])
        uk_en = labels.get(value)
        return f"{uk_en[0]} / {uk_en[1]}" if uk_en else value

    return name


def _matrix(df: pd.DataFrame) -> pd.DataFrame:
    """The adoption matrix for print: one row per instrument (``instrument_status`` = its
    «uk / en» name, whose header explains the signs), one column per city (the city key; the
    workbook labels it with the city's name), cells :data:`MATRIX_SIGNS`; the instrument's
    code trails in ``instrument_key``. When the matrix counts cities it cannot name
    (``attrs["not_named"]`` of ``indicators.adoption_matrix``), ``not_named`` /
    ``in_progress_not_named`` follow the city columns (cities)."""
    instruments = [c for c in df.columns if c != "city"]
    out = pd.DataFrame({"instrument_status": [_coded("instrument")(i) for i in instruments]})
    for _, row in df.iterrows():
        out[str(row["city"])] = [MATRIX_SIGNS.get(row[i], row[i]) for i in instruments]
    for key, column in (("not_named", "not_named"), ("not_named_in_progress",
                                                     "in_progress_not_named")):  # fmt: skip
        unnamed = df.attrs.get(key, {})
        if any(unnamed.values()):
            out[column] = [int(unnamed.get(i, 0)) for i in instruments]
    out[f"instrument{KEY_SUFFIX}"] = instruments
    return out


def humanise(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (the indicator table ``table``) with coded values written for people — «Вінниця /
    Vinnytsia», a fund's title from the folder's funds.csv, «збігається /
    match», document names instead of source ids — and each relabelled column's codes kept in
    a trailing ``<column>_key`` column (hidden in the workbook). The adoption matrix's status
    matrix is turned for print (:func:`_matrix`)."""
    if table == "adoption_matrix" and "city" in df.columns:
        return _matrix(df)
    out = df.copy()
    keys: dict[str, pd.Series] = {}
    for column in df.columns:
        naming = _naming(table, str(column)) or _profile_naming(df, str(column))
        if naming is None:
            continue
        out[column] = [naming(v) for v in df[column]]
        keys[f"{column}{KEY_SUFFIX}"] = df[column]
    for name, values in keys.items():
        out[name] = values
    return out
