"""The ``promis`` group imports subcommand modules lazily and still lists every command."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from promis_analytics.cli import COMMAND_MODULES, LazyGroup, cli


def test_help_lists_every_command_module() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = [
        line.split()[0]
        for line in result.output.split("Commands:", 1)[1].splitlines()
        if line.strip()
    ]
    assert listed == sorted(COMMAND_MODULES)


@pytest.mark.parametrize("name", COMMAND_MODULES)
def test_each_command_resolves_to_its_module(name: str) -> None:
    ctx = click.Context(cli)
    command = cli.get_command(ctx, name)
    assert command is not None
    assert command.name == name
    assert sys.modules[f"promis_analytics.cli.{name}"].command is command


def test_unknown_command_is_refused() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert "no-such-command" in result.output


def test_module_whose_command_has_another_name_is_an_error(monkeypatch) -> None:
    group = LazyGroup(name="t", lazy_modules=("cities",))
    module = importlib.import_module("promis_analytics.cli.cities")
    monkeypatch.setattr(module, "command", click.Command("towns"))
    with pytest.raises(RuntimeError, match="towns"):
        group.get_command(click.Context(group), "cities")


_PROBE = (
    "import sys, promis_analytics.cli as c; "
    "heavy = ('pandas', 'matplotlib', 'numpy') + tuple("
    "'promis_analytics.cli.' + n for n in c.COMMAND_MODULES); "
    "print(','.join(m for m in heavy if m in sys.modules))"
)


def test_importing_the_cli_imports_no_subcommand_nor_pandas() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_build_module_imports_no_pandas_nor_matplotlib() -> None:
    probe = (
        "import sys, promis_analytics.cli.build, promis_analytics.pipeline; "
        "print(','.join(m for m in ('pandas', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
