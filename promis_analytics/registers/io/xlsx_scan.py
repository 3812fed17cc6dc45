"""Sheet XML read without openpyxl: merged ranges, hidden rows, cells calamine cannot read."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from promis_analytics import safety

__all__ = ["SCAN_OVERLAP", "SheetScan", "SheetScans", "scan_sheet", "sheet_layout"]


def sheet_layout(p: Path, member: str) -> tuple[list[tuple[int, int, int, int]], set[int]]:
    """Merged ranges (min_row, min_col, max_row, max_col; 1-based) and hidden row numbers,
    read from the sheet XML with defusedxml (read-only openpyxl does not expose them)."""
    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import range_boundaries

    merged: list[tuple[int, int, int, int]] = []
    hidden: set[int] = set()
    with zipfile.ZipFile(p) as z, z.open(member) as fh:
        for _, el in iterparse(fh):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "row":
                if el.get("hidden") in ("1", "true") and el.get("r"):
                    hidden.add(int(el.get("r")))
                el.clear()
            elif tag == "mergeCell" and el.get("ref"):
                c1, r1, c2, r2 = range_boundaries(el.get("ref"))
                merged.append((r1, c1, r2, c2))
    return merged, hidden


# --- fast XLSX values (python-calamine) ------------------------------------------------
# calamine reads cell values an order of magnitude faster than openpyxl but cannot tell a
# formula without a cached value, an Excel error cell or a percent-formatted number. A byte
# scan of the sheet XML (C regex, no XML tree) finds those, plus merged ranges and hidden
# rows; when any of the three occurs the openpyxl path above reads the sheet instead.

SCAN_OVERLAP = 4096  # longer than any pattern below, so a match is never cut in two
_RE_HIDDEN_ROW = re.compile(rb'<row\b[^>]*\bhidden="(?:1|true)"[^>]*>')
_RE_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_RE_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_RE_NEEDS_OPENPYXL = re.compile(
    rb"<f\b[^>]*/>\s*</c>|</f>\s*(?:<v\s*/>|<v></v>)?\s*</c>"  # formula, no cached value
    rb'|<c\b[^>]*\bt="e"'  # Excel error value (#DIV/0!, #N/A, ...)
)
_PERCENT_BUILTIN = {9, 10}  # "0%", "0.00%"


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    """Indices of cell formats (``s="…"``) whose number format shows a percent."""
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return set()
    ns = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
    custom = {
        int(f.get("numFmtId", -1))
        for f in root.iter(f"{ns}numFmt")
        if "%" in (f.get("formatCode") or "")
    }
    xfs = root.find(f"{ns}cellXfs")
    if xfs is None:
        return set()
    percent = _PERCENT_BUILTIN | custom
    return {i for i, xf in enumerate(xfs) if int(xf.get("numFmtId", 0)) in percent}


def _opens_f(part: bytes) -> bool:
    """Whether ``part`` holds ``<f`` (a formula may start there): two byte comparisons over
    the whole part at once, 4× faster than a substring search for so short a pattern."""
    import numpy as np

    a = np.frombuffer(part, dtype=np.uint8)
    return bool(((a[:-1] == 0x3C) & (a[1:] == 0x66)).any())


class SheetScan:
    """What a byte scan of one sheet's XML finds, fed part by part (each part cut before a
    tag, by ``safety.sheet_extent`` in its own pass): merged ranges, hidden row numbers, and
    whether openpyxl must read the values (formulas without a cached value, error cells,
    percent-formatted cells). A cheap substring test comes before every regular expression."""

    def __init__(self, percent: re.Pattern[bytes] | None) -> None:
        self.merged: list[tuple[int, int, int, int]] = []
        self.hidden: set[int] = set()
        self.needs_openpyxl = False
        self._percent = percent
        self._tail = b""  # the end of the last part: a formula's </f> … </c> may span two

    def feed(self, part: bytes) -> None:
        from openpyxl.utils.cell import range_boundaries

        if b'hidden="' in part:
            for m in _RE_HIDDEN_ROW.finditer(part):
                r = _RE_ROW_NUMBER.search(m.group(0))
                if r:
                    self.hidden.add(int(r.group(1)))
        if b"<mergeCell" in part:
            for m in _RE_MERGE.finditer(part):
                c1, r1, c2, r2 = range_boundaries(m.group(1).decode())
                self.merged.append((r1, c1, r2, c2))
        if not self.needs_openpyxl:  # a formula may end in the next part: the tail too
            if _opens_f(part) or b't="e"' in part or b"<f" in self._tail:
                self.needs_openpyxl = bool(_RE_NEEDS_OPENPYXL.search(self._tail + part))
            if self._percent is not None and self._percent.search(part):
                self.needs_openpyxl = True
            self._tail = part[-SCAN_OVERLAP:]


class SheetScans:
    """``safety.check_workbook(feed_sheet=…)``: a :class:`SheetScan` per worksheet member
    (``scans``), all with the workbook's percent styles (read when the first sheet is,
    after the checks of every part's XML declarations)."""

    def __init__(self, p: Path) -> None:
        self.path = p
        self.scans: dict[str, SheetScan] = {}
        self._percent: list[re.Pattern[bytes] | None] = []

    def __call__(self, member: str) -> Callable[[bytes], None]:
        if not self._percent:
            with zipfile.ZipFile(self.path) as z:
                styles = _percent_styles(z)
            alternatives = "|".join(map(str, sorted(styles))).encode()
            pattern = re.compile(rb'<c\b[^>]*\bs="(?:' + alternatives + rb')"') if styles else None
            self._percent.append(pattern)
        self.scans[member] = SheetScan(self._percent[0])
        return self.scans[member].feed


def scan_sheet(p: Path, member: str) -> SheetScan:
    """The scan of one sheet on its own (``xlsx`` scans every sheet while it checks the file)."""
    scans = SheetScans(p)
    with zipfile.ZipFile(p) as z:
        safety.sheet_extent(z, member, scans(member))
    return scans.scans[member]
