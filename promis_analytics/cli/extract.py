"""``promis extract``: read narrative documents into register files (``card`` and more)."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from promis_analytics import export, reference
from promis_analytics.extract.findings import findings_frame
from promis_analytics.extract.monitoring_card import (
    ADOPTION_COLUMNS,
    EVENT_COLUMNS,
    CardExtract,
    monitoring_card,
)


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
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
    "--source",
    default="monitoring_card_2018H2",
    show_default=True,
    help="document id written to every row",
)
def card(path: Path, output: Path | None, adoptions_out: Path | None, source: str) -> None:
    """Картка моніторингу → заходи, інструменти / Monitoring card → events, adoptions.

    Events without a start date (an unreadable date) cannot enter the events register: they
    are listed as held back and their finding stays in the findings table.
    """
    console = Console(width=160)
    x = monitoring_card(path, source=source)
    period = f"{x.period[0].isoformat()} … {x.period[1].isoformat()}" if x.period else "—"
    console.print(
        f"[bold]Картка / Card[/]: {path.name}  ({x.project or '—'}, {x.registration or '—'})"
    )
    console.print(f"Період / Period: {period}")
    console.print(
        f"Заходів / Events: {len(x.events)}   Учасників / Participants: {x.participants_total}"
    )
    console.print(_table("Учасники за містами / Participants by city", _city_table(x)))
    if len(x.aggregates):
        agg = x.aggregates[["value", "refers_to", "locator"]].rename(columns=_CARD_LABELS)
        console.print(_table("Підсумки не одного заходу / Totals not of one event", agg))
    console.print(
        f"Інструменти / Adoptions: {len(x.adoptions)} rows from {len(x.statements)} statements"
    )
    found = findings_frame(x.findings).rename(columns=_CARD_LABELS)
    console.print(_table("Зауваження / Findings", found))
    held = x.events[x.events["date_start"].isna()]
    if len(held):
        console.print(
            _table(
                "Не записано (немає дати) / Held back (no date)",
                held[["event_id", "title", "participants", "locator"]].rename(columns=_CARD_LABELS),
            )
        )
    if output:
        ready = x.events[x.events["date_start"].notna()]
        export.write(ready[list(EVENT_COLUMNS)], output)
        console.print(f"→ {output} ({len(ready)} events)")
    if adoptions_out:
        export.write(x.adoptions[list(ADOPTION_COLUMNS)], adoptions_out)
        console.print(f"→ {adoptions_out} ({len(x.adoptions)} rows)")


# --- program execution reports → indicators register (program-report extractor) ------------


@command.command(name="program-report")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
def program_report_command(
    path: Path, output: Path | None, measures_out: Path | None, source: str | None
) -> None:
    """Звіт про виконання програми → показники / Program report → indicators register.

    The audit of the report's arithmetic is printed by ``promis audit program-report``.
    """
    from promis_analytics.extract.program_report import INDICATOR_COLUMNS, program_report

    console = Console(width=160)
    try:
        x = program_report(path, source=source)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
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
