"""The row-by-row register checks as they were before the columnar engine (reference for
tests/test_validate_differential.py only; not part of the package). Only the row loop and the
record-based checks are kept here; the header, merge and column planning steps are the
package's own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd

from promis_analytics.registers.check.autofill import (
    EXTRA_PREFIX,
    AutoPlan,
    extra_values,
    fill_provenance,
    plan_columns,
)
from promis_analytics.registers.check.cell_forms import date_span_in_cell as date_span
from promis_analytics.registers.check.cell_forms import shown as show_value
from promis_analytics.registers.check.cell_forms import swallowed_lines as swallowed_rows
from promis_analytics.registers.check.cells import cell_decimal, cell_text, is_empty, parse_cell
from promis_analytics.registers.check.frames import _typed_frame, empty_frame, rejects_frame
from promis_analytics.registers.check.header_block import find_header
from promis_analytics.registers.check.period_bounds import check_period
from promis_analytics.registers.check.validate import (
    _is_totals,
    _map_header,
    _merged,
    _report_columns,
)
from promis_analytics.registers.io.reader import RawRow, RawTable, column_letter
from promis_analytics.registers.schema.headers import match
from promis_analytics.registers.schema.report import NOTE, ValidationReport
from promis_analytics.registers.schema.schemas import CURRENCY_OF, SCHEMAS, Schema
from promis_analytics.registers.schema.types import shown_type

# The PROMIS period the old path always checked (data/raw/promis.toml [project]).
PROJECT_START = "2015-04-01"
PROJECT_END = "2021-03-31"


def validate_table(
    table: RawTable, kind: str
) -> tuple[pd.DataFrame, pd.DataFrame, ValidationReport]:
    """Check a raw table against the schema of ``kind``; collect every problem.

    Returns (accepted rows as a typed DataFrame in canonical columns, rejected rows with
    their raw cells and problems, the report). rows_read counts every row below the header.
    """
    schema = SCHEMAS[kind]
    report = ValidationReport(table.file, table.sheet, kind)
    if not any(not all(is_empty(c) for c in r.cells) for r in table.rows):
        report.add("empty_file")
        return empty_frame(schema), rejects_frame(schema, []), report
    block = find_header(table.rows, kind, table.merged)
    if block is None:
        first = next(r for r in table.rows if not all(is_empty(c) for c in r.cells))
        report.add("header_not_found", row=first.number, kind=kind)
        return empty_frame(schema), rejects_frame(schema, []), report
    header = block.row
    if len(block.numbers) > 1:
        rows = f"{block.numbers[0]}–{header.number}"
        report.add("header_rows", row=block.numbers[0], rows=rows, severity=NOTE)
    for r in table.rows[: block.first]:
        if not all(is_empty(c) for c in r.cells):
            first_text = next(cell_text(c) for c in r.cells if not is_empty(c))
            report.add("above_header", row=r.number, value=first_text, severity=NOTE)
    for name in table.hidden_sheets:
        report.add("hidden_sheet", hidden=name, severity=NOTE)
    colmap, headers_as_written, unknown = _map_header(block, schema, report)
    width = len(header.cells)
    data_rows = table.rows[block.last + 1 :]
    while data_rows and all(is_empty(c) for c in data_rows[-1].cells):
        data_rows.pop()  # trailing empty rows (formatted but unused cells) are not rows read
    plan = plan_columns(schema, colmap, unknown, data_rows)
    _report_columns(header, schema, colmap, unknown, plan, report)
    data_rows = _merged(table, data_rows, header.number, headers_as_written, report)
    records: list[dict[str, Any]] = []  # one per data row (not blank/totals)
    totals_rows: list[RawRow] = []
    last_data_number = 0
    for r in data_rows:
        report.rows_read += 1
        if all(is_empty(c) for c in r.cells):
            report.blank += 1
            report.add("blank_row", row=r.number, severity=NOTE)
            continue
        if _is_totals(r.cells):
            report.totals += 1
            report.add("totals_row", row=r.number, severity=NOTE)
            totals_rows.append(r)
            continue
        last_data_number = r.number
        if r.number in table.hidden_rows:
            report.add("hidden_row", row=r.number, severity=NOTE)
        rec = _check_row(r, schema, colmap, headers_as_written, width, table, report, plan)
        fill_provenance(rec["_values"], plan, table, r.number)
        records.append(rec)

    for t in totals_rows:
        if t.number < last_data_number:
            report.add("totals_not_last", row=t.number)
    _check_keys(records, schema, colmap, headers_as_written, report)
    _rules(records, schema, colmap, headers_as_written, report)
    for t in totals_rows:
        check_totals(t, records, schema, colmap, headers_as_written, report)

    missing = [e for e in report.errors if e.code == "missing_column"]
    for rec in records:  # without a required column no row is complete
        rec["_problems"].extend(missing)
    accepted = [r for r in records if not r["_problems"]]
    rejected = [r for r in records if r["_problems"]]
    report.accepted, report.rejected = len(accepted), len(rejected)
    if not records and not report.errors:
        report.add("no_data", row=header.number)
    data = _typed_frame(schema, accepted, [EXTRA_PREFIX + h for h in plan.extras.values()])
    report.sort()
    return data, rejects_frame(schema, rejected), report


def _check_row(
    r: RawRow,
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    width: int,
    table: RawTable,
    report: ValidationReport,
    plan: AutoPlan,
) -> dict[str, Any]:
    rec: dict[str, Any] = {"_row": r.number, "_raw": {}, "_values": {}, "_problems": []}
    rec["_extra"] = extra_values(r.cells, plan)

    def problem(code: str, i: int | None, value: Any = None, **params: Any) -> None:
        column = written.get(i) if i is not None else None
        letter = column_letter(i) if i is not None else None
        e = report.add(
            code, row=r.number, column=column, column_letter=letter, value=value, **params
        )
        if e.severity not in (NOTE, "warning"):
            rec["_problems"].append(e)

    for i, col in colmap.items():
        rec["_raw"][col] = r.cells[i] if i < len(r.cells) else None
    if table.fixed_width:
        for i, cell in enumerate(r.cells):
            if swallowed_rows(cell, table.delimiter or ",", width):
                problem("swallowed_lines", i, cell)
    if table.fixed_width and len(r.cells) != width:
        problem("row_length", None, found=len(r.cells), width=width)
        return rec
    matched = {match(c, schema.kind) for c in r.cells if isinstance(c, str)} - {None}
    if len(matched) >= max(2, len(colmap) // 2):
        problem("repeated_header", None)
        return rec
    for i, cell in enumerate(r.cells):
        if i not in written and not is_empty(cell):
            problem("unnamed_column", i, cell)
    index_of = {col: i for i, col in colmap.items()}
    currencies: dict[str, str | None] = {}
    for col, i in index_of.items():
        f = schema.field(col)
        raw = rec["_raw"][col]
        if is_empty(raw):
            other = schema.unless.get(col)
            stood_in = other in index_of and not is_empty(rec["_raw"][other])
            if col in schema.required and col not in plan.fill_blank and not stood_in:
                uk, en = shown_type(f).expected
                if other is not None:
                    o = schema.field(other)
                    uk, en = f"{uk} або {o.label_uk.lower()}", f"{en}, or {o.label_en.lower()}"
                problem("required", i, raw, expected_uk=uk, expected_en=en)
            rec["_values"].setdefault(col, None)
            continue
        span = date_span(schema, col, raw)
        if span is not None:
            value, currency, probs = span[0], None, []
            end_col, end, precision = span[1:]
            if rec["_values"].get(end_col) is None and is_empty(rec["_raw"].get(end_col)):
                rec["_values"][end_col] = end
            if schema.precision:
                rec["_values"][schema.precision] = precision
        else:
            value, currency, probs = parse_cell(f, raw)
        for code, params in probs:
            problem(code, i, raw, **params)
        rec["_values"][col] = value
        currencies[col] = currency
        if value is not None and f.dtype == "date" and col in schema.project_period:
            start, end = dt.date.fromisoformat(PROJECT_START), dt.date.fromisoformat(PROJECT_END)
            if value < start or value > dt.date(end.year + 1, 12, 31):
                problem("outside_project", i, raw, start=PROJECT_START, end=PROJECT_END)
            elif value > end:  # the year after the end: a warning, the row is kept
                problem(
                    "after_project", i, raw, start=PROJECT_START, end=PROJECT_END,
                    severity="warning",
                )  # fmt: skip
    vals = rec["_values"]
    for amount_col, cur_col in CURRENCY_OF.items():
        if amount_col not in index_of or vals.get(amount_col) is None:
            continue
        found, declared = currencies.get(amount_col), vals.get(cur_col)
        i = index_of[amount_col]
        if found and declared and found != declared:
            problem(
                "currency_mismatch",
                i,
                rec["_raw"][amount_col],
                found=found,
                currency=declared,
                currency_column=cur_col,
            )
        elif found and not declared:
            vals[cur_col] = found  # written in the amount cell itself ("453,3 тис. CAD")
        elif not found and not declared:
            problem(
                "currency_missing",
                index_of.get(cur_col, i),
                rec["_raw"][amount_col],
                currency_column=cur_col,
            )
    for a, b in schema.le:
        va, vb = vals.get(a), vals.get(b)
        if va is not None and vb is not None and va > vb:
            problem(
                "not_le",
                index_of[a],
                rec["_raw"][a],
                a=written[index_of[a]],
                b=written[index_of[b]],
                va=show_value(va),
                vb=show_value(vb),
            )
    return rec


def _rules(records, schema, colmap, written, report) -> None:
    """The schema's checks across rows (shared with the columnar path: one home)."""
    from promis_analytics.registers.check.columnar import RowsResult
    from promis_analytics.registers.check.table_rules import run_rules

    typed = {c: [rec["_values"].get(c) for rec in records] for c in schema.columns}
    shim = RowsResult(take=[], typed=typed, extras={}, errors={})
    run_rules(shim, [rec["_row"] for rec in records], schema, colmap, written, report)
    period = (dt.date.fromisoformat(PROJECT_START), dt.date.fromisoformat(PROJECT_END))
    numbers = [rec["_row"] for rec in records]
    check_period(shim.typed, shim.errors, numbers, schema, colmap, written, report, period)
    for p, entries in shim.errors.items():
        records[p]["_problems"].extend(entries)


