"""Disaggregation dimensions of participants (sex, IDP, age group …) from ``[[dimensions]]``.

A folder's ``promis.toml`` may declare the dimensions its events register breaks participants
down by; each names the numeric columns (people) of its parts::

    [[dimensions]]
    name = "sex"                 # what by=("sex",) groups by
    kind = "sex"                 # sex, idp, age_group, disability or other
    columns = ["women", "men"]   # built-in columns by name …

    [[dimensions]]
    name = "disability"
    kind = "disability"
    label_uk = "Інвалідність"
    label_en = "Disability"
    [[dimensions.columns]]       # … or a new column with its labels and header aliases
    name = "disabled"
    label_uk = "Особи з інвалідністю"
    label_en = "Persons with disabilities"
    aliases = ["з них осіб з інвалідністю"]

A folder that declares none has :data:`DEFAULT_DIMENSIONS` (sex: women, men; IDP: idp).
The parts of an ``exclusive`` dimension (default for sex and age_group) are disjoint, so
their sum is at most the participants; every part is at most the participants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from promis_analytics.metadata.codes import code_list, code_rows
from promis_analytics.metadata.fields import fields_of_role

__all__ = [
    "BUILTIN_COLUMNS",
    "DEFAULT_DIMENSIONS",
    "DIMENSION_KINDS",
    "Dimension",
    "DimensionColumn",
    "as_tables",
    "dimension_columns",
    "parse_dimensions",
]

#: The kinds a dimension may have (``metadata/vocab/dimension_kind.csv``); the value says
#: whether its parts are exclusive by default (its ``exclusive`` column).
DIMENSION_KINDS: dict[str, bool] = {
    row["code"]: row.get("exclusive") == "yes" for row in code_rows("dimension_kind")
}
_KEYS = ("name", "kind", "label_uk", "label_en", "columns", "exclusive")
_COLUMN_KEYS = ("name", "label_uk", "label_en", "aliases")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: Names a dimension may not take: the other grouping columns of the participants table.
_TAKEN = ("city", "oblast", "event_type", "component", "participants", "events")


@dataclass(frozen=True)
class DimensionColumn:
    """One numeric column of a dimension: people of one part (``women``, ``idp`` …)."""

    name: str
    label_uk: str
    label_en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "uk") -> str:
        """The label in ``lang`` ("uk" or "en")."""
        return self.label_uk if lang == "uk" else self.label_en


@dataclass(frozen=True)
class Dimension:
    """A declared disaggregation: ``name`` (what ``by=`` names), ``kind``, labels, the
    columns of its parts, and whether the parts are ``exclusive`` (Σ parts ≤ participants)."""

    name: str
    kind: str
    label_uk: str
    label_en: str
    columns: tuple[DimensionColumn, ...]
    exclusive: bool

    def label(self, lang: str = "uk") -> str:
        """The label in ``lang`` ("uk" or "en")."""
        return self.label_uk if lang == "uk" else self.label_en

    @property
    def column_names(self) -> tuple[str, ...]:
        """The canonical names of the columns, in declared order."""
        return tuple(c.name for c in self.columns)


#: Columns every events register accepts (the ``dimension`` rows of ``metadata.fields``: their
#: labels and header aliases).
BUILTIN_COLUMNS: dict[str, DimensionColumn] = {
    m.name: DimensionColumn(m.name, m.label_uk, m.label_en, m.aliases)
    for m in fields_of_role("dimension")
}
_KIND_LABELS = code_list("dimension_kind")

DEFAULT_DIMENSIONS: tuple[Dimension, ...] = tuple(
    Dimension(kind, kind, *_KIND_LABELS[kind], parts, DIMENSION_KINDS[kind])
    for kind, parts in (
        ("sex", (BUILTIN_COLUMNS["women"], BUILTIN_COLUMNS["men"])),
        ("idp", (BUILTIN_COLUMNS["idp"],)),
    )
)


def dimension_columns(dimensions: tuple[Dimension, ...]) -> tuple[DimensionColumn, ...]:
    """Every column of ``dimensions``, each once, in declared order."""
    return tuple({c.name: c for d in dimensions for c in d.columns}.values())


def _msg(where: str, uk: str, en: str) -> str:
    return f"{where}: {uk} / {en}"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _column(where: str, item: Any, problems: list[str]) -> DimensionColumn | None:
    """A column item: a built-in name, or a table with name, labels and aliases."""
    if isinstance(item, str):
        if item in BUILTIN_COLUMNS:
            return BUILTIN_COLUMNS[item]
        known = ", ".join(BUILTIN_COLUMNS)
        problems.append(_msg(
            where, f"«{item}» — не вбудований стовпець ({known}); новий стовпець задайте "
            "таблицею з name, label_uk, label_en",
            f"'{item}' is not a built-in column ({known}); declare a new column as a table "
            "with name, label_uk, label_en",
        ))  # fmt: skip
        return None
    if not isinstance(item, dict):
        problems.append(_msg(where, f"очікувалася назва або таблиця, знайдено {item!r}",
                             f"expected a name or a table, found {item!r}"))  # fmt: skip
        return None
    bad = sorted(set(item) - set(_COLUMN_KEYS))
    if bad:
        problems.append(_msg(where, f"невідомі ключі {bad}; відомі: {', '.join(_COLUMN_KEYS)}",
                             f"unknown keys {bad}; known: {', '.join(_COLUMN_KEYS)}"))  # fmt: skip
    name = item.get("name")
    builtin = BUILTIN_COLUMNS.get(name) if isinstance(name, str) else None
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(_msg(where, f"name {name!r}: потрібне ім'я snake_case латиницею",
                             f"name {name!r}: a snake_case ASCII name is needed"))  # fmt: skip
        return None
    labels = [item.get(k, getattr(builtin, k, None)) for k in ("label_uk", "label_en")]
    aliases = item.get("aliases", [])
    if not all(_text(v) for v in labels):
        problems.append(_msg(where, f"{name}: потрібні label_uk і label_en (текст)",
                             f"{name}: label_uk and label_en (text) are needed"))  # fmt: skip
        return None
    if not isinstance(aliases, list) or not all(_text(a) for a in aliases):
        problems.append(_msg(where, f"{name}: aliases — список назв заголовків",
                             f"{name}: aliases must be a list of header spellings"))  # fmt: skip
        return None
    base = builtin.aliases if builtin else ()
    found = tuple(dict.fromkeys((*base, *aliases)))
    return DimensionColumn(name, str(labels[0]).strip(), str(labels[1]).strip(), found)


def _dimension(where: str, table: Any, problems: list[str]) -> Dimension | None:
    """One ``[[dimensions]]`` table (None when it has a problem); every problem of it is
    appended to ``problems``."""
    if not isinstance(table, dict):
        problems.append(_msg(where, "очікувалася таблиця", "expected a table"))
        return None
    before = len(problems)
    bad = sorted(set(table) - set(_KEYS))
    if bad:
        problems.append(_msg(where, f"невідомі ключі {bad}; відомі: {', '.join(_KEYS)}",
                             f"unknown keys {bad}; known: {', '.join(_KEYS)}"))  # fmt: skip
    name, kind = table.get("name"), table.get("kind", "other")
    if not isinstance(name, str) or not _NAME.match(name) or name in _TAKEN:
        problems.append(_msg(
            where, f"name {name!r}: потрібне ім'я snake_case, не {', '.join(_TAKEN)}",
            f"name {name!r}: a snake_case name is needed, not {', '.join(_TAKEN)}",
        ))  # fmt: skip
    if not isinstance(kind, str) or kind not in DIMENSION_KINDS:
        kinds = ", ".join(DIMENSION_KINDS)
        problems.append(_msg(where, f"kind {kind!r}: очікувалося одне з {kinds}",
                             f"kind {kind!r}: expected one of {kinds}"))  # fmt: skip
        kind = "other"
    items = table.get("columns")
    if not isinstance(items, list) or not items:
        problems.append(_msg(where, "columns — непорожній список стовпців",
                             "columns must be a non-empty list of columns"))  # fmt: skip
        items = []
    columns = [_column(f"{where} columns[{i}]", c, problems) for i, c in enumerate(items)]
    exclusive = table.get("exclusive", DIMENSION_KINDS[kind])
    if not isinstance(exclusive, bool):
        problems.append(
            _msg(where, "exclusive — true або false", "exclusive must be true or false")
        )
    defaults = _KIND_LABELS[kind]
    labels = [table.get(k, d) for k, d in zip(("label_uk", "label_en"), defaults, strict=True)]
    if not all(_text(v) for v in labels):
        problems.append(
            _msg(where, "label_uk і label_en — текст", "label_uk and label_en must be text")
        )
    if len(problems) > before:
        return None
    cols = tuple(c for c in columns if c is not None)
    return Dimension(
        str(name), kind, str(labels[0]).strip(), str(labels[1]).strip(), cols, bool(exclusive)
    )


def parse_dimensions(value: Any, where: str) -> tuple[tuple[Dimension, ...], list[str]]:
    """The dimensions of a ``[[dimensions]]`` array (:data:`DEFAULT_DIMENSIONS` when it is
    None) and every problem found (bilingual, naming ``where``): unknown keys, bad names or
    kinds, a column without labels, a dimension or column declared twice."""
    if value is None:
        return DEFAULT_DIMENSIONS, []
    if not isinstance(value, list):
        return DEFAULT_DIMENSIONS, [_msg(f"{where} [[dimensions]]", "очікувався масив таблиць",
                                         "expected an array of tables")]  # fmt: skip
    problems: list[str] = []
    if not value:
        problems.append(_msg(f"{where} [[dimensions]]", "порожній список: оголосіть вимір або "
                             "приберіть ключ", "an empty list: declare a dimension or leave "
                             "the key out"))  # fmt: skip
    found = [
        _dimension(f"{where} [[dimensions]] #{i + 1}", t, problems) for i, t in enumerate(value)
    ]
    dims = tuple(d for d in found if d is not None)
    seen_dim: set[str] = set()
    seen_col: dict[str, str] = {}
    for d in dims:
        if d.name in seen_dim:
            problems.append(_msg(f"{where} [[dimensions]]", f"вимір «{d.name}» оголошено двічі",
                                 f"dimension '{d.name}' is declared twice"))  # fmt: skip
        seen_dim.add(d.name)
        for c in d.columns:
            if c.name in seen_col:
                problems.append(_msg(
                    f"{where} [[dimensions]] {d.name}",
                    f"стовпець «{c.name}» уже є у вимірі «{seen_col[c.name]}»",
                    f"column '{c.name}' is already in dimension '{seen_col[c.name]}'",
                ))  # fmt: skip
            seen_col[c.name] = d.name
    return (dims if not problems else DEFAULT_DIMENSIONS), problems


def as_tables(dimensions: tuple[Dimension, ...]) -> list[dict[str, Any]]:
    """``dimensions`` as the ``[[dimensions]]`` tables they were read from (plain lists and
    dicts, JSON-ready: what a register's ``attrs["dimensions"]`` carries;
    ``parse_dimensions`` reads them back)."""
    return [
        {
            "name": d.name,
            "kind": d.kind,
            "label_uk": d.label_uk,
            "label_en": d.label_en,
            "exclusive": d.exclusive,
            "columns": [
                {
                    "name": c.name,
                    "label_uk": c.label_uk,
                    "label_en": c.label_en,
                    "aliases": list(c.aliases),
                }
                for c in d.columns
            ],
        }
        for d in dimensions
    ]
