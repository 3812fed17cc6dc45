"""The audit's rules: printed percents against plan and actual, totals against their rows."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from promis_analytics.extract.findings import Finding
from promis_analytics.extract.program_report.frames import (
    fmt,
)
from promis_analytics.extract.program_report.layout import (
    CENT,
    INDICATOR_GROUPS,
)
from promis_analytics.percents import (
    percent_at_precision,
)

# --- checks ----------------------------------------------------------------------------------


def make_check(
    table: str,
    row: str,
    planned: Decimal | None,
    actual: Decimal | None,
    reported: Decimal,
    locator: str,
) -> dict:
    """Recompute a reported percent: actual ÷ planned × 100, difference in percentage points."""
    status, recomputed, diff = percent_at_precision(planned, actual, reported)
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


def percent_finding(c: dict) -> Finding | None:
    """The finding of one percent check (its verdict: ``percent_at_precision``): a mismatch
    is an error; a truncated percent, or one printed without plan or actual, a warning each;
    an exact or correctly rounded percent, nothing."""
    status, row, loc = c["status"], c["row"], c["locator"]
    reported = fmt(c["reported_pct"])
    if status in ("ok", "rounded"):
        return None
    if status == "no_plan":
        return Finding(
            "percent_without_plan",
            "warning",
            f"{row}: {reported}% printed but there is no plan "
            f"(planned {fmt(c['planned'])}, actual {fmt(c['actual'])})",
            loc,
        )
    if status == "no_actual":
        return Finding(
            "percent_without_actual",
            "warning",
            f"{row}: {reported}% printed but the actual value is empty "
            f"(planned {fmt(c['planned'])})",
            loc,
        )
    recomputed = c["recomputed_pct"].quantize(CENT, ROUND_HALF_UP)
    text = (
        f"{row}: printed {reported}%, actual {fmt(c['actual'])} ÷ planned "
        f"{fmt(c['planned'])} × 100 = {recomputed}%"
    )
    if status == "mismatch":
        return Finding(
            "percent_mismatch",
            "error",
            text + f" — at the printed precision neither rounded nor cut gives {reported}",
            loc,
        )
    return Finding(
        "percent_truncated",
        "warning",
        text + f" — cut, not rounded: rounded half up it is {_rounded_as(c)}",
        loc,
    )


def _rounded_as(c: dict) -> str:
    """The recomputed percent rounded half up at the printed figure's precision."""
    exponent = c["reported_pct"].as_tuple().exponent
    step = Decimal(1).scaleb(min(int(exponent), 0))
    return str(c["recomputed_pct"].quantize(step, ROUND_HALF_UP))


def total_finding(t: dict) -> Finding:
    text = (
        f"total «{t['total']}», {t['column']}: printed {fmt(t['printed'])}, "
        f"sum of {t['rows_summed']} rows {fmt(t['recomputed'])}"
        if not t["total"].startswith(tuple(INDICATOR_GROUPS.values()))
        else f"{t['total']}, {t['column']}: printed {fmt(t['printed'])}, "
        f"table 1 total {fmt(t['recomputed'])}"
    )
    if t["ok"]:
        return Finding("total_confirmed", "note", text + " — adds up", t["locator"])
    return Finding(
        "total_mismatch",
        "error",
        text + f" (difference {fmt(t['difference'])})",
        t["locator"],
    )
