"""The ``[charts]`` settings a chart follows: those of the folder being built now.

Parsing and checking ``[charts]`` lives in ``settings.charts`` (below ``project``, which reads
it); this module adds what drawing needs: the active folder's settings, the folder switch and
the part of the settings a build step hashes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from promis_analytics.settings.charts import (
    MIN_DELTA_E,
    SIZES,
    ChartSettings,
    ChartSettingsError,
    Output,
    contrast_problems,
    parse_charts,
    side_outputs,
)

__all__ = [
    "MIN_DELTA_E",
    "SETTINGS_ENV",
    "SIZES",
    "ChartSettings",
    "ChartSettingsError",
    "Output",
    "active_settings",
    "charts_slice",
    "contrast_problems",
    "parse_charts",
    "settings_folder",
    "side_outputs",
]

#: Environment variable naming the data folder whose ``promis.toml`` the charts follow.
SETTINGS_ENV = "PROMIS_SETTINGS_DIR"


def active_settings() -> ChartSettings:
    """The ``[charts]`` of the folder named by ``PROMIS_SETTINGS_DIR`` (defaults if unset)."""
    folder = os.environ.get(SETTINGS_ENV)
    if not folder:
        return ChartSettings()
    from promis_analytics.project import project_settings

    return project_settings(folder).charts_settings


@contextmanager
def settings_folder(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Inside the block ``PROMIS_SETTINGS_DIR`` names ``folder`` (for ``active_settings`` here
    and in notebook kernels started inside it); the previous value is restored after."""
    saved = os.environ.get(SETTINGS_ENV)
    os.environ[SETTINGS_ENV] = str(folder)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(SETTINGS_ENV, None)
        else:
            os.environ[SETTINGS_ENV] = saved


def charts_slice(settings: ChartSettings, charts: list[str]) -> dict[str, Any]:
    """What of ``settings`` the charts named in ``charts`` depend on (part of a build step's
    hash): size, DPI and palette touch every chart, a title or caption only its own."""
    return {
        "size": list(settings.size) if settings.size else None,
        "dpi": settings.dpi,
        "palette": dict(sorted(settings.palette.items())),
        "titles": {c: settings.titles[c] for c in sorted(charts) if c in settings.titles},
        "captions": {c: settings.captions[c] for c in sorted(charts) if c in settings.captions},
        "outputs": {
            n: [list(o.size) if o.size else None, o.dpi] for n, o in side_outputs(settings)
        },
    }
