"""Warm kernels: clean between notebooks, and figures byte-identical to fresh kernels."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from promis_analytics import paths
from promis_analytics.pipeline import BuildConfig, build
from promis_analytics.pipeline.kernels import KernelPool
from promis_analytics.pipeline.runner import execute_notebook


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell('lang = "uk"')] + [
        nbformat.v4.new_code_cell(c) for c in cells
    ]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


def _run(nb: Path, pool: KernelPool, **params: str) -> Path:
    out = nb.parent / "out" / nb.name
    return execute_notebook(nb, parameters=params, out=out, cwd=nb.parent, pool=pool)


@pytest.mark.slow
def test_a_reused_kernel_is_clean(tmp_path: Path) -> None:
    dirty = _notebook(
        tmp_path / "a.ipynb",
        "import os, warnings, matplotlib as mpl\n"
        "leftover = 42\nmpl.rcParams['lines.linewidth'] = 9\n"
        "warnings.simplefilter('ignore')\nos.chdir('/')",
    )
    check = _notebook(
        tmp_path / "b.ipynb",
        "import os, warnings, matplotlib as mpl\n"
        "assert 'leftover' not in globals()\n"
        "assert mpl.rcParams['lines.linewidth'] != 9\n"
        "assert not any(f[0] == 'ignore' and f[2] is Warning for f in warnings.filters)\n"
        f"assert os.getcwd() == {str(tmp_path)!r}, os.getcwd()\n"
        "assert lang == 'en'",
    )
    pool = KernelPool(1, tmp_path)
    try:
        _run(dirty, pool)
        _run(check, pool, lang="en")
        assert pool.started == 1  # the same kernel ran both
    finally:
        pool.close()


@pytest.mark.slow
def test_a_failing_notebook_retires_its_kernel(tmp_path: Path) -> None:
    broken = _notebook(tmp_path / "broken.ipynb", "raise KeyError('Луцьк')")
    fine = _notebook(tmp_path / "fine.ipynb", "x = 1")
    pool = KernelPool(1, tmp_path)
    try:
        with pytest.raises(Exception, match="Луцьк"):
            _run(broken, pool)
        _run(fine, pool)
        assert pool.started == 2
    finally:
        pool.close()


@pytest.mark.slow
def test_the_embedded_data_builds_the_committed_figures_with_warm_kernels(tmp_path: Path) -> None:
    """Both languages, warm kernels (figures not displayed), into a temporary output: every
    figure equals the committed file byte for byte (nbval and the reproducibility test run
    the same notebooks in fresh kernels, with display)."""
    config = BuildConfig(paths.raw_dir().resolve(), tmp_path, jobs=2)
    result = build(config)
    assert result.ok, [(o.name, o.error) for o in result.outcomes if o.error]
    committed = paths.repo_root() / "figures"
    names = sorted(
        p.name for p in committed.iterdir() if p.suffix in (".png", ".svg", ".pdf", ".csv", ".json")
    )
    assert names
    different = [
        n for n in names if (tmp_path / "figures" / n).read_bytes() != (committed / n).read_bytes()
    ]
    assert not different


@pytest.mark.slow
def test_a_pool_closed_while_kernels_start_shuts_them_down(tmp_path: Path, monkeypatch) -> None:
    """A build that stops early closes the pool while background starts are under way: the
    kernels started afterwards are shut down, and no start thread fails."""
    import threading
    import time

    class FakeKernel:
        shut = False

        def shutdown_kernel(self, now: bool = False) -> None:
            self.shut = True

    started: list[FakeKernel] = []

    def slow_start(self) -> FakeKernel:
        time.sleep(0.2)
        started.append(FakeKernel())
        return started[-1]

    failures: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    monkeypatch.setattr(KernelPool, "_start", slow_start)
    pool = KernelPool(2, tmp_path)
    pool.start_in_background()
    pool.close()  # waits for the starts under way
    assert not [t for t in threading.enumerate() if t.name == "promis-kernel-start"]
    assert len(started) == 2 and all(k.shut for k in started)
    assert failures == [] and pool.started == 0
