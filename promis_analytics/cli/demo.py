"""``promis demo``: write synthetic registers (every row ``source = synthetic``) for trials."""

from __future__ import annotations

from pathlib import Path

import click

from promis_analytics.demo import FORMATS, write_demo
from promis_analytics.demo_messy import BAD_SHARE, write_messy_events
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
@click.option(
    "--messy",
    is_flag=True,
    help="An events CSV typed the way people type one (Ukrainian headers and words, mixed date "
    "forms, inflected places, 1 % wrong rows, blank and repeated-header rows) / реєстр заходів "
    "«як у житті» — для перевірки validate.",
)
def command(
    rows: int, seed: int, out_dir: Path, fmt: str, kinds: tuple[str, ...], messy: bool
) -> None:
    """Синтетичні реєстри / Synthetic registers: valid per the schemas, marked synthetic."""
    if messy:
        if fmt != "csv" or set(kinds) - {"events"}:
            raise click.UsageError(
                "--messy пише лише events.csv / --messy writes events.csv only "
                "(без --format xlsx та інших --kind / no --format xlsx or other --kind)"
            )
        path = write_messy_events(out_dir, rows=rows, seed=seed)
        click.echo(f"{path}")
        click.echo(
            "ілюстративні дані з навмисними помилками / illustrative data with deliberate "
            f"mistakes: ≈ {BAD_SHARE:.0%} rows, source = synthetic"
        )
        return
    written = write_demo(out_dir, rows=rows, seed=seed, fmt=fmt, kinds=kinds or KINDS)
    for path in written:
        click.echo(f"{path}")
    click.echo(
        f"ілюстративні дані / illustrative data: {len(written)} registers, source = synthetic"
    )
