"""``write_indicator_report``: indicator tables as one formatted, reproducible Excel workbook."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from promis_analytics import paths
from promis_analytics.charts.labels import label
from promis_analytics.currencies import currency_words
from promis_analytics.export import atomic_write, cell_value, neutralise
from promis_analytics.indicators.money_columns import money_columns_of
from promis_analytics.indicators.results import PMF_VALUES
from promis_analytics.indicators.specs import TABLE_SPECS
from promis_analytics.metadata.fields import fields_of_role
from promis_analytics.periods import period_text
from promis_analytics.pipeline.workbook_labels import KEY_SUFFIX, humanise
from promis_analytics.registers.schema.codes import INSTRUMENTS
from promis_analytics.registers.schema.fields import FIELDS
from promis_analytics.registers.schema.schemas import SCHEMAS
from promis_analytics.registers.schema.types import REGISTRY

__all__ = [
    "FIXED_TIMESTAMP",
    "NUMBER_FORMATS",
    "SHEETS",
    "column_labels",
    "write_indicator_report",
]

#: Table key → sheet name "Українська · English" (Excel allows at most 31 characters), in
#: ``TABLE_SPECS`` order (``register_sources`` feeds the "sources" sheet).
SHEETS: dict[str, str] = {s.key: s.sheet for s in TABLE_SPECS}

#: Sheets left out when their table has no rows (the checks of a publication's printed
#: figures: a dataset without a ``facts`` register has none).
ONLY_WITH_ROWS: tuple[str, ...] = tuple(s.key for s in TABLE_SPECS if s.only_with_rows)

#: Unit → Excel number format (units are shown in the cell, the value stays a number).
NUMBER_FORMATS: dict[str, str] = {
    "pct": '0.0" %"',  # indicator percents are on a 0–100 scale
    "int": "#,##0",
    "year": "0",
    "num": "#,##0.0##",
    "ratio": "0.00",
    "date": "yyyy-mm-dd",
}


def number_format(unit: str) -> str | None:
    """The Excel format of a unit: ``NUMBER_FORMATS``, ``money:<code>`` (``#,##0 "EUR"``,
    ``#,##0 "грн"``) or ``rate:<local>/<code>`` (``0.0000 "грн/EUR"``) with the currencies'
    unit words (``currencies.currency_words``)."""
    kind, _, codes = unit.partition(":")
    words = [currency_words(c, "unit") for c in codes.split("/")] if codes else []
    if kind == "money" and len(words) == 1:
        return f'#,##0 "{words[0]}"'
    if kind == "rate" and len(words) == 2:
        return f'0.0000 "{words[0]}/{words[1]}"'
    return NUMBER_FORMATS.get(unit)


#: Timestamp written into docProps and every zip entry, so equal tables give equal bytes.
FIXED_TIMESTAMP = dt.datetime(2021, 3, 31, 0, 0, 0)

_HEADER_ROWS = 3  # Ukrainian label, English label, column key
_SOURCE_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$")


@cache
def _report_columns() -> dict[str, tuple[str, str, str]]:
    """Column → (uk, en, report unit) of the indicator columns of ``metadata.fields``."""
    return {
        m.name: (m.label_uk, m.label_en, m.report_unit or "") for m in fields_of_role("indicator")
    }


def column_labels(column: str) -> tuple[str, str, str | None]:
    """(Ukrainian label, English label, unit key of ``NUMBER_FORMATS`` or None) of a column.

    Looked up in the field dictionary, then the instruments (adoption matrix columns), then
    the indicator columns of the field table (``metadata.fields``); ``<column>_key`` (the
    codes behind a relabelled column) is
    "Код: …" / "Key: …"; an unknown column is labelled with its own name.
    """
    if ":" in column and column.split(":", 1)[0] in PMF_VALUES:  # a PMF period column
        kind, span = column.split(":", 1)
        uk, en, unit = _report_columns()[f"pmf_{kind}"]
        start, end = span.split("…")
        return (
            f"{uk}, {period_text(start, end, 'uk')}",
            f"{en}, {period_text(start, end, 'en')}",
            None if unit == "text" else unit,
        )
    if column.endswith(KEY_SUFFIX) and column != KEY_SUFFIX:
        uk, en, _ = column_labels(column[: -len(KEY_SUFFIX)])
        return f"Код: {uk}", f"Key: {en}", None
    if column in FIELDS:
        f = FIELDS[column]
        return f.label_uk, f.label_en, REGISTRY[f.dtype].unit
    if column in INSTRUMENTS:
        uk, en = INSTRUMENTS[column]
        return uk, en, None
    if column in _report_columns():
        uk, en, unit = _report_columns()[column]
        return uk, en, None if unit == "text" else unit
    try:  # a city column (the adoption matrix turned for print)
        return label(f"city.{column}", "uk"), label(f"city.{column}", "en"), None
    except (KeyError, AttributeError):
        return column, column, None


def _money_labels(table: pd.DataFrame) -> Mapping[str, tuple[str, str, str]] | None:
    """Labels of a co-financing table's money columns: the ones it carries
    (``attrs["column_labels"]``, with the project's short name), else neutral ones from its
    rate column (``money_columns_of``); None for a table without money columns."""
    if table.attrs.get("column_labels"):
        return dict(table.attrs["column_labels"])
    try:
        return money_columns_of(table.columns).labels()
    except ValueError:
        return None


def _sources_documents(data_dir: str | Path | None = None) -> dict[str, str]:
    """Source id → document, from the table of the data folder's own ``SOURCES.md``
    (``data_dir``; default ``data/raw``); empty when the folder has none — a folder's
    Sources sheet then lists the source ids its registers name, never another project's."""
    md = Path(data_dir if data_dir is not None else paths.raw_dir()) / "SOURCES.md"
    if not md.is_file():
        return {}
    out: dict[str, str] = {}
    for line in md.read_text(encoding="utf-8").splitlines():
        m = _SOURCE_ROW.match(line)
        if m:
            out[m.group(1)] = re.sub(r"\s*\(`[^`]*`\)\s*$", "", m.group(2))
    return out


def _sources_table(documents: Mapping[str, str], counts: pd.DataFrame | None) -> pd.DataFrame:
    """One row per source id: its document and rows per register, documents table first."""
    counts = counts if counts is not None else pd.DataFrame(columns=["register", "source", "rows"])
    registers = sorted(counts["register"].unique()) if len(counts) else []
    ids = (
        list(documents) + sorted(set(counts["source"]) - set(documents))
        if len(counts)
        else list(documents)
    )
    rows = []
    for sid in ids:
        row: dict[str, Any] = {"source": sid, "document": documents.get(sid, sid)}
        sub = counts[counts["source"] == sid] if len(counts) else counts
        n = dict(zip(sub["register"], sub["rows"], strict=True)) if len(sub) else {}
        for reg in registers:
            row[reg] = int(n.get(reg, 0))
        row["total"] = int(sum(n.values()))
        rows.append(row)
    extras = _extra_columns(counts)
    if extras:  # columns users keep beyond the schema, carried as extra:<header>
        rows.append(
            {"source": "extra_columns", "document": "Додаткові стовпці / Extra columns", **extras}
        )
    return pd.DataFrame(rows, columns=["source", "document", *registers, "total"])


def _extra_columns(counts: pd.DataFrame) -> dict[str, str]:
    """Register → its extra columns ("; "-joined), for registers that carry any."""
    if "extra_columns" not in counts.columns or not len(counts):
        return {}
    first = counts.drop_duplicates("register").set_index("register")["extra_columns"]
    return {reg: str(text) for reg, text in first.items() if isinstance(text, str) and text}


def _value(v: Any) -> Any:
    """A table value as a cell value: numbers stay numbers, text is neutralised."""
    v = cell_value(v)
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, list | tuple | set):
        v = ";".join(map(str, v))
    return neutralise(v) if isinstance(v, str) else v


#: Widest column (characters); longer text wraps.
MAX_WIDTH = 32


#: Most characters a spreadsheet cell holds (Excel's limit; longer text is cut on opening).
CELL_LIMIT = 32_767


def _fitted(value: Any, sheet: str, row: int, col: int, notes: list[str] | None) -> Any:
    """``value``, or text longer than ``CELL_LIMIT`` cut with a visible marker and a note
    naming the cell (a spreadsheet would cut it silently)."""
    if not isinstance(value, str) or len(value) <= CELL_LIMIT:
        return value
    from openpyxl.utils import get_column_letter

    cell = f"{sheet}!{get_column_letter(col)}{row}"
    mark = f" … [обрізано / cut: {len(value)} → {CELL_LIMIT}]"
    if notes is not None:
        notes.append(
            f"{cell}: текст із {len(value)} символів обрізано до {CELL_LIMIT} (межа клітинки) / "
            f"text of {len(value)} characters cut to {CELL_LIMIT} (the cell limit)"
        )
    return value[: CELL_LIMIT - len(mark)] + mark


def _write_sheet(
    ws: Any,
    df: pd.DataFrame,
    overrides: Mapping[str, tuple[str, str, str | None]] | None = None,
    notes: list[str] | None = None,
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    head_fill = PatternFill("solid", fgColor="1F4E79")
    head_font = Font(bold=True, color="FFFFFF")
    en_font = Font(italic=True, color="FFFFFF")
    key_font = Font(color="808080", size=8)
    overrides = overrides or {}
    labels = [overrides.get(str(c)) or column_labels(str(c)) for c in df.columns]
    ws.append([neutralise(uk) for uk, _, _ in labels])
    ws.append([neutralise(en) for _, en, _ in labels])
    ws.append([neutralise(str(c)) for c in df.columns])
    for i, row in enumerate(df.itertuples(index=False, name=None), start=_HEADER_ROWS + 1):
        ws.append([_fitted(_value(v), ws.title, i, j, notes) for j, v in enumerate(row, 1)])
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for j, (col, (uk, _en, unit)) in enumerate(zip(df.columns, labels, strict=True), start=1):
        letter = get_column_letter(j)
        for i, font in ((1, head_font), (2, en_font)):
            c = ws.cell(row=i, column=j)
            c.font, c.fill = font, head_fill
            c.alignment = wrap
        ws.cell(row=3, column=j).font = key_font
        fmt = number_format(unit) if unit else None
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            fmt = NUMBER_FORMATS["date"]
        cells = [c for (c,) in ws.iter_rows(min_row=_HEADER_ROWS + 1, min_col=j, max_col=j)]
        for c in cells:
            if fmt and isinstance(c.value, int | float) and not isinstance(c.value, bool):
                c.number_format = fmt
            c.alignment = wrap if isinstance(c.value, str) else top
        texts = [str(c.value) for c in cells if c.value is not None]
        longest = max([len(t) for t in texts] + [len(str(col)) // 2, min(len(uk), 24), 8])
        ws.column_dimensions[letter].width = min(MAX_WIDTH, longest + 2)
        if str(col).endswith(KEY_SUFFIX):  # the codes behind a relabelled column
            ws.column_dimensions[letter].hidden = True
    _row_heights(ws)
    ws.freeze_panes = f"A{_HEADER_ROWS + 1}"
    _print_setup(ws)


def _row_heights(ws: Any) -> None:
    """Heights of rows with wrapped text: lines = max over the row's visible cells of
    ⌈characters ÷ (column width − 1)⌉, 12.75 points per line (spreadsheet programs keep the
    stored height, so text that wraps needs it)."""
    from openpyxl.utils import get_column_letter

    widths = {
        j: ws.column_dimensions[get_column_letter(j)].width
        for j in range(1, ws.max_column + 1)
        if not ws.column_dimensions[get_column_letter(j)].hidden
    }
    for r, row in enumerate(ws.iter_rows(), start=1):
        lines = 1
        for c in row:
            if c.column in widths and isinstance(c.value, str) and c.value:
                width = max(1.0, (widths[c.column] or 10) - 1)
                lines = max(lines, -(-len(c.value) // int(width)))
        if lines > 1:
            ws.row_dimensions[r].height = 12.75 * min(lines, 8)


def _print_setup(ws: Any) -> None:
    """A4 landscape, fitted to the page width, the three header rows on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{_HEADER_ROWS}"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _reproducible(data: bytes) -> bytes:
    """The workbook zip rewritten with fixed entry dates and a fixed docProps modified time."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def write_indicator_report(
    tables: Mapping[str, pd.DataFrame],
    path: str | Path,
    *,
    sources: Mapping[str, str] | pd.DataFrame | None = None,
    checks: pd.DataFrame | None = None,
    notes: list[str] | None = None,
    data_dir: str | Path | None = None,
) -> Path:
    """Write ``tables`` (from ``indicator_tables``) to the workbook ``path``; return the path.

    One sheet per table in ``SHEETS`` order (other keys follow, named by their key), each
    with three header rows (Ukrainian label, English label, column key; frozen), number
    formats carrying the unit (``#,##0 "грн"``, ``0.0" %"`` for 0–100 percents), column
    widths from the content. "Перевірки · Brochure checks" holds ``checks`` (default
    ``tables["brochure_checks"]``: printed beside recomputed figures). "Джерела · Sources"
    lists each source id with its document (``sources``: id → document, or a frame with
    ``source`` and ``document``; default: the table of ``SOURCES.md`` in ``data_dir``, the
    data folder — default ``data/raw``) and rows per
    register (``tables["register_sources"]``). Text that a spreadsheet could run as a
    formula is neutralised (``export.neutralise``); missing values are empty cells. Timestamps
    are fixed, so the same tables give the same bytes; the file is written atomically. Text
    longer than a cell holds (``CELL_LIMIT``) is cut with a marker, and ``notes`` (when given)
    gets one line naming each such cell.
    """
    from openpyxl import Workbook

    if sources is None:
        documents = _sources_documents(data_dir)
    elif isinstance(sources, pd.DataFrame):
        documents = dict(zip(sources["source"], sources["document"], strict=True))
    else:
        documents = dict(sources)
    frames: dict[str, pd.DataFrame] = {
        k: v for k, v in tables.items() if k not in ("register_sources", "brochure_checks")
    }
    check_table = checks if checks is not None else tables.get("brochure_checks")
    if check_table is not None:
        frames["brochure_checks"] = check_table
    for key in ONLY_WITH_ROWS:  # a dataset without printed figures has no checks to show
        if key in frames and frames[key].empty:
            del frames[key]
    frames["sources"] = _sources_table(documents, tables.get("register_sources"))
    order = [k for k in SHEETS if k in frames] + [k for k in frames if k not in SHEETS]

    register_labels = {k: (s.label_uk, s.label_en, "int") for k, s in SCHEMAS.items()}
    wb = Workbook()
    wb.remove(wb.active)
    for key in order:
        ws = wb.create_sheet(title=SHEETS.get(key, key)[:31])
        frame = frames[key] if key == "sources" else humanise(key, frames[key])
        labels = register_labels if key == "sources" else _money_labels(frames[key])
        _write_sheet(ws, frame, labels, notes)
    wb.properties.creator = "promis_analytics"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP

    def _save(tmp: Path) -> None:
        buf = io.BytesIO()
        wb.save(buf)
        tmp.write_bytes(_reproducible(buf.getvalue()))

    return atomic_write(path, _save)
