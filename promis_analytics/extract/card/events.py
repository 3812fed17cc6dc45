"""Events: every participant figure of the card with its title, type, dates and place."""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from promis_analytics.errors import ParseError
from promis_analytics.extract.card.patterns import (
    _COUNT,
    _LOW,
    _PLACE_WORD,
    _QUOTED,
    _UP,
    _YEAR,
    EVENT_COLUMNS,
)
from promis_analytics.extract.card.places import _city_key, _place, _place_finding
from promis_analytics.extract.card.structure import _boundaries, _component_at, _inside, _loc
from promis_analytics.extract.card_vocab import first_in_table
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import (
    MONTH_NAMES,
    date_precision,
    find_dates,
    parse_date_range,
    parse_number,
)


# --- events ---------------------------------------------------------------------------------
@dataclass
class _Event:
    start: int
    title: str
    title_own: bool
    event_type: str | None
    component: str | None
    date_start: date | None
    date_end: date | None
    date_text: str | None
    precision: str | None
    city: str | None
    place_printed: str | None
    country: str | None
    participants: int
    women: int | None
    locator: str
    findings: list[Finding] = field(default_factory=list)


def _events(
    text: str,
    protected: list[tuple[int, int]],
    sections: list[tuple[int, str]],
    period: tuple[date, date] | None,
    source: str,
    prefix: str,
    findings: list[Finding],
    reported: Callable[[int], bool] = lambda _: True,
) -> pd.DataFrame:
    """One row per participant figure ("(25 учасників)") that ``reported`` accepts (on the
    official form: figures in the results column, not the planned work), with the events
    register's columns. An event whose date cannot be read exactly is kept with the dates that
    can be known (``_narrowed``) and ``date_precision`` saying how exact they are."""
    bounds = _boundaries(text, protected)
    dates = [d for d in find_dates(text) if not _inside(d.start, protected)]
    date_starts = [d.start for d in dates]  # in text order: a figure's dates by bisection
    default_year = period[1].year if period else None
    events: list[_Event] = []
    prev_end = 0
    prev: _Event | None = None
    for cm in _COUNT.finditer(text):
        if _inside(cm.start(), protected) or not reported(cm.start()):
            continue
        own: list[Finding] = []  # this event's findings, kept only if the event is kept
        count_at = cm.start("n")
        # the statement this figure belongs to starts at the last boundary before it, but
        # never before the previous figure (several events can share one sentence)
        last_bound = bounds[bisect.bisect_right(bounds, cm.start()) - 1]
        continuation = prev is not None and last_bound <= prev_end
        seg_start = max(last_bound, prev_end)
        segment = text[seg_start:count_at]
        lead = len(segment) - len(segment.lstrip(" ,;.)–-:"))
        seg_start += lead
        segment = text[seg_start:count_at]
        locator = _loc(text, seg_start)

        # type and title: from the segment, else inherited from the event before it in the
        # same sentence ("Проведено 3 тренінги «…»: date, place (N), date, place (N)")
        # the first row of the vocabulary table that occurs decides (засідання Круглого столу
        # is a round table, not a meeting)
        found_type = first_in_table("event_type", segment)
        quoted = [q for q in _QUOTED.finditer(segment)]
        event_type = found_type
        title = quoted[0].group("t").strip() if quoted else ""
        title_own = bool(title)
        if continuation and prev is not None and not found_type and not quoted:
            event_type, title, title_own = prev.event_type, prev.title, False
        if not title:
            title = _fallback_title(segment)

        # date: the last date printed in the segment; year from a neighbour when missing
        seg_dates = dates[
            bisect.bisect_left(date_starts, seg_start) : bisect.bisect_left(date_starts, count_at)
        ]
        dstart = dend = None
        dtext = None
        precision = "day"
        if seg_dates:
            d = seg_dates[-1]
            dtext = d.text
            year = _neighbour_year(d, dates, prev, continuation, default_year)
            try:
                dstart, dend = parse_date_range(d.text, default_year=year)
            except ParseError:
                dstart, dend, precision = _narrowed(d.text, period)
                own.append(
                    Finding(
                        "unreadable_date",
                        "error",
                        f"date {d.text!r} cannot be read exactly; the event is kept with "
                        f"{_span(dstart, dend, precision)} (date_precision {precision})",
                        _loc(text, d.start),
                    )
                )
            else:
                precision = date_precision(d.text)
            if dstart and not _YEAR.search(d.text):
                own.append(
                    Finding(
                        "year_inherited",
                        "note",
                        f"date {d.text!r} has no year; {year} taken from the neighbouring date",
                        _loc(text, d.start),
                    )
                )
        else:
            dstart, dend, precision = _narrowed("", period)
            own.append(
                Finding(
                    "no_date",
                    "warning",
                    f"participant figure with no date; kept with {_span(dstart, dend, precision)}",
                    locator,
                )
            )

        city, printed = _place(segment, seg_start, protected)
        if city is None and printed is None:
            city, printed = _bare_place(segment, seg_start, seg_dates)
        country = first_in_table("country", segment)
        if country:
            city = None  # a trip abroad: the foreign place is kept in country only
        elif printed and city is None:
            own.append(_place_finding(printed, locator, "place"))
        elif printed is None:
            own.append(
                Finding(
                    "no_place",
                    "warning",
                    f"{int(cm.group('n'))} participants reported with no place; city left empty",
                    locator,
                )
            )

        n = int(parse_number(cm.group("n")))
        women = int(parse_number(cm.group("women"))) if cm.group("women") else None
        if women is None and cm.group("noun").lower().startswith("учасниц"):
            women = n  # "учасниць" is the feminine plural: all participants are women
        ev = _Event(
            start=seg_start,
            title=title,
            title_own=title_own,
            event_type=event_type or "other",
            component=_component_at(seg_start, sections),
            date_start=dstart,
            date_end=dend,
            date_text=dtext,
            precision=precision if dstart else None,
            city=city,
            place_printed=printed,
            country=country,
            participants=n,
            women=women,
            locator=locator,
            findings=own,
        )
        if event_type is None:
            own.append(
                Finding("unknown_event_type", "note", "no event word found; type 'other'", locator)
            )
        events.append(ev)
        prev, prev_end = ev, cm.end()

    kept = _drop_duplicates(events, text, findings)
    for ev in kept:
        findings.extend(ev.findings)
    status: dict[int, str | None] = {}
    for ev in kept:
        status[id(ev)] = None
        if period and ev.date_start:
            outside = ev.date_end <= period[0] or ev.date_start > period[1]
            status[id(ev)] = "outside" if outside else "in"
            if outside:
                findings.append(
                    Finding(
                        "outside_period",
                        "warning",
                        f"event dated {ev.date_start.isoformat()}…{ev.date_end.isoformat()} lies "
                        f"outside the reporting half-year {period[0].isoformat()}…"
                        f"{period[1].isoformat()}; kept, marked period_status = outside",
                        ev.locator,
                    )
                )
    rows = [
        {
            "event_id": f"{prefix}-{i:03d}",
            "title": ev.title,
            "event_type": ev.event_type,
            "component": ev.component,
            "date_start": ev.date_start,
            "date_end": ev.date_end,
            "city": ev.city,
            "country": ev.country,
            "participants": ev.participants,
            "women": ev.women,
            "date_precision": ev.precision,
            "period_status": status[id(ev)],
            "source": source,
            "locator": ev.locator,
        }
        for i, ev in enumerate(kept, start=1)
    ]
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["participants"] = frame["participants"].astype("Int64")
    frame["women"] = frame["women"].astype("Int64")
    return frame


