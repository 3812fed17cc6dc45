"""Checks between columns of a table: an amount against its currency, a ≤ b, Σ parts ≤ total."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

import numpy as np

from promis_analytics.registers.check.cell_forms import shown
from promis_analytics.registers.check.column import Column
from promis_analytics.registers.io.rows import NONE_ITEM
from promis_analytics.registers.schema.schemas import CURRENCY_OF, Schema

__all__ = ["Add", "Coded", "currency_checks", "le_checks", "sum_checks"]

#: Adds a problem entry: ``add(row, code, column index, cell, **message fields)``
Add = Callable[..., None]


class Coded(NamedTuple):
    """A column's values as a code per row (-1: None) and the values the codes index (the last
    one None); ``distinct``: no two of those values are equal."""

    codes: np.ndarray
    values: np.ndarray
    distinct: bool = False


def currency_checks(
    cols: list[Column],
    colmap: dict[int, str],
    values: dict[str, np.ndarray],
    currencies: dict[str, np.ndarray],
    normal: np.ndarray,
    add: Add,
) -> set[str]:
    """An amount's currency against its currency column: a mismatch, a missing one, or the
    currency written in the amount cell («453,3 тис. CAD») filled into the column. Returns
    the currency columns filled in."""
    index_of = {col: i for i, col in colmap.items()}
    filled_in: set[str] = set()
    for amount_col, cur_col in CURRENCY_OF.items():
        if amount_col not in index_of:
            continue
        i = index_of[amount_col]
        amounts, found_all, declared_all = (
            values[amount_col],
            currencies[amount_col],
            values[cur_col],
        )
        present = normal & np.not_equal(amounts, NONE_ITEM)
        for k in np.flatnonzero(present).tolist():
            found, declared = found_all[k], declared_all[k]
            if found and declared and found != declared:
                add(
                    k,
                    "currency_mismatch",
                    i,
                    cols[i].cells[k],
                    found=found,
                    currency=declared,
                    currency_column=cur_col,
                )
            elif found and not declared:
                declared_all[k] = found
                filled_in.add(cur_col)
            elif not found and not declared:
                add(
                    k,
                    "currency_missing",
                    index_of.get(cur_col, i),
                    cols[i].cells[k],
                    currency_column=cur_col,
                )
    return filled_in


def le_checks(
    colmap: dict[int, str],
    values: dict[str, np.ndarray],
    written: dict[int, str],
    cols: list[Column],
    schema: Schema,
    normal: np.ndarray,
    add: Add,
    coded: dict[str, Coded] | None = None,
) -> None:
    """a ≤ b for every pair of ``schema.le`` where both are present (compared once per
    distinct pair of values where both columns are still ``coded``)."""
    index_of = {col: i for i, col in colmap.items()}
    for a, b in schema.le:
        va, vb = values[a], values[b]
        ca, cb = (coded or {}).get(a), (coded or {}).get(b)
        for k in _greater(va, vb, ca, cb, normal).tolist():
            x, y = va[k], vb[k]
            add(
                k,
                "not_le",
                index_of[a],
                cols[index_of[a]].cells[k],
                a=written[index_of[a]],
                b=written[index_of[b]],
                va=shown(x),
                vb=shown(y),
            )


def sum_checks(
    colmap: dict[int, str],
    values: dict[str, np.ndarray],
    written: dict[int, str],
    cols: list[Column],
    schema: Schema,
    normal: np.ndarray,
    add: Add,
) -> None:
    """Σ parts ≤ total for every ``schema.sums`` entry, on rows that give the total and two
    or more parts (one part alone is checked by ``le_checks``); the error is at the first
    part given and names every part with its value."""
    index_of = {col: i for i, col in colmap.items()}
    for parts, total in schema.sums:
        present = [p for p in parts if p in index_of]
        if len(present) < 2 or total not in index_of:
            continue
        given = np.stack([np.not_equal(values[p], NONE_ITEM) for p in present])
        rows = normal & np.not_equal(values[total], NONE_ITEM) & (given.sum(axis=0) >= 2)
        for k in np.flatnonzero(rows).tolist():
            parts_given = [(p, values[p][k]) for p in present if values[p][k] is not None]
            if sum(v for _, v in parts_given) <= values[total][k]:
                continue
            first = index_of[parts_given[0][0]]
            add(
                k,
                "parts_over_total",
                first,
                cols[first].cells[k],
                parts=" + ".join(written[index_of[p]] for p, _ in parts_given),
                sum=shown(sum(v for _, v in parts_given)),
                values=" + ".join(shown(v) for _, v in parts_given),
                total=written[index_of[total]],
                vt=shown(values[total][k]),
            )


def _present(v: np.ndarray, c: Coded | None) -> np.ndarray:
    """Rows whose value is not None (per distinct value when coded)."""
    if c is None:
        return np.not_equal(v, NONE_ITEM)
    return np.not_equal(c.values, NONE_ITEM).take(c.codes)  # code -1: the last value, None


def _greater(
    va: np.ndarray, vb: np.ndarray, ca: Coded | None, cb: Coded | None, normal: np.ndarray
) -> np.ndarray:
    """Rows (of ``normal``) where both values are present and a > b; with both columns coded,
    each distinct pair (code of a, code of b) is compared once."""
    both = np.flatnonzero(normal & _present(va, ca) & _present(vb, cb))
    if ca is None or cb is None:
        return both[np.asarray(va[both] > vb[both], dtype=bool)]
    ranks = _ranks(ca.values, cb.values)
    if ranks is None:
        return both[np.asarray(va[both] > vb[both], dtype=bool)]
    ra, rb = ranks
    return both[ra.take(ca.codes[both]) > rb.take(cb.codes[both])]


#: Types whose values are totally ordered among themselves (``_ranks``)
_ORDERED = ({int, Decimal}, {dt.date})


def _ranks(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Both value arrays as ranks in one order (equal values, equal ranks; None gets -1), so
    that a > b is rank(a) > rank(b); None when the values are not of one totally ordered
    kind (``_ORDERED``: integers and decimals without NaN, or dates; no float, no datetime)."""
    union = [v for v in (*a.tolist(), *b.tolist()) if v is not None]
    kinds = set(map(type, union))
    if not union or not any(kinds <= k for k in _ORDERED):
        return None
    if Decimal in kinds and any(v.is_nan() for v in union if type(v) is Decimal):
        return None
    ordered = sorted(set(union))
    rank = {v: r for r, v in enumerate(ordered)}
    out = [np.array([-1 if v is None else rank[v] for v in x.tolist()]) for x in (a, b)]
    return out[0], out[1]
