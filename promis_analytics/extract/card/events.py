"""Events: every participant figure of the card with its title, type, dates and place."""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from promis_analytics.errors import ParseError
from promis_analytics.extract.card.patterns import (
    COUNT,
    LOW,
    PLACE_WORD,
    QUOTED,
    UP,
    YEAR,
)
from promis_analytics.extract.card.places import city_key, last_place, place_finding
from promis_analytics.extract.card.sessions import coarsest, sessions_in
from promis_analytics.extract.card.structure import component_at, in_spans, loc, statement_starts
from promis_analytics.extract.card_vocab import first_in_table, rows
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import (
    MONTH_NAMES,
    DateMatch,
    date_precision,
    find_dates,
    parse_date_range,
    parse_number,
)


# --- events ---------------------------------------------------------------------------------
@dataclass
class Event:
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
    n_at: int = -1  # offset of the printed number of participants
    figure_end: int = -1  # end of the figure's parenthesis («(10 представників: 8 – …)»)
    women_at: int | None = None
    sessions: int | None = None
    cities: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    event_id: str | None = None  # set when the event is registered
    duplicate_of: Event | None = None


def figure_events(
    text: str,
    protected: list[tuple[int, int]],
    sections: list[tuple[int, str]],
    period: tuple[date, date] | None,
    reported: Callable[[int], bool] = lambda _: True,
) -> list[Event]:
    """One event per participant figure ("(25 учасників)") that ``reported`` accepts (on the
    official form: figures in the results column, not the planned work), in reading order.
    An event whose date cannot be read exactly is kept with the dates that can be known
    (``narrowed_dates``) and ``date_precision`` saying how exact they are; each event carries its
    own findings (the caller keeps them with the events it keeps)."""
    bounds = statement_starts(text, protected)
    dates = [d for d in find_dates(text) if not in_spans(d.start, protected)]
    card = _CardDates(dates, [d.start for d in dates], period[1].year if period else None, period)
    events: list[Event] = []
    prev_end = 0
    prev: Event | None = None
    for cm in COUNT.finditer(text):
        if in_spans(cm.start(), protected) or not reported(cm.start()):
            continue
        own: list[Finding] = []  # this event's findings, kept only if the event is kept
        count_at = cm.start("n")
        # the statement this figure belongs to starts at the last boundary before it, but
        # never before the previous figure (several events can share one sentence)
        last_bound = bounds[bisect.bisect_right(bounds, cm.start()) - 1]
        continuation = prev is not None and last_bound <= prev_end
        seg_start = max(last_bound, prev_end)
        segment = text[seg_start:count_at]
        seg_start += len(segment) - len(segment.lstrip(" ,;.)–-:"))
        segment = text[seg_start:count_at]
        locator = loc(text, seg_start)
        event_type, title, title_own = _type_and_title(segment, prev if continuation else None)
        seg_dates = card.between(seg_start, count_at)
        dstart, dend, dtext, precision = _figure_dates(
            text, seg_dates, card, prev if continuation else None, locator, own
        )
        # a course or series printed with one figure: one event over all its dated sessions
        sessions = printed_sessions(segment)
        if is_series(segment, sessions):
            listed, bad = sessions_in(text, seg_dates, seg_start, count_at, card.default_year)
            own.extend(bad)
            if len(listed) > 1:
                dstart, dend = min(x.start for x in listed), max(x.end for x in listed)
                precision = coarsest([x.precision for x in listed])
                sessions = sessions or len(listed)
        city, printed, country = _figure_place(segment, seg_start, seg_dates, protected)
        _note_place(city, printed, country, cm.group("n"), locator, own)
        n, women = _people(cm)
        ev = Event(
            start=seg_start,
            title=title,
            title_own=title_own,
            event_type=event_type or "other",
            component=component_at(seg_start, sections),
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
            n_at=count_at,
            figure_end=_figure_end(text, cm.end()),
            women_at=cm.start("women") if cm.group("women") else None,
            sessions=sessions,
            findings=own,
        )
        if event_type is None:
            own.append(
                Finding("unknown_event_type", "note", "no event word found; type 'other'", locator)
            )
        events.append(ev)
        prev, prev_end = ev, cm.end()
    return events


