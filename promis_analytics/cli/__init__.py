"""The ``promis`` command: one click group; each subcommand lives in its own module here."""

from __future__ import annotations

import importlib

import click

from promis_analytics import __version__

# Subcommand modules, each exposing ``command`` (a click.Command or click.Group).
# Add one line per new module.
COMMAND_MODULES: tuple[str, ...] = (
    "cities",
    "audit",
    "validate",
    "template",
    "extract",
    "build",
    "demo",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="promis")
def cli() -> None:
    """promis — M&E toolkit for PROMIS / «Партнерство для розвитку міст» data."""


for _name in COMMAND_MODULES:
    cli.add_command(importlib.import_module(f"promis_analytics.cli.{_name}").command)


def main() -> None:
    """Console-script entry point."""
    cli()
