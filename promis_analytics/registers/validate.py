"""Cell parsing and checks: raw table → typed rows, rejected rows and a ValidationReport."""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pandas as pd

from promis_analytics.errors import AmbiguousPlaceError, ParseError, UnknownPlaceError
from promis_analytics.registers.fields import PROJECT_END, PROJECT_START, Field
from promis_analytics.registers.headers import close_matches, fold, match
from promis_analytics.registers.reader import (
    ExcelErrorValue,
    ExcelPercent,
    FormulaNoValue,
    RawRow,
    RawTable,
    column_letter,
)
from promis_analytics.registers.report import NOTE, ValidationReport
from promis_analytics.registers.schemas import CURRENCY_OF, SCHEMAS, Schema

HEADER_SCAN_ROWS = 30
TOTAL_WORDS = frozenset({"всього", "усього", "разом", "total", "totals", "итого", "підсумок"})

# dtype → (expected in Ukrainian, expected in English)
EXPECTED: dict[str, tuple[str, str]] = {
    "text": ("текст", "text"),
    "id": ("ідентифікатор", "an identifier"),
    "int": ("ціле число, напр. 25", "a whole number, e.g. 25"),
    "number": ("число, напр. 1 234,5", "a number, e.g. 1 234.5"),
    "amount": ("сума, напр. 453,3 тис.", "an amount, e.g. 453.3 thousand"),
    "percent": ("відсоток, напр. 43,9 %", "a percent, e.g. 43.9%"),
    "year": ("рік, напр. 2019", "a year, e.g. 2019"),
    "date": ("дата, напр. 05.07.2018", "a date, e.g. 2018-07-05"),
    "city": ("назва міста з довідника", "a city name from the reference table"),
    "cities": ("назви міст через «;»", "city names separated by ';'"),
    "category": ("значення зі списку", "a value from the list"),
}

Problem = tuple[str, dict[str, Any]]


