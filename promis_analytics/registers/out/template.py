"""Excel data-entry templates: bilingual header, drop-down lists and a README sheet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from promis_analytics.dimensions import DEFAULT_DIMENSIONS, Dimension
from promis_analytics.registers.schema.fields import Field
from promis_analytics.registers.schema.schemas import Schema, schema_for
from promis_analytics.registers.schema.types import REGISTRY, column_type, shown_type

LISTS_SHEET = "lists"
README_SHEET = "README"


# Any place in Ukraine (the codifier), «онлайн» or a foreign city may be typed in a city cell.
_PLACE_HINT = (
    "Можна вписати будь-який населений пункт України (напр. «с. Гута, Буська громада»), "
    "«онлайн» або закордонне місто / Any place in Ukraine, «онлайн» or a foreign city"
)


def _choices(f: Field, places: Sequence[str] | None) -> list[str] | None:
    """Drop-down values: Ukrainian labels of allowed codes, or the project's places."""
    if f.allowed is not None:
        return [uk for uk, _ in f.allowed.values()]
    if column_type(f).one_place and places:
        return list(places)
    return None


def profile_places(settings: Any) -> tuple[str, ...] | None:
    """The places a folder's city drop-downs offer (``[project]`` of ``promis.toml``): its
    ``partners`` as declared, else the cities of its ``oblasts`` (codifier category M, by
    oblast, then name), else None — no drop-down, any place may be typed."""
    if settings is None:
        return None
    if settings.partners:
        return settings.partners
    codes = settings.oblasts
    if not codes:
        return None
    from promis_analytics.formatting import uk_sort_key
    from promis_analytics.reference import gazetteer as gz

    g = gz.gazetteer()
    found = [
        (codes.index(first.code), uk_sort_key(e.name), e.name)
        for e in g.units("M")
        if (first := g.first_level(e.code)) is not None and first.code in codes
    ]
    return tuple(dict.fromkeys(name for *_, name in sorted(found)))


def build_template(
    kind: str,
    rows: Iterable[Mapping[str, Any]] = (),
    places: Sequence[str] | None = None,
    dimensions: tuple[Dimension, ...] = DEFAULT_DIMENSIONS,
) -> Any:
    """An ``openpyxl.Workbook`` template for register ``kind``; ``rows`` pre-fill data.

    Sheet ``kind``: header "Місто / City" per column, frozen, widths set, drop-downs for
    categorical and city columns (warning style: other values can still be typed). Sheet
    ``README``: every column with its labels, type, unit, required flag, allowed values and
    description from the field dictionary. Hidden sheet ``lists`` holds the drop-down values.
    ``dimensions``: the folder's ``[[dimensions]]``, whose declared columns the events
    template gets (``schemas.schema_for``).
    """
    from openpyxl import Workbook

    schema = schema_for(kind, dimensions)
    wb = Workbook()
    ws = wb.active
    ws.title = kind
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    readme = wb.create_sheet(README_SHEET)
    _header_and_lists(ws, lists, schema, places)
    for r, row in enumerate(rows, start=2):
        for i, col in enumerate(schema.columns, start=1):
            v = row.get(col)
            if v is not None:
                ws.cell(row=r, column=i, value=v)
    _readme(readme, schema)
    return wb


def _header_and_lists(ws: Any, lists: Any, schema: Schema, places: Sequence[str] | None) -> None:
    """The data sheet's bilingual header (bold, filled, frozen) and a drop-down per column
    with choices, its values on the hidden ``lists`` sheet (warning style)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    list_col = 0
    for i, f in enumerate(schema.fields(), start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=f.bilingual())
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = max(12, min(40, len(f.bilingual()) + 2))
        choices = _choices(f, places)
        if choices:
            list_col += 1
            ll = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=f.name)
            for j, v in enumerate(choices, start=2):
                lists.cell(row=j, column=list_col, value=v)
            dv = DataValidation(
                type="list",
                formula1=f"{LISTS_SHEET}!${ll}$2:${ll}${len(choices) + 1}",
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
                errorTitle="Значення не зі списку / Value not in the list",
                error=_PLACE_HINT
                if REGISTRY[f.dtype].one_place
                else "Перевірте значення / Please check the value",
            )
            dv.add(f"{letter}2:{letter}1000")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def _readme(readme: Any, schema: Schema) -> None:
    """The ``README`` sheet: every column with labels, type, unit, required flag, allowed
    values and description, then the primary key."""
    from openpyxl.styles import Font

    head = (
        "Стовпець / Column",
        "Назва (укр.)",
        "Label (en)",
        "Тип / Type",
        "Одиниця / Unit",
        "Обов'язковий / Required",
        "Допустимі значення / Allowed values",
        "Опис / Description",
    )
    readme.append(head)
    for c in readme[1]:
        c.font = Font(bold=True)
    for f in schema.fields():
        allowed = (
            "; ".join(f"{code} ({uk} / {en})" for code, (uk, en) in f.allowed.items())
            if f.allowed
            else ""
        )
        uk, en = shown_type(f).hint
        readme.append(
            (
                f.name,
                f.label_uk,
                f.label_en,
                f"{uk} / {en}",
                f.unit or "",
                _required(schema, f.name),
                allowed,
                f"{f.description_uk} / {f.description}",
            )
        )
    key = " + ".join(schema.key)
    readme.append(())
    readme.append(("Ключ / Key", key))
    for letter, width in zip("ABCDEFGH", (20, 24, 20, 24, 14, 14, 60, 50), strict=True):
        readme.column_dimensions[letter].width = width


def write_template(
    kind: str,
    path: str | Path,
    rows: Iterable[Mapping[str, Any]] = (),
    places: Sequence[str] | None = None,
    dimensions: tuple[Dimension, ...] = DEFAULT_DIMENSIONS,
) -> Path:
    """Write the template of ``kind`` to ``path`` (.xlsx) through ``export.write``;
    ``places``: the city drop-down (``profile_places``; None = no drop-down);
    ``dimensions``: the folder's declared disaggregation columns."""
    from promis_analytics import export

    if Path(path).suffix.lower() != ".xlsx":
        raise ValueError(f"a template is an .xlsx file, not {Path(path).name}")
    return export.write(build_template(kind, rows, places, dimensions), path)


def _required(schema: Schema, column: str) -> str:
    """The README's required cell: yes / no, or yes unless a stand-in column is given."""
    if column not in schema.required:
        return "ні / no"
    other = schema.unless.get(column)
    if other is None:
        return "так / yes"
    return f"так, якщо не заповнено {other} / yes, unless {other} is given"
