"""Read a semi-annual monitoring card into events, aggregates, adoptions and findings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from promis_analytics.errors import AmbiguousPlaceError, ParseError, UnknownPlaceError
from promis_analytics.extract.card_vocab import first_in_table, vocabulary
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import find_dates, parse_date, parse_date_range, parse_number

__all__ = ["ADOPTION_COLUMNS", "EVENT_COLUMNS", "CardExtract", "monitoring_card"]

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "title", "event_type", "component", "date_start", "date_end",
    "city", "country", "participants", "women", "source", "locator",
)  # fmt: skip
ADOPTION_COLUMNS: tuple[str, ...] = ("city", "instrument", "status", "as_of", "source", "locator")
AGGREGATE_COLUMNS: tuple[str, ...] = ("value", "unit", "refers_to", "source", "locator")
STATEMENT_COLUMNS: tuple[str, ...] = (
    "instrument", "status", "printed_n", "listed_n", "cities", "source", "locator",
)  # fmt: skip

SNIPPET = 40  # characters of source text quoted in a locator

# --- patterns over running text -------------------------------------------------------------
_UP = "А-ЯІЇЄҐA-Z"
_LOW = "а-яіїєґ’'a-z"
# a participant figure printed with an event: "(20 учасників)", ", 13 учасники)", "(25учасників)",
# "(10 представників України: …)", optionally "з них 12 жінок"
_COUNT = re.compile(
    r"(?P<lead>[(,]\s*)(?P<n>\d+)\s*(?P<noun>учасник\w*|учасниц\w*|представник\w*)"
    r"(?:[^)]{0,40}?з\s+них\s+(?P<women>\d+)\s+жін\w*)?",
    re.IGNORECASE,
)
# totals that are not one event: "загальна кількість учасників – 380", "пройшли 146 представників"
_AGGREGATES = (
    re.compile(r"[Зз]агальн\w*\s+кількість\s+учасник\w*\s*[–—-]\s*(?P<n>\d+)"),
    re.compile(r"пройшл\w*\s+(?P<n>\d+)\s+(?:представник\w*|учасник\w*|осіб)"),
)
# where a new statement starts: an impersonal past form at a capital ("Проведено", "Організовано",
# "Підтримано", "Розпочато") followed by a space, an event word opening an item ("Семінар"), or
# the end of a sentence (". X" not after an abbreviation such as "м." or "р.").
_HEAD = re.compile(rf"(?<![\w-])(?:[{_UP}][{_LOW}]{{3,}}(?:но|то)(?=\s)|Семінар\b|Тренінг\b)")
_SENTENCE_END = re.compile(rf"(?P<word>[\w)»]+)[.!?]\s+(?=[{_UP}«])")
_ABBREVIATIONS = frozenset({"м", "мм", "с", "смт", "р", "рр", "стор", "обл", "вул", "ім", "ст"})
# a place marker: "м. Вінниця", "м.Івано-Франківськ", "с. Гута", "мм Торонто-…", "смт …"
_PLACE_WORD = rf"[{_UP}][{_LOW}]*(?:-[{_UP}]?[{_LOW}]+)*"
_PLACE = re.compile(
    rf"(?<![\w])(?P<marker>мм\.?|м\.|с\.|смт\.?)\s*(?P<name>{_PLACE_WORD}(?:\s{_PLACE_WORD})?)"
)
_QUOTED = re.compile(r"«(?P<t>[^«»]*(?:«[^«»]*»[^«»]*)*)»")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_HEADING = re.compile(r"(?<!\d)(?P<code>[123][123]00)\.\s")
# "у 7 містах-партнерах Проекту: A, B", "для 3 міста-партнери Проекту: …", "(3 міста: A, B, C)",
# "В 4-х містах-партнерах (A, B, C, D)", "у 7 регіонах України … (мм. A, B)"
_STATEMENT = re.compile(
    r"(?P<n>\d+)(?:-?х|-?ти)?\s+(?P<noun>міст\w*|регіон\w*)(?:[-‑]партнер\w*)?"
    r"(?:\s+Проекту(?:\s+ПРОМІС)?)?"
)
# "стратегії сталого розвитку – 8 міст (A, B, …)", "стратегії розвитку субрегіонів – 2 (A, B)"
_DASH_STATEMENT = re.compile(r"[–—-]\s*(?P<n>\d+)(?P<noun>\s+міст\w*)?\s*(?=\()")
_LIST_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:та|і|й)\s+")
# "у Вінницькій області – A, B; в Полтавській області – C" inside a city list
_OBLAST_PREFIX = re.compile(r"(?:^|(?<=;))\s*(?:у|в)\s+[\w’'-]+\s+області\s*[–—-]\s*")
_HEADER_DATES = re.compile(r"(\d{2}\.\d{2}\.\d{4})\s+(\d{2}\.\d{2}\.\d{4})\s*$")
_REGISTRATION = re.compile(r"(?<![\d.])(\d{3,5}-\d{2})(?:\s+від\s+\d{2}\.\d{2}\.\d{4})?")


@dataclass
class CardExtract:
    """What one monitoring card says.

    ``period`` is (previous monitoring date, current monitoring date) from the header; the
    reporting half-year is the days after the first up to and including the second.
    ``events`` has the ``events`` register columns; ``aggregates`` the participant totals that
    are not one event (value, unit, refers_to, source, locator); ``adoptions`` the ``adoptions``
    register columns plus ``printed_n`` (the N printed in the statement); ``statements`` one row
    per "у N містах …" statement (instrument, status, printed_n, listed_n, cities); ``findings``
    everything a specialist should look at.
    """

    source: str
    period: tuple[date, date] | None
    registration: str | None
    project: str | None
    events: pd.DataFrame
    aggregates: pd.DataFrame
    adoptions: pd.DataFrame
    statements: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)

    @property
    def participants_total(self) -> int:
        """Sum of ``participants`` over the events (duplicates already removed)."""
        return int(self.events["participants"].sum()) if len(self.events) else 0

    def city_totals(self) -> pd.DataFrame:
        """Events and participants per city (empty city shown as ""), sorted by participants."""
        ev = self.events.assign(city=self.events["city"].fillna(""))
        out = ev.groupby("city", dropna=False).agg(
            events=("event_id", "count"), participants=("participants", "sum")
        )
        return out.reset_index().sort_values(["participants", "city"], ascending=[False, True])


# --------------------------------------------------------------------------------------------
def monitoring_card(
    path_or_text: str | Path,
    *,
    source: str = "monitoring_card_2018H2",
    event_prefix: str | None = None,
) -> CardExtract:
    """Read a monitoring card (a path to a UTF-8 text file, or the text itself).

    ``source`` is the document id written to every row; event ids are ``<prefix>-NNN`` numbered
    by position in the text (prefix defaults to ``card`` + the part of ``source`` after
    ``monitoring_card_``, lower case: ``card2018h2``). Character offsets in locators index the
    NFC-normalised text.
    """
    text = _read(path_or_text)
    prefix = event_prefix or "card" + source.removeprefix("monitoring_card_").lower()
    findings: list[Finding] = []
    period, registration, project = _header(text, findings)
    protected = _quoted_spans(text)
    sections = _sections(text, findings)
    events = _events(text, protected, sections, period, source, prefix, findings)
    aggregates = _aggregates(text, source)
    statements, adoptions = _adoptions(text, period, source, findings)
    findings.sort(key=_offset)  # reading order (stable for findings at one place)
    return CardExtract(
        source=source,
        period=period,
        registration=registration,
        project=project,
        events=events,
        aggregates=aggregates,
        adoptions=adoptions,
        statements=statements,
        findings=findings,
    )


def _offset(f: Finding) -> int:
    m = re.match(r"char (\d+)", f.locator)
    return int(m.group(1)) if m else -1


def _read(path_or_text: str | Path) -> str:
    """The card's text: a Path or an existing file name is read (UTF-8), other strings are text."""
    looks_like_path = (
        isinstance(path_or_text, str)
        and "\n" not in path_or_text
        and path_or_text.lower().endswith((".txt", ".md", ".text"))
    )
    if looks_like_path and not Path(path_or_text).is_file():
        raise FileNotFoundError(f"monitoring card not found: {path_or_text}")
    if isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and len(path_or_text) < 4096 and Path(path_or_text).is_file()
    ):
        text = Path(path_or_text).read_text(encoding="utf-8-sig")
    else:
        text = str(path_or_text)
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def _loc(text: str, start: int) -> str:
    snippet = " ".join(text[start : start + SNIPPET].split())
    return f"char {start}: {snippet}"


