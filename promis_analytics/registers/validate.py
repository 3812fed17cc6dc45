"""Table checks: a raw table → typed rows, rejected rows and one ValidationReport."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.autofill import (
    EXTRA_PREFIX,
    AutoPlan,
    fill_merged,
    merge_ref,
    plan_columns,
)
from promis_analytics.registers.cell_forms import shown
from promis_analytics.registers.cells import (
    TOTAL_WORDS,
    cell_decimal,
    cell_text,
    is_empty,
    parse_cell,
)
from promis_analytics.registers.columnar import RowsResult, check_rows
from promis_analytics.registers.frames import empty_frame, rejects_frame, typed_frame
from promis_analytics.registers.guess import guess_kind, looks_like, other_kind
from promis_analytics.registers.header_block import HeaderBlock, find_header
from promis_analytics.registers.headers import close_matches, fold
from promis_analytics.registers.kobo import kobo_register
from promis_analytics.registers.pair_checks import Coded
from promis_analytics.registers.period_bounds import check_period
from promis_analytics.registers.place_context import context_unit, narrow_places
from promis_analytics.registers.reader import RawTable, column_letter
from promis_analytics.registers.report import ERROR, NOTE, ValidationReport
from promis_analytics.registers.rows import RawRow, row_numbers
from promis_analytics.registers.schemas import CURRENCY_OF, SCHEMAS, Schema
from promis_analytics.registers.table_rules import run_rules

__all__ = ["empty_frame", "is_empty", "parse_cell", "rejects_frame", "validate_table"]


def _is_totals(cells: tuple[Any, ...]) -> bool:
    first = [c for c in cells if not is_empty(c)][:3]
    return any(isinstance(c, str) and fold(c) in TOTAL_WORDS for c in first)


def note_header_block(table: RawTable, block: HeaderBlock, report: ValidationReport) -> None:
    """Notes on where the header was found: the rows a multi-row header spans
    (``header_rows``) and each filled row above it (``above_header``, its first text)."""
    header = block.row
    if len(block.numbers) > 1:
        report.add(
            "header_rows", row=block.numbers[0], rows=f"{block.numbers[0]}–{header.number}",
            severity=NOTE,
        )  # fmt: skip
    for r in table.rows[: block.first]:
        if not all(is_empty(c) for c in r.cells):
            first_text = next(cell_text(c) for c in r.cells if not is_empty(c))
            report.add("above_header", row=r.number, value=first_text, severity=NOTE)


def validate_table(
    table: RawTable,
    kind: str,
    *,
    period: tuple[dt.date, dt.date] | None = None,
    schema: Schema | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, ValidationReport]:
    """Check a raw table against the schema of ``kind``; collect every problem.

    ``period`` (start, end): the project period the schema's project-period dates must lie
    in; None checks no period. ``schema``: the folder's schema of ``kind`` when it declares
    more columns (``schemas.schema_for``); default ``SCHEMAS[kind]``.

    Returns (accepted rows as a typed DataFrame in canonical columns, rejected rows with
    their raw cells and problems, the report). rows_read counts every row below the header.
    """
    schema = schema or SCHEMAS[kind]
    report = ValidationReport(table.file, table.sheet, kind)
    if not any(not all(is_empty(c) for c in r.cells) for r in table.rows):
        report.add("empty_file")
        return empty_frame(schema), rejects_frame(schema, []), report
    table = kobo_register(table, kind, report)
    block = find_header(table.rows, schema, table.merged)
    if block is None:
        first = next(r for r in table.rows if not all(is_empty(c) for c in r.cells))
        guess = guess_kind(table.rows, table.merged, exclude=kind)
        report.add("header_not_found", row=first.number, kind=kind, **looks_like(guess))
        return empty_frame(schema), rejects_frame(schema, []), report
    header = block.row
    note_header_block(table, block, report)
    for name in table.hidden_sheets:
        report.add("hidden_sheet", hidden=name, severity=NOTE)
    colmap, headers_as_written, unknown = _map_header(block, schema, report)
    width = len(header.cells)
    data_rows = table.rows[block.last + 1 :]
    while data_rows and all(is_empty(c) for c in data_rows[-1].cells):
        data_rows = data_rows[:-1]  # trailing empty rows (formatted but unused cells): not read
    plan = plan_columns(schema, colmap, unknown, data_rows)
    _report_columns(header, schema, colmap, unknown, plan, report)
    other_kind(table, kind, len(set(colmap.values())), header.number, report)
    data_rows = _merged(table, data_rows, header.number, headers_as_written, report)
    result = check_rows(
        table, data_rows, schema, colmap, headers_as_written, width, plan, report, period
    )
    narrow_places(result, colmap, headers_as_written, plan.extras, report)
    numbers = row_numbers(data_rows, result.take)
    raw = result.raw
    last_data_number = numbers[-1] if numbers else 0
    for t in result.totals:
        if t.number < last_data_number:
            report.add("totals_not_last", row=t.number)
    _check_keys(result, numbers, schema, colmap, headers_as_written, report)
    run_rules(result, numbers, schema, colmap, headers_as_written, report)
    check_period(
        result.typed, result.errors, numbers, schema, colmap, headers_as_written, report, period
    )
    for t in result.totals:
        check_totals(t, raw, result.typed, schema, colmap, headers_as_written, report)

    data, rejects = _split_rows(result, numbers, schema, header.number, report)
    report.sort()
    return data, rejects, report


def _split_rows(
    result: RowsResult,
    numbers: list[int],
    schema: Schema,
    header_row: int,
    report: ValidationReport,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accepted rows (typed, canonical columns) and rejected rows (raw cells and problems);
    without a required column no row is complete. Counts both in ``report``."""
    raw = result.raw
    missing = [e for e in report.errors if e.code == "missing_column"]
    if missing:  # without a required column no row is complete
        for p in range(len(numbers)):
            result.errors.setdefault(p, []).extend(missing)
    rejected = sorted(result.errors)
    good = np.ones(len(numbers), dtype=bool)
    good[rejected] = False
    accepted = np.flatnonzero(good).tolist()
    report.accepted, report.rejected = len(accepted), len(rejected)
    if not numbers and not report.errors:
        report.add("no_data", row=header_row)
    data = typed_frame(schema, result.typed, result.extras, accepted, numbers, result.coded)
    rejects = [
        {
            "_row": numbers[p],
            "_raw": {col: values[p] for col, values in raw.items()},
            "_problems": result.errors[p],
        }
        for p in rejected
    ]
    return data, rejects_frame(schema, rejects)


