"""Reading a program report: header, measures table, indicators table, prose assessment."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from promis_analytics.errors import ParseError
from promis_analytics.extract.documents import read_document
from promis_analytics.extract.findings import Finding
from promis_analytics.extract.program_report.frames import (
    decimal_places,
    one_line,
    snippet,
)
from promis_analytics.extract.program_report.layout import (
    AMOUNT_LINE,
    DASHES,
    FUNDING_KINDS,
    INDICATOR_GROUPS,
    INDICATOR_UNIT_HEADERS,
    ROW_NO,
    TOTAL_LABELS,
    TRAILING_SEP,
    UNIT_MARKERS,
)
from promis_analytics.extract.report_layout import (
    Cell,
    Section,
    cells,
)
from promis_analytics.parsing import parse_number

# --- reading ---------------------------------------------------------------------------------


def read_report_text(path_or_text: str | Path) -> tuple[str, str, str]:
    """(text, where-for-messages, default source id). A path is read through the document
    layer (.txt in any encoding, .docx with its tables as tab-started cells, .pdf, …)."""
    if isinstance(path_or_text, Path) or (
        isinstance(path_or_text, str) and "\n" not in path_or_text and len(path_or_text) < 1024
    ):
        path = Path(path_or_text)
        doc = read_document(path, style="cells")
        return doc.text, str(path), path.stem
    return str(path_or_text), "<text>", "text"


def parse_header(text: str) -> tuple[str, str, str | None]:
    """(program title in the nominative, reporting period, program term) from the header.

    The header reads "… виконання у 2019 році <Program in genitive> на 2017-2020 роки, …";
    the leading adjective(s) and "програми" are put back in the nominative.
    """
    m = re.search(
        r"виконання\s+у\s+(\d{4})\s+році\s+(.+?)(?:,\s*затвердж|\n\s*\n)", text, re.S | re.I
    )
    if not m:
        return "", "", None
    period = m.group(1)
    title = " ".join(m.group(2).split())
    words = title.split(" ")
    for i, word in enumerate(words):
        low = word.casefold()
        if low == "програми":
            words[i] = word[:-1] + "а"
            break
        if low.endswith("ьої"):
            words[i] = word[:-3] + "я"
        elif low.endswith("ої"):
            words[i] = word[:-2] + "а"
        else:
            break
    title = " ".join(words)
    term_m = re.search(r"на\s+(\d{4})\s*[-–]\s*(\d{4})\s+рок", title)
    term = f"{term_m.group(1)}-{term_m.group(2)}" if term_m else None
    return title, period, term


def numeral(text: str, where: str, findings: list[Finding]) -> Decimal | None:
    """A number cell: dashes/empty → None; "512," → 512 with a note; unreadable → None + error."""
    t = text.strip()
    if t in DASHES:
        return None
    m = TRAILING_SEP.match(t)
    if m:
        value = parse_number(m.group(1))
        findings.append(
            Finding(
                "malformed_number",
                "note",
                f"{t!r} ends with a decimal separator and no decimals; read as {value}",
                where,
            )
        )
        return value
    try:
        return parse_number(t)
    except (ParseError, ValueError):
        findings.append(
            Finding(
                "unreadable_number",
                "error",
                f"{t!r} is not a number (expected e.g. 120,0 or -); left empty",
                where,
            )
        )
        return None


def parse_amounts(
    cell: Cell, where: str, findings: list[Finding]
) -> list[tuple[Decimal | None, str]]:
    """An amount cell → [(amount, funding source)]; several pairs when sources are stacked.

    "7,0\\nМіський бюджет" → [(7.0, "Міський бюджет")]; "-" → [(None, "")].
    """
    pairs: list[tuple[str, list[str]]] = []
    for line in cell.text.split("\n"):
        line = line.strip()
        if not line:
            continue
        joined = _AMOUNT_THEN_SOURCE.match(line)  # a narrow printed column: "512,0 міський"
        if joined:
            pairs.append((joined.group(1), [joined.group(2)]))
        elif AMOUNT_LINE.match(line) or line in DASHES:
            pairs.append((line, []))
        elif pairs:
            pairs[-1][1].append(line)
        else:  # the first line is always the amount slot: keep it to be reported unreadable
            pairs.append((line, []))
    if not pairs:
        return [(None, "")]
    return [(numeral(num, where, findings), " ".join(src)) for num, src in pairs]


_AMOUNT_THEN_SOURCE = re.compile(r"^([+-]?\d[\d ]*(?:[.,]\d*)?)\s+([^\W\d].*)$")


def funding_kind_of(text: str) -> str | None:
    low = text.casefold().strip()
    for prefix, kind in FUNDING_KINDS:
        if low.startswith(prefix):
            return kind
    return None


def total_scope(label: str) -> tuple[bool, str | None]:
    """(is a totals label, scope) — scope None for the grand total, else a funding kind."""
    low = " ".join(label.casefold().split()).rstrip(":").strip()
    for pattern, scope in TOTAL_LABELS:
        if re.match(pattern, low):
            return True, scope
    m = re.match(r"^(?:у тому числі|в тому числі|в т\.\s*ч\.|у т\.\s*ч\.)\s*(.*)$", low)
    if m:
        kind = funding_kind_of(m.group(1)) if m.group(1) else None
        return True, kind or "other"
    if low in {"інше", "інші", "інші джерела"}:
        return True, "other"
    kind = funding_kind_of(low)
    if kind is not None and len(low) < 40 and low.endswith(("бюджет", "джерела")):
        return True, kind
    return False, None


_OVERALL_PCT = re.compile(r"ефективн[^%]*?(\d+(?:[.,]\d+)?)\s*%", re.I)


def read_assessment(section: Section) -> list[dict]:
    """The overall execution percent stated in the assessment prose ("… складає 97,0 %").

    Only the first sentence that speaks of «ефективність» and ends its figure with "%"
    is taken; it is checked against the grand total of the measures table.
    """
    for offset, line in enumerate(section.lines):
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            m = _OVERALL_PCT.search(sentence)
            if m:
                return [
                    {
                        "reported_pct": parse_number(m.group(1)),
                        "locator": f"section {section.number} (line {section.first_line + offset})",
                    }
                ]
    return []


def _group_of(text: str) -> str | None:
    low = text.casefold()
    if "показник" not in low:
        return None
    for key, group in INDICATOR_GROUPS.items():
        if key in low:
            return group
    return None


def _unit_of(indicator: str) -> str:
    low = indicator.casefold()
    return next((unit for marker, unit in UNIT_MARKERS if marker in low), "")


def _unit_column(header: list[Cell]) -> int | None:
    """The position of a unit column («Одиниця виміру») in the indicators header, if any."""
    return next(
        (
            k
            for k, c in enumerate(header)
            if any(key in c.text.casefold() for key in INDICATOR_UNIT_HEADERS)
        ),
        None,
    )


def repeated_header(cs: list[Cell], i: int, header: list[Cell]) -> int:
    """How many cells from ``i`` repeat the table's header after a page break: a row of
    column numbers («1», «2», «3», «4» …, at least four in a row) or cells that read like the
    header's own cells; 0 when ``cs[i]`` starts a row of the table."""
    run = 0
    while i + run < len(cs) and cs[i + run].text.strip() == str(run + 1):
        run += 1
    if run >= 4:
        return run
    titles = {one_line(c.text).casefold() for c in header if c.text.strip()}
    k = i
    while k < len(cs) and cs[k].text.strip() and one_line(cs[k].text).casefold() in titles:
        k += 1
    return k - i


