"""What a build plan is expanded against: the options of ``promis build``, the folder, an item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promis_analytics import paths
from promis_analytics.pipeline.notebooks import NotebookDeps
from promis_analytics.pipeline.state import STATE_FILE

__all__ = ["DEFAULT_LANGS", "GENERATED_INDEXES", "BuildConfig", "Item", "Site"]

#: Languages built by default.
DEFAULT_LANGS: tuple[str, ...] = ("uk", "en")
#: Files in figures/ that the build derives from the other figure files (not their inputs).
GENERATED_INDEXES = frozenset({"index.html", "MANIFEST.sha256"})


@dataclass(frozen=True)
class BuildConfig:
    """Options of ``promis build``: data folder, output root, languages, workers, notebooks."""

    data_dir: Path
    out_dir: Path
    langs: tuple[str, ...] = DEFAULT_LANGS
    jobs: int | None = None
    notebooks_dir: Path = field(default_factory=lambda: paths.repo_root() / "notebooks")
    warm_kernels: bool = True  # reuse warm kernels across notebooks (``pipeline.kernels``)
    only: tuple[str, ...] = ()  # charts or notebooks to rebuild (``--only``); () = all

    @property
    def processed_dir(self) -> Path:
        return self.out_dir / "data" / "processed"

    @property
    def figures_dir(self) -> Path:
        return self.out_dir / "figures"

    @property
    def reports_dir(self) -> Path:
        return self.out_dir / "reports"

    @property
    def state_path(self) -> Path:
        return self.out_dir / STATE_FILE


@dataclass
class Site:
    """What the plan is expanded against: the config, the folder scan, the notebooks."""

    config: BuildConfig
    scan: Any  # registers.io.folder.FolderScan
    present: list[str]
    reference: list[Path]
    notebooks: list[tuple[Path, NotebookDeps, dict[str, Any]]]
    unused_parameters: list[str] = field(default_factory=list)  # [parameters] no notebook has
    charts: dict[Path, tuple[str, ...]] = field(default_factory=dict)  # notebook → its charts

    @property
    def all_inputs(self) -> list[Path]:
        return self.scan.inputs()

    def figure_files(self) -> list[Path]:
        """Figure files (not the gallery and manifest derived from them)."""
        folder = self.config.figures_dir
        if not folder.is_dir():
            return []
        return [
            p
            for p in folder.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.name not in GENERATED_INDEXES
        ]


@dataclass(frozen=True)
class Item:
    """One member of a step family: a register kind, or a notebook in a language."""

    kind: str = ""
    notebook: Path | None = None
    deps: NotebookDeps | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    lang: str = ""

    @property
    def stem(self) -> str:
        return self.notebook.stem if self.notebook else ""