def _check_keys(
    records: list[dict[str, Any]],
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    report: ValidationReport,
) -> None:
    index_of = {col: i for i, col in colmap.items()}
    if not all(k in index_of for k in schema.key):
        return
    first: dict[tuple[Any, ...], int] = {}
    for rec in records:
        key = tuple(rec["_values"].get(k) for k in schema.key)
        needed = [c in schema.required for c in schema.key]
        if any(k is None and must for k, must in zip(key, needed, strict=True)):
            continue
        if key in first:
            i = index_of[schema.key[0]]
            e = report.add(
                "duplicate_key",
                row=rec["_row"],
                column=written[i],
                column_letter=column_letter(i),
                value=" + ".join(map(show_value, key)),
                key=" + ".join(map(show_value, key)),
                first_row=first[key],
            )
            rec["_problems"].append(e)
        else:
            first[key] = rec["_row"]


def check_totals(
    t: RawRow,
    records: list[dict[str, Any]],
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
        if cur and len({r["_values"].get(cur) for r in records} - {None}) > 1:
            continue  # sums across currencies are meaningless
        parts = [
            cell_decimal(r["_raw"].get(col), f)[0]
            for r in records
            if not is_empty(r["_raw"].get(col))
        ]
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
                found=show_value(found),
                computed=show_value(computed.normalize()),
            )
