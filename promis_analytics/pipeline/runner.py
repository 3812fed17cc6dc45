"""Run notebooks with parameters (papermill, kernel "python3") and strip run metadata from them."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from promis_analytics import paths

KERNEL_NAME = "python3"
#: Where executed copies go when no ``out`` is given (git-ignored).
BUILD_NOTEBOOKS_DIR = Path(".promis-cache") / "notebooks"

# Metadata keys that change on every run and would make committed notebooks unstable.
_NOTEBOOK_RUN_KEYS: tuple[str, ...] = ("papermill", "execution")
_CELL_RUN_KEYS: tuple[str, ...] = ("papermill", "execution", "ExecuteTime")


def _strip_run_metadata(nb: Any) -> bool:
    """Remove run metadata from a notebook node in place; True when something was removed."""
    changed = False
    for key in _NOTEBOOK_RUN_KEYS:
        if key in nb.metadata:
            del nb.metadata[key]
            changed = True
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        for key in _CELL_RUN_KEYS:
            if key in meta:
                del meta[key]
                changed = True
    return changed


def _write_notebook(nb: Any, path: Path) -> None:
    """Write ``nb`` to ``path`` atomically (temporary file in the same folder, then replace)."""
    from promis_analytics.export import atomic_write

    def _write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            nbformat.write(nb, fh)

    atomic_write(path, _write)


def clean_notebook(path: str | Path) -> bool:
    """Strip run metadata from the notebook at ``path`` so committed notebooks stay stable.

    Removes notebook-level ``metadata.papermill`` and ``metadata.execution`` and, in every
    cell, ``metadata.papermill``, ``metadata.execution`` (nbclient timestamps) and
    ``metadata.ExecuteTime``. Sources, outputs, tags and execution counts are kept. The file
    is rewritten atomically and only when something changed; returns whether it changed.
    """
    nb_path = Path(path)
    nb = nbformat.read(nb_path, as_version=nbformat.NO_CONVERT)
    if not _strip_run_metadata(nb):
        return False
    _write_notebook(nb, nb_path)
    return True


def default_output(src: Path, parameters: Mapping[str, Any], root: Path | None = None) -> Path:
    """``<root>/.promis-cache/notebooks/<stem>.<lang>.ipynb`` (``run`` when no ``lang``)."""
    base = (root or paths.repo_root()) / BUILD_NOTEBOOKS_DIR
    return base / f"{src.stem}.{parameters.get('lang', 'run')}.ipynb"


def execute_notebook(
    src: Path,
    *,
    parameters: dict[str, Any],
    out: Path | None = None,
    cwd: Path,
    pool: Any = None,
) -> Path:
    """Execute ``src`` with papermill (kernel "python3") and ``parameters``; return the output.

    With ``pool`` (``kernels.KernelPool``) the notebook runs in a borrowed warm kernel (the
    parameters injected as papermill does, then executed by nbclient); without, papermill
    starts a kernel of its own.

    The executed copy is written to ``out`` (default: ``default_output(src, parameters)``);
    ``src`` itself is never modified (``out`` must differ from it). The kernel runs in
    ``cwd``. Papermill writes into a temporary file beside ``out`` which replaces ``out`` only
    when every cell ran, so a failing notebook leaves the previous output untouched. Run
    metadata is stripped from the result (``clean_notebook``). Raises
    ``papermill.PapermillExecutionError`` when a cell fails.
    """
    import papermill

    src = Path(src)
    target = Path(out) if out is not None else default_output(src, parameters)
    if target.resolve() == src.resolve():
        raise ValueError(f"{src}: refusing to overwrite the source notebook; give another out")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".ipynb")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # The kernel's working folder goes to nbclient (resources.metadata.path) rather than
        # papermill's ``cwd=``, which chdirs the whole process and races between threads
        # when the build runs several notebooks at once.
        if pool is not None:
            nb = _execute_in(pool, src, parameters)
        else:
            papermill.execute_notebook(
                str(src.resolve()),
                str(tmp.resolve()),
                parameters=dict(parameters),
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                resources={"metadata": {"path": str(Path(cwd).resolve())}},
            )
            nb = nbformat.read(tmp, as_version=nbformat.NO_CONVERT)
        _strip_run_metadata(nb)
        _write_notebook(nb, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


def _execute_in(pool: Any, src: Path, parameters: Mapping[str, Any]) -> Any:
    """Run ``src`` with ``parameters`` in a warm kernel of ``pool``; the executed node."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from promis_analytics.pipeline.kernels import run_code

    nb = load_notebook_node(str(src.resolve()))  # adds the metadata papermill expects
    nb = parameterize_notebook(nb, dict(parameters), kernel_name=KERNEL_NAME)
    with pool.kernel() as km:
        return run_code(km, nb, pool.cwd)
