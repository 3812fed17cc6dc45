"""``indicator_tables``: every indicator table of the report, computed from one dataset."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import pandas as pd

from promis_analytics.indicators._common import without_attrs
from promis_analytics.indicators.achievement import achievement
from promis_analytics.indicators.adoption import (
    adoption_coverage,
    adoption_matrix,
    adoption_progress_counts,
)
from promis_analytics.indicators.brochure import brochure_checks
from promis_analytics.indicators.cofinancing import cofinancing_summary
from promis_analytics.indicators.participants import participants_per_city
from promis_analytics.indicators.recommendations import (
    recommendation_uptake,
    recommendation_uptake_from_totals,
)
from promis_analytics.indicators.transparency import TRANSPARENCY_COLUMNS, transparency_gains
from promis_analytics.registers.fields import PROJECT_END, PROJECT_START

__all__ = [
    "FIXED_UAH_PER_CAD",
    "PROGRESS_FROM",
    "PROGRESS_TO",
    "TABLE_NAMES",
    "indicator_tables",
]

#: The fixed rate the brochure's UAH figures can be checked against (UAH per 1 CAD).
FIXED_UAH_PER_CAD = 20
#: The two reports compared by the adoption progress table (monitoring card → brochure).
PROGRESS_FROM = "2018-12-31"
PROGRESS_TO = "2021-03-31"

#: Keys of ``indicator_tables``' result, in report order.
TABLE_NAMES: tuple[str, ...] = (
    "participants",
    "cofinancing",
    "transparency",
    "recommendations",
    "achievement",
    "adoption_matrix",
    "adoption_coverage",
    "adoption_progress",
    "brochure_checks",
    "register_sources",
)

_GIVEN = "_recommendations_given"
_SHARE = "_recommendations_implemented_share"


def _empty(dataset: Mapping[str, pd.DataFrame], kind: str) -> pd.DataFrame:
    return dataset[kind] if kind in dataset else pd.DataFrame()


def _cofinancing(cof: pd.DataFrame) -> pd.DataFrame:
    """Co-financing by fund at the fixed rate and at the mean NBU rate of the rows' period."""
    dates = pd.to_datetime(cof["date"], errors="coerce").dropna() if "date" in cof else []
    if len(dates):
        period = (dates.min().date(), dates.max().date())
    else:  # undated fund totals: the mean over the whole project period
        period = (PROJECT_START, PROJECT_END)
    parts = []
    for rule, kwargs in (
        (f"fixed {FIXED_UAH_PER_CAD} UAH/CAD", {"fx": FIXED_UAH_PER_CAD}),
        ("NBU period mean", {"fx": "period_mean", "period": period}),
    ):
        t = cofinancing_summary(cof, by=("fund",), **kwargs)
        t.insert(0, "fx_rule", rule)
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def _transparency(scores: pd.DataFrame) -> pd.DataFrame:
    """Gains of every index for every pair of years in which some city has a score in both."""
    parts: list[pd.DataFrame] = []
    if len(scores):
        scored = scores.dropna(subset=["score"])
        for index in sorted(scored["index"].unique()):
            rows = scored[scored["index"] == index]
            years = sorted(int(y) for y in rows["year"].unique())
            for a, b in combinations(years, 2):
                both = set(rows.loc[rows["year"] == a, "city"]) & set(
                    rows.loc[rows["year"] == b, "city"]
                )
                if not both:
                    continue
                parts.append(transparency_gains(scores, index=index, from_year=a, to_year=b))
    if not parts:
        return pd.DataFrame(columns=list(TRANSPARENCY_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def _recommendations(facts: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """Implemented recommendations behind each printed (given, implemented %) pair of facts.

    Pairs are facts ``<topic>_recommendations_given`` and
    ``<topic>_recommendations_implemented_share``; when the recommendations register has
    rows, its uptake totals row is appended (``basis = "register"``).
    """
    parts: list[pd.DataFrame] = []
    if len(facts):
        by_metric = facts.set_index("metric")
        for metric in sorted(m for m in facts["metric"].unique() if str(m).endswith(_GIVEN)):
            topic = metric[: -len(_GIVEN)]
            share = topic + _SHARE
            if share not in by_metric.index:
                continue
            given, pct = by_metric.loc[[metric]].iloc[0], by_metric.loc[[share]].iloc[0]
            printed = pct["as_printed"] if isinstance(pct.get("as_printed"), str) else pct["value"]
            t = recommendation_uptake_from_totals(int(given["value"]), printed)
            t.insert(0, "basis", "facts")
            t.insert(0, "topic", topic)
            t["source"] = given["source"]
            t["locator"] = f"{given['locator']}; {pct['locator']}"
            parts.append(t)
    if len(recs):
        u = recommendation_uptake(recs, by=("city",))
        u = u[u["row_kind"] == "total"].copy()
        u.insert(0, "basis", "register")
        u.insert(0, "topic", "all")
        parts.append(u)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["topic"])


def _register_sources(dataset: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows per (register, source id): how much of each register comes from which document,
    and the extra columns the register carries beyond its schema (``extra:<header>``)."""
    rows = []
    for kind in sorted(dataset):
        df = dataset[kind]
        if "source" not in df.columns:
            continue
        extras = "; ".join(c.split(":", 1)[1] for c in df.columns if str(c).startswith("extra:"))
        counts = without_attrs(df)["source"].astype("string").fillna("").value_counts()
        for source, n in sorted(counts.items()):
            rows.append(
                {"register": kind, "source": source, "rows": int(n), "extra_columns": extras}
            )
    return pd.DataFrame(rows, columns=["register", "source", "rows", "extra_columns"])


def indicator_tables(dataset: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The indicator tables of ``reports/indicators.xlsx``, keyed as in ``TABLE_NAMES``.

    - ``participants``: ``participants_per_city(events)`` (all places, totals row);
    - ``cofinancing``: ``cofinancing_summary(by="fund")`` twice, ``fx_rule`` saying which:
      at a fixed 20 UAH/CAD and at the mean NBU rate over the rows' date span (the project
      period 2015-04-01…2021-03-31 when no row is dated);
    - ``transparency``: ``transparency_gains`` for every index and every pair of years
      (from_year < to_year) in which at least one city has a score in both;
    - ``recommendations``: ``recommendation_uptake_from_totals`` for each printed pair of facts
      (given, implemented %), plus the register's uptake totals when it has rows;
    - ``achievement``: ``achievement(indicators)``;
    - ``adoption_matrix`` / ``adoption_coverage``: as of the latest statement;
      ``adoption_progress``: ``adoption_progress_counts`` 2018-12-31 → 2021-03-31;
    - ``brochure_checks``: ``brochure_checks(facts, dataset)``;
    - ``register_sources``: rows per register and source id.

    Missing registers count as empty tables (every function accepts empty input).
    """
    events = _empty(dataset, "events")
    facts = _empty(dataset, "facts")
    adoptions = _empty(dataset, "adoptions")
    return {
        "participants": participants_per_city(events),
        "cofinancing": _cofinancing(_empty(dataset, "cofinancing")),
        "transparency": _transparency(_empty(dataset, "index_scores")),
        "recommendations": _recommendations(facts, _empty(dataset, "recommendations")),
        "achievement": achievement(_empty(dataset, "indicators")),
        "adoption_matrix": adoption_matrix(adoptions),
        "adoption_coverage": adoption_coverage(adoptions),
        "adoption_progress": adoption_progress_counts(adoptions, PROGRESS_FROM, PROGRESS_TO),
        "brochure_checks": brochure_checks(facts, dataset),
        "register_sources": _register_sources(dataset),
    }
