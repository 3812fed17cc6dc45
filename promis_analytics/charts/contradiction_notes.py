"""Text contradictions on a chart: a numbered marker on each row and the numbered notes."""

from __future__ import annotations

import re
import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from promis_analytics.charts.labels import label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError
from promis_analytics.metadata.contradictions import CONTRADICTION_COLUMNS

__all__ = [
    "CONTRADICTION_COLUMNS",
    "MARKER",
    "contradiction_handle",
    "contradiction_notes",
    "draw_contradiction_notes",
    "mark_contradictions",
    "notes_height",
    "phrase",
    "row_numbers",
]

#: The glyph before the numbers of a contradicted row.
MARKER = "◆"
#: Characters of a table row's name kept in a note; words of a sentence kept (from the
#: number it states: the phrase, not the sentence); characters of a note line; font size (pt).
QUOTE_WIDTH, QUOTE_WORDS, NOTE_WIDTH, NOTE_SIZE = 60, 5, 118, 6.5


def _check(notes: pd.DataFrame, func: str) -> None:
    missing = [c for c in CONTRADICTION_COLUMNS if c not in notes.columns]
    if missing:
        raise ChartError(
            f"{func}: the contradictions table has no column(s) {missing} "
            "(expected audit_tables.row_contradictions output)"
        )


def row_numbers(table: pd.DataFrame, notes: pd.DataFrame | None, func: str) -> dict:
    """Row index of ``table`` → the note numbers of its contradictions (ascending), for the
    rows whose ``locator`` (and ``source``, when both tables have one) a note names."""
    if notes is None or notes.empty:
        return {}
    _check(notes, func)
    if "locator" not in table.columns:
        raise ChartError(f"{func}: the table needs a 'locator' column to place contradictions")
    keys = ["source", "locator"] if {"source"} <= set(table) & set(notes) else ["locator"]
    wanted: dict[tuple, list[int]] = {}
    for _, r in notes.iterrows():
        wanted.setdefault(tuple(r[k] for k in keys), []).append(int(r["n"]))
    out = {}
    for i in table.index:
        found = wanted.get(tuple(table.at[i, k] for k in keys))
        if found:
            out[i] = sorted(set(found))
    return out


def mark_contradictions(ax: Axes, rows: list, numbers: dict, left: float) -> None:
    """«◆ 1, 4» from ``left`` (data x, left of the bars) on each contradicted row (``rows``:
    the table's index in drawing order, row y = its position); gid ``contradiction:<index>``."""
    for y, i in enumerate(rows):
        if i in numbers:
            text = f"{MARKER} " + ", ".join(str(n) for n in numbers[i])
            ax.text(
                left, y, text, va="center", ha="left", fontsize=7,
                color=PALETTE["highlight"], fontweight="bold", gid=f"contradiction:{i}",
            )  # fmt: skip


def contradiction_handle(lang: str) -> Line2D:
    """The legend entry of the row marker."""
    return Line2D(
        [], [], color=PALETTE["highlight"], marker="D", linestyle="none", markersize=5,
        label=label("legend.text_contradiction", lang),
    )  # fmt: skip


def phrase(sentence: str, value: str) -> str:
    """The words of ``sentence`` that state ``value``: from the first number of ``value``
    found in it, :data:`QUOTE_WORDS` words («…33 тренінга, семінара, у яких…»); from the
    start when it is not there. «…» marks what is left out on either side."""
    words = sentence.split()
    first = re.search(r"\d+(?:[ ,.]\d+)*", value)
    at = re.search(rf"(?<!\d){re.escape(first.group(0))}", sentence) if first else None
    start = len(sentence[: at.start()].split()) if at else 0  # the words before the number
    kept = words[start : start + QUOTE_WORDS]
    head = "…" if start > 0 else ""
    tail = "…" if start + QUOTE_WORDS < len(words) else ""
    return head + " ".join(kept) + tail


def contradiction_notes(notes: pd.DataFrame, numbers: dict, lang: str) -> list[str]:
    """One note per contradiction drawn (its number, both lines, both values, the table
    row's name shortened to :data:`QUOTE_WIDTH` characters and a sentence's phrase that
    states the value, :func:`phrase`), wrapped at :data:`NOTE_WIDTH`."""
    drawn = sorted({n for ns in numbers.values() for n in ns})
    first = notes.drop_duplicates("n").set_index("n")
    out = [label("note.text_contradictions", lang) + ":"]
    for n in drawn:
        r = first.loc[n]
        quote = textwrap.shorten(str(r["other_quote"]), QUOTE_WIDTH, placeholder="…")
        if r["other_planned"] or r["other_actual"]:
            other = label(
                "note.contradiction_figures", lang, planned=r["other_planned"] or "—",
                actual=r["other_actual"] or "—", quote=quote,
            )  # fmt: skip
        else:  # another statement (its number), or a status (its own quote)
            status = re.search(r"«(.+)»", str(r["other"]))
            value = str(r["other"]) if str(r["other"])[:1].isdigit() else ""
            said = status.group(1) if status and r["kind"] == "status" else r["other_quote"]
            quote = phrase(str(said), value)
            other = label("note.contradiction_quote", lang, quote=quote, value=value).strip()
        text = label(
            "note.contradiction_item", lang, n=n, text_line=int(r["text_line"]),
            stated=r["stated"], other_line=int(r["other_line"]), other=other,
            quote=phrase(str(r["text_quote"]), str(r["stated"])),
        )  # fmt: skip
        out += textwrap.wrap(text, NOTE_WIDTH, subsequent_indent="    ")
    return out


def draw_contradiction_notes(ax: Axes, lines: list[str]) -> None:
    """The notes as text in their own axes (no frame), top-left, gid ``contradiction_notes``."""
    ax.set_axis_off()
    ax.text(
        0, 1, "\n".join(lines), transform=ax.transAxes, va="top", ha="left",
        fontsize=NOTE_SIZE, color=PALETTE["text"], linespacing=1.35, gid="contradiction_notes",
    )  # fmt: skip


def notes_height(lines: list[str]) -> float:
    """Height in inches the notes take."""
    return len(lines) * NOTE_SIZE * 1.35 / 72 + 0.1
