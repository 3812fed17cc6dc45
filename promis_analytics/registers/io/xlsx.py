"""The .xlsx/.xlsm reader: safety checks, sheet choice, raw cells (fastexcel, calamine, openpyxl)"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from promis_analytics import safety
from promis_analytics.registers.io.limits import MAX_XLSX_RATIO, active
from promis_analytics.registers.io.reader import (
    ExcelErrorValue,
    ExcelPercent,
    FileProblem,
    FormulaNoValue,
    RawTable,
    password_problem,
    unneutralise,
)
from promis_analytics.registers.io.rows import CodedCells, ColumnRows, RawRow, distinct, recode
from promis_analytics.registers.io.xlsx_scan import SheetScan, SheetScans, sheet_layout

__all__ = ["read_xlsx"]


def _check_zip(p: Path) -> dict[str, SheetScan]:
    with p.open("rb") as fh:
        head = fh.read(1024 * 1024)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file, not a zip
        if "EncryptionInfo".encode("utf-16-le") in head:  # Excel's encrypted package
            raise password_problem()
        raise FileProblem(
            "old .xls format (or another OLE file) with an .xlsx name",
            "старий формат .xls (або інший OLE-файл) з назвою .xlsx",
            "the file saved as .xlsx (File → Save as → Excel workbook) or .csv",
            "файл, збережений як .xlsx (Файл → Зберегти як → Книга Excel) або .csv",
        )
    if not zipfile.is_zipfile(p):
        raise FileProblem(
            "not an Excel workbook (corrupt or not a zip file)",
            "не книга Excel (пошкоджена або не zip-файл)",
        )
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileProblem(f"corrupt workbook: {exc}", f"пошкоджена книга: {exc}") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > active().value("max_xlsx_uncompressed") or total / packed > MAX_XLSX_RATIO:
        raise FileProblem(
            f"workbook expands to {total} bytes (ratio {total / packed:.0f}); refused",
            f"книга розпаковується до {total} байт (коефіцієнт {total / packed:.0f}); відхилено",
        )
    try:  # size, zip-bomb, DTD/entity and real sheet-extent checks before any parser runs
        scans = SheetScans(p)  # the reader's own scan of each sheet, in the same pass
        limits = active()
        safety.check_workbook(
            p,
            max_cells=limits.value("max_cells"),
            max_bytes=limits.value("max_workbook_bytes"),
            feed_sheet=scans,
        )
    except safety.UnsafeWorkbook as u:
        raise FileProblem(u.detail, u.detail_uk, u.expected_en, u.expected_uk) from u
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FileProblem(f"corrupt workbook: {exc}", f"пошкоджена книга: {exc}") from exc
    return scans.scans


def pick_sheet(wb: Any, sheet: str | None, prefer: tuple[str, ...], p: Path) -> str:
    names = list(wb.sheetnames)
    if sheet is not None:
        if sheet in names:
            return sheet
        raise FileProblem(
            f"no sheet named {sheet!r}; sheets: {', '.join(names)}",
            f"немає аркуша «{sheet}»; аркуші: {', '.join(names)}",
            f"one of the sheets: {', '.join(names)}",
            f"один з аркушів: {', '.join(names)}",
        )
    visible = [n for n in names if wb[n].sheet_state == "visible"]
    if len(visible) == 1:
        return visible[0]
    wanted = {w.casefold() for w in prefer}
    named = [n for n in visible if n.strip().casefold() in wanted]
    if len(named) == 1:
        return named[0]
    raise FileProblem(
        f"several sheets ({', '.join(visible)}) and none named {' or '.join(prefer) or '?'}",
        f"кілька аркушів ({', '.join(visible)}), і жоден не називається "
        f"{' або '.join(prefer) or '?'}",
        "the sheet name (sheet=… or --sheet)",
        "назву аркуша (sheet=… або --sheet)",
    )


def read_xlsx(p: Path, sheet: str | None, prefer: tuple[str, ...]) -> RawTable:
    """The raw cells of one sheet: python-calamine when it can give the same cells, else
    openpyxl (formulas without a cached value, error cells, percent formats)."""
    import openpyxl
    from openpyxl import xml as openpyxl_xml

    if not openpyxl_xml.DEFUSEDXML:  # openpyxl parses XML safely only with defusedxml
        raise FileProblem(
            "defusedxml is not active, so workbooks are not opened",
            "defusedxml не активний, тому книги не відкриваються",
            "the defusedxml package installed",
            "встановлений пакет defusedxml",
        )
    scans = _check_zip(p)
    fast = _read_xlsx_fast(p, sheet, prefer, scans)
    if fast is not None:  # plain values: read by calamine (see _read_xlsx_fast)
        return fast
    try:
        wb_v = openpyxl.load_workbook(p, read_only=True, data_only=True, keep_links=False)
        wb_f = openpyxl.load_workbook(p, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise FileProblem(
            f"cannot open workbook: {type(exc).__name__}: {exc}",
            f"неможливо відкрити книгу: {type(exc).__name__}: {exc}",
        ) from exc
    try:
        name = pick_sheet(wb_v, sheet, prefer, p)
        ws_v, ws_f = wb_v[name], wb_f[name]
        dims = ws_v.max_row or 0, ws_v.max_column or 0
        if dims[0] * dims[1] > active().value("max_cells"):
            raise FileProblem(
                f"sheet {name!r} is too large ({dims[0]} rows × {dims[1]} columns)",
                f"аркуш «{name}» завеликий ({dims[0]} рядків × {dims[1]} стовпців)",
            )
        hidden = [n for n in wb_v.sheetnames if n != name and wb_v[n].sheet_state != "visible"]
        table = RawTable(p, name, fixed_width=False, hidden_sheets=hidden)
        table.merged, table.hidden_rows = sheet_layout(p, ws_v._worksheet_path)
        start = ws_v.min_row or 1
        rows: list[RawRow] = []
        for n, (rv, rf) in enumerate(
            zip(ws_v.iter_rows(), ws_f.iter_rows(), strict=False), start=start
        ):
            cells = []
            for cv, cf in zip(rv, rf, strict=False):
                v = cv.value
                if v is None and getattr(cf, "data_type", None) == "f":
                    v = FormulaNoValue(str(cf.value))
                elif getattr(cv, "data_type", None) == "e":
                    v = ExcelErrorValue(str(v))
                elif (
                    isinstance(v, int | float)
                    and not isinstance(v, bool)
                    and "%" in str(getattr(cv, "number_format", ""))
                ):
                    v = ExcelPercent(Decimal(repr(v)) * 100)  # 0.439 shown as 43,9 %
                cells.append(unneutralise(v))
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(RawRow(n, tuple(cells)))
        table.rows = rows
        return table
    finally:
        wb_v.close()
        wb_f.close()


def calamine_cell(v: Any) -> Any:
    """A calamine value as the openpyxl path gives it (empty → None, whole float → int)."""
    if v == "" or v is None:
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if type(v) is dt.date:
        return dt.datetime(v.year, v.month, v.day)  # openpyxl gives datetimes for dates
    if isinstance(v, str):
        return unneutralise(v)
    return v


class _SheetState:
    def __init__(self, visible: bool) -> None:
        self.sheet_state = "visible" if visible else "hidden"


class CalamineSheets:
    """What ``pick_sheet`` asks of a workbook (names, visibility), from calamine metadata."""

    def __init__(self, wb: Any) -> None:
        meta = wb.sheets_metadata
        self.sheetnames = [m.name for m in meta]
        self._states = {m.name: _SheetState(str(m.visible).endswith(".Visible")) for m in meta}

    def __getitem__(self, name: str) -> _SheetState:
        return self._states[name]


def _sheet_member(p: Path, name: str) -> str | None:
    """The zip member (``xl/worksheets/sheetN.xml``) of sheet ``name``, from workbook.xml."""
    from defusedxml.ElementTree import fromstring

    rel_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(p) as z:
        book = fromstring(z.read("xl/workbook.xml"))
        rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(
        (
            el.get(rel_id)
            for el in book.iter()
            if el.tag.endswith("}sheet") and el.get("name") == name
        ),
        None,
    )
    for el in rels.iter():
        if el.tag.endswith("}Relationship") and el.get("Id") == rid:
            target = el.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def _read_xlsx_fast(
    p: Path, sheet: str | None, prefer: tuple[str, ...], scans: dict[str, SheetScan]
) -> RawTable | None:
    """The sheet's values read by python-calamine, or None when openpyxl must read them.

    Same sheet choice, size limit, cells and Excel row numbers as the openpyxl path (rows
    from 1, trailing empty cells dropped); merged ranges and hidden rows from a byte scan of
    the sheet XML. Returns None (openpyxl fallback) when calamine is not installed or cannot
    read the file, or the sheet has formulas without cached values, error cells or
    percent-formatted cells. The workbook is never opened with openpyxl here: its read-only
    mode parses a whole sheet just to size it when ``<dimension>`` is missing.
    """
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    arrow = _read_xlsx_arrow(p, sheet, prefer, scans)
    if arrow is not None:
        return arrow
    try:
        wb = CalamineWorkbook.from_path(str(p))
    except Exception:  # anything calamine cannot open: openpyxl decides and reports
        return None
    try:
        sheets = CalamineSheets(wb)
        name = pick_sheet(sheets, sheet, prefer, p)
        member = _sheet_member(p, name)
        if member is None:
            return None
        ws = wb.get_sheet_by_name(name)
        end = ws.end
        dims = (end[0] + 1, end[1] + 1) if end else (0, 0)
        if dims[0] * dims[1] > active().value("max_cells"):
            raise FileProblem(
                f"sheet {name!r} is too large ({dims[0]} rows × {dims[1]} columns)",
                f"аркуш «{name}» завеликий ({dims[0]} рядків × {dims[1]} стовпців)",
            )
        scan = scans.get(member)
        if scan is None or scan.needs_openpyxl:
            return None
        merged, hidden = scan.merged, scan.hidden
        try:
            values = ws.to_python(skip_empty_area=False) if end else []
        except Exception:
            return None
        del ws  # calamine's own copy of the cells goes now, not when this function returns
    finally:
        wb.close()
    hidden_sheets = [
        n for n in sheets.sheetnames if n != name and sheets[n].sheet_state != "visible"
    ]
    table = RawTable(
        p, name, fixed_width=False, merged=merged, hidden_rows=hidden, hidden_sheets=hidden_sheets
    )
    if len(set(map(len, values))) > 1:
        return None  # calamine gives a rectangle; anything else: openpyxl reads it
    grid = np.empty((len(values), len(values[0]) if values else 0), dtype=object)
    grid[:] = values  # one C pass; columns are views of it
    del values
    columns = [_calamine_column(grid[:, j]) for j in range(grid.shape[1])]
    del grid
    if columns:
        table.columns = columns
        table.rows = ColumnRows(columns)
    return table


def _read_xlsx_arrow(
    p: Path, sheet: str | None, prefer: tuple[str, ...], scans: dict[str, SheetScan]
) -> RawTable | None:
    """A sheet of ``xlsx_arrow.ARROW_FROM`` bytes of XML or more read through Arrow: sheet
    choice and the first rows from python-calamine on the workbook cut short
    (``xlsx_arrow.head_workbook``), the rest by fastexcel; None when that path declines."""
    import io

    from python_calamine import CalamineWorkbook

    from promis_analytics.registers.io import xlsx_arrow

    with zipfile.ZipFile(p) as z:
        sizes = {i.filename: i.file_size for i in z.infolist()}
    if max(sizes.values(), default=0) < xlsx_arrow.ARROW_FROM:
        return None
    cut = xlsx_arrow.head_workbook(p)
    if cut is None:
        return None
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(cut))
    except Exception:  # anything calamine cannot open: the whole-sheet path decides
        return None
    try:
        sheets = CalamineSheets(wb)
        name = pick_sheet(sheets, sheet, prefer, p)
        member = _sheet_member(p, name)
        scan = scans.get(member or "")
        if member is None or scan is None or scan.needs_openpyxl:
            return None
        if sizes.get(member, 0) < xlsx_arrow.ARROW_FROM:
            return None
        head = [
            tuple(map(calamine_cell, r))
            for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ]
    finally:
        wb.close()
    columns = xlsx_arrow.read_arrow(p, name, head, calamine_cell)
    if not columns:
        return None
    hidden_sheets = [
        n for n in sheets.sheetnames if n != name and sheets[n].sheet_state != "visible"
    ]
    table = RawTable(
        p, name, fixed_width=False, merged=scan.merged, hidden_rows=scan.hidden,
        hidden_sheets=hidden_sheets,
    )  # fmt: skip
    table.columns = columns
    table.rows = ColumnRows(columns)
    return table


def _calamine_column(values: np.ndarray) -> CodedCells:
    """One column of calamine's values, coded: each distinct value converted once
    (``calamine_cell``); values that become equal share a code, empty cells get -1. Texts
    change only when empty («» → None) unless one starts with the writer's ', so they stay
    distinct; the other values are few and are coded again after conversion."""
    codes, uniques = distinct(values)
    is_text = np.fromiter((type(u) is str for u in uniques), dtype=bool, count=len(uniques))
    texts = np.flatnonzero(is_text).tolist()
    if any(uniques[i][:1] == "'" for i in texts):  # a neutralised text may equal another
        return recode(CodedCells(codes, uniques), calamine_cell)
    remap = np.full(len(uniques) + 1, -1, dtype=np.int64)  # the last slot: code -1
    kept = [i for i in texts if uniques[i]]  # an empty text is an empty cell
    out = [uniques[i] for i in kept]
    remap[kept] = np.arange(len(kept))
    others = np.flatnonzero(~is_text)
    converted, merged = distinct([calamine_cell(uniques[i]) for i in others.tolist()])
    remap[others] = np.where(converted < 0, -1, converted + len(out))
    return CodedCells(remap[codes], out + merged)
