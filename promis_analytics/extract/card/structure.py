"""Where statements, sections and quoted titles of a card's text begin and end; locators."""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from promis_analytics.extract.card.patterns import (
    ABBREVIATIONS,
    HEAD,
    HEADING,
    QUOTED,
    SENTENCE_END,
    SNIPPET,
)
from promis_analytics.extract.documents import READERS, Document, read_document
from promis_analytics.extract.documents.model import clean
from promis_analytics.extract.findings import Finding


def finding_offset(f: Finding) -> int:
    m = re.match(r"char (\d+)", f.locator)
    return int(m.group(1)) if m else -1


def read_card(path_or_text: str | Path) -> tuple[str, Document | None]:
    """The card's text and its document: a Path or an existing file name is read through the
    document layer (any encoding, .docx, .pdf …); other strings are the text itself."""
    looks_like_path = (
        isinstance(path_or_text, str)
        and "\n" not in path_or_text
        and path_or_text.lower().endswith(tuple(READERS))
    )
    if (
        isinstance(path_or_text, Path)
        or looks_like_path
        or ("\n" not in path_or_text and len(path_or_text) < 4096 and Path(path_or_text).is_file())
    ):
        doc = read_document(path_or_text)
        return doc.text, doc
    return clean(str(path_or_text)), None


def located(locator: str, doc: Document | None) -> str:
    """«page 2, paragraph 3; char 17194: …» — a ``char N`` locator with the place in the
    document where it has pages or tables (plain text keeps ``char N`` alone)."""
    m = re.match(r"char (\d+)", locator)
    if doc is None or m is None or not doc.locate(int(m.group(1))):
        return locator
    return f"{doc.locate(int(m.group(1)))}; {locator}"


def loc(text: str, start: int) -> str:
    snippet = " ".join(text[start : start + SNIPPET].split())
    return f"char {start}: {snippet}"


# --- structure ------------------------------------------------------------------------------
def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies strictly inside one of ``spans`` (sorted, not overlapping, as
    ``quoted_spans`` gives them): the last span starting before ``pos`` is the only
    candidate (binary search, so a card of 100 000 lines stays linear overall)."""
    i = bisect.bisect_left(spans, (pos,))  # first span starting at or after pos
    return i > 0 and pos < spans[i - 1][1]


def output_sections(text: str, findings: list[Finding]) -> list[tuple[int, str]]:
    """(start offset, output code) of each output section whose body is more than its title.

    Output headings printed together as a list (each followed only by its one-sentence title,
    as in the 2018 H2 card) do not open sections: events after them get no component.
    """
    heads = list(HEADING.finditer(text))
    sections: list[tuple[int, str]] = []
    listed_prev = False
    listed_codes: list[str] = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = text[m.end() : end].strip()
        title_only = i + 1 < len(heads) and not SENTENCE_END.search(body.rstrip(". ") + " ")
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
                loc(text, heads[0].start()),
            )
        )
    return sections


def component_at(pos: int, sections: list[tuple[int, str]]) -> str | None:
    code = None
    for start, c in sections:
        if start <= pos:
            code = c
    return code


def statement_starts(text: str, protected: list[tuple[int, int]]) -> list[int]:
    """Offsets where a new statement starts (sorted)."""
    out = [0]
    for m in HEAD.finditer(text):
        if not in_spans(m.start(), protected):
            out.append(m.start())
    for m in SENTENCE_END.finditer(text):
        if m.group("word").lower() in ABBREVIATIONS or in_spans(m.end(), protected):
            continue
        out.append(m.end())
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append(i + 1)
    return sorted(set(out))
