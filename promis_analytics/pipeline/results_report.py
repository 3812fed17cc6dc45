"""The results report: the built charts with caption, source and key numbers, as DOCX (and PDF).

``write_results_report(figures_dir, workbook, lang, out)`` assembles, in ``lang``: a title
page from ``[project]`` (title, period), one section per chart drawn (title, the PNG, the
caption, the source line, the first rows of its data CSV as a small table), the charts not
drawn with the reason, and the data-quality summary of the workbook (the brochure check
summary and every figure whose recomputed value differs from the printed one). Styles come
from a Word template (``[report] template = "….docx"`` beside ``promis.toml``; its body is
replaced, its styles, page size and headers kept). ``to_pdf`` converts with LibreOffice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from promis_analytics.charts.labels import label
from promis_analytics.charts.theme import FONT_FAMILY

__all__ = ["KEY_ROWS", "ReportError", "report_path", "write_results_report"]

#: Rows of a chart's data shown under it (all of them are in the CSV).
KEY_ROWS = 12
#: Width of a figure on the page, in centimetres (A4 with 2.5 cm margins).
FIGURE_CM = 16.0
_FIXED_TIME = dt.datetime(2021, 12, 31)  # core properties: same bytes on every run


#: Styles the report uses (a template should define them; missing ones fall back to Normal).
_TEXT_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption")


class ReportError(ValueError):
    """The report cannot be made (bad template, …); bilingual message."""


def report_path(reports_dir: Path, lang: str, suffix: str = ".docx") -> Path:
    """``reports/results_report.<lang>.docx`` (or ``.pdf``)."""
    return reports_dir / f"results_report.{lang}{suffix}"


def _document(template: Path | None) -> Any:
    """A document with the template's styles and an empty body."""
    import docx

    if template is None:
        doc = docx.Document()
        for name in _TEXT_STYLES:  # the brochure font, installed everywhere the charts are drawn:
            style = _style(doc, name)  # Word's default (Calibri) is absent on Linux and its
            if style is not None:  # substitute could differ between LibreOffice runs
                style.font.name = FONT_FAMILY
        return doc
    if not template.is_file():
        raise ReportError(
            f"шаблону звіту {template} немає ([report] template) / "
            f"the report template {template} does not exist ([report] template)"
        )
    try:
        doc = docx.Document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a file that is no .docx
        raise ReportError(
            f"{template.name}: це не документ Word .docx ({exc}) / "
            f"{template.name} is not a Word .docx document ({exc})"
        ) from exc
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


def _style(doc: Any, name: str) -> Any:
    """The template's style ``name``, or None (Word's default) when the template lacks it."""
    try:
        return doc.styles[name]
    except KeyError:
        return None


def _title_page(doc: Any, settings: Any, folder_name: str, lang: str) -> None:
    title = getattr(settings, f"title_{lang}", None) or getattr(settings, "title_uk", None)
    doc.add_paragraph(title or folder_name, style=_style(doc, "Title"))
    doc.add_paragraph(label("report.subtitle", lang), style=_style(doc, "Subtitle"))
    if getattr(settings, "period_text", ""):
        doc.add_paragraph(label("report.period", lang, period=settings.period_text))
    doc.add_paragraph(label("report.made_from", lang, folder=folder_name))
    doc.add_page_break()


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return (rows[0], rows[1:]) if rows else ([], [])


_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def shown(value: Any, lang: str) -> str:
    """A cell as the report prints it: a number with a fractional part rounded to two places
    in the language's notation (``43.864229`` → uk ``"43,86"``), anything else as written
    (whole numbers such as years and counts unchanged; the CSV keeps every digit)."""
    from promis_analytics.formatting import format_number

    if value is None:
        return ""
    if isinstance(value, float) or (isinstance(value, str) and _DECIMAL.match(value)):
        number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        whole = number == number.to_integral()
        return format_number(number.to_integral() if whole else number.normalize(), lang)
    return str(value)


def _table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[Any]], lang: str) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    style = _style(doc, "Table Grid")
    if style is not None:
        table.style = style
    for j, text in enumerate(header):
        cell = table.rows[0].cells[j]
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            table.rows[i].cells[j].text = shown(value, lang)


