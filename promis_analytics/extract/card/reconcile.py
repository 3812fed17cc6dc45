"""Where every number of people a card prints went: an event, part of one, or a finding."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from promis_analytics.extract.card.events import Event
from promis_analytics.extract.card.people import PeopleNumber
from promis_analytics.extract.card.series import Account
from promis_analytics.extract.card.structure import in_spans, loc
from promis_analytics.extract.findings import Finding

__all__ = ["RECONCILIATION_COLUMNS", "VERDICTS"]

#: columns of ``CardExtract.people``
RECONCILIATION_COLUMNS: tuple[str, ...] = (
    "number", "people", "line", "char", "verdict", "event_id", "finding_no", "finding_kind",
    "reason", "source", "locator",
)  # fmt: skip
#: what became of a number of people (``unaccounted`` means the reader missed it: a bug)
VERDICTS: dict[str, str] = {
    "event": "the participants of an event of the register",
    "event_part": "part of an event's participants (its women, or a breakdown of its total)",
    "duplicate": "the same event printed again; counted once",
    "finding": "not counted as event participants; the finding says why",
    "quoted": "inside a quoted title, not a count",
    "other_column": "in a column of the official form other than the half-year's results",
    "unaccounted": "not accounted for",
}


def reconcile_people(
    text: str,
    numbers: list[PeopleNumber],
    events: list[Event],
    accounts: list[Account],
    findings: list[Finding],
    reported: Callable[[int], bool],
    protected: list[tuple[int, int]],
    source: str,
) -> pd.DataFrame:
    """One row per number of people of ``numbers`` (``events``: every event read, those
    dropped as duplicates included) (and per event printed with people but no
    number), in reading order: ``line`` (1-based line of the text), ``char`` (offset of the
    number), ``verdict`` (a key of ``VERDICTS``), the ``event_id`` it went to, or the
    ``finding_no`` (1-based position in ``findings``) and ``finding_kind``, and the ``reason``.
    ``findings`` must be in their final order."""
    by_at = {a.at: a for a in accounts}
    position = {id(f): i for i, f in enumerate(findings, start=1)}
    rows = []
    for at in sorted({n.n_at for n in numbers} | set(by_at)):
        num = next((n for n in numbers if n.n_at == at), None)
        row = _verdict(at, num, events, by_at.get(at), position, reported, protected)
        rows.append(
            {
                "number": num.n if num else None,
                "people": num.phrase if num else by_at[at].phrase,
                "line": text.count("\n", 0, at) + 1,
                "char": at,
                **row,
                "source": source,
                "locator": loc(text, num.start if num else at),
            }
        )
    frame = pd.DataFrame(rows, columns=list(RECONCILIATION_COLUMNS))
    for col in ("number", "finding_no"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _verdict(
    at: int,
    num: PeopleNumber | None,
    events: list[Event],
    account: Account | None,
    position: dict[int, int],
    reported: Callable[[int], bool],
    protected: list[tuple[int, int]],
) -> dict[str, object]:
    """verdict, event_id, finding_no, finding_kind and reason of the number at ``at``."""
    out: dict[str, object] = {"event_id": None, "finding_no": None, "finding_kind": None}
    if in_spans(at, protected):
        return {**out, "verdict": "quoted", "reason": VERDICTS["quoted"]}
    if not reported(at):
        return {**out, "verdict": "other_column", "reason": VERDICTS["other_column"]}
    for ev in events:
        if ev.n_at == at and ev.duplicate_of is not None:
            kept = ev.duplicate_of.event_id
            reason = VERDICTS["duplicate"]
            return {**out, "verdict": "duplicate", "event_id": kept, "reason": reason}
        if ev.n_at == at:
            return {**out, "verdict": "event", "event_id": ev.event_id, "reason": _what(ev)}
        if ev.women_at == at or ev.n_at < at < ev.figure_end:
            what = "its women" if ev.women_at == at else f"a breakdown of its {ev.participants}"
            return {
                **out,
                "verdict": "event_part",
                "event_id": ev.event_id,
                "reason": f"part of the event's participants: {what}",
            }
    if account is not None and account.finding is not None:
        f = account.finding
        return {
            **out,
            "verdict": "finding",
            "finding_no": position.get(id(f)),
            "finding_kind": f.kind,
            "reason": f.message,
        }
    return {**out, "verdict": "unaccounted", "reason": VERDICTS["unaccounted"]}


def _what(ev: Event) -> str:
    """«the participants of an event», with its sessions and places when it has several."""
    sessions = f" of {ev.sessions} sessions" if ev.sessions else ""
    places = f", held in {len(ev.cities)} places" if ev.cities else ""
    return f"the participants of an event{sessions}{places}"


def table_people(
    people: pd.DataFrame, rows: list, findings: list[Finding], text: str, source: str
) -> pd.DataFrame:
    """``people`` with a row per participants cell of the card's events tables
    (``tables.TableRow``): ``event`` when the row is an event of its own, ``duplicate`` when
    it is the narrative's event again (counted once), ``finding`` when the two disagree."""
    if not rows:
        return people
    position = {id(f): i for i, f in enumerate(findings, start=1)}
    extra = []
    for r in rows:
        verdict = {"event": "event", "duplicate": "duplicate"}.get(r.verdict, "finding")
        f = r.finding
        extra.append(
            {
                "number": r.participants,
                "people": f"{r.participants} ({r.locator})",
                "line": text.count("\n", 0, r.at) + 1,
                "char": r.at,
                "verdict": verdict,
                "event_id": r.event.event_id,
                "finding_no": position.get(id(f)) if f is not None else None,
                "finding_kind": f.kind if f is not None else None,
                "reason": f.message if f is not None else "",
                "source": source,
                "locator": loc(text, r.at),
            }
        )
    frame = pd.concat([people, pd.DataFrame(extra, columns=people.columns)], ignore_index=True)
    frame = frame.sort_values("char", kind="stable").reset_index(drop=True)
    for col in ("number", "line", "char", "finding_no"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame
