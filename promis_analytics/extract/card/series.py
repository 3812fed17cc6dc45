"""Numbers of people printed outside an event's own figure: a course or series of sessions, a
training held in several places — one event each — or a finding that says why not counted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from promis_analytics.extract.card.events import (
    Event,
    dates_text,
    fallback_title,
    narrowed_dates,
    printed_sessions,
)
from promis_analytics.extract.card.patterns import PLACE_WORD, QUOTED
from promis_analytics.extract.card.people import PeopleNumber
from promis_analytics.extract.card.places import city_key, find_places, place_finding
from promis_analytics.extract.card.sessions import coarsest, sessions_in
from promis_analytics.extract.card.structure import component_at, in_spans, loc
from promis_analytics.extract.card_vocab import first_in_table, first_row, rows
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import DateMatch

__all__ = ["Account", "people_events"]

# a place right after a date, without «м.»: «…, Вінниця;», «… в Полтаві»
_BARE = re.compile(rf"[\s,.]*(?:(?:в|у)\s+)?(?P<name>{PLACE_WORD}(?:\s{PLACE_WORD})?)")
# the region a statement names: «двох областей», «в п’яти областях», «у 4-х регіонах»
_REGIONS = re.compile(
    r"(?:[\w’'-]+(?:,\s*|\s+(?:та|і|й)\s+))*[\w’'-]+\s+(?:област(?:ей|ях|і)|регіон(?:ів|ах))",
    re.IGNORECASE,
)


@dataclass
class Account:
    """Where a printed number of people went when it is no event's own figure: the event it
    makes, or the finding that says why it is not counted. ``number`` is None for an event
    printed with people but no number («взяли участь представники»); ``at`` is its offset."""

    number: PeopleNumber | None
    at: int
    phrase: str
    event: Event | None = None
    finding: Finding | None = None


@dataclass(frozen=True)
class Card:
    text: str
    protected: list[tuple[int, int]]
    bounds: list[int]
    dates: list[DateMatch]
    sections: list[tuple[int, str]]
    period: tuple[date, date] | None
    numbers: tuple[PeopleNumber, ...] = ()


def people_events(
    card: Card,
    numbers: list[PeopleNumber],
    figures: list[Event],
    findings: list[Finding],
    reported: Callable[[int], bool],
) -> tuple[list[Event], list[Account]]:
    """Events and accounts for every number of ``numbers`` that is no part of a figure event
    (its own number, its women, its breakdown «(10 представників: 8 – …)»), in the results.

    Rules, in order (``_why_not``): the sum of the figures just before it → a finding; a
    not-participants noun (members, consultants …, ``card_people.csv``) or a statement about
    plans or a body meeting repeatedly (``card_people_context.csv``) → a finding with the
    table's reason; staff with no date → a finding; no event word before
    the number (in its statement or the one before it) → a finding; else ONE event: its
    sessions are the dates printed in the statement (``sessions_in``; a printed «N сесій»
    wins), its dates span them, its places are every place marker there (several places:
    city empty, the keys in ``cities``). Statements printing an event, its date and «взяли
    участь» with no number give a ``participants_not_counted`` finding."""
    taken = _figure_parts(figures)
    events: list[Event] = []
    accounts: list[Account] = []
    for num in numbers:
        if num.n_at in taken or in_spans(num.n_at, card.protected) or not reported(num.n_at):
            continue
        account = Account(num, num.n_at, num.phrase)
        accounts.append(account)
        start, end = _item(card, num, figures)
        why = _why_not(card, num, figures, start, end)
        if why:
            account.finding = _not_counted(card.text, num, *why)
            findings.append(account.finding)
            continue
        account.event = _series_event(card, num, start, end)
        events.append(account.event)
    accounts += _uncounted(card, numbers, findings, reported)
    return events, accounts


def _why_not(
    card: Card, num: PeopleNumber, figures: list[Event], start: int, end: int
) -> tuple[str, str] | None:
    """(finding kind, reason) when ``num`` in its statement ``text[start:end]`` is not an
    event's participants; None when it is."""
    item = card.text[start:end]
    context = next(
        (r for p, r in rows("context") if r["context"] != "took_part" and p.search(item)),
        None,
    )
    summed = _sum_of_figures(card, num, figures)
    if summed:
        return "sum_of_events", f"the sum of the {len(summed)} events printed before it"
    if num.people == "not_participants":
        return num.finding, num.reason
    if context:
        return context["finding"], context["reason"]
    has_date = any(start <= d.start < end for d in card.dates)
    if num.people == "participants_if_dated" and not has_date:
        return num.finding, num.reason
    if first_in_table("event_type", card.text[start : num.n_at]) is None:
        return "people_not_event", "no event is named in the statement"
    return None


