"""Warm Jupyter kernels reused across the notebooks of one build (``KernelPool``).

A fresh kernel spends about two seconds importing pandas, matplotlib and this package before
a notebook's first cell does any work. The pool starts at most ``size`` kernels, once per
build, each importing those libraries up front (``WARM_CODE``); a notebook borrows an idle
kernel and gives it back. Between two notebooks the kernel is made clean (``RESET_CODE``): the
user namespace is emptied (``%reset -f``), every figure is closed, Matplotlib's settings and
the warning filters are restored and the working folder is set back. Imported modules stay
imported — that is the saving; the package holds no state that a notebook's result depends
on (its caches are keyed by file content). A kernel whose notebook failed is shut down and
replaced, so a crash never leaks into the next notebook.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["RESET_CODE", "WARM_CODE", "KernelPool", "run_code"]

KERNEL_NAME = "python3"
#: Kernel starts in this process, one at a time (see ``KernelPool._start``).
_START_LOCK = threading.Lock()

#: Imported once per kernel: what every notebook of the project imports first. A build's
#: executed copies do not embed pictures of the figures (the figures are its files): images
#: are not rendered for display, which saves a drawing per chart.
WARM_CODE = """\
%matplotlib inline
import numpy, pandas, matplotlib, matplotlib.pyplot
import promis_analytics.charts, promis_analytics.dataset, promis_analytics.indicators
matplotlib._promis_warm_rc = matplotlib.rcParams.copy()  # what a fresh kernel starts with
for _mime in ("image/png", "image/svg+xml", "application/pdf", "image/jpeg"):
    get_ipython().display_formatter.formatters[_mime].enabled = False
del _mime
"""

#: Run before every notebook in a reused kernel (``{cwd}`` is the kernel's working folder).
RESET_CODE = """\
%reset -f
import os as _os, warnings as _warnings, matplotlib as _mpl, matplotlib.pyplot as _plt
_plt.close("all")
_mpl.rcParams.update(_mpl._promis_warm_rc)
_mpl.font_manager._get_font.cache_clear()  # FreeType faces keep state between figures
_warnings.resetwarnings()
_os.chdir({cwd!r})
del _os, _warnings, _mpl, _plt
"""


def run_code(km: Any, nb: Any, cwd: Path) -> Any:
    """Execute notebook node ``nb`` in the running kernel of ``km``; return it executed.

    Raises nbclient's ``CellExecutionError`` (with ``ename``/``evalue``) when a cell fails.
    """
    from nbclient import NotebookClient

    client = NotebookClient(
        nb, km=km, kernel_name=KERNEL_NAME, resources={"metadata": {"path": str(cwd)}}
    )
    try:
        return client.execute()
    finally:
        if client.kc is not None:
            client.kc.stop_channels()


class KernelPool:
    """Up to ``size`` warm kernels working in ``cwd``; ``with pool.kernel() as km: …``."""

    def __init__(self, size: int, cwd: Path) -> None:
        self.size, self.cwd = max(1, size), Path(cwd).resolve()
        self._idle: list[Any] = []
        self._all: list[Any] = []
        self._lock = threading.Condition()
        self._starting: list[threading.Thread] = []
        self.started = 0  # kernels started so far (for tests and the summary)

    def _start(self, attempts: int = 3) -> Any:
        """A started, warmed kernel. Starts are one at a time until the kernel answers: two
        kernels started at once can pick the same free TCP port, and the loser dies; it is
        then started again."""
        import nbformat
        from jupyter_client.manager import KernelManager

        for attempt in range(attempts):
            km = KernelManager(kernel_name=KERNEL_NAME)
            with _START_LOCK:
                km.start_kernel(cwd=str(self.cwd))
                kc = km.client()
                kc.start_channels()
                try:
                    kc.wait_for_ready(timeout=60)
                except RuntimeError:
                    with contextlib.suppress(Exception):
                        km.shutdown_kernel(now=True)
                    if attempt == attempts - 1:
                        raise
                    continue
                finally:
                    kc.stop_channels()
            warm = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WARM_CODE)])
            run_code(km, warm, self.cwd)
            return km
        raise RuntimeError("unreachable")

    def start_in_background(self) -> None:
        """Start and warm every kernel now, in background threads (a cold build does this
        while the registers are validated, so the first notebooks find them ready)."""

        def _one() -> None:
            km, fresh = self._take()
            if not fresh:  # an idle kernel was there: give it back
                self._give_back(km)
                return
            try:
                km = self._start()
            except Exception:
                self._retire(None)
                return
            if self._fill_slot(km):
                self._give_back(km)

        for _ in range(self.size):
            t = threading.Thread(target=_one, name="promis-kernel-start", daemon=True)
            self._starting.append(t)
            t.start()

    def _fill_slot(self, km: Any) -> bool:
        """Put a started kernel in its slot; when the pool was closed meanwhile (a build that
        stopped early) the kernel is shut down instead and False returned."""
        with self._lock:
            if None in self._all:
                self._all[self._all.index(None)] = km
                self.started += 1
                return True
        with contextlib.suppress(Exception):
            km.shutdown_kernel(now=True)
        return False

    def _give_back(self, km: Any) -> None:
        with self._lock:
            self._idle.append(km)
            self._lock.notify()

    def _take(self) -> tuple[Any, bool]:
        """An idle kernel (``fresh`` False), or the right to start a new one (None, True)."""
        with self._lock:
            while not self._idle and len(self._all) >= self.size:
                self._lock.wait()
            if self._idle:
                return self._idle.pop(), False
            self._all.append(None)  # a slot, filled once the kernel has started
            return None, True

    @contextlib.contextmanager
    def kernel(self) -> Iterator[Any]:
        """Borrow a clean, warm kernel; a failure inside the block retires it."""
        import nbformat

        km, fresh = self._take()
        try:
            if fresh:
                km = self._start()
                if not self._fill_slot(km):
                    raise RuntimeError("the kernel pool was closed while a kernel started")
            else:
                reset = RESET_CODE.format(cwd=str(self.cwd))
                run_code(
                    km, nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(reset)]), self.cwd
                )
            yield km
        except BaseException:
            self._retire(km)
            raise
        self._give_back(km)

    def _retire(self, km: Any) -> None:
        with self._lock:
            if km in self._all:
                self._all.remove(km)
            elif None in self._all:
                self._all.remove(None)
            self._lock.notify()
        if km is not None:
            with contextlib.suppress(Exception):
                km.shutdown_kernel(now=True)

    def close(self) -> None:
        """Shut every kernel down, and wait for the background starts still under way (they
        shut their kernel down themselves): no kernel or socket outlives the pool, so the
        process can exit."""
        with self._lock:
            kernels, self._all, self._idle = [k for k in self._all if k], [], []
        for km in kernels:
            with contextlib.suppress(Exception):
                km.shutdown_kernel(now=True)
        for t in self._starting:
            t.join(timeout=120)
