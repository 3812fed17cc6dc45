"""The data rows of a register checked column by column: each distinct cell value of a column
is read once (``cells.parse_cell``) and the result spread over its rows; row kinds (blank,
totals, repeated header) come from masks, with the exact test only on candidate rows; a
problem entry is made only for a problem. Same answers as reading row by row (a test keeps
the row-by-row reader under ``tests/`` and compares the two)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.autofill import EXTRA_PREFIX, AutoPlan, provenance_fills
from promis_analytics.registers.cells import (
    EXPECTED,
    MISSING_WORDS,
    TOTAL_WORDS,
    _text,
    is_empty,
    parse_cell,
)
from promis_analytics.registers.headers import fold, match
from promis_analytics.registers.reader import RawTable, column_letter
from promis_analytics.registers.report import NOTE, Entry, ValidationReport
from promis_analytics.registers.rows import ColumnRows, RawRow, row_lengths, row_numbers
from promis_analytics.registers.schemas import CURRENCY_OF, Schema

__all__ = ["Column", "RowsResult", "check_rows", "distinct"]


def distinct(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """(codes, uniques): ``values[k] == uniques[codes[k]]``; None has code -1. Equal values of
    different types stay apart (1 and True and 1.0 are three values)."""
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
        return codes, list(uniques)
    index: dict[Any, int] = {}
    uniques = []
    codes = np.empty(len(values), dtype=np.int64)
    for k, v in enumerate(values):
        if v is None:
            codes[k] = -1
            continue
        key = v if type(v) is str else (type(v), v)
        u = index.get(key)
        if u is None:
            u = index[key] = len(uniques)
            uniques.append(v)
        codes[k] = u
    return codes, uniques


@dataclass
class Column:
    """One column of the data rows: its cells' distinct values and, per value, a result."""

    cells: Sequence[Any]
    codes: np.ndarray
    uniques: list[Any]
    _empty_u: list[bool] | None = None
    _empty: np.ndarray | None = None
    _text: str | None = None
    _folded: str | None = None
    _text_only: bool | None = None

    @classmethod
    def of(cls, cells: tuple[Any, ...]) -> Column:
        codes, uniques = distinct(cells)
        return cls(cells, codes, uniques)

    @property
    def text_only(self) -> bool:
        """Whether every distinct value is a ``str`` (computed once)."""
        if self._text_only is None:
            self._text_only = set(map(type, self.uniques)) <= {str}
        return self._text_only

    def mask(self, fn: Callable[[Any], bool], none: bool) -> np.ndarray:
        """fn of every cell, computed once per distinct value (``none`` for a missing cell)."""
        return self._rows(np.array([bool(fn(u)) for u in self.uniques], dtype=bool), none)

    def _rows(self, per_unique: np.ndarray, none: bool) -> np.ndarray:
        return np.append(per_unique.astype(bool), none)[self.codes]

    def empty_uniques(self) -> list[bool]:
        """``cells.is_empty`` of every distinct value (computed once; for texts the "no data"
        words are looked up only for texts that start like one)."""
        if self._empty_u is None:
            if not self.text_only:
                self._empty_u = [is_empty(u) for u in self.uniques]
            else:
                stripped = list(map(str.strip, self.uniques))
                self._empty_u = [
                    not t or (t[0] in _MISSING_START and is_empty(t)) for t in stripped
                ]
        return self._empty_u

    def empty(self) -> np.ndarray:
        """``cells.is_empty`` of every cell."""
        if self._empty is None:
            self._empty = self._rows(np.asarray(self.empty_uniques(), dtype=bool), True)
        return self._empty

    def has(self, char: str) -> bool:
        """Whether any text of the column holds ``char`` (one search of the joined texts)."""
        return char in self._joined()

    def _joined(self) -> str:
        if self._text is None:
            texts = self.uniques if self.text_only else map(_text_of, self.uniques)
            self._text = "\x00".join(texts)
        return self._text

    def first_in(self, words: frozenset[str]) -> np.ndarray:
        """Per distinct text: whether its first run of letters or digits (after NFC and
        casefolding, as ``headers.fold`` reads it) is one of ``words`` — a folded text can
        equal a word only if it starts with it. One regular-expression pass over the joined
        folded texts, and none when no word occurs in them at all."""
        if self._folded is None:
            self._folded = unicodedata.normalize("NFC", "\x00" + self._joined()).casefold()
        hit = np.zeros(len(self.uniques), dtype=bool)
        if not self.uniques or not any(w in self._folded for w in words):
            return hit
        if self._joined().count("\x00") != len(self.uniques) - 1:  # a text holding NUL
            return np.fromiter((_first_word(u) in words for u in self.uniques), dtype=bool)
        found = _first_word_pattern(words).findall(self._folded)
        hit[:] = np.asarray(found, dtype=object) != ""
        return hit

    def totals_word(self) -> np.ndarray:
        """Cells whose folded text is a totals word («Разом», «Всього»)."""
        if not self.text_only:
            return self.mask(lambda v: isinstance(v, str) and fold(v) in TOTAL_WORDS, False)
        hit = self.first_in(TOTAL_WORDS)
        for u in np.flatnonzero(hit).tolist():
            hit[u] = fold(self.uniques[u]) in TOTAL_WORDS
        return self._rows(hit, False)

    def may_match(self, first: frozenset[str], kind: str) -> np.ndarray:
        """Cells ``headers.match`` accepts: tried only on texts that start with the first word
        of a header spelling or hold a character ``match`` splits on."""
        if not self.text_only:
            return self.mask(lambda v: isinstance(v, str) and match(v, kind) is not None, False)
        hit = self.first_in(first)
        if any(self.has(ch) for ch in _SPLIT_CHARS):
            hit |= np.fromiter(
                (not _SPLIT_CHARS.isdisjoint(u) for u in self.uniques),
                dtype=bool,
                count=len(self.uniques),
            )
        for u in np.flatnonzero(hit).tolist():
            hit[u] = match(self.uniques[u], kind) is not None
        return self._rows(hit, False)


