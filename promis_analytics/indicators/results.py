"""Results framework: achievement per indicator and period, status bands, disaggregations."""

from __future__ import annotations

from typing import Any

import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.common import (
    UNALLOCATED,
    city_info,
    city_keys,
    is_missing,
    require_columns,
    to_datetime,
)

__all__ = [
    "PMF_VALUES",
    "PROGRESS_COLUMNS",
    "RESULT_STATUSES",
    "achievement_basis",
    "achievement_pct",
    "activity_rows",
    "latest_values",
    "pmf_table",
    "results_by",
    "results_progress",
]

#: Status bands, best first; ``no_target`` and ``no_actual`` say what is unknown.
RESULT_STATUSES: tuple[str, ...] = ("met", "on_track", "behind", "no_target", "no_actual")
_QUANTITATIVE = ("unit", "percentage")
_GROUP = ("indicator_id", "place", "sex")

#: Columns of ``results_progress`` (after the register's own columns it keeps).
PROGRESS_COLUMNS: tuple[str, ...] = (
    "achievement_pct",
    "status",
    "target_cum",
    "actual_cum",
    "achievement_cum_pct",
    "status_cum",
    "note",
)


def _num(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def activity_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the activity's own results: those whose ``program`` is empty.

    A results register may also hold another programme's indicators (a city's own target
    programme, a partner's project), named in ``program``: they belong in that programme's
    report (plan vs actual), not in the activity's PMF, bullets, IATI file or charts by
    place. A table without a ``program`` column is all the activity's. The register's source
    row numbers (``attrs["rows"]``) follow the rows kept."""
    if "program" not in table.columns:
        return table
    own = [is_missing(v) for v in table["program"]]
    out = table.loc[own]
    rows = table.attrs.get("rows")
    if rows is not None and len(rows) == len(table):  # source row numbers stay with their rows
        out.attrs["rows"] = [n for n, keep in zip(rows, own, strict=True) if keep]
    return out


def achievement_pct(
    actual: float | None, target: float | None, baseline: float | None, descending: bool
) -> tuple[float | None, str]:
    """(percent of the way to the target, note) of one value — the one achievement rule of
    the package (``results_progress``, ``results_by``, ``achievement`` and the charts).

    With a baseline different from the target: 100 × (actual − baseline) ÷ (target −
    baseline) — the share of the planned change achieved, for ascending and descending
    indicators alike (both differences change sign together): waiting time 45 → target 30,
    actual 34 is 73,3 %. Without a baseline (or one equal to the target): ascending
    100 × actual ÷ target; descending 100 × target ÷ actual (lower is better). None when the
    target or the actual is missing, or the ratio has a zero divisor (the note says which).
    :func:`achievement_basis` says which of the two a percent is.
    """
    if target is None:
        return None, "no target"
    if target == 0 and not descending and (baseline is None or baseline == target):
        return None, "zero target"  # undefined whatever the actual: say so before «no actual»
    if actual is None:
        return None, "no actual"
    if baseline is not None and target != baseline:
        return 100.0 * (actual - baseline) / (target - baseline), ""
    if not descending:
        return (None, "zero target") if target == 0 else (100.0 * actual / target, "")
    return (None, "zero actual") if actual == 0 else (100.0 * target / actual, "")


def achievement_basis(target: float | None, baseline: float | None) -> str:
    """What :func:`achievement_pct` measures for these values: ``"from_baseline"`` (share of
    the way from the baseline to the target) when a baseline different from the target is
    given, else ``"of_target"`` (actual as a percent of the target; for descending
    indicators target ÷ actual)."""
    if baseline is not None and target is not None and baseline != target:
        return "from_baseline"
    return "of_target"


def _status(
    pct: float | None, note: str, actual: float | None, target: float | None, descending: bool,
    met_from: float, on_track_from: float,
) -> str:  # fmt: skip
    if note in ("no target", "no actual"):
        return note.replace(" ", "_")
    if pct is None and (actual is None or target is None):  # a zero target, nothing reported
        return "no_actual" if actual is None else "no_target"
    if pct is None:  # a zero divisor: compare the values themselves
        reached = actual <= target if descending else actual >= target  # type: ignore[operator]
        return "met" if reached else "behind"
    if pct >= met_from:
        return "met"
    return "on_track" if pct >= on_track_from else "behind"


def _check(results: pd.DataFrame, met_from: float, on_track_from: float) -> None:
    require_columns(
        results,
        ["indicator_id", "measure", "period_start", "period_end", "target", "actual"],
        "results_progress",
    )
    if not on_track_from <= met_from:
        raise IndicatorError(
            f"results_progress: on_track_from {on_track_from} is above met_from {met_from}"
        )


def results_progress(
    results: pd.DataFrame, *, met_from: float = 100.0, on_track_from: float = 75.0
) -> pd.DataFrame:
    """Achievement of every row of a results register (indicator × period × place × sex).

    Per period: ``achievement_pct`` = :func:`achievement_pct` of the row (percent of the way
    from the baseline to the target; ``direction`` descending = less is better); ``status`` =
    ``met`` when achievement ≥ ``met_from`` (default 100 %), ``on_track`` when ≥
    ``on_track_from`` (default 75 %), else ``behind``; ``no_target`` / ``no_actual`` when the
    register gives no target / actual (unknown, never zero). Qualitative, nominal and ordinal
    indicators get no percent (note "not quantitative").

    Cumulative, per indicator, place and sex in period order: for ``unit`` indicators
    ``target_cum`` = Σ targets and ``actual_cum`` = Σ actuals of the periods so far (unknown
    from the first period with a missing value on); for ``percentage`` indicators the period's
    own values (percentages do not add up); ``achievement_cum_pct`` and ``status_cum`` as
    above on the cumulative values (the baseline is subtracted once).

    Output: the input rows (register order) with :data:`PROGRESS_COLUMNS` added; ``place`` as
    reference keys. Empty input gives an empty table with those columns.
    """
    _check(results, met_from, on_track_from)
    df = results.copy()
    if "place" in df.columns and len(df):
        keys = city_keys(df["place"], "results_progress")
        df["place"] = keys.astype(object).where(keys != UNALLOCATED, None)
    for col in ("place", "sex", "direction", "baseline", "unit"):
        if col not in df.columns:
            df[col] = None
    df["sex"] = [v if not is_missing(v) else "all" for v in df["sex"]]
    out: dict[str, list[Any]] = {c: [None] * len(df) for c in PROGRESS_COLUMNS}
    order = df.assign(_end=to_datetime(df["period_end"])).sort_values("_end", kind="stable")
    running: dict[tuple, tuple[float | None, float | None]] = {}
    for pos in [df.index.get_loc(i) for i in order.index]:
        row = df.iloc[pos]
        desc = row["direction"] == "descending"
        target, actual, base = _num(row["target"]), _num(row["actual"]), _num(row["baseline"])
        if row["measure"] not in _QUANTITATIVE:
            for c in PROGRESS_COLUMNS:
                out[c][pos] = None
            out["note"][pos] = "not quantitative"
            continue
        pct, note = achievement_pct(actual, target, base, desc)
        out["achievement_pct"][pos], out["note"][pos] = pct, note
        out["status"][pos] = _status(pct, note, actual, target, desc, met_from, on_track_from)
        key = tuple(None if is_missing(row[c]) else row[c] for c in _GROUP)
        if row["measure"] == "unit":
            t0, a0 = running.get(key, (0.0, 0.0))
            t_cum = None if t0 is None or target is None else t0 + target
            a_cum = None if a0 is None or actual is None else a0 + actual
            running[key] = (t_cum, a_cum)
        else:
            t_cum, a_cum = target, actual
        cpct, cnote = achievement_pct(a_cum, t_cum, base, desc)
        out["target_cum"][pos], out["actual_cum"][pos] = t_cum, a_cum
        out["achievement_cum_pct"][pos] = cpct
        out["status_cum"][pos] = _status(cpct, cnote, a_cum, t_cum, desc, met_from, on_track_from)
    for c in PROGRESS_COLUMNS:
        df[c] = out[c]
    for c in ("achievement_pct", "target_cum", "actual_cum", "achievement_cum_pct"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    return df


def latest_values(progress: pd.DataFrame) -> pd.DataFrame:
    """The project-wide (no place), sex ``all`` row of the latest period of each of the
    activity's indicators (:func:`activity_rows`), in register order of the indicators: what
    a framework summary shows."""
    progress = activity_rows(progress)
    rows = progress.loc[progress["place"].isna() & (progress["sex"] == "all")]
    rows = rows.assign(_end=to_datetime(rows["period_end"])).sort_values("_end", kind="stable")
    last = rows.groupby("indicator_id", sort=False).tail(1).drop(columns="_end")
    order = {k: n for n, k in enumerate(dict.fromkeys(progress["indicator_id"]))}
    return last.sort_values("indicator_id", key=lambda s: s.map(order), kind="stable")


#: Kinds of the per-period columns of ``pmf_table``: ``<kind>:<start>…<end>``.
PMF_VALUES: tuple[str, ...] = ("target", "actual", "achievement")
_PMF_KEYS = ("result_id", "level", "indicator_id", "indicator", "unit", "place", "sex")


def pmf_table(progress: pd.DataFrame) -> pd.DataFrame:
    """The results framework the way the donor's PMF table is read: one row per indicator
    (and per place and sex it is disaggregated by; project-wide and ``all`` first), the
    baseline, then for every period (oldest first) three columns ``target:<start>…<end>``,
    ``actual:<start>…<end>`` and ``achievement:<start>…<end>`` (percent, as
    ``results_progress``). Empty cells: the register gives no value for that period. Only
    the activity's own results (:func:`activity_rows`): another programme's indicators are
    not the activity's framework."""
    progress = activity_rows(progress)
    if progress.empty:
        return pd.DataFrame(columns=[*_PMF_KEYS, "baseline_year", "baseline"])
    df = progress.copy()
    df["_start"], df["_end"] = to_datetime(df["period_start"]), to_datetime(df["period_end"])
    periods = sorted({(a, b) for a, b in zip(df["_start"], df["_end"], strict=True)})
    first = {k: n for n, k in enumerate(dict.fromkeys(df["indicator_id"]))}
    keys = df[list(_PMF_KEYS)].astype(object).where(df[list(_PMF_KEYS)].notna(), None)
    df["_key"] = list(map(tuple, keys.to_numpy()))
    order = sorted(
        dict.fromkeys(df["_key"]),
        key=lambda k: (first[k[2]], k[5] is not None, str(k[5] or ""), k[6] != "all", str(k[6])),
    )
    rows = []
    for key in order:
        part = df.loc[df["_key"].map(lambda k, key=key: k == key)]
        known = part.loc[part["baseline"].notna()] if "baseline" in part else part.iloc[0:0]
        row: dict[str, Any] = dict(zip(_PMF_KEYS, key, strict=True))
        row["baseline_year"] = known["baseline_year"].iloc[0] if len(known) else None
        row["baseline"] = known["baseline"].iloc[0] if len(known) else None
        for a, b in periods:
            here = part.loc[(part["_start"] == a) & (part["_end"] == b)]
            span = f"{a.date()}…{b.date()}"
            for kind, column in zip(PMF_VALUES, ("target", "actual", "achievement_pct"),
                                    strict=True):  # fmt: skip
                row[f"{kind}:{span}"] = here[column].iloc[0] if len(here) else None
        rows.append(row)
    return pd.DataFrame(rows)


def _oblast(key: Any) -> str | None:
    info = None if is_missing(key) else city_info(str(key))
    return getattr(info, "oblast_en", None) if info is not None else None


def _group_sum(part: pd.DataFrame, column: str) -> float | None:
    """Σ ``column`` of the group's rows; None when one is missing (unknown is not zero)."""
    return None if part[column].isna().any() else float(part[column].sum())


def _group_values(part: pd.DataFrame) -> tuple[float | None, float | None, float | None, str]:
    """(baseline, target, actual, note) of one group: sums for ``unit`` indicators, else the
    group's own values when it has exactly one row."""
    if not (part["measure"] == "unit").all():
        if len(part) != 1:
            return None, None, None, "not summed"
        row = part.iloc[0]
        return _num(row["baseline"]), _num(row["target"]), _num(row["actual"]), ""
    known = part["baseline"].notna()
    if known.any() and not known.all():
        return (
            None,
            _group_sum(part, "target"),
            _group_sum(part, "actual"),
            "baseline partly missing",
        )
    base = _group_sum(part, "baseline") if known.all() else None
    return base, _group_sum(part, "target"), _group_sum(part, "actual"), ""


def results_by(progress: pd.DataFrame, by: str) -> pd.DataFrame:
    """Disaggregation of ``results_progress`` output by ``place``, ``oblast`` or ``sex``.

    Which rows: by ``place`` and ``oblast`` the rows of a place with sex ``all`` (women and
    men rows would count twice); by ``sex`` the project-wide rows (no place). One row per
    indicator, period and group: for ``unit`` indicators ``baseline`` / ``target`` /
    ``actual`` = Σ over the group's rows (unknown when one is missing; a baseline given for
    some rows only makes the percent unknown); other measures are not summed (the group's
    value when it has exactly one row, else unknown). ``achievement_pct`` =
    :func:`achievement_pct` of those values with the indicator's ``direction`` — the rule
    of ``results_progress``: percent of the way from the baseline to the target, or percent
    of target without a baseline. ``note`` says why a percent is unknown.
    Columns: indicator_id, indicator, period_start, period_end, ``by``, baseline, target,
    actual, achievement_pct, note, rows.
    """
    if by not in ("place", "oblast", "sex"):
        raise IndicatorError(f"results_by: by={by!r}; expected 'place', 'oblast' or 'sex'")
    df = progress.copy()
    for col in ("baseline", "direction"):
        if col not in df.columns:
            df[col] = None
    if by in ("place", "oblast"):
        df = df.loc[(df["sex"] == "all") & df["place"].notna()]
        if by == "oblast":
            df = df.assign(oblast=[_oblast(k) for k in df["place"]])
    else:
        df = df.loc[df["place"].isna()]
    keys = ["indicator_id", "indicator", "period_start", "period_end", by]
    rows = []
    for group, part in df.groupby(keys, sort=False, dropna=False):
        base, target, actual, note = _group_values(part)
        pct = None
        if not note:
            desc = (part["direction"] == "descending").any()
            pct, note = achievement_pct(actual, target, base, bool(desc))
        rows.append((*group, base, target, actual, pct, note, len(part)))
    columns = [*keys, "baseline", "target", "actual", "achievement_pct", "note", "rows"]
    out = pd.DataFrame(rows, columns=columns)
    for c in ("baseline", "target", "actual", "achievement_pct"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out
