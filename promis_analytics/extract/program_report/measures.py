"""The measures table of a program report: header, measure rows per funding source, totals."""

from __future__ import annotations

import re
from decimal import Decimal

from promis_analytics.extract.findings import Finding
from promis_analytics.extract.program_report.frames import decimal_places, one_line, snippet
from promis_analytics.extract.program_report.layout import (
    MEASURE_HEADER_ALIASES,
    MEASURE_NO,
    ROW_NO,
)
from promis_analytics.extract.program_report.reading import (
    funding_kind_of,
    numeral,
    parse_amounts,
    repeated_header,
    total_scope,
)
from promis_analytics.extract.report_layout import Cell, Section, cells


def _header_column(text: str) -> str | None:
    """The canonical column of a measures header cell: a flattened header («Обсяг
    фінансування / план») is read from its lowest part up; spaces are ignored (a narrow
    printed column breaks words: «фінансуван ня»)."""
    parts = text.casefold().split(" / ")
    for part in [*reversed(parts), text.casefold()]:
        low = "".join(part.split())
        col = next(
            (name for key, name in MEASURE_HEADER_ALIASES if key.replace(" ", "") in low), None
        )
        if col is not None:
            return col
    return None


def _measure_header(cs: list[Cell]) -> tuple[list[str], int]:
    """Canonical columns of the measures header and the index of the first body cell.

    The header ends at the first row number or a repeated column; a header cell of no
    known column inside it is kept as an ``other_<k>`` column (its cells are skipped)."""
    columns: list[str] = []
    for i, c in enumerate(cs):
        col = _header_column(c.text)
        if ROW_NO.match(c.text) or MEASURE_NO.match(c.text) or col in columns:
            return columns, i
        columns.append(col or f"other_{i}")
    return columns, len(cs)


def read_measures(section: Section, findings: list[Finding]) -> tuple[list[dict], list[dict]]:
    """Measure rows (one per funding source) and totals rows of the measures table."""
    cs = cells(section)
    columns, i = _measure_header(cs)
    header = cs[:i]
    missing = [c for c in ("measure", "planned", "actual") if c not in columns]
    if missing:  # the table is not read; the rest of the report still is
        findings.append(
            Finding(
                "measures_header_not_found",
                "error",
                f"header columns not found: {', '.join(missing)}; found "
                f"{', '.join(columns) or 'none'} (expected «Зміст заходів», «Річний обсяг "
                "фінансування», «Фактично профінансовано»); the measures table is not read",
                f"table 1 (line {section.heading_line})",
            )
        )
        return [], []
    after_measure = columns[columns.index("measure") + 1 :]
    own_number = "number" in columns[: columns.index("measure")] and "task" not in columns
    measures: list[dict] = []
    totals: list[dict] = []
    task_no, task = "", ""
    while i < len(cs):
        c = cs[i]
        text = c.text
        is_total, scope = total_scope(text) if text else (False, None)
        m = MEASURE_NO.match(text)
        skip = repeated_header(cs, i, header) if text else 0  # after a page break
        if not text:
            i += 1
        elif skip:
            i += skip
        elif (
            (row_no := ROW_NO.match(text))
            and i + 2 < len(cs)
            and cs[i + 1].text
            and MEASURE_NO.match(cs[i + 2].text)
        ):
            task_no, task = row_no.group(1), one_line(cs[i + 1].text)
            i += 2
        elif m:
            if own_number and not m.group(2).strip() and i + 1 < len(cs):
                # «1.1.» in the № column, the measure in the next: read them as one cell
                m = MEASURE_NO.match(f"{m.group(1)} {cs[i + 1].text}") or m
                i += 1
            values = {
                col: cs[i + 1 + k] if i + 1 + k < len(cs) else None
                for k, col in enumerate(after_measure)
            }
            i += 1 + len(after_measure)
            measures.extend(_measure_rows(task_no, task, m, c, values, findings))
        elif is_total:
            rest = cs[i + 1 : i + 5]
            totals.append(_total_row(c, scope, rest, findings))
            i += 1 + len(rest)
        else:
            findings.append(
                Finding(
                    "unexpected_cell",
                    "warning",
                    f"cell {snippet(text)!r} fits no row of the measures table; not read",
                    f"table 1, line {c.line}",
                )
            )
            i += 1
    return measures, totals


def _total_row(c: Cell, scope: str | None, rest: list[Cell], findings: list[Finding]) -> dict:
    """A totals row («Всього», «у т.ч. міський бюджет»): its label cell ``c`` and the cells
    after it (planned, actual, percent, comment)."""
    label = one_line(c.text).rstrip(":").strip()
    where = f"table 1, total «{label}» (line {c.line})"
    nums = [numeral(x.text, where, findings) if k < 3 else None for k, x in enumerate(rest)]
    nums += [None] * (3 - len(nums))
    return {
        "label": label,
        "scope": scope,
        "planned": nums[0],
        "actual": nums[1],
        "planned_decimals": decimal_places(rest[0].text) if rest else 0,
        "actual_decimals": decimal_places(rest[1].text) if len(rest) > 1 else 0,
        "reported_pct": nums[2],
        "comment": rest[3].text if len(rest) > 3 else "",
        "locator": where,
    }