def _figure_parts(figures: list[Event]) -> set[int]:
    """Offsets of the numbers a figure event accounts for: its own, its women, and every
    number inside its parenthesis after its own (a breakdown of the same people)."""
    out: set[int] = set()
    for ev in figures:
        out.add(ev.n_at)
        if ev.women_at is not None:
            out.add(ev.women_at)
        out.update(range(ev.n_at, ev.figure_end))
    return out


def _item(card: Card, num: PeopleNumber, figures: list[Event]) -> tuple[int, int]:
    """The statement of ``num``: from the last boundary before it to the first after it,
    with the statement before it when that one names an event, has no figure or number of
    people of its own, and this one lacks what it gives — an event word before the number
    («Проведено навчання … . Загальна кількість учасників – 161: …») or any date («…: 3-4
    грудня, м. Полтава; 5-6 грудня, м. Суми. Навчання пройшли 146 представників»)."""
    start = max(b for b in card.bounds if b <= num.start)
    end = min((b for b in card.bounds if b > num.end), default=len(card.text))
    before = [b for b in card.bounds if b < start]
    if not before:
        return start, end
    prev = before[-1]
    named = first_in_table("event_type", card.text[start : num.n_at]) is not None
    dated = any(start <= d.start < end for d in card.dates)
    prev_dated = any(prev <= d.start < start for d in card.dates)
    if named and (dated or not prev_dated):
        return start, end
    own_figure = any(prev <= ev.n_at < start for ev in figures)
    own_number = any(prev <= n.n_at < start for n in card.numbers)
    if not own_figure and not own_number and first_in_table("event_type", card.text[prev:start]):
        start = prev
    return start, end


def _sum_of_figures(card: Card, num: PeopleNumber, figures: list[Event]) -> list[Event]:
    """The figure events whose participants ``num`` adds up («… (20), … (21), … (15).
    Загальна кількість учасників – 56»): two or more figures in its statement or the one
    before it, summing to it; else []."""
    start = max(b for b in card.bounds if b <= num.start)
    prev = max((b for b in card.bounds if b < start), default=start)
    near = [ev for ev in figures if prev <= ev.n_at < num.n_at]
    total = sum(ev.participants for ev in near)
    return near if len(near) > 1 and total == num.n else []


def _not_counted(text: str, num: PeopleNumber, kind: str, reason: str) -> Finding:
    return Finding(
        kind,
        "note",
        f"«{num.phrase}» is not counted as event participants: {reason}",
        loc(text, num.start),
    )


def _series_event(card: Card, num: PeopleNumber, start: int, end: int) -> Event:
    """ONE event for the people number ``num`` of the statement ``text[start:end]``."""
    text = card.text
    head = text[start : num.n_at]
    item = text[start:end]
    locator = loc(text, start)
    default_year = card.period[1].year if card.period else None
    sessions, own = sessions_in(text, card.dates, start, end, default_year)
    printed = printed_sessions(item)
    dstart: date | None
    dend: date | None
    if sessions:
        dstart = min(s.start for s in sessions)
        dend = max(s.end for s in sessions)
        precision = coarsest([s.precision for s in sessions])
    else:
        dstart, dend, precision = narrowed_dates("", card.period)
        own.append(
            Finding(
                "no_date",
                "warning",
                f"«{num.phrase}» has no date; kept with {dates_text(dstart, dend, precision)}",
                locator,
            )
        )
    if printed and len(sessions) > 1 and printed != len(sessions):
        own.append(
            Finding(
                "count_mismatch",
                "warning",
                f"{printed} sessions printed, {len(sessions)} dated sessions listed; "
                f"sessions = {printed} (as printed)",
                locator,
            )
        )
    city, cities, country = _where(card, num, start, end, item, locator, own)
    quoted = [q.group("t").strip() for q in QUOTED.finditer(head)]
    title = quoted[0] if quoted else fallback_title(head, keep_audience=True)
    return Event(
        start=start,
        title=title,
        title_own=bool(quoted),
        event_type=first_in_table("event_type", head) or "other",
        component=component_at(start, card.sections),
        date_start=dstart,
        date_end=dend,
        date_text=None,
        precision=precision if dstart else None,
        city=city,
        place_printed=None,
        country=country,
        participants=num.n,
        women=None,
        locator=locator,
        n_at=num.n_at,
        figure_end=num.end,
        sessions=printed or (len(sessions) if len(sessions) > 1 else None),
        cities=cities,
        findings=own,
    )


