"""Where the repository's data, outputs and the shared source documents live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"
REPO_ROOT = PACKAGE_DIR.parent


def repo_root() -> Path:
    """The checkout the package runs from (the folder holding ``pyproject.toml``)."""
    return REPO_ROOT


def raw_dir() -> Path:
    """``data/raw`` (immutable inputs with provenance); override with ``PROMIS_RAW_DIR``."""
    return Path(os.environ.get("PROMIS_RAW_DIR", REPO_ROOT / "data" / "raw"))


def processed_dir() -> Path:
    """``data/processed`` (generated tables)."""
    return REPO_ROOT / "data" / "processed"


def figures_dir() -> Path:
    """``figures/`` (generated charts and the gallery); override with ``PROMIS_FIGURES_DIR``
    (the test suite points it at a temporary folder, so notebooks run by nbval leave the
    committed figures alone)."""
    return Path(os.environ.get("PROMIS_FIGURES_DIR", REPO_ROOT / "figures"))


def reports_dir() -> Path:
    """``reports/`` (generated workbooks)."""
    return REPO_ROOT / "reports"


def shared_dir() -> Path:
    """The read-only ``shared/`` folder beside the checkout (seeds and shared data).

    ``PROMIS_SHARED_DIR`` overrides the default ``<repo>/../shared``.
    """
    return Path(os.environ.get("PROMIS_SHARED_DIR", REPO_ROOT.parent / "shared"))


def seeds_dir() -> Path:
    """``shared/seeds``: the original source documents."""
    return shared_dir() / "seeds"
