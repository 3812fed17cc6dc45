"""Command-line options shared by several subcommands (languages, data and output folders)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

__all__ = ["data_option", "langs_option", "out_option"]

_Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _langs(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """``"uk,en"`` → ``("uk", "en")``; anything but uk and en is a usage error."""
    langs = tuple(dict.fromkeys(x.strip() for x in value.split(",") if x.strip()))
    bad = [x for x in langs if x not in ("uk", "en")]
    if bad or not langs:
        raise click.BadParameter(f"expected uk, en or uk,en; found {value!r}")
    return langs


def langs_option(what: str) -> _Decorator:
    """``--lang uk,en`` (parameter ``langs``), ``what`` naming what the languages are of."""
    return click.option(
        "--lang",
        "langs",
        default="uk,en",
        show_default=True,
        callback=_langs,
        help=f"Languages of {what} (comma-separated).",
    )


def _folder_option(flag: str, name: str, help_text: str) -> _Decorator:
    return click.option(
        flag,
        name,
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=help_text,
    )


def data_option(help_text: str) -> _Decorator:
    """``--data FOLDER`` (parameter ``data_dir``)."""
    return _folder_option("--data", "data_dir", help_text)


def out_option(help_text: str) -> _Decorator:
    """``--out FOLDER`` (parameter ``out_dir``)."""
    return _folder_option("--out", "out_dir", help_text)
