"""A card's events tables («Таблиця 1»: date, place, event, participants) read as tables and
matched with the events of the narrative: an event in both is counted once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from promis_analytics.errors import ParseError
from promis_analytics.extract.card.events import Event
from promis_analytics.extract.card.places import find_places
from promis_analytics.extract.card.structure import loc
from promis_analytics.extract.documents import Document
from promis_analytics.extract.documents.model import Table
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import date_precision, parse_date_range, parse_number

__all__ = ["COLUMN_WORDS", "TableRow", "in_events_tables", "table_events"]

#: the start of an events table's header cell (casefolded) → its column
COLUMN_WORDS: dict[str, str] = {
    "дата": "date",
    "термін": "date",
    "місце": "place",
    "населений пункт": "place",
    "місто": "place",
    "захід": "title",
    "назва заходу": "title",
    "назва": "title",
    "подія": "title",
    "учасник": "participants",
    "кількість учасників": "participants",
    "к-сть учасників": "participants",
}


@dataclass
class TableRow:
    """One row of an events table: the event it gave (its own, or the narrative's it matched)
    and how (``verdict``: "event" — only in the table; "duplicate" — the narrative's event)."""

    event: Event
    participants: int
    at: int  # offset of the participants cell in the text
    verdict: str
    locator: str
    finding: Finding | None = None


def _columns(table: Table) -> dict[str, int]:
    """Column → grid column of the header row (row 1), when the table has date, place,
    title and participants columns; else {}."""
    found: dict[str, int] = {}
    for c in table.rows()[0] if table.n_rows else []:
        low = " ".join(c.text.casefold().split())
        role = next((r for w, r in sorted(COLUMN_WORDS.items(), key=lambda x: -len(x[0]))
                     if low.startswith(w)), None)  # fmt: skip
        if role and role not in found:
            found[role] = c.col
    return found if len(found) == 4 else {}


def in_events_tables(doc: Document | None, offset: int) -> bool:
    """Whether text ``offset`` lies in an events table (read by ``table_events``, so its
    numbers are not read again as numbers of people of the narrative)."""
    if doc is None or not doc.tables:
        return False
    b = doc.block_at(offset)
    if b is None or b.table is None:
        return False
    table = next((t for t in doc.tables if t.number == b.table), None)
    return table is not None and bool(_columns(table))


def table_events(
    doc: Document | None,
    narrative: list[Event],
    period: tuple[date, date] | None,
    findings: list[Finding],
) -> tuple[list[Event], list[TableRow]]:
    """(events only in the tables, every table row read). A row matches a narrative event of
    the same first day, city and participants (counted once; a note); the same day and city
    with another count is a disagreement (a warning; the narrative's count kept, the row's
    number reported); a row matching nothing is a new event with a finding naming its
    table and row; a narrative event matching no row gets a note that it is only in the
    narrative."""
    if doc is None:
        return [], []
    out: list[Event] = []
    rows: list[TableRow] = []
    matched: set[int] = set()
    for table in doc.tables:
        cols = _columns(table)
        if not cols:
            continue
        for cells in table.rows()[1:]:
            row = _row(doc, table, cells, cols, period)
            if row is None:
                continue
            rows.append(row)
            _match(row, narrative, matched, out, findings)
    if rows:
        for ev in narrative:
            if id(ev) not in matched and ev.date_start is not None:
                ev.findings.append(
                    Finding(
                        "event_only_in_narrative",
                        "note",
                        f"event of {ev.date_start.isoformat()} ({ev.participants} participants) "
                        "is in the narrative but in no events table; kept",
                        ev.locator,
                    )
                )
    return out, rows


def _row(doc: Document, table: Table, cells: list, cols: dict[str, int], period) -> TableRow | None:
    by_col = {c.col: c for c in cells}
    get = {k: by_col.get(v) for k, v in cols.items()}
    n_cell = get["participants"]
    if n_cell is None or not n_cell.text.strip():
        return None
    try:
        n = int(parse_number(n_cell.text.split()[0]))
    except (ParseError, ValueError, IndexError):
        return None
    at = finding_offset(doc, table.number, n_cell.row, n_cell.col)
    year = period[1].year if period else None
    when = get["date"].text if get["date"] else ""
    start: date | None
    end: date | None
    precision: str | None
    try:
        start, end = parse_date_range(when, year)
        precision = date_precision(when)
    except (ParseError, ValueError):
        start = end = None
        precision = None
    place_text = get["place"].text if get["place"] else ""
    places = find_places(place_text, 0, []) if place_text else []
    city, printed = places[-1] if places else (None, place_text or None)
    title = " ".join((get["title"].text if get["title"] else "").split())
    locator = loc(doc.text, at)
    ev = Event(
        start=at, title=title, title_own=bool(title), event_type=None, component=None,
        date_start=start, date_end=end, date_text=when or None, precision=precision,
        city=city, place_printed=printed, country=None, participants=n, women=None,
        locator=locator, n_at=at,
    )  # fmt: skip
    return TableRow(ev, n, at, "event", f"table {table.number}, row {n_cell.row}")


def finding_offset(doc: Document, table: int, row: int, col: int) -> int:
    return next(
        (b.start for b in doc.blocks if b.table == table and b.row == row and b.cell == col), 0
    )


def _match(
    row: TableRow, narrative: list[Event], matched: set[int], out: list[Event], findings
) -> None:
    ev = row.event
    day = ev.date_start.isoformat() if ev.date_start else "no date"
    same = [x for x in narrative if x.date_start == ev.date_start and x.city == ev.city and x.city]
    exact = next((x for x in same if x.participants == row.participants), None)
    if exact is not None:
        matched.add(id(exact))
        row.event, row.verdict = exact, "duplicate"
        row.finding = Finding(
            "event_in_table_and_narrative",
            "note",
            f"{row.locator}: the same event as in the narrative ({row.participants} participants, "
            f"{day}); counted once",
            ev.locator,
        )
    elif same:
        other = same[0]
        matched.add(id(other))
        row.event, row.verdict = other, "disagreement"
        row.finding = Finding(
            "table_narrative_disagree",
            "warning",
            f"{row.locator} gives {row.participants} participants where the narrative gives "
            f"{other.participants} for the event of {day} in the same "
            "place; the narrative's count is kept, check which is right",
            ev.locator,
        )
    else:
        row.finding = Finding(
            "event_only_in_table",
            "note",
            f"event read from {row.locator} only (not in the narrative): "
            f"{row.participants} participants",
            ev.locator,
        )
        ev.findings.append(row.finding)
        out.append(ev)
        return
    findings.append(row.finding)
