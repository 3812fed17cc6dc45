"""Text layout of program reports: numbered sections and tab-started table cells."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A table cell starts on a line that begins with a tab; lines that do not begin with a tab
# continue the cell above (a multi-line cell); blank lines inside a cell are kept as a
# paragraph break. A section heading is a line at column 0 such as "2.Виконання …", also
# with a word before the number ("Розділ 2. Виконання …").
HEADING_WORDS: tuple[str, ...] = ("розділ", "частина", "section", "part")
_HEADING = re.compile(
    r"^(?:(?:" + "|".join(HEADING_WORDS) + r")\s+)?(\d+)\.\s*(\S.*)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Cell:
    """One table cell: its text (lines joined by "\\n", stripped) and its first line (1-based)."""

    text: str
    line: int


@dataclass(frozen=True)
class Section:
    """A numbered section: heading number and title, and its body lines (first_line is 1-based)."""

    number: str
    title: str
    heading_line: int
    lines: tuple[str, ...]
    first_line: int


def normalize_text(text: str) -> str:
    """NFC, unify line ends, no-break spaces as plain spaces, apostrophes unified to ’."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return text.replace("ʼ", "’").replace("'", "’")


def find_sections(text: str, titles: dict[str, str]) -> dict[str, Section]:
    """The sections whose heading title starts with one of ``titles`` (key → title prefix).

    Headings are lines at column 0 of the form ``N. Title`` or ``N.Title``; a section runs
    to the next such heading that names one of ``titles`` or is followed by no tab-started
    line (the end of the document). Titles are compared case-insensitively.
    """
    lines = text.split("\n")
    headings: list[tuple[int, str, str, str | None]] = []  # (index, number, title, key)
    for i, line in enumerate(lines):
        if line.startswith("\t"):
            continue
        m = _HEADING.match(line.strip())
        if not m:
            continue
        title = m.group(2).strip()
        key = next(
            (k for k, prefix in titles.items() if title.casefold().startswith(prefix.casefold())),
            None,
        )
        headings.append((i, m.group(1), title, key))
    sections: dict[str, Section] = {}
    for pos, (i, number, title, key) in enumerate(headings):
        if key is None or key in sections:
            continue
        # the section ends at the next heading that is a known section or that is followed
        # by plain text (a numbered prose section such as "3. Оцінка …")
        end = len(lines)
        for j, _n, _t, other_key in headings[pos + 1 :]:
            if other_key is not None or not _table_follows(lines, j + 1):
                end = j
                break
        sections[key] = Section(
            number=number,
            title=title,
            heading_line=i + 1,
            lines=tuple(lines[i + 1 : end]),
            first_line=i + 2,
        )
    return sections


def _table_follows(lines: list[str], start: int) -> bool:
    """True when the first non-blank line from ``start`` is a tab-started table cell."""
    for line in lines[start:]:
        if line.strip():
            return line.startswith("\t")
    return False


def cells(section: Section) -> list[Cell]:
    """The section's table cells in reading order (text before the first cell is skipped)."""
    out: list[tuple[list[str], int]] = []
    pending_blank = False
    for offset, raw in enumerate(section.lines):
        line_no = section.first_line + offset
        if raw.startswith("\t"):
            out.append(([raw[1:].strip()], line_no))
            pending_blank = False
        elif not raw.strip():
            pending_blank = True
        elif out:
            parts = out[-1][0]
            if pending_blank and any(p for p in parts):
                parts.append("")
            parts.append(raw.strip())
            pending_blank = False
    result = []
    for parts, line_no in out:
        text = "\n".join(parts).strip("\n").strip()
        result.append(Cell(text=text, line=line_no))
    return result
