"""One ``promis build`` at a time per output folder: a file lock beside the build state."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

__all__ = ["LOCK_FILE", "BuildBusy", "build_lock"]

LOCK_FILE = Path(".promis-cache") / "build.lock"


class BuildBusy(RuntimeError):
    """Another build holds the output folder's lock (``wait=False``)."""


@contextlib.contextmanager
def build_lock(
    out_dir: Path, *, wait: bool = True, on_wait: Callable[[Path], None] | None = None
) -> Iterator[Path]:
    """Hold ``<out_dir>/.promis-cache/build.lock`` while the block runs.

    When another process holds it: with ``wait`` call ``on_wait(lock path)`` once and block
    until it is free; without, raise ``BuildBusy`` naming the lock. The lock is released when
    the holder exits, even when it is killed (an OS lock, not a marker file).
    """
    path = out_dir / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise BuildBusy(
                f"інша збірка вже працює з цією текою / another build is running on this "
                f"output folder (lock {path}); wait for it or use another --out"
            ) from None
        if on_wait is not None:
            on_wait(path)
        lock.acquire()
    try:
        yield path
    finally:
        lock.release()
