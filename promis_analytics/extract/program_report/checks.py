"""The audit's rules: printed percents against plan and actual, totals against their rows."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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


def percent_at_precision(
    planned: Decimal | None, actual: Decimal | None, reported: Decimal
) -> tuple[str, Decimal | None, Decimal | None]:
    """The audit's rule for a printed percent, at the precision it is printed with:
    ``(status, recomputed_pct, difference_pp)``.

    recomputed = 100 × actual ÷ planned (exact decimals); the printed precision is kept
    («97,0» has one decimal, «116» none). Status ``ok``: the printed figure is the recomputed
    one rounded half up *and* cut (they agree); ``rounded``: it equals only the rounded one;
    ``truncated``: only the cut one (116,67 → 116); ``mismatch``: neither (462 of 500 is
    92,4 % — printed 92,5 it is wrong); ``no_plan`` / ``no_actual`` as in ``percent_status``.
    """
    if planned is None or planned == 0:
        return "no_plan", None, None
    if actual is None:
        return "no_actual", None, None
    recomputed = actual / planned * 100
    exponent = reported.as_tuple().exponent
    step = Decimal(1).scaleb(min(int(exponent), 0)) if isinstance(exponent, int) else Decimal(1)
    rounded = recomputed.quantize(step, ROUND_HALF_UP)
    cut = recomputed.quantize(step, ROUND_DOWN)
    diff = reported - recomputed
    if reported == rounded == cut:
        return "ok", recomputed, diff
    if reported == rounded:
        return "rounded", recomputed, diff
    if reported == cut:
        return "truncated", recomputed, diff
    return "mismatch", recomputed, diff


def percent_convention(checks: list[dict]) -> tuple[str | None, Counter]:
    """The report's own way of printing percents, from its rows: "rounded" or "truncated"
    (the status more of its inexact percents follow; rounded on a tie), None when no row
    tells; with the counts of each status."""
    counts = Counter(c["status"] for c in checks)
    if not counts["rounded"] and not counts["truncated"]:
        return None, counts
    return ("truncated" if counts["truncated"] > counts["rounded"] else "rounded"), counts


def percent_status(
    planned: Decimal | None, actual: Decimal | None, reported: Decimal
) -> tuple[str, Decimal | None, Decimal | None]:
    """A tolerance rule for a reported percent (used by ``indicators.achievement`` to compare
    a register's reported percent): ``(status, recomputed_pct, difference_pp)``.

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


def _percent_finding(c: dict, convention: str | None) -> Finding | None:
    """The finding of one percent check under the report's ``convention`` (see
    ``percent_convention``): a mismatch is an error; a figure that follows the other
    convention a note; one that follows the report's own convention, nothing."""
    status, row, loc = c["status"], c["row"], c["locator"]
    reported = _fmt(c["reported_pct"])
    if status == "ok" or status == convention:
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
        f"{_fmt(c['planned'])} × 100 = {recomputed}%"
    )
    if status == "mismatch":
        return Finding(
            "percent_mismatch",
            "error",
            text + f" — at the printed precision neither rounded nor cut gives {reported}",
            loc,
        )
    other = "rounded half up" if status == "rounded" else "cut (not rounded)"
    return Finding(
        "percent_other_convention",
        "note",
        text + f" — {other}, unlike the report's other percents ({convention})",
        loc,
    )


def convention_finding(convention: str | None, counts: Counter, locator: str) -> Finding | None:
    """One note saying how the report prints its percents."""
    if convention is None:
        return None
    how = "cuts" if convention == "truncated" else "rounds half up"
    return Finding(
        "percent_convention",
        "note",
        f"the report {how} its percents: {counts['truncated']} printed cut, "
        f"{counts['rounded']} rounded, {counts['ok']} exact at their precision, "
        f"{counts['mismatch']} neither",
        locator,
    )


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