def _report_columns(
    header: RawRow,
    schema: Schema,
    colmap: dict[int, str],
    unknown: list[tuple[int, str]],
    plan: AutoPlan,
    report: ValidationReport,
) -> None:
    """Notes for the extra columns and the columns filled in; errors for required columns
    that are neither present nor filled in."""
    for i, text in plan.extras.items():
        report.add(
            "extra_column",
            row=header.number,
            column=text,
            column_letter=column_letter(i),
            header=text,
            name=EXTRA_PREFIX + text,
            closest="" if context_unit(text) else ", ".join(close_matches(text, schema)),
            context_uk="; уточнює населений пункт рядка" if context_unit(text) else "",
            context_en="; it narrows the row's place" if context_unit(text) else "",
            severity=NOTE,
        )
    for col in sorted(plan.auto, key=schema.columns.index):
        report.add("auto_column", row=header.number, column=col, name=col, severity=NOTE)
    present = set(colmap.values()) | plan.auto
    for col in schema.required:
        if col not in present:
            near = [t for _, t in unknown if col in close_matches(t, schema)]
            report.add(
                "missing_column",
                row=header.number,
                column=col,
                name=col,
                label_uk=schema.field(col).bilingual(),
                label_en=schema.field(col).bilingual(),
                similar=", ".join(near),
            )


def _merged(
    table: RawTable,
    rows: Sequence[RawRow],
    header_row: int,
    written: dict[int, str],
    report: ValidationReport,
) -> Sequence[RawRow]:
    """Vertical merges over data rows fill every covered row (a note); merges across
    columns stay problems."""
    rows, filled, left = fill_merged(rows, table.merged, header_row)
    for code, ranges, severity in (("merged_filled", filled, NOTE), ("merged_cells", left, ERROR)):
        for r1, c1, r2, c2 in ranges:
            report.add(
                code,
                row=r1,
                column=written_at(written, c1 - 1),
                column_letter=column_letter(c1 - 1),
                ref=merge_ref(r1, c1, r2, c2),
                severity=severity,
            )
    return rows


def written_at(written: dict[int, str], i: int) -> str | None:
    """The header as written above 0-based column ``i``, if any."""
    return written.get(i)


def _map_header(
    block: HeaderBlock, schema: Schema, report: ValidationReport
) -> tuple[dict[int, str], dict[int, str], list[tuple[int, str]]]:
    """Header cells (levels joined, ``header_block``) → canonical columns; the headers as
    written; the headers outside the schema (carried as extra columns). A column that
    appears twice is a problem."""
    header = block.row
    colmap: dict[int, str] = {}
    written: dict[int, str] = {}
    first_at: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for i, cell in enumerate(header.cells):
        if is_empty(cell):
            continue
        text = cell_text(cell)
        written[i] = text
        col = block.columns[i]
        if col is None or (context_unit(text) and col in block.columns[i + 1 :]):
            unknown.append((i, text))  # «Громада» before «Населений пункт»: context
            continue
        if col in first_at and context_unit(text):
            unknown.append((i, text))  # «Громада» after the place column: context
            continue
        if col in first_at:
            report.add(
                "duplicate_column",
                row=header.number,
                column=text,
                column_letter=column_letter(i),
                value=text,
                other=f"{column_letter(first_at[col])} «{written[first_at[col]]}»",
            )
            continue
        first_at[col] = i
        colmap[i] = col
    return colmap, written, unknown


def _check_keys(
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
    candidates = _repeated_keys(columns, needed, [result.coded.get(k) for k in schema.key])
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


def _repeated_keys(
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
