"""Typed values of whole columns: each distinct cell parsed once and spread over its rows; the
checks between columns (currency, a ≤ b, Σ parts ≤ total) live in ``pair_checks``."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from promis_analytics.registers.check.autofill import AutoPlan
from promis_analytics.registers.check.cell_forms import date_span_in_cell
from promis_analytics.registers.check.cells import parse_cell
from promis_analytics.registers.check.column import Column
from promis_analytics.registers.check.pair_checks import (
    Add,
    Coded,
    currency_checks,
    le_checks,
    sum_checks,
)
from promis_analytics.registers.check.period_bounds import tolerated
from promis_analytics.registers.schema.report import ERROR, WARNING
from promis_analytics.registers.schema.schemas import CURRENCY_OF, Schema
from promis_analytics.registers.schema.types import column_type, shown_type

__all__ = ["Coded", "currency_checks", "le_checks", "parse_columns", "parsed_once", "sum_checks"]


_NONE = np.array([None], dtype=object)


def _rows_of(codes: np.ndarray, uniques: list[int], where: np.ndarray) -> list[int]:
    """Rows (in ``where``) whose cell is one of the distinct values ``uniques``."""
    if not uniques:
        return []
    return np.flatnonzero(np.isin(codes, uniques) & where).tolist()


def parse_columns(
    cols: list[Column],
    colmap: dict[int, str],
    schema: Schema,
    plan: AutoPlan,
    normal: np.ndarray,
    add: Add,
    period: tuple[dt.date, dt.date] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, Coded]]:
    """Typed values of every mapped column (header order, as a row is read: a range in a
    span's start cell fills the end and the precision), each distinct value parsed once.
    Values are object arrays; a row no cell gave a value keeps ``None``. Also the columns'
    currencies, and per column the same values as (codes, distinct values) — dropped for a
    column whose values were changed afterwards (a span's end filled in)."""
    n = len(normal)
    values = {c: np.empty(n, dtype=object) for c in schema.columns}  # all None
    coded = {c: Coded(np.full(n, -1, dtype=np.int64), _NONE, True) for c in schema.columns}
    changed: set[str] = set()
    currencies: dict[str, np.ndarray] = {}
    spans = dict(schema.spans)
    index_of = {col: i for i, col in colmap.items()}
    seen: set[str] = set()
    for i, col in colmap.items():
        f, c = schema.field(col), cols[i]
        empty = c.empty()
        if col in schema.required and col not in plan.fill_blank:
            _add_required(i, col, cols, index_of, schema, empty & normal, add)
        codes = c.codes
        filled = normal & ~empty
        at = np.where(filled, codes, -1)  # the code of each filled row's value, else -1
        first = col not in seen
        if not first:
            changed.add(col)  # two columns of the file give this column's values
        seen.add(col)
        if column_type(f).text_column and c.text_only:
            # plain text: the value is the stripped text (cells.parse_cell), no problem possible
            value_u = np.empty(len(c.uniques) + 1, dtype=object)
            value_u[:-1] = c.stripped()
            values[col] = _spread(values[col], value_u, at, filled, first)
            # distinct texts stay distinct when stripping changed none (str.strip: same object)
            same = c.strip_kept_all()
            coded[col] = Coded(at, value_u, same)
            continue
        # only values some data row holds (not empty, not the header's own text)
        skip = np.ones(len(c.uniques), dtype=bool)
        skip[codes[filled & (codes >= 0)]] = False
        results = [
            (None, None, [], None) if e else _read_cell(schema, f, col, u, col in spans)
            for u, e in zip(c.uniques, skip.tolist(), strict=True)
        ]
        results.append((None, None, [], None))
        bad = [u for u, r in enumerate(results) if r[2]]
        for k in _rows_of(codes, bad, filled):
            for code, params in results[codes[k]][2]:
                add(k, code, i, c.cells[k], **params)
        value_u = np.empty(len(results), dtype=object)
        value_u[:] = [r[0] for r in results]
        currency_u = np.empty(len(results), dtype=object)
        currency_u[:] = [r[1] for r in results]
        values[col] = _spread(values[col], value_u, at, filled, first)
        coded[col] = Coded(at, value_u)
        if col in CURRENCY_OF:  # an amount: the currency its cell names, if any
            currencies[col] = currency_u.take(at)
        if col in spans and _apply_spans(
            results, codes, filled, spans[col], cols, colmap, schema, values
        ):
            changed.update(c for c in (spans[col], schema.precision) if c is not None)
        if period is not None and f.dtype == "date" and col in schema.project_period:
            _add_outside_period(i, c, results, filled, period, add)
    for col in changed:
        del coded[col]
    return values, currencies, coded


def _add_required(
    i: int,
    col: str,
    cols: list[Column],
    index_of: dict[str, int],
    schema: Schema,
    missing: np.ndarray,
    add: Add,
) -> None:
    """A ``required`` problem for each data row (``missing``) whose required cell is empty —
    and, for a column required «unless» another, whose other cell is empty too."""
    f, c = schema.field(col), cols[i]
    uk, en = shown_type(f).expected
    other = schema.unless.get(col)
    if other is not None:
        o = schema.field(other)
        uk = f"{uk} або {o.label_uk.lower()}"
        en = f"{en}, or {o.label_en.lower()}"
        if other in index_of:
            missing = missing & cols[index_of[other]].empty()
    for k in np.flatnonzero(missing).tolist():
        add(k, "required", i, c.cells[k], expected_uk=uk, expected_en=en)


def _add_outside_period(
    i: int,
    c: Column,
    results: list[tuple],
    filled: np.ndarray,
    period: tuple[dt.date, dt.date],
    add: Add,
) -> None:
    """A problem for each row whose date lies outside ``period`` (``_period_problems``)."""
    bounds = {"start": str(period[0]), "end": str(period[1])}
    for k, code, severity in _period_problems(results, c.codes, filled, period):
        add(k, code, i, c.cells[k], severity=severity, **bounds)


def _period_problems(
    results: list[tuple],
    codes: np.ndarray,
    filled: np.ndarray,
    period: tuple[dt.date, dt.date],
) -> list[tuple[int, str, str]]:
    """(row, code, severity) of each date of a project-period column outside ``period``,
    each distinct date judged once: outside the span ``period_bounds.tolerated`` allows an
    error (``outside_project``, the row is rejected); after the end but within the
    tolerance a warning (``after_project``, the row is kept)."""
    start, end = period
    last = tolerated(period)[1]  # type: ignore[index]  # period is not None here
    verdicts = [
        None if r[0] is None or start <= r[0] <= end else r[0] <= last if r[0] > end else False
        for r in results
    ]
    outside = [u for u, v in enumerate(verdicts) if v is False]
    late = [u for u, v in enumerate(verdicts) if v is True]
    return [(k, "outside_project", ERROR) for k in _rows_of(codes, outside, filled)] + [
        (k, "after_project", WARNING) for k in _rows_of(codes, late, filled)
    ]


def _spread(
    column: np.ndarray, value_u: np.ndarray, at: np.ndarray, filled: np.ndarray, first: bool
) -> np.ndarray:
    """``column`` with ``value_u[at]`` in the filled rows (``at``: -1 elsewhere, which picks
    the None ending ``value_u``): one take when no other file column gave it values."""
    if first:
        return value_u.take(at)
    column[filled] = value_u.take(at[filled])
    return column


#: distinct values kept per column by :func:`parsed_once` (a column of ids or amounts may hold
#: as many distinct values as rows: past this, its new values are parsed without keeping them)
MEMO_PER_COLUMN = 200_000
_MEMO: contextvars.ContextVar[dict[str, dict[tuple[type, Any], tuple]] | None] = (
    contextvars.ContextVar("parse_memo", default=None)
)


@contextmanager
def parsed_once() -> Iterator[None]:
    """Inside the block, each distinct cell value of a column is parsed once across calls of
    :func:`parse_columns` (a file checked in batches: the cities, dates and types of batch 2
    were mostly read in batch 1). The results are the same objects; nothing mutates them."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _read_cell(schema: Schema, f: Any, col: str, v: Any, is_span: bool) -> tuple:
    """(value, currency, problems, span) of one distinct non-empty cell value (kept for the
    next batch inside :func:`parsed_once`)."""
    memo = _MEMO.get()
    if memo is None:
        return _read_new(schema, f, col, v, is_span)
    seen = memo.setdefault(col, {})
    key = (type(v), v)
    out = seen.get(key)
    if out is None:
        out = _read_new(schema, f, col, v, is_span)
        if len(seen) < MEMO_PER_COLUMN:
            seen[key] = out
    return out


def _read_new(schema: Schema, f: Any, col: str, v: Any, is_span: bool) -> tuple:
    """(value, currency, problems, span) of one distinct non-empty cell value, parsed."""
    quick = column_type(f).quick
    if quick is not None and type(v) is str:
        day = quick(v)
        if day is not None:  # e.g. one day in a plain form: what the parser gives, sooner
            return day, None, [], None
    if is_span:
        span = date_span_in_cell(schema, col, v)
        if span is not None:
            return span[0], None, [], span[1:]
    value, currency, probs = parse_cell(f, v)
    return value, currency, probs, None


def _apply_spans(
    results: list[tuple],
    codes: np.ndarray,
    filled: np.ndarray,
    end_col: str,
    cols: list[Column],
    colmap: dict[int, str],
    schema: Schema,
    values: dict[str, np.ndarray],
) -> bool:
    """A range or a month in a span's start cell: the end where the end cell is empty and no
    value was read for it, and the precision. Whether any row had one."""
    index = {c: i for i, c in colmap.items()}.get(end_col)
    end_empty = cols[index].empty() if index is not None else np.ones(len(codes), dtype=bool)
    with_span = [u for u, r in enumerate(results) if r[3] is not None]
    for k in _rows_of(codes, with_span, filled):
        _, end_value, precision = results[codes[k]][3]
        if end_empty[k] and values[end_col][k] is None:
            values[end_col][k] = end_value
        if schema.precision:
            values[schema.precision][k] = precision
    return bool(with_span)
