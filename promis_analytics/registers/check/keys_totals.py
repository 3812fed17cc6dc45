"""Checks across all rows of a table: a primary key seen twice, a totals row against its sums."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.check.cell_forms import shown
from promis_analytics.registers.check.cells import cell_decimal, is_empty
from promis_analytics.registers.check.columnar import RowsResult
from promis_analytics.registers.check.pair_checks import Coded
from promis_analytics.registers.io.reader import column_letter
from promis_analytics.registers.io.rows import RawRow
from promis_analytics.registers.schema.report import ValidationReport
from promis_analytics.registers.schema.schemas import CURRENCY_OF, Schema

__all__ = ["check_keys", "check_totals", "repeated_keys"]


def check_keys(
    result: RowsResult,
    numbers: list[int],
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    report: ValidationReport,
) -> None:
    """A primary key seen before is a problem at its first column. Rows missing a required
    part are skipped (that is its own problem); an empty optional part (a results row's place
    or sex: project-wide, all) counts as a value."""
    index_of = {col: i for i, col in colmap.items()}
    if not all(k in index_of for k in schema.key):
        return
    columns = [result.typed[k] for k in schema.key]
    needed = [c in schema.required for c in schema.key]  # an empty optional part is a value
    candidates = repeated_keys(columns, needed, [result.coded.get(k) for k in schema.key])
    first: dict[tuple[Any, ...], int] = {}
    for p in candidates:  # only rows whose key occurs more than once, in file order
        key = tuple(col[p] for col in columns)
        if key in first:
            i = index_of[schema.key[0]]
            e = report.add(
                "duplicate_key",
                row=numbers[p],
                column=written[i],
                column_letter=column_letter(i),
                value=" + ".join(map(shown, key)),
                key=" + ".join(map(shown, key)),
                first_row=first[key],
            )
            result.errors.setdefault(p, []).append(e)
        else:
            first[key] = numbers[p]


def repeated_keys(
    columns: list[Any], needed: list[bool], coded: list[Coded | None] | None = None
) -> list[int]:
    """Positions of the rows whose key (one value per column; rows missing a needed part left
    out) occurs more than once — found with one hash pass over whole columns. A column given
    as (codes, distinct values) is hashed once per distinct value, its rows as integers."""
    if not columns or not len(columns[0]):
        return []
    coded = coded or [None] * len(columns)
    parts, present = {}, []
    for j, (col, pair) in enumerate(zip(columns, coded, strict=True)):
        if pair is None:
            series = pd.Series(col, dtype=object)
            parts[j], notna = series, series.notna().to_numpy()
        else:
            codes, value_u, distinct = pair
            if distinct:  # the codes are the values' identities already
                ids = np.arange(len(value_u))
            else:
                ids, _ = pd.factorize(pd.Series(value_u, dtype=object), use_na_sentinel=False)
            parts[j], notna = ids[codes], ~pd.isna(value_u)[codes]
        present.append(notna)
    frame = pd.DataFrame(parts)
    complete = np.ones(len(frame), dtype=bool)
    for notna, must in zip(present, needed, strict=True):
        if must:
            complete &= notna
    repeated = np.zeros(len(frame), dtype=bool)
    repeated[complete] = frame.loc[complete].duplicated(keep=False).to_numpy()
    return np.flatnonzero(repeated).tolist()


def check_totals(
    t: RawRow,
    raw_cols: Mapping[str, Sequence[Any]],
    typed: Mapping[str, Sequence[Any] | np.ndarray],
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    report: ValidationReport,
) -> None:
    """Each summable cell of totals row ``t`` against the sum of its column's parsed cells
    (``raw_cols``): a mismatch beyond half a unit of the last digit typed (a typed text) or
    1e-6 relative (a stored number) is a problem; a column whose currency varies is skipped."""
    for i, col in colmap.items():
        f = schema.field(col)
        if not f.summable or i >= len(t.cells) or is_empty(t.cells[i]):
            continue
        raw = t.cells[i]
        found, _, probs = cell_decimal(raw, f)
        if found is None:
            for code, params in probs:
                report.add(
                    code,
                    row=t.number,
                    column=written[i],
                    column_letter=column_letter(i),
                    value=raw,
                    **params,
                )
            continue
        cur = CURRENCY_OF.get(col)
        if cur and len(set(typed[cur]) - {None}) > 1:
            continue  # sums across currencies are meaningless
        parts = [cell_decimal(v, f)[0] for v in raw_cols[col] if not is_empty(v)]
        computed = sum((p for p in parts if p is not None), Decimal(0))
        exp = found.as_tuple().exponent
        tol = (
            (Decimal(1).scaleb(exp) / 2)
            if isinstance(raw, str) and isinstance(exp, int)
            else Decimal("1e-6") * max(Decimal(1), abs(computed))
        )
        if abs(found - computed) > tol:
            report.add(
                "totals_mismatch",
                row=t.number,
                column=written[i],
                column_letter=column_letter(i),
                value=raw,
                found=shown(found),
                computed=shown(computed.normalize()),
            )
