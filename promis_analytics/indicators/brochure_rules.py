"""The brochure checks' rules: how each printed metric is recomputed, and from which documents."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from promis_analytics.errors import PromisError
from promis_analytics.indicators.adoption import adoption_matrix
from promis_analytics.indicators.cofinancing import cofinancing_summary
from promis_analytics.indicators.common import is_missing, partner_keys
from promis_analytics.indicators.money_columns import MoneyColumns
from promis_analytics.indicators.recommendations import (
    recommendation_uptake,
    recommendation_uptake_from_totals,
)
from promis_analytics.rate_basis import RateBasis

__all__ = [
    "ADOPTION_METRICS",
    "BROCHURE_CHECKS",
    "CORROBORATED_METRICS",
    "BrochureCheck",
    "NotRecomputable",
    "Recomputation",
]


@dataclass(frozen=True)
class Recomputation:
    """One recomputed value of a printed figure, what it was computed from, and a remark."""

    value: float
    recomputed_from: str
    note: str = ""
    sources: tuple[str, ...] = ()  # documents (source ids) the value was computed from
    derived: bool = False  # computed from the printed figure itself: never a check
    rows: int | None = None  # register rows summed or counted (None: not from a register)
    compared_fact: str | None = None  # the other printed fact compared with (same metric)


class NotRecomputable(PromisError):
    """The register needed to recompute a figure is missing or holds nothing for it."""


Registers = Mapping[str, pd.DataFrame]
CheckFunc = Callable[[pd.Series, pd.DataFrame, Registers, "RateBasis"], list[Recomputation]]


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


def date_of(value: Any) -> pd.Timestamp | None:
    return None if is_missing(value) else pd.Timestamp(value)


def _fact_cities(fact: pd.Series) -> list[str]:
    raw = fact.get("cities")
    if is_missing(raw):
        return []
    return [c.strip() for c in str(raw).split(";") if c.strip()]


# --- co-financing ------------------------------------------------------------------------

#: fact metric → (side, "cur" reporting | "local" currency) of ``cofinancing_summary``.
COFINANCING_METRICS: dict[str, tuple[str, str]] = {
    "dg_fund_city_contribution": ("partner", "cur"),
    "dg_fund_promis_contribution": ("project", "cur"),
    "dg_fund_city_contribution_approx": ("partner", "local"),
    "dg_fund_promis_contribution_approx": ("project", "local"),
    "dg_fund_projects_value_approx": ("project", "local"),
}


def _sources(df: pd.DataFrame) -> tuple[str, ...]:
    """The distinct non-empty ``source`` ids of a register's rows, sorted."""
    if "source" not in df.columns:
        return ()
    return tuple(sorted({str(v) for v in df["source"] if not is_missing(v)}))


def _cofinancing(side: str, which: str) -> CheckFunc:
    def compute(
        fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
    ) -> list[Recomputation]:
        reg = _register(registers, "cofinancing")
        dg = reg.loc[reg["fund"] == "dg_fund"]
        if len(dg) == 0:
            raise NotRecomputable("no dg_fund rows in the cofinancing register")
        sources = _sources(dg)
        if not fx.convertible:
            raise NotRecomputable("no period for the NBU mean rate: declare [fx] in promis.toml")
        money = MoneyColumns(fx.currency, fx.local).in_unit(which, fact.get("unit"))
        column, over = money.of(side, which), {"currency": money.currency, "local": money.local}
        if which == "cur":
            total = cofinancing_summary(dg, by="fund", **{**fx.summary_kwargs(), **over}).iloc[0]
            src = f"cofinancing: Σ dg_fund {side}_amount in {money.currency}"
            return [_with_incomplete(total, column, src, sources, len(dg))]
        rules = [("the folder's rate basis", fx.summary_kwargs())]
        if (printed := fx.printed_kwargs()) is not None:
            rules.append(("the publication's own rate", printed))
        results = []
        for name, kwargs in rules:
            r = cofinancing_summary(dg, by="fund", **{**kwargs, **over}).iloc[0]
            src = (
                f"cofinancing: Σ dg_fund at {name}: {r['fx_basis']} "
                f"({r[money.rate]:.4f} {money.local}/{money.currency})"
            )
            rates = ("nbu_official_rates",) if kwargs["fx"] in ("daily", "period_mean") else ()
            results.append(_with_incomplete(r, column, src, (*sources, *rates), len(dg)))
        return results

    return compute


def _with_incomplete(
    row: pd.Series, column: str, src: str, sources: tuple[str, ...], rows: int
) -> Recomputation:
    note = (
        f"{int(row['rows_incomplete'])} register row(s) incomplete"
        if row["rows_incomplete"]
        else ""
    )
    return Recomputation(float(row[column]), src, note, sources, rows=rows)


# --- recommendations ---------------------------------------------------------------------


def _recommendations_share(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
) -> list[Recomputation]:
    reg = registers.get("recommendations")
    if reg is not None and len(reg) and (reg["area"] == "budget_transparency").any():
        bt = reg.loc[reg["area"] == "budget_transparency"]
        r = recommendation_uptake(bt, by="area").iloc[0]
        return [
            Recomputation(
                float(r["uptake_pct"]),
                f"recommendations: {r['implemented']} implemented of {r['given']} given "
                "(budget_transparency)",
                f"{r['unknown']} without status" if r["unknown"] else "",
                _sources(bt),
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
            "derived from the printed percent: shows the implemented count, checks nothing",
            _sources(facts.loc[facts["metric"] == "budget_transparency_recommendations_given"]),
            derived=True,
        )
    ]


