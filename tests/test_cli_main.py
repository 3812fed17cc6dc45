"""``python -m promis_analytics`` and the ``notebook``/``manifest`` subcommands of ``promis``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from promis_analytics.cli import cli


def test_python_dash_m_runs_the_promis_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "promis_analytics", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line}
    assert {"build", "validate", "notebook", "manifest"} <= listed


def test_manifest_write_then_check_finds_a_changed_file(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "01_події.uk.svg").write_text("<svg/>", encoding="utf-8")
    runner = CliRunner()
    written = runner.invoke(cli, ["manifest", "write", str(folder)])
    assert written.exit_code == 0, written.output
    assert (folder / "MANIFEST.sha256").is_file()
    assert runner.invoke(cli, ["manifest", "check", str(folder)]).exit_code == 0
    (folder / "01_події.uk.svg").write_text("<svg></svg>", encoding="utf-8")
    checked = runner.invoke(cli, ["manifest", "check", str(folder)])
    assert checked.exit_code == 1
    assert "01_події.uk.svg: content differs from MANIFEST.sha256" in checked.output
