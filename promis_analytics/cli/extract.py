"""``promis extract``: read narrative documents into register files (``card`` and more)."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from promis_analytics import export, reference
from promis_analytics.cli.problems import UserProblem, document_problem
from promis_analytics.extract.card import (
    ADOPTION_COLUMNS,
    EVENT_COLUMNS,
    CardExtract,
    merge_cards,
    monitoring_card,
)
from promis_analytics.extract.documents import DocumentError
from promis_analytics.extract.findings import findings_frame
from promis_analytics.registers.io.limits import MIB, Limits, using


def limit_options(f):
    """``--max-pages`` and ``--max-document-mb``: raise the document limits for this run."""
    f = click.option(
        "--max-document-mb",
        type=click.FloatRange(min=0.001),
        default=None,
        help="Raise the document file-size limit in MiB (default 100; env PROMIS_MAX_DOCUMENT_MB).",
    )(f)
    return click.option(
        "--max-pages",
        type=click.IntRange(min=1),
        default=None,
        help="Raise the PDF page limit (default 1000; env PROMIS_MAX_PDF_PAGES).",
    )(f)


def _limits(max_pages: int | None, max_document_mb: float | None) -> Limits:
    size = None if max_document_mb is None else int(max_document_mb * MIB)
    return Limits(max_pdf_pages=max_pages, max_document_bytes=size)


@click.group(name="extract")
def command() -> None:
    """Витягти реєстри з документів / Extract registers from documents."""


def _table(title: str, frame: pd.DataFrame) -> Table:
    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        table.add_column(str(col), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*("" if pd.isna(v) else str(v) for v in row))
    return table


# column headers of the card summary tables (Ukrainian first, English)
_CARD_LABELS: dict[str, str] = {
    "city": "Місто / City",
    "events": "Заходів / Events",
    "participants": "Учасників / Participants",
    "value": "Значення / Value",
    "refers_to": "Стосується / Refers to",
    "locator": "Де / Locator",
    "kind": "Тип / Kind",
    "severity": "Рівень / Severity",
    "message": "Опис / Message",
    "event_id": "Код / ID",
    "title": "Назва / Title",
}


def _city_table(x: CardExtract) -> pd.DataFrame:
    """Per-city totals with the city shown as «name_uk / name_en» (empty: not stated)."""
    totals = x.city_totals()

    def name(key: str) -> str:
        if not key:
            return "(не вказано / not stated)"
        c = reference.city(key)
        return f"{c.name_uk} / {c.name_en}"

    return totals.assign(city=totals["city"].map(name)).rename(columns=_CARD_LABELS)


@command.command(name="card")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="events register to write (.csv or .xlsx)",
)
@click.option(
    "--adoptions",
    "adoptions_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="adoptions register to write (.csv or .xlsx)",
)
@click.option(
    "--findings",
    "findings_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="findings table to write (.csv or .xlsx)",
)
@click.option(
    "--reconcile",
    "reconcile_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="every number of people printed and where it went (.csv or .xlsx)",
)
@click.option(
    "--source",
    default=None,
    help="document id written to every row [the file name without extension]",
)
@click.option("--lang", type=click.Choice(["uk", "en"]), default="uk", show_default=True)
@limit_options
def card(
    paths: tuple[Path, ...],
    output: Path | None,
    adoptions_out: Path | None,
    findings_out: Path | None,
    reconcile_out: Path | None,
    source: str | None,
    lang: str,
    max_pages: int | None,
    max_document_mb: float | None,
) -> None:
    """Картки моніторингу → заходи, інструменти / Monitoring cards → events, adoptions.

    Reads .txt (UTF-8, UTF-16, Windows-1251), .docx, .pdf (and .doc/.rtf/.odt with
    LibreOffice). Several cards are merged into one register: the same event reported in two
    cards is kept once. No event is held back: a date that cannot be read exactly is narrowed
    to its month or the card's half-year (column date_precision), and events outside the
    card's half-year are marked (column period_status). A course or series is one event with
    its sessions; a training in several places keeps them in column cities. Every number of
    people printed is accounted for (--reconcile): an event, or a finding saying why not.
    """
    if source is not None and len(paths) > 1:
        raise click.UsageError("--source names one document; give one file or leave it out")
    cards: list[CardExtract] = []
    for path in paths:
        try:
            with using(_limits(max_pages, max_document_mb)):
                cards.append(monitoring_card(path, source=source))
        except DocumentError as exc:
            raise document_problem(exc, lang) from None
        _require_card(cards[-1], path, lang)
    console = Console(width=160)
    for x, path in zip(cards, paths, strict=True):
        _print_card(console, x, path)
    x = merge_cards(cards)
    if len(cards) > 1:
        console.print(
            f"[bold]Разом / Merged[/]: {len(x.events)} events, {x.participants_total} participants"
        )
    found = findings_frame(x.findings).rename(columns=_CARD_LABELS)
    console.print(_table("Зауваження / Findings", found))
    if output:
        export.write(x.events[list(EVENT_COLUMNS)], output)
        console.print(f"→ {output} ({len(x.events)} events)")
    if adoptions_out:
        export.write(x.adoptions[list(ADOPTION_COLUMNS)], adoptions_out)
        console.print(f"→ {adoptions_out} ({len(x.adoptions)} rows)")
    if findings_out:
        export.write(findings_frame(x.findings), findings_out)
        console.print(f"→ {findings_out} ({len(x.findings)} findings)")
    if reconcile_out:
        people = pd.concat([c.people for c in cards], ignore_index=True)
        export.write(people, reconcile_out)
        console.print(f"→ {reconcile_out} ({len(people)} numbers of people)")


def _require_card(x: CardExtract, path: Path, lang: str) -> None:
    """A document with no monitoring dates, no participant figure and no adoption statement
    is not a monitoring card: exit 2 with a message (never an empty register and exit 0)."""
    if x.period is None and x.events.empty and x.statements.empty and x.aggregates.empty:
        raise UserProblem(
            f"{path.name}: не схоже на картку моніторингу — не знайдено ні дат моніторингу, "
            "ні кількості учасників, ні прийнятих інструментів. Що зробити: перевірте, що це "
            "картка моніторингу проєкту (docs/documents.md)"
            if lang == "uk"
            else f"{path.name}: this does not look like a monitoring card — no monitoring "
            "dates, no participant figures and no adoption statements were found. What to "
            "do: check that the file is a project monitoring card (docs/documents.md)"
        )


def _print_card(console: Console, x: CardExtract, path: Path) -> None:
    period = f"{x.period[0].isoformat()} … {x.period[1].isoformat()}" if x.period else "—"
    console.print(
        f"[bold]Картка / Card[/]: {path.name}  ({x.project or '—'}, {x.registration or '—'})"
    )
    console.print(f"Період / Period: {period}   Джерело / Source: {x.source}")
    console.print(
        f"Заходів / Events: {len(x.events)}   Учасників / Participants: {x.participants_total}"
    )
    imprecise = x.events[x.events["date_precision"].fillna("day") != "day"]
    outside = x.events[x.events["period_status"] == "outside"]
    console.print(
        f"Дати не точні до дня / Dates not exact to the day: {len(imprecise)} "
        f"({int(imprecise['participants'].sum())} participants); поза півріччям / outside the "
        f"half-year: {len(outside)} ({int(outside['participants'].sum())} participants)"
    )
    console.print(_table("Учасники за містами / Participants by city", _city_table(x)))
    verdicts = x.people["verdict"].value_counts().to_dict() if len(x.people) else {}
    console.print(
        "Числа людей / Numbers of people: "
        + (", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())) or "—")
    )
    console.print(
        f"Інструменти / Adoptions: {len(x.adoptions)} rows from {len(x.statements)} statements"
    )


# --- program execution reports → indicators register (program-report extractor) ------------


@command.command(name="program-report")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="indicators register to write (.csv or .xlsx)",
)
@click.option(
    "--measures",
    "measures_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="measures table (amounts in thousand UAH) to write (.csv or .xlsx)",
)
@click.option("--source", default=None, help="document id written to every row [file name]")
@click.option("--lang", type=click.Choice(["uk", "en"]), default="uk", show_default=True)
@limit_options
def program_report_command(
    path: Path,
    output: Path | None,
    measures_out: Path | None,
    source: str | None,
    lang: str,
    max_pages: int | None,
    max_document_mb: float | None,
) -> None:
    """Звіт про виконання програми → показники / Program report → indicators register.

    The audit of the report's arithmetic is printed by ``promis audit program-report``.
    """
    from promis_analytics.extract.program_report import INDICATOR_COLUMNS, program_report

    console = Console(width=160)
    try:
        with using(_limits(max_pages, max_document_mb)):
            x = program_report(path, source=source)
    except DocumentError as exc:
        raise document_problem(exc, lang) from None
    findings = x.audit()
    console.print(f"[bold]Програма / Program[/]: {x.program or '—'}")
    console.print(f"Період / Period: {x.period or '—'}   Джерело / Source: {x.source}")
    console.print(
        f"Заходів / Measures: {x.measures['measure_no'].nunique()}   "
        f"Показників / Indicators: {len(x.indicators)}"
    )
    shown = x.indicators[["group", "indicator", "unit", "target", "actual", "reported_pct"]]
    console.print(_table("Показники / Indicators", shown))
    findings = [f for f in findings if f.kind != "total_confirmed"]
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "note")}
    totals = x.totals_check
    console.print(
        f"Перевірка / Audit: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['note']} notes; totals adding up {int(totals['ok'].sum())}/{len(totals)} "
        f"— details: promis audit program-report {path.name}"
    )
    if output:
        export.write(x.indicators[list(INDICATOR_COLUMNS)], output)
        console.print(f"→ {output} ({len(x.indicators)} indicators)")
    if measures_out:
        export.write(x.measures, measures_out)
        console.print(f"→ {measures_out} ({len(x.measures)} rows)")
