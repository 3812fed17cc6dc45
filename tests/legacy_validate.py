"""The row-by-row register checks as they were before the columnar engine (reference for
tests/test_validate_differential.py only; not part of the package)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd

from promis_analytics.registers.autofill import (
    EXTRA_PREFIX,
    AutoPlan,
    extra_values,
    fill_merged,
    fill_provenance,
    merge_ref,
    plan_columns,
)
from promis_analytics.registers.cells import (
    EXPECTED,
    TOTAL_WORDS,
    _decimal,
    _text,
    is_empty,
    parse_cell,
)
from promis_analytics.registers.fields import PROJECT_END, PROJECT_START
from promis_analytics.registers.frames import _rejects_frame, _typed_frame, empty_frame
from promis_analytics.registers.headers import close_matches, fold, match
from promis_analytics.registers.reader import RawRow, RawTable, column_letter
from promis_analytics.registers.report import ERROR, NOTE, ValidationReport
from promis_analytics.registers.schemas import CURRENCY_OF, SCHEMAS, Schema

__all__ = ["_rejects_frame", "empty_frame", "is_empty", "parse_cell", "validate_table"]

HEADER_SCAN_ROWS = 30


# --- table-level -----------------------------------------------------------------------


def _find_header(rows: list[RawRow], kind: str) -> int | None:
    """Index in ``rows`` of the header row: the row among the first 30 non-blank rows
    whose cells match the most register columns (at least two)."""
    best, best_n = None, 1
    seen = 0
    for i, r in enumerate(rows):
        if all(is_empty(c) for c in r.cells):
            continue
        seen += 1
        if seen > HEADER_SCAN_ROWS:
            break
        n = len({m for c in r.cells if (m := match(c, kind)) and isinstance(c, str)})
        if n > best_n:
            best, best_n = i, n
    return best


def _is_totals(cells: tuple[Any, ...]) -> bool:
    first = [c for c in cells if not is_empty(c)][:3]
    return any(isinstance(c, str) and fold(c) in TOTAL_WORDS for c in first)


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
        return empty_frame(schema), _rejects_frame(schema, []), report
    hi = _find_header(table.rows, kind)
    if hi is None:
        first = next(r for r in table.rows if not all(is_empty(c) for c in r.cells))
        report.add("header_not_found", row=first.number, kind=kind)
        return empty_frame(schema), _rejects_frame(schema, []), report
    header = table.rows[hi]
    for r in table.rows[:hi]:
        if not all(is_empty(c) for c in r.cells):
            first_text = next(_text(c) for c in r.cells if not is_empty(c))
            report.add("above_header", row=r.number, value=first_text, severity=NOTE)
    for name in table.hidden_sheets:
        report.add("hidden_sheet", hidden=name, severity=NOTE)
    colmap, headers_as_written, unknown = _map_header(header, schema, report)
    width = len(header.cells)
    data_rows = table.rows[hi + 1 :]
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
    for t in totals_rows:
        _check_totals(t, records, schema, colmap, headers_as_written, report)

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
    return data, _rejects_frame(schema, rejected), report


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
            closest=", ".join(close_matches(text, schema.kind)),
            severity=NOTE,
        )
    for col in sorted(plan.auto, key=schema.columns.index):
        report.add("auto_column", row=header.number, column=col, name=col, severity=NOTE)
    present = set(colmap.values()) | plan.auto
    for col in schema.required:
        if col not in present:
            near = [t for _, t in unknown if col in close_matches(t, schema.kind)]
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
    rows: list[RawRow],
    header_row: int,
    written: dict[int, str],
    report: ValidationReport,
) -> list[RawRow]:
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
    header: RawRow, schema: Schema, report: ValidationReport
) -> tuple[dict[int, str], dict[int, str], list[tuple[int, str]]]:
    """Header cells → canonical columns; the headers as written; the headers outside the
    schema (carried as extra columns). A column that appears twice is a problem."""
    colmap: dict[int, str] = {}
    written: dict[int, str] = {}
    first_at: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for i, cell in enumerate(header.cells):
        if is_empty(cell):
            continue
        text = _text(cell)
        written[i] = text
        col = match(cell, schema.kind)
        if col is None:
            unknown.append((i, text))
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
        if e.severity != NOTE:
            rec["_problems"].append(e)

    for i, col in colmap.items():
        rec["_raw"][col] = r.cells[i] if i < len(r.cells) else None
    if table.fixed_width:
        for i, cell in enumerate(r.cells):
            if _swallowed(cell, table.delimiter or ",", width):
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
            if col in schema.required and col not in plan.fill_blank:
                uk, en = EXPECTED["category" if f.allowed else f.dtype]
                problem("required", i, raw, expected_uk=uk, expected_en=en)
            rec["_values"].setdefault(col, None)
            continue
        span = _span(schema, col, raw)
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
            if not start <= value <= end:
                problem("outside_project", i, raw, start=PROJECT_START, end=PROJECT_END)
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
                va=_show(va),
                vb=_show(vb),
            )
    return rec


def _span(schema: Schema, col: str, raw: Any) -> tuple[Any, str, Any, str] | None:
    """A range or a month typed in the start cell of a date span («18-19.09.2019»,
    «березень 2019»): (start, end column, end, precision), or None for anything else (one
    day, an Excel date, text that is no date — those go through ``parse_cell``)."""
    from promis_analytics.errors import ParseError
    from promis_analytics.parsing import date_precision, parse_date_range

    end_col = dict(schema.spans).get(col)
    if end_col is None or not isinstance(raw, str):
        return None
    try:
        start, end = parse_date_range(raw)
        precision = date_precision(raw)
    except ParseError:
        return None
    if start == end and precision == "day":
        return None
    return start, end_col, end, precision


def _swallowed(cell: Any, delimiter: str, width: int) -> bool:
    """True when a CSV cell holds line breaks followed by whole rows of delimited text —
    the sign of a stray quote that joined the following lines into one cell."""
    if not isinstance(cell, str) or "\n" not in cell or width < 3:
        return False
    return any(line.count(delimiter) >= width - 2 for line in cell.splitlines()[1:])


def _show(v: Any) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")  # 40, not 4E+1 (normalize() gives exponents)
    return v.isoformat() if isinstance(v, dt.date) else str(v)


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
        if any(k is None for k in key):
            continue
        if key in first:
            i = index_of[schema.key[0]]
            e = report.add(
                "duplicate_key",
                row=rec["_row"],
                column=written[i],
                column_letter=column_letter(i),
                value=" + ".join(map(_show, key)),
                key=" + ".join(map(_show, key)),
                first_row=first[key],
            )
            rec["_problems"].append(e)
        else:
            first[key] = rec["_row"]


def _check_totals(
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
        found, _, probs = _decimal(raw, f)
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
            _decimal(r["_raw"].get(col), f)[0] for r in records if not is_empty(r["_raw"].get(col))
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
                found=_show(found),
                computed=_show(computed.normalize()),
            )
