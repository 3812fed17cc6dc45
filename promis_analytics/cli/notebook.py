"""``promis notebook clean|execute``: strip run metadata from notebooks, run one with parameters."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

__all__ = ["command"]


@click.group(name="notebook")
def command() -> None:
    """Зошити / Notebook helpers: strip run metadata, execute with parameters.

    Прибрати метадані запуску, виконати зошит з параметрами."""


@command.command("clean")
@click.argument("notebooks", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def clean_command(notebooks: Iterable[str]) -> None:
    """Remove run metadata (papermill, execution timestamps) from NOTEBOOKS in place."""
    from promis_analytics.pipeline.runner import clean_notebook

    for nb in notebooks:
        changed = clean_notebook(Path(nb))
        click.echo(f"{nb}: {'cleaned' if changed else 'already clean'}")


def _parameters(lang: str, params: tuple[str, ...]) -> dict[str, Any]:
    """``lang`` plus every ``NAME=VALUE`` of ``--param`` (values stay strings)."""
    parameters: dict[str, Any] = {"lang": lang}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, found {item!r}", param_hint="--param")
        parameters[name] = value
    return parameters


@command.command("execute")
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", default="uk", show_default=True, help="Language parameter (uk or en).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Extra parameter (string value); may be repeated.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Executed copy (default: .promis-cache/notebooks/<stem>.<lang>.ipynb).",
)
@click.option(
    "--cwd",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Working folder of the kernel (default: the notebook's folder).",
)
def execute_command(
    notebook: Path, lang: str, params: tuple[str, ...], out: Path | None, cwd: Path | None
) -> None:
    """Execute NOTEBOOK into a separate copy with ``lang`` (and other) parameters."""
    from promis_analytics.pipeline.runner import execute_notebook

    parameters = _parameters(lang, params)
    written = execute_notebook(
        notebook, parameters=parameters, out=out, cwd=cwd or notebook.resolve().parent
    )
    click.echo(str(written))