# --- header ---------------------------------------------------------------------------------
def _header(
    text: str, findings: list[Finding]
) -> tuple[tuple[date, date] | None, str | None, str | None]:
    """The row after the "Дата попереднього/поточного моніторингу" header line."""
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        if "поточного моніторингу" in line and i + 1 < len(lines):
            row = lines[i + 1]
            row_start = offset + len(line) + 1
            m = _HEADER_DATES.search(row)
            reg = _REGISTRATION.search(row)
            period = None
            if m:
                period = (parse_date(m.group(1)), parse_date(m.group(2)))
            else:
                findings.append(
                    Finding(
                        "no_period",
                        "error",
                        "header row lacks the previous and current monitoring dates (DD.MM.YYYY)",
                        _loc(text, row_start),
                    )
                )
            project = row[: reg.start()].strip() if reg else None
            return period, reg.group(1) if reg else None, project or None
        offset += len(line) + 1
    findings.append(
        Finding(
            "no_period",
            "error",
            "no header line naming the current monitoring date (Дата поточного моніторингу)",
            "char 0",
        )
    )
    return None, None, None


# --- structure ------------------------------------------------------------------------------
def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _sections(text: str, findings: list[Finding]) -> list[tuple[int, str]]:
    """(start offset, output code) of each output section whose body is more than its title.

    Output headings printed together as a list (each followed only by its one-sentence title,
    as in the 2018 H2 card) do not open sections: events after them get no component.
    """
    heads = list(_HEADING.finditer(text))
    sections: list[tuple[int, str]] = []
    listed_prev = False
    listed_codes: list[str] = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = text[m.end() : end].strip()
        title_only = i + 1 < len(heads) and not _SENTENCE_END.search(body.rstrip(". ") + " ")
        listed = title_only or listed_prev
        if listed:
            listed_codes.append(m.group("code"))
        else:
            sections.append((m.start(), m.group("code")))
        listed_prev = title_only
    if listed_codes:
        findings.append(
            Finding(
                "component_unknown",
                "note",
                f"output headings {', '.join(listed_codes)} are printed together as a list, "
                "not as sections; events after them are left without a component",
                _loc(text, heads[0].start()),
            )
        )
    return sections


