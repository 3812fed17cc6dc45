"""``ProgramReport``: what a program execution report says, and its audit."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from promis_analytics.extract.findings import Finding, findings_frame
from promis_analytics.extract.program_report.checks import (
    make_check,
    percent_finding,
    total_finding,
)
from promis_analytics.extract.program_report.frames import (
    display_check,
    display_total,
    half_unit,
    sum_or_none,
)
from promis_analytics.extract.program_report.layout import (
    PERCENT_CHECK_COLUMNS,
    TOTALS_CHECK_COLUMNS,
)
from promis_analytics.extract.program_report.narrative import text_table_findings

# --- result ----------------------------------------------------------------------------------


@dataclass
class ProgramReport:
    """A program execution report read from text.

    ``measures``: one row per measure and funding source (amounts in thousand UAH);
    ``totals``: the printed "Всього"/"у тому числі" rows; ``indicators``: `indicators`
    register rows; ``reading_findings``: what could not be read cleanly.
    """

    program: str
    period: str
    program_term: str | None
    source: str
    measures: pd.DataFrame
    totals: pd.DataFrame
    indicators: pd.DataFrame
    reading_findings: list[Finding] = field(default_factory=list)
    _measure_records: list[dict] = field(default_factory=list, repr=False)
    _total_records: list[dict] = field(default_factory=list, repr=False)
    _indicator_records: list[dict] = field(default_factory=list, repr=False)
    _assessment_records: list[dict] = field(default_factory=list, repr=False)
    _text: str = field(default="", repr=False)  # the document's text, for the narrative audit

    @property
    def percent_check(self) -> pd.DataFrame:
        """Every printed percent against actual ÷ planned × 100 (percentage points).

        ``status`` at the printed precision (``checks.percent_at_precision``, the one verdict
        every view shows): ok (rounded and cut agree with the print), rounded (correct),
        truncated (cut, not rounded), mismatch (neither), no_plan (percent printed but
        planned is empty or 0), no_actual (actual is empty).
        """
        return pd.DataFrame(
            [display_check(c) for c in self._percent_checks()],
            columns=list(PERCENT_CHECK_COLUMNS),
        )

    @property
    def totals_check(self) -> pd.DataFrame:
        """Every printed total against the sum of the measure rows it covers.

        ``recomputed`` = Σ planned (or actual) of the rows in scope; ``ok`` when the printed
        figure equals it within half a unit of the printed figure's last decimal.
        """
        return pd.DataFrame(
            [display_total(t) for t in self._totals_checks()],
            columns=list(TOTALS_CHECK_COLUMNS),
        )

    def audit(self) -> list[Finding]:
        """Reading problems, percent checks and totals checks, as findings.

        Kinds: ``percent_mismatch`` (error: neither rounding nor cutting at the printed
        precision gives the print), ``percent_truncated`` (warning, one per percent printed
        cut instead of rounded), ``percent_without_plan``
        (warning), ``percent_without_actual`` (warning), ``text_table_mismatch`` (warning: the
        text states another count than the indicator table),
        ``total_mismatch`` (error), ``total_confirmed`` (note), plus reading kinds
        (``malformed_number``, ``unreadable_number``, ``unexpected_cell``).
        """
        out = list(self.reading_findings)
        for c in self._percent_checks():
            finding = percent_finding(c)
            if finding is not None:
                out.append(finding)
        out += text_table_findings(self)
        for t in self._totals_checks():
            out.append(total_finding(t))
        return out

    def audit_frame(self) -> pd.DataFrame:
        """``audit()`` as a DataFrame (kind, severity, message, locator)."""
        return findings_frame(self.audit())

    # -- checks ---------------------------------------------------------------------------

    def _percent_checks(self) -> list[dict]:
        checks: list[dict] = []
        # measures: one check per measure (funding-source rows summed)
        by_measure: dict[str, list[dict]] = {}
        for r in self._measure_records:
            by_measure.setdefault(r["measure_no"], []).append(r)
        for measure_no, rows in by_measure.items():
            first = rows[0]
            if first["reported_pct"] is None:
                continue
            checks.append(
                make_check(
                    "measures",
                    f"measure {measure_no}",
                    sum_or_none(r["planned"] for r in rows),
                    sum_or_none(r["actual"] for r in rows),
                    first["reported_pct"],
                    first["locator"],
                )
            )
        for t in self._total_records:
            if t["reported_pct"] is None:
                continue
            checks.append(
                make_check(
                    "measures",
                    f"total «{t['label']}»",
                    t["planned"],
                    t["actual"],
                    t["reported_pct"],
                    t["locator"],
                )
            )
        # the prose assessment's overall percent, against the grand total of table 1
        grand = next((t for t in self._total_records if t["scope"] is None), None)
        for a in self._assessment_records:
            checks.append(
                make_check(
                    "assessment",
                    "overall execution",
                    grand["planned"] if grand else None,
                    grand["actual"] if grand else None,
                    a["reported_pct"],
                    a["locator"],
                )
            )
        for r in self._indicator_records:
            if r["reported_pct"] is None:
                continue
            checks.append(
                make_check(
                    "indicators",
                    f"{r['group']} {r['row_no']}",
                    r["target"],
                    r["actual"],
                    r["reported_pct"],
                    r["locator"],
                )
            )
        return checks

    def _totals_checks(self) -> list[dict]:
        checks: list[dict] = []
        # "інше" (other) covers every funding kind that no sibling total names
        named = {t["scope"] for t in self._total_records} - {None, "other"}
        for t in self._total_records:
            scope = t["scope"]
            rows = [
                r
                for r in self._measure_records
                if scope is None
                or r["funding_kind"] == scope
                or (scope == "other" and r["funding_kind"] not in named)
            ]
            for column, key in (
                ("planned_thousand_uah", "planned"),
                ("actual_thousand_uah", "actual"),
            ):
                printed = t[key]
                if printed is None:
                    continue
                values = [r[key] for r in rows if r[key] is not None]
                recomputed = sum(values, Decimal(0))
                diff = printed - recomputed
                checks.append(
                    {
                        "total": t["label"],
                        "column": column,
                        "printed": printed,
                        "recomputed": recomputed,
                        "difference": diff,
                        "rows_summed": len(values),
                        "ok": abs(diff) <= half_unit(t[f"{key}_decimals"]),
                        "locator": t["locator"],
                    }
                )
        checks.extend(self._cost_indicator_checks())
        return checks

    def _cost_indicator_checks(self) -> list[dict]:
        """Cost indicators in thousand UAH whose name says "всього" against the grand total."""
        grand = next((t for t in self._total_records if t["scope"] is None), None)
        if grand is None:
            return []
        checks = []
        for r in self._indicator_records:
            if not (
                r["group"] == "cost"
                and r["unit"] == "thousand_uah"
                and "всього" in r["indicator"].casefold()
            ):
                continue
            for column, key, target_key in (
                ("target", "planned", "target"),
                ("actual", "actual", "actual"),
            ):
                printed, recomputed = r[target_key], grand[key]
                if printed is None or recomputed is None:
                    continue
                diff = printed - recomputed
                checks.append(
                    {
                        "total": f"{r['group']} indicator {r['row_no']} = «{grand['label']}»",
                        "column": column,
                        "printed": printed,
                        "recomputed": recomputed,
                        "difference": diff,
                        "rows_summed": 1,
                        "ok": abs(diff) <= half_unit(r[f"{target_key}_decimals"]),
                        "locator": r["locator"],
                    }
                )
        return checks
