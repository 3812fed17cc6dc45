"""Brochure checks: every printed figure that a register can recompute, side by side."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators.brochure_rules import (
    ADOPTION_METRICS,
    BROCHURE_CHECKS,
    BrochureCheck,
    NotRecomputable,
    Recomputation,
    Registers,
    date_of,
)
from promis_analytics.indicators.common import decimals_of, is_missing, require_columns
from promis_analytics.rate_basis import RateBasis

__all__ = [
    "ADOPTION_METRICS",
    "BROCHURE_CHECKS",
    "BROCHURE_CHECK_COLUMNS",
    "NOT_A_CHECK",
    "REVERSED",
    "SUMMARY_COLUMNS",
    "WITHIN_ONE_DOCUMENT",
    "BrochureCheck",
    "Recomputation",
    "brochure_check_summary",
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
    "independent",
    "printed_source",
    "recomputed_sources",
    "recomputed_from",
    "note",
)

#: Status of a check whose recomputation rests on the printed figure's own document.
WITHIN_ONE_DOCUMENT = {
    "match": "consistent within one document",
    "approximately": "consistent within one document",
    "within the bound": "consistent within one document",
    "differs": "inconsistent within one document",
}
#: Status of a value derived from the very figure it would be checked against.
NOT_A_CHECK = "not a check"
#: Status of a comparison already listed the other way round (fact B against fact A after
#: A against B): it counts once.
REVERSED = "the same check reversed"

#: Words that mark a printed figure as approximate.
_APPROX_MARKS = ("≈", "~", "близько", "майже", "приблизно", "about", "approx")


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


def _is_itself(fact: pd.Series, r: Recomputation) -> bool:
    """True when the recomputation can only give the printed figure back: it rests on the
    fact's own document alone (no rate table, no other document) and on one register row —
    the printed figure transcribed (a fund total, or that total at the rate the same
    figures imply). Nothing summed, counted or converted independently: it cannot fail."""
    own = fact.get("source")
    return r.rows == 1 and not is_missing(own) and r.sources == (own,)


def _independence(fact: pd.Series, r: Recomputation) -> bool:
    """True when the recomputation rests on documents other than the printed figure's own."""
    own = fact.get("source")
    return bool(r.sources) and not r.derived and (is_missing(own) or own not in r.sources)


def brochure_checks(
    facts: pd.DataFrame,
    registers: Registers,
    *,
    fx: RateBasis | None = None,
    rel_tol: float = 0.05,
    checks: tuple[BrochureCheck, ...] = BROCHURE_CHECKS,
) -> pd.DataFrame:
    """Every fact whose metric has a check in ``checks``, printed beside its recomputed value.

    ``registers`` maps register kind (``"cofinancing"``, ``"adoptions"``,
    ``"recommendations"``, …) to its DataFrame; ``facts`` itself is available to the checks
    too. ``fx``: the folder's one rate basis (``rate_basis``; default the mean NBU rate over
    each fact's period). One row per (fact, recomputation) — a UAH equivalent is recomputed at
    the rate basis and, when declared, at the publication's own rate. Columns
    ``BROCHURE_CHECK_COLUMNS``:

    - ``printed_value`` = the fact's ``value``; ``recomputed_value`` as computed;
    - ``difference`` = recomputed − printed (in the fact's unit);
      ``difference_pct`` = 100 × difference ÷ printed (percent; NaN when printed is 0);
    - ``independent``: the recomputation rests only on documents other than the fact's own
      ``source`` (``printed_source``; ``recomputed_sources`` = the source ids it used);
    - ``status`` of an independent check: ``"match"`` when |difference| ≤ half the place value
      of the last printed digit (43.9 → 0.05; 453 300 → 50; 16 → 0.5); ``"approximately"``
      when the figure is printed as approximate (``qualifier`` about or almost — almost also
      needs the value not above the printed figure; without the column ≈, ~, «близько»,
      «майже», ``*_approx``) and |difference| ≤ ``rel_tol`` × |printed| (default 5 %);
      ``"within the bound"`` when the qualifier makes the printed figure a bound the value
      respects (at least: value ≥ printed; more than: value > printed; up to: value ≤
      printed); ``"differs"`` otherwise. A check that is not independent says
      ``"consistent within one document"`` / ``"inconsistent within one document"`` instead
      (:data:`WITHIN_ONE_DOCUMENT`); a value derived from the printed figure itself — or
      resting on one register row of the fact's own document and nothing else (the printed
      figure transcribed) — is ``"not a check"`` (it cannot fail); a comparison of two
      printed facts already listed the other way round is ``"the same check reversed"``
      (:data:`REVERSED`: it counts once); ``"not recomputable"`` when the register is
      missing, empty or silent on it (``note`` says why; recomputed columns NaN) — also
      when an indicator function refuses the register (``IndicatorError``: its message
      goes into ``note``);
    - ``recomputed_from``: the register, rows and rule used; ``note``: remarks (incomplete
      rows, printed cities the register does not list).

    Facts without a check are not listed. Empty ``facts`` gives an empty table.
    """
    require_columns(facts, ["fact_id", "metric", "value"], "brochure_checks")
    by_metric = _checks_by_metric(checks)
    rows: list[dict[str, Any]] = []
    compared: set[frozenset[str]] = set()
    for _, fact in facts.iterrows():
        check = by_metric.get(str(fact["metric"]))
        if check is None:
            continue
        base = _printed(fact)
        basis = fx if fx is not None else _fact_period_basis(fact)
        try:
            results = check.compute(fact, facts, registers, basis)
        except (NotRecomputable, IndicatorError) as e:
            rows.append(base | _not_recomputable(check.description, str(e)))
            continue
        rows += [base | _checked(fact, r, rel_tol, compared) for r in results]
    return pd.DataFrame(rows, columns=list(BROCHURE_CHECK_COLUMNS))


