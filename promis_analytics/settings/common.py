"""What every table of ``promis.toml`` is checked with: the error, dates, unknown keys."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Any

__all__ = ["SettingsError", "parse_date", "shown", "unknown_keys"]


class SettingsError(ValueError):
    """``promis.toml`` [project] holds a value of the wrong form (message in uk and en)."""


def parse_date(where: str, value: Any) -> dt.date:
    """A TOML date (or ISO text) of a setting; ``SettingsError`` naming ``where`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SettingsError(
        f"{where}: очікувалася дата РРРР-ММ-ДД, знайдено {value!r} / "
        f"expected a date YYYY-MM-DD, found {value!r}"
    )


def shown(value: Any) -> str:
    """A found value in a message: short, one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def unknown_keys(where: str, found: Iterable[str], known: Iterable[str], kind: str = "") -> str:
    """A message naming the keys of ``found`` not in ``known`` (each with «did you mean»
    when a known key is close, ``difflib``), or ``""`` when every key is known."""
    known = list(known)
    lines = []
    for key in sorted(k for k in found if k not in known):
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        shown = f"[{key}]" if kind == "table" else key
        hint = (f"[{close[0]}]" if kind == "table" else close[0]) if close else ""
        uk = f"; можливо, {hint}?" if hint else f"; відомі: {', '.join(known)}"
        en = f"; did you mean {hint}?" if hint else f"; known: {', '.join(known)}"
        noun = (
            ("невідома таблиця", "unknown table")
            if kind == "table"
            else ("невідомий ключ", "unknown key")
        )
        lines.append(f"{where}: {noun[0]} {shown}{uk} / {noun[1]} {shown}{en}")
    return "\n".join(lines)