def _recommendations_given(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
) -> list[Recomputation]:
    reg = _register(registers, "recommendations")
    bt = reg.loc[reg["area"] == "budget_transparency"]
    if len(bt) == 0:
        raise NotRecomputable("no budget_transparency rows in the recommendations register")
    t = recommendation_uptake(bt, by="area").iloc[0]
    src = "recommendations: given (budget_transparency)"
    return [Recomputation(float(t["given"]), src, "", _sources(bt))]


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
    def compute(
        fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
    ) -> list[Recomputation]:
        reg = _register(registers, "adoptions")
        if not (reg["instrument"] == instrument).any():
            raise NotRecomputable(f"no {instrument} rows in the adoptions register")
        as_of = date_of(fact.get("period_end"))
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
        used = reg.loc[(reg["instrument"] == instrument) & reg["city"].notna()]
        if as_of is not None:
            used = used.loc[pd.to_datetime(used["as_of"]) <= as_of]
        printed = _fact_cities(fact)
        note = ""
        unit = fact.get("unit")
        if not is_missing(unit) and unit != "cities":
            note = f"printed figure counts {unit}, the register counts cities; "
        if printed:
            missing = [c for c in printed if c not in listed]
            extra = [c for c in listed if c not in printed]
            if missing or extra:
                note += f"printed cities not in register: {missing}; register only: {extra}; "
        note += _unnamed_note(fact, reg.loc[reg["instrument"] == instrument], as_of)
        return [Recomputation(float(len(listed)), src, note.strip().rstrip(";"), _sources(used))]

    return compute


def _unnamed_note(fact: pd.Series, reg: pd.DataFrame, as_of: pd.Timestamp | None) -> str:
    """What the register's latest count printed without city names (dated on or before
    ``as_of``) says beside the named cities: its number and document — and, when it is the
    fact's own statement (same source, locator starting with the fact's), that it is no check."""
    if "cities_count" not in reg.columns:
        return ""
    rows = reg.loc[reg["city"].map(is_missing) & reg["cities_count"].notna()]
    rows = rows.assign(_d=pd.to_datetime(rows["as_of"], errors="coerce"))
    if as_of is not None:
        rows = rows.loc[rows["_d"] <= as_of]
    if rows.empty:
        return ""
    row = rows.sort_values("_d", kind="stable").iloc[-1]
    n, status, source = int(row["cities_count"]), row["status"], row["source"]
    text = f"{n} cities ({status}) counted without names in the register ({source})"
    locator = fact.get("locator")
    same = (
        source == fact.get("source")
        and not is_missing(locator)
        and str(row.get("locator", "")).startswith(str(locator))
    )
    return text + (": this printed figure itself, not a check" if same else "")


# --- reference and facts -------------------------------------------------------------------


#: The document the reference list of partner cities is checked against: the 2018 card
#: names all 16 cities oblast by oblast (its advisory-committee statement).
PARTNER_LIST_SOURCE = "monitoring_card_2018H2"


def _partner_cities(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
) -> list[Recomputation]:
    src = "[project] partners (the cities the 2018 card names by oblast)"
    return [Recomputation(float(len(partner_keys())), src, "", (PARTNER_LIST_SOURCE,))]


def _partner_oblasts(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
) -> list[Recomputation]:
    from promis_analytics import reference

    oblasts = {reference.city(k).oblast_en for k in partner_keys()}
    src = "[project] partners: their oblasts (as the 2018 card groups them)"
    return [Recomputation(float(len(oblasts)), src, "", (PARTNER_LIST_SOURCE,))]


def _other_documents(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
) -> list[Recomputation]:
    """The same metric for the same cities printed by another document (e.g. the 18
    governance-fund projects the 2018 card counts too): one recomputation per such fact."""
    same = facts.loc[
        (facts["metric"] == fact["metric"])
        & (facts["source"] != fact.get("source"))
        & (facts["cities"].fillna("") == ("" if is_missing(fact.get("cities")) else fact["cities"]))
    ]
    if len(same) == 0:
        raise NotRecomputable("no other document gives this figure")
    return [
        Recomputation(
            float(r["value"]),
            f"facts: {r['fact_id']} ({r.get('locator', '')})",
            "",
            (r["source"],),
            compared_fact=str(r["fact_id"]),
        )
        for _, r in same.iterrows()
    ]


def _pb_funding_sum(
    fact: pd.Series, facts: pd.DataFrame, registers: Registers, fx: RateBasis
) -> list[Recomputation]:
    start, end = date_of(fact.get("period_start")), date_of(fact.get("period_end"))
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
            "",
            _sources(parts),
        )
    ]


#: Fact metrics that another document prints too (facts with the same metric and cities).
CORROBORATED_METRICS: tuple[str, ...] = ("dg_fund_projects",)

#: The checks, one row per fact metric (data, not if-chains): metric → how to recompute it.
BROCHURE_CHECKS: tuple[BrochureCheck, ...] = (
    *(
        BrochureCheck(
            metric,
            ("cofinancing",),
            _cofinancing(*side_currency),
            f"governance-fund {' '.join(side_currency)} from the cofinancing register; local "
            "currency at the folder's rate basis and at the publication's own rate if declared",
        )
        for metric, side_currency in COFINANCING_METRICS.items()
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
    *(
        BrochureCheck(metric, ("facts",), _other_documents, "the same figure in another document")
        for metric in CORROBORATED_METRICS
    ),
    BrochureCheck(
        "participatory_budget_supported_projects_value",
        ("facts",),
        _pb_funding_sum,
        "sum of the yearly participatory-budget funding facts within the fact's period",
    ),
)
