"""Every printed percent recomputed, and each wrong one classified: one item per cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promis_analytics.extract.program_report.model import ProgramReport

__all__ = ["PercentError", "percent_errors"]

_LINE = re.compile(r"\(line (\d+)")
# a number of a comment, thousands grouped by spaces or not («6 500», «6500», «12,5»)
_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?(?![\d.,]*\d)")


@dataclass(frozen=True)
class PercentError:
    """One printed percent that is not actual ÷ planned × 100 rounded half up at its printed
    precision. ``kind``: truncated (cut instead of rounded: 116,67 → 116), other_base
    (actual ÷ another figure of the row or the table's total, or another figure ÷ planned,
    gives the print: ``detail`` names it), no_plan (a percent printed where the plan is empty
    or 0 and something was done), no_actual (a non-zero percent where the actual is empty),
    wrong (none of these; ``detail`` says when it is the whole-percent rounding printed with
    decimals: 96,94 → «97,0»). ``recomputed`` is None when it cannot be computed."""

    kind: str
    row: str
    printed: Decimal
    recomputed: Decimal | None
    planned: Decimal | None
    actual: Decimal | None
    detail: str
    line: int
    locator: str


def percent_errors(report: ProgramReport) -> list[PercentError]:
    """The wrong percents of the report, in reading order (table 1, assessment, table 2).

    Reuses the report's percent checks (``checks.percent_at_precision``): ok and rounded
    are correct; truncated is an error whatever the report's habit; mismatch is other_base
    when a base is found, else wrong; a 0 printed where nothing was planned nor done is no
    error."""
    out = []
    for c in report._percent_checks():
        kind, base = _classify(c, _bases(report, c))
        if kind:
            m = _LINE.search(c["locator"])
            out.append(
                PercentError(
                    kind=kind,
                    row=c["row"],
                    printed=c["reported_pct"],
                    recomputed=c["recomputed_pct"],
                    planned=c["planned"],
                    actual=c["actual"],
                    detail=base,
                    line=int(m.group(1)) if m else 0,
                    locator=c["locator"],
                )
            )
    return out


def _classify(c: dict, bases: list[tuple[str, Decimal, str]]) -> tuple[str, str]:
    status, printed = c["status"], c["reported_pct"]
    if status in {"ok", "rounded"}:
        return "", ""
    if status == "truncated":
        return "truncated", ""
    if status == "no_plan":
        return ("", "") if c["actual"] in (None, 0) and printed == 0 else ("no_plan", "")
    if status == "no_actual":
        return ("", "") if printed == 0 else ("no_actual", "")
    step = _step(printed)
    for how, figure, label in bases:
        if figure == 0:
            continue
        value = (c["actual"] / figure if how == "over" else figure / c["planned"]) * 100
        if value.quantize(step, ROUND_HALF_UP) == printed:
            return "other_base", label
    if (
        c["recomputed_pct"] is not None
        and c["recomputed_pct"].quantize(Decimal(1), ROUND_HALF_UP) == printed
    ):
        return "wrong", "rounded to a whole percent but printed with decimals"
    return "wrong", ""


def _step(printed: Decimal) -> Decimal:
    exponent = printed.as_tuple().exponent
    return Decimal(1).scaleb(min(int(exponent), 0)) if isinstance(exponent, int) else Decimal(1)


def _bases(report: ProgramReport, c: dict) -> list[tuple[str, Decimal, str]]:
    """Other figures a percent may have been computed against: the report's totals and the
    numbers in the row's comment, as actual ÷ figure ("over") or figure ÷ planned
    ("under")."""
    if c["actual"] is None or not c["planned"]:
        return []
    out: list[tuple[str, Decimal, str]] = []
    for t in report._total_records:
        for key in ("planned", "actual"):
            if t[key] is not None and t[key] != c["planned"]:
                out.append(("over", t[key], f"actual ÷ «{t['label']}» {key} {t[key]}"))
    for number in _comment_numbers(report, c["locator"]):
        out.append(("over", number, f"actual ÷ {number} (the row's comment)"))
        out.append(("under", number, f"{number} (the row's comment) ÷ planned"))
    return out


def _comment_numbers(report: ProgramReport, locator: str) -> list[Decimal]:
    records = [*report._indicator_records, *report._measure_records]
    comment = next((r["comment"] for r in records if r["locator"] == locator), "")
    return [
        Decimal(re.sub(r"[ \u00a0]", "", n).replace(",", ".")) for n in _NUMBER.findall(comment)
    ]