def _where(
    card: Card,
    num: PeopleNumber,
    start: int,
    end: int,
    item: str,
    locator: str,
    own: list[Finding],
) -> tuple[str | None, tuple[str, ...], str | None]:
    """(city, cities, country) of a statement: one place → city; several → cities (the
    participants are one total, not split by place); a place that does not resolve → a
    finding; none → a ``no_place`` finding."""
    found = find_places(item, start, card.protected) or _after_dates(card, start, end)
    keys = list(dict.fromkeys(k for k, _ in found if k))
    for key, printed in found:
        if key is None:
            own.append(place_finding(printed, locator, "place"))
    country = first_in_table("country", item)
    if country:
        return None, (), country
    if len(keys) == 1:
        return keys[0], (), None
    regions = _REGIONS.search(item)
    said = f"; the card says «{regions.group(0)}»" if regions else ""
    if not keys:
        message = f"«{num.phrase}» with no place named{said}; city left empty"
        own.append(Finding("no_place", "warning", message, locator))
        return None, (), None
    own.append(
        Finding(
            "several_places",
            "note",
            f"{num.n} participants over {len(keys)} places ({', '.join(keys)}) in "
            f"{_oblasts(keys)} oblasts as one total{said}: city left empty, the places kept "
            "in cities",
            locator,
        )
    )
    return None, tuple(keys), None


def _after_dates(card: Card, start: int, end: int) -> list[tuple[str | None, str]]:
    """Places printed without «м.» right after a session's date: «3-4 грудня 2018 р.,
    Вінниця; 5-6 грудня 2018 р., Полтава» (names that are no known place are skipped)."""
    found: list[tuple[str | None, str]] = []
    dates = [d for d in card.dates if start <= d.start < end]
    for i, d in enumerate(dates):
        tail = card.text[d.end : dates[i + 1].start if i + 1 < len(dates) else end]
        m = _BARE.match(tail)
        if m:
            name = m.group("name")
            for cand in (name, name.split()[0]):
                key = city_key(cand)
                if key:
                    found.append((key, cand))
                    break
    return found


def _oblasts(keys: list[str]) -> int:
    """How many oblasts the places ``keys`` lie in."""
    from promis_analytics.reference import city

    return len({city(k).oblast_en or k for k in keys})


def _uncounted(
    card: Card,
    numbers: list[PeopleNumber],
    findings: list[Finding],
    reported: Callable[[int], bool],
) -> list[Account]:
    """A ``participants_not_counted`` finding per statement that names an event, prints a
    date and says people took part («взяли участь представники …») with no number."""
    out: list[Account] = []
    ends = [*card.bounds[1:], len(card.text)]
    for start, end in zip(card.bounds, ends, strict=True):
        statement = card.text[start:end]
        took = next(
            (p.search(statement) for p, r in rows("context") if r["context"] == "took_part"),
            None,
        )
        if took is None or not reported(start) or in_spans(start + took.start(), card.protected):
            continue
        if any(start <= n.n_at < end for n in numbers):
            continue
        if first_in_table("event_type", statement) is None:
            continue
        if not any(start <= d.start < end for d in card.dates):
            continue
        row = first_row("context", took.group(0))
        assert row is not None
        after = re.split(r"[.;)]", statement[took.start() : took.end() + 60])[0]
        phrase = " ".join(after.split())
        finding = Finding(
            row["finding"],
            "warning",
            f"«{phrase}»: {row['reason']}",
            loc(card.text, start),
        )
        findings.append(finding)
        out.append(Account(None, start + took.start(), phrase, finding=finding))
    return out
