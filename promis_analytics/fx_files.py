"""Rate tables on disk: the embedded NBU table and a folder's own ``rates.csv``, checked."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from promis_analytics import paths
from promis_analytics.currencies import is_currency
from promis_analytics.errors import FxError

__all__ = [
    "FOLDER_HEADER",
    "FOLDER_RATES",
    "RATES_FILE",
    "RateTable",
    "check_row",
    "rate_files",
    "rates_problems",
    "read_rates",
]

RATES_FILE = "nbu_official_rates_2014_2022.csv"
#: The rates a user keeps beside the registers (``promis fx update`` writes it).
FOLDER_RATES = "rates.csv"
_HEADER = ["date", "currency", "uah_per_unit"]
#: Columns of a folder ``rates.csv``: one rate a line, hryvnias per one unit, and where it
#: comes from (``source``: e.g. "NBU", a URL or a document).
FOLDER_HEADER = [*_HEADER, "source"]


@dataclass(frozen=True)
class RateTable:
    """Rates of one or more files: ``exact[(currency, day)]`` = UAH per unit (decimal as
    written), the files' names, and the first and last day."""

    names: str
    exact: dict[tuple[str, date], Decimal]
    first: date
    last: date


def rate_files(folder: Path | str | None = None) -> tuple[Path, ...]:
    """The rate files a folder's conversions use: the embedded NBU table, then the folder's
    ``rates.csv`` when it has one."""
    embedded = paths.raw_dir() / RATES_FILE
    own = Path(folder) / FOLDER_RATES if folder is not None else None
    return (embedded, own) if own is not None and own.is_file() else (embedded,)


#: Problems of a rate row: code → (Ukrainian, English) text; ``{value}``, ``{first}``,
#: ``{rate}``, ``{currency}``, ``{day}`` filled per row (``registers.schema.messages`` has the same
#: codes for ``promis validate``).
_TEXTS = {
    "rate_date": ("{value!r} — не дата РРРР-ММ-ДД", "{value!r} is not an ISO date (YYYY-MM-DD)"),
    "rate_currency": (
        "{value!r} — не код валюти ISO 4217 (не UAH)",
        "{value!r} is not an ISO 4217 code other than UAH",
    ),
    "rate_value": (
        "{value!r} — не додатне число",
        "{value!r} is not a positive number (UAH per unit, dot decimal)",
    ),
    "rate_conflict": (
        "інший курс {currency} на {day}, ніж у {first} ({rate})",
        "another rate for {currency} on {day} than {first} ({rate})",
    ),
}

#: One problem: (row, column, value, code, params).
Problem = tuple[int, str, str, str, dict]


def _text(name: str, p: Problem) -> str:
    row, column, value, code, params = p
    uk, en = (t.format(value=value, **params) for t in _TEXTS[code])
    return f"{name}, рядок {row}, стовпець {column}: {uk} / row {row}, column {column}: {en}"


def _rows(path: Path, problems: list[str]) -> Iterable[tuple[int, list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        if header not in (_HEADER, FOLDER_HEADER):
            problems.append(
                f"{path.name}, рядок 1: заголовок {header!r}, очікувався {FOLDER_HEADER!r} / "
                f"row 1: header {header!r}, expected {FOLDER_HEADER!r}"
            )
            return
        for n, row in enumerate(reader, start=2):
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                problems.append(
                    f"{path.name}, рядок {n}: {len(row)} клітинок, очікувалося {len(header)} / "
                    f"row {n}: {len(row)} cells, expected {len(header)}"
                )
                continue
            yield n, [c.strip() for c in row]


def check_row(n: int, row: list[str]) -> tuple[tuple[str, date, Decimal] | None, list[Problem]]:
    """(currency, day, rate) of one rate row, or the problems of its cells."""
    text_date, cur, text_rate = row[:3]
    out: list[Problem] = []
    try:
        day = date.fromisoformat(text_date)
    except ValueError:
        out.append((n, "date", text_date, "rate_date", {}))
    if not is_currency(cur) or cur == "UAH":
        out.append((n, "currency", cur, "rate_currency", {}))
    if not re.fullmatch(r"\d+(\.\d+)?", text_rate) or Decimal(text_rate) <= 0:
        out.append((n, "uah_per_unit", text_rate, "rate_value", {}))
    return (None, out) if out else ((cur, day, Decimal(text_rate)), [])


def _read_one(path: Path, exact: dict, where: dict, problems: list[str]) -> list[Problem]:
    """Add the rates of ``path`` to ``exact``; a day a file already gave with another rate
    is a problem (the same rate twice is not). Returns the cell problems (also in
    ``problems`` as text)."""
    found: list[Problem] = []
    for n, row in _rows(path, problems):
        value, cells = check_row(n, row)
        if value is not None:
            cur, day, rate = value
            key = (cur, day)
            if key in exact and exact[key] != rate:
                params = {"currency": cur, "day": day, "first": where[key], "rate": exact[key]}
                cells = [(n, "uah_per_unit", row[2], "rate_conflict", params)]
            else:
                exact[key], where[key] = rate, f"{path.name}:{n}"
        found += cells
        problems += [_text(path.name, p) for p in cells]
    return found


def read_rates(files: tuple[Path, ...]) -> RateTable:
    """Read and check rate files; every bad row of every file is reported at once
    (``FxError``, uk / en, file, row and column)."""
    problems: list[str] = []
    exact: dict[tuple[str, date], Decimal] = {}
    where: dict[tuple[str, date], str] = {}
    for path in files:
        if not path.is_file():
            raise FxError(f"файл курсів не знайдено: {path} / exchange-rate file not found: {path}")
        _read_one(path, exact, where, problems)
    if problems:
        raise FxError(f"{len(problems)} bad rows:\n" + "\n".join(problems))
    if not exact:
        raise FxError(f"{', '.join(p.name for p in files)}: немає курсів / no rates")
    days = [d for _, d in exact]
    return RateTable("+".join(p.name for p in files), exact, min(days), max(days))


def rates_problems(path: Path) -> tuple[list[Problem], list[str], int]:
    """What ``promis validate`` says of a folder's ``rates.csv``: the cell problems (row,
    column, value, code, params), the file's other problems (header, row width; text in
    uk / en) and the number of rows read."""
    shape: list[str] = []
    exact: dict = {}
    cells = _read_one(path, exact, {}, shape)
    texts = [p for p in shape if not any(p == _text(path.name, c) for c in cells)]
    return cells, texts, len(exact) + len({p[0] for p in cells})
