"""KoboToolbox / ODK exports read as registers: group paths, metadata, select-multiple columns.

An export is recognised by its metadata columns (``_uuid``, ``_submission_time``,
``meta/instanceID``, ``KEY``…, listed in ``data/kobo_metadata.csv``). Then, column by column
(positions and Excel letters stay as in the file):

- ``_uuid`` (else ``meta/instanceID``, ``KEY``) is the row ID of a register keyed by one ID
  column (``event_id``, ``fact_id``…) when the export has no such column;
- the other metadata columns are set aside (their header and cells read as empty) and named
  once in a note, never reported as unknown;
- a group path ``group/field`` is read as ``field``;
- a select-multiple question comes as ``field`` (choices separated by spaces) and one 0/1
  column per choice (``field/choice``): the 0/1 columns are set aside and the choices in
  ``field`` joined with «; »;
- a place answered «other» takes the text of its ``field_other`` question.
"""

from __future__ import annotations

import csv
from functools import cache

from promis_analytics.paths import PACKAGE_DATA_DIR
from promis_analytics.registers.io.reader import RawTable
from promis_analytics.registers.io.rows import RawRow
from promis_analytics.registers.schema.report import NOTE, ValidationReport
from promis_analytics.registers.schema.schemas import SCHEMAS
from promis_analytics.registers.schema.types import REGISTRY

__all__ = ["METADATA_FILE", "OTHER", "KoboExport", "is_export", "kobo_register", "prepare"]

METADATA_FILE = PACKAGE_DATA_DIR / "kobo_metadata.csv"
#: the choice code of a place answered «other»: its text is in the ``<name>_other`` question
OTHER = "other"
_ID_COLUMNS = ("_uuid", "meta/instanceID", "instanceID", "KEY")
_MARKERS = frozenset({"_uuid", "_submission_time", "meta/instanceID", "KEY", "_index"})


@cache
def _metadata() -> frozenset[str]:
    with METADATA_FILE.open(encoding="utf-8", newline="") as fh:
        return frozenset(r["column"] for r in csv.DictReader(fh))


class KoboExport:
    """What ``prepare`` did: the metadata and choice columns set aside, the ID column."""

    def __init__(self) -> None:
        self.set_aside: list[str] = []
        self.id_from: str | None = None


def _header_index(table: RawTable) -> int | None:
    for k, r in enumerate(table.rows[:5]):
        if any(isinstance(c, str) and c.strip() for c in r.cells):
            return k
    return None


def is_export(table: RawTable) -> bool:
    """Whether the first non-blank row holds the metadata columns of a Kobo/ODK export."""
    k = _header_index(table)
    if k is None:
        return False
    names = {str(c).strip() for c in table.rows[k].cells if c is not None}
    return bool(names & _MARKERS)


def _is_metadata(name: str) -> bool:
    return name in _metadata() or name.split("/", 1)[0] in ("meta", "formhub", "__system")


def _plan(names: list[str | None], kind: str) -> tuple[dict[int, str | None], KoboExport]:
    """Column index → new header (None: set aside) for the columns that change."""
    out: dict[int, str | None] = {}
    info = KoboExport()
    present = {n for n in names if n}
    schema = SCHEMAS[kind]
    single = len(schema.key) == 1 and REGISTRY[schema.field(schema.key[0]).dtype].identifier
    id_col = schema.key[0] if single else None
    id_source = next((c for c in _ID_COLUMNS if c in present), None) if id_col else None
    if id_col in present or any(n and n.rsplit("/", 1)[-1] == id_col for n in present):
        id_source = None
    for i, n in enumerate(names):
        if not n:
            continue
        if n == id_source:
            out[i], info.id_from = id_col, n
        elif _is_metadata(n) or ("/" in n and n.rsplit("/", 1)[0] in present):
            out[i] = None  # metadata, or the 0/1 column of one choice of a select-multiple
            info.set_aside.append(n)
        elif "/" in n:
            out[i] = n.rsplit("/", 1)[-1]
    return out, info


def prepare(table: RawTable, kind: str) -> tuple[RawTable, KoboExport | None]:
    """The export as a register table (module docstring) and what was done; other tables
    are returned unchanged with None."""
    if not is_export(table):
        return table, None
    k = _header_index(table)
    assert k is not None
    header = [None if c is None else str(c).strip() for c in table.rows[k].cells]
    plan, info = _plan(header, kind)
    multi = {i for i, n in enumerate(header) if n and any(
        m and m.startswith(n + "/") for m in header)}  # fmt: skip
    final = [plan.get(i, n) for i, n in enumerate(header)]
    other = {
        i: final.index(n + "_other") for i, n in enumerate(final) if n and n + "_other" in final
    }
    rows: list[RawRow] = [*table.rows[:k], RawRow(table.rows[k].number, tuple(final))]
    for r in table.rows[k + 1 :]:
        cells = list(r.cells)
        for i in range(len(cells)):
            if plan.get(i, "") is None:
                cells[i] = None
            elif i in multi and isinstance(cells[i], str):
                cells[i] = "; ".join(cells[i].split())
        for i, j in other.items():
            if i < len(cells) and j < len(cells) and cells[i] == OTHER:
                cells[i], cells[j] = cells[j], None
        rows.append(RawRow(r.number, tuple(cells)))
    for j in other.values():
        rows[k] = RawRow(
            rows[k].number, tuple(None if x == j else c for x, c in enumerate(rows[k].cells))
        )
        info.set_aside.append(str(final[j]))
    out = RawTable(
        table.path, table.sheet, rows, table.fixed_width, table.encoding, table.delimiter,
        table.merged, table.hidden_rows, table.hidden_sheets,
    )  # fmt: skip
    return out, info


def kobo_register(table: RawTable, kind: str, report: ValidationReport) -> RawTable:
    """A KoboToolbox/ODK export as a register (``registers.io.kobo``), with one note."""
    table, info = prepare(table, kind)
    if info is not None:
        id_uk = f"; код запису — «{info.id_from}»" if info.id_from else ""
        id_en = f"; the row ID is '{info.id_from}'" if info.id_from else ""
        report.add(
            "kobo_export", columns=", ".join(info.set_aside) or "—",
            id_uk=id_uk, id_en=id_en, severity=NOTE,
        )  # fmt: skip
    return table