def is_empty(value: Any) -> bool:
    """True for a missing cell: None or text of whitespace only ("NA", "-" are not empty)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value).strip()


def _decimal(value: Any, f: Field) -> tuple[Decimal | None, str | None, list[Problem]]:
    """A number from a cell: Excel numbers directly, text via the parsing module."""
    from promis_analytics.parsing import parse_amount, parse_number, parse_percent

    if isinstance(value, bool | dt.date | dt.time):
        return None, None, [_bad(f, value, "not a number")]
    if isinstance(value, ExcelPercent):
        return Decimal(value), None, []
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value), None, []
    text = str(value).strip()
    try:
        if f.dtype == "amount":
            a = parse_amount(text)
            return a.value, a.currency, []
        if f.dtype == "percent":
            try:
                return parse_percent(text), None, []
            except ParseError:
                return parse_number(text), None, []  # a bare number in a percent column
        return parse_number(text), None, []
    except ParseError as exc:
        return None, None, [_bad(f, value, exc.detail)]


def _bad(f: Field, value: Any, detail: str | None = None) -> Problem:
    uk, en = EXPECTED[f.dtype]
    return "bad_value", {
        "detail": f" ({detail})" if detail else "",
        "expected_uk": uk,
        "expected_en": en,
    }


def _range(f: Field, number: Decimal) -> list[Problem]:
    out: list[Problem] = []
    if f.minimum is not None and number < Decimal(str(f.minimum)):
        out.append(("below_minimum", {"minimum": _num(f.minimum)}))
    if f.maximum is not None and number > Decimal(str(f.maximum)):
        out.append(("above_maximum", {"maximum": _num(f.maximum)}))
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _category(f: Field, value: Any) -> tuple[str | None, list[Problem]]:
    assert f.allowed is not None
    key = fold(_text(value))
    for code, (uk, en) in f.allowed.items():
        if key in (fold(code), fold(uk), fold(en)):
            return code, []
    spellings = {fold(s): code for code, labels in f.allowed.items() for s in (code, *labels)}
    close = {spellings[c] for c in difflib.get_close_matches(key, list(spellings), n=3)}
    return None, [
        (
            "not_allowed",
            {
                "allowed": ", ".join(f.allowed)
                if len(f.allowed) <= 10
                else f"{len(f.allowed)} codes of '{f.name}' (docs/registers.md)",
                "closest": ", ".join(sorted(close)),
            },
        )
    ]


def _place(text: str) -> tuple[str | None, list[Problem]]:
    key, probs = _place_cached(text)
    return key, list(probs)


@lru_cache(maxsize=4096)
def _place_cached(text: str) -> tuple[str | None, tuple[Problem, ...]]:
    """Key of the place ``text`` names, or the problem: unknown, or ambiguous with the
    candidates. A renamed place or a widened context resolves with a note."""
    from promis_analytics.reference import resolve_place

    try:
        match = resolve_place(text)
    except AmbiguousPlaceError as exc:
        return None, (("ambiguous_place", {"candidates": "; ".join(exc.candidates)}),)
    except UnknownPlaceError as exc:
        close = ", ".join(exc.suggestions)
        return None, (("unknown_place", {"closest": close}),)
    if match.note_uk:
        note = {"note_uk": match.note_uk, "note_en": match.note_en, "severity": NOTE}
        return match.place.key, (("place_note", note),)
    return match.place.key, ()


def _date(f: Field, value: Any) -> tuple[dt.date | None, list[Problem]]:
    from promis_analytics.parsing import parse_date

    if isinstance(value, dt.datetime):
        return value.date(), []
    if isinstance(value, dt.date):
        return value, []
    if isinstance(value, int | float | bool):
        return None, [_bad(f, value, "a number, not a date")]
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text), []
    except ValueError:
        pass
    try:
        return parse_date(text), []
    except ParseError as exc:
        return None, [_bad(f, value, exc.detail)]


def parse_cell(f: Field, value: Any) -> tuple[Any, str | None, list[Problem]]:
    """Parse one non-empty cell for field ``f``.

    Returns (typed value or None, currency carried by an amount or None, problems). A value
    with both a type and a range problem yields both (e.g. "-2,5" participants).
    """
    if isinstance(value, FormulaNoValue):
        return None, None, [("formula_no_value", {})]
    if isinstance(value, ExcelErrorValue):
        return None, None, [("excel_error", {})]
    if f.allowed is not None:
        code, probs = _category(f, value)
        return code, None, probs
    t = f.dtype
    if t in ("text", "id", "category"):
        return _text(value), None, []
    if t in ("int", "year", "number", "amount", "percent"):
        number, currency, probs = _decimal(value, f)
        if number is None:
            return None, None, probs
        if t in ("int", "year") and number != number.to_integral_value():
            probs.append(_bad(f, value, "not a whole number"))
        probs += _range(f, number)
        if probs:
            return None, currency, probs
        return (int(number) if t in ("int", "year") else float(number)), currency, []
    if t == "date":
        d, probs = _date(f, value)
        return d, None, probs
    if t == "city":
        key, probs = _place(_text(value))
        return key, None, probs
    if t == "cities":
        text = _text(value)
        parts = [p.strip() for p in (text.split(";") if ";" in text else text.split(","))]
        keys, probs = [], []
        for part in parts:
            if not part:
                continue
            k, pr = _place(part)
            keys.append(k)
            probs += pr
        errors = [p for p in probs if p[1].get("severity") != NOTE]
        return (None if errors else ";".join(k for k in keys if k)), None, probs
    raise ValueError(f"unknown dtype {t!r}")


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
    colmap, headers_as_written = _map_header(header, schema, report)
    width = len(header.cells)
    data_rows = table.rows[hi + 1 :]
    while data_rows and all(is_empty(c) for c in data_rows[-1].cells):
        data_rows.pop()  # trailing empty rows (formatted but unused cells) are not rows read

    for r1, c1, r2, c2 in table.merged:
        if r2 > header.number and r2 > r1:
            ref = f"{column_letter(c1 - 1)}{r1}:{column_letter(c2 - 1)}{r2}"
            report.add(
                "merged_cells",
                row=r1,
                column=written_at(headers_as_written, c1 - 1),
                column_letter=column_letter(c1 - 1),
                ref=ref,
            )
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
        records.append(_check_row(r, schema, colmap, headers_as_written, width, table, report))

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
    data = _typed_frame(schema, accepted)
    return data, _rejects_frame(schema, rejected), report


def written_at(written: dict[int, str], i: int) -> str | None:
    """The header as written above 0-based column ``i``, if any."""
    return written.get(i)


def _map_header(
    header: RawRow, schema: Schema, report: ValidationReport
) -> tuple[dict[int, str], dict[int, str]]:
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
    for i, text in unknown:
        close = close_matches(text, schema.kind)
        report.add(
            "unknown_column",
            row=header.number,
            column=text,
            column_letter=column_letter(i),
            value=text,
            header=text,
            closest=", ".join(close),
        )
    for col in schema.required:
        if col not in first_at:
            f = schema.field(col)
            near = [t for _, t in unknown if col in close_matches(t, schema.kind)]
            report.add(
                "missing_column",
                row=header.number,
                column=col,
                name=col,
                label_uk=f.bilingual(),
                label_en=f.bilingual(),
                similar=", ".join(near),
            )
    return colmap, written


def _check_row(
    r: RawRow,
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    width: int,
    table: RawTable,
    report: ValidationReport,
) -> dict[str, Any]:
    rec: dict[str, Any] = {"_row": r.number, "_raw": {}, "_values": {}, "_problems": []}

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
            if col in schema.required:
                uk, en = EXPECTED["category" if f.allowed else f.dtype]
                problem("required", i, raw, expected_uk=uk, expected_en=en)
            rec["_values"][col] = None
            continue
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


# --- frames ----------------------------------------------------------------------------


def _series(f: Field, values: list[Any]) -> pd.Series:
    if f.allowed is not None or f.dtype in ("text", "id", "category", "city", "cities"):
        return pd.Series(values, dtype="str")
    if f.dtype in ("int", "year"):
        return pd.Series(values, dtype="Int64")
    if f.dtype == "date":
        return pd.to_datetime(pd.Series(values, dtype="object"))
    return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")


def _typed_frame(schema: Schema, records: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            c: _series(schema.field(c), [r["_values"].get(c) for r in records])
            for c in schema.columns
        }
    )
    df.attrs["rows"] = [r["_row"] for r in records]
    return df


def empty_frame(schema: Schema) -> pd.DataFrame:
    """An empty DataFrame with the register's columns and dtypes."""
    return _typed_frame(schema, [])


def _rejects_frame(schema: Schema, records: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for r in records:
        row: dict[str, Any] = {"row": r["_row"]}
        for c in schema.columns:
            v = r["_raw"].get(c)
            row[c] = None if v is None else _text(v)
        row["problems"] = "; ".join(
            f"{e.column_letter or ''} {e.problem('en')}".strip() for e in r["_problems"]
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=["row", *schema.columns, "problems"])
