"""Spreadsheet formats by file ending: one reader per format, chosen from a lookup table.

``.csv/.txt/.tsv`` → the CSV reader; ``.xlsx/.xlsm`` → ``registers.io.xlsx`` (openpyxl,
calamine or fastexcel after the zip checks); ``.ods/.xls/.xlsb`` → :func:`read_calamine`
(python-calamine) after the same limits: a file no larger than the workbook limit, an
``.ods`` (a zip like .xlsx) through ``safety.check_workbook`` (zip bomb, parts, DTD), and
the sheet's extent (calamine's dimensions) within the cell limit before its cells are
materialised. A password-protected file of any of these formats is refused with
«зніміть пароль».
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from promis_analytics import safety
from promis_analytics.registers.io.limits import Limits, active, using
from promis_analytics.registers.io.reader import (
    ExcelErrorValue,
    FileProblem,
    RawTable,
    password_problem,
    read_csv,
)
from promis_analytics.registers.io.rows import RawRow

__all__ = ["READERS", "SUFFIXES", "password_problem", "read_calamine", "read_table", "reader_for"]

Reader = Callable[[Path, str | None, tuple[str, ...]], RawTable]

_OLE = b"\xd0\xcf\x11\xe0"
_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)


def _csv(p: Path, sheet: str | None, prefer: tuple[str, ...]) -> RawTable:
    return read_csv(p)


def _xlsx(p: Path, sheet: str | None, prefer: tuple[str, ...]) -> RawTable:
    from promis_analytics.registers.io.xlsx import read_xlsx

    return read_xlsx(p, sheet, prefer)


def refuse_encrypted(p: Path) -> None:
    """Raise the password problem when ``p`` is encrypted: an OLE file holding an
    ``EncryptionInfo`` stream (Excel's encrypted .xlsx/.xlsm/.xlsb), a BIFF workbook with a
    FILEPASS record (an encrypted .xls), or a zip whose manifest declares encryption (.ods)."""
    with p.open("rb") as fh:
        head = fh.read(1024 * 1024)
    if head.startswith(_OLE):
        if "EncryptionInfo".encode("utf-16-le") in head or _biff_filepass(head):
            raise password_problem()
        return
    if head.startswith(b"PK") and zipfile.is_zipfile(p):
        try:
            with zipfile.ZipFile(p) as z:
                info = z.getinfo("META-INF/manifest.xml")
                if info.file_size < 4 * 1024 * 1024 and b"encryption-data" in z.read(info):
                    raise password_problem()
        except (KeyError, zipfile.BadZipFile, OSError):
            return


def _biff_filepass(head: bytes) -> bool:
    """Whether the BIFF8 record after the first BOF is FILEPASS (0x002F): an encrypted .xls.

    The workbook stream starts with BOF (0x0809, 16 bytes of data); Excel writes FILEPASS
    right after it when the file has a password to open."""
    i = head.find(b"\x09\x08\x10\x00", 512)
    return i >= 0 and head[i + 20 : i + 22] == b"\x2f\x00"


def _limits(p: Path) -> None:
    """File size (all formats) and, for a zip (.ods), the same checks as an .xlsx."""
    size, limit = p.stat().st_size, active().value("max_workbook_bytes")
    if size > limit:
        raise FileProblem(
            f"workbook file too large ({size} bytes > {limit})",
            f"файл книги завеликий ({size} байт > {limit})",
        )
    if not zipfile.is_zipfile(p):
        return
    try:
        with zipfile.ZipFile(p) as z:
            total = sum(i.file_size for i in z.infolist())
        if total > active().value("max_xlsx_uncompressed"):
            raise FileProblem(
                f"workbook expands to {total} bytes; refused",
                f"книга розпаковується до {total} байт; відхилено",
            )
        safety.check_workbook(p, max_cells=active().value("max_cells"), max_bytes=limit)
    except safety.UnsafeWorkbook as u:
        raise FileProblem(u.detail, u.detail_uk, u.expected_en, u.expected_uk) from u
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FileProblem(f"corrupt workbook: {exc}", f"пошкоджена книга: {exc}") from exc


def _cell(v: Any) -> Any:
    """A calamine value as the .xlsx reader gives it; an Excel error text is an error cell."""
    from promis_analytics.registers.io.xlsx import calamine_cell

    if isinstance(v, str) and v in _EXCEL_ERRORS:
        return ExcelErrorValue(v)
    return calamine_cell(v)


def read_calamine(p: Path, sheet: str | None, prefer: tuple[str, ...]) -> RawTable:
    """One sheet of an .ods/.xls/.xlsb workbook as raw cells (Excel row numbers from 1,
    trailing empty cells dropped), merged ranges when calamine gives them (.xls, .xlsb) or
    the ODS content says so (``ods_layout``)."""
    from python_calamine import CalamineWorkbook

    from promis_analytics.registers.io.xlsx import CalamineSheets, pick_sheet

    refuse_encrypted(p)
    _limits(p)
    ods = _ods_checked(p) if p.suffix.lower() == ".ods" else None  # before calamine reads
    try:
        wb = CalamineWorkbook.from_path(str(p))
    except Exception as exc:  # calamine raises its own types for every broken file
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise password_problem() from exc
        raise FileProblem(
            f"cannot open workbook: {type(exc).__name__}: {exc}",
            f"неможливо відкрити книгу: {type(exc).__name__}: {exc}",
            "a workbook saved by Excel or LibreOffice (or the file saved again as .xlsx)",
            "книга, збережена Excel або LibreOffice (або файл, знову збережений як .xlsx)",
        ) from exc
    try:
        sheets = CalamineSheets(wb)
        name = pick_sheet(sheets, sheet, prefer, p)
        ws = wb.get_sheet_by_name(name)
        end = ws.end
        rows, cols = (end[0] + 1, end[1] + 1) if end else (0, 0)
        if rows * cols > active().value("max_cells"):
            raise FileProblem(
                f"sheet {name!r} is too large ({rows} rows × {cols} columns)",
                f"аркуш «{name}» завеликий ({rows} рядків × {cols} стовпців)",
            )
        values = ws.to_python(skip_empty_area=False) if end else []
        spans = ws.merged_cell_ranges or []
    finally:
        wb.close()
    hidden = [n for n in sheets.sheetnames if n != name and sheets[n].sheet_state != "visible"]
    table = RawTable(p, name, fixed_width=False, hidden_sheets=hidden)
    table.merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in spans]
    index = sheets.sheetnames.index(name)
    if not table.merged and ods is not None and index < len(ods):
        table.merged = ods[index].merged
    raw_rows: list[RawRow] = []
    for n, row in enumerate(values, start=1):
        cells = [_cell(v) for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        raw_rows.append(RawRow(n, tuple(cells)))
    table.rows = raw_rows
    return table


_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_T = "{" + _NS_TABLE + "}"


class OdsSheet:
    """One sheet of an .ods as its content.xml says: the extent of the cells holding a value
    (``rows`` × ``cols``, repeats counted) and the merged ranges (1-based, inclusive)."""

    def __init__(self) -> None:
        self.rows = 0
        self.cols = 0
        self.merged: list[tuple[int, int, int, int]] = []


def ods_layout(p: Path) -> list[OdsSheet]:
    """Every sheet's :class:`OdsSheet`, streamed from content.xml (defusedxml) before
    calamine reads any cell: a few bytes of ``table:number-rows-repeated`` can stand for
    billions of cells, so the extent is checked against the cell limit first."""
    from defusedxml.ElementTree import iterparse

    sheets: list[OdsSheet] = []
    row = col = 0
    row_has_value = False
    value_type = "{" + _NS_OFFICE + "}value-type"
    with zipfile.ZipFile(p) as z, z.open("content.xml") as fh:
        for event, el in iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == _T + "table":
                    sheets.append(OdsSheet())
                    row = 0
                elif tag == _T + "table-row":
                    col, row_has_value = 0, False
                continue
            if tag in (_T + "table-cell", _T + "covered-table-cell"):
                repeat = int(el.get(_T + "number-columns-repeated", 1))
                cs = int(el.get(_T + "number-columns-spanned", 1))
                rs = int(el.get(_T + "number-rows-spanned", 1))
                if cs > 1 or rs > 1:
                    sheets[-1].merged.append((row + 1, col + 1, row + rs, col + cs))
                if el.get(value_type) is not None or len(el):
                    sheets[-1].cols = max(sheets[-1].cols, col + repeat)
                    row_has_value = True
                col += repeat
                el.clear()
            elif tag == _T + "table-row":
                repeat = int(el.get(_T + "number-rows-repeated", 1))
                row += repeat
                if row_has_value:
                    sheets[-1].rows = row
                el.clear()
    return sheets


def _ods_checked(p: Path) -> list[OdsSheet]:
    """The layout of every sheet, each sheet's extent within the cell limit."""
    try:
        layout = ods_layout(p)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, SyntaxError) as exc:
        raise FileProblem(f"corrupt workbook: {exc}", f"пошкоджена книга: {exc}") from exc
    for n, sh in enumerate(layout, start=1):
        if sh.rows * sh.cols > active().value("max_cells"):
            raise FileProblem(
                f"sheet {n} is too large ({sh.rows} rows × {sh.cols} columns)",
                f"аркуш {n} завеликий ({sh.rows} рядків × {sh.cols} стовпців)",
            )
    return layout


