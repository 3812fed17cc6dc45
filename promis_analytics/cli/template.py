"""``promis template KIND -o FILE.xlsx``: write an Excel data-entry template for a register."""

from __future__ import annotations

from pathlib import Path

import click

from promis_analytics.registers import SCHEMAS
from promis_analytics.registers.template import write_template


@click.command(name="template")
@click.argument("kind", type=click.Choice(list(SCHEMAS)))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The .xlsx file to write.",
)
def command(kind: str, output: Path) -> None:
    """Шаблон Excel для реєстру / Write the bilingual Excel template of register KIND."""
    if output.suffix.lower() != ".xlsx":
        raise click.BadParameter("the template must be an .xlsx file", param_hint="--output")
    write_template(kind, output)
    click.echo(f"{output}")