def _narrowed(text: str, period: tuple[date, date] | None) -> tuple[date | None, date | None, str]:
    """What can be known of a date that cannot be read exactly: the month when the text names
    exactly one month and a year; else the card's reporting half-year (the days after the
    previous monitoring date up to the current one); else the one year printed."""
    months = {
        MONTH_NAMES[w.casefold()]
        for w in re.findall(r"[^\W\d_]+", text)
        if w.casefold() in MONTH_NAMES
    }
    years = {int(y) for y in _YEAR.findall(text)}
    if len(months) == 1 and len(years) == 1:
        month, year = months.pop(), years.pop()
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    if period:
        return period[0] + timedelta(days=1), period[1], "period"
    if len(years) == 1:
        year = years.pop()
        return date(year, 1, 1), date(year, 12, 31), "year"
    return None, None, "period"


def _span(start: date | None, end: date | None, precision: str) -> str:
    if start is None:
        return "no date (the card has no reporting period)"
    return f"{start.isoformat()}…{end.isoformat()}" if end else start.isoformat()


def _neighbour_year(
    d, dates, prev: _Event | None, continuation: bool, default: int | None
) -> int | None:
    """Year for a date printed without one: the event before it in the same sentence, else the
    next date in the text that prints a year, else the card's current year."""
    if _YEAR.search(d.text):
        return None
    if continuation and prev is not None and prev.date_start:
        return prev.date_start.year
    for other in dates:
        if other.start > d.start:
            y = _YEAR.search(other.text)
            if y and other.start - d.end < 200:
                return int(y.group(0))
            break
    return default


