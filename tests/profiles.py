"""Test helpers: a data folder holding the embedded PROMIS profile's code files."""

from __future__ import annotations

import shutil
from pathlib import Path

from promis_analytics import paths, project_codes


def promis_codes(folder: Path) -> Path:
    """Copy the embedded PROMIS profile's code files (components, funds and the words people
    type for them) into ``folder``, as a PROMIS data folder holds them; returns ``folder``."""
    for name in (*project_codes.CODE_FILES.values(), project_codes.VOCABULARY_FILE):
        if (paths.raw_dir() / name).is_file():  # PROMIS adds no event types
            shutil.copyfile(paths.raw_dir() / name, folder / name)
    return folder
