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

__all__ = ["FOLDER_HEADER", "FOLDER_RATES", "RATES_FILE", "RateTable", "rate_files", "read_rates"]

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


def _problem(name: str, row: int, column: str, uk: str, en: str) -> str:
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


def _read_one(path: Path, exact: dict, where: dict, problems: list[str]) -> None:
    """Add the rates of ``path`` to ``exact``; a day a file already gave with another rate
    is a problem (the same rate twice is not)."""
    for n, row in _rows(path, problems):
        text_date, cur, text_rate = row[:3]
        try:
            day = date.fromisoformat(text_date)
        except ValueError:
            problems.append(
                _problem(path.name, n, "date", f"{text_date!r} — не дата РРРР-ММ-ДД",
                         f"{text_date!r} is not an ISO date (YYYY-MM-DD)")
            )  # fmt: skip
            continue
        if not is_currency(cur) or cur == "UAH":
            problems.append(
                _problem(path.name, n, "currency", f"{cur!r} — не код валюти ISO 4217 (не UAH)",
                         f"{cur!r} is not an ISO 4217 code other than UAH")
            )  # fmt: skip
            continue
        if not re.fullmatch(r"\d+(\.\d+)?", text_rate) or Decimal(text_rate) <= 0:
            problems.append(
                _problem(path.name, n, "uah_per_unit", f"{text_rate!r} — не додатне число",
                         f"{text_rate!r} is not a positive number (UAH per unit, dot decimal)")
            )  # fmt: skip
            continue
        rate, key = Decimal(text_rate), (cur, day)
        if key in exact and exact[key] != rate:
            first = where[key]
            problems.append(
                _problem(path.name, n, "uah_per_unit",
                         f"інший курс {cur} на {day}, ніж у {first} ({exact[key]})",
                         f"another rate for {cur} on {day} than {first} ({exact[key]})")
            )  # fmt: skip
            continue
        exact[key], where[key] = rate, f"{path.name}:{n}"


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
