"""The audit's rules: printed percents against plan and actual, totals against their rows."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from promis_analytics.extract.findings import Finding
from promis_analytics.extract.program_report.frames import (
    _fmt,
)
from promis_analytics.extract.program_report.layout import (
    _CENT,
    INDICATOR_GROUPS,
    PERCENT_TOLERANCE_PP,
)

# --- checks ----------------------------------------------------------------------------------


def percent_status(
    planned: Decimal | None, actual: Decimal | None, reported: Decimal
) -> tuple[str, Decimal | None, Decimal | None]:
    """The audit's rule for a printed percent: ``(status, recomputed_pct, difference_pp)``.

    recomputed = 100 × actual ÷ planned (exact decimals), difference = reported − recomputed;
    status ``ok`` (difference 0), ``rounding`` (0 < |difference| ≤ ``PERCENT_TOLERANCE_PP``),
    ``mismatch`` (larger), ``no_plan`` (planned empty or 0), ``no_actual`` (actual empty).
    """
    if planned is None or planned == 0:
        return "no_plan", None, None
    if actual is None:
        return "no_actual", None, None
    recomputed = actual / planned * 100
    diff = reported - recomputed
    if diff == 0:
        return "ok", recomputed, diff
    return ("rounding" if abs(diff) <= PERCENT_TOLERANCE_PP else "mismatch"), recomputed, diff


def _check(
    table: str,
    row: str,
    planned: Decimal | None,
    actual: Decimal | None,
    reported: Decimal,
    locator: str,
) -> dict:
    """Recompute a reported percent: actual ÷ planned × 100, difference in percentage points."""
    status, recomputed, diff = percent_status(planned, actual, reported)
    return {
        "table": table,
        "row": row,
        "planned": planned,
        "actual": actual,
        "reported_pct": reported,
        "recomputed_pct": recomputed,
        "difference_pp": diff,
        "status": status,
        "locator": locator,
    }


def _percent_finding(c: dict) -> Finding | None:
    status, row, loc = c["status"], c["row"], c["locator"]
    reported = _fmt(c["reported_pct"])
    if status == "ok":
        return None
    if status == "no_plan":
        return Finding(
            "percent_without_plan",
            "warning",
            f"{row}: {reported}% printed but there is no plan "
            f"(planned {_fmt(c['planned'])}, actual {_fmt(c['actual'])})",
            loc,
        )
    if status == "no_actual":
        return Finding(
            "percent_without_actual",
            "warning",
            f"{row}: {reported}% printed but the actual value is empty "
            f"(planned {_fmt(c['planned'])})",
            loc,
        )
    recomputed = c["recomputed_pct"].quantize(_CENT, ROUND_HALF_UP)
    text = (
        f"{row}: printed {reported}%, actual {_fmt(c['actual'])} ÷ planned "
        f"{_fmt(c['planned'])} × 100 = {recomputed}% "
        f"(difference {c['difference_pp'].quantize(_CENT, ROUND_HALF_UP)} pp)"
    )
    if status == "mismatch":
        return Finding("percent_mismatch", "error", text, loc)
    return Finding("percent_rounding", "note", text, loc)


def _total_finding(t: dict) -> Finding:
    text = (
        f"total «{t['total']}», {t['column']}: printed {_fmt(t['printed'])}, "
        f"sum of {t['rows_summed']} rows {_fmt(t['recomputed'])}"
        if not t["total"].startswith(tuple(INDICATOR_GROUPS.values()))
        else f"{t['total']}, {t['column']}: printed {_fmt(t['printed'])}, "
        f"table 1 total {_fmt(t['recomputed'])}"
    )
    if t["ok"]:
        return Finding("total_confirmed", "note", text + " — adds up", t["locator"])
    return Finding(
        "total_mismatch",
        "error",
        text + f" (difference {_fmt(t['difference'])})",
        t["locator"],
    )
