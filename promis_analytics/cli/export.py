"""``promis export iati -o FILE.xml``: the folder's results framework as an IATI 2.03 activity."""

from __future__ import annotations

from pathlib import Path

import click

from promis_analytics.errors import ExportError, RegisterError
from promis_analytics.project import SettingsError


@click.group(name="export")
def command() -> None:
    """Експорт у формати донорів / Export to donors' formats."""


@command.command(name="iati")
@click.option("--lang", type=click.Choice(["uk", "en"]), default="uk", show_default=True,
              help="Language of the problem report.")  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
    help="The .xml file to write (IATI 2.03 activities).",
)  # fmt: skip
@click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder of registers with promis.toml [iati] (default: data/raw).",
)  # fmt: skip
def iati(output: Path, data_dir: Path | None, lang: str) -> None:
    """Рамка результатів у форматі IATI 2.03 / The results framework as an IATI 2.03 activity,
    checked against the official schema before anything is written."""
    from promis_analytics.cli.boundary import check_output
    from promis_analytics.dataset import load_dataset
    from promis_analytics.iati import iati_settings, write_iati

    check_output(output, (".xml",), "-o")
    try:
        ds = load_dataset(data_dir, kinds=("results",))
        if "results" in ds.missing:
            raise click.ClickException(
                "немає реєстру results (рамки результатів) / no results register in the folder"
            )
        written = write_iati(ds["results"], iati_settings(ds.project), output)
    except RegisterError as exc:
        from rich.console import Console

        from promis_analytics.cli.build import print_validation_failure

        closing = (
            "IATI-файл не записано: виправте реєстр і запустіть знову / "
            "The IATI file was not written: fix the register and run again."
        )
        print_validation_failure(Console(stderr=True, width=160), exc, lang, closing)
        raise SystemExit(1) from None
    except (ExportError, SettingsError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    from promis_analytics.indicators.results import activity_rows

    n = len(activity_rows(ds["results"]))
    other = len(ds["results"]) - n
    click.echo(f"{written}: IATI 2.03, рядків рамки / framework rows: {n}")
    if other:
        click.echo(
            f"рядків інших програм (стовпець program) не експортовано: {other} / "
            f"rows of other programmes (column program) not exported: {other}"
        )
