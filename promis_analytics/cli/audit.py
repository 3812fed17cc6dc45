"""``promis audit``: check a document's own arithmetic (program reports: percents and totals)."""

from __future__ import annotations

import csv
from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from promis_analytics import export
from promis_analytics.charts.labels import label
from promis_analytics.cli.problems import document_problem
from promis_analytics.extract import Finding
from promis_analytics.extract.documents import DocumentError
from promis_analytics.extract.program_report import (
    FLAGGED_VERDICTS,
    ProgramReport,
    program_report,
)
from promis_analytics.extract.program_report.arithmetic import percent_errors
from promis_analytics.extract.program_report.audit_tables import audit_tables
from promis_analytics.extract.program_report.contradictions import TextAudit, text_audit
from promis_analytics.formatting import format_number
from promis_analytics.paths import PACKAGE_DATA_DIR

SEVERITY_RANK = {"note": 0, "warning": 1, "error": 2}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}
SEVERITY_LABEL = {
    "error": "помилка / error",
    "warning": "увага / warning",
    "note": "примітка / note",
}


@click.group(name="audit")
def command() -> None:
    """Перевірка арифметики документів / Audit a document's own arithmetic."""


@command.command(name="program-report")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="Source id for locators (default: file name).")
@click.option(
    "--lang",
    type=click.Choice(["uk", "en"]),
    default="uk",
    show_default=True,
    help="Number format (labels are always bilingual).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["never", "error", "warning", "note"]),
    default="never",
    show_default=True,
    help="Exit with status 1 when a finding of this severity or worse is found "
    "(confirmed totals do not count).",
)
@click.option("--width", type=int, default=None, help="Console width (default: terminal).")
@click.option(
    "--report",
    "report_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the audit as a workbook (.xlsx): contradictions, percents, unaligned, "
    "findings.",
)
@click.option(
    "--unaligned",
    is_flag=True,
    help="List the statements of the text that no table row or other statement matches.",
)
def program_report_command(
    path: Path,
    source: str | None,
    lang: str,
    fail_on: str,
    width: int | None,
    report_out: Path | None,
    unaligned: bool,
) -> None:
    """Перевірити звіт про виконання програми / Audit a program execution report.

    Recomputes every reported percent as actual ÷ planned × 100 at its printed precision
    (one verdict per percent, the same the workbook and the plan-vs-actual chart show:
    neither rounded nor cut is an error, cut instead of rounded a warning each, correctly
    rounded nothing), flags percents printed without a plan, and recomputes the "Всього" /
    "у тому числі" totals from the measure rows.
    """
    try:
        report = program_report(path, source=source)
    except DocumentError as exc:
        raise document_problem(exc, lang) from None
    findings = report.audit()
    totals = report.totals_check
    console = Console(width=width, soft_wrap=False)
    # confirmed totals are shown in the totals table rather than as one finding each, the
    # text's contradictions in a table of their own (both quotes, both lines)
    shown = [f for f in findings if f.kind != "total_confirmed"]
    _print_header(console, report, shown)
    console.print(_findings_table([f for f in shown if f.kind != "text_table_mismatch"]))
    console.print(_percents_table(report.percent_check, lang))
    narrative = text_audit(report)
    console.print(_contradictions_table(narrative, lang))
    console.print(_arithmetic_table(report, lang))
    console.print(
        f"Тверджень тексту: зіставлено {len(narrative.confirmed)} без суперечностей, "
        f"{len(narrative.contradictions)} суперечать, {len(narrative.unaligned)} не зіставлено / "
        f"Statements of the text: {len(narrative.confirmed)} agree, "
        f"{len(narrative.contradictions)} contradict, {len(narrative.unaligned)} unaligned"
    )
    if unaligned:
        console.print(_unaligned_table(narrative, lang))
    if report_out is not None:
        export.write(audit_tables(report), report_out)
        console.print(f"→ {report_out}")
    console.print(_totals_table(totals, lang))
    console.print(
        f"Підсумки, що збігаються / Totals that add up: {int(totals['ok'].sum())} "
        f"з / of {len(totals)}"
    )
    if fail_on != "never" and any(
        SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] for f in shown
    ):
        raise SystemExit(1)


def _print_header(console: Console, report: ProgramReport, findings: list[Finding]) -> None:
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_RANK}
    console.print(f"[bold]{report.program or '(без назви / untitled)'}[/bold]")
    console.print(
        f"Період / Period: {report.period or '—'}   Джерело / Source: {report.source}   "
        f"Заходів / Measures: {report.measures['measure_no'].nunique()}   "
        f"Показників / Indicators: {len(report.indicators)}"
    )
    console.print(
        f"Помилки / Errors: {counts['error']}   Увага / Warnings: {counts['warning']}   "
        f"Примітки / Notes: {counts['note']}"
    )


def _findings_table(findings: list[Finding]) -> Table:
    table = Table(title="Знахідки / Findings", show_lines=False)
    table.add_column("Важливість / Severity", no_wrap=True)
    table.add_column("Вид / Kind", no_wrap=True)
    table.add_column("Опис / Message")
    table.add_column("Де / Locator")
    ordered = sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity])  # stable by position
    if not ordered:
        table.add_row("—", "", "нічого не знайдено / nothing found", "")
    for f in ordered:
        style = SEVERITY_STYLE[f.severity]
        table.add_row(SEVERITY_LABEL[f.severity], f.kind, f.message, f.locator, style=style)
    return table


