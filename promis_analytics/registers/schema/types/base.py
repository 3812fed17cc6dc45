"""What a register column type defines once: the ``ColumnType`` record and its shared helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.schema.field import Field

__all__ = [
    "CellParser",
    "CellResult",
    "ColumnType",
    "DecimalReader",
    "Problem",
    "bad_value",
    "cell_text",
    "float_series",
    "in_range",
    "text_series",
]

#: (problem code, message parameters) — the codes and their texts live in
#: ``registers.schema.messages``
Problem = tuple[str, dict[str, Any]]
#: (typed value or None, currency an amount names or None, problems) of one non-empty cell
CellResult = tuple[Any, str | None, list[Problem]]
CellParser = Callable[["ColumnType", Field, Any], CellResult]
SeriesBuilder = Callable[["Sequence[Any] | np.ndarray"], pd.Series]
CodesBuilder = Callable[[np.ndarray, np.ndarray], "pd.Series | None"]
DecimalReader = Callable[[str], tuple[Decimal, str | None]]


@dataclass(frozen=True)
class ColumnType:
    """One column type of the field dictionary (``Field.dtype``), defined once.

    - ``parse``: the cell parser — (this type, field, non-empty cell) → (value, currency,
      problems), called through :meth:`read`; an Excel formula without value and an error
      cell are handled before it by ``registers.check.cells.parse_cell``.
    - ``series`` / ``from_codes``: the column builders of the typed frame — from one value
      per row, and (fast, vectorised) from (codes, distinct values), None when they cannot.
    - ``pandas_dtype``: the dtype of the typed frame's column.
    - ``text_column``: the value is the cell's stripped text and no problem is possible (the
      column reader spreads the stripped distinct texts without parsing each).
    - ``quick``: a fast reader of a plain text cell (None = use ``parse``).
    - ``decimal``: text → (number, currency) for a number type (raises ``ParseError``).
    - ``expected``: (uk, en) of what a cell should hold, in the validation messages.
    - ``hint``: (uk, en) of the type in the Excel template's README sheet.
    - ``docs``: the type's words in ``docs/registers.md``.
    - ``unit``: the unit key of the workbook's number formats (``pipeline.workbook``), or None.
    - ``xlsform``: the XLSForm question type (a ``select_…`` one is followed by its list's
      name); ``places`` = chosen from the project's places (``one_place``: a single one —
      a drop-down in the template, codifier and oblast columns beside it).
    - ``identifier``: a key of one such column may be generated (a Kobo submission's
      ``_uuid``), so a form does not ask for it.
    """

    name: str
    parse: CellParser
    series: SeriesBuilder
    pandas_dtype: str
    expected: tuple[str, str]
    hint: tuple[str, str]
    docs: str
    xlsform: str
    from_codes: CodesBuilder | None = None
    text_column: bool = False
    quick: Callable[[str], Any] | None = None
    decimal: DecimalReader | None = None
    unit: str | None = None
    places: bool = False
    one_place: bool = False
    identifier: bool = False

    def read(self, f: Field, value: Any) -> CellResult:
        """(value, currency, problems) of one non-empty cell of field ``f``."""
        return self.parse(self, f, value)


def cell_text(value: Any) -> str:
    """A cell as text: a whole float without ".0", a midnight datetime as its ISO date,
    anything else stripped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value).strip()


def bad_value(expected: tuple[str, str], detail: str | None = None) -> Problem:
    """``bad_value`` with what the type expects; a detail written "english / українською"
    is split by language."""
    uk, en = expected
    en_detail, _, uk_detail = (detail or "").partition(" / ")
    return "bad_value", {
        "detail": f" ({en_detail})" if en_detail else "",
        "detail_uk": f" ({uk_detail})" if uk_detail else "",
        "expected_uk": uk,
        "expected_en": en,
    }


def in_range(f: Field, number: Decimal) -> list[Problem]:
    """``below_minimum`` / ``above_maximum`` of a number outside the field's inclusive bounds."""
    out: list[Problem] = []
    if f.minimum is not None and number < Decimal(str(f.minimum)):
        out.append(("below_minimum", {"minimum": _num(f.minimum)}))
    if f.maximum is not None and number > Decimal(str(f.maximum)):
        out.append(("above_maximum", {"maximum": _num(f.maximum)}))
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def text_series(values: Sequence[Any] | np.ndarray) -> pd.Series:
    """A text column (pandas ``str``; None stays missing)."""
    return pd.Series(values, dtype="str")


def float_series(values: Sequence[Any] | np.ndarray) -> pd.Series:
    """A float64 column; None → NaN."""
    return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")


def text_from_codes(codes: np.ndarray, value_u: np.ndarray) -> pd.Series | None:
    """``value_u[codes]`` (code -1: missing) as a text column through an Arrow dictionary
    take — no Python object per row; None when a distinct value is not text."""
    kinds = set(map(type, value_u)) - {type(None)}
    if not kinds <= {str}:
        return None
    import pyarrow as pa

    dictionary = pa.array(list(value_u), type=pa.large_string(), from_pandas=True)
    return pd.Series(dictionary.take(pa.array(codes, mask=codes < 0)), dtype="str")