def _measure_rows(
    task_no: str,
    task: str,
    m: re.Match[str],
    c: Cell,
    values: dict[str, Cell | None],
    findings: list[Finding],
) -> list[dict]:
    measure_no = m.group(1)
    where = f"table 1, measure {measure_no} (line {c.line})"

    def text_of(col: str) -> str:
        cell = values.get(col)
        return cell.text if cell is not None else ""

    planned_cell = values.get("planned") or Cell("", c.line)
    actual_cell = values.get("actual") or Cell("", c.line)
    sources = [ln.strip() for ln in text_of("funding_source").split("\n") if ln.strip()]
    planned = _sourced(
        parse_amounts(planned_cell, _cell_where(where, "planned", planned_cell), findings), sources
    )
    actual = _sourced(
        parse_amounts(actual_cell, _cell_where(where, "actual", actual_cell), findings), sources
    )
    pct_cell = values.get("reported_pct")
    pct = (
        numeral(pct_cell.text, _cell_where(where, "percent", pct_cell), findings)
        if pct_cell is not None
        else None
    )
    if task_no and measure_no.split(".")[0] != task_no:
        findings.append(
            Finding(
                "measure_outside_task",
                "warning",
                f"measure {measure_no} stands under task {task_no}; check the numbering",
                where,
            )
        )
    lines = _pair_funding_lines(planned, actual)
    if len(lines) > len(planned) or any(not ln["matched"] for ln in lines):
        findings.append(
            Finding(
                "funding_split_mismatch",
                "warning",
                f"measure {measure_no}: planned funding lines "
                f"({'; '.join(s or '—' for _, s in planned)}) and actual ones "
                f"({'; '.join(s or '—' for _, s in actual)}) do not pair up; unpaired "
                "amounts kept on their own rows",
                where,
            )
        )
    rows = []
    n = len(lines)
    for k, line in enumerate(lines):
        funding = line["source"]
        rows.append(
            {
                "task_no": task_no,
                "task": task,
                "measure_no": measure_no,
                "measure": one_line(m.group(2)),
                "period": one_line(text_of("period")),
                "executors": one_line(text_of("executors")),
                "planned": line["planned"],
                "actual": line["actual"],
                "funding_source": funding,
                "funding_kind": funding_kind_of(funding) if funding else None,
                "reported_pct": pct,
                "comment": text_of("comment").strip(),
                "locator": where if n == 1 else f"{where[:-1]}, funding line {k + 1} of {n})",
                "target_line": planned_cell.line,
                "actual_line": actual_cell.line,
            }
        )
    return rows


def _sourced(
    amounts: list[tuple[Decimal | None, str]], sources: list[str]
) -> list[tuple[Decimal | None, str]]:
    """Amounts without their own source named get the funding-source column's lines in
    order (one source line per amount line; a single source serves every line)."""
    if not sources or all(source for _, source in amounts):
        return amounts
    if len(sources) == 1:
        sources = sources * len(amounts)
    return [
        (amount, source or (sources[k] if k < len(sources) else ""))
        for k, (amount, source) in enumerate(amounts)
    ]


def _cell_where(where: str, column: str, cell: Cell) -> str:
    """A row locator narrowed to one cell: "table 1, measure 3.3 (line 163), actual line 168"."""
    return f"{where}, {column} line {cell.line}"


def _pair_funding_lines(
    planned: list[tuple[Decimal | None, str]], actual: list[tuple[Decimal | None, str]]
) -> list[dict]:
    """Pair planned and actual (amount, source) lines: same source name first, else in order.

    A single unsourced actual line ("-") pairs with the first planned line. Each result has
    planned, actual, source and matched (False when a line found no partner).
    """
    lines = [
        {"planned": amount, "actual": None, "source": source, "matched": False}
        for amount, source in planned
    ]
    if actual == [(None, "")]:  # "-": nothing financed, on every planned line
        return [{**ln, "matched": True} for ln in lines]
    for amount, source in actual:
        key = str(source).casefold()
        free = [ln for ln in lines if not ln["matched"]]
        partner = next((ln for ln in free if key and str(ln["source"]).casefold() == key), None)
        if partner is None:
            partner = next((ln for ln in free if not key or not ln["source"]), None)
        if partner is None:
            lines.append({"planned": None, "actual": amount, "source": source, "matched": False})
            continue
        partner["actual"] = amount
        partner["matched"] = True
        partner["source"] = partner["source"] or source
    return lines
