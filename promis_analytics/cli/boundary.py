"""The command line's error boundary: an OS or input error becomes one bilingual paragraph.

Any ``OSError`` (a read-only or full disk, a folder that cannot be made), ``ValueError``
(settings, a bad value; ``RegisterError`` and the other package errors are ValueErrors) or a
nesting too deep to follow, raised anywhere under a ``promis`` command, is said as one
paragraph in Ukrainian and English with exit code 1 (the machine refused) or 2 (the input is
wrong). The traceback is printed only with ``--verbose`` (commands that have it) or the
environment variable ``PROMIS_TRACEBACK=1``. Output paths are checked before any work
(``check_output``), so a bad ``-o`` costs nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

__all__ = [
    "TRACEBACK_ENV",
    "OutputProblem",
    "check_output",
    "environ",
    "problem_of",
    "show_traceback",
]

#: Environment variable that makes the boundary print the full traceback too.
TRACEBACK_ENV = "PROMIS_TRACEBACK"

#: errno → (uk, en) explanation of the OS errors a user can meet and fix.
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("немає дозволу", "permission denied"),
    errno.EPERM: ("дію не дозволено", "operation not permitted"),
    errno.EROFS: ("тека лише для читання", "the folder is read-only"),
    errno.ENOSPC: ("на диску не залишилося місця", "no space left on the disk"),
    errno.EDQUOT: ("вичерпано квоту диска", "disk quota exceeded"),
    errno.ENOENT: ("немає такого файлу чи теки", "no such file or folder"),
    errno.ENOTDIR: ("частина шляху — не тека", "a part of the path is not a folder"),
    errno.EISDIR: ("це тека, а не файл", "it is a folder, not a file"),
    errno.EEXIST: ("вже існує", "already exists"),
    errno.ENAMETOOLONG: ("задовга назва", "the name is too long"),
}


class BoundaryProblem(click.ClickException):
    """One paragraph (uk / en) for an error caught at the boundary, printed without «Error:»."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class OutputProblem(BoundaryProblem):
    """An output path refused before any work: exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 2)


def _os_paragraph(exc: OSError) -> str:
    uk, en = _OS_REASONS.get(exc.errno or -1, ("", ""))
    detail = exc.strerror or str(exc)
    where = " → ".join(str(f) for f in (exc.filename, exc.filename2) if f)
    where = f"{where}: " if where else ""
    return (
        f"{where}не вдалося прочитати чи записати — {uk or detail}. Перевірте теку, дозволи й "
        f"місце на диску та запустіть знову. / {where}could not read or write — "
        f"{en or detail}. Check the folder, its permissions and the free space, then run again."
    )


def problem_of(exc: BaseException) -> BoundaryProblem | None:
    """The boundary's paragraph for ``exc`` (None for an error it does not handle: a bug)."""
    if isinstance(exc, OSError):
        return BoundaryProblem(_os_paragraph(exc), 1)
    if isinstance(exc, RecursionError):
        return BoundaryProblem(
            "Вхідні дані вкладені надто глибоко, щоб їх прочитати / the input is nested too "
            "deeply to be read.",
            2,
        )
    if isinstance(exc, ValueError):
        text = str(exc).strip() or type(exc).__name__
        if " / " not in text:  # a message of a library, in English only
            text = f"Неправильне значення / invalid value: {text}"
        return BoundaryProblem(text, 2)
    return None


def show_traceback(ctx: click.Context | None) -> bool:
    """True when the user asked for tracebacks (``--verbose`` or ``PROMIS_TRACEBACK``)."""
    if os.environ.get(TRACEBACK_ENV, "").strip().lower() in ("1", "true", "yes"):
        return True
    return bool(ctx is not None and ctx.meta.get("promis.verbose"))


def report(exc: BaseException, ctx: click.Context | None) -> BoundaryProblem | None:
    """``problem_of(exc)``, after printing the traceback when the user asked for it."""
    problem = problem_of(exc)
    if problem is not None and show_traceback(ctx):
        click.echo("".join(traceback.format_exception(exc)), err=True)
    return problem


def check_output(path: Path, suffixes: tuple[str, ...], option: str) -> Path:
    """Refuse an output path before any work: an ending not in ``suffixes``, a folder in its
    place, or a parent folder that cannot be made or written. Returns ``path``."""
    if path.suffix.lower() not in suffixes:
        raise OutputProblem(
            f"{option} {path}: очікувалася назва з закінченням {' або '.join(suffixes)} / "
            f"expected a file name ending in {' or '.join(suffixes)}"
        )
    if path.is_dir():
        raise OutputProblem(f"{option} {path}: це тека, а не файл / it is a folder, not a file")
    check_folder(path.parent, option)
    return path


def check_folder(folder: Path, option: str) -> Path:
    """Make ``folder`` (with its parents) and check it can be written; ``OutputProblem`` with
    the reason otherwise."""
    blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise OutputProblem(
            f"{option} {folder}: «{blocking}» — файл, а не тека / «{blocking}» is a file, "
            "not a folder"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputProblem(f"{option} {folder}: {_os_paragraph(exc)}") from None
    try:  # a real write: permission bits, read-only mounts and root all answer truly
        with tempfile.TemporaryFile(dir=folder, prefix=".promis-probe-"):
            pass
    except OSError as exc:
        raise OutputProblem(f"{option} {folder}: {_os_paragraph(exc)}") from None
    return folder


@contextlib.contextmanager
def environ(name: str, value: str) -> Iterator[None]:
    """Set the environment variable ``name`` for the duration of a command (processes it
    starts, such as notebook kernels, inherit it), then restore what it was."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
