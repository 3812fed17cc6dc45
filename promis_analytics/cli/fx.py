"""``promis fx update``: fetch the official NBU rates a data folder needs into its rates.csv."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

__all__ = ["command", "needed"]


def needed(folder: Path) -> tuple[set[str], tuple[dt.date, dt.date] | None]:
    """The currencies and days a folder's conversions use: every currency of its
    co-financing amounts plus the project's ``currency`` and ``local_currency`` (summaries
    report in both); the days from the earliest to the latest row date, widened to the ``[fx]``
    period of a period-mean basis."""
    from promis_analytics.dataset import load_dataset
    from promis_analytics.periods import date_span
    from promis_analytics.rate_basis import rate_basis

    ds = load_dataset(folder, kinds=("cofinancing",), strict=False)
    table = ds.get("cofinancing")
    settings = ds.project
    codes = {settings.currency, settings.local_currency}
    spans = []
    if table is not None and len(table):
        for col in ("project_currency", "partner_currency"):
            codes |= {str(c) for c in table[col].dropna()}
        spans.append(date_span(table, ["date"]))
    basis = rate_basis(settings, table, folder)
    if basis.rule == "period_mean" and basis.period is not None:
        spans.append(basis.period)
    known = [s for s in spans if s is not None]
    if not known:
        return codes, None
    return codes, (min(s[0] for s in known), max(s[1] for s in known))


@click.group(name="fx")
def command() -> None:
    """Курси валют / exchange rates."""


@command.command(name="update")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--currency", "currencies", multiple=True, help="ISO 4217 code (repeatable).")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD).")
def update(folder: Path, currencies: tuple[str, ...], start, end) -> None:
    """Отримати офіційні курси НБУ, потрібні папці, у її rates.csv / fetch the official NBU
    rates the folder needs into its rates.csv."""
    from promis_analytics.currencies import is_currency
    from promis_analytics.fx_update import FetchError, update_rates

    codes, span = needed(folder)
    codes = {c.upper() for c in currencies} or codes
    bad = sorted(c for c in codes if not is_currency(c))
    if bad:
        raise click.UsageError(
            f"не код ISO 4217: {', '.join(bad)} / not an ISO 4217 code: {', '.join(bad)}"
        )
    first = start.date() if start else (span[0] if span else None)
    last = end.date() if end else (span[1] if span else None)
    if first is None or last is None:
        raise click.UsageError(
            "немає дат: вкажіть --start і --end або датуйте рядки співфінансування / "
            "no dates: give --start and --end or date the co-financing rows"
        )
    try:
        added = update_rates(folder, codes, first, last)
    except FetchError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(3) from None
    click.echo(
        f"додано курсів: {len(added)} ({', '.join(sorted(codes - {'UAH'}))}, {first}…{last}) "
        f"у {folder / 'rates.csv'} / rates added: {len(added)}"
    )
