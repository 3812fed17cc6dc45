"""Plan vs actual: achievement of each indicator against its target, and the reported percent."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators._common import decimals_of, require_columns, round_half_up

__all__ = ["ACHIEVEMENT_COLUMNS", "STATUSES", "achievement", "percent_flags"]

#: Status codes in the order of the thresholds.
STATUSES: tuple[str, ...] = ("met", "partly met", "not met", "no target", "no actual")

#: Columns ``achievement`` adds to the input columns.
ACHIEVEMENT_COLUMNS: tuple[str, ...] = (
    "target_ratio",
    "achievement_pct",
    "status",
    "reported_diff_pts",
    "reported_matches",
    "note",
)

_FUNC = "achievement"


def achievement(indicators: pd.DataFrame, *, partly_from: float = 0.5) -> pd.DataFrame:
    """Actual ÷ target for every row of an indicators register (plan vs actual).

    Input: ``target`` and ``actual`` (numbers in the row's unit); ``reported_pct`` optional.
    Output: the input columns (same rows, same order) plus

    - ``target_ratio`` = actual ÷ target (dimensionless); ``achievement_pct`` = 100 × ratio.
    - ``status``: ``"met"`` when ratio ≥ 1 (100 %); ``"partly met"`` when
      ``partly_from`` ≤ ratio < 1 (default 0.5, i.e. 50…<100 %); ``"not met"`` when
      ratio < ``partly_from``; ``"no target"`` when the target is empty **or zero** (a ratio to
      zero is undefined: a zero target is a placeholder, not a goal — the note says which);
      ``"no actual"`` when the actual is empty.
      Higher is taken as better: for indicators where less is better (costs, waiting times)
      read the ratio the other way — the register does not say the direction.
    - ``reported_diff_pts`` = achievement_pct − reported_pct (percentage points; NaN when
      either is missing); ``reported_matches`` = the recomputed percent rounded to the
      reported figure's decimals (half up, after dropping floating-point noise beyond 9
      decimals) equals the reported figure (NA when there is nothing to
      compare).
    - ``note``: why a value is missing (empty when all is there).

    Empty input gives an empty table with these columns.
    """
    require_columns(indicators, ["target", "actual"], _FUNC)
    if not 0 < partly_from < 1:
        raise IndicatorError(f"{_FUNC}: partly_from={partly_from!r}; expected 0 < x < 1")
    out = indicators.copy()
    target = pd.to_numeric(out["target"], errors="raise").astype(float)
    actual = pd.to_numeric(out["actual"], errors="raise").astype(float)
    reported = (
        pd.to_numeric(out["reported_pct"], errors="raise").astype(float)
        if "reported_pct" in out.columns
        else pd.Series(np.nan, index=out.index)
    )
    valid = target.notna() & (target != 0) & actual.notna()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (actual / target).where(valid)
    out["target_ratio"] = ratio
    out["achievement_pct"] = 100.0 * ratio
    statuses, notes = [], []
    for t, a, r in zip(target, actual, ratio, strict=True):
        if pd.isna(t):
            statuses.append("no target")
            notes.append("target empty")
        elif t == 0:
            statuses.append("no target")
            notes.append("target is zero: ratio undefined")
        elif pd.isna(a):
            statuses.append("no actual")
            notes.append("actual empty")
        else:
            statuses.append("met" if r >= 1 else ("partly met" if r >= partly_from else "not met"))
            notes.append("")
    out["status"] = statuses
    out["reported_diff_pts"] = out["achievement_pct"] - reported
    matches: list[object] = []
    for pct, rep in zip(out["achievement_pct"], reported, strict=True):
        if pd.isna(pct) or pd.isna(rep):
            matches.append(pd.NA)
        else:
            d = decimals_of(rep)
            # round(pct, 9) first: 79,6 ÷ 80 is 99.49999… in binary floating point, 99,5 on paper
            matches.append(round_half_up(round(pct, 9), d) == round_half_up(rep, d))
    out["reported_matches"] = pd.array(matches, dtype="boolean")
    out["note"] = notes
    return out


def _decimal(value: object) -> Decimal | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return Decimal(str(value))


def percent_flags(table: pd.DataFrame) -> pd.Series:
    """A percent status of every row of a register, by a tolerance rule.

    A register keeps numbers, not how they were printed (97,0 and 97 are one float), so the
    audit's rule at the printed precision (``promis audit program-report``, applied to the
    document itself) cannot be applied here. For each row with a ``reported_pct``:
    ``extract.program_report.percent_status`` — 100 × actual ÷ target in decimals, ``ok``
    (equal), ``rounding`` (0 < |difference| ≤ ``PERCENT_TOLERANCE_PP`` = 1 percentage point),
    ``mismatch`` (> 1 pp), ``no_plan`` (target empty or 0), ``no_actual`` (actual empty).
    Every ``mismatch`` here is also a mismatch of the audit; the audit finds more (a percent
    within 1 pp that neither rounding nor cutting gives at its printed precision).
    Rows without a printed percent get ``""``. Index = the table's index.
    """
    from promis_analytics.extract.program_report import percent_status

    out = []
    for _, row in table.iterrows():
        reported = _decimal(row["reported_pct"])
        if reported is None:
            out.append("")
            continue
        status, _, _ = percent_status(_decimal(row["target"]), _decimal(row["actual"]), reported)
        out.append(status)
    return pd.Series(out, index=table.index, name="audit_status", dtype=object)