def _numbers(p: Path, sheet: str | None, prefer: tuple[str, ...]) -> RawTable:
    raise FileProblem(
        "Apple Numbers files are not read",
        "файли Apple Numbers не читаються",
        "the file exported as .xlsx, .ods or .csv (File → Export To)",
        "файл, експортований як .xlsx, .ods або .csv (Файл → Експортувати в)",
    )


#: file ending → reader (one interface: path, sheet, preferred sheet names → RawTable)
READERS: dict[str, Reader] = {
    ".csv": _csv,
    ".txt": _csv,
    ".tsv": _csv,
    ".xlsx": _xlsx,
    ".xlsm": _xlsx,
    ".xls": read_calamine,
    ".xlsb": read_calamine,
    ".ods": read_calamine,
    ".numbers": _numbers,
}
#: endings of files that may hold a register
SUFFIXES: tuple[str, ...] = tuple(s for s, r in READERS.items() if r is not _numbers)


def reader_for(p: Path) -> Reader:
    """The reader of ``p`` by its ending (case-insensitive); FileProblem for other endings."""
    suffix = p.suffix.lower()
    found = READERS.get(suffix)
    if found is None:
        raise FileProblem(
            f"unsupported file type {suffix or '(none)'}",
            f"непідтримуваний тип файлу {suffix or '(без розширення)'}",
            f"one of {', '.join(SUFFIXES)}",
            f"один з типів {', '.join(SUFFIXES)}",
        )
    return found


def read_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    prefer: tuple[str, ...] = (),
    limits: Limits | None = None,
) -> RawTable:
    """Read a .csv/.xlsx/.xlsm/.xls/.xlsb/.ods file into raw cells; never evaluates formulas
    or guesses types. The reader is chosen by the file ending (``formats.READERS``).

    ``sheet`` names the worksheet; without it a workbook with one visible sheet uses that
    sheet, otherwise the visible sheet named like one of ``prefer`` (case-insensitive).
    ``limits`` raises or lowers the size limits for this read (``registers.io.limits``).
    Raises ``FileProblem`` for files that cannot or must not be read.
    """
    with using(limits):
        return _read_table(Path(path), sheet, prefer)


def _read_table(p: Path, sheet: str | None, prefer: tuple[str, ...]) -> RawTable:
    if not p.exists():
        raise FileProblem(
            f"file not found: {p}", f"файл не знайдено: {p}", "an existing file", "наявний файл"
        )
    if p.is_dir():
        raise FileProblem(f"{p} is a folder", f"{p} — це тека")
    return reader_for(p)(p, sheet, prefer)
