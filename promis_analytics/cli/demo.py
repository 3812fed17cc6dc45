"""``promis demo``: write synthetic registers (every row ``source = synthetic``) for trials."""

from __future__ import annotations

from pathlib import Path

import click

from promis_analytics.demo import FORMATS, write_demo
from promis_analytics.registers import KINDS


@click.command("demo")
@click.option(
    "--rows",
    "-n",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Rows per register / рядків у кожному реєстрі.",
)
@click.option(
    "--seed",
    "-s",
    type=int,
    default=0,
    show_default=True,
    help="Random seed: the same seed writes the same files.",
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write <register>.csv|.xlsx into.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(KINDS),
    help="Only these registers (repeatable); default all of them.",
)
def command(rows: int, seed: int, out_dir: Path, fmt: str, kinds: tuple[str, ...]) -> None:
    """Синтетичні реєстри / Synthetic registers: valid per the schemas, marked synthetic."""
    written = write_demo(out_dir, rows=rows, seed=seed, fmt=fmt, kinds=kinds or KINDS)
    for path in written:
        click.echo(f"{path}")
    click.echo(
        f"ілюстративні дані / illustrative data: {len(written)} registers, source = synthetic"
    )
