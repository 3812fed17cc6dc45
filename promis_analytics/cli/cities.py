"""``promis cities``: print the reference table of partner cities."""

from __future__ import annotations

import click


@click.command(name="cities")
def command() -> None:
    """Print the 16 partner cities (placeholder until the reference module lands)."""
    raise click.ClickException("reference data not built yet")
