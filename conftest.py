"""Root pytest configuration (tests/ and the notebooks run by nbval).

Notebooks save their figures to ``paths.figures_dir()``; during a test run that is a
temporary folder, so ``make test`` writes no tracked file.
"""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    if "PROMIS_FIGURES_DIR" not in os.environ:
        os.environ["PROMIS_FIGURES_DIR"] = tempfile.mkdtemp(prefix="promis-figures-")
