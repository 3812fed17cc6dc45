"""The problem catalogue of docs/reliability.md, rendered from the report module's messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from promis_analytics.registers.schema.report import MESSAGES, NOTE, WARNING, Entry, format_entry

_INT_UK, _INT_EN = "ціле число, напр. 25", "a whole number, e.g. 25"

# code → example Entry fields and message parameters (what the loader would pass)
EXAMPLES: dict[str, dict[str, Any]] = {
    "missing_column": dict(
        row=1, name="participants", label_uk="Кількість учасників", label_en="Participants"
    ),
    "extra_column": dict(
        row=1,
        column="Примітки",
        column_letter="M",
        header="Примітки",
        name="extra:Примітки",
        severity=NOTE,
    ),
    "auto_column": dict(row=1, column="source", name="source", severity=NOTE),
    "duplicate_column": dict(
        row=1, column="Місто", column_letter="M", value="Місто", other="G «Місто»"
    ),
    "unnamed_column": dict(row=5, column_letter="N", value="зайве"),
    "header_not_found": dict(row=1, kind="events"),
    "empty_file": dict(),
    "no_data": dict(row=1),
    "row_length": dict(row=3, column_letter="K", found=10, width=12),
    "repeated_header": dict(row=9, value="Код заходу"),
    "formula_no_value": dict(
        row=13, column="Кількість учасників", column_letter="I", value="=I3+1"
    ),
    "excel_error": dict(row=4, column="Кількість учасників", column_letter="I", value="#DIV/0!"),
    "required": dict(
        row=11, column="Назва", column_letter="B", value="", expected_uk="текст", expected_en="text"
    ),
    "bad_value": dict(
        row=5,
        column="Кількість учасників",
        column_letter="I",
        value="двадцять",
        detail="",
        expected_uk=_INT_UK,
        expected_en=_INT_EN,
    ),
    "not_allowed": dict(
        row=4,
        column="Тип заходу",
        column_letter="C",
        value="вебінарр",
        closest_uk="вебінар",
        closest_en="webinar",
        allowed_uk="тренінг, семінар, вебінар, …",
        allowed_en="training, seminar, webinar, …",
    ),
    "unknown_place": dict(
        row=8, column="Місто", column_letter="G", value="Гадюкине", closest="Гадяч"
    ),
    "ambiguous_place": dict(
        row=9,
        column="Місто",
        column_letter="G",
        value="Гута, Львівська обл.",
        candidates="Гута (село), Буська громада, Золочівський район, Львівська область; …",
    ),
    "place_note": dict(
        row=10,
        column="Місто",
        column_letter="G",
        value="Кіровоград",
        note_uk="«Кіровоград» перейменовано на «Кропивницький» 2016-07-14",
        note_en="«Кіровоград» was renamed «Kropyvnytskyi» on 2016-07-14",
        severity=NOTE,
    ),
    "below_minimum": dict(
        row=5, column="Кількість учасників", column_letter="I", value="-5", minimum=0
    ),
    "above_maximum": dict(row=6, column="Рік", column_letter="C", value="2041", maximum=2030),
    "not_le": dict(
        row=6,
        column="З них жінок",
        column_letter="J",
        value="30",
        a="women",
        va=30,
        b="participants",
        vb=20,
    ),
    "parts_over_total": dict(
        row=7,
        column="Жінки",
        column_letter="J",
        value="14",
        parts="Жінки + Чоловіки",
        values="14 + 12",
        sum=26,
        total="Кількість учасників",
        vt=20,
    ),
    "outside_project": dict(
        row=10,
        column="Дата початку",
        column_letter="E",
        value="10.01.2014",
        start="2015-04-01",
        end="2021-03-31",
    ),
    "currency_mismatch": dict(
        row=2,
        column="Внесок проєкту",
        column_letter="D",
        value="20 000 грн",
        found="UAH",
        currency_column="project_currency",
        currency="CAD",
    ),
    "currency_missing": dict(
        row=3,
        column="Внесок проєкту",
        column_letter="D",
        value="453,3",
        currency_column="project_currency",
    ),
    "duplicate_key": dict(
        row=9, column="Код заходу", column_letter="A", value="E1", key="E1", first_row=3
    ),
    "totals_mismatch": dict(
        row=17,
        column="Кількість учасників",
        column_letter="I",
        value="999",
        found="999",
        computed="240",
    ),
    "totals_not_last": dict(row=12, value="Всього"),
    "swallowed_lines": dict(
        row=2, column="Назва", column_letter="B", value="Семінар «Бюджет участі»,seminar,1200,…"
    ),
    "control_character": dict(
        row=6, column="Назва", column_letter="B", value="Тренінг\\x07", chars="U+0007"
    ),
    "line_break_character": dict(
        row=7, column="Назва", column_letter="B", value="Семінар\nз бюджету", severity=NOTE
    ),
    "merged_cells": dict(row=2, column="Місто", column_letter="G", ref="G2:H3"),
    "merged_filled": dict(row=2, column="Місто", column_letter="G", ref="G2:G3", severity=NOTE),
    "hidden_row": dict(row=3, severity=NOTE),
    "above_header": dict(row=1, value="Реєстр заходів", severity=NOTE),
    "header_rows": dict(row=2, rows="2–3", severity=NOTE),
    "looks_like": dict(
        row=2,
        kind="events",
        guess="recommendations",
        looks_uk="; схоже на реєстр «Рекомендації» (recommendations), збіглися: "
        "«Рекомендація» → text, «Місто» → city",
        looks_en="; looks like a recommendations register (recommendations), matched: "
        "«Рекомендація» → text, «Місто» → city",
    ),
    "kobo_export": dict(
        columns="_id, _submission_time, _index",
        id_uk="; код запису — «_uuid»",
        id_en="; the row ID is '_uuid'",
        severity=NOTE,
    ),
    "hidden_sheet": dict(hidden="Чернетка", severity=NOTE),
    "blank_row": dict(row=15, severity=NOTE),
    "totals_row": dict(row=17, severity=NOTE),
    "percent_range": dict(row=4, column="Факт", column_letter="O", value="120"),
    "two_units": dict(
        row=6,
        column="Одиниця виміру",
        column_letter="G",
        value="людей",
        indicator="1120",
        first="осіб",
        first_row=3,
    ),
    "two_levels": dict(
        row=7,
        column="Рівень",
        column_letter="C",
        value="output",
        indicator="1100",
        first="immediate_outcome",
        first_row=2,
    ),
    "no_baseline": dict(
        row=3, column="Базове значення", column_letter="K", indicator="1120", severity=WARNING
    ),
    "sex_above_all": dict(
        row=5,
        column="Факт",
        column_letter="O",
        value="160",
        women_row=3,
        men_row=4,
        parts="170",
        total="160",
        what="Факт",
        severity=WARNING,
    ),
    "file_error": dict(
        detail="password-protected workbook (encrypted)",
        detail_uk="книга захищена паролем (зашифрована)",
        expected_en="an .xlsx workbook without a password",
        expected_uk="книгу .xlsx без пароля",
    ),
    "rate_date": dict(row=3, column="date", column_letter="A", value="31.02.2023"),
    "rate_currency": dict(row=4, column="currency", column_letter="B", value="євр"),
    "rate_value": dict(row=5, column="uah_per_unit", column_letter="C", value="-42,1"),
    "rate_conflict": dict(
        row=6,
        column="uah_per_unit",
        column_letter="C",
        value="42.5",
        currency="EUR",
        day="2023-04-20",
        first="row 5",
        rate="42.1",
    ),
    "rate_file": dict(
        row=1,
        value="date;currency",
        detail_uk="немає стовпців currency, uah_per_unit",
        detail="no columns currency, uah_per_unit",
    ),
    "year_outside_project": dict(
        row=7, column="Рік надання", column_letter="F", value="2026", start=2022, end=2024
    ),
    "after_project": dict(
        row=8,
        column="Рік надання",
        column_letter="F",
        value="2025",
        start=2022,
        end=2024,
        severity=WARNING,
    ),
}

_ENTRY_KEYS = {"row", "column", "column_letter", "value", "severity"}
START, END = "<!-- problems:start -->", "<!-- problems:end -->"
LIMITS_START, LIMITS_END = "<!-- limits:start -->", "<!-- limits:end -->"


def limits() -> list[tuple[str, str, str]]:
    """(limit, value, where enforced) for every input limit, read from the modules."""
    from promis_analytics import safety
    from promis_analytics.extract.documents import guard
    from promis_analytics.registers.io import limits as defaults

    mib = 1024 * 1024
    return [
        ("CSV file size", f"{defaults.MAX_CSV_BYTES // mib} MiB", "registers.io.reader"),
        (
            "workbook file size (compressed)",
            f"{safety.MAX_WORKBOOK_BYTES // mib} MiB",
            "safety.check_workbook",
        ),
        ("parts inside a workbook zip", f"{safety.MAX_MEMBERS}", "safety.check_workbook"),
        (
            "workbook size unpacked (all parts)",
            f"{defaults.MAX_XLSX_UNCOMPRESSED // mib} MiB",
            "registers.io.xlsx",
        ),
        ("compression ratio, whole workbook", f"{defaults.MAX_XLSX_RATIO}:1", "registers.io.xlsx"),
        (
            "compression ratio, any part over 1 MiB",
            f"{safety.MAX_MEMBER_RATIO}:1",
            "safety.check_workbook",
        ),
        (
            "rows × columns of a sheet (declared `<dimension>` and real cell references)",
            f"{defaults.MAX_CELLS:,}".replace(",", " "),
            "registers.io.xlsx, safety.sheet_extent",
        ),
        ("`<!DOCTYPE>` / `<!ENTITY>` in any workbook XML part", "refused", "safety.check_workbook"),
        ("XML parser", "defusedxml required (openpyxl.xml.DEFUSEDXML)", "registers.io.xlsx"),
        ("document file size", f"{safety.MAX_DOCUMENT_BYTES // mib} MiB", "documents.guard"),
        (
            "compression ratio, any .docx/.odt part over 1 MiB",
            f"{safety.MAX_DOCUMENT_RATIO}:1",
            "documents.guard.check_package",
        ),
        (
            ".docx/.odt XML unpacked (all parts)",
            f"{safety.MAX_DOCUMENT_UNPACKED // mib} MiB",
            "documents.guard.check_package",
        ),
        (
            ".docx/.odt XML elements (all parts)",
            f"{safety.MAX_DOCUMENT_ELEMENTS:,}".replace(",", " "),
            "documents.guard.check_package",
        ),
        ("PDF pages", f"{safety.MAX_PDF_PAGES:,}".replace(",", " "), "documents.pdf"),
        (
            "one PDF stream inflated (image streams: 16 ×); one page's content",
            f"{safety.MAX_PDF_STREAM_BYTES // mib} MiB",
            "documents.guard.check_pdf, documents.pdf",
        ),
        (
            "lines of a text document",
            f"{safety.MAX_TEXT_LINES:,}".replace(",", " "),
            "documents.text",
        ),
        (
            "LibreOffice / Tesseract run on one document",
            f"{guard.CONVERT_TIMEOUT} s",
            "documents.office, documents.ocr",
        ),
    ]


def limits_markdown() -> str:
    """The limits as a Markdown table."""
    rows = ["| Limit | Value | Enforced in |", "|---|---|---|"]
    rows += [f"| {a} | {b} | `{c}` |" for a, b, c in limits()]
    return "\n".join(rows)


def example_entry(code: str) -> Entry:
    """An example ``Entry`` of problem ``code`` in a file ``events.xlsx``, sheet «Заходи»."""
    spec = dict(EXAMPLES[code])
    fields = {k: spec.pop(k) for k in list(spec) if k in _ENTRY_KEYS}
    sheet = None if code in ("file_error", "empty_file") else "Заходи"
    return Entry(code=code, file="events.xlsx", sheet=sheet, params=spec, **fields)


def problems_markdown() -> str:
    """The problem table: code, severity, and the console line in Ukrainian and English."""
    lines = [
        "| Код / code | Рівень / severity | Приклад / example (uk) | Example (en) |",
        "|---|---|---|---|",
    ]
    for code in MESSAGES:
        e = example_entry(code)
        uk = format_entry(e, "uk").replace("|", "\\|")
        en = format_entry(e, "en").replace("|", "\\|")
        lines.append(f"| `{code}` | {e.severity} | {uk} | {en} |")
    return "\n".join(lines)


def render(doc: str) -> str:
    """``doc`` with the text between the problem markers replaced by ``problems_markdown()``."""
    for start, end, body in (
        (START, END, problems_markdown()),
        (LIMITS_START, LIMITS_END, limits_markdown()),
    ):
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
        replacement = f"{start}\n{body}\n{end}"
        doc = pattern.sub(lambda _m: replacement, doc)  # noqa: B023 (sub calls it at once)
    return doc


def update_doc(path: str | Path) -> Path:
    """Regenerate the problem table inside ``path`` (docs/reliability.md) in place."""
    p = Path(path)
    p.write_text(render(p.read_text(encoding="utf-8")), encoding="utf-8")
    return p
