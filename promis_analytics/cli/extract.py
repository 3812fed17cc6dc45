"""``promis extract``: read narrative documents into register files (``card`` and more)."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from promis_analytics import export
from promis_analytics.extract.monitoring_card import (
    ADOPTION_COLUMNS,
    EVENT_COLUMNS,
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
    console.print(_table("Учасники за містами / Participants by city", x.city_totals()))
    if len(x.aggregates):
        console.print(_table("Підсумки не одного заходу / Totals not of one event", x.aggregates))
    console.print(
        f"Інструменти / Adoptions: {len(x.adoptions)} rows from {len(x.statements)} statements"
    )
    from promis_analytics.extract.findings import findings_frame

    console.print(_table("Зауваження / Findings", findings_frame(x.findings)))
    held = x.events[x.events["date_start"].isna()]
    if len(held):
        console.print(
            _table(
                "Не записано (немає дати) / Held back (no date)",
                held[["event_id", "title", "participants", "locator"]],
            )
        )
    if output:
        ready = x.events[x.events["date_start"].notna()]
        export.write(ready[list(EVENT_COLUMNS)], output)
        console.print(f"→ {output} ({len(ready)} events)")
    if adoptions_out:
        export.write(x.adoptions[list(ADOPTION_COLUMNS)], adoptions_out)
        console.print(f"→ {adoptions_out} ({len(x.adoptions)} rows)")