def _chart_section(doc: Any, entry: Any, folder: Path, lang: str) -> None:
    """Title, picture, caption, source and key numbers of one chart."""
    from docx.shared import Cm

    meta = entry.meta or {}
    doc.add_heading(meta.get("title") or entry.stem, level=2)
    doc.add_picture(str(folder / entry.files["png"]), width=Cm(FIGURE_CM))
    if meta.get("caption"):
        doc.add_paragraph(meta["caption"], style=_style(doc, "Caption"))
    if meta.get("source"):
        doc.add_paragraph(f"{label('source.prefix', lang)}: {meta['source']}")
    data = folder / meta.get("data", f"{entry.stem}.csv")
    if data.is_file():
        header, rows = _read_csv(data)
        if header:
            doc.add_paragraph(label("report.key_numbers", lang), style=_style(doc, "Heading 3"))
            _table(doc, header, rows[:KEY_ROWS], lang)
            more = len(rows) - KEY_ROWS
            note = (
                label("report.more_rows", lang, n=more, file=data.name)
                if more > 0
                else label("report.data_file", lang, file=data.name)
            )
            doc.add_paragraph(note)


def _entries(figures_dir: Path, lang: str) -> tuple[list[Any], list[Any]]:
    """(charts drawn in ``lang`` with a PNG, charts skipped), in notebook then file order."""
    from promis_analytics.pipeline.gallery import gallery_entries

    mine = [e for e in gallery_entries(figures_dir) if e.lang == lang]
    mine.sort(key=lambda e: ((e.meta or {}).get("notebook", "~"), e.stem))
    drawn = [e for e in mine if "png" in e.files and not (e.meta or {}).get("skipped")]
    skipped = [e for e in mine if (e.meta or {}).get("skipped")]
    return drawn, skipped


def _pick(text: Any, lang: str) -> Any:
    """One language of a workbook cell written "українською / in English"."""
    if isinstance(text, str) and " / " in text:
        uk, _, en = text.partition(" / ")
        return uk if lang == "uk" else en
    return text


def _quality(doc: Any, workbook: Path, lang: str) -> None:
    """The data-quality summary from the workbook's check sheets."""
    from promis_analytics.pipeline.workbook import SHEETS

    doc.add_heading(label("report.quality", lang), level=1)
    if not workbook.is_file():
        doc.add_paragraph(label("report.no_workbook", lang, file=workbook.name))
        return
    import openpyxl

    wb = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    try:
        wanted = {k: n for k, n in SHEETS.items() if k.startswith("brochure_check")}
        sheets = {
            key: list(wb[name].iter_rows(values_only=True))
            for key, name in wanted.items()
            if name in wb.sheetnames
        }
    finally:
        wb.close()
    head = 0 if lang == "uk" else 1  # header rows: Ukrainian, English, column keys
    summary = sheets.get("brochure_check_summary", [])
    if len(summary) > 3:
        doc.add_heading(label("report.checks_summary", lang), level=2)
        keys = list(summary[2])
        cols = [i for i, k in enumerate(keys) if k in ("kind", "status", "checks")]
        _table(doc, [summary[head][i] for i in cols],
               [[_pick(r[i], lang) for i in cols] for r in summary[3:]], lang)  # fmt: skip
    checks = sheets.get("brochure_checks", [])
    if len(checks) > 3:
        doc.add_heading(label("report.differences", lang), level=2)
        keys = list(checks[2])
        columns = ("fact_id", "metric", "as_printed", "recomputed_value", "difference", "unit")
        cols = [keys.index(k) for k in columns if k in keys]
        diff = keys.index("difference") if "difference" in keys else None
        rows = [r for r in checks[3:] if diff is not None and r[diff] not in (None, 0, 0.0)]
        if rows:
            rows = [[r[i] for i in cols] for r in rows]
            _table(doc, [checks[head][i] for i in cols], rows, lang)
        else:
            doc.add_paragraph(label("report.no_differences", lang))


def write_results_report(
    figures_dir: Path,
    workbook: Path,
    lang: str,
    out: Path,
    *,
    settings: Any = None,
    folder_name: str = "",
    template: Path | None = None,
) -> Path:
    """Write the results report in ``lang`` to ``out`` (DOCX, byte-stable); return ``out``.

    ``settings``: ``project.ProjectSettings`` (title page); ``template``: a .docx whose styles
    are used (``ReportError`` when it is missing or no .docx).
    """
    from promis_analytics.pipeline.files import normalise_zip

    doc = _document(template)
    _title_page(doc, settings, folder_name, lang)
    drawn, skipped = _entries(figures_dir, lang)
    doc.add_heading(label("report.charts", lang), level=1)
    if not drawn:
        doc.add_paragraph(label("report.no_charts", lang))
    for entry in drawn:
        _chart_section(doc, entry, figures_dir, lang)
    if skipped:
        doc.add_heading(label("report.omitted", lang), level=2)
        for e in skipped:
            meta = e.meta or {}
            doc.add_paragraph(f"{meta.get('title') or e.stem}: {meta['skipped']}")
    _quality(doc, workbook, lang)
    props = doc.core_properties
    props.title = getattr(settings, f"title_{lang}", None) or folder_name
    props.author = props.last_modified_by = "promis_analytics"
    props.created = props.modified = _FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    normalise_zip(out)
    return out