_LEAD_VERB = re.compile(rf"^[{_UP}][{_LOW}]+(?:но|то)\s+(?:проведення\s*:?\s*)?")


def _fallback_title(segment: str) -> str:
    """A short title when nothing is quoted: the words after the opening verb ("Проведено",
    "Підтримано проведення:") up to the first comma, colon, date, parenthesis or "для"
    (≤ 100 chars)."""
    s = _LEAD_VERB.sub("", segment.strip())
    cut = re.search(r",|\(|\s\d{1,2}[\s-]|:|\sдля\s", s)  # not the audience ("для …")
    s = s[: cut.start()] if cut else s
    s = " ".join(s.split()).strip(" .;:–-")
    if len(s) > 100:
        s = s[:100].rsplit(" ", 1)[0] + "…"
    return s[:1].upper() + s[1:]


def _bare_place(segment: str, seg_start: int, seg_dates: list) -> tuple[str | None, str | None]:
    """A place printed without "м." right after the date: "12-13 липня 2018 р., Запоріжжя (…"."""
    if not seg_dates:
        return None, None
    tail = segment[seg_dates[-1].end - seg_start :]
    m = re.match(
        rf"[\s,.;]*(?:в\s+|у\s+)?(?P<name>{_PLACE_WORD}(?:\s{_PLACE_WORD})?)[\s,(]*$", tail
    )
    if not m:
        return None, None
    name = m.group("name")
    for cand in (name, name.split()[0]):
        key = _city_key(cand)
        if key:
            return key, cand
    return None, None


def _drop_duplicates(events: list[_Event], text: str, findings: list[Finding]) -> list[_Event]:
    kept: list[_Event] = []
    seen: dict[tuple, _Event] = {}
    for ev in events:
        key = (
            ev.event_type,
            ev.date_start,
            ev.date_end,
            ev.city,
            ev.participants,
            re.sub(r"\W+", " ", ev.title.casefold()).strip() if ev.title_own else None,
        )
        if ev.date_start is not None and key in seen:
            first = seen[key]
            findings.append(
                Finding(
                    "duplicate_event",
                    "warning",
                    f"same event printed twice ({ev.participants} participants, "
                    f"{ev.date_start.isoformat()}); kept once, at {first.locator.split(':')[0]}",
                    ev.locator,
                )
            )
            continue
        seen[key] = ev
        kept.append(ev)
    return kept