@dataclass(frozen=True)
class _CardDates:
    """The dates printed in a card outside quoted titles, their offsets (text order), the
    year a date without one defaults to, and the card's reporting period."""

    found: list[DateMatch]
    starts: list[int]
    default_year: int | None
    period: tuple[date, date] | None

    def between(self, start: int, end: int) -> list[DateMatch]:
        """The dates starting in ``[start, end)`` (by bisection)."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return self.found[lo:hi]


def _type_and_title(segment: str, before: Event | None) -> tuple[str | None, str, bool]:
    """Event type, title and whether the title is the event's own: from the segment, else
    from ``before``, the event before it in the same sentence («Проведено 3 тренінги «…»:
    date, place (N), date, place (N)»). The first row of the vocabulary table that occurs
    decides (засідання Круглого столу is a round table, not a meeting)."""
    found_type = first_in_table("event_type", segment)
    quoted = list(QUOTED.finditer(segment))
    event_type = found_type
    title = quoted[0].group("t").strip() if quoted else ""
    title_own = bool(title)
    if before is not None and not found_type and not quoted:
        event_type, title, title_own = before.event_type, before.title, False
    if not title:
        title = fallback_title(segment)
    return event_type, title, title_own


def _figure_dates(
    text: str,
    seg_dates: list[DateMatch],
    card: _CardDates,
    before: Event | None,
    locator: str,
    own: list[Finding],
) -> tuple[date | None, date | None, str | None, str]:
    """(start, end, text, precision) of a figure: the last date printed in its segment, the
    year from a neighbour when missing; what can be known when none is readable (findings
    into ``own``)."""
    if not seg_dates:
        dstart, dend, precision = narrowed_dates("", card.period)
        kept = dates_text(dstart, dend, precision)
        why = f"participant figure with no date; kept with {kept}"
        own.append(Finding("no_date", "warning", why, locator))
        return dstart, dend, None, precision
    d = seg_dates[-1]
    year = _neighbour_year(d, card.found, before, before is not None, card.default_year)
    try:
        dstart, dend = parse_date_range(d.text, default_year=year)
    except ParseError:
        dstart, dend, precision = narrowed_dates(d.text, card.period)
        own.append(
            Finding(
                "unreadable_date",
                "error",
                f"date {d.text!r} cannot be read exactly; the event is kept with "
                f"{dates_text(dstart, dend, precision)} (date_precision {precision})",
                loc(text, d.start),
            )
        )
    else:
        precision = date_precision(d.text)
    if dstart and not YEAR.search(d.text):
        own.append(
            Finding(
                "year_inherited",
                "note",
                f"date {d.text!r} has no year; {year} taken from the neighbouring date",
                loc(text, d.start),
            )
        )
    return dstart, dend, d.text, precision


def _people(cm: re.Match[str]) -> tuple[int, int | None]:
    """Participants and women of a figure; «учасниць» is the feminine plural: all women."""
    n = int(parse_number(cm.group("n")))
    women = int(parse_number(cm.group("women"))) if cm.group("women") else None
    if women is None and cm.group("noun").lower().startswith("учасниц"):
        women = n
    return n, women


def _note_place(
    city: str | None,
    printed: str | None,
    country: str | None,
    n: str,
    locator: str,
    own: list[Finding],
) -> None:
    """A finding for a printed place the reference does not know, or for a figure of ``n``
    participants with no place (none for a trip abroad)."""
    if country:
        return
    if printed and city is None:
        own.append(place_finding(printed, locator, "place"))
    elif printed is None:
        why = f"{int(n)} participants reported with no place; city left empty"
        own.append(Finding("no_place", "warning", why, locator))


def _figure_place(
    segment: str, seg_start: int, seg_dates: list[DateMatch], protected: list[tuple[int, int]]
) -> tuple[str | None, str | None, str | None]:
    """(city key, place as printed, country) of a figure; a trip abroad keeps the foreign
    place in ``country`` only."""
    city, printed = last_place(segment, seg_start, protected)
    if city is None and printed is None:
        city, printed = _bare_place(segment, seg_start, seg_dates)
    country = first_in_table("country", segment)
    if country:
        city = None
    return city, printed, country


def narrowed_dates(
    text: str, period: tuple[date, date] | None
) -> tuple[date | None, date | None, str]:
    """What can be known of a date that cannot be read exactly: the month when the text names
    exactly one month and a year; else the card's reporting half-year; else the one year
    printed."""
    months = {
        MONTH_NAMES[w.casefold()]
        for w in re.findall(r"[^\W\d_]+", text)
        if w.casefold() in MONTH_NAMES
    }
    years = {int(y) for y in YEAR.findall(text)}
    if len(months) == 1 and len(years) == 1:
        month, year = months.pop(), years.pop()
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    if period:
        return period[0], period[1], "period"
    if len(years) == 1:
        year = years.pop()
        return date(year, 1, 1), date(year, 12, 31), "year"
    return None, None, "period"


def dates_text(start: date | None, end: date | None, precision: str) -> str:
    if start is None:
        return "no date (the card has no reporting period)"
    return f"{start.isoformat()}…{end.isoformat()}" if end else start.isoformat()


def _neighbour_year(
    d, dates, prev: Event | None, continuation: bool, default: int | None
) -> int | None:
    """Year for a date printed without one: the event before it in the same sentence, else the
    next date in the text that prints a year, else the card's current year."""
    if YEAR.search(d.text):
        return None
    if continuation and prev is not None and prev.date_start:
        return prev.date_start.year
    for other in dates:
        if other.start > d.start:
            y = YEAR.search(other.text)
            if y and other.start - d.end < 200:
                return int(y.group(0))
            break
    return default


