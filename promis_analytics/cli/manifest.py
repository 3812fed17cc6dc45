"""``promis manifest write|check``: the checksum manifest (MANIFEST.sha256) of output folders."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["command"]

_FOLDERS = click.argument(
    "folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False)
)


@click.group(name="manifest")
def command() -> None:
    """Контрольні суми / Write or check MANIFEST.sha256 of output folders (figures, reports).

    Записати або перевірити MANIFEST.sha256 тек з результатами."""


@command.command("write")
@_FOLDERS
def write_command(folders: tuple[str, ...]) -> None:
    """Write MANIFEST.sha256 of every file in each of FOLDERS."""
    from promis_analytics.pipeline.manifest import write_manifest

    for folder in folders:
        click.echo(str(write_manifest(folder)))


@command.command("check")
@_FOLDERS
def check_command(folders: tuple[str, ...]) -> None:
    """Check FOLDERS against their MANIFEST.sha256; exit code 1 when a file differs."""
    from promis_analytics.pipeline.manifest import check_manifest

    problems = [f"{Path(f).as_posix()}/{p}" for f in folders for p in check_manifest(f)]
    for line in problems:
        click.echo(line)
    if problems:
        raise SystemExit(1)
