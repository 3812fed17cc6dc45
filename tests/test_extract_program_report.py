"""Program-report extractor on short report texts written for these tests (same layout)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.extract import Finding, ProgramReport, program_report
from promis_analytics.extract.program_report import INDICATOR_COLUMNS, MEASURE_COLUMNS


def row(*cells: str) -> str:
    """A table row as the reports print it: every cell on a line that starts with a tab."""
    return "".join(f"\t{c}\n" for c in cells)


HEADER = (
    "ЗВІТ\n"
    "про результати виконання у 2021 році\n"
    "Міської цільової програми підтримки молоді\n"
    " на 2020-2022 роки, затвердженої рішенням міської ради від 01.02.2020 №1/2-3\n\n\n"
)

MEASURES_HEAD = "1. Виконання заходів Програми\t\n\n" + row(
    "№ з/п",
    "Пріоритетні завдання",
    "Зміст заходів",
    "Строк  виконання\nзаходу",
    "Виконавці",
    "Річний обсяг фінансування, тис. грн.",
    "Фактично\nпрофінансовано у звітному періоді,\nтис. грн.",
    "Відсоток виконання заходу, %",
    "Інформація про виконання або причини невиконання заходу",
)

INDICATORS_HEAD = "\n2.Виконання результативних показників Програми\n\n" + (
    "\t\n№\nз/п\n\t\nНайменування\nпоказника\n\t\nПланове\nзначення\n"
    "\t\nФактичне\nзначення\n\tПричини невиконання\n\tЩо зроблено\n\n"
)

TAIL = "\n\n3. Оцінка ефективності виконання Програми\n\nКороткий висновок.\n"


def report_text(measure_rows: str, totals: str = "", indicator_rows: str = "") -> str:
    return HEADER + MEASURES_HEAD + measure_rows + totals + INDICATORS_HEAD + indicator_rows + TAIL


# Two tasks, four measures: one without money, one with two funding sources.
MEASURES = (
    row("1", "Підтримка молодіжних ініціатив", "1.1. Конкурс молодіжних проєктів", "2020-2022 роки")
    + row("Управління молоді", "150,0\nМіський бюджет", "120,0\nМіський бюджет", "80")
    + row("Реалізовано 6 проєктів")
    + row("", "", "1.2.Семінари для активістів", "2021 рік", "Відділ освіти", "-", "-", "-")
    + row("Проведено 4 семінари")
    + row("2.", "Інформування громади")
    + "\n\n"
    + row("2.1. Випуск буклетів", "2020-2022 роки", "Відділ комунікацій")
    + row("10,0\nМіський бюджет\n\n5,0\nІнші джерела", "9,0\nМіський бюджет\n\n6,0\nІнші джерела")
    + row("100", "Видано 300 буклетів")
    + row("", "", "2.2 Прес-тур «Молодь міста»", "2021 рік", "Відділ комунікацій")
    + row("4\nІнші джерела", "4,\nІнші джерела", "100", "Проведено 1 прес-тур")
)

TOTALS = (
    row("Всього:", "164,0", "139,0", "84,8", "")
    + "\n"
    + row("у тому числі міський бюджет:", "160,0", "129,0", "80,6", "")
    + "\n"
    + row("                інше:", "9,0", "10,0", "111", "")
)

INDICATORS = (
    row("І. Показники витрат")
    + row("1.", "Обсяг ресурсів, всього тис.грн.", "164,0", "139,0", "84,8", "")
    + "\n\t\nІІ. Показники продукту\n\n"
    + row("1.", "Кількість семінарів", "4", "4", "100", "Проведено всі")
    + row("2.", "Кількість учасників семінарів", "80", "60", "70", "Менше заявок")
    + row("3.", "Кількість прес-турів", "-", "1", "100", "Додатковий захід")
    + "\n\t\nIII. Показники ефективності\n\n"
    + row("1.", "Середні витрати на один проєкт, тис. грн", "25,0", "20,0", "80,0", "")
    + "\n\t\nIV. Показники якості\n\n"
    + row("1", "Частка реалізованих проєктів, %", "90", "100", "111,5", "")
)


@pytest.fixture
def report() -> ProgramReport:
    return program_report(report_text(MEASURES, TOTALS, INDICATORS), source="test_report")


def test_header_program_and_period(report: ProgramReport) -> None:
    assert report.program == "Міська цільова програма підтримки молоді на 2020-2022 роки"
    assert report.period == "2021"
    assert report.program_term == "2020-2022"
    assert report.source == "test_report"


def test_measures_columns_and_rows(report: ProgramReport) -> None:
    m = report.measures
    assert list(m.columns) == list(MEASURE_COLUMNS)
    # 2.1 has two funding sources → two rows
    assert list(m["measure_no"]) == ["1.1", "1.2", "2.1", "2.1", "2.2"]
    assert list(m["task_no"]) == ["1", "1", "2", "2", "2"]
    assert m.loc[0, "task"] == "Підтримка молодіжних ініціатив"
    assert m.loc[1, "measure"] == "Семінари для активістів"
    assert m.loc[4, "measure"] == "Прес-тур «Молодь міста»"
    assert m.loc[1, "period"] == "2021 рік"
    assert m.loc[0, "executors"] == "Управління молоді"
    assert m.loc[0, "comment"] == "Реалізовано 6 проєктів"


@pytest.mark.parametrize(
    ("index", "planned", "actual", "funding", "pct"),
    [
        (0, 150.0, 120.0, "Міський бюджет", 80.0),
        (1, None, None, "", None),
        (2, 10.0, 9.0, "Міський бюджет", 100.0),
        (3, 5.0, 6.0, "Інші джерела", 100.0),
        (4, 4.0, 4.0, "Інші джерела", 100.0),
    ],
)
def test_measure_amounts(
    report: ProgramReport,
    index: int,
    planned: float | None,
    actual: float | None,
    funding: str,
    pct: float | None,
) -> None:
    r = report.measures.loc[index]
    for column, expected in (
        ("planned_thousand_uah", planned),
        ("actual_thousand_uah", actual),
        ("reported_pct", pct),
    ):
        if expected is None:
            assert pd.isna(r[column]), column
        else:
            assert r[column] == expected, column
    assert r["funding_source"] == funding


def test_indicators_are_register_rows(report: ProgramReport) -> None:
    ind = report.indicators
    assert list(ind.columns) == list(INDICATOR_COLUMNS)
    assert list(ind["group"]) == ["cost", "product", "product", "product", "efficiency", "quality"]
    assert list(ind["unit"]) == [
        "thousand_uah",
        "count",
        "count",
        "count",
        "thousand_uah",
        "percent",
    ]
    assert set(ind["source"]) == {"test_report"}
    assert set(ind["period"]) == {"2021"}
    assert ind["baseline"].isna().all()
    second = ind.loc[2]
    assert (second["indicator"], second["target"], second["actual"], second["reported_pct"]) == (
        "Кількість учасників семінарів",
        80.0,
        60.0,
        70.0,
    )
    assert pd.isna(ind.loc[3, "target"])
    # the locator names the table, group, row number and the line the row starts on
    line_no = int(ind.loc[2, "locator"].rsplit("line ", 1)[1].rstrip(")"))
    assert ind.loc[2, "locator"] == f"table 2, product indicator 2 (line {line_no})"
    text_lines = report_text(MEASURES, TOTALS, INDICATORS).split("\n")
    assert text_lines[line_no - 1] == "\t2."


@pytest.mark.parametrize(
    ("row_name", "status", "recomputed"),
    [
        ("measure 1.1", "ok", 80.0),  # 120 / 150
        ("measure 2.1", "ok", 100.0),  # (9 + 6) / (10 + 5), summed over funding lines
        ("measure 2.2", "ok", 100.0),
        ("total «Всього»", "rounded", 84.76),  # 139 / 164 = 84.756…, printed 84,8
        ("total «у тому числі міський бюджет»", "ok", 80.63),  # printed 80,6: cut and rounded
        ("total «інше»", "ok", 111.11),  # printed 111: no decimals
        ("cost 1", "rounded", 84.76),
        ("product 1", "ok", 100.0),
        ("product 2", "mismatch", 75.0),  # printed 70 vs 60 / 80 = 75
        ("product 3", "no_plan", None),
        ("efficiency 1", "ok", 80.0),
        ("quality 1", "mismatch", 111.11),  # printed 111,5: neither 111,1 rounded nor cut
    ],
)
def test_percent_check(
    report: ProgramReport, row_name: str, status: str, recomputed: float | None
) -> None:
    pc = report.percent_check.set_index("row")
    assert pc.loc[row_name, "status"] == status
    if recomputed is None:
        assert pd.isna(pc.loc[row_name, "recomputed_pct"])
    else:
        assert pc.loc[row_name, "recomputed_pct"] == recomputed


def test_measures_without_percent_are_not_checked(report: ProgramReport) -> None:
    assert "measure 1.2" not in set(report.percent_check["row"])


@pytest.mark.parametrize(
    ("total", "column", "printed", "recomputed", "ok"),
    [
        ("Всього", "planned_thousand_uah", 164.0, 169.0, False),  # 150 + 10 + 5 + 4
        ("Всього", "actual_thousand_uah", 139.0, 139.0, True),
        ("у тому числі міський бюджет", "planned_thousand_uah", 160.0, 160.0, True),
        ("у тому числі міський бюджет", "actual_thousand_uah", 129.0, 129.0, True),
        ("інше", "planned_thousand_uah", 9.0, 9.0, True),
        ("інше", "actual_thousand_uah", 10.0, 10.0, True),
        ("cost indicator 1 = «Всього»", "target", 164.0, 164.0, True),
    ],
)
def test_totals_check(
    report: ProgramReport, total: str, column: str, printed: float, recomputed: float, ok: bool
) -> None:
    tc = report.totals_check
    hit = tc[(tc["total"] == total) & (tc["column"] == column)]
    assert len(hit) == 1
    assert hit.iloc[0]["printed"] == printed
    assert hit.iloc[0]["recomputed"] == recomputed
    assert bool(hit.iloc[0]["ok"]) is ok


def test_audit_findings(report: ProgramReport) -> None:
    findings = report.audit()
    assert all(isinstance(f, Finding) for f in findings)
    by_kind: dict[str, list[Finding]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f)
    assert [f.severity for f in by_kind["percent_mismatch"]] == ["error", "error"]
    assert "product 2" in by_kind["percent_mismatch"][0].message
    assert "quality 1" in by_kind["percent_mismatch"][1].message
    assert "75.00%" in by_kind["percent_mismatch"][0].message
    assert [f.message.split(":")[0] for f in by_kind["percent_without_plan"]] == ["product 3"]
    assert by_kind["percent_without_plan"][0].severity == "warning"
    # correctly rounded percents (total «Всього», cost 1: 84,8 for 84,756…) are never flagged
    assert "percent_convention" not in by_kind and "percent_truncated" not in by_kind
    assert not [f for f in findings if "84.8" in f.message]
    assert len(by_kind["total_mismatch"]) == 1
    assert by_kind["total_mismatch"][0].severity == "error"
    assert "169" in by_kind["total_mismatch"][0].message
    assert len(by_kind["total_confirmed"]) == 7
    # "4," is read as 4 and reported
    assert [f.severity for f in by_kind["malformed_number"]] == ["note"]
    assert "measure 2.2" in by_kind["malformed_number"][0].locator


def test_audit_frame_has_finding_columns(report: ProgramReport) -> None:
    frame = report.audit_frame()
    assert list(frame.columns) == ["kind", "severity", "message", "locator"]
    assert len(frame) == len(report.audit())


@pytest.mark.parametrize(
    ("planned", "actual", "printed", "kind", "severity"),
    [
        ("200,0", "150,0", "75", None, None),
        ("200,0", "150,0", "75,9", "percent_mismatch", "error"),  # 75,0 at one decimal
        ("200,0", "150,0", "76", "percent_mismatch", "error"),
        ("300,0", "200,0", "66,7", None, None),  # 66,666…: correctly rounded, never flagged
        ("300,0", "200,0", "66,6", "percent_truncated", "warning"),  # cut: an item of its own
        ("27,0", "31,0", "115", None, None),  # 114,81… rounded: not flagged
        ("838,0", "807,5", "96,3", "percent_truncated", "warning"),  # 96,36…: cut
        ("865,0", "838,5", "97,0", "percent_mismatch", "error"),  # 96,94…: neither
        ("300,0", "200,0", "66,8", "percent_mismatch", "error"),
        ("200,0", "150,0", "76,1", "percent_mismatch", "error"),
        ("200,0", "150,0", "50", "percent_mismatch", "error"),
        ("0", "10,0", "100", "percent_without_plan", "warning"),
        ("-", "10,0", "100", "percent_without_plan", "warning"),
        ("30,0", "-", "0", "percent_without_actual", "warning"),
    ],
)
def test_percent_rules(
    planned: str, actual: str, printed: str, kind: str | None, severity: str | None
) -> None:
    measures = row("1", "Завдання", "1.1. Захід", "2021 рік", "Відділ") + row(
        f"{planned}\nМіський бюджет", f"{actual}\nМіський бюджет", printed, "Коментар"
    )
    rep = program_report(report_text(measures))
    percent_findings = [f for f in rep.audit() if f.kind.startswith("percent_")]
    if kind is None:
        assert percent_findings == []
    else:
        assert [(f.kind, f.severity) for f in percent_findings] == [(kind, severity)]
        assert percent_findings[0].locator.startswith("table 1, measure 1.1")


def test_unreadable_number_is_an_error_and_left_empty() -> None:
    measures = row("1", "Завдання", "1.1. Захід", "2021 рік", "Відділ") + row(
        "сто\nМіський бюджет", "90,0\nМіський бюджет", "90", "Коментар"
    )
    rep = program_report(report_text(measures))
    assert pd.isna(rep.measures.loc[0, "planned_thousand_uah"])
    bad = [f for f in rep.audit() if f.kind == "unreadable_number"]
    assert len(bad) == 1
    assert bad[0].severity == "error"
    assert "'сто'" in bad[0].message


def test_stray_cell_is_reported_not_dropped_silently() -> None:
    measures = row("1", "Завдання", "1.1. Захід", "2021 рік", "Відділ") + row(
        "5,0\nМіський бюджет", "5,0\nМіський бюджет", "100", "Коментар", "зайва клітинка"
    )
    rep = program_report(report_text(measures))
    stray = [f for f in rep.audit() if f.kind == "unexpected_cell"]
    assert len(stray) == 1
    assert "зайва клітинка" in stray[0].message


def test_text_without_tables_raises_with_what_was_expected() -> None:
    with pytest.raises(ValueError, match="Виконання заходів"):
        program_report("ЗВІТ\nпро щось інше\n\nбез таблиць\n")


def test_missing_file_names_the_path(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.txt"):
        program_report(tmp_path / "nope.txt")


def test_reads_a_file_and_names_source_after_it(tmp_path) -> None:
    path = tmp_path / "kremenchuk_youth_2021.txt"
    path.write_text(report_text(MEASURES, TOTALS, INDICATORS), encoding="utf-8")
    rep = program_report(path)
    assert rep.source == "kremenchuk_youth_2021"
    assert set(rep.indicators["source"]) == {"kremenchuk_youth_2021"}
    assert len(rep.measures) == 5


def test_windows_line_ends_and_no_break_spaces_read_the_same() -> None:
    text = report_text(MEASURES, TOTALS, INDICATORS)
    variant = text.replace("\n", "\r\n").replace("1.1. Конкурс", "1.1.\u00a0Конкурс")
    a = program_report(text)
    b = program_report(variant)
    pd.testing.assert_frame_equal(a.measures, b.measures)
    pd.testing.assert_frame_equal(a.indicators, b.indicators)


amounts = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("9999.9"), places=1)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=6))
def test_property_consistent_report_has_no_errors(pairs: list[tuple[Decimal, Decimal]]) -> None:
    """A report whose percents are rounded from its own figures and whose total is the sum
    of its rows gets no error: every percent is ok or rounded, every total adds up."""

    def uk(d: Decimal) -> str:
        return str(d).replace(".", ",")

    measures = row("1", "Завдання")
    for k, (planned, actual) in enumerate(pairs, start=1):
        pct = (actual / planned * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        measures += row(f"1.{k}. Захід {k}", "2021 рік", "Відділ")
        measures += row(f"{uk(planned)}\nМіський бюджет", f"{uk(actual)}\nМіський бюджет")
        measures += row(uk(pct), "Коментар") + row("", "")
    total_planned = sum((p for p, _ in pairs), Decimal(0))
    total_actual = sum((a for _, a in pairs), Decimal(0))
    totals = row("Всього:", uk(total_planned), uk(total_actual), "", "")
    rep = program_report(report_text(measures, totals))
    assert len(rep.measures) == len(pairs)
    assert list(rep.measures["planned_thousand_uah"]) == [float(p) for p, _ in pairs]
    assert set(rep.percent_check["status"]) <= {"ok", "rounded"}
    assert (rep.percent_check["difference_pp"].abs() <= 0.05).all()
    assert rep.totals_check["ok"].all()
    assert len(rep.totals_check) == 2
    assert not [f for f in rep.audit() if f.severity == "error"]


def test_cli_extract_writes_the_indicators_register(tmp_path) -> None:
    from click.testing import CliRunner

    from promis_analytics.cli import cli

    path = tmp_path / "kremenchuk_youth_2021.txt"
    path.write_text(report_text(MEASURES, TOTALS, INDICATORS), encoding="utf-8")
    out = tmp_path / "indicators.csv"
    measures_out = tmp_path / "measures.csv"
    result = CliRunner().invoke(
        cli,
        ["extract", "program-report", str(path), "-o", str(out), "--measures", str(measures_out)],
    )
    assert result.exit_code == 0, result.output
    assert "3 errors, 1 warnings, 1 notes; totals adding up 7/8" in result.output
    written = pd.read_csv(out, dtype={"period": str})
    assert list(written.columns) == list(INDICATOR_COLUMNS)
    assert len(written) == 6
    assert list(written["target"].head(3)) == [164.0, 4.0, 80.0]
    assert written.loc[3, "target"] != written.loc[3, "target"]  # "-" stays empty (NaN)
    assert set(written["period"]) == {"2021"}
    assert set(written["source"]) == {"kremenchuk_youth_2021"}
    # the printed precision travels with the register: «84,8» one decimal, «100» none
    assert list(written["reported_decimals"].head(2)) == [1, 0]
    measures = pd.read_csv(measures_out)
    assert list(measures.columns) == list(MEASURE_COLUMNS)
    assert len(measures) == 5


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Ефективність виконання Програми за 2021 рік складає 90 %.", "mismatch"),
        ("Ефективність виконання заходів становить 84,8%.", "rounded"),
    ],
)
def test_overall_percent_in_the_assessment_prose(sentence: str, status: str) -> None:
    text = report_text(MEASURES, TOTALS, INDICATORS).replace("Короткий висновок.", sentence)
    pc = program_report(text).percent_check
    overall = pc[pc["table"] == "assessment"]
    assert list(overall["status"]) == [status]
    assert overall.iloc[0]["recomputed_pct"] == 84.76  # 139,0 / 164,0 from «Всього»
    assert overall.iloc[0]["locator"].startswith("section 3 (line ")


def test_no_assessment_percent_no_check(report: ProgramReport) -> None:
    assert "assessment" not in set(report.percent_check["table"])


@pytest.mark.parametrize(
    ("planned", "actual", "expected", "warned"),
    [
        # sources in a different order: paired by name
        (
            "3,0\nМіський бюджет\n\n1,0\nІнші джерела",
            "1,5\nІнші джерела\n\n2,5\nміський бюджет",
            [(3.0, 2.5, "Міський бюджет"), (1.0, 1.5, "Інші джерела")],
            False,
        ),
        # nothing financed at all
        (
            "3,0\nМіський бюджет\n\n1,0\nІнші джерела",
            "-",
            [(3.0, None, "Міський бюджет"), (1.0, None, "Інші джерела")],
            False,
        ),
        # an actual source that was not planned keeps its own row and is reported
        (
            "3,0\nМіський бюджет",
            "3,0\nМіський бюджет\n\n0,5\nОбласний бюджет",
            [(3.0, 3.0, "Міський бюджет"), (None, 0.5, "Обласний бюджет")],
            True,
        ),
    ],
)
def test_funding_lines_pair_by_source(
    planned: str, actual: str, expected: list[tuple], warned: bool
) -> None:
    measures = row("1", "Завдання", "1.1. Захід", "2021 рік", "Відділ") + row(
        planned, actual, "100", "Коментар"
    )
    rep = program_report(report_text(measures))
    got = [
        (
            None if pd.isna(p) else p,
            None if pd.isna(a) else a,
            src,
        )
        for p, a, src in zip(
            rep.measures["planned_thousand_uah"],
            rep.measures["actual_thousand_uah"],
            rep.measures["funding_source"],
            strict=True,
        )
    ]
    assert got == expected
    assert any(f.kind == "funding_split_mismatch" for f in rep.audit()) is warned


def test_other_total_covers_every_source_not_named_by_a_sibling_total() -> None:
    measures = (
        row("1", "Завдання", "1.1. Захід", "2021 рік", "Відділ")
        + row("10,0\nМіський бюджет", "10,0\nМіський бюджет", "100", "")
        + row("", "", "1.2. Захід", "2021 рік", "Відділ")
        + row("4,0\nОбласний бюджет", "4,0\nОбласний бюджет", "100", "")
        + row("", "", "1.3. Захід", "2021 рік", "Відділ")
        + row("1,0\nКошти донорів", "1,0\nКошти донорів", "100", "")
    )
    totals = row("Всього:", "15,0", "15,0", "100", "") + row(
        "у тому числі міський бюджет:", "10,0", "10,0", "100", ""
    )
    totals += row("інше:", "5,0", "5,0", "100", "")
    tc = program_report(report_text(measures, totals)).totals_check
    other = tc[tc["total"] == "інше"]
    assert list(other["rows_summed"]) == [2, 2]  # regional budget + donors
    assert other["ok"].all()


def test_numbering_slips_are_reported() -> None:
    measures = row("1", "Завдання", "2.1. Захід не того завдання", "2021 рік", "Відділ") + row(
        "1,0\nМіський бюджет", "1,0\nМіський бюджет", "100", ""
    )
    indicators = row("ІІ. Показники продукту") + row(
        "1.", "Кількість семінарів", "4", "4", "100", ""
    )
    indicators += row("3.", "Кількість буклетів", "10", "10", "100", "")
    findings = program_report(report_text(measures, "", indicators)).audit()
    kinds = {f.kind: f for f in findings}
    assert "under task 1" in kinds["measure_outside_task"].message
    assert "numbered 3 where 2 was expected" in kinds["row_sequence"].message
    assert kinds["row_sequence"].locator.startswith("table 2, product indicator 3")


def test_clean_tables_have_no_reading_findings(report: ProgramReport) -> None:
    reading = {"row_sequence", "measure_outside_task", "unexpected_cell", "no_group"}
    assert not [f for f in report.audit() if f.kind in reading]


@pytest.mark.parametrize(
    ("stated", "kinds"),
    [
        ("Видано 300 інформаційних буклетів", []),  # agrees with the table
        ("Видано 350 інформаційних буклетів", ["text_table_mismatch"]),
        ("Видано 350 буклетів", ["text_table_mismatch"]),  # a single noun is compared too
    ],
)
def test_text_against_the_indicator_table(stated: str, kinds: list[str]) -> None:
    """The measure's text states a count; the indicator table gives the actual value."""
    measures = MEASURES.replace("Видано 300 буклетів", stated)
    indicators = INDICATORS.replace(
        row("3.", "Кількість прес-турів", "-", "1", "100", "Додатковий захід"),
        row("3.", "Кількість прес-турів", "-", "1", "100", "Додатковий захід")
        + row("4.", "Кількість виданих інформаційних буклетів, од.", "300", "300", "100", ""),
    )
    rep = program_report(report_text(measures, TOTALS, indicators))
    found = [f for f in rep.audit() if f.kind == "text_table_mismatch"]
    assert [f.kind for f in found] == kinds
    if found:
        assert found[0].locator.startswith("table 1, measure 2.1")
        assert "states 350" in found[0].message and "gives 300" in found[0].message
        assert "table 2, product indicator 4" in found[0].message


@given(
    planned=st.integers(min_value=1, max_value=100_000),
    actual=st.integers(min_value=0, max_value=200_000),
    decimals=st.integers(min_value=0, max_value=2),
)
def test_a_correctly_rounded_percent_is_never_flagged(planned, actual, decimals) -> None:
    """Rounded half up at any precision: ok or rounded, never an item; cut: ok or truncated."""
    from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

    from promis_analytics.extract.program_report import FLAGGED_VERDICTS, percent_at_precision

    exact = Decimal(actual) / Decimal(planned) * 100
    step = Decimal(1).scaleb(-decimals)
    rounded, _, _ = percent_at_precision(
        Decimal(planned), Decimal(actual), exact.quantize(step, ROUND_HALF_UP)
    )
    assert rounded in ("ok", "rounded") and rounded not in FLAGGED_VERDICTS
    cut, _, _ = percent_at_precision(
        Decimal(planned), Decimal(actual), exact.quantize(step, ROUND_DOWN)
    )
    assert cut in ("ok", "truncated")
    assert (rounded == "ok") == (cut == "ok")  # the two agree exactly when nothing is lost
