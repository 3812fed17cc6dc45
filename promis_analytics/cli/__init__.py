"""The ``promis`` command: one click group; each subcommand lives in its own module here.

Subcommand modules are imported lazily (only the one that runs, or all of them when ``--help``
lists the commands), so ``promis build`` on unchanged data does not pay for importing pandas,
matplotlib and the extractors of commands it does not run."""

from __future__ import annotations

import importlib
from typing import Any

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
    "init",
    "export",
    "report",
    "fx",
    "notebook",
    "manifest",
)


class LazyGroup(click.Group):
    """A click group that knows its subcommands by module name and imports a module only when
    its command is looked up (``promis_analytics.cli.<name>.command``)."""

    def __init__(self, *args: Any, lazy_modules: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_modules = tuple(lazy_modules)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_modules})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_modules:
            module = importlib.import_module(f"{__name__}.{cmd_name}")
            command = module.command
            if command.name != cmd_name:
                raise RuntimeError(
                    f"{module.__name__}.command is named {command.name!r}, expected {cmd_name!r}"
                )
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand inside the error boundary (``cli.boundary``): an OS or input
        error becomes one bilingual paragraph and exit code 1 or 2, never a traceback."""
        try:
            return super().invoke(ctx)
        except (OSError, ValueError, RecursionError) as exc:
            from promis_analytics.cli.boundary import report

            problem = report(exc, ctx)
            if problem is None:
                raise
            raise problem from None


@click.group(
    cls=LazyGroup,
    lazy_modules=COMMAND_MODULES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="promis")
def cli() -> None:
    """promis — інструменти МіО для даних проєкту / M&E toolkit for a project's data."""


def main() -> None:
    """Console-script entry point."""
    cli()