def _checks_by_metric(checks: tuple[BrochureCheck, ...]) -> dict[str, BrochureCheck]:
    """The check of each metric; IndicatorError when two checks claim one metric."""
    by_metric: dict[str, BrochureCheck] = {}
    for c in checks:
        if c.metric in by_metric:
            raise IndicatorError(f"brochure_checks: two checks for metric {c.metric!r}")
        by_metric[c.metric] = c
    return by_metric


def _printed(fact: pd.Series) -> dict[str, Any]:
    """The columns of a check row that describe the printed fact."""
    return {
        "fact_id": fact["fact_id"],
        "metric": fact["metric"],
        "section": fact.get("section"),
        "cities": fact.get("cities"),
        "as_printed": fact.get("as_printed"),
        "printed_value": float(fact["value"]),
        "unit": fact.get("unit"),
        "printed_source": fact.get("source"),
    }


def _checked(
    fact: pd.Series, r: Recomputation, rel_tol: float, compared: set[frozenset[str]]
) -> dict[str, Any]:
    """The recomputed columns of one check row: difference and status (see brochure_checks);
    a comparison of two facts is added to ``compared`` so its reverse counts once."""
    printed = float(fact["value"])
    diff = r.value - printed
    status = _status(_qualifier(fact), r.value, printed, _printed_unit(printed) / 2, rel_tol)
    independent = _independence(fact, r)
    pair = frozenset((str(fact["fact_id"]), r.compared_fact or ""))
    note = r.note
    if r.derived or _is_itself(fact, r):
        status, independent = NOT_A_CHECK, False
        if not r.derived:
            note = _joined(note, "one register row of the figure's own document: the "
                           "printed figure itself, it cannot fail")  # fmt: skip
    elif r.compared_fact is not None and pair in compared:
        status, independent = REVERSED, False
        note = _joined(note, f"{r.compared_fact} against {fact['fact_id']} is listed "
                       "already: counted once")  # fmt: skip
    elif not independent:
        status = WITHIN_ONE_DOCUMENT[status]
    if r.compared_fact is not None:
        compared.add(pair)
    return {
        "recomputed_value": r.value,
        "difference": diff,
        "difference_pct": 100.0 * diff / printed if printed else math.nan,
        "status": status,
        "independent": independent,
        "recomputed_sources": ";".join(r.sources),
        "recomputed_from": r.recomputed_from,
        "note": note,
    }


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _not_recomputable(description: str, reason: str) -> dict[str, Any]:
    return {
        "recomputed_value": math.nan,
        "difference": math.nan,
        "difference_pct": math.nan,
        "status": "not recomputable",
        "independent": False,
        "recomputed_sources": "",
        "recomputed_from": description,
        "note": reason,
    }


def _fact_period_basis(fact: pd.Series) -> RateBasis:
    """Without a folder basis: the mean NBU rate over the fact's own period (if it has one)."""
    start, end = date_of(fact.get("period_start")), date_of(fact.get("period_end"))
    period = (start.date(), end.date()) if start is not None and end is not None else None
    return RateBasis("period_mean", period)


#: Columns of ``brochure_check_summary``.
SUMMARY_COLUMNS: tuple[str, ...] = ("kind", "status", "checks")


def brochure_check_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """How many checks have each status, independent checks apart from the consistency of one
    document: columns ``kind`` (``independent`` | ``within one document`` | ``repeat`` (a
    comparison listed the other way round, counted once) | ``not a check`` | ``not
    recomputable``), ``status``, ``checks`` (rows of ``brochure_checks``)."""
    if checks.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    kind = pd.Series("within one document", index=checks.index)
    kind[checks["independent"].astype(bool)] = "independent"
    kind[checks["status"] == REVERSED] = "repeat"
    kind[checks["status"] == NOT_A_CHECK] = NOT_A_CHECK
    kind[checks["status"] == "not recomputable"] = "not recomputable"
    order = {k: n for n, k in enumerate(_KINDS)}
    out = checks.assign(kind=kind).groupby(["kind", "status"]).size().rename("checks")
    out = out.reset_index()
    out = out.assign(_o=out["kind"].map(order)).sort_values(["_o", "status"], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)[list(SUMMARY_COLUMNS)]


_KINDS = ("independent", "within one document", "repeat", NOT_A_CHECK, "not recomputable")
