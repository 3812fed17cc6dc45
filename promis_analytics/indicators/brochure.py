"""Brochure checks: every printed figure that a register can recompute, side by side."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from promis_analytics.errors import IndicatorError, PromisError
from promis_analytics.indicators._common import (
    decimals_of,
    is_missing,
    partner_keys,
    require_columns,
)
from promis_analytics.indicators.adoption import adoption_matrix
from promis_analytics.indicators.cofinancing import cofinancing_summary
from promis_analytics.indicators.recommendations import (
    recommendation_uptake,
    recommendation_uptake_from_totals,
)

__all__ = [
    "ADOPTION_METRICS",
    "BROCHURE_CHECKS",
    "BROCHURE_CHECK_COLUMNS",
    "BrochureCheck",
    "Recomputation",
    "brochure_checks",
]

BROCHURE_CHECK_COLUMNS: tuple[str, ...] = (
    "fact_id",
    "metric",
    "section",
    "cities",
    "as_printed",
    "printed_value",
    "unit",
    "recomputed_value",
    "difference",
    "difference_pct",
    "status",
    "recomputed_from",
    "note",
)

#: Words that mark a printed figure as approximate.
_APPROX_MARKS = ("≈", "~", "близько", "майже", "приблизно", "about", "approx")


@dataclass(frozen=True)
class Recomputation:
    """One recomputed value of a printed figure, what it was computed from, and a remark."""

    value: float
    recomputed_from: str
    note: str = ""


class NotRecomputable(PromisError):
    """The register needed to recompute a figure is missing or holds nothing for it."""


Registers = Mapping[str, pd.DataFrame]
CheckFunc = Callable[[pd.Series, pd.DataFrame, Registers], list[Recomputation]]


@dataclass(frozen=True)
class BrochureCheck:
    """How one fact metric is recomputed: the registers it needs and the function."""

    metric: str
    needs: tuple[str, ...]
    compute: CheckFunc
    description: str


def _register(registers: Registers, kind: str) -> pd.DataFrame:
    df = registers.get(kind)
    if df is None:
        raise NotRecomputable(f"no {kind} register given")
    if len(df) == 0:
        raise NotRecomputable(f"{kind} register is empty")
    return df


def _date(value: Any) -> pd.Timestamp | None:
    return None if is_missing(value) else pd.Timestamp(value)


def _fact_cities(fact: pd.Series) -> list[str]:
    raw = fact.get("cities")
    if is_missing(raw):
        return []
    return [c.strip() for c in str(raw).split(";") if c.strip()]


# --- co-financing ------------------------------------------------------------------------

#: fact metric → (cofinancing column of ``cofinancing_summary``) for the governance fund.
COFINANCING_METRICS: dict[str, str] = {
    "dg_fund_city_contribution": "partner_cad",
    "dg_fund_promis_contribution": "promis_cad",
    "dg_fund_city_contribution_approx": "partner_uah",
    "dg_fund_promis_contribution_approx": "promis_uah",
    "dg_fund_projects_value_approx": "promis_uah",
}


def _cofinancing(column: str) -> CheckFunc:
    def compute(fact: pd.Series, facts: pd.DataFrame, registers: Registers) -> list[Recomputation]:
        reg = _register(registers, "cofinancing")
        dg = reg.loc[reg["fund"] == "dg_fund"]
        if len(dg) == 0:
            raise NotRecomputable("no dg_fund rows in the cofinancing register")
        start, end = _date(fact.get("period_start")), _date(fact.get("period_end"))
        period = (start, end) if start is not None and end is not None else None
        results = []
        if column.endswith("_cad"):
            t = cofinancing_summary(dg, by="fund", fx="period_mean", period=period)
            r = t.iloc[0]
            src = f"cofinancing: Σ dg_fund {column.split('_')[0]}_amount in CAD"
            return [_with_incomplete(r, column, src)]
        if period is not None:
            t = cofinancing_summary(dg, by="fund", fx="period_mean", period=period)
            r = t.iloc[0]
            src = f"cofinancing: Σ dg_fund, {r['fx_basis']} ({r['uah_per_cad']:.4f} UAH/CAD)"
            results.append(_with_incomplete(r, column, src))
            on_end = dg.assign(date=end)
            t = cofinancing_summary(on_end, by="fund", fx="daily")
            r = t.iloc[0]
            src = (
                f"cofinancing: Σ dg_fund, NBU official rate on {end.date()} "
                f"({r['uah_per_cad']:.4f} UAH/CAD)"
            )
            results.append(_with_incomplete(r, column, src))
        else:
            t = cofinancing_summary(dg, by="fund", fx="period_mean")
            r = t.iloc[0]
            src = f"cofinancing: Σ dg_fund, {r['fx_basis']} ({r['uah_per_cad']:.4f} UAH/CAD)"
            results.append(_with_incomplete(r, column, src))
        return results

    return compute


def _with_incomplete(row: pd.Series, column: str, src: str) -> Recomputation:
    note = (
        f"{int(row['rows_incomplete'])} register row(s) incomplete"
        if row["rows_incomplete"]
        else ""
    )
    return Recomputation(float(row[column]), src, note)


# --- recommendations ---------------------------------------------------------------------


def _recommendations_share(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers
) -> list[Recomputation]:
    reg = registers.get("recommendations")
    if reg is not None and len(reg) and (reg["area"] == "budget_transparency").any():
        t = recommendation_uptake(reg.loc[reg["area"] == "budget_transparency"], by="area")
        r = t.iloc[0]
        return [
            Recomputation(
                float(r["uptake_pct"]),
                f"recommendations: {r['implemented']} implemented of {r['given']} given "
                "(budget_transparency)",
                f"{r['unknown']} without status" if r["unknown"] else "",
            )
        ]
    given = facts.loc[facts["metric"] == "budget_transparency_recommendations_given", "value"]
    if len(given) != 1:
        raise NotRecomputable("no recommendations register and no single 'given' fact")
    g = int(given.iloc[0])
    printed = fact["as_printed"] if not is_missing(fact.get("as_printed")) else fact["value"]
    t = recommendation_uptake_from_totals(g, printed).iloc[0]
    if not t["consistent"]:
        raise NotRecomputable(t["note"])
    return [
        Recomputation(
            float(t["recomputed_pct"]),
            f"facts: {t['implemented']} implemented of {g} given "
            "(the only whole number giving the printed percent)",
        )
    ]


def _recommendations_given(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers
) -> list[Recomputation]:
    reg = _register(registers, "recommendations")
    bt = reg.loc[reg["area"] == "budget_transparency"]
    if len(bt) == 0:
        raise NotRecomputable("no budget_transparency rows in the recommendations register")
    t = recommendation_uptake(bt, by="area").iloc[0]
    return [Recomputation(float(t["given"]), "recommendations: given (budget_transparency)")]


# --- adoptions ---------------------------------------------------------------------------

#: fact metric → instrument of the adoptions register whose partner cities it counts.
ADOPTION_METRICS: dict[str, str] = {
    "participatory_budget_cities": "participatory_budget",
    "school_participatory_budget_cities": "school_participatory_budget",
    "open_city_cities": "open_city",
    "tourism_strategy_cities": "tourism_strategy",
    "communication_strategies": "communication_strategy",
    "marketing_strategies": "marketing_strategy",
    "development_strategies": "development_strategy",
    "gender_budgeting_cities": "gender_budgeting",
    "strategic_environmental_assessment_cities": "strategic_environmental_assessment",
    "social_enterprises_created": "social_enterprise",
    "budget_transparency_measurement_cities": "budget_transparency_index",
}


def _adoption(instrument: str) -> CheckFunc:
    def compute(fact: pd.Series, facts: pd.DataFrame, registers: Registers) -> list[Recomputation]:
        reg = _register(registers, "adoptions")
        if not (reg["instrument"] == instrument).any():
            raise NotRecomputable(f"no {instrument} rows in the adoptions register")
        as_of = _date(fact.get("period_end"))
        m = adoption_matrix(reg.loc[reg["instrument"] == instrument], as_of=as_of)
        if instrument not in m.columns:
            raise NotRecomputable(f"no {instrument} statement dated on or before {as_of}")
        col = m[instrument]
        listed = m.loc[col.isin(["adopted", "in_progress"]), "city"].tolist()
        n_adopted = int((col == "adopted").sum())
        when = f"as of {as_of.date()}" if as_of is not None else "latest statements"
        src = (
            f"adoptions: partner cities with {instrument} ({when}): "
            f"{n_adopted} adopted + {len(listed) - n_adopted} in progress"
        )
        printed = _fact_cities(fact)
        note = ""
        unit = fact.get("unit")
        if not is_missing(unit) and unit != "cities":
            note = f"printed figure counts {unit}, the register counts cities; "
        if printed:
            missing = [c for c in printed if c not in listed]
            extra = [c for c in listed if c not in printed]
            if missing or extra:
                note += f"printed cities not in register: {missing}; register only: {extra}"
        return [Recomputation(float(len(listed)), src, note.strip().rstrip(";"))]

    return compute


# --- reference and facts -------------------------------------------------------------------


def _partner_cities(fact: pd.Series, facts: pd.DataFrame, registers: Registers) -> list:
    return [Recomputation(float(len(partner_keys())), "reference: PARTNER_CITIES")]


def _partner_oblasts(fact: pd.Series, facts: pd.DataFrame, registers: Registers) -> list:
    from promis_analytics import reference

    oblasts = {c.oblast_en for c in reference.PARTNER_CITIES}
    return [Recomputation(float(len(oblasts)), "reference: oblasts of PARTNER_CITIES")]


def _pb_funding_sum(fact: pd.Series, facts: pd.DataFrame, registers: Registers) -> list:
    start, end = _date(fact.get("period_start")), _date(fact.get("period_end"))
    parts = facts.loc[facts["metric"] == "participatory_budget_funding"]
    if start is not None and end is not None:
        ps = pd.to_datetime(parts["period_start"])
        pe = pd.to_datetime(parts["period_end"])
        parts = parts.loc[(ps >= start) & (pe <= end)]
    if len(parts) == 0:
        raise NotRecomputable("no participatory_budget_funding facts in the period")
    years = ", ".join(str(pd.Timestamp(d).year) for d in parts["period_start"])
    return [
        Recomputation(
            float(parts["value"].sum()),
            f"facts: Σ participatory_budget_funding ({years}; {len(parts)} rows)",
        )
    ]


#: The checks, one row per fact metric (data, not if-chains): metric → how to recompute it.
BROCHURE_CHECKS: tuple[BrochureCheck, ...] = (
    *(
        BrochureCheck(
            metric,
            ("cofinancing",),
            _cofinancing(column),
            f"governance-fund {column.replace('_', ' ')} from the cofinancing register; UAH "
            "at the mean NBU rate over the fact's period and at the rate on its last day",
        )
        for metric, column in COFINANCING_METRICS.items()
    ),
    BrochureCheck(
        "budget_transparency_recommendations_implemented_share",
        ("recommendations",),
        _recommendations_share,
        "uptake percent from the recommendations register, else the whole number of "
        "implemented recommendations behind the printed percent and count",
    ),
    BrochureCheck(
        "budget_transparency_recommendations_given",
        ("recommendations",),
        _recommendations_given,
        "recommendations given (not_applicable excluded) from the recommendations register",
    ),
    *(
        BrochureCheck(
            metric,
            ("adoptions",),
            _adoption(instrument),
            f"partner cities listed with {instrument} (adopted or in progress) as of the "
            "fact's period end",
        )
        for metric, instrument in ADOPTION_METRICS.items()
    ),
    BrochureCheck("partner_cities", (), _partner_cities, "number of partner cities"),
    BrochureCheck("partner_oblasts", (), _partner_oblasts, "oblasts of the partner cities"),
    BrochureCheck(
        "participatory_budget_supported_projects_value",
        ("facts",),
        _pb_funding_sum,
        "sum of the yearly participatory-budget funding facts within the fact's period",
    ),
)


def _printed_unit(value: float) -> float:
    """The place value of the last printed digit: 43.9 → 0.1, 453300 → 100, 16 → 1."""
    if value != int(value):
        return 10.0 ** -decimals_of(value)
    n, unit = abs(int(value)), 1
    while n and n % 10 == 0:
        n //= 10
        unit *= 10
    return float(unit)


def _is_approximate(fact: pd.Series) -> bool:
    text = f"{fact.get('metric', '')} {fact.get('as_printed', '')}".casefold()
    return any(m in text for m in _APPROX_MARKS)


def _qualifier(fact: pd.Series) -> str:
    """The fact's ``qualifier`` (at_least, more_than, almost, about, up_to); for a register
    without the column, ``about`` when the printed text marks it approximate, else ""."""
    q = fact.get("qualifier")
    if isinstance(q, str) and q.strip():
        return q.strip()
    return "about" if _is_approximate(fact) else ""


def _status(qualifier: str, value: float, printed: float, tol: float, rel_tol: float) -> str:
    """match / within the bound (at least, more than, up to) / approximately / differs."""
    diff = value - printed
    if abs(diff) <= tol + 1e-9 * max(1.0, abs(printed)):
        return "match"
    bound = {"at_least": value >= printed, "more_than": value > printed, "up_to": value <= printed}
    if bound.get(qualifier):
        return "within the bound"
    near = abs(diff) <= rel_tol * abs(printed)
    if near and (qualifier == "about" or (qualifier == "almost" and value <= printed)):
        return "approximately"
    return "differs"


def brochure_checks(
    facts: pd.DataFrame,
    registers: Registers,
    *,
    rel_tol: float = 0.05,
    checks: tuple[BrochureCheck, ...] = BROCHURE_CHECKS,
) -> pd.DataFrame:
    """Every fact whose metric has a check in ``checks``, printed beside its recomputed value.

    ``registers`` maps register kind (``"cofinancing"``, ``"adoptions"``,
    ``"recommendations"``, …) to its DataFrame; ``facts`` itself is available to the checks
    too. One row per (fact, recomputation) — a check may recompute a figure more than one way
    (the UAH equivalents: at the mean NBU rate over the fact's period and at the NBU rate on
    its last day). Columns ``BROCHURE_CHECK_COLUMNS``:

    - ``printed_value`` = the fact's ``value``; ``recomputed_value`` as computed;
    - ``difference`` = recomputed − printed (in the fact's unit);
      ``difference_pct`` = 100 × difference ÷ printed (percent; NaN when printed is 0);
    - ``status``: ``"match"`` when |difference| ≤ half the place value of the last printed
      digit (43.9 → 0.05; 453 300 → 50; 16 → 0.5); ``"approximately"`` when the figure is
      printed as approximate (``qualifier`` about or almost — almost also needs the value not
      above the printed figure; without the column ≈, ~, «близько», «майже», ``*_approx``) and
      |difference| ≤ ``rel_tol`` × |printed| (default 5 %); ``"within the bound"`` when the
      qualifier makes the printed figure a bound the value respects (at least: value ≥
      printed; more than: value > printed; up to: value ≤ printed); ``"differs"`` otherwise;
      ``"not recomputable"`` when the register is missing, empty or silent on it (``note``
      says why; recomputed columns NaN) — also when an indicator function refuses the
      register (``IndicatorError``: its message goes into ``note``);
    - ``recomputed_from``: the register, rows and rule used; ``note``: remarks (incomplete
      rows, printed cities the register does not list).

    Facts without a check are not listed. Empty ``facts`` gives an empty table.
    """
    require_columns(facts, ["fact_id", "metric", "value"], "brochure_checks")
    by_metric: dict[str, BrochureCheck] = {}
    for c in checks:
        if c.metric in by_metric:
            raise IndicatorError(f"brochure_checks: two checks for metric {c.metric!r}")
        by_metric[c.metric] = c
    rows: list[dict[str, Any]] = []
    for _, fact in facts.iterrows():
        check = by_metric.get(str(fact["metric"]))
        if check is None:
            continue
        base = {
            "fact_id": fact["fact_id"],
            "metric": fact["metric"],
            "section": fact.get("section"),
            "cities": fact.get("cities"),
            "as_printed": fact.get("as_printed"),
            "printed_value": float(fact["value"]),
            "unit": fact.get("unit"),
        }
        try:
            results = check.compute(fact, facts, registers)
        except (NotRecomputable, IndicatorError) as e:
            rows.append(
                base
                | {
                    "recomputed_value": math.nan,
                    "difference": math.nan,
                    "difference_pct": math.nan,
                    "status": "not recomputable",
                    "recomputed_from": check.description,
                    "note": str(e),
                }
            )
            continue
        printed = base["printed_value"]
        tol = _printed_unit(printed) / 2
        qualifier = _qualifier(fact)
        for r in results:
            diff = r.value - printed
            pct = 100.0 * diff / printed if printed else math.nan
            status = _status(qualifier, r.value, printed, tol, rel_tol)
            rows.append(
                base
                | {
                    "recomputed_value": r.value,
                    "difference": diff,
                    "difference_pct": pct,
                    "status": status,
                    "recomputed_from": r.recomputed_from,
                    "note": r.note,
                }
            )
    return pd.DataFrame(rows, columns=list(BROCHURE_CHECK_COLUMNS))
