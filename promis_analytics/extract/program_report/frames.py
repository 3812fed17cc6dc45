"""Frames of the report's rows and small number helpers."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from promis_analytics.extract.program_report.layout import (
    CENT,
    INDICATOR_COLUMNS,
    MEASURE_COLUMNS,
)

# --- frames and small helpers ----------------------------------------------------------------


def measures_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(
        [
            {
                **{k: r[k] for k in MEASURE_COLUMNS if k in r},
                "planned_thousand_uah": _float(r["planned"]),
                "actual_thousand_uah": _float(r["actual"]),
                "reported_pct": _float(r["reported_pct"]),
            }
            for r in rows
        ],
        columns=list(MEASURE_COLUMNS),
    )
    for col in ("planned_thousand_uah", "actual_thousand_uah", "reported_pct"):
        df[col] = df[col].astype("Float64")
    return df


def totals_frame(rows: list[dict]) -> pd.DataFrame:
    cols = [
        "label",
        "scope",
        "planned_thousand_uah",
        "actual_thousand_uah",
        "reported_pct",
        "locator",
    ]
    df = pd.DataFrame(
        [
            {
                "label": r["label"],
                "scope": r["scope"] or "all",
                "planned_thousand_uah": _float(r["planned"]),
                "actual_thousand_uah": _float(r["actual"]),
                "reported_pct": _float(r["reported_pct"]),
                "locator": r["locator"],
            }
            for r in rows
        ],
        columns=cols,
    )
    for col in cols[2:5]:
        df[col] = df[col].astype("Float64")
    return df


def indicators_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(
        [
            {
                **{k: r.get(k) for k in INDICATOR_COLUMNS},  # indicator_en: a translation
                "baseline": _float(r["baseline"]),
                "target": _float(r["target"]),
                "actual": _float(r["actual"]),
                "reported_pct": _float(r["reported_pct"]),
                "reported_decimals": _printed_decimals(r["reported_pct"]),
            }
            for r in rows
        ],
        columns=list(INDICATOR_COLUMNS),
    )
    df["reported_decimals"] = df["reported_decimals"].astype("Int64")
    for col in ("baseline", "target", "actual", "reported_pct"):
        df[col] = df[col].astype("Float64")
    return df


def _printed_decimals(value: Decimal | None) -> int | None:
    """Decimals a number was printed with («97,0» → 1, «116» → 0); None when not printed."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else None


def display_check(c: dict) -> dict:
    out = dict(c)
    out["reported_decimals"] = _printed_decimals(c["reported_pct"])
    for key in ("planned", "actual", "reported_pct"):
        out[key] = _float(c[key])
    for key in ("recomputed_pct", "difference_pp"):
        out[key] = None if c[key] is None else float(c[key].quantize(CENT, ROUND_HALF_UP))
    return out


def display_total(t: dict) -> dict:
    out = dict(t)
    for key in ("printed", "recomputed", "difference"):
        out[key] = _float(t[key])
    return out


def sum_or_none(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def half_unit(decimals: int) -> Decimal:
    """Half a unit in the last printed decimal place (1 decimal → 0.05; none → 0.5)."""
    return Decimal(5) * Decimal(10) ** (-decimals - 1)


def decimal_places(printed: str) -> int:
    """Digits printed after the decimal comma or point ("865,0" → 1, "115" → 0)."""
    m = re.search(r"[.,](\d+)\s*$", printed.strip())
    return len(m.group(1)) if m else 0


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def fmt(value: Decimal | None) -> str:
    return "empty" if value is None else str(value)


def one_line(text: str) -> str:
    return " ".join(text.split())


def snippet(text: str, n: int = 40) -> str:
    t = one_line(text)
    return t if len(t) <= n else t[: n - 1] + "…"
