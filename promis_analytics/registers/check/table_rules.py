"""Checks across rows of a register (the results framework's), named in ``Schema.rules``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from promis_analytics.registers.check.columnar import RowsResult
from promis_analytics.registers.io.reader import column_letter
from promis_analytics.registers.schema.report import WARNING, Entry, ValidationReport
from promis_analytics.registers.schema.schemas import Schema

__all__ = ["QUANTITATIVE", "RULES", "Table", "run_rules"]

#: Measures whose values are numbers a baseline and a target apply to.
QUANTITATIVE = ("unit", "percentage")


@dataclass(frozen=True)
class Table:
    """What a rule sees: typed values per column and data row, Excel row numbers, and where
    each column is (header as written, letter)."""

    result: RowsResult
    numbers: list[int]
    schema: Schema
    index_of: dict[str, int]
    written: dict[int, str]
    report: ValidationReport

    def value(self, column: str, p: int) -> Any:
        values = self.result.typed.get(column)
        return None if values is None else values[p]

    def add(self, code: str, p: int, column: str, *, reject: bool = True, **params: Any) -> Entry:
        """One entry at data row ``p`` and ``column``; an error rejects the row."""
        i = self.index_of.get(column)
        extra = {} if reject else {"severity": WARNING}
        e = self.report.add(
            code, row=self.numbers[p], column=None if i is None else self.written[i],
            column_letter=None if i is None else column_letter(i),
            value=self.value(column, p), **extra, **params,
        )  # fmt: skip
        if reject:
            self.result.errors.setdefault(p, []).append(e)
        return e

    def rows(self) -> range:
        return range(len(self.numbers))


def _percent_range(t: Table) -> None:
    """baseline, target and actual of a percentage indicator lie within 0…100."""
    for p in t.rows():
        if t.value("measure", p) != "percentage":
            continue
        for column in ("baseline", "target", "actual"):
            v = t.value(column, p)
            if v is not None and not 0 <= float(v) <= 100:
                t.add("percent_range", p, column)


def _one_per(t: Table, key: str, column: str, code: str) -> None:
    """Every row of one ``key`` gives the same ``column`` (or none): an error at each row
    that differs from the first, naming it."""
    first: dict[Any, tuple[Any, int]] = {}
    for p in t.rows():
        k, v = t.value(key, p), t.value(column, p)
        if k is None or v is None:
            continue
        if k not in first:
            first[k] = (v, t.numbers[p])
        elif v != first[k][0]:
            t.add(code, p, column, indicator=k, first=first[k][0], first_row=first[k][1])


def _one_unit(t: Table) -> None:
    """Every row of one indicator gives the same unit."""
    _one_per(t, "indicator_id", "unit", "two_units")


def _one_level(t: Table) -> None:
    """Every row of one result gives the same logic-model level (IATI: one type per result)."""
    _one_per(t, "result_id", "level", "two_levels")


def _baseline_given(t: Table) -> None:
    """A quantitative indicator gives a baseline in at least one row (a warning at its first
    row otherwise: the source may not give one, and none is invented)."""
    seen: dict[str, int] = {}
    with_baseline: set[str] = set()
    for p in t.rows():
        ind = t.value("indicator_id", p)
        if ind is None or t.value("measure", p) not in QUANTITATIVE:
            continue
        seen.setdefault(ind, p)
        if t.value("baseline", p) is not None:
            with_baseline.add(ind)
    for ind, p in seen.items():
        if ind not in with_baseline:
            t.add("no_baseline", p, "baseline", reject=False, indicator=ind)


def _sex_within_all(t: Table) -> None:
    """Per indicator, period and place of a ``unit`` indicator (counts add up; percentages do
    not): women + men ≤ all, for target and actual (a warning at the "all" row naming the
    two rows)."""
    groups: dict[tuple, dict[str, int]] = {}
    for p in t.rows():
        if t.value("measure", p) != "unit":
            continue
        key = tuple(t.value(c, p) for c in ("indicator_id", "period_start", "period_end", "place"))
        groups.setdefault(key, {})[t.value("sex", p) or "all"] = p
    for parts in groups.values():
        if not {"women", "men", "all"} <= set(parts):
            continue
        w, m, a = parts["women"], parts["men"], parts["all"]
        for column in ("target", "actual"):
            values = [t.value(column, q) for q in (w, m, a)]
            if any(v is None for v in values):
                continue
            parts_sum = float(values[0]) + float(values[1])
            if parts_sum > float(values[2]) + 1e-9:
                i = t.index_of.get(column)
                t.add("sex_above_all", a, column, reject=False, women_row=t.numbers[w],
                      men_row=t.numbers[m], parts=f"{parts_sum:g}",
                      total=f"{float(values[2]):g}",
                      what=column if i is None else t.written[i])  # fmt: skip


#: Rule name (``Schema.rules``) → check.
RULES: dict[str, Callable[[Table], None]] = {
    "percent_range": _percent_range,
    "one_unit": _one_unit,
    "one_level": _one_level,
    "baseline_given": _baseline_given,
    "sex_within_all": _sex_within_all,
}


def run_rules(
    result: RowsResult,
    numbers: list[int],
    schema: Schema,
    colmap: dict[int, str],
    written: dict[int, str],
    report: ValidationReport,
) -> None:
    """Run the schema's ``rules`` on the checked rows (their problems join ``report``)."""
    if not schema.rules:
        return
    index_of = {col: i for i, col in colmap.items()}
    table = Table(result, numbers, schema, index_of, written, report)
    for name in schema.rules:
        RULES[name](table)
