"""City target-program execution reports → measures, `indicators` register rows and an audit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from promis_analytics.errors import ParseError
from promis_analytics.extract.documents import DocumentError, read_document
from promis_analytics.extract.findings import Finding, findings_frame
from promis_analytics.extract.report_layout import (
    Cell,
    Section,
    cells,
    find_sections,
    normalize_text,
)
from promis_analytics.parsing import parse_number

# --- layout tables (data, not code) ----------------------------------------------------------

# Section key → how its heading title begins.
SECTION_TITLES: dict[str, str] = {
    "measures": "Виконання заходів",
    "indicators": "Виконання результативних показників",
    "assessment": "Оцінка ефективності",
}

# Indicator group headers ("І. Показники витрат" …) → register `group` values.
INDICATOR_GROUPS: dict[str, str] = {
    "витрат": "cost",
    "продукту": "product",
    "ефективності": "efficiency",
    "якості": "quality",
}

# Header cell of the measures table (keyword, case-insensitive) → canonical column.
MEASURE_HEADER_ALIASES: tuple[tuple[str, str], ...] = (
    ("з/п", "number"),
    ("завдання", "task"),
    ("зміст заходів", "measure"),
    ("строк", "period"),
    ("виконавці", "executors"),
    ("обсяг фінансування", "planned"),
    ("фактично", "actual"),
    ("відсоток", "reported_pct"),
    ("інформація", "comment"),
)

# Funding-source spellings (casefolded prefix) → funding kind used to match the
# "у тому числі …" totals.
FUNDING_KINDS: tuple[tuple[str, str], ...] = (
    ("міськ", "city_budget"),
    ("місцев", "city_budget"),
    ("бюджет міста", "city_budget"),
    ("обласн", "regional_budget"),
    ("державн", "state_budget"),
    ("інш", "other"),
)

# Totals rows: label regex → scope (None = every row; else a funding kind).
TOTAL_LABELS: tuple[tuple[str, str | None], ...] = ((r"^(всього|разом|усього)\b", None),)

# Units read from the indicator name (casefolded substring → unit).
UNIT_MARKERS: tuple[tuple[str, str], ...] = (
    ("тис.грн", "thousand_uah"),
    ("тис. грн", "thousand_uah"),
    ("млн грн", "million_uah"),
    ("грн", "uah"),
    ("відсот", "percent"),
    ("%", "percent"),
    ("кількість", "count"),
)

MEASURE_COLUMNS: tuple[str, ...] = (
    "task_no",
    "task",
    "measure_no",
    "measure",
    "period",
    "executors",
    "planned_thousand_uah",
    "actual_thousand_uah",
    "funding_source",
    "reported_pct",
    "comment",
    "locator",
)
INDICATOR_COLUMNS: tuple[str, ...] = (
    "program",
    "period",
    "group",
    "indicator",
    "unit",
    "baseline",
    "target",
    "actual",
    "reported_pct",
    "source",
    "locator",
)
TOTALS_CHECK_COLUMNS: tuple[str, ...] = (
    "total",
    "column",
    "printed",
    "recomputed",
    "difference",
    "rows_summed",
    "ok",
    "locator",
)
PERCENT_CHECK_COLUMNS: tuple[str, ...] = (
    "table",
    "row",
    "planned",
    "actual",
    "reported_pct",
    "recomputed_pct",
    "difference_pp",
    "status",
    "locator",
)

#: A reported percent further than this (percentage points) from actual ÷ planned × 100 is
#: an error; a smaller non-zero difference is a rounding note.
PERCENT_TOLERANCE_PP = Decimal(1)
_CENT = Decimal("0.01")  # shown precision of recomputed percents (half up)

_DASHES = {"", "-", "–", "—", "х", "x"}
_MEASURE_NO = re.compile(r"^(\d+(?:\.\d+)+)\.?\s*(.*)$", re.S)
_ROW_NO = re.compile(r"^(\d+)\.?$")
_AMOUNT_LINE = re.compile(r"^[+-]?\d[\d\s]*(?:[.,]\d*)?$")
_TRAILING_SEP = re.compile(r"^(\d[\d\s]*)[.,]$")


# --- result ----------------------------------------------------------------------------------


@dataclass
class ProgramReport:
    """A program execution report read from text.

    ``measures``: one row per measure and funding source (amounts in thousand UAH);
    ``totals``: the printed "Всього"/"у тому числі" rows; ``indicators``: `indicators`
    register rows; ``reading_findings``: what could not be read cleanly.
    """

    program: str
    period: str
    program_term: str | None
    source: str
    measures: pd.DataFrame
    totals: pd.DataFrame
    indicators: pd.DataFrame
    reading_findings: list[Finding] = field(default_factory=list)
    _measure_records: list[dict] = field(default_factory=list, repr=False)
    _total_records: list[dict] = field(default_factory=list, repr=False)
    _indicator_records: list[dict] = field(default_factory=list, repr=False)
    _assessment_records: list[dict] = field(default_factory=list, repr=False)

    @property
    def percent_check(self) -> pd.DataFrame:
        """Every printed percent against actual ÷ planned × 100 (percentage points).

        ``status``: ok (equal), rounding (0 < |difference| ≤ 1 pp), mismatch (> 1 pp),
        no_plan (percent printed but planned is empty or 0), no_actual (actual is empty).
        """
        return pd.DataFrame(
            [_display_check(c) for c in self._percent_checks()],
            columns=list(PERCENT_CHECK_COLUMNS),
        )

    @property
    def totals_check(self) -> pd.DataFrame:
        """Every printed total against the sum of the measure rows it covers.

        ``recomputed`` = Σ planned (or actual) of the rows in scope; ``ok`` when the printed
        figure equals it within half a unit of the printed figure's last decimal.
        """
        return pd.DataFrame(
            [_display_total(t) for t in self._totals_checks()],
            columns=list(TOTALS_CHECK_COLUMNS),
        )

    def audit(self) -> list[Finding]:
        """Reading problems, percent checks and totals checks, as findings.

        Kinds: ``percent_mismatch`` (error, > 1 pp), ``percent_rounding`` (note),
        ``percent_without_plan`` (warning), ``percent_without_actual`` (warning),
        ``total_mismatch`` (error), ``total_confirmed`` (note), plus reading kinds
        (``malformed_number``, ``unreadable_number``, ``unexpected_cell``).
        """
        out = list(self.reading_findings)
        for c in self._percent_checks():
            finding = _percent_finding(c)
            if finding is not None:
                out.append(finding)
        for t in self._totals_checks():
            out.append(_total_finding(t))
        return out

    def audit_frame(self) -> pd.DataFrame:
        """``audit()`` as a DataFrame (kind, severity, message, locator)."""
        return findings_frame(self.audit())

    # -- checks ---------------------------------------------------------------------------

    def _percent_checks(self) -> list[dict]:
        checks: list[dict] = []
        # measures: one check per measure (funding-source rows summed)
        by_measure: dict[str, list[dict]] = {}
        for r in self._measure_records:
            by_measure.setdefault(r["measure_no"], []).append(r)
        for measure_no, rows in by_measure.items():
            first = rows[0]
            if first["reported_pct"] is None:
                continue
            checks.append(
                _check(
                    "measures",
                    f"measure {measure_no}",
                    _sum_or_none(r["planned"] for r in rows),
                    _sum_or_none(r["actual"] for r in rows),
                    first["reported_pct"],
                    first["locator"],
                )
            )
        for t in self._total_records:
            if t["reported_pct"] is None:
                continue
            checks.append(
                _check(
                    "measures",
                    f"total «{t['label']}»",
                    t["planned"],
                    t["actual"],
                    t["reported_pct"],
                    t["locator"],
                )
            )
        # the prose assessment's overall percent, against the grand total of table 1
        grand = next((t for t in self._total_records if t["scope"] is None), None)
        for a in self._assessment_records:
            checks.append(
                _check(
                    "assessment",
                    "overall execution",
                    grand["planned"] if grand else None,
                    grand["actual"] if grand else None,
                    a["reported_pct"],
                    a["locator"],
                )
            )
        for r in self._indicator_records:
            if r["reported_pct"] is None:
                continue
            checks.append(
                _check(
                    "indicators",
                    f"{r['group']} {r['row_no']}",
                    r["target"],
                    r["actual"],
                    r["reported_pct"],
                    r["locator"],
                )
            )
        return checks

    def _totals_checks(self) -> list[dict]:
        checks: list[dict] = []
        # "інше" (other) covers every funding kind that no sibling total names
        named = {t["scope"] for t in self._total_records} - {None, "other"}
        for t in self._total_records:
            scope = t["scope"]
            rows = [
                r
                for r in self._measure_records
                if scope is None
                or r["funding_kind"] == scope
                or (scope == "other" and r["funding_kind"] not in named)
            ]
            for column, key in (
                ("planned_thousand_uah", "planned"),
                ("actual_thousand_uah", "actual"),
            ):
                printed = t[key]
                if printed is None:
                    continue
                values = [r[key] for r in rows if r[key] is not None]
                recomputed = sum(values, Decimal(0))
                diff = printed - recomputed
                checks.append(
                    {
                        "total": t["label"],
                        "column": column,
                        "printed": printed,
                        "recomputed": recomputed,
                        "difference": diff,
                        "rows_summed": len(values),
                        "ok": abs(diff) <= _half_unit(t[f"{key}_decimals"]),
                        "locator": t["locator"],
                    }
                )
        checks.extend(self._cost_indicator_checks())
        return checks

    def _cost_indicator_checks(self) -> list[dict]:
        """Cost indicators in thousand UAH whose name says "всього" against the grand total."""
        grand = next((t for t in self._total_records if t["scope"] is None), None)
        if grand is None:
            return []
        checks = []
        for r in self._indicator_records:
            if not (
                r["group"] == "cost"
                and r["unit"] == "thousand_uah"
                and "всього" in r["indicator"].casefold()
            ):
                continue
            for column, key, target_key in (
                ("target", "planned", "target"),
                ("actual", "actual", "actual"),
            ):
                printed, recomputed = r[target_key], grand[key]
                if printed is None or recomputed is None:
                    continue
                diff = printed - recomputed
                checks.append(
                    {
                        "total": f"{r['group']} indicator {r['row_no']} = «{grand['label']}»",
                        "column": column,
                        "printed": printed,
                        "recomputed": recomputed,
                        "difference": diff,
                        "rows_summed": 1,
                        "ok": abs(diff) <= _half_unit(r[f"{target_key}_decimals"]),
                        "locator": r["locator"],
                    }
                )
        return checks


# --- public entry point ----------------------------------------------------------------------


def program_report(path_or_text: str | Path, *, source: str | None = None) -> ProgramReport:
    """Read a program execution report (a path to a UTF-8 .txt file, or the text itself).

    ``source`` names the document in every row (default: the file name without extension,
    or ``"text"``). Raises ``ValueError`` naming the file when neither table is found.
    """
    text, where, default_source = _read(path_or_text)
    source = source or default_source
    text = normalize_text(text)
    program, period, term = _header(text)
    sections = find_sections(text, SECTION_TITLES)
    if "measures" not in sections and "indicators" not in sections:
        raise DocumentError(
            Path(where),
            "не знайдено таблиць звіту про виконання програми (розділів "
            f"«{SECTION_TITLES['measures']} …» чи «{SECTION_TITLES['indicators']} …»)",
            f"no table of a program execution report found (sections "
            f"«{SECTION_TITLES['measures']} …» or «{SECTION_TITLES['indicators']} …»)",
            "перевірте, що це звіт про виконання міської цільової програми, а таблиці в ньому "
            "мають заголовки розділів із номерами",
            "check that this is a city program execution report whose tables have numbered "
            "section headings",
        )
    findings: list[Finding] = []
    measures: list[dict] = []
    totals: list[dict] = []
    if "measures" in sections:
        measures, totals = _read_measures(sections["measures"], findings)
    assessment = _read_assessment(sections["assessment"]) if "assessment" in sections else []
    indicators: list[dict] = []
    if "indicators" in sections:
        indicators = _read_indicators(sections["indicators"], program, period, source, findings)
    return ProgramReport(
        program=program,
        period=period,
        program_term=term,
        source=source,
        measures=_measures_frame(measures),
        totals=_totals_frame(totals),
        indicators=_indicators_frame(indicators),
        reading_findings=findings,
        _measure_records=measures,
        _total_records=totals,
        _indicator_records=indicators,
        _assessment_records=assessment,
    )


# --- reading ---------------------------------------------------------------------------------


def _read(path_or_text: str | Path) -> tuple[str, str, str]:
    """(text, where-for-messages, default source id). A path is read through the document
    layer (.txt in any encoding, .docx with its tables as tab-started cells, .pdf, …)."""
    if isinstance(path_or_text, Path) or (
        isinstance(path_or_text, str) and "\n" not in path_or_text and len(path_or_text) < 1024
    ):
        path = Path(path_or_text)
        doc = read_document(path, style="cells")
        return doc.text, str(path), path.stem
    return str(path_or_text), "<text>", "text"


def _header(text: str) -> tuple[str, str, str | None]:
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


def _number(text: str, where: str, findings: list[Finding]) -> Decimal | None:
    """A number cell: dashes/empty → None; "512," → 512 with a note; unreadable → None + error."""
    t = text.strip()
    if t in _DASHES:
        return None
    m = _TRAILING_SEP.match(t)
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


def _amounts(cell: Cell, where: str, findings: list[Finding]) -> list[tuple[Decimal | None, str]]:
    """An amount cell → [(amount, funding source)]; several pairs when sources are stacked.

    "7,0\\nМіський бюджет" → [(7.0, "Міський бюджет")]; "-" → [(None, "")].
    """
    pairs: list[tuple[str, list[str]]] = []
    for line in cell.text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if _AMOUNT_LINE.match(line) or line in _DASHES:
            pairs.append((line, []))
        elif pairs:
            pairs[-1][1].append(line)
        else:  # the first line is always the amount slot: keep it to be reported unreadable
            pairs.append((line, []))
    if not pairs:
        return [(None, "")]
    return [(_number(num, where, findings), " ".join(src)) for num, src in pairs]


def _funding_kind(text: str) -> str | None:
    low = text.casefold().strip()
    for prefix, kind in FUNDING_KINDS:
        if low.startswith(prefix):
            return kind
    return None


def _total_scope(label: str) -> tuple[bool, str | None]:
    """(is a totals label, scope) — scope None for the grand total, else a funding kind."""
    low = " ".join(label.casefold().split()).rstrip(":").strip()
    for pattern, scope in TOTAL_LABELS:
        if re.match(pattern, low):
            return True, scope
    m = re.match(r"^(?:у тому числі|в тому числі|в т\.\s*ч\.|у т\.\s*ч\.)\s*(.*)$", low)
    if m:
        kind = _funding_kind(m.group(1)) if m.group(1) else None
        return True, kind or "other"
    if low in {"інше", "інші", "інші джерела"}:
        return True, "other"
    kind = _funding_kind(low)
    if kind is not None and len(low) < 40 and low.endswith(("бюджет", "джерела")):
        return True, kind
    return False, None


def _measure_header(cs: list[Cell]) -> tuple[list[str], int]:
    """Canonical columns of the measures header and the index of the first body cell."""
    columns: list[str] = []
    for i, c in enumerate(cs):
        low = " ".join(c.text.casefold().split())
        col = next((name for key, name in MEASURE_HEADER_ALIASES if key in low), None)
        if col is None or col in columns:
            return columns, i
        columns.append(col)
    return columns, len(cs)


def _read_measures(section: Section, findings: list[Finding]) -> tuple[list[dict], list[dict]]:
    """Measure rows (one per funding source) and totals rows of the measures table."""
    cs = cells(section)
    columns, i = _measure_header(cs)
    missing = [c for c in ("measure", "planned", "actual") if c not in columns]
    if missing:
        raise ValueError(
            f"measures table (line {section.heading_line}): header columns not found: "
            f"{', '.join(missing)}; found {', '.join(columns) or 'none'}"
        )
    after_measure = columns[columns.index("measure") + 1 :]
    measures: list[dict] = []
    totals: list[dict] = []
    task_no, task = "", ""
    while i < len(cs):
        c = cs[i]
        text = c.text
        is_total, scope = _total_scope(text) if text else (False, None)
        m = _MEASURE_NO.match(text)
        if not text:
            i += 1
        elif (
            _ROW_NO.match(text)
            and i + 2 < len(cs)
            and cs[i + 1].text
            and _MEASURE_NO.match(cs[i + 2].text)
        ):
            task_no, task = _ROW_NO.match(text).group(1), _one_line(cs[i + 1].text)
            i += 2
        elif m:
            values = {
                col: cs[i + 1 + k] if i + 1 + k < len(cs) else None
                for k, col in enumerate(after_measure)
            }
            i += 1 + len(after_measure)
            measures.extend(_measure_rows(task_no, task, m, c, values, findings))
        elif is_total:
            label = _one_line(text).rstrip(":").strip()
            where = f"table 1, total «{label}» (line {c.line})"
            rest = cs[i + 1 : i + 5]
            nums = [_number(x.text, where, findings) if k < 3 else None for k, x in enumerate(rest)]
            nums += [None] * (3 - len(nums))
            totals.append(
                {
                    "label": label,
                    "scope": scope,
                    "planned": nums[0],
                    "actual": nums[1],
                    "planned_decimals": _decimals(rest[0].text) if rest else 0,
                    "actual_decimals": _decimals(rest[1].text) if len(rest) > 1 else 0,
                    "reported_pct": nums[2],
                    "comment": rest[3].text if len(rest) > 3 else "",
                    "locator": where,
                }
            )
            i += 1 + len(rest)
        else:
            findings.append(
                Finding(
                    "unexpected_cell",
                    "warning",
                    f"cell {_snippet(text)!r} fits no row of the measures table; not read",
                    f"table 1, line {c.line}",
                )
            )
            i += 1
    return measures, totals


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
    planned = _amounts(planned_cell, _cell_where(where, "planned", planned_cell), findings)
    actual = _amounts(actual_cell, _cell_where(where, "actual", actual_cell), findings)
    pct_cell = values.get("reported_pct")
    pct = (
        _number(pct_cell.text, _cell_where(where, "percent", pct_cell), findings)
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
                "measure": _one_line(m.group(2)),
                "period": _one_line(text_of("period")),
                "executors": _one_line(text_of("executors")),
                "planned": line["planned"],
                "actual": line["actual"],
                "funding_source": funding,
                "funding_kind": _funding_kind(funding) if funding else None,
                "reported_pct": pct,
                "comment": text_of("comment").strip(),
                "locator": where if n == 1 else f"{where[:-1]}, funding line {k + 1} of {n})",
            }
        )
    return rows


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
        key = source.casefold()
        free = [ln for ln in lines if not ln["matched"]]
        partner = next((ln for ln in free if key and ln["source"].casefold() == key), None)
        if partner is None:
            partner = next((ln for ln in free if not key or not ln["source"]), None)
        if partner is None:
            lines.append({"planned": None, "actual": amount, "source": source, "matched": False})
            continue
        partner["actual"] = amount
        partner["matched"] = True
        partner["source"] = partner["source"] or source
    return lines


_OVERALL_PCT = re.compile(r"ефективн[^%]*?(\d+(?:[.,]\d+)?)\s*%", re.I)


def _read_assessment(section: Section) -> list[dict]:
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


def _read_indicators(
    section: Section, program: str, period: str, source: str, findings: list[Finding]
) -> list[dict]:
    """Indicator rows: number, name, planned, actual, then percent (if numeric) and comment.

    The header's column count fixes the row shape; the cells after name, planned and actual
    are the reported percent (the first, when it reads as a number or a dash) and comments.
    """
    cs = cells(section)
    # header: cells up to the first group heading or the first row number
    start = next(
        (k for k, c in enumerate(cs) if _group_of(c.text) or _ROW_NO.match(c.text)), len(cs)
    )
    width = max(start, 5)
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
        m = _ROW_NO.match(c.text)
        if not m or i + 1 >= len(cs):
            findings.append(
                Finding(
                    "unexpected_cell",
                    "warning",
                    f"cell {_snippet(c.text)!r} fits no row of the indicators table; not read",
                    f"table 2, line {c.line}",
                )
            )
            i += 1
            continue
        row = cs[i : i + width]
        cut = next((k for k, x in enumerate(row) if k > 1 and _group_of(x.text)), len(row))
        row = row[:cut]
        i += len(row)
        row_no = m.group(1)
        name = _one_line(row[1].text)
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
        target_text = row[2].text if len(row) > 2 else ""
        actual_text = row[3].text if len(row) > 3 else ""
        target = _number(target_text, where, findings)
        actual = _number(actual_text, where, findings)
        extra = [x.text for x in row[4:]]
        pct = None
        if extra and (extra[0].strip() in _DASHES or _AMOUNT_LINE.match(extra[0].strip())):
            pct = _number(extra[0], where, findings)
            extra = extra[1:]
        rows.append(
            {
                "program": program,
                "period": period,
                "group": group or "",
                "row_no": row_no,
                "indicator": name,
                "unit": _unit_of(name),
                "baseline": None,
                "target": target,
                "actual": actual,
                "target_decimals": _decimals(target_text),
                "actual_decimals": _decimals(actual_text),
                "reported_pct": pct,
                "comment": " ".join(_one_line(e) for e in extra if e),
                "source": source,
                "locator": where,
            }
        )
    return rows


# --- checks ----------------------------------------------------------------------------------


def percent_status(
    planned: Decimal | None, actual: Decimal | None, reported: Decimal
) -> tuple[str, Decimal | None, Decimal | None]:
    """The audit's rule for a printed percent: ``(status, recomputed_pct, difference_pp)``.

    recomputed = 100 × actual ÷ planned (exact decimals), difference = reported − recomputed;
    status ``ok`` (difference 0), ``rounding`` (0 < |difference| ≤ ``PERCENT_TOLERANCE_PP``),
    ``mismatch`` (larger), ``no_plan`` (planned empty or 0), ``no_actual`` (actual empty).
    """
    if planned is None or planned == 0:
        return "no_plan", None, None
    if actual is None:
        return "no_actual", None, None
    recomputed = actual / planned * 100
    diff = reported - recomputed
    if diff == 0:
        return "ok", recomputed, diff
    return ("rounding" if abs(diff) <= PERCENT_TOLERANCE_PP else "mismatch"), recomputed, diff


def _check(
    table: str,
    row: str,
    planned: Decimal | None,
    actual: Decimal | None,
    reported: Decimal,
    locator: str,
) -> dict:
    """Recompute a reported percent: actual ÷ planned × 100, difference in percentage points."""
    status, recomputed, diff = percent_status(planned, actual, reported)
    return {
        "table": table,
        "row": row,
        "planned": planned,
        "actual": actual,
        "reported_pct": reported,
        "recomputed_pct": recomputed,
        "difference_pp": diff,
        "status": status,
        "locator": locator,
    }


def _percent_finding(c: dict) -> Finding | None:
    status, row, loc = c["status"], c["row"], c["locator"]
    reported = _fmt(c["reported_pct"])
    if status == "ok":
        return None
    if status == "no_plan":
        return Finding(
            "percent_without_plan",
            "warning",
            f"{row}: {reported}% printed but there is no plan "
            f"(planned {_fmt(c['planned'])}, actual {_fmt(c['actual'])})",
            loc,
        )
    if status == "no_actual":
        return Finding(
            "percent_without_actual",
            "warning",
            f"{row}: {reported}% printed but the actual value is empty "
            f"(planned {_fmt(c['planned'])})",
            loc,
        )
    recomputed = c["recomputed_pct"].quantize(_CENT, ROUND_HALF_UP)
    text = (
        f"{row}: printed {reported}%, actual {_fmt(c['actual'])} ÷ planned "
        f"{_fmt(c['planned'])} × 100 = {recomputed}% "
        f"(difference {c['difference_pp'].quantize(_CENT, ROUND_HALF_UP)} pp)"
    )
    if status == "mismatch":
        return Finding("percent_mismatch", "error", text, loc)
    return Finding("percent_rounding", "note", text, loc)


def _total_finding(t: dict) -> Finding:
    text = (
        f"total «{t['total']}», {t['column']}: printed {_fmt(t['printed'])}, "
        f"sum of {t['rows_summed']} rows {_fmt(t['recomputed'])}"
        if not t["total"].startswith(tuple(INDICATOR_GROUPS.values()))
        else f"{t['total']}, {t['column']}: printed {_fmt(t['printed'])}, "
        f"table 1 total {_fmt(t['recomputed'])}"
    )
    if t["ok"]:
        return Finding("total_confirmed", "note", text + " — adds up", t["locator"])
    return Finding(
        "total_mismatch",
        "error",
        text + f" (difference {_fmt(t['difference'])})",
        t["locator"],
    )


# --- frames and small helpers ----------------------------------------------------------------


def _measures_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(
        [
            {
                **{k: r[k] for k in MEASURE_COLUMNS if k in r},
                "planned_thousand_uah": _float(r["planned"]),
                "actual_thousand_uah": _float(r["actual"]),
                "reported_pct": _float(r["reported_pct"]),
            }
            for r in rows
        ],
        columns=list(MEASURE_COLUMNS),
    )
    for col in ("planned_thousand_uah", "actual_thousand_uah", "reported_pct"):
        df[col] = df[col].astype("Float64")
    return df


def _totals_frame(rows: list[dict]) -> pd.DataFrame:
    cols = [
        "label",
        "scope",
        "planned_thousand_uah",
        "actual_thousand_uah",
        "reported_pct",
        "locator",
    ]
    df = pd.DataFrame(
        [
            {
                "label": r["label"],
                "scope": r["scope"] or "all",
                "planned_thousand_uah": _float(r["planned"]),
                "actual_thousand_uah": _float(r["actual"]),
                "reported_pct": _float(r["reported_pct"]),
                "locator": r["locator"],
            }
            for r in rows
        ],
        columns=cols,
    )
    for col in cols[2:5]:
        df[col] = df[col].astype("Float64")
    return df


def _indicators_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(
        [
            {
                **{k: r[k] for k in INDICATOR_COLUMNS},
                "baseline": _float(r["baseline"]),
                "target": _float(r["target"]),
                "actual": _float(r["actual"]),
                "reported_pct": _float(r["reported_pct"]),
            }
            for r in rows
        ],
        columns=list(INDICATOR_COLUMNS),
    )
    for col in ("baseline", "target", "actual", "reported_pct"):
        df[col] = df[col].astype("Float64")
    return df


def _display_check(c: dict) -> dict:
    out = dict(c)
    for key in ("planned", "actual", "reported_pct"):
        out[key] = _float(c[key])
    for key in ("recomputed_pct", "difference_pp"):
        out[key] = None if c[key] is None else float(c[key].quantize(_CENT, ROUND_HALF_UP))
    return out


def _display_total(t: dict) -> dict:
    out = dict(t)
    for key in ("printed", "recomputed", "difference"):
        out[key] = _float(t[key])
    return out


def _sum_or_none(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _half_unit(decimals: int) -> Decimal:
    """Half a unit in the last printed decimal place (1 decimal → 0.05; none → 0.5)."""
    return Decimal(5) * Decimal(10) ** (-decimals - 1)


def _decimals(printed: str) -> int:
    """Digits printed after the decimal comma or point ("865,0" → 1, "115" → 0)."""
    m = re.search(r"[.,](\d+)\s*$", printed.strip())
    return len(m.group(1)) if m else 0


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _fmt(value: Decimal | None) -> str:
    return "empty" if value is None else str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _snippet(text: str, n: int = 40) -> str:
    t = _one_line(text)
    return t if len(t) <= n else t[: n - 1] + "…"