def _component_at(pos: int, sections: list[tuple[int, str]]) -> str | None:
    code = None
    for start, c in sections:
        if start <= pos:
            code = c
    return code


def _boundaries(text: str, protected: list[tuple[int, int]]) -> list[int]:
    """Offsets where a new statement starts (sorted)."""
    out = [0]
    for m in _HEAD.finditer(text):
        if not _inside(m.start(), protected):
            out.append(m.start())
    for m in _SENTENCE_END.finditer(text):
        if m.group("word").lower() in _ABBREVIATIONS or _inside(m.end(), protected):
            continue
        out.append(m.end())
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append(i + 1)
    return sorted(set(out))


# --- places ---------------------------------------------------------------------------------
def _city_key(name: str) -> str | None:
    """The reference key of ``name``, or None when no place (curated or codifier) fits."""
    from promis_analytics.reference import normalize_city

    try:
        return normalize_city(name).key
    except UnknownPlaceError:
        return None


def _place_finding(printed: str, locator: str, what: str) -> Finding:
    """The finding for a place that did not resolve: ambiguous (with the candidates) or
    unknown (with the closest names)."""
    from promis_analytics.reference import normalize_city

    try:
        normalize_city(printed)
    except AmbiguousPlaceError as exc:
        return Finding(
            "ambiguous_place",
            "warning",
            f"{what} {printed!r} fits several places: {'; '.join(exc.candidates)}; city left empty",
            locator,
        )
    except UnknownPlaceError as exc:
        close = f" (closest: {', '.join(exc.suggestions[:3])})" if exc.suggestions else ""
        return Finding(
            "unknown_place", "warning", f"{what} {printed!r} is not a known place{close}", locator
        )
    raise AssertionError(f"{printed!r} resolves")  # pragma: no cover - callers checked it