def _verdict(status: str) -> str:
    key = f"value.audit_status.{status}"
    return f"{label(key, 'uk')} / {label(key, 'en')}"


def _percents_table(checks: pd.DataFrame, lang: str) -> Table:
    """Every printed percent with the audit's verdict (``percent_at_precision``)."""
    table = Table(title="Перевірка відсотків / Percent check")
    table.add_column("Рядок / Row")
    table.add_column("Надруковано / Printed", justify="right")
    table.add_column("Перераховано / Recomputed", justify="right")
    table.add_column("Висновок / Verdict", no_wrap=True)
    table.add_column("Де / Locator")
    for r in checks.itertuples(index=False):
        flagged = r.status in FLAGGED_VERDICTS
        style = "bold red" if r.status == "mismatch" else ("yellow" if flagged else None)
        recomputed = "—" if pd.isna(r.recomputed_pct) else format_number(r.recomputed_pct, lang, 2)
        printed = format_number(r.reported_pct, lang, int(r.reported_decimals))
        table.add_row(r.row, printed, recomputed, _verdict(r.status), r.locator, style=style)
    if not len(checks):
        table.add_row("—", "", "", "немає відсотків / no percents", "")
    return table


def _totals_table(totals: pd.DataFrame, lang: str) -> Table:
    table = Table(title="Перевірка підсумків / Totals check")
    table.add_column("Підсумок / Total")
    table.add_column("Стовпець / Column", no_wrap=True)
    table.add_column("Надруковано / Printed", justify="right")
    table.add_column("Перераховано / Recomputed", justify="right")
    table.add_column("Рядків / Rows", justify="right")
    table.add_column("Збігається / Adds up", no_wrap=True)
    for r in totals.itertuples(index=False):
        ok = bool(r.ok)
        table.add_row(
            r.total,
            r.column,
            format_number(r.printed, lang, decimals=1),
            format_number(r.recomputed, lang, decimals=1),
            str(r.rows_summed),
            "так / yes" if ok else "ні / no",
            style=None if ok else "bold red",
        )
    if not len(totals):
        table.add_row("—", "", "", "", "", "немає підсумків / no totals")
    return table


def _labels() -> dict[str, str]:
    """``data/audit_labels.csv``: kind → «uk / en» label."""
    with open(PACKAGE_DATA_DIR / "audit_labels.csv", encoding="utf-8", newline="") as fh:
        return {r["kind"]: f"{r['uk']} / {r['en']}" for r in csv.DictReader(fh)}


def _contradictions_table(narrative: TextAudit, lang: str) -> Table:
    labels = _labels()
    table = Table(title="Текст проти таблиць / The text against the tables", show_lines=True)
    table.add_column("Рядок / Line", justify="right", no_wrap=True)
    table.add_column("Текст каже / The text says")
    table.add_column("Рядок / Line", justify="right", no_wrap=True)
    table.add_column("Таблиця або інше місце каже / The table or another place says")
    table.add_column("Вид / Kind")
    rows = sorted(narrative.contradictions, key=lambda c: (c.text_line, c.other_line))
    for c in rows:
        table.add_row(
            str(c.text_line),
            f"{c.stated}\n«{c.text_quote}»",
            str(c.other_line),
            f"{c.other}\n«{c.other_quote}» ({c.other_locator})",
            "\n".join(labels.get(k, k) for k in (c.kind, c.rule) if k),
            style="yellow",
        )
    if not rows:
        table.add_row("—", "суперечностей не знайдено / no contradiction found", "", "", "")
    return table


def _arithmetic_table(report: ProgramReport, lang: str) -> Table:
    labels = _labels()
    table = Table(title="Відсотки, що не сходяться / Percents that do not add up")
    table.add_column("Рядок / Line", justify="right", no_wrap=True)
    table.add_column("Де / Where")
    table.add_column("Надруковано / Printed", justify="right")
    table.add_column("Факт ÷ план × 100 / Actual ÷ planned × 100", justify="right")
    table.add_column("Вид / Kind")
    errors = percent_errors(report)
    for e in errors:
        recomputed = "—" if e.recomputed is None else format_number(e.recomputed, lang, decimals=2)
        kind = labels.get(e.kind, e.kind) + (f" ({e.detail})" if e.detail else "")
        table.add_row(
            str(e.line), e.row, str(e.printed).replace(".", ","), recomputed, kind, style="red"
        )
    if not errors:
        table.add_row("—", "усі відсотки правильні / every percent is right", "", "", "")
    return table


def _unaligned_table(narrative: TextAudit, lang: str) -> Table:
    table = Table(title="Не зіставлені твердження / Unaligned statements")
    table.add_column("Рядок / Line", justify="right", no_wrap=True)
    table.add_column("Значення / Value", justify="right")
    table.add_column("Що / Of what")
    table.add_column("Речення / Sentence")
    for q in narrative.unaligned:
        value = "—" if q.value is None else format_number(q.value, lang)
        table.add_row(str(q.line), value, q.lemma or q.unit, q.sentence)
    return table
