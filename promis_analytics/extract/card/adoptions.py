"""Participant totals that are not one event, and "у N містах …" adoption statements."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from promis_analytics.extract.card.patterns import (
    ABBREVIATIONS,
    ADOPTION_COLUMNS,
    AGGREGATE_COLUMNS,
    AGGREGATES,
    DASH_STATEMENT,
    HEAD,
    LIST_SPLIT,
    OBLAST_PREFIX,
    SENTENCE_END,
    STATEMENT,
    STATEMENT_COLUMNS,
)
from promis_analytics.extract.card.places import city_key, place_finding
from promis_analytics.extract.card.structure import loc
from promis_analytics.extract.card_vocab import first_in_table, vocabulary
from promis_analytics.extract.findings import Finding
from promis_analytics.parsing import parse_number


# --- aggregates -----------------------------------------------------------------------------
def read_aggregates(text: str, source: str) -> pd.DataFrame:
    """Participant totals printed for several events («всього … N учасників»), each with the
    start of the sentence it refers to."""
    rows: list[dict[str, Any]] = []
    for pattern in AGGREGATES:
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
                    "locator": loc(text, m.start()),
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
    for m in SENTENCE_END.finditer(text, max(0, pos - 600), pos):
        if m.group("word").lower() not in ABBREVIATIONS:
            start = m.end()
    for m in HEAD.finditer(text, start, pos):
        start = m.start()
    end = len(text)
    for m in SENTENCE_END.finditer(text, pos):
        if m.group("word").lower() not in ABBREVIATIONS:
            end = m.end() - len(m.group(0)) + len(m.group("word")) + 1
            break
    return start, end


def _noun(m: re.Match[str]) -> str:
    """The counted noun of a statement ("містах", "регіонах"), lower case; "міст" for "– N (…)"."""
    noun = (m.group("noun") or "").strip().lower()
    return noun or ("міст" if m.re is DASH_STATEMENT else "")


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
    items = OBLAST_PREFIX.sub(" ", items)
    return [p.strip(" .;") for p in LIST_SPLIT.split(items) if p.strip(" .;")]


def read_adoptions(
    text: str, period: tuple[date, date] | None, source: str, findings: list[Finding]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """«у N містах …» statements (instrument, status, printed and listed counts, cities) and
    the adoption rows they give (one per listed city and instrument; «adopted» wins over «in
    progress»)."""
    statements = []
    for m in _statement_figures(text):
        s_start, s_end = _sentence_bounds(text, m.start())
        listed = _listed_cities(text, m, s_end)
        if not listed:
            _note_unlisted(text, m, s_start, findings)
            continue
        statements.append(_statement(text, m, listed, (s_start, s_end), source, findings))
    stmt_frame = pd.DataFrame(
        [{k: v for k, v in s.items() if k != "_keys"} for s in statements],
        columns=list(STATEMENT_COLUMNS),
    )
    rows = _adoption_rows(statements, period[1] if period else None, source)
    adopt_frame = pd.DataFrame(rows, columns=[*ADOPTION_COLUMNS, "printed_n"])
    return stmt_frame, adopt_frame


def _statement_figures(text: str) -> list[re.Match[str]]:
    """The figures of «N міст» statements and of «– N (…)» figures, in reading order; a dashed
    figure is a statement unless it is a participant total or the N of a statement found."""
    plain = list(STATEMENT.finditer(text))
    starts = {m.start("n") for m in plain}
    totals = [a.span("n") for p in AGGREGATES for a in p.finditer(text)]
    dashed = [
        m
        for m in DASH_STATEMENT.finditer(text)
        if m.start("n") not in starts and not any(a <= m.start("n") < b for a, b in totals)
    ]
    return sorted([*plain, *dashed], key=lambda m: m.start())


def _listed_cities(text: str, m: re.Match[str], s_end: int) -> list[str] | None:
    """The places a statement lists: after a colon, in a parenthesis that names mostly known
    places, or inside the parenthesis the figure opens («(3 міста: A, B, C)»); None when
    none (a one-item list must name a known place)."""
    rest = text[m.end() : s_end]
    listed: list[str] | None = None
    lm = re.match(r"\s*:\s*(?P<l>[^.;()]+)", rest)
    if lm:
        listed = _split_list(lm.group("l"))
    else:
        for pm in re.finditer(r"\((?:\d+\s+міст\w*:\s*)?(?P<l>[^()]+)\)", rest):
            cand = _split_list(pm.group("l"))
            if cand and sum(city_key(c) is not None for c in cand) >= max(1, len(cand) - 1):
                listed = cand
                break
    if m.start() > 0 and text[m.start() - 1] == "(":
        # "(3 міста: A, B, C)": the list follows the colon inside the parenthesis
        inner = re.match(r"[^:)]*:\s*(?P<l>[^)]+)\)", text[m.start() :])
        if inner:
            listed = _split_list(inner.group("l"))
    if listed and len(listed) == 1 and city_key(listed[0]) is None:
        return None
    return listed


def _note_unlisted(text: str, m: re.Match[str], s_start: int, findings: list[Finding]) -> None:
    """A note for «instrument in N cities» whose cities are not named: only an instrument
    named before the figure counts (without a list the statement has no end, and the text
    after it may already be the next cell)."""
    instrument = _instrument(text[s_start : m.start()], m.start() - s_start)
    if instrument and _noun(m).startswith("міст"):
        findings.append(
            Finding(
                "cities_not_listed",
                "note",
                f"{instrument} in {m.group('n')} cities, but the cities are not named; "
                "no adoption rows written",
                loc(text, m.start()),
            )
        )


def _statement(
    text: str,
    m: re.Match[str],
    listed: list[str],
    bounds: tuple[int, int],
    source: str,
    findings: list[Finding],
) -> dict[str, Any]:
    """One statement row (``_keys``: the city key of each listed place, None if unknown);
    findings for unknown places, a printed count other than the list's length, and a list
    of cities without an instrument in the vocabulary."""
    s_start, s_end = bounds
    printed_n = int(parse_number(m.group("n")))
    sentence = text[s_start:s_end]
    instrument = _instrument(sentence, m.start() - s_start)
    keys = []
    for item in listed:
        key = city_key(item)
        if key is None:
            findings.append(place_finding(item, loc(text, m.start()), "list item"))
        keys.append(key)
    locator = loc(text, m.start())
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
    return {
        "instrument": instrument,
        "status": first_in_table("status", sentence) or "adopted",
        "printed_n": printed_n,
        "listed_n": len(listed),
        "cities": ";".join(k or f"?{i}" for k, i in zip(keys, listed, strict=True)),
        "source": source,
        "locator": locator,
        "_keys": keys,
    }


def _adoption_rows(
    statements: list[dict[str, Any]], as_of: date | None, source: str
) -> list[dict[str, Any]]:
    """One row per (city, instrument) of the statements with an instrument; a later
    «adopted» replaces an «in progress»."""
    adoptions: dict[tuple[str, str], dict[str, Any]] = {}
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
    return list(adoptions.values())