def _place(
    segment: str, seg_start: int, protected: list[tuple[int, int]]
) -> tuple[str | None, str | None]:
    """(city key, place as printed) of the last place marker in ``segment`` outside «…»."""
    found: tuple[str | None, str | None] = (None, None)
    for m in _PLACE.finditer(segment):
        if _inside(seg_start + m.start(), protected):
            continue
        name = m.group("name")
        words = name.split()
        key = None
        # the marker says what kind of place it is: «с. Запоріжжя» is a village, not the city
        marker = "м. " if m.group("marker").startswith("м") else m.group("marker") + " "
        # try the two-word name first ("Горішні Плавні", "Кривий Ріг"), then the first word
        for cand in [name, words[0]] if len(words) > 1 else [name]:
            key = _city_key(marker + cand.strip("-"))
            if key:
                found = (key, cand)
                break
        if not key:
            found = (None, marker + (words[0] if words else name))
    return found


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
) -> pd.DataFrame:
    bounds = _boundaries(text, protected)
    dates = [d for d in find_dates(text) if not _inside(d.start, protected)]
    default_year = period[1].year if period else None
    events: list[_Event] = []
    prev_end = 0
    prev: _Event | None = None
    for cm in _COUNT.finditer(text):
        if _inside(cm.start(), protected):
            continue
        own: list[Finding] = []  # this event's findings, kept only if the event is kept
        count_at = cm.start("n")
        # the statement this figure belongs to starts at the last boundary before it, but
        # never before the previous figure (several events can share one sentence)
        last_bound = max(b for b in bounds if b <= cm.start())
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
        seg_dates = [d for d in dates if seg_start <= d.start < count_at]
        dstart = dend = None
        dtext = None
        if seg_dates:
            d = seg_dates[-1]
            dtext = d.text
            year = _neighbour_year(d, dates, prev, continuation, default_year)
            try:
                dstart, dend = parse_date_range(d.text, default_year=year)
            except ParseError as err:
                own.append(
                    Finding(
                        "unreadable_date",
                        "error",
                        f"date {d.text!r} cannot be read ({err.expected}); kept without dates",
                        _loc(text, d.start),
                    )
                )
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
            own.append(Finding("no_date", "warning", "participant figure with no date", locator))

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
    if period:
        for ev in kept:
            if ev.date_start and (ev.date_end <= period[0] or ev.date_start > period[1]):
                findings.append(
                    Finding(
                        "outside_period",
                        "warning",
                        f"event dated {ev.date_start.isoformat()}…{ev.date_end.isoformat()} lies "
                        f"outside the reporting half-year {period[0].isoformat()}…"
                        f"{period[1].isoformat()}",
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
            "source": source,
            "locator": ev.locator,
        }
        for i, ev in enumerate(kept, start=1)
    ]
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    frame["participants"] = frame["participants"].astype("Int64")
    frame["women"] = frame["women"].astype("Int64")
    return frame


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


# --- aggregates -----------------------------------------------------------------------------
def _aggregates(text: str, source: str) -> pd.DataFrame:
    rows = []
    for pattern in _AGGREGATES:
        for m in pattern.finditer(text):
            # what the total refers to: the start of the sentence it sits in
            start = _sentence_bounds(text, m.start())[0]
            refers = " ".join(text[start : m.start()].split())
            if len(refers) > 80:
                refers = refers[:80].rsplit(" ", 1)[0] + "…"
            rows.append(
                {
                    "value": int(parse_number(m.group("n"))),
                    "unit": "people",
                    "refers_to": refers,
                    "source": source,
                    "locator": _loc(text, m.start()),
                    "_at": m.start(),
                }
            )
    rows.sort(key=lambda r: r["_at"])
    frame = pd.DataFrame(rows, columns=[*AGGREGATE_COLUMNS, "_at"])
    return frame.drop(columns="_at").reset_index(drop=True)


# --- adoptions ------------------------------------------------------------------------------
def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence around ``pos`` (start: last head or sentence end)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, max(0, pos - 600), pos):
        if m.group("word").lower() not in _ABBREVIATIONS:
            start = m.end()
    for m in _HEAD.finditer(text, start, pos):
        start = m.start()
    end = len(text)
    for m in _SENTENCE_END.finditer(text, pos):
        if m.group("word").lower() not in _ABBREVIATIONS:
            end = m.end() - len(m.group(0)) + len(m.group("word")) + 1
            break
    return start, end


def _noun(m: re.Match[str]) -> str:
    """The counted noun of a statement ("містах", "регіонах"), lower case; "міст" for "– N (…)"."""
    noun = (m.group("noun") or "").strip().lower()
    return noun or ("міст" if m.re is _DASH_STATEMENT else "")


def _instrument(sentence: str, at: int) -> str | None:
    """The instrument named nearest before ``at`` in the sentence, else the first one after it."""
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    # "after" looks only a short way past the statement, and not past a ";"
    window = sentence[: at + 200].split(";", sentence[:at].count(";") + 1)
    near = ";".join(window[: sentence[:at].count(";") + 1])
    for pattern, value in vocabulary("instrument"):
        for m in pattern.finditer(near):
            if m.start() < at and (before is None or m.start() > before[0]):
                before = (m.start(), value)
            if m.start() >= at and (after is None or m.start() < after[0]):
                after = (m.start(), value)
    chosen = before or after
    return chosen[1] if chosen else None


def _split_list(items: str) -> list[str]:
    items = re.sub(r"^\s*мм?\.?\s+", "", items.strip())
    items = _OBLAST_PREFIX.sub(" ", items)
    return [p.strip(" .;") for p in _LIST_SPLIT.split(items) if p.strip(" .;")]