_LEAD_VERB = re.compile(rf"^[{UP}][{LOW}]+(?:но|то)\s+(?:проведення\s*:?\s*)?")


def fallback_title(segment: str, keep_audience: bool = False) -> str:
    """A short title when nothing is quoted: the words after the opening verb ("Проведено",
    "Підтримано проведення:") up to the first comma, colon, date, parenthesis and "для"
    (``keep_audience``: the sentence end instead of "для") (≤ 100 chars)."""
    s = _LEAD_VERB.sub("", segment.strip())
    # not the audience ("для …"), or with it up to the sentence end
    extra = r"|\.\s" if keep_audience else r"|\sдля\s"
    cut = re.search(r",|\(|\s\d{1,2}[\s-]|:" + extra, s)
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
    m = re.match(rf"[\s,.;]*(?:в\s+|у\s+)?(?P<name>{PLACE_WORD}(?:\s{PLACE_WORD})?)[\s,(]*$", tail)
    if not m:
        return None, None
    name = m.group("name")
    for cand in (name, name.split()[0]):
        key = city_key(cand)
        if key:
            return key, cand
    return None, None


def _figure_end(text: str, after: int) -> int:
    """End of the parenthesis a participant figure stands in (its breakdown «: 8 – …» is
    inside), else ``after``: the closing «)» within 200 characters with no «(» before it."""
    close = text.find(")", after, after + 200)
    opening = text.find("(", after, close) if close != -1 else -1
    return close + 1 if close != -1 and opening == -1 else after


def is_series(segment: str, printed: int | None) -> bool:
    """Whether a statement reports a course or series (a ``series`` word of
    ``card_sessions.csv`` outside «…», or a printed number of sessions)."""
    return printed is not None or first_in_table("sessions", QUOTED.sub("", segment)) == "series"


def printed_sessions(segment: str) -> int | None:
    """The number of sessions a statement prints («курс із 10 сесій», «6 занять»): the first
    ``count`` row of ``card_sessions.csv`` that occurs; None when none is printed."""
    for pattern, row in rows("sessions"):
        m = pattern.search(segment) if row["sessions"] == "count" else None
        if m:
            return int(m.group("n"))
    return None
