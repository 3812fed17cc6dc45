"""``messy_events``: a synthetic events register typed the way people type one (for trials)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from promis_analytics.demo import SYNTHETIC, random_dates, random_picks, random_titles
from promis_analytics.export import atomic_write
from promis_analytics.registers.schema.vocab import synonym_rows

__all__ = ["BAD_SHARE", "messy_events", "write_messy_events"]

#: Ukrainian headers as an M&E officer writes them (each maps to a register column).
HEADER = (
    "Код заходу", "Назва заходу", "Тип заходу", "Дата початку", "Дата завершення", "Місто",
    "Кількість учасників", "З них жінок", "Джерело", "Місце в джерелі",
)  # fmt: skip

#: Places as written: nominative, with «м.», inflected after «у/в», another oblast's towns.
PLACES = (
    "Вінниця", "м. Вінниця", "у Вінниці", "Полтава", "м. Полтава", "в Полтаві", "Запоріжжя",
    "у Запоріжжі", "Івано-Франківськ", "в Івано-Франківську", "Хмільник", "у Хмільнику",
    "Нова Каховка", "у Новій Каховці", "Мелітополь", "Бердянськ", "Кременчук", "у Кременчуці",
    "Миргород", "Коломия", "у Луцьку", "до Чернігова", "Біла Церква", "онлайн",
)  # fmt: skip

#: Date forms people mix in one column (strftime; ``words``: «5 липня 2018»).
DATE_FORMS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d.%m.%Y р.", "words")
_MONTHS = (
    "січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
    "жовтня", "листопада", "грудня",
)  # fmt: skip

#: Share of rows made wrong on purpose (a word for a count, an impossible date, an unknown
#: place, women above participants): the validator must find each of them.
BAD_SHARE = 0.01
_BAD = (
    ("participants", "багато"),
    ("date_start", "31.02.2019"),
    ("city", "Атлантида"),
    ("women", "9999"),
)
#: Every this many data rows a blank line; every this many a repeated header.
BLANK_EVERY, HEADER_EVERY = 5_000, 100_000


def _type_words() -> list[str]:
    return [r["synonym"] for r in synonym_rows() if r["vocabulary"] == "event_type"]


def _as_written(rng: np.random.Generator, dates: pd.Series) -> np.ndarray:
    forms = rng.integers(0, len(DATE_FORMS), len(dates))
    out = np.empty(len(dates), dtype=object)
    for k, form in enumerate(DATE_FORMS):
        d = dates[forms == k]
        if form == "words":
            month = np.asarray(_MONTHS, dtype=object)[d.dt.month.to_numpy() - 1]
            text = d.dt.day.astype(str).to_numpy() + " " + month + " " + d.dt.year.astype(str)
            out[forms == k] = text
        else:
            out[forms == k] = d.dt.strftime(form).to_numpy()
    return out


def _quoted(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ',"\n') else text


def messy_events(rows: int, seed: int = 0) -> str:
    """The CSV text of ``rows`` events: Ukrainian headers and words, mixed date forms,
    inflected places, women left blank in a fifth of rows, ``BAD_SHARE`` of rows wrong on
    purpose, a blank line every ``BLANK_EVERY`` rows, the header repeated every
    ``HEADER_EVERY`` rows, a totals row at the end. Same ``seed``, same text."""
    rng = np.random.default_rng(seed)
    start, end = random_dates(rng, rows, max_extra=2)
    participants = rng.integers(5, 201, rows)
    women = (participants * rng.uniform(0.2, 0.8, rows)).astype(int).astype(str).astype(object)
    women[rng.random(rows) < 0.2] = ""
    columns = {
        "id": np.asarray([f"З-{i + 1:07d}" for i in range(rows)], dtype=object),
        "title": np.asarray([_quoted(t) for t in random_titles(rng, rows)], dtype=object),
        "event_type": random_picks(rng, _type_words(), rows),
        "date_start": _as_written(rng, start),
        "date_end": _as_written(rng, end),
        "city": np.asarray([_quoted(p) for p in random_picks(rng, PLACES, rows)], dtype=object),
        "participants": participants.astype(str).astype(object),
        "women": women,
    }
    bad = np.flatnonzero(rng.random(rows) < BAD_SHARE)
    which = rng.integers(0, len(_BAD), len(bad))
    for k, (col, word) in enumerate(_BAD):
        columns[col][bad[which == k]] = word
    body = [
        ",".join(cells) + f",{SYNTHETIC},рядок {i + 1}"
        for i, cells in enumerate(zip(*columns.values(), strict=True))
    ]
    header = ",".join(HEADER)
    lines = [header]
    for i, line in enumerate(body, start=1):
        lines.append(line)
        if i % BLANK_EVERY == 0:
            lines.append("")
        if i % HEADER_EVERY == 0 and i < rows:
            lines.append(header)
    lines.append("Всього" + "," * (len(HEADER) - 1))
    return "\n".join(lines) + "\n"


def write_messy_events(out_dir: str | Path, *, rows: int, seed: int = 0) -> Path:
    """Write :func:`messy_events` to ``out_dir/events.csv`` (UTF-8); return the path."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "events.csv"
    text = messy_events(rows, seed)
    atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return target
