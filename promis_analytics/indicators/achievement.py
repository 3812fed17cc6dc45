"""Plan vs actual: achievement of each indicator against its target, and the reported percent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import is_missing, require_columns
from promis_analytics.indicators.results import achievement_basis, achievement_pct
from promis_analytics.percents import register_percent_verdict

__all__ = ["ACHIEVEMENT_COLUMNS", "STATUSES", "achievement", "percent_flags"]

#: Status codes in the order of the thresholds.
STATUSES: tuple[str, ...] = ("met", "partly met", "not met", "no target", "no actual")

#: Columns ``achievement`` adds to the input columns.
ACHIEVEMENT_COLUMNS: tuple[str, ...] = (
    "target_ratio",
    "achievement_pct",
    "achievement_basis",
    "status",
    "reported_diff_pts",
    "audit_status",
    "reported_matches",
    "note",
)

_FUNC = "achievement"
_NOTES = {
    "no target": "target empty",
    "zero target": "target is zero: ratio undefined",
    "no actual": "actual empty",
    "zero actual": "actual is zero: ratio undefined",
}


def _value(v: object) -> float | None:
    return None if is_missing(v) else float(v)  # type: ignore[arg-type]


def _row_status(pct: float | None, note: str, partly_from: float) -> tuple[str, str]:
    if note in ("no target", "zero target"):
        return "no target", _NOTES[note]
    if note in ("no actual", "zero actual"):
        return "no actual", _NOTES[note]
    ratio = pct / 100.0  # type: ignore[operator]
    return ("met" if ratio >= 1 else ("partly met" if ratio >= partly_from else "not met")), ""


def achievement(indicators: pd.DataFrame, *, partly_from: float = 0.5) -> pd.DataFrame:
    """Achievement of every row of an indicators register (plan vs actual).

    Input: ``target`` and ``actual`` (numbers in the row's unit); optional ``baseline``,
    ``direction`` (``descending`` = less is better), ``reported_pct`` and
    ``reported_decimals``. Output: the input columns (same rows, same order) plus

    - ``achievement_pct``: ``indicators.achievement_pct`` — the package's one rule, that of
      the results framework: 100 × actual ÷ target (descending: target ÷ actual); with a
      baseline different from the target, 100 × (actual − baseline) ÷ (target − baseline).
      ``achievement_basis`` says which (``of_target`` / ``from_baseline``);
      ``target_ratio`` = achievement_pct ÷ 100.
    - ``status``: ``"met"`` when achievement ≥ 100 %; ``"partly met"`` when ≥
      ``partly_from`` × 100 % (default 50 %); ``"not met"`` below; ``"no target"`` when the
      target is empty **or zero** (a zero target is a placeholder, not a goal — the note
      says which); ``"no actual"`` when the actual is empty.
    - ``audit_status``: the programme-report audit's verdict on the printed percent
      (``percents.percent_at_precision``, at ``reported_decimals``): ok,
      rounded, truncated, mismatch, no_plan, no_actual; "" without a printed percent. The
      CLI audit and the plan-vs-actual chart show the same verdict.
      ``reported_matches`` = the verdict is ok or rounded (NA when there is nothing to
      compare: no printed percent, no plan or no actual).
      ``reported_diff_pts`` = 100 × actual ÷ target − reported_pct (percentage points).
    - ``note``: why a value is missing; that the printed precision is unknown when the
      register has no ``reported_decimals``.

    Empty input gives an empty table with these columns.
    """
    require_columns(indicators, ["target", "actual"], _FUNC)
    if not 0 < partly_from < 1:
        raise IndicatorError(f"{_FUNC}: partly_from={partly_from!r}; expected 0 < x < 1")
    out = indicators.copy()
    target = pd.to_numeric(out["target"], errors="raise").astype(float)
    actual = pd.to_numeric(out["actual"], errors="raise").astype(float)
    cols = {c: out[c] if c in out.columns else pd.Series(None, index=out.index, dtype=object)
            for c in ("baseline", "direction", "reported_pct", "reported_decimals")}  # fmt: skip
    reported = pd.to_numeric(cols["reported_pct"], errors="raise").astype(float)
    baseline = pd.to_numeric(cols["baseline"], errors="raise").astype(float)
    pcts, bases, statuses, notes, verdicts, matches = [], [], [], [], [], []
    for pos in range(len(out)):
        t, a = _value(target.iloc[pos]), _value(actual.iloc[pos])
        b = _value(baseline.iloc[pos])
        desc = cols["direction"].iloc[pos] == "descending"
        pct, why = achievement_pct(a, t, b, desc)
        status, note = _row_status(pct, why, partly_from)
        verdict, _, _, known = register_percent_verdict(
            t, a, reported.iloc[pos], cols["reported_decimals"].iloc[pos]
        )
        if verdict and not known:
            note = "; ".join(x for x in (note, "printed precision unknown") if x)
        pcts.append(pct)
        bases.append(achievement_basis(t, b) if pct is not None else "")
        statuses.append(status)
        notes.append(note)
        verdicts.append(verdict)
        compared = verdict not in ("", "no_plan", "no_actual")
        matches.append(verdict in ("ok", "rounded") if compared else pd.NA)
    out["achievement_pct"] = pd.Series(pcts, index=out.index, dtype=object).astype(float)
    out["target_ratio"] = out["achievement_pct"] / 100.0
    out["achievement_basis"] = bases
    out["status"] = statuses
    with np.errstate(divide="ignore", invalid="ignore"):
        plain = 100.0 * actual / target.where(target != 0)
    out["reported_diff_pts"] = plain - reported
    out["audit_status"] = verdicts
    out["reported_matches"] = pd.array(matches, dtype="boolean")
    out["note"] = notes
    return out[list(dict.fromkeys([*indicators.columns, *ACHIEVEMENT_COLUMNS]))]


def percent_flags(table: pd.DataFrame) -> pd.Series:
    """The audit's verdict (``audit_status``) of every row of an ``achievement`` table — the
    verdict ``promis audit program-report`` gives the printed percent: ok, rounded,
    truncated, mismatch, no_plan, no_actual; ``""`` without a printed percent. Computed by
    :func:`achievement` when the table is not its output. Index = the table's index."""
    if "audit_status" not in table.columns:
        table = achievement(table)
    return table["audit_status"].rename("audit_status").astype(object)
