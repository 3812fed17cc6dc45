"""Table checks: a raw table → typed rows, rejected rows and one ValidationReport."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from promis_analytics.registers.check.autofill import (
    EXTRA_PREFIX,
    AutoPlan,
    fill_merged,
    merge_ref,
    plan_columns,
)
from promis_analytics.registers.check.cells import (
    TOTAL_WORDS,
    cell_text,
    is_empty,
    parse_cell,
)
from promis_analytics.registers.check.columnar import RowsResult, check_rows
from promis_analytics.registers.check.frames import empty_frame, rejects_frame, typed_frame
from promis_analytics.registers.check.guess import guess_kind, looks_like, other_kind
from promis_analytics.registers.check.header_block import HeaderBlock, find_header
from promis_analytics.registers.check.keys_totals import check_keys, check_totals
from promis_analytics.registers.check.period_bounds import check_period
from promis_analytics.registers.check.place_context import context_unit, narrow_places
from promis_analytics.registers.check.table_rules import run_rules
from promis_analytics.registers.io.kobo import kobo_register
from promis_analytics.registers.io.reader import RawTable, column_letter
from promis_analytics.registers.io.rows import RawRow, row_numbers
from promis_analytics.registers.schema.headers import close_matches, fold
from promis_analytics.registers.schema.report import ERROR, NOTE, ValidationReport
from promis_analytics.registers.schema.schemas import SCHEMAS, Schema

__all__ = [
    "CheckContext",
    "empty_frame",
    "is_empty",
    "parse_cell",
    "rejects_frame",
    "validate_table",
]


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


@dataclass
class CheckContext:
    """One table on its way through the checks: what came in (``table``, ``kind``,
    ``schema``, ``period``), the problems found so far (``report``) and what each step hands
    to the next (header block, column map, data rows, the typed rows)."""

    table: RawTable
    kind: str
    schema: Schema
    report: ValidationReport
    period: tuple[dt.date, dt.date] | None = None
    block: HeaderBlock | None = None
    colmap: dict[int, str] = field(default_factory=dict)
    written: dict[int, str] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    data_rows: Sequence[RawRow] = ()
    plan: AutoPlan | None = None
    result: RowsResult | None = None
    numbers: list[int] = field(default_factory=list)

    @property
    def file(self) -> str:
        """The file name the report names."""
        return self.table.file

    @property
    def sheet(self) -> str | None:
        """The sheet read (None for a CSV)."""
        return self.table.sheet


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

    The steps run in a fixed order over one ``CheckContext``: ``find_table_header`` →
    ``check_columns`` → ``check_cells`` → ``check_row_order`` → ``check_rules`` →
    ``to_frames``; a file without data or without a header stops after the first.

    Returns (accepted rows as a typed DataFrame in canonical columns, rejected rows with
    their raw cells and problems, the report). rows_read counts every row below the header.
    """
    schema = schema or SCHEMAS[kind]
    report = ValidationReport(table.file, table.sheet, kind)
    ctx = CheckContext(table, kind, schema, report, period)
    if not find_table_header(ctx):
        return empty_frame(schema), rejects_frame(schema, []), report
    for step in (check_columns, check_cells, check_row_order, check_rules):
        step(ctx)
    return to_frames(ctx)


def find_table_header(ctx: CheckContext) -> bool:
    """Step 1: an empty file or a file without a recognisable header is one problem (False:
    nothing more to check); otherwise ``ctx.block`` holds the header (a KoboToolbox export
    first turned into a register), with notes on where it was found and on hidden sheets."""
    table, report = ctx.table, ctx.report
    if not any(not all(is_empty(c) for c in r.cells) for r in table.rows):
        report.add("empty_file")
        return False
    table = ctx.table = kobo_register(table, ctx.kind, report)
    ctx.block = find_header(table.rows, ctx.schema, table.merged)
    if ctx.block is None:
        first = next(r for r in table.rows if not all(is_empty(c) for c in r.cells))
        guess = guess_kind(table.rows, table.merged, exclude=ctx.kind)
        report.add("header_not_found", row=first.number, kind=ctx.kind, **looks_like(guess))
        return False
    note_header_block(table, ctx.block, report)
    for name in table.hidden_sheets:
        report.add("hidden_sheet", hidden=name, severity=NOTE)
    return True