def read_indicators(
    section: Section, program: str, period: str, source: str, findings: list[Finding]
) -> list[dict]:
    """Indicator rows: number, name, planned, actual, then percent (if numeric) and comment.

    The header's column count fixes the row shape; the cells after name, planned and actual
    are the reported percent (the first, when it reads as a number or a dash) and comments.
    """
    cs = cells(section)
    # header: cells up to the first group heading or the first row number
    start = next(
        (k for k, c in enumerate(cs) if _group_of(c.text) or ROW_NO.match(c.text)), len(cs)
    )
    width = max(start, 5)
    unit_at = _unit_column(cs[:start])
    rows: list[dict] = []
    group: str | None = None
    expected_no = 1
    i = start
    while i < len(cs):
        c = cs[i]
        g = _group_of(c.text)
        if g is not None:
            group = g
            expected_no = 1
            i += 1
            continue
        if not c.text:
            i += 1
            continue
        skip = repeated_header(cs, i, cs[:start])  # the header again after a page break
        if skip:
            i += skip
            continue
        m = ROW_NO.match(c.text)
        if not m or i + 1 >= len(cs):
            findings.append(
                Finding(
                    "unexpected_cell",
                    "warning",
                    f"cell {snippet(c.text)!r} fits no row of the indicators table; not read",
                    f"table 2, line {c.line}",
                )
            )
            i += 1
            continue
        row = cs[i : i + width]
        cut = next((k for k, x in enumerate(row) if k > 1 and _group_of(x.text)), len(row))
        row = row[:cut]
        i += len(row)
        unit_text = row.pop(unit_at).text if unit_at is not None and len(row) > unit_at else ""
        row_no = m.group(1)
        name = one_line(row[1].text)
        where = f"table 2, {group or 'ungrouped'} indicator {row_no} (line {c.line})"
        if int(row_no) != expected_no:
            findings.append(
                Finding(
                    "row_sequence",
                    "warning",
                    f"indicator numbered {row_no} where {expected_no} was expected; check that "
                    "no cell is missing or extra above it",
                    where,
                )
            )
        expected_no = int(row_no) + 1
        if group is None:
            findings.append(
                Finding(
                    "no_group",
                    "warning",
                    f"indicator {row_no} stands before any group heading; group left empty",
                    where,
                )
            )
        rows.append(
            _indicator_row(
                row, (row_no, name, unit_text), (program, period, source), group, where, findings
            )
        )
    return rows


def _indicator_row(
    row: list[Cell],
    named: tuple[str, str, str],
    about: tuple[str, str, str],
    group: str | None,
    where: str,
    findings: list[Finding],
) -> dict:
    """One indicators-register row from the cells of a table row (number, name, planned,
    actual, then the percent when it reads as a number or a dash, then comments);
    ``named`` is (row number, name, unit cell), ``about`` (program, period, source)."""
    row_no, name, unit_text = named
    program, period, source = about
    target_text = row[2].text if len(row) > 2 else ""
    actual_text = row[3].text if len(row) > 3 else ""
    target = numeral(target_text, where, findings)
    actual = numeral(actual_text, where, findings)
    extra = [x.text for x in row[4:]]
    pct = None
    if extra and (extra[0].strip() in DASHES or AMOUNT_LINE.match(extra[0].strip())):
        pct = numeral(extra[0], where, findings)
        extra = extra[1:]
    return {
        "program": program,
        "period": period,
        "group": group or "",
        "row_no": row_no,
        "indicator": name,
        "unit": _unit_of(name) or _unit_of(unit_text),
        "baseline": None,
        "target": target,
        "actual": actual,
        "target_decimals": decimal_places(target_text),
        "actual_decimals": decimal_places(actual_text),
        "reported_pct": pct,
        "comment": " ".join(one_line(e) for e in extra if e),
        "source": source,
        "locator": where,
        "target_line": row[2].line if len(row) > 2 else 0,
        "actual_line": row[3].line if len(row) > 3 else 0,
    }
