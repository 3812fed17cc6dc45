"""``promis template KIND -o FILE.xlsx [--xlsform]``: a register's Excel template or XLSForm."""

from __future__ import annotations

from pathlib import Path

import click

from promis_analytics.registers import SCHEMAS
from promis_analytics.registers.out.template import write_template


@click.command(name="template")
@click.argument("kind", type=click.Choice(list(SCHEMAS)))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The .xlsx file to write.",
)
@click.option(
    "--xlsform",
    is_flag=True,
    help="Write an XLSForm for KoboToolbox / ODK Collect instead of the Excel template "
    "(dates checked against the [project] period of promis.toml beside FILE, if any; "
    "components and funds from components.csv / funds.csv beside FILE).",
)
def command(kind: str, output: Path, xlsform: bool) -> None:
    """Шаблон Excel або форма KoboToolbox / Write the Excel template (or XLSForm) of KIND."""
    if output.suffix.lower() != ".xlsx":
        raise click.BadParameter("the template must be an .xlsx file", param_hint="--output")
    from promis_analytics import project_codes
    from promis_analytics.project import project_settings

    settings = project_settings(output.parent)  # the folder the template is written into
    with project_codes.using(output.parent):  # the components and funds of FILE's folder
        if xlsform:
            from promis_analytics.registers.out.xlsform import write_xlsform

            write_xlsform(kind, output, settings.period, settings.dimensions)
        else:
            write_template(kind, output, dimensions=settings.dimensions)
    click.echo(f"{output}")
