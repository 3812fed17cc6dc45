"""A register as an XLSForm (KoboToolbox / ODK Collect): survey, choices and settings sheets.

One question per register column, labels and hints in Ukrainian and English
(``label::Українська (uk)``, ``label::English (en)``); choices from the vocabularies
(``registers.schema.codes`` through the field dictionary) and the project's places; ``required``,
ranges, ``a ≤ b`` row checks and the project period as XLSForm constraints. The columns a
register fills in itself are left out: ``source``/``locator`` (the export's file and row) and
a key that is one ID column (``_uuid`` of the submission becomes the row ID, ``registers.io.kobo``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from promis_analytics.dimensions import DEFAULT_DIMENSIONS, Dimension
from promis_analytics.registers.io.kobo import OTHER  # the «other» choice the export is read by
from promis_analytics.registers.schema.fields import Field
from promis_analytics.registers.schema.schemas import Schema, schema_for
from promis_analytics.registers.schema.types import REGISTRY, column_type

__all__ = ["LANGS", "OTHER", "build_xlsform", "form_columns", "write_xlsform"]

#: XLSForm language suffixes (``label::<lang>``), Ukrainian first
LANGS = ("Українська (uk)", "English (en)")
_PROVENANCE = ("source", "locator")


def form_columns(schema: Schema) -> list[str]:
    """The register columns asked in the form (module docstring: what is left out)."""
    single_id = len(schema.key) == 1 and REGISTRY[schema.field(schema.key[0]).dtype].identifier
    return [
        c for c in schema.columns if c not in _PROVENANCE and not (single_id and c == schema.key[0])
    ]


def _places() -> list[tuple[str, str, str]]:
    """(key, uk, en) of the project's places: the partner cities, then «онлайн»."""
    from promis_analytics.reference import PARTNER_CITIES

    return [(c.key, c.name_uk, c.name_en) for c in PARTNER_CITIES]


def _constraint(
    f: Field, schema: Schema, period: tuple[dt.date, dt.date] | None
) -> tuple[str, str, str]:
    """(constraint, message uk, message en) of one question; empty strings for none."""
    parts, uk, en = [], [], []
    if f.minimum is not None:
        parts.append(f". >= {f.minimum:g}")
        uk.append(f"не менше {f.minimum:g}")
        en.append(f"at least {f.minimum:g}")
    if f.maximum is not None:
        parts.append(f". <= {f.maximum:g}")
        uk.append(f"не більше {f.maximum:g}")
        en.append(f"at most {f.maximum:g}")
    for a, b in schema.le:
        if f.name == a and b in form_columns(schema):
            parts.append(f"(${{{b}}} = '' or . <= ${{{b}}})")
            uk.append(f"не більше, ніж «{schema.field(b).label_uk}»")
            en.append(f"not more than '{schema.field(b).label_en}'")
    for members, total in schema.sums:  # Σ parts ≤ total, on the last part asked
        given = [p for p in members if p in form_columns(schema)]
        if f.name == given[-1] and len(given) > 1 and total in form_columns(schema):
            added = " + ".join(f"coalesce(${{{p}}}, 0)" for p in given)
            parts_uk = " + ".join(f"«{schema.field(p).label_uk}»" for p in given)
            parts_en = " + ".join(f"'{schema.field(p).label_en}'" for p in given)
            parts.append(f"(${{{total}}} = '' or {added} <= ${{{total}}})")
            uk.append(f"{parts_uk} не більше, ніж «{schema.field(total).label_uk}»")
            en.append(f"{parts_en} not more than '{schema.field(total).label_en}'")
    if period is not None and f.name in schema.project_period:
        start, end = (d.isoformat() for d in period)
        parts.append(f". >= date('{start}') and . <= date('{end}')")
        uk.append(f"у межах проєкту ({start} — {end})")
        en.append(f"within the project ({start} – {end})")
    return " and ".join(parts), "; ".join(uk), "; ".join(en)


def _rows(
    schema: Schema, period: tuple[dt.date, dt.date] | None
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The survey rows and the choices rows of ``schema``."""
    survey: list[dict[str, str]] = []
    choices: list[dict[str, str]] = []
    lists: set[str] = set()
    for col in form_columns(schema):
        f = schema.field(col)
        row = {
            "name": col,
            f"label::{LANGS[0]}": f.label_uk,
            f"label::{LANGS[1]}": f.label_en,
            f"hint::{LANGS[0]}": f.description_uk,
            f"hint::{LANGS[1]}": f.description,
            "required": "yes" if col in schema.required and col not in schema.unless else "",
        }
        t = column_type(f)
        row["type"] = t.xlsform
        if f.allowed is not None:
            name = f"{schema.kind}_{col}" if f.vocabulary else col
            row["type"] = f"{t.xlsform} {name}"
            if name not in lists:
                lists.add(name)
                choices += [
                    {"list_name": name, "name": code,
                     f"label::{LANGS[0]}": uk, f"label::{LANGS[1]}": en}
                    for code, (uk, en) in f.allowed.items()
                ]  # fmt: skip
        elif t.places:
            row["type"] = f"{t.xlsform} places"
            if "places" not in lists:
                lists.add("places")
                places = [*_places(), (OTHER, "інше (вписати)", "other (type it)")]
                choices += [
                    {"list_name": "places", "name": key,
                     f"label::{LANGS[0]}": uk, f"label::{LANGS[1]}": en}
                    for key, uk, en in places
                ]  # fmt: skip
        row["constraint"], uk, en = _constraint(f, schema, period)
        row[f"constraint_message::{LANGS[0]}"] = uk
        row[f"constraint_message::{LANGS[1]}"] = en
        survey.append(row)
        if REGISTRY[f.dtype].places:  # a place not in the list is typed in
            survey.append(
                {
                    "type": "text",
                    "name": f"{col}_other",
                    f"label::{LANGS[0]}": f"{f.label_uk}: інше",
                    f"label::{LANGS[1]}": f"{f.label_en}: other",
                    "relevant": f"selected(${{{col}}}, '{OTHER}')",
                    "required": "yes",
                }
            )
    return survey, choices


def build_xlsform(
    kind: str,
    period: tuple[dt.date, dt.date] | None = None,
    dimensions: tuple[Dimension, ...] = DEFAULT_DIMENSIONS,
) -> Any:
    """An ``openpyxl.Workbook``: the XLSForm of register ``kind`` (module docstring);
    ``period`` (start, end) constrains the project-period dates; ``dimensions``: the
    folder's ``[[dimensions]]``, whose declared columns the events form asks."""
    from openpyxl import Workbook

    schema = schema_for(kind, dimensions)
    survey, choices = _rows(schema, period)
    wb = Workbook()
    for title, rows in (("survey", survey), ("choices", choices)):
        ws = wb.active if title == "survey" else wb.create_sheet(title)
        ws.title = title
        header = list(dict.fromkeys(k for r in rows for k in ("type", "list_name", *r)))
        header = [h for h in header if any(h in r for r in rows)]
        ws.append(header)
        for r in rows:
            ws.append([r.get(h, "") or None for h in header])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([f"{schema.label_uk} / {schema.label_en}", f"promis_{kind}", "1", LANGS[0]])
    return wb


def write_xlsform(
    kind: str,
    path: str | Path,
    period: tuple[dt.date, dt.date] | None = None,
    dimensions: tuple[Dimension, ...] = DEFAULT_DIMENSIONS,
) -> Path:
    """Write the XLSForm of register ``kind`` to ``path`` (.xlsx) and return the path."""
    p = Path(path)
    build_xlsform(kind, period, dimensions).save(p)
    return p
