"""The program-report extractor over the real Bakhmut 2019 report (figures checked by hand)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from promis_analytics.extract import ProgramReport, program_report


@pytest.fixture(scope="module")
def report(seeds_dir: Path) -> ProgramReport:
    return program_report(seeds_dir / "bakhmut_program_report_2019.txt")


def test_header(report: ProgramReport) -> None:
    assert report.source == "bakhmut_program_report_2019"
    assert report.period == "2019"
    assert report.program_term == "2017-2020"
    assert report.program.startswith("Цільова програма сприяння розвитку")
    assert report.program.endswith("на 2017-2020 роки")


def test_measures(report: ProgramReport) -> None:
    m = report.measures
    # 22 measures in 5 tasks; 4.2 is financed from two sources and gives two rows
    assert len(m) == 23
    assert m["measure_no"].nunique() == 22
    assert list(m.groupby("task_no")["measure_no"].nunique()) == [6, 3, 5, 4, 4]
    assert list(m.loc[m["measure_no"] == "4.2", "funding_source"]) == [
        "Міський бюджет",
        "Інші джерела",
    ]
    # 11 rows carry money (8 city budget, 3 other sources)
    assert m["planned_thousand_uah"].notna().sum() == 11


@pytest.mark.parametrize(
    ("measure_no", "planned", "actual", "pct"),
    [
        ("1.2", 7.0, 7.0, 100.0),
        ("1.6", 20.0, 22.0, 110.0),
        ("3.3", 512.0, 512.0, 100.0),  # actual printed "512,"
        ("3.4", 140.0, 109.5, 78.2),
        ("3.5", 120.0, 120.0, 100.0),
        ("4.1", 5.0, 7.0, 140.0),
        ("5.1", 55.0, 55.0, 100.0),
        ("5.2", 0.5, 0.5, 100.0),
        ("5.3", 1.5, 1.5, 100.0),
    ],
)
def test_measure_amounts(
    report: ProgramReport, measure_no: str, planned: float, actual: float, pct: float
) -> None:
    r = report.measures[report.measures["measure_no"] == measure_no].iloc[0]
    assert (r["planned_thousand_uah"], r["actual_thousand_uah"], r["reported_pct"]) == (
        planned,
        actual,
        pct,
    )


def test_measures_without_money_have_no_amounts(report: ProgramReport) -> None:
    m = report.measures
    no_money = m[m["planned_thousand_uah"].isna()]
    assert list(no_money["measure_no"]) == [
        "1.1", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.1", "3.2", "4.3", "4.4", "5.4",
    ]  # fmt: skip
    assert no_money["reported_pct"].isna().all()


def test_indicator_groups(report: ProgramReport) -> None:
    ind = report.indicators
    assert ind["group"].value_counts().to_dict() == {
        "product": 12,
        "efficiency": 4,
        "quality": 3,
        "cost": 1,
    }
    assert set(ind["program"]) == {report.program}
    assert set(ind["source"]) == {"bakhmut_program_report_2019"}
    assert ind["baseline"].isna().all()


@pytest.mark.parametrize(
    ("group", "position", "name_start", "unit", "target", "actual", "pct"),
    [
        ("cost", 0, "Обсяг ресурсів", "thousand_uah", 865.0, 838.5, 97.0),
        ("product", 0, "Кількість громадян", "count", 500.0, 462.0, 92.5),
        ("product", 1, "Кількість проектів", "count", 60.0, 44.0, 66.7),
        ("product", 6, "Кількість поклеєних", "count", None, 12.0, 120.0),
        ("product", 11, "Кількість культурологічних", "count", 30.0, 35.0, 116.0),
        ("efficiency", 0, "Кількість членів", "count", 4000.0, 2500.0, 62.5),
        ("efficiency", 3, "Кількість громадян", "count", 7000.0, 7000.0, 100.0),
        ("quality", 2, "Кількість представників", "count", 35.0, 30.0, 85.0),
    ],
)
def test_indicators(
    report: ProgramReport,
    group: str,
    position: int,
    name_start: str,
    unit: str,
    target: float | None,
    actual: float,
    pct: float,
) -> None:
    r = report.indicators[report.indicators["group"] == group].iloc[position]
    assert r["indicator"].startswith(name_start)
    assert r["unit"] == unit
    assert pd.isna(r["target"]) if target is None else r["target"] == target
    assert (r["actual"], r["reported_pct"]) == (actual, pct)
    assert r["locator"].startswith(f"table 2, {group} indicator {position + 1} (line ")


# Every printed percent at its printed precision, worked out by hand from the report:
# (row, printed, recomputed to 0.01). Neither rounding nor cutting gives the print:
PERCENT_MISMATCHES = [
    ("total «Всього»", 97.0, 96.94),  # 838,5 / 865,0: 96,9 at one decimal
    ("overall execution", 97.0, 96.94),  # section 3 prose, against «Всього»
    ("cost 1", 97.0, 96.94),
    ("product 1", 92.5, 92.4),  # 462 / 500 = 92,4 exactly
    ("product 2", 66.7, 73.33),  # 44 / 60
]
# cut, not rounded — each an audit item of its own
PERCENT_TRUNCATED = [
    ("total «у тому числі міський бюджет»", 96.3, 96.36),  # 807,5 / 838,0
    ("product 12", 116.0, 116.67),  # 35 / 30
    ("quality 3", 85.0, 85.71),  # 30 / 35
]
PERCENT_ROUNDED = [("total «інше»", 115.0, 114.81)]  # 31,0 / 27,0
PERCENT_WITHOUT_PLAN = [("product 5", 0.0), ("product 6", 0.0), ("product 7", 120.0)]


def _rows(pc: pd.DataFrame, status: str) -> list[tuple]:
    hit = pc[pc["status"] == status]
    if status == "no_plan":
        return list(zip(hit["row"], hit["reported_pct"], strict=True))
    return list(zip(hit["row"], hit["reported_pct"], hit["recomputed_pct"], strict=True))


def test_every_percent_that_does_not_follow(report: ProgramReport) -> None:
    pc = report.percent_check
    assert _rows(pc, "mismatch") == PERCENT_MISMATCHES
    assert _rows(pc, "truncated") == PERCENT_TRUNCATED
    assert _rows(pc, "rounded") == PERCENT_ROUNDED
    assert _rows(pc, "no_plan") == PERCENT_WITHOUT_PLAN
    assert _rows(pc, "no_actual") == []
    # the remaining printed percents follow at their precision: rounded and cut agree
    assert (pc["status"] == "ok").sum() == 22
    assert len(pc) == 34
    overall = pc[pc["table"] == "assessment"].iloc[0]
    assert overall["locator"] == "section 3 (line 507)"


def test_audit_severities(report: ProgramReport) -> None:
    findings = report.audit()
    errors = [f for f in findings if f.severity == "error"]
    assert [(f.kind, f.locator) for f in errors] == [
        ("percent_mismatch", "table 1, total «Всього» (line 308)"),
        ("percent_mismatch", "section 3 (line 507)"),
        ("percent_mismatch", "table 2, cost indicator 1 (line 350)"),
        ("percent_mismatch", "table 2, product indicator 1 (line 361)"),
        ("percent_mismatch", "table 2, product indicator 2 (line 368)"),
    ]
    warnings = [(f.kind, f.locator) for f in findings if f.severity == "warning"]
    assert [w for w in warnings if w[0] != "text_table_mismatch"] == [
        ("percent_truncated", "table 1, total «у тому числі міський бюджет» (line 314)"),
        ("percent_without_plan", "table 2, product indicator 5 (line 389)"),
        ("percent_without_plan", "table 2, product indicator 6 (line 396)"),
        ("percent_without_plan", "table 2, product indicator 7 (line 403)"),
        ("percent_truncated", "table 2, product indicator 12 (line 438)"),
        ("percent_truncated", "table 2, quality indicator 3 (line 495)"),
    ]
    # the text against the tables: at least 11 of its 12 contradictions
    # (issue 26; tests/audit_truth)
    assert len([w for w in warnings if w[0] == "text_table_mismatch"]) >= 11
    truncated = [f.message for f in findings if f.kind == "percent_truncated"]
    assert ["96.4" in truncated[0], "117" in truncated[1], "86" in truncated[2]] == [True] * 3
    # 115 for 31,0 ÷ 27,0 = 114,81… is correctly rounded: never flagged
    assert not [f for f in findings if "(line 320)" in f.locator and f.kind.startswith("percent")]
    malformed = [f for f in findings if f.kind == "malformed_number"]
    assert [(f.severity, f.locator) for f in malformed] == [
        ("note", "table 1, measure 3.3 (line 163), actual line 168")
    ]
    assert not [f for f in findings if f.kind in {"unexpected_cell", "unreadable_number"}]


# Totals that add up, checked by hand: (total, column, printed, rows summed).
TOTALS = [
    ("Всього", "planned_thousand_uah", 865.0, 11),
    ("Всього", "actual_thousand_uah", 838.5, 11),
    ("у тому числі міський бюджет", "planned_thousand_uah", 838.0, 8),
    ("у тому числі міський бюджет", "actual_thousand_uah", 807.5, 8),
    ("інше", "planned_thousand_uah", 27.0, 3),
    ("інше", "actual_thousand_uah", 31.0, 3),
    ("cost indicator 1 = «Всього»", "target", 865.0, 1),
    ("cost indicator 1 = «Всього»", "actual", 838.5, 1),
]


def test_totals_add_up(report: ProgramReport) -> None:
    tc = report.totals_check
    assert list(zip(tc["total"], tc["column"], tc["printed"], tc["rows_summed"], strict=True)) == (
        TOTALS
    )
    assert (tc["printed"] == tc["recomputed"]).all()
    assert tc["ok"].all()
    confirmed = [f for f in report.audit() if f.kind == "total_confirmed"]
    assert len(confirmed) == len(TOTALS)
    assert not [f for f in report.audit() if f.kind == "total_mismatch"]


def test_committed_register_is_what_the_command_writes(seeds_dir: Path, tmp_path: Path) -> None:
    """data/raw/indicators.csv is the output of `promis extract program-report`, with only
    the English names (``indicator_en``, our translation) filled in by hand."""
    import csv

    from click.testing import CliRunner

    from promis_analytics import paths
    from promis_analytics.cli import cli

    out = tmp_path / "indicators.csv"
    seed = seeds_dir / "bakhmut_program_report_2019.txt"
    result = CliRunner().invoke(cli, ["extract", "program-report", str(seed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    committed = list(csv.DictReader((paths.raw_dir() / "indicators.csv").open(encoding="utf-8")))
    assert all(r["indicator_en"] == "" for r in written)
    assert all(r["indicator_en"].strip() for r in committed)
    assert [{**r, "indicator_en": ""} for r in committed] == written


def test_text_contradicts_table(report: ProgramReport) -> None:
    """The explanatory text of measure 4.2 says 8 youth forums; the indicator table gives 2."""
    (f,) = [
        f
        for f in report.audit()
        if f.kind == "text_table_mismatch" and f.locator.startswith("table 1, measure 4.2")
    ]
    assert f.locator.startswith("table 1, measure 4.2 (line 216")
    assert "states 8" in f.message and "gives 2" in f.message
    assert "table 2, product indicator 8 (line " in f.message
    assert "молодіжних форумів" in f.message