def check_columns(ctx: CheckContext) -> None:
    """Step 2: header cells → canonical columns (duplicates, extra, missing and filled-in
    columns reported), the data rows below the header without trailing empty rows, vertical
    merges filled in."""
    block, table, report = _header(ctx), ctx.table, ctx.report
    ctx.colmap, ctx.written, ctx.unknown = _map_header(block, ctx.schema, report)
    data_rows = table.rows[block.last + 1 :]
    while data_rows and all(is_empty(c) for c in data_rows[-1].cells):
        data_rows = data_rows[:-1]  # trailing empty rows (formatted but unused cells): not read
    ctx.plan = plan_columns(ctx.schema, ctx.colmap, ctx.unknown, data_rows)
    _report_columns(block.row, ctx.schema, ctx.colmap, ctx.unknown, ctx.plan, report)
    other_kind(table, ctx.kind, len(set(ctx.colmap.values())), block.row.number, report)
    ctx.data_rows = _merged(table, data_rows, block.row.number, ctx.written, report)


def check_cells(ctx: CheckContext) -> None:
    """Step 3: every cell typed and checked column by column, the checks within a row
    (``columnar.check_rows``); places narrowed by the register's own oblast/raion columns."""
    plan = _plan(ctx)
    ctx.result = check_rows(
        ctx.table, ctx.data_rows, ctx.schema, ctx.colmap, ctx.written,
        len(_header(ctx).row.cells), plan, ctx.report, ctx.period,
    )  # fmt: skip
    narrow_places(ctx.result, ctx.colmap, ctx.written, plan.extras, ctx.report)
    ctx.numbers = row_numbers(ctx.data_rows, ctx.result.take)


def check_row_order(ctx: CheckContext) -> None:
    """Step 4: checks across rows — a totals row above data rows, a primary key repeated."""
    result = _result(ctx)
    last_data_number = ctx.numbers[-1] if ctx.numbers else 0
    for t in result.totals:
        if t.number < last_data_number:
            ctx.report.add("totals_not_last", row=t.number)
    check_keys(result, ctx.numbers, ctx.schema, ctx.colmap, ctx.written, ctx.report)


def check_rules(ctx: CheckContext) -> None:
    """Step 5: the schema's table rules, dates against the project period, totals rows
    against the sums of their columns."""
    result, schema, report = _result(ctx), ctx.schema, ctx.report
    run_rules(result, ctx.numbers, schema, ctx.colmap, ctx.written, report)
    check_period(
        result.typed, result.errors, ctx.numbers, schema, ctx.colmap, ctx.written, report,
        ctx.period,
    )  # fmt: skip
    for t in result.totals:
        check_totals(t, result.raw, result.typed, schema, ctx.colmap, ctx.written, report)


def to_frames(ctx: CheckContext) -> tuple[pd.DataFrame, pd.DataFrame, ValidationReport]:
    """Step 6: accepted and rejected rows as frames; the report sorted."""
    header_row = _header(ctx).row.number
    data, rejects = _split_rows(_result(ctx), ctx.numbers, ctx.schema, header_row, ctx.report)
    ctx.report.sort()
    return data, rejects, ctx.report


def _header(ctx: CheckContext) -> HeaderBlock:
    if ctx.block is None:
        raise RuntimeError("check step run before find_table_header found the header")
    return ctx.block


def _plan(ctx: CheckContext) -> AutoPlan:
    if ctx.plan is None:
        raise RuntimeError("check_cells run before check_columns")
    return ctx.plan


def _result(ctx: CheckContext) -> RowsResult:
    if ctx.result is None:
        raise RuntimeError("row checks run before check_cells")
    return ctx.result


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
