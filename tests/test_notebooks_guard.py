"""The committed notebook outputs guard the data: nbval fails when a register value changes."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from promis_analytics import paths

NOTEBOOK = "02_participants.ipynb"


def _copy_project(dst: Path) -> Path:
    """A minimal project tree: the notebook, data/raw and an empty figures folder."""
    root = paths.repo_root()
    (dst / "notebooks").mkdir(parents=True)
    shutil.copy2(root / "notebooks" / NOTEBOOK, dst / "notebooks" / NOTEBOOK)
    shutil.copytree(root / "data" / "raw", dst / "data" / "raw")
    (dst / "figures").mkdir()
    return dst


def _nbval(project: Path) -> subprocess.CompletedProcess[str]:
    sanitize = paths.repo_root() / "notebooks" / "sanitize.cfg"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval"]
    cmd += ["--nbval-sanitize-with", str(sanitize), str(project / "notebooks" / NOTEBOOK)]
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=600)


def _bump_first_participants(events: Path) -> None:
    with events.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows[0]["participants"] = str(int(rows[0]["participants"]) + 1)
    with events.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.slow
def test_nbval_passes_on_the_committed_data_and_fails_when_a_value_changes(tmp_path) -> None:
    project = _copy_project(tmp_path / "project")
    same = _nbval(project)
    assert same.returncode == 0, same.stdout[-3000:]

    _bump_first_participants(project / "data" / "raw" / "events.csv")
    changed = _nbval(project)
    assert changed.returncode != 0, "nbval did not notice a changed participant count"
    assert "failed" in changed.stdout