def _text_of(u: Any) -> str:
    return u if type(u) is str else str(u)


def _first_word(u: str) -> str:
    """The first run of letters or digits of ``u`` after NFC and casefolding ("" if none)."""
    folded = unicodedata.normalize("NFC", "\x00" + u.replace("\x00", " ")).casefold()
    return _FIRST_WORD.findall(folded)[0]


@functools.lru_cache(maxsize=16)
def _first_word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Over NUL-separated texts: per text, the word it starts with when that is one of
    ``words``, else "" (one item per text)."""
    alternatives = "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))
    return re.compile(rf"\x00(?:[^\w\x00]|_)*(?:({alternatives})(?![^\W_]))?[^\x00]*")


_MISSING_START = frozenset(w[0] for w in MISSING_WORDS) | frozenset(
    w[0].upper() for w in MISSING_WORDS
)
_FIRST_WORD = re.compile(r"\x00(?:[^\w\x00]|_)*([^\W_]*)")
_SPLIT_CHARS = frozenset("(/\n,")  # where headers.match splits a header


@functools.cache
def header_first_words(kind: str) -> frozenset[str]:
    """First words (as ``Column.first_in`` reads them) of every header spelling."""
    from promis_analytics.registers.headers import aliases

    return frozenset(_first_word(k) for k in aliases(kind))


@dataclass
class RowsResult:
    """The data rows (not blank, not totals) of a register, checked: their positions in the
    rows given, typed values and extra columns' text per column (one item per data row),
    error entries per data-row position, and the totals rows."""

    take: list[int]
    typed: dict[str, np.ndarray]
    extras: dict[str, np.ndarray]
    errors: dict[int, list[Entry]]
    totals: list[RawRow] = field(default_factory=list)
    raw: dict[str, Sequence[Any]] = field(default_factory=dict)


def _columns(table: RawTable, rows: Sequence[RawRow]) -> list[Column]:
    """The cells of ``rows`` column by column: slices of the reader's own coded columns when
    ``rows`` is a view of them (Arrow's CSV path), else transposed and split into distinct
    values here. A distinct value of the whole column may be absent from the slice (the
    header's text): no row points at it."""
    if isinstance(rows, ColumnRows) and table.columns is not None and rows.columns is table.columns:
        a, b = rows.start, rows.stop
        return [Column(c[a:b], c.codes[a:b], c.uniques) for c in table.columns]
    return [Column.of(c) for c in zip_longest(*(r.cells for r in rows))]


def _kinds(columns: list[Column], rows: Sequence[RawRow]) -> np.ndarray:
    """0 data, 1 blank, 2 totals for every row (masks, then the exact test on candidates)."""
    n = len(rows)
    blank = np.ones(n, dtype=bool)
    totals = np.zeros(n, dtype=bool)
    for col in columns:
        blank &= col.empty()
        totals |= col.totals_word()
    out = np.where(blank, 1, 0)
    for k in np.flatnonzero(totals & ~blank).tolist():
        first = [c for c in rows[k].cells if not is_empty(c)][:3]
        if any(isinstance(c, str) and fold(c) in TOTAL_WORDS for c in first):
            out[k] = 2
    return out


def check_rows(
    table: RawTable,
    rows: Sequence[RawRow],
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    width: int,
    plan: AutoPlan,
    report: ValidationReport,
    period: tuple[dt.date, dt.date] | None = None,
) -> RowsResult:
    """Check every data row of ``rows`` (the rows below the header, merges filled); blank and
    totals rows are counted and noted in ``report``; project-period dates outside ``period``
    (when given) are errors."""
    n = len(rows)
    lengths = row_lengths(rows)
    maxw = max(width, int(lengths.max())) if n else width
    cols = _columns(table, rows) if n else []
    cols += [Column.of((None,) * n) for _ in range(maxw - len(cols))]
    kinds = _kinds(cols, rows) if n else np.zeros(0, dtype=int)
    report.rows_read += n
    for k in np.flatnonzero(kinds == 1).tolist():
        report.blank += 1
        report.add("blank_row", row=rows[k].number, severity=NOTE)
    for k in np.flatnonzero(kinds == 2).tolist():
        report.totals += 1
        report.add("totals_row", row=rows[k].number, severity=NOTE)
    data_idx = np.flatnonzero(kinds == 0)
    pos = {k: p for p, k in enumerate(data_idx.tolist())}
    errors: dict[int, list[Entry]] = {}

    def add(k: int, code: str, i: int | None, value: Any = None, **params: Any) -> None:
        e = report.add(
            code,
            row=rows[k].number,
            column=written.get(i) if i is not None else None,
            column_letter=column_letter(i) if i is not None else None,
            value=value,
            **params,
        )
        if e.severity != NOTE:
            errors.setdefault(pos[k], []).append(e)

    if table.hidden_rows:
        for k in data_idx.tolist():
            if rows[k].number in table.hidden_rows:
                report.add("hidden_row", row=rows[k].number, severity=NOTE)
    normal = np.zeros(n, dtype=bool)
    normal[data_idx] = True
    if table.fixed_width:
        normal &= _row_shape(table, rows, cols, data_idx, lengths, width, add)
    normal &= _not_repeated_header(rows, cols, colmap, schema.kind, normal, add)
    for i in range(maxw):
        if i not in written:
            bad = np.flatnonzero(~cols[i].empty() & normal).tolist()
            for k in bad:
                add(k, "unnamed_column", i, rows[k].cells[i])
    values, currencies = _parse_columns(cols, colmap, schema, plan, normal, add, period)
    _currency_checks(cols, colmap, values, currencies, normal, add)
    _le_checks(colmap, values, written, cols, schema, normal, add)
    take = data_idx.tolist()
    every_row = len(take) == n
    typed = {c: values[c] if every_row else values[c][take] for c in schema.columns}
    _fill_provenance(typed, plan, table, row_numbers(rows, take))
    extras = {}
    for i, h in plan.extras.items():
        c = cols[i]
        text_u = np.empty(len(c.uniques) + 1, dtype=object)
        text_u[:-1] = [
            None if e else _text(u) for u, e in zip(c.uniques, c.empty_uniques(), strict=True)
        ]
        extras[EXTRA_PREFIX + h] = text_u[c.codes if every_row else c.codes[take]]
    totals = [rows[k] for k in np.flatnonzero(kinds == 2).tolist()]
    everything = len(take) == n
    raw = {
        col: cols[i].cells if everything else [cols[i].cells[k] for k in take]  # read only
        for i, col in colmap.items()
    }
    return RowsResult(take, typed, extras, errors, totals, raw)


_Add = Callable[..., None]


def _row_shape(
    table: RawTable,
    rows: Sequence[RawRow],
    cols: list[Column],
    data_idx: np.ndarray,
    lengths: np.ndarray,
    width: int,
    add: _Add,
) -> np.ndarray:
    """CSV only: cells that swallowed lines (a stray quote), rows of another length than the
    header. Returns the rows whose length is right."""
    from promis_analytics.registers.validate import _swallowed

    delimiter = table.delimiter or ","
    n = len(rows)
    is_data = np.zeros(n, dtype=bool)
    is_data[data_idx] = True
    swallowed = [
        np.flatnonzero(c.mask(lambda v: _swallowed(v, delimiter, width), False) & is_data)
        if c.has("\n")
        else np.zeros(0, dtype=np.int64)
        for c in cols
    ]
    for i, ks in enumerate(swallowed):
        for k in ks.tolist():
            add(k, "swallowed_lines", i, rows[k].cells[i])
    good = lengths == width
    for k in np.flatnonzero(~good & is_data).tolist():
        add(k, "row_length", None, found=int(lengths[k]), width=width)
    return good


def _not_repeated_header(
    rows: Sequence[RawRow],
    cols: list[Column],
    colmap: dict[int, str],
    kind: str,
    normal: np.ndarray,
    add: _Add,
) -> np.ndarray:
    """Rows that repeat the header among the data are problems. The exact test (distinct
    column names matched ≥ need = max(2, half the mapped columns)) runs only on rows where
    the cells that may match could reach ``need``: a column of mostly distinct values (IDs,
    locators, free text) is not searched but counted as a possible match in every row."""
    first = header_first_words(kind)
    need = max(2, len(colmap) // 2)
    n = len(rows)
    hits = np.zeros(n, dtype=np.int64)
    for c in cols:
        if n >= _MOSTLY_DISTINCT_FROM and 2 * len(c.uniques) > n:
            hits += 1  # an upper bound: the exact test below reads the cell
        else:
            hits += c.may_match(first, kind)
    keep = np.ones(n, dtype=bool)
    for k in np.flatnonzero((hits >= need) & normal).tolist():
        matched = {match(c, kind) for c in rows[k].cells if isinstance(c, str)} - {None}
        if len(matched) >= need:
            add(k, "repeated_header", None)
            keep[k] = False
    return keep


#: Rows from which a column of mostly distinct values is not searched for header words.
_MOSTLY_DISTINCT_FROM = 1000


def _rows_of(codes: np.ndarray, uniques: list[int], where: np.ndarray) -> list[int]:
    """Rows (in ``where``) whose cell is one of the distinct values ``uniques``."""
    if not uniques:
        return []
    return np.flatnonzero(np.isin(codes, uniques) & where).tolist()


def _parse_columns(
    cols: list[Column],
    colmap: dict[int, str],
    schema: Schema,
    plan: AutoPlan,
    normal: np.ndarray,
    add: _Add,
    period: tuple[dt.date, dt.date] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Typed values of every mapped column (header order, as a row is read: a range in a
    span's start cell fills the end and the precision), each distinct value parsed once.
    Values are object arrays; a row no cell gave a value keeps ``None``."""
    n = len(normal)
    values = {c: np.full(n, None, dtype=object) for c in schema.columns}
    currencies: dict[str, np.ndarray] = {}
    spans = dict(schema.spans)
    index_of = {col: i for i, col in colmap.items()}
    for i, col in colmap.items():
        f, c = schema.field(col), cols[i]
        empty = c.empty()
        if col in schema.required and col not in plan.fill_blank:
            uk, en = EXPECTED["category" if f.allowed else f.dtype]
            missing = empty & normal
            other = schema.unless.get(col)
            if other is not None:
                o = schema.field(other)
                uk = f"{uk} або {o.label_uk.lower()}"
                en = f"{en}, or {o.label_en.lower()}"
                if other in index_of:
                    missing &= cols[index_of[other]].empty()
            for k in np.flatnonzero(missing).tolist():
                add(k, "required", i, c.cells[k], expected_uk=uk, expected_en=en)
        codes = c.codes
        filled = normal & ~empty
        if f.allowed is None and f.dtype in ("text", "id") and c.text_only:
            # plain text: the value is the stripped text (cells.parse_cell), no problem possible
            value_u = np.empty(len(c.uniques) + 1, dtype=object)
            value_u[:-1] = list(map(str.strip, c.uniques))
            values[col][filled] = value_u[codes[filled]]
            currencies[col] = np.full(n, None, dtype=object)
            continue
        else:
            empty_u = c.empty_uniques()
            results = [
                (None, None, [], None) if e else _read_cell(schema, f, col, u, col in spans)
                for u, e in zip(c.uniques, empty_u, strict=True)
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
        values[col][filled] = value_u[codes[filled]]
        currencies[col] = np.where(filled, currency_u[codes], None)
        if col in spans:
            _apply_spans(results, codes, filled, spans[col], cols, colmap, schema, values)
        if period is not None and f.dtype == "date" and col in schema.project_period:
            start, end = period
            outside = [
                u for u, r in enumerate(results) if r[0] is not None and not start <= r[0] <= end
            ]
            for k in _rows_of(codes, outside, filled):
                add(k, "outside_project", i, c.cells[k], start=str(start), end=str(end))
    return values, currencies


def _read_cell(schema: Schema, f: Any, col: str, v: Any, is_span: bool) -> tuple:
    """(value, currency, problems, span) of one distinct non-empty cell text."""
    from promis_analytics.registers.validate import _span

    if is_empty(v):
        return None, None, [], None
    if is_span:
        span = _span(schema, col, v)
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
) -> None:
    """A range or a month in a span's start cell: the end where the end cell is empty and no
    value was read for it, and the precision."""
    index = {c: i for i, c in colmap.items()}.get(end_col)
    end_empty = cols[index].empty() if index is not None else np.ones(len(codes), dtype=bool)
    with_span = [u for u, r in enumerate(results) if r[3] is not None]
    for k in _rows_of(codes, with_span, filled):
        _, end_value, precision = results[codes[k]][3]
        if end_empty[k] and values[end_col][k] is None:
            values[end_col][k] = end_value
        if schema.precision:
            values[schema.precision][k] = precision


def _currency_checks(
    cols: list[Column],
    colmap: dict[int, str],
    values: dict[str, np.ndarray],
    currencies: dict[str, np.ndarray],
    normal: np.ndarray,
    add: _Add,
) -> None:
    """An amount's currency against its currency column: a mismatch, a missing one, or the
    currency written in the amount cell («453,3 тис. CAD») filled into the column."""
    index_of = {col: i for i, col in colmap.items()}
    for amount_col, cur_col in CURRENCY_OF.items():
        if amount_col not in index_of:
            continue
        i = index_of[amount_col]
        amounts, found_all, declared_all = (
            values[amount_col],
            currencies[amount_col],
            values[cur_col],
        )
        present = normal & np.not_equal(amounts, None)
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
            elif not found and not declared:
                add(
                    k,
                    "currency_missing",
                    index_of.get(cur_col, i),
                    cols[i].cells[k],
                    currency_column=cur_col,
                )


def _le_checks(
    colmap: dict[int, str],
    values: dict[str, np.ndarray],
    written: dict[int, str],
    cols: list[Column],
    schema: Schema,
    normal: np.ndarray,
    add: _Add,
) -> None:
    """a ≤ b for every pair of ``schema.le`` where both are present."""
    from promis_analytics.registers.validate import _show

    index_of = {col: i for i, col in colmap.items()}
    for a, b in schema.le:
        va, vb = values[a], values[b]
        both = normal & np.not_equal(va, None) & np.not_equal(vb, None)
        for k in np.flatnonzero(both).tolist():
            x, y = va[k], vb[k]
            if not x > y:
                continue
            add(
                k,
                "not_le",
                index_of[a],
                cols[index_of[a]].cells[k],
                a=written[index_of[a]],
                b=written[index_of[b]],
                va=_show(x),
                vb=_show(y),
            )


def _fill_provenance(
    typed: dict[str, np.ndarray], plan: AutoPlan, table: RawTable, numbers: list[int]
) -> None:
    """Blank provenance and ID cells filled (``autofill.provenance_fills``)."""
    for col, make in provenance_fills(plan, table).items():
        if col in typed:
            column = typed[col]
            blank = np.flatnonzero(np.equal(column, None)).tolist()
            column[blank] = [make(numbers[p]) for p in blank]
