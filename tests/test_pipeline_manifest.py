"""Committed figures/ and reports/ match their committed checksum manifests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from promis_analytics import paths
from promis_analytics.pipeline.manifest import (
    MANIFEST_NAME,
    check_manifest,
    read_manifest,
    sha256_file,
    write_manifest,
)


def tracked(folder: str) -> list[Path]:
    """Files of ``folder`` committed to git (the manifest must cover exactly these)."""
    root = paths.repo_root()
    try:
        out = subprocess.run(
            ["git", "ls-files", "--", folder],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [
        root / line
        for line in out.splitlines()
        if "/" in line and Path(line).name != MANIFEST_NAME and line.count("/") == 1
    ]


def test_figures_manifest_covers_every_committed_figure_and_matches() -> None:
    files = tracked("figures")
    assert files, "no committed figures"
    folder = paths.repo_root() / "figures"  # the committed figures
    assert (folder / MANIFEST_NAME).is_file(), "run: promis manifest write figures"
    assert check_manifest(folder, files) == []
    assert set(read_manifest(folder)) == {p.name for p in files}


def test_reports_manifest_when_reports_are_committed() -> None:
    files = [p for p in tracked("reports") if p.name != ".gitkeep"]
    if not files:
        pytest.skip("no committed reports yet")
    folder = paths.reports_dir()
    assert check_manifest(folder, files) == []
    assert set(read_manifest(folder)) == {p.name for p in files}


def test_check_finds_changed_missing_and_unlisted_files(tmp_path: Path) -> None:
    (tmp_path / "a.uk.png").write_bytes(b"\x89PNG a")
    (tmp_path / "b.en.svg").write_text("<svg/>", encoding="utf-8")
    write_manifest(tmp_path)
    assert check_manifest(tmp_path) == []
    line = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()[0]
    assert line == f"{sha256_file(tmp_path / 'a.uk.png')}  a.uk.png"  # sha256sum format
    (tmp_path / "a.uk.png").write_bytes(b"\x89PNG changed")
    (tmp_path / "b.en.svg").unlink()
    (tmp_path / "c.uk.pdf").write_bytes(b"%PDF")
    assert check_manifest(tmp_path) == [
        f"a.uk.png: content differs from {MANIFEST_NAME}",
        f"b.en.svg: listed in {MANIFEST_NAME} but missing",
        f"c.uk.pdf: not listed in {MANIFEST_NAME}",
    ]