def _adoptions(
    text: str, period: tuple[date, date] | None, source: str, findings: list[Finding]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    statements = []
    as_of = period[1] if period else None
    plain = list(_STATEMENT.finditer(text))
    starts = {m.start("n") for m in plain}
    # a "– N (…)" figure is a statement unless it is a participant total or the N of a
    # "N міст" statement already found
    totals = [a.span("n") for p in _AGGREGATES for a in p.finditer(text)]
    dashed = [
        m
        for m in _DASH_STATEMENT.finditer(text)
        if m.start("n") not in starts and not any(a <= m.start("n") < b for a, b in totals)
    ]
    found = sorted([*plain, *dashed], key=lambda m: m.start())
    for m in found:
        s_start, s_end = _sentence_bounds(text, m.start())
        rest = text[m.end() : s_end]
        listed: list[str] | None = None
        lm = re.match(r"\s*:\s*(?P<l>[^.;()]+)", rest)
        if lm:
            listed = _split_list(lm.group("l"))
        else:
            for pm in re.finditer(r"\((?:\d+\s+міст\w*:\s*)?(?P<l>[^()]+)\)", rest):
                cand = _split_list(pm.group("l"))
                if cand and sum(_city_key(c) is not None for c in cand) >= max(1, len(cand) - 1):
                    listed = cand
                    break
        if m.start() > 0 and text[m.start() - 1] == "(":
            # "(3 міста: A, B, C)": the list follows the colon inside the parenthesis
            pm = re.match(r"[^:)]*:\s*(?P<l>[^)]+)\)", text[m.start() :])
            if pm:
                listed = _split_list(pm.group("l"))
        if listed and len(listed) == 1 and _city_key(listed[0]) is None:
            listed = None  # a one-item list must at least name a known place
        if not listed:
            # only an instrument named before the figure: without a list there is no end to
            # the statement, and the text after it may already be the next cell
            instrument = _instrument(text[s_start : m.start()], m.start() - s_start)
            if instrument and _noun(m).startswith("міст"):
                findings.append(
                    Finding(
                        "cities_not_listed",
                        "note",
                        f"{instrument} in {m.group('n')} cities, but the cities are not named; "
                        "no adoption rows written",
                        _loc(text, m.start()),
                    )
                )
            continue
        printed_n = int(parse_number(m.group("n")))
        sentence = text[s_start:s_end]
        instrument = _instrument(sentence, m.start() - s_start)
        status = first_in_table("status", sentence) or "adopted"
        keys = []
        for item in listed:
            key = _city_key(item)
            if key is None:
                findings.append(_place_finding(item, _loc(text, m.start()), "list item"))
            keys.append(key)
        locator = _loc(text, m.start())
        if printed_n != len(listed):
            findings.append(
                Finding(
                    "count_mismatch",
                    "error",
                    f"printed {printed_n} {_noun(m) or 'items'}, but {len(listed)} names "
                    "are listed: " + ", ".join(listed),
                    locator,
                )
            )
        if instrument is None and _noun(m).startswith("міст"):
            findings.append(
                Finding(
                    "unmapped_statement",
                    "note",
                    f"list of {len(listed)} cities with no instrument in the vocabulary; "
                    "no adoption rows written",
                    locator,
                )
            )
        statements.append(
            {
                "instrument": instrument,
                "status": status,
                "printed_n": printed_n,
                "listed_n": len(listed),
                "cities": ";".join(k or f"?{i}" for k, i in zip(keys, listed, strict=True)),
                "source": source,
                "locator": locator,
                "_keys": keys,
            }
        )
    adoptions: dict[tuple[str, str], dict] = {}
    for st in statements:
        if not st["instrument"]:
            continue
        for key in st["_keys"]:
            if key is None:
                continue
            row = {
                "city": key,
                "instrument": st["instrument"],
                "status": st["status"],
                "as_of": as_of,
                "source": source,
                "locator": st["locator"],
                "printed_n": st["printed_n"],
            }
            old = adoptions.get((key, st["instrument"]))
            if old is None or (old["status"] == "in_progress" and st["status"] == "adopted"):
                adoptions[(key, st["instrument"])] = row
    stmt_frame = pd.DataFrame(
        [{k: v for k, v in s.items() if k != "_keys"} for s in statements],
        columns=list(STATEMENT_COLUMNS),
    )
    adopt_frame = pd.DataFrame(list(adoptions.values()), columns=[*ADOPTION_COLUMNS, "printed_n"])
    return stmt_frame, adopt_frame
