"""Smoke tests for the package and the `promis` command."""

from __future__ import annotations

from click.testing import CliRunner

import promis_analytics
from promis_analytics.cli import cli


def test_version_matches_metadata() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert promis_analytics.__version__ in result.output


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "cities" in result.output
