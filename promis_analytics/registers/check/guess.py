"""What a file looks like: its header scored against every register schema, the best guess."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from promis_analytics.registers.check.header_block import Merge, find_header
from promis_analytics.registers.io.reader import RawTable
from promis_analytics.registers.io.rows import RawRow
from promis_analytics.registers.schema.report import ValidationReport
from promis_analytics.registers.schema.schemas import SCHEMAS

__all__ = ["Guess", "guess_kind", "looks_like", "other_kind"]


@dataclass(frozen=True)
class Guess:
    """Register ``kind`` whose columns the file's header matches: ``columns`` (canonical
    names, file order) and ``headers`` (the headers as written that matched them)."""

    kind: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]

    @property
    def score(self) -> tuple[int, float]:
        """(columns matched, share of the register's required columns among them)."""
        required = SCHEMAS[self.kind].required
        return len(self.columns), sum(c in self.columns for c in required) / len(required)


def guess_kind(
    rows: Sequence[RawRow], merged: list[Merge] | None = None, *, exclude: str | None = None
) -> Guess | None:
    """The register whose header (``header_block.find_header``) matches the most columns
    (ties: the larger share of its required columns, then schema order); None when no
    register matches two columns. ``exclude`` leaves one kind out (the one that failed)."""
    best: Guess | None = None
    for kind in SCHEMAS:
        if kind == exclude:
            continue
        block = find_header(rows, kind, merged)
        if block is None:
            continue
        pairs = [(c, n) for c, n in zip(block.columns, block.names, strict=True) if c and n]
        seen: dict[str, str] = {}
        for c, n in pairs:
            seen.setdefault(c, n)
        guess = Guess(kind, tuple(seen), tuple(seen.values()))
        if best is None or guess.score > best.score:
            best = guess
    return best


def looks_like(guess: Guess | None) -> dict[str, str]:
    """Message parameters ``looks_uk``/``looks_en`` for a report entry (empty without a
    guess): «; схоже на реєстр «Рекомендації» (recommendations): Рекомендація → text, …»."""
    if guess is None:
        return {}
    schema = SCHEMAS[guess.kind]
    shown = ", ".join(f"«{h}» → {c}" for c, h in zip(guess.columns, guess.headers, strict=True))
    return {
        "looks_uk": f"; схоже на реєстр «{schema.label_uk}» ({guess.kind}), збіглися: {shown}",
        "looks_en": f"; looks like a {schema.label_en.lower()} register ({guess.kind}), "
        f"matched: {shown}",
    }


def other_kind(
    table: RawTable, kind: str, matched: int, row: int, report: ValidationReport
) -> None:
    """A required column missing and another register matching more columns: say which
    (``guess.looks_like``)."""
    if not any(e.code == "missing_column" for e in report.errors):
        return
    guess = guess_kind(table.rows, table.merged, exclude=kind)
    if guess is not None and len(guess.columns) > matched:
        report.add("looks_like", row=row, kind=kind, guess=guess.kind, **looks_like(guess))
