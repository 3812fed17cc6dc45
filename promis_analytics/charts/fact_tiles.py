"""Headline-tile tables built from rows of the facts register (never from typed-in numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from importlib import resources

import pandas as pd

from promis_analytics.charts.checks import require_columns
from promis_analytics.charts.labels import catalogue
from promis_analytics.errors import ChartError
from promis_analytics.formatting import CURRENCIES

__all__ = ["TILE_SPEC_FIELDS", "tile_spec", "tiles_for_view", "tiles_from_facts"]

#: One tile spec: (fact_id, caption label key, tile unit or None to derive it from the fact).
TILE_SPEC_FIELDS: tuple[str, ...] = ("fact_id", "caption_key", "unit")

_FACT_COLUMNS = ("fact_id", "value", "unit", "source", "locator")


def _tile_unit(fact_unit: str) -> str:
    """The tile unit for a fact unit: currencies and ``percent`` as they are, ``cities`` →
    ``unit.cities`` when the catalogue has that count word, anything else → bare number."""
    if fact_unit in CURRENCIES or fact_unit == "percent":
        return fact_unit
    key = f"unit.{fact_unit}"
    return key if key in catalogue() else ""


def _exact(value: object) -> Decimal | int:
    """The register value as printed: whole numbers as int (15, not 15,0), others as Decimal
    through the float's shortest repr (229800000.0 → 229800000, 43.9 → Decimal("43.9"))."""
    number = Decimal(repr(float(value)))  # type: ignore[arg-type]
    return int(number) if number == number.to_integral_value() else number


def tiles_from_facts(
    facts: pd.DataFrame, spec: Sequence[tuple[str, str, str | None]]
) -> pd.DataFrame:
    """The tiles table for :func:`charts.headline_tiles` from ``facts`` rows named in ``spec``.

    ``spec``: one ``(fact_id, caption_key, unit)`` per tile, in tile order; ``unit`` is a
    tile unit (see ``headline_tiles.tile_text``) or None to derive it from the fact's unit.
    Returns columns ``value, unit, caption_key, fact_id, source, locator`` — the value is the
    register's, so every printed tile is traceable. Every unknown or duplicated fact_id and
    every empty value is reported in one ``ChartError``.
    """
    require_columns(facts, _FACT_COLUMNS, "tiles_from_facts", what="facts table")
    if not spec:
        raise ChartError("tiles_from_facts: no tiles asked for")
    problems: list[str] = []
    rows: list[dict[str, object]] = []
    for fact_id, caption_key, unit in spec:
        found = facts[facts["fact_id"] == fact_id]
        if found.empty:
            problems.append(f"fact_id {fact_id!r} is not in the facts table")
            continue
        if len(found) > 1:
            problems.append(f"fact_id {fact_id!r} appears {len(found)} times")
            continue
        fact = found.iloc[0]
        if pd.isna(fact["value"]):
            problems.append(f"fact_id {fact_id!r} (row {found.index[0]}): empty 'value'")
            continue
        rows.append(
            {
                "value": _exact(fact["value"]),
                "unit": unit if unit is not None else _tile_unit(str(fact["unit"])),
                "caption_key": caption_key,
                "fact_id": fact_id,
                "source": fact["source"],
                "locator": fact["locator"],
            }
        )
    if problems:
        raise ChartError("tiles_from_facts: " + "; ".join(problems))
    return pd.DataFrame(rows)


@cache
def _tile_table() -> pd.DataFrame:
    with (
        resources.files("promis_analytics.data")
        .joinpath("fact_tiles.csv")
        .open(encoding="utf-8") as fh
    ):
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def tile_spec(view: str) -> list[tuple[str, str, str | None]]:
    """The tiles of a brochure view (``data/fact_tiles.csv``: view, fact_id, caption_key,
    unit — empty unit = bare number, ``auto`` = derived from the fact's unit)."""
    rows = _tile_table()[_tile_table()["view"] == view]
    if rows.empty:
        known = sorted(_tile_table()["view"].unique())
        raise ChartError(f"tile view {view!r} unknown; known: {', '.join(known)}")
    return [
        (r.fact_id, r.caption_key, None if r.unit == "auto" else r.unit)
        for r in rows.itertuples(index=False)
    ]


def tiles_for_view(facts: pd.DataFrame, view: str) -> pd.DataFrame:
    """``tiles_from_facts`` for the tiles of ``view`` whose fact the register holds; the fact
    ids it lacks are listed in ``attrs["missing"]`` (a register of other facts gives an empty
    table, which ``headline_tiles`` skips as not enough data)."""
    spec = tile_spec(view)
    present = set(facts["fact_id"]) if "fact_id" in facts.columns else set()
    have = [t for t in spec if t[0] in present]
    out = (
        tiles_from_facts(facts, have)
        if have
        else pd.DataFrame(columns=["value", "unit", "caption_key", "fact_id", "source", "locator"])
    )
    out.attrs["missing"] = [t[0] for t in spec if t[0] not in present]
    return out
