"""The field table: one row per column name of the registers and the indicator tables.

``data/metadata/fields.csv`` columns: ``name``; ``role`` (``register``: a register column;
``dimension``: a built-in disaggregation column of participants, people of one part;
``indicator``: a column of an indicator table); ``dtype`` (a register column's type, see
``registers.schema.types.REGISTRY``); ``unit`` (what a number counts: people, points, the currency
column an amount is in …); ``label_uk``, ``label_en``; ``description_uk``, ``description_en``;
``min``, ``max`` (inclusive bounds: a number, or ``year_min`` / ``year_max`` = :data:`YEAR_MIN`
/ :data:`YEAR_MAX`); ``summable`` (``yes``: a totals row is checked against the sum of the data
rows); ``codes`` (the vocabulary of a category column, ``metadata.codes``); ``aliases`` (more
header spellings, ``|``-separated); ``report_unit`` (an indicator column's number-format key in
the workbook: pct, int, year, num, ratio, date, text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from promis_analytics.metadata.codes import CODE_LISTS
from promis_analytics.metadata.tables import METADATA_DIR, read_table

__all__ = [
    "FIELDS_PATH",
    "FIELD_TABLE",
    "MONEY_COLUMNS_PATH",
    "ROLES",
    "YEAR_MAX",
    "YEAR_MIN",
    "FieldMeta",
    "field_meta",
    "fields_of_role",
    "money_column_templates",
]

FIELDS_PATH: Path = METADATA_DIR / "fields.csv"
#: Labels of the co-financing money columns, whose names depend on the project's currencies
#: (``project_eur``, ``uah_per_eur``): per ``role`` templates ``uk``, ``en``, ``unit`` with
#: ``{short_uk}``, ``{cur}``, ``{cur_unit}``, ``{local}``, ``{local_unit}``
#: (``indicators.money_columns``).
MONEY_COLUMNS_PATH: Path = METADATA_DIR / "money_columns.csv"
ROLES: tuple[str, ...] = ("register", "dimension", "indicator")
#: Sanity bounds of a year column (Ukraine's independence … ten years from now); the
#: project's own period (``promis.toml`` ``[project]`` start/end) narrows ``year_given``
#: in ``registers.check.period_bounds``.
YEAR_MIN = 1991
YEAR_MAX = dt.date.today().year + 10
_SYMBOLIC_BOUNDS: Mapping[str, float] = {"year_min": YEAR_MIN, "year_max": YEAR_MAX}
_COLUMNS = (
    "name", "role", "dtype", "unit", "label_uk", "label_en", "description_uk",
    "description_en", "min", "max", "summable", "codes", "aliases", "report_unit",
)  # fmt: skip
#: columns a row of each role must fill
_FILLED: Mapping[str, tuple[str, ...]] = {
    "register": ("dtype", "label_uk", "label_en", "description_uk", "description_en"),
    "dimension": ("label_uk", "label_en"),
    "indicator": ("label_uk", "label_en"),
}


@dataclass(frozen=True)
class FieldMeta:
    """One row of the field table (see the module docstring for the columns)."""

    name: str
    role: str
    dtype: str
    unit: str | None
    label_uk: str
    label_en: str
    description_uk: str
    description_en: str
    minimum: float | None
    maximum: float | None
    summable: bool
    codes: str | None
    aliases: tuple[str, ...]
    report_unit: str | None

    def label(self, lang: str = "uk") -> str:
        """The label in ``lang`` ("uk" or "en")."""
        return self.label_uk if lang == "uk" else self.label_en


def _bound(text: str, problems: list[tuple[str, str]]) -> float | None:
    """A bound cell: empty = none, ``year_min``/``year_max``, else a number."""
    if not text:
        return None
    if text in _SYMBOLIC_BOUNDS:
        return _SYMBOLIC_BOUNDS[text]
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        problems.append(
            (
                f"межа {text!r}: очікували число, year_min або year_max",
                f"bound {text!r}: expected a number, year_min or year_max",
            )
        )
        return None


def _row_problems(row: Mapping[str, str]) -> list[tuple[str, str]]:
    """(uk, en) of what is wrong with one row (role, filled cells, bounds, summable, codes),
    each led by the column name."""
    return [(f"{row['name']}: {uk}", f"{row['name']}: {en}") for uk, en in _problems(row)]


def _problems(row: Mapping[str, str]) -> list[tuple[str, str]]:
    role = row["role"]
    if role not in _FILLED:
        roles = ", ".join(ROLES)
        return [(f"роль {role!r}: очікували {roles}", f"role {role!r}: expected {roles}")]
    out: list[tuple[str, str]] = []
    for bound in ("min", "max"):
        _bound(row[bound], out)
    out += [
        (f"стовпець {c!r}: порожньо", f"column {c!r}: empty cell")
        for c in _FILLED[role]
        if not row[c]
    ]
    if row["summable"] not in ("", "yes"):
        found = row["summable"]
        out.append(
            (
                f"summable {found!r}: очікували yes або порожньо",
                f"summable {found!r}: expected yes or empty",
            )
        )
    if row["codes"] and row["codes"] not in CODE_LISTS:
        known = ", ".join(CODE_LISTS)
        out.append(
            (
                f"словника {row['codes']!r} немає (є: {known})",
                f"codes {row['codes']!r}: expected one of {known}",
            )
        )
    return out


def _meta(row: Mapping[str, str]) -> FieldMeta:
    """The row as a :class:`FieldMeta` (its cells already checked)."""
    problems: list[tuple[str, str]] = []
    return FieldMeta(
        name=row["name"], role=row["role"], dtype=row["dtype"], unit=row["unit"] or None,
        label_uk=row["label_uk"], label_en=row["label_en"],
        description_uk=row["description_uk"], description_en=row["description_en"],
        minimum=_bound(row["min"], problems), maximum=_bound(row["max"], problems),
        summable=row["summable"] == "yes", codes=row["codes"] or None,
        aliases=tuple(a for a in row["aliases"].split("|") if a),
        report_unit=row["report_unit"] or None,
    )  # fmt: skip


def read_fields(path: Path = FIELDS_PATH) -> dict[str, FieldMeta]:
    """Name → :class:`FieldMeta` of the field table at ``path``, in file order. Raises
    :class:`MetadataError` naming the line of every problem at once."""
    rows = read_table(path, _COLUMNS, unique="name", filled=("name", "role"), check=_row_problems)
    return {row["name"]: _meta(row) for row in rows}


#: Every column of the field table by name, in file order.
FIELD_TABLE: Mapping[str, FieldMeta] = MappingProxyType(read_fields())


def field_meta(name: str) -> FieldMeta:
    """The row of ``name``; KeyError naming the column when the table has none."""
    try:
        return FIELD_TABLE[name]
    except KeyError:
        raise KeyError(f"column {name!r} is not in {FIELDS_PATH.name}") from None


def fields_of_role(*roles: str) -> tuple[FieldMeta, ...]:
    """The rows of the given roles, in file order."""
    return tuple(f for f in FIELD_TABLE.values() if f.role in roles)


@cache
def money_column_templates() -> Mapping[str, tuple[str, str, str]]:
    """Role → (uk, en, unit) templates of :data:`MONEY_COLUMNS_PATH` (``project_cur``,
    ``partner_local.partners``, ``rate`` …); :class:`MetadataError` for a bad table."""
    columns = ("role", "uk", "en", "unit")
    rows = read_table(MONEY_COLUMNS_PATH, columns, unique="role", filled=("role", "uk", "en"))
    return MappingProxyType({r["role"]: (r["uk"], r["en"], r["unit"]) for r in rows})
