"""Shared pytest fixtures: paths to the shared source documents and data."""

from __future__ import annotations

from pathlib import Path

import pytest

from promis_analytics import paths


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """``../shared/seeds`` — the real source documents (present for developers and CI)."""
    d = paths.seeds_dir()
    if not d.is_dir():
        pytest.fail(f"source documents not found at {d}; set PROMIS_SHARED_DIR")
    return d


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    """``../shared/data`` — the shared real data files."""
    return paths.shared_dir() / "data"
